# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""patching.failover over replayed outputs of roles/patching/files/*.ps1 (Windows PowerShell 5.1's JSON shapes)."""

from __future__ import annotations

import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.powershell import PowerShellResultError
from ansible_collections.divalto.cloud.plugins.module_utils.patching import failover

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "powershell"


def replay(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_one_group_comes_back_unwrapped_and_is_accepted():
    assert failover.availability_groups(replay("ag_failover_one_group.json"), "sql-par1-02") == [
        {
            "name": "ag_par1_a",
            "role": "Primary",
            "databases": [{"name": "acme_production_erp", "synchronization_state": "Synchronized", "status": "Normal"}],
        }
    ]


def test_two_groups_one_without_databases():
    groups = failover.availability_groups(replay("ag_failover_two_groups.json"), "sql-par1-02")
    assert [(g["name"], len(g["databases"])) for g in groups] == [("ag_par1_a", 2), ("ag_par1_b", 0)]


def test_nothing_to_fail_over():
    assert failover.availability_groups(None, "sql-par1-02") == []
    assert failover.check("cluster_roles", None, "fs-par1-02") == {"cluster_roles": []}


def test_a_group_not_yet_primary_stops_the_wave():
    with pytest.raises(failover.FailoverError) as error:
        failover.availability_groups(replay("ag_failover_timed_out.json"), "sql-par1-02")
    assert str(error.value) == (
        "the takeover by sql-par1-02 is not complete, its partner is not touched: ag_par1_a: sql-par1-02 is still"
        " Resolving of it; ag_par1_a: database acme_production_erp is Synchronizing, not Synchronized;"
        " ag_par1_a: database acme_production_erp is Recovering, not Normal"
    )


def test_an_enum_the_script_did_not_cast_is_named():
    with pytest.raises(PowerShellResultError, match=r"^result\[0\]\.Role: expected a string, got the integer 1"):
        failover.availability_groups(replay("ag_failover_enum_not_cast.json"), "sql-par1-02")


def test_cluster_roles_moved_and_online():
    assert failover.cluster_roles(replay("cluster_move_one_role.json"), "fs-par1-02") == [
        {"name": "fs-par1-a-files", "owner": "FS-PAR1-02", "state": "Online", "node": "FS-PAR1-02"}
    ]


def test_a_cluster_role_still_on_the_partner_stops_the_wave():
    with pytest.raises(failover.FailoverError) as error:
        failover.cluster_roles(replay("cluster_move_still_pending.json"), "fs-par1-02")
    assert str(error.value).endswith(
        "its partner is not touched: fs-par1-a-code is owned by FS-PAR1-01, not by FS-PAR1-02;"
        " fs-par1-a-code is Pending, not Online"
    )


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        (
            "availability_groups",
            "ag_failover_enum_object.json",
            "result[0].Role: expected a string, got the enum 'Primary' as win_powershell writes it",
        ),
        (
            "cluster_roles",
            "cluster_move_enum_object.json",
            "result[0].State: expected a string, got the enum 'Online' as win_powershell writes it",
        ),
        (
            "availability_groups",
            "ag_failover_depth_2.json",
            "result[0].Databases[0]: expected an object, got 'System.Collections.Specialized.OrderedDictionary'",
        ),
    ],
)
def test_win_powershell_shapes_of_a_forgotten_cast_or_depth_are_named(kind, name, message):
    """Within the task's depth an enum not cast is {Type, String, Value}; below it an object is its type name."""
    with pytest.raises(PowerShellResultError) as error:
        failover.check(kind, replay(name)["result"], "sql-par1-02")
    assert str(error.value).startswith(message)
