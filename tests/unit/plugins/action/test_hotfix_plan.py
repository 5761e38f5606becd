# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.hotfix_plan action: the ring plan and the health URLs, from the stored model."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.hotfix_plan import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.patching.hotfix import rollout_plan

P224 = "v2026_erpx13_p224"


def test_the_plan_and_the_health_urls_of_its_environments(run_action, host_vars):
    task_vars = host_vars("fs-par1-01")
    args = {"version": P224, "tenant": "cobalt", "health_url": "https://{hostname}:{https_port}/health?{key}"}
    result = run_action(ActionModule, args, task_vars)
    assert result["changed"] is False and not result.get("failed")
    environments = task_vars["divalto_environments"]
    assert result["plan"] == rollout_plan(environments, task_vars["divalto_service_packs"], P224, "cobalt")
    record = environments["cobalt_production"]
    assert result["health_urls"] == {
        "cobalt_production": "https://%s:%s/health?cobalt_production"
        % (record["hostnames"][0], record["ports"]["https"])
    }


def test_no_health_url_without_a_template_and_pairs_limit_the_plan(run_action, host_vars):
    task_vars = host_vars("fs-par1-01")
    pair = task_vars["divalto_environments"]["cobalt_production"]["placement"]["files"]
    args = {"version": P224, "tenant": "cobalt", "pairs": [pair]}
    result = run_action(ActionModule, args, task_vars, check_mode=True)
    assert result["health_urls"] == {} and result["plan"]["pairs"] == [pair]


def test_a_bad_request_fails_naming_the_action(run_action, host_vars):
    args = {"version": "v2026_erpx13_p999"}
    result = run_action(ActionModule, args, host_vars("fs-par1-01"), action="divalto.cloud.hotfix_plan")
    assert result["failed"] is True
    assert result["msg"].startswith("hotfix_plan: hotfix_version v2026_erpx13_p999 is not in the service-pack")


def test_a_health_url_with_an_unknown_field_is_refused_before_any_ring(run_action, host_vars):
    args = {"version": P224, "tenant": "cobalt", "health_url": "https://{host}/health"}
    result = run_action(ActionModule, args, host_vars("fs-par1-01"), action="divalto.cloud.hotfix_plan")
    assert result["failed"] is True
    assert result["msg"].startswith(
        "hotfix_plan: hotfix_health_url 'https://{host}/health': unknown field host (known: {hostname}"
    )


def test_environments_of_another_shape_are_refused(run_action, host_vars):
    task_vars = dict(host_vars("fs-par1-01"), divalto_environments={"x_setup": {"tenant": "x"}})
    result = run_action(ActionModule, {"version": P224}, task_vars, action="divalto.cloud.hotfix_plan")
    assert result["msg"] == (
        "hotfix_plan: divalto_environments['x_setup']: has no type, service_pack, placement, production"
    )
