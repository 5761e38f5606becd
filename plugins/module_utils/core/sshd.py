# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the OpenSSH directives every SFTP-only account shares.

The backup vault's tenant accounts (``backup.vault``), the D+1 download server (``backup.export_area``) and the
client and distributor accounts (``client_access.render``) each write their own ``sshd_config`` block; the
directives that leave a session nothing but SFTP are written once, here, so that none of them can miss one
(``AllowStreamLocalForwarding`` defaults to ``yes``: without it an account could forward to a Unix socket).
"""

from __future__ import annotations

SFTP_ONLY = (
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PermitTTY no",
    "AllowTcpForwarding no",
    "AllowAgentForwarding no",
    "AllowStreamLocalForwarding no",
    "X11Forwarding no",
    "PermitTunnel no",
)


def sftp_only(indent: str = "") -> list[str]:
    """``SFTP_ONLY``, each line prefixed with ``indent`` (inside a ``Match`` block)."""
    return [indent + line for line in SFTP_ONLY]
