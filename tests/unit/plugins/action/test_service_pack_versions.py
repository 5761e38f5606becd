# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.service_pack_versions action: what a file-server pair must hold, from the stored model."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.service_pack_versions import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.plan import versions_for_file_server


def pair_member(platform, pair):
    return next(name for name in platform.machines(role="file") if platform.machine(name)["ha_pair"] == pair)


def test_versions_of_the_task_host(run_action, host_vars, example_platform):
    name = pair_member(example_platform, "fs-par1-a")
    variables = host_vars(name)
    result = run_action(ActionModule, {}, variables)
    expected = versions_for_file_server(example_platform.environments, variables["divalto_service_packs"], "fs-par1-a")
    assert (result["versions"], result["in_use"]) == (expected["versions"], expected["in_use"])
    assert result["in_use"] == ["v2026_erpx13_p223a", "v2026_erpx13_p224"]


def test_extra_version_and_another_machine(run_action, host_vars, example_platform):
    name = pair_member(example_platform, "fs-par1-a")
    result = run_action(ActionModule, {"machine": name, "extra": ["v2025_erpx12_p310"]}, host_vars("app-par1-01"))
    assert "v2025_erpx12_p310" in [entry["version"] for entry in result["versions"]]
    assert "v2025_erpx12_p310" not in result["in_use"]


def test_unknown_extra_version_is_a_clean_failure(run_action, host_vars, example_platform):
    name = pair_member(example_platform, "fs-par1-a")
    result = run_action(ActionModule, {"extra": ["v2030_erpx20_p001"]}, host_vars(name), action="service_pack_versions")
    assert result["failed"] is True
    assert result["msg"].startswith("service_pack_versions: service_pack_versions_extra: v2030_erpx20_p001 not in")


def test_without_the_catalogue(run_action, host_vars, example_platform):
    variables = host_vars(pair_member(example_platform, "fs-par1-a"))
    del variables["divalto_service_packs"]
    result = run_action(ActionModule, {}, variables, action="service_pack_versions")
    assert (
        result["msg"]
        == "service_pack_versions: divalto_service_packs is not defined: the inventory is not divalto.cloud.tenants"
    )
