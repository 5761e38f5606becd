# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.patch_arguments action: a machine's update arguments, from the stored model."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.divalto.cloud.plugins.action.patch_arguments import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.patching.cadence import patch_arguments


def machine_of(host_vars, os_name, role):
    machines = host_vars("dmz-par1-01")["divalto_platform"]["machines"]
    return next(
        name for name, machine in sorted(machines.items()) if machine["os"] == os_name and machine["role"] == role
    )


def test_a_windows_machine_gets_one_win_updates_run_per_component(run_action, host_vars, example_platform):
    sql = machine_of(host_vars, "windows", "sql")
    result = run_action(ActionModule, {"machine": sql, "cadence": "quarterly"}, host_vars("dmz-par1-01"))
    assert result["changed"] is False and not result.get("failed")
    expected = patch_arguments(sql, example_platform.platform, "quarterly")
    assert {key: result[key] for key in expected} == expected
    assert result["os"] == "windows" and result["linux"] is None
    assert [run["component"] for run in result["windows"]] == result["components"] != []


def test_a_linux_machine_gets_apt_arguments_in_check_mode_too(run_action, host_vars):
    proxy = machine_of(host_vars, "linux", "reverse_proxy")
    result = run_action(ActionModule, {"machine": proxy, "cadence": "monthly"}, host_vars(proxy), check_mode=True)
    assert result["os"] == "linux" and result["windows"] == []
    assert result["linux"] is None or set(result["linux"]) == {"upgrade", "packages"}


def test_an_unknown_machine_fails_naming_it(run_action, host_vars):
    args = {"machine": "nope", "cadence": "monthly"}
    result = run_action(ActionModule, args, host_vars("dmz-par1-01"), action="divalto.cloud.patch_arguments")
    assert result["failed"] is True
    assert result["msg"] == "patch_arguments: machine nope: not a machine of the tenant registry"


def test_an_unknown_cadence_is_refused(run_action, host_vars):
    with pytest.raises(AnsibleActionFail) as caught:
        run_action(ActionModule, {"machine": "app-par1-01", "cadence": "weekly"}, host_vars("dmz-par1-01"))
    assert str(caught.value) == "value of cadence must be one of: monthly, quarterly, got: weekly"
