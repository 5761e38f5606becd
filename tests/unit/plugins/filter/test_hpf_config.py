# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.hpf_config filter."""

from __future__ import annotations

import pathlib

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.hpf_config import FilterModule, hpf_config

FIXTURES = pathlib.Path(__file__).parents[1] / "module_utils" / "fixtures" / "hpf"


def test_filter_is_registered():
    assert FilterModule().filters() == {"hpf_config": hpf_config}


def test_hpf_config_renders_the_golden_file(example_model):
    environments = example_model["vars"]["divalto_environments"]
    records = [
        environments[key] for key in sorted(environments) if environments[key]["placement"]["pool"] == "app-par1-a"
    ]
    golden = (FIXTURES / "app-par1-01.dhsTelnet.txt").read_text(encoding="ascii").replace("\n", "\r\n")
    assert hpf_config(records, "dhsTelnet.txt") == golden


def test_error():
    with pytest.raises(AnsibleFilterError, match="^hpf_config: file must be one of dhsServices.txt, dhsTelnet.txt"):
        hpf_config([], "dhs.cfg")
