# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.patch_targets action: the backends holding a machine, from the stored model."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.patch_targets import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.patching.cadence import drain_targets


def test_targets_of_an_application_server(run_action, host_vars, example_platform):
    result = run_action(ActionModule, {"machine": "app-par1-01"}, host_vars("dmz-par1-01"))
    assert result["changed"] is False and not result.get("failed")
    assert result["targets"] == drain_targets("app-par1-01", example_platform)
    assert {t["proxy"] for t in result["targets"]} == {"dmz-par1-01", "dmz-par1-02"}
    assert {t["server"] for t in result["targets"]} == {"app-par1-01"}
    assert "be_acme_production" in {t["backend"] for t in result["targets"]}


def test_the_task_host_by_default_and_data_servers_have_none(run_action, host_vars):
    sql = next(name for name in host_vars("dmz-par1-01")["divalto_platform"]["machines"] if name.startswith("sql-"))
    assert run_action(ActionModule, {}, host_vars(sql), check_mode=True)["targets"] == []


def test_unknown_machine(run_action, host_vars):
    result = run_action(ActionModule, {"machine": "nope"}, host_vars("dmz-par1-01"), action="patch_targets")
    assert result["failed"] is True
    assert result["msg"] == "patch_targets: machine nope: not a machine of the tenant registry"
