# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.tenant_storage_plan action: what a file server holds, from the stored model."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.divalto.cloud.plugins.action.tenant_storage_plan import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.file_storage import storage_plan


def file_server(host_vars, os_name):
    machines = host_vars("app-par1-01")["divalto_platform"]["machines"]
    return next(n for n, m in sorted(machines.items()) if m["role"] == "file" and m["os"] == os_name)


def test_plan_of_the_task_host(run_action, host_vars, example_platform):
    name = file_server(host_vars, "linux")
    result = run_action(ActionModule, {"root": "/srv/divalto/tenants"}, host_vars(name))
    pair = example_platform.machine(name)["ha_pair"]
    expected = storage_plan(example_platform.environments, pair, "/srv/divalto/tenants", "linux")
    assert {key: result[key] for key in expected} == expected
    assert result["environments"] and result["changed"] is False


def test_selected_environment_of_another_machine_on_windows(run_action, host_vars, example_platform):
    name = file_server(host_vars, "windows")
    pair = example_platform.machine(name)["ha_pair"]
    key = next(k for k, r in sorted(example_platform.environments.items()) if r["placement"]["files"] == pair)
    args = {"root": "D:\\divalto\\tenants", "machine": name, "selected": [key], "windows_domain": "DIVALTO"}
    result = run_action(ActionModule, args, host_vars("app-par1-01"), check_mode=True)
    assert [entry["key"] for entry in result["environments"]] == [key]
    assert result["environments"][0]["principal"].startswith("DIVALTO\\")
    assert result["environments"][0]["path"].startswith("D:\\divalto\\tenants\\")


def test_environment_of_another_pair_is_refused(run_action, host_vars, example_platform):
    name = file_server(host_vars, "linux")
    pair = example_platform.machine(name)["ha_pair"]
    other = next(k for k, r in sorted(example_platform.environments.items()) if r["placement"]["files"] != pair)
    result = run_action(
        ActionModule, {"root": "/t", "selected": [other]}, host_vars(name), action="tenant_storage_plan"
    )
    assert result["failed"] is True
    assert result["msg"].startswith("tenant_storage_plan: environment %s is placed on file-server pair " % other)


def test_root_is_required(run_action, host_vars):
    with pytest.raises(AnsibleActionFail, match="root"):
        run_action(ActionModule, {}, host_vars("app-par1-01"))
