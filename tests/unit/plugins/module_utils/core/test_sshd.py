# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SFTP-only directives, and every SFTP account block of the collection writing all of them."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup import export_area, vault
from ansible_collections.divalto.cloud.plugins.module_utils.client_access import render
from ansible_collections.divalto.cloud.plugins.module_utils.core.sshd import SFTP_ONLY, sftp_only


def test_nothing_but_sftp_and_keys():
    keywords = {line.split()[0]: line.split()[1] for line in SFTP_ONLY}
    assert keywords == {
        "PasswordAuthentication": "no",
        "KbdInteractiveAuthentication": "no",
        "PermitTTY": "no",
        "AllowTcpForwarding": "no",
        "AllowAgentForwarding": "no",
        "AllowStreamLocalForwarding": "no",
        "X11Forwarding": "no",
        "PermitTunnel": "no",
    }
    assert sftp_only("    ") == ["    " + line for line in SFTP_ONLY]


BLOCKS = {
    "backup vault accounts": lambda: vault.sshd_config(
        [{"account": "bk_acme", "chroot": "/srv/backup/acme", "authorized_keys_file": "/etc/ssh/keys/bk_acme"}]
    ),
    "download server": lambda: export_area.sshd_config(
        [{"tenant": "acme", "chroot": "/srv/export/acme", "accounts": [{"account": "acme-dl-jdoe"}]}]
    ),
    "client access accounts": lambda: render.sshd_config("divalto-sftp", "/srv/divalto/sftp", "/etc/ssh/keys"),
}


@pytest.mark.parametrize("block", sorted(BLOCKS))
def test_every_sftp_block_writes_every_directive(block):
    lines = [line.strip() for line in BLOCKS[block]().splitlines()]
    assert [line for line in SFTP_ONLY if line not in lines] == []
