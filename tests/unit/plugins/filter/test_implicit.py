# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.implicit_file and implicit_header filters."""

from __future__ import annotations

import base64
import pathlib

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.implicit import FilterModule, implicit_file, implicit_header

FIXTURES = pathlib.Path(__file__).parents[1] / "module_utils" / "fixtures" / "implicit"


def test_filters_are_registered():
    assert FilterModule().filters() == {"implicit_file": implicit_file, "implicit_header": implicit_header}


def test_implicit_file_renders_the_golden_file(example_model):
    record = example_model["vars"]["divalto_environments"]["dentelles_production"]
    golden = (FIXTURES / "dentelles_production.bin").read_bytes()
    assert implicit_file(record).encode("iso-8859-1") == golden
    assert implicit_file(record, current=None).encode("iso-8859-1") == golden


def test_implicit_header_reads_a_slurp_result():
    golden = (FIXTURES / "acme_testing.bin").read_bytes()
    slurped = {"content": base64.b64encode(golden).decode("ascii"), "encoding": "base64", "source": "/x"}
    assert implicit_header(slurped) == {
        "generated": True,
        "service_pack": "v2026_erpx13_p224",
        "previous": None,
        "copy": None,
        "client_lines": [],
    }


def test_implicit_file_writes_the_copy_line(example_model):
    record = example_model["vars"]["divalto_environments"]["dentelles_production"]
    assert "\r\n; Copy: copy of x at t\r\n" in implicit_file(record, copy="copy of x at t")


def test_implicit_file_error():
    with pytest.raises(AnsibleFilterError, match="^implicit_file: expected an environment record"):
        implicit_file("acme_production")


def test_implicit_header_error():
    with pytest.raises(AnsibleFilterError, match="^implicit_header: expected the text, bytes or slurp result"):
        implicit_header(3)
