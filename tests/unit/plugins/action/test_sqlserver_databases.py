# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.sqlserver_databases action: a SQL pair's databases and logins, from the stored model."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.sqlserver_databases import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.sqlserver import databases_plan


def test_plan_of_the_task_host(run_action, host_vars, example_platform):
    result = run_action(
        ActionModule, {"domain": "CLOUD", "nonproduction_recovery_model": "Simple"}, host_vars("sql-par1-01")
    )
    pair = example_platform.machine("sql-par1-01")["ha_pair"]
    expected = databases_plan(example_platform.environments, pair, "CLOUD", nonproduction_recovery_model="Simple")
    assert (result["databases"], result["logins"]) == (expected["databases"], expected["logins"])
    assert {database["recovery_model"] for database in result["databases"]} == {"Full", "Simple"}
    placed = {k for k, r in example_platform.environments.items() if r["placement"]["sql"] == pair}
    assert {login["environment"] for login in result["logins"]} == placed


def test_selected_environment(run_action, host_vars, example_platform):
    pair = example_platform.machine("sql-par1-02")["ha_pair"]
    key = next(k for k, r in sorted(example_platform.environments.items()) if r["placement"]["sql"] == pair)
    args = {"domain": "CLOUD", "machine": "sql-par1-02", "selected": [key]}
    result = run_action(ActionModule, args, host_vars("app-par1-01"), check_mode=True)
    assert [login["environment"] for login in result["logins"]] == [key]


def test_environment_of_another_pair_is_refused(run_action, host_vars, example_platform):
    pair = example_platform.machine("sql-sxb1-01")["ha_pair"]
    other = next(k for k, r in sorted(example_platform.environments.items()) if r["placement"]["sql"] != pair)
    args = {"domain": "CLOUD", "selected": [other]}
    result = run_action(ActionModule, args, host_vars("sql-sxb1-01"), action="sqlserver_databases")
    assert result["failed"] is True
    assert result["msg"].startswith("sqlserver_databases: environment %s: its sql pair is " % other)


def test_bad_domain(run_action, host_vars):
    result = run_action(ActionModule, {"domain": ""}, host_vars("sql-par1-01"), action="sqlserver_databases")
    assert result["msg"].startswith("sqlserver_databases: domain must be the Active Directory domain")
