# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.health_checks action: a machine's checks, from the stored model."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.health_checks import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.reports.health_checks import machine_checks


def test_checks_of_an_application_server(run_action, host_vars, example_platform):
    result = run_action(ActionModule, {"machine": "app-par1-01"}, host_vars("dmz-par1-01"))
    machine = example_platform.machine("app-par1-01")
    expected = machine_checks("app-par1-01", example_platform.platform, example_platform.environments, machine)
    assert {key: result[key] for key in expected} == expected
    assert (result["os"], result["address"]) == (machine["os"], machine["address"])
    served = {url["environment"] for url in result["urls"]} - {None}
    pool = machine["pool"]
    assert served == {k for k, r in example_platform.environments.items() if r["placement"]["pool"] == pool}
    assert served


def test_the_task_host_by_default(run_action, host_vars):
    result = run_action(ActionModule, {}, host_vars("dmz-par1-01"), check_mode=True)
    assert result["machine"] == "dmz-par1-01" and result["os"] == "linux"


def test_bad_settings_are_clean_failures(run_action, host_vars):
    variables = host_vars("app-par1-01")
    variables["divalto_platform"] = dict(variables["divalto_platform"], health_checks={"app": "x"})
    result = run_action(ActionModule, {}, variables, action="divalto.cloud.health_checks")
    assert result["failed"] is True
    assert result["msg"] == "health_checks: machine app-par1-01: health_checks.app: expected a mapping"


def test_unknown_machine(run_action, host_vars):
    result = run_action(ActionModule, {"machine": "nope"}, host_vars("app-par1-01"), action="health_checks")
    assert result["msg"] == "health_checks: machine nope: not a machine of the tenant registry"
