# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.client_access_plan action: a file server's SFTP accounts, from the stored model."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.client_access_plan import ActionModule


def test_the_environments_of_the_task_host_pair(run_action, host_vars):
    result = run_action(
        ActionModule, {"root": "/srv/divalto/tenants", "members": ["acme-prd-old"]}, host_vars("fs-par1-01")
    )
    assert result["changed"] is False
    assert result["accounts"] == []  # the example registry declares no client access
    assert [entry["key"] for entry in result["retention"]] == [
        "acme_production",
        "acme_staging",
        "acme_testing",
        "cobalt_production",
    ]
    assert result["remove"]["accounts"] == ["acme-prd-old"]


def test_a_windows_file_server_fails_cleanly(run_action, host_vars):
    result = run_action(
        ActionModule, {"root": "/srv/divalto/tenants"}, host_vars("fs-par1-03"), action="client_access_plan"
    )
    assert result["failed"] is True
    assert result["msg"].startswith("client_access_plan: file server fs-par1-03 runs windows")
