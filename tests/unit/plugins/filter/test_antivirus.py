# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.antivirus_exclusions filter."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.antivirus import FilterModule, antivirus_exclusions


def test_filter_is_registered():
    assert FilterModule().filters() == {"antivirus_exclusions": antivirus_exclusions}


def test_antivirus_exclusions(example_model):
    machine = example_model["hosts"]["sql-par1-01"]["divalto_machine"]
    assert antivirus_exclusions(machine, sql_directories=["D:\\Data", "D:\\Log"]) == ["D:\\Data", "D:\\Log"]


def test_antivirus_exclusions_app_defaults(example_model):
    machine = example_model["hosts"]["app-sxb1-01"]["divalto_machine"]
    assert antivirus_exclusions(machine, [], service_pack_share="sp") == [
        "C:\\divalto",
        "C:\\divalto\\DivaltoLog",
        "C:\\divalto\\sys",
    ]


def test_error(example_model):
    machine = example_model["hosts"]["vault-sxb1-01"]["divalto_machine"]
    with pytest.raises(AnsibleFilterError, match="^antivirus_exclusions: machine vault-sxb1-01 runs 'linux'"):
        antivirus_exclusions(machine)
