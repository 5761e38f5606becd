# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the restore filters (thin wrappers: results and error conversion)."""

from __future__ import annotations

import copy

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.restore import FilterModule
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.test_restore_plan import ENVIRONMENTS

FILTERS = FilterModule().filters()
PLATFORM = {"datacenters": {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}}}
VAULTS = {"sxb1": "10.20.2.31"}


def placed():
    environments = copy.deepcopy(ENVIRONMENTS)
    for key in environments:
        environments[key]["placement"] = {"files": "fs-par1-a"}
    return environments


def test_restore_snapshot_commands():
    commands = FILTERS["restore_snapshot_commands"](
        "acme_production", placed(), PLATFORM, "fs-par1-a", "/srv/t", "linux", VAULTS
    )
    assert [c[-4:] for c in commands] == [
        ["snapshots", "--json", "--tag", "env:acme_production,set:code"],
        ["snapshots", "--json", "--tag", "env:acme_production,set:files"],
    ]
    assert commands[0][:2] == ["--repo", "sftp:bk_acme@10.20.2.31:/repos/acme_production/code"]


def test_restore_snapshot_commands_errors():
    with pytest.raises(AnsibleFilterError) as error:
        FILTERS["restore_snapshot_commands"]("nobody", placed(), PLATFORM, "fs-par1-a", "/srv/t", "linux", VAULTS)
    assert str(error.value) == "restore_snapshot_commands: environment 'nobody' is not in divalto_environments"


def test_restore_file_commands_errors():
    with pytest.raises(AnsibleFilterError) as error:
        FILTERS["restore_file_commands"](
            {"source": "nobody"}, placed(), PLATFORM, "fs-par1-a", "/srv/t", "linux", VAULTS
        )
    assert str(error.value) == "restore_file_commands: plan: its source 'nobody' is not in divalto_environments"
    with pytest.raises(AnsibleFilterError) as error:
        FILTERS["restore_file_commands"](
            {"source": "acme_production"}, placed(), {"datacenters": {}}, "fs-par1-a", "/srv/t", "linux", VAULTS
        )
    assert str(error.value).startswith("restore_file_commands: ")


def test_restore_file_commands_for_a_failover_entry():
    entry = {"key": "acme_production", "data_sets": []}
    assert FILTERS["restore_file_commands"](entry, placed(), PLATFORM, "fs-par1-a", "/srv/t", "linux", VAULTS) == {
        "safety": [],
        "restore": [],
    }


def test_restore_report():
    plan = {"target": "acme_staging", "data_sets": [], "databases": []}
    report = FILTERS["restore_report"](plan, "2026-12-05T20:15:00+00:00", "0", "", "operator")
    assert (report["status"], report["requested_by"], report["haproxy"]) == (
        "succeeded",
        {"user": "operator", "via": "controller"},
        [],
    )
    with pytest.raises(
        AnsibleFilterError, match="restore_report: plan: expected the plan of divalto.cloud.restore_plan"
    ):
        FILTERS["restore_report"]([], "", 0, None, "operator")
