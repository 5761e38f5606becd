# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.restore_quiesce_state action: the quiesce and resume decided from the state read first."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.restore_quiesce_state import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_quiesce import quiesce_targets

HPF = ["DhsServices"]


def readings(targets, pool_state="Started", service_state="started"):
    windows = [entry for entry in targets["app_servers"] if entry["os"] == "windows"]
    pools = {
        "results": [
            {"item": e["machine"], "app_pools": [{"name": e["app_pool"], "attributes": {"state": pool_state}}]}
            for e in windows
        ]
    }
    services = {
        "results": [
            {
                "item": [e, name],
                "exists": True,
                "services": [{"name": name, "state": service_state, "start_mode": "auto"}],
            }
            for e in windows
            for name in e["hpf_services"]
        ]
    }
    return pools, services


def test_state_of_an_environment(run_action, host_vars, example_platform):
    targets = quiesce_targets(example_platform, "acme_staging", HPF)
    pools, services = readings(targets, pool_state="Stopped")
    rows = [dict(entry, status="UP") for entry in targets["drain"]]
    args = {"targets": targets, "app_pools": pools, "services": services, "haproxy_rows": rows}
    result = run_action(ActionModule, args, host_vars("dmz-par1-01"), check_mode=True)
    assert result["changed"] is False and not result.get("failed")
    assert result["drain"] == targets["drain"] and result["stop_pools"] == []
    assert {entry["kind"] for entry in result["left_alone"]} == {"app_pool"}
    assert len(result["left_alone"]) == len([e for e in targets["app_servers"] if e["os"] == "windows"])


def test_an_unreadable_state_fails_the_task_with_its_name(run_action, host_vars, example_platform):
    targets = quiesce_targets(example_platform, "acme_staging", HPF)
    pools, services = readings(targets)
    pools["results"][0] = {"item": pools["results"][0]["item"], "failed": True, "msg": "access denied"}
    args = {"targets": targets, "app_pools": pools, "services": services}
    result = run_action(ActionModule, args, host_vars("dmz-par1-01"), action="restore_quiesce_state")
    assert result["failed"] is True
    assert (
        result["msg"] == "restore_quiesce_state: app pools of %s: could not be read ('access denied'); "
        "nothing was changed" % pools["results"][0]["item"]
    )
