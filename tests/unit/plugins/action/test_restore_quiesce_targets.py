# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.restore_quiesce_targets action: what quiescing an environment touches, from the stored model."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.restore_quiesce_targets import ActionModule
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_quiesce import quiesce_targets


def test_targets_of_an_environment(run_action, host_vars, example_platform):
    args = {"environment": "acme_staging", "hpf_services": ["DhsServices"]}
    result = run_action(ActionModule, args, host_vars("dmz-par1-01"), check_mode=True)
    assert result["changed"] is False and not result.get("failed")
    expected = quiesce_targets(example_platform, "acme_staging", ["DhsServices"])
    assert {key: result[key] for key in expected} == expected
    assert {t["proxy"] for t in result["drain"]} == {"dmz-par1-01", "dmz-par1-02"}
    assert {t["backend"] for t in result["drain"]} >= {"be_acme_staging"}


def test_unknown_environment(run_action, host_vars):
    args = {"environment": "acme_prod"}
    result = run_action(ActionModule, args, host_vars("dmz-par1-01"), action="restore_quiesce_targets")
    assert result["failed"] is True
    assert result["msg"] == (
        "restore_quiesce_targets: environment acme_prod: not an environment of the tenant registry"
    )
