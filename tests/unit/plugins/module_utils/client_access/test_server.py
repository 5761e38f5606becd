# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Everything the client_access role applies to one file server; Windows file servers are refused."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.client_access.plan import ClientAccessError
from ansible_collections.divalto.cloud.plugins.module_utils.client_access.server import server_access
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.client_access.test_plan import (
    COBALT,
    STAGING,
)

SETTINGS = {
    "root": "/srv/divalto/tenants",
    "chroot_root": "/srv/divalto/sftp",
    "keys_dir": "/etc/ssh/divalto_keys",
    "group": "divalto-sftp",
    "cleanup_name": "divalto-exchange-cleanup",
    "cleanup_at": "03:00",
    "members": ["acme-prd-gone"],
    "mounted": [],
}


def test_one_result_for_the_role():
    result = server_access({"name": "fs-01", "os": "linux"}, [STAGING, COBALT], SETTINGS)
    assert [entry["account"] for entry in result["accounts"]] == ["acme-stg-dist"]
    assert result["remove"]["accounts"] == ["acme-prd-gone"]
    assert "Match Group divalto-sftp\n" in result["sshd_config"]
    assert "# cobalt_production: 30 days\n" in result["cleanup_service"]
    assert "OnCalendar=*-*-* 03:00:00\n" in result["cleanup_timer"]


def test_a_windows_file_server_is_refused():
    with pytest.raises(ClientAccessError, match="^file server fs-02 runs windows: SFTP accounts are provided on Linux"):
        server_access({"name": "fs-02", "os": "windows"}, [STAGING], SETTINGS)
