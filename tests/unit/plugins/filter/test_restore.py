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


def test_restore_copy_moves_the_users_and_marks_each_database_of_the_request(example_model):
    environments = example_model["vars"]["divalto_environments"]
    request = {
        "source": "acme_production",
        "target": "acme_staging",
        "scope": "both",
        "point_in_time": "2026-11-17T09:30:00+00:00",
        "now": "2026-11-18T00:00:00+00:00",
        "neutralisation": {"options": [{"option": "outgoing_mail", "applied": True}]},
    }
    copy = FILTERS["restore_copy"](request, environments, "CLOUD", ["db_owner"])
    assert [s["database"] for s in copy["users"]["statements"]] == ["acme_staging_erp", "acme_staging_portal"]
    assert [s["database"] for s in copy["marker"]["statements"]] == ["acme_staging_erp", "acme_staging_portal"]
    assert copy["marker"]["text"] == (
        "copy of acme_production at 2026-11-17T09:30:00+00:00, taken 2026-11-18T00:00:00+00:00; "
        "neutralised: outgoing_mail"
    )
    files_only = FILTERS["restore_copy"](dict(request, scope="files"), environments, "CLOUD", ["db_owner"])
    assert files_only["users"]["statements"] == files_only["marker"]["statements"] == []


def test_restore_copy_errors(example_model):
    environments = example_model["vars"]["divalto_environments"]
    request = {"source": "acme_production", "target": "acme_staging", "scope": "both"}
    with pytest.raises(AnsibleFilterError, match=r"^restore_copy: sqlserver_domain: expected"):
        FILTERS["restore_copy"](request, environments, "", ["db_owner"])
    with pytest.raises(AnsibleFilterError, match=r"^restore_copy: expected the request of restore_request"):
        FILTERS["restore_copy"](None, environments, "CLOUD", ["db_owner"])
