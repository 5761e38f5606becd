# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.backup_file_plan action: a file server's restic jobs, from the stored model."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.backup_file_plan import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import file_backup_plan
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import effective_policy
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import backup_vault


def linux_file_server(platform):
    return next(name for name in platform.machines(role="file") if platform.machine(name)["os"] == "linux")


def test_jobs_of_the_task_host_with_the_inventory_vaults(run_action, host_vars, example_platform):
    name = linux_file_server(example_platform)
    result = run_action(ActionModule, {"root": "/srv/divalto/tenants"}, host_vars(name))
    pair = example_platform.machine(name)["ha_pair"]
    machines = example_platform.platform["machines"]
    vaults = {"sxb1": machines[backup_vault(machines, "sxb1")]["address"]}
    expected = file_backup_plan(
        example_platform.environments,
        pair,
        "/srv/divalto/tenants",
        "linux",
        effective_policy(example_platform.platform),
        vaults,
    )
    assert result["jobs"] == expected and expected
    assert result["changed"] is False


def test_selected_environment_and_explicit_vaults(run_action, host_vars, example_platform):
    name = linux_file_server(example_platform)
    pair = example_platform.machine(name)["ha_pair"]
    key = next(k for k, r in sorted(example_platform.environments.items()) if r["placement"]["files"] == pair)
    args = {"root": "/srv/divalto/tenants", "selected": [key], "vaults": {"sxb1": "backup-vault"}, "machine": name}
    result = run_action(ActionModule, args, host_vars("app-par1-01"), check_mode=True)
    assert [job["name"] for job in result["jobs"]] == ["%s-code" % key, "%s-files" % key]
    assert all(job["vault"] == "backup-vault" for job in result["jobs"])


def test_a_machine_without_a_pair_is_a_clean_failure(run_action, host_vars):
    result = run_action(ActionModule, {"root": "/srv"}, host_vars("app-par1-01"), action="backup_file_plan")
    assert result["failed"] is True
    assert result["msg"].startswith("backup_file_plan: file_pair: expected")
