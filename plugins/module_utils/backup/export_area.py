# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the download area of a backup vault, where the D+1 backup packages are published.

Per tenant whose backups the vault holds: the chroot ``<root>/<tenant>`` (root-owned ``0755``, as sshd requires)
holding only ``packages`` (root-owned, group ``dl_<tenant>``, ``0750``), the tenant's group ``dl_<tenant>`` and one
read-only SFTP account ``<tenant>-dl-<person>`` per person of the tenant file with ``downloads: true`` (primary
group ``dl_<tenant>``, member of the role's managed group, ``divalto-download``). They log in to an SSH server of
their own (:func:`sshd_config`, its own port), the only one the DMZ relays to: the vault's own sshd is never
reachable from the internet. Its ``Match User`` block of a tenant chroots its accounts to the tenant's area and runs
``internal-sftp -R`` (read-only: no write, remove, rename or attribute change). Another tenant's accounts are
chrooted elsewhere and are not in the group: they can neither see nor read the packages. Packages are built in
``<root>/.staging`` (root only) and renamed into ``packages`` once verified; their expiry records are kept outside
the chroots, in the state directory.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.client_access_policy import DOWNLOAD_SERVER_PORT
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.paths import absolute_directory
from ansible_collections.divalto.cloud.plugins.module_utils.core.sshd import sftp_only
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

EXPORT_ROOT = "/srv/export"
DOWNLOAD_GROUP = "divalto-download"
KEYS_DIR = "/etc/ssh/divalto_download_keys"
GROUP_PREFIX = "dl_"


class ExportAreaError(DivaltoError):
    """Arguments a download area cannot be computed from; the message names the argument."""


def _absolute(name: str, value: Any) -> str:
    return absolute_directory(name, value, ExportAreaError)


def tenant_group(tenant: str) -> str:
    """The group that may read a tenant's published packages."""
    return GROUP_PREFIX + tenant


def staging_dir(root: str) -> str:
    """Where packages are built before they are published (root only, outside every chroot)."""
    return posixpath.join(root, ".staging")


def packages_dir(root: str, tenant: str) -> str:
    """Where a tenant's packages are published (``/packages`` in its accounts' view)."""
    return posixpath.join(root, tenant, "packages")


def download_area(
    environments: Mapping[str, Any],
    root: str = EXPORT_ROOT,
    keys_dir: str = KEYS_DIR,
    port: int | None = None,
) -> dict:
    """The tenants, groups, accounts, directories and sshd block of the download area of ``environments``.

    ``environments``: the environment records whose backups the vault holds (``divalto_environments`` or a
    selection); a tenant's download accounts are its records' ``client_access.downloads``; ``port``: the download
    SSH server's (None: :data:`DOWNLOAD_SERVER_PORT`).
    """
    if not isinstance(environments, Mapping):
        raise ExportAreaError("environments: expected the divalto_environments inventory variable (a dict)")
    root = _absolute("root", root)
    keys_dir = _absolute("keys_dir", keys_dir)
    if port is None:
        port = DOWNLOAD_SERVER_PORT
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise ExportAreaError("port: expected a TCP port number, got %s" % excerpt(port))
    tenants: dict[str, dict[str, Any]] = {}
    for key in sorted(environments):
        record = environments[key]
        tenant = record.get("tenant") if isinstance(record, Mapping) else None
        if not isinstance(tenant, str) or not tenant:
            raise ExportAreaError("environments.%s: expected an environment record with a tenant" % key)
        entry = tenants.setdefault(
            tenant,
            {
                "tenant": tenant,
                "group": tenant_group(tenant),
                "chroot": posixpath.join(root, tenant),
                "packages": packages_dir(root, tenant),
                "accounts": {},
            },
        )
        for account in (record.get("client_access") or {}).get("downloads") or []:
            entry["accounts"][account["account"]] = {
                "account": account["account"],
                "person": account["person"],
                "name": account["name"],
                "group": entry["group"],
                "keys_file": posixpath.join(keys_dir, account["account"]),
                "authorized_keys": "".join(line.strip() + "\n" for line in account["keys"]),
            }
    ordered = []
    for name in sorted(tenants):
        entry = tenants[name]
        entry["accounts"] = [entry["accounts"][account] for account in sorted(entry["accounts"])]
        ordered.append(entry)
    directories = [
        {"path": root, "group": "root", "mode": "0755"},
        {"path": staging_dir(root), "group": "root", "mode": "0700"},
    ]
    for entry in ordered:
        directories.append({"path": entry["chroot"], "group": "root", "mode": "0755"})
        directories.append({"path": entry["packages"], "group": entry["group"], "mode": "0750"})
    return {
        "root": root,
        "keys_dir": keys_dir,
        "group": DOWNLOAD_GROUP,
        "port": port,
        "staging": staging_dir(root),
        "tenants": ordered,
        "accounts": [account for entry in ordered for account in entry["accounts"]],
        "directories": directories,
        "sshd_config": sshd_config(ordered, keys_dir, root, port),
    }


def sshd_config(
    tenants: Iterable[Mapping[str, Any]],
    keys_dir: str = KEYS_DIR,
    root: str = EXPORT_ROOT,
    port: int = DOWNLOAD_SERVER_PORT,
    group: str = DOWNLOAD_GROUP,
) -> str:
    """The configuration of the download SSH server: its own daemon and port, for the download accounts only.

    The DMZ proxies relay the internet's download port to this daemon, never to the vault's own sshd (port 22:
    the file servers' backup accounts, the operators). Only members of ``group`` may log in, by key only;
    each tenant's accounts are chrooted to its area, read-only; an account of the group without a tenant's
    block is chrooted to a directory that does not exist, so it cannot log in.
    """
    lines = [
        "# Managed by divalto.cloud.backup_vault: the SSH server of the D+1 downloads (docs/backup_export.md).",
        "# The DMZ proxies relay the download port here; the vault's own sshd is not reachable from the internet.",
        "Port %d" % port,
        "HostKey /etc/ssh/ssh_host_ed25519_key",
        "HostKey /etc/ssh/ssh_host_ecdsa_key",
        "HostKey /etc/ssh/ssh_host_rsa_key",
        "PidFile /run/divalto-download-sshd.pid",
        "AllowGroups %s" % group,
        "PermitRootLogin no",
        "AuthenticationMethods publickey",
        "UsePAM yes",
        "AuthorizedKeysFile %s/%%u" % keys_dir,
        "LoginGraceTime 30",
        "MaxStartups 50:30:200",
        *sftp_only(),
        "Subsystem sftp internal-sftp",
        "ForceCommand internal-sftp -R -l INFO -f AUTHPRIV",
        "ChrootDirectory %s/.unassigned" % root,
    ]
    for tenant in tenants:
        if not tenant["accounts"]:
            continue
        lines.extend(
            [
                "Match User %s" % ",".join(account["account"] for account in tenant["accounts"]),
                "    ChrootDirectory %s" % tenant["chroot"],
            ]
        )
    return "\n".join(lines) + "\n"
