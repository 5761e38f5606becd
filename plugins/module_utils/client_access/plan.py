# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what a Linux file server holds for the SFTP accounts of its environments.

Each account is chrooted (OpenSSH ``ChrootDirectory``) to ``<chroot root>/<account>``, a root-owned tree that
holds only the directories the tenant file grants it, each a bind mount of the environment's real directory
(``bind,ro`` when the grant is ``read``), and ``dev/log``, a bind mount of the journal's syslog socket, so that
the chrooted ``internal-sftp`` can log. Accounts are members of the environment's security group (what they
write belongs to it and counts against its files quota) and of the managed group (``divalto-sftp``), the one
sshd's ``Match Group`` block confines. What the server holds beyond the plan (accounts of the managed group,
mounts below the chroot root) is to be removed.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.client_access_policy import (
    EXCHANGE_DIRECTORIES,
    GRANTS,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.paths import absolute_directory

DEFAULT_RETENTION_DAYS = 30
GIB = 1024**3
JOURNAL_SOCKET = "/run/systemd/journal/dev-log"


class ClientAccessError(DivaltoError):
    """Arguments or environment records an access plan cannot be computed from."""


def _absolute(name: str, value: Any) -> str:
    return absolute_directory(name, value, ClientAccessError)


def retention_days(record: Mapping[str, Any], platform_settings: Mapping[str, Any] | None) -> int:
    """Days files stay in an environment's exchange directories: the tenant's, else the platform's, else 30."""
    own = (record.get("client_access") or {}).get("exchange_retention_days")
    if own is not None:
        return own
    return (platform_settings or {}).get("exchange_retention_days", DEFAULT_RETENTION_DAYS)


def _environment(record: Mapping[str, Any], root: str) -> dict[str, Any]:
    directories = record["directories"]
    base = posixpath.dirname(directories["config"])
    path = posixpath.join(root, base)
    sources = {name: posixpath.join(root, relative) for name, relative in directories.items()}
    for name in EXCHANGE_DIRECTORIES:
        sources["exchange/" + name] = posixpath.join(path, "exchange", name)
    files_gb = (record.get("quota") or {}).get("files_gb")
    return {
        "key": record["key"],
        "group": record["security_group"],
        "path": path,
        "sources": sources,
        "quota_bytes": None if files_gb is None else files_gb * GIB,
    }


def _source(environment: Mapping[str, Any], target: str) -> str:
    kind, name = GRANTS[target]
    return environment["sources"][name if kind == "directories" else "exchange/" + name]


def _account(account: Mapping[str, Any], environment: Mapping[str, Any], chroot_root: str, keys_dir: str) -> dict:
    name = account["account"]
    chroot = posixpath.join(chroot_root, name)
    mounts = [
        {
            "src": _source(environment, target),
            "path": posixpath.join(chroot, target),
            "opts": "bind" if right == "write" else "bind,ro",
            "right": right,
        }
        for target, right in sorted(account["grants"].items())
    ]
    log = {"src": JOURNAL_SOCKET, "path": posixpath.join(chroot, "dev", "log"), "opts": "bind", "right": "log"}
    directories = {chroot, posixpath.join(chroot, "dev")}
    for mount in mounts:
        directories.add(posixpath.dirname(mount["path"]))
    return {
        "account": name,
        "person": account["person"],
        "environment": environment["key"],
        "group": environment["group"],
        "chroot": chroot,
        "directories": sorted(directories),
        "mount_points": [mount["path"] for mount in mounts],
        "mounts": mounts + [log],
        "keys_file": posixpath.join(keys_dir, name),
        "authorized_keys": "".join(key.strip() + "\n" for key in account["keys"]),
    }


def access_plan(
    records: Iterable[Mapping[str, Any]],
    root: str,
    chroot_root: str,
    keys_dir: str,
    platform_settings: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The accounts, exchange directories, retention and quota checks of the environments ``records`` (one file
    server's).

    ``quota``: per environment with write grants, its directory, its files quota in bytes (``quota.files_gb``
    GiB) and the mounts of its write grants, which the quota check remounts read-only while the environment is
    at or over its quota (docs/client_access.md, Quota).

    ``root``: the tenant root (``tenant_storage``'s); ``chroot_root``: where the accounts' chroots go;
    ``keys_dir``: where their authorized keys go (root-owned, one file per account).
    """
    root = _absolute("root", root)
    chroot_root = _absolute("chroot_root", chroot_root)
    keys_dir = _absolute("keys_dir", keys_dir)
    if chroot_root == root or chroot_root.startswith(root + "/") or root.startswith(chroot_root + "/"):
        raise ClientAccessError(
            "chroot_root %s and the tenant root %s must not contain each other" % (chroot_root, root)
        )
    accounts, exchange, retention, quota = [], [], [], []
    for record in sorted(records, key=lambda item: item["key"]):
        environment = _environment(record, root)
        exchange_paths = [environment["sources"]["exchange/" + name] for name in EXCHANGE_DIRECTORIES]
        exchange.extend(
            {"path": path, "group": environment["group"]}
            for path in [posixpath.dirname(exchange_paths[0])] + exchange_paths
        )
        retention.append(
            {"key": record["key"], "days": retention_days(record, platform_settings), "paths": exchange_paths}
        )
        own = [
            _account(account, environment, chroot_root, keys_dir)
            for account in (record.get("client_access") or {}).get("accounts", [])
        ]
        accounts.extend(own)
        writable = sorted(mount["path"] for account in own for mount in account["mounts"] if mount["right"] == "write")
        if writable and environment["quota_bytes"] is not None:
            quota.append(
                {
                    "key": record["key"],
                    "path": environment["path"],
                    "quota_bytes": environment["quota_bytes"],
                    "write_mounts": writable,
                }
            )
    return {"accounts": accounts, "exchange_directories": exchange, "retention": retention, "quota": quota}


def removals(plan: Mapping[str, Any], members: Iterable[str], mounted: Iterable[str], chroot_root: str) -> dict:
    """What the server holds beyond ``plan``: accounts of the managed group, mounts below ``chroot_root``.

    ``members``: the managed group's members (``getent group``); ``mounted``: the mount targets of the server
    (``findmnt``). Mounts come deepest first, so that a chroot's own mounts go before anything above them.
    """
    chroot_root = _absolute("chroot_root", chroot_root)
    planned = {account["account"] for account in plan["accounts"]}
    planned_mounts = {mount["path"] for account in plan["accounts"] for mount in account["mounts"]}
    accounts = sorted({name for name in members if name} - planned)
    mounts = sorted(
        {path for path in mounted if path.startswith(chroot_root + "/")} - planned_mounts,
        key=lambda path: (-path.count("/"), path),
    )
    return {
        "accounts": accounts,
        "chroots": [posixpath.join(chroot_root, name) for name in accounts],
        "mounts": mounts,
    }
