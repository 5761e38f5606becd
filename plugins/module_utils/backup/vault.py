# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup vault (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. The layout of a backup vault (Linux, recovery datacenter) and its capacity
report:

* :func:`vault_layout`: per tenant the SFTP account ``bk_<tenant>``, its chroot ``/srv/backup/<tenant>``
  (root-owned, as sshd requires), its ``repos`` directory (owned by the account) and one restic repository per
  environment and data set (``/srv/backup/<tenant>/repos/<environment key>/<code|files>``), plus the sshd
  ``Match`` blocks (SFTP only, chrooted, keys only, no forwarding);
* :func:`capacity_report`: the sizes of the repositories and the usage of the vault's file system (measured by the
  ``divalto.cloud.directory_usage`` and ``divalto.cloud.backup_vault_capacity`` modules) turned into a JSON-ready
  report with alert levels.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_area import (
    EXPORT_ROOT,
    download_area,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import DATA_SETS, VAULT_ROOT, account
from ansible_collections.divalto.cloud.plugins.module_utils.backup.schedule import BackupScheduleError, check_schedule
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.sshd import sftp_only
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

SSHD_GROUP = "bk_tenants"
AUTHORIZED_KEYS_DIR = "/etc/ssh/divalto_authorized_keys"
DEFAULT_CHECK_AT = "06:00"
DEFAULT_THRESHOLDS = {"warning_used_percent": 80, "critical_used_percent": 90}


class BackupVaultError(DivaltoError):
    """Arguments a layout or capacity report cannot be computed from; names the argument."""


def vault_layout(
    environments,
    policy,
    datacenter,
    root=VAULT_ROOT,
    check_at=DEFAULT_CHECK_AT,
    export_root=EXPORT_ROOT,
    download_port=None,
):
    """The tenants, accounts, chroots and repositories a vault in ``datacenter`` holds.

    Returns ``{"tenants": [...], "repositories": [...], "directories": [...], "sshd_config": str}``: tenants
    sorted by name, each ``{tenant, account, chroot, repos_dir, authorized_keys_file, environments}``;
    repositories each ``{tenant, account, environment, data_set, path, chroot_path}``; directories (parents
    first) each ``{path, owner, mode}``: the root and the chroots owned by root ``0755`` (sshd refuses a chroot
    a user can write to), the ``repos`` directories and the environments' directories owned by the tenant's
    account ``0700`` (group ``bk_tenants``); ``check``: the daily ``restic check`` at ``check_at`` (wall clock in
    the policy's zone), ``{on_calendar, timeout_seconds}`` from ``backup_schedule.check_schedule``;
    ``downloads``: the download area of the D+1 packages of the tenants it holds (``export_area.download_area``
    under ``export_root``, its SSH server on ``download_port``).
    """
    if not isinstance(environments, Mapping):
        raise BackupVaultError("environments: expected the divalto_environments inventory variable (a dict)")
    if not isinstance(root, str) or not root.startswith("/"):
        raise BackupVaultError("root: expected an absolute directory, got %r" % (root,))
    sets = [data_set for data_set in DATA_SETS if policy[data_set]["copy_to"] == datacenter]
    tenants = {}
    repositories = []
    for key in sorted(environments):
        environment = environments[key]
        tenant = environment.get("tenant") if isinstance(environment, Mapping) else None
        if not tenant:
            raise BackupVaultError("environments.%s: expected an environment record with a tenant" % key)
        if not sets:
            continue
        chroot = posixpath.join(root, tenant)
        entry = tenants.setdefault(
            tenant,
            {
                "tenant": tenant,
                "account": account(tenant),
                "chroot": chroot,
                "repos_dir": posixpath.join(chroot, "repos"),
                "authorized_keys_file": posixpath.join(AUTHORIZED_KEYS_DIR, account(tenant)),
                "environments": [],
            },
        )
        entry["environments"].append(key)
        for data_set in sets:
            chroot_path = "/repos/%s/%s" % (key, data_set)
            repositories.append(
                {
                    "tenant": tenant,
                    "account": account(tenant),
                    "environment": key,
                    "data_set": data_set,
                    "path": chroot + chroot_path,
                    "chroot_path": chroot_path,
                }
            )
    ordered = [tenants[name] for name in sorted(tenants)]
    directories = [{"path": root, "owner": "root", "mode": "0755"}]
    for tenant in ordered:
        directories.append({"path": tenant["chroot"], "owner": "root", "mode": "0755"})
        directories.append({"path": tenant["repos_dir"], "owner": tenant["account"], "mode": "0700"})
        for key in tenant["environments"]:
            directories.append(
                {"path": posixpath.join(tenant["repos_dir"], key), "owner": tenant["account"], "mode": "0700"}
            )
    try:
        check = check_schedule(policy, check_at, sets)
    except BackupScheduleError as exc:
        raise BackupVaultError("check_at: %s" % exc) from None
    held = {key: environments[key] for tenant in ordered for key in tenant["environments"]}
    return {
        "tenants": ordered,
        "downloads": download_area(held, export_root, port=download_port),
        "repositories": repositories,
        "directories": directories,
        "sshd_config": sshd_config(ordered),
        "check": check,
    }


def sshd_config(tenants):
    """The sshd_config block (appended to the file): one ``Match User`` per tenant account (SFTP only, chrooted)."""
    lines = [
        "# Managed by divalto.cloud.backup_vault: SFTP-only tenant accounts of the backup vault.",
        "# Each account is chrooted to its tenant's directory and can reach nothing else.",
    ]
    for tenant in tenants:
        lines.extend(
            [
                "Match User %s" % tenant["account"],
                "    ChrootDirectory %s" % tenant["chroot"],
                "    ForceCommand internal-sftp",
                "    AuthorizedKeysFile %s" % tenant["authorized_keys_file"],
                "    AuthenticationMethods publickey",
                *sftp_only("    "),
            ]
        )
    lines.append("Match all")
    return "\n".join(lines) + "\n"


def _count(value, name):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BackupVaultError("%s: expected a number of bytes, got %s" % (name, excerpt(value)))
    return value


def filesystem_usage(stat):
    """``{size_bytes, used_bytes, free_bytes}`` of a file system from its ``os.statvfs`` result, as ``df -B1``
    counts them: used is every block not free, free is what an unprivileged user may still write."""
    return {
        "size_bytes": stat.f_blocks * stat.f_frsize,
        "used_bytes": (stat.f_blocks - stat.f_bfree) * stat.f_frsize,
        "free_bytes": stat.f_bavail * stat.f_frsize,
    }


def _disk(disk):
    if not isinstance(disk, Mapping):
        raise BackupVaultError("disk: expected {size_bytes, used_bytes, free_bytes}, got %s" % excerpt(disk))
    return {name: _count(disk.get(name), "disk.%s" % name) for name in ("size_bytes", "used_bytes", "free_bytes")}


def _repositories(layout):
    repositories = layout.get("repositories") if isinstance(layout, Mapping) else None
    if not isinstance(repositories, list):
        raise BackupVaultError("repositories: expected a list, got %s" % excerpt(repositories))
    for index, repository in enumerate(repositories):
        fields = ("path", "tenant", "environment", "data_set")
        if not isinstance(repository, Mapping) or not all(isinstance(repository.get(name), str) for name in fields):
            raise BackupVaultError(
                "repositories[%d]: expected {path, tenant, environment, data_set} strings, got %s"
                % (index, excerpt(repository))
            )
    return repositories


def _sizes(sizes):
    if not isinstance(sizes, Mapping):
        raise BackupVaultError("sizes: expected a mapping of repository path -> bytes, got %s" % excerpt(sizes))
    return {str(path): _count(size, "sizes[%s]" % excerpt(path, 80)) for path, size in sizes.items()}


def capacity_report(layout, sizes, disk, thresholds=None, generated=None):
    """Capacity of a vault: per tenant and repository size, the file system's size and free space, alerts.

    ``sizes`` maps repository paths to their bytes (the ``bytes`` of ``divalto.cloud.directory_usage``; a repository
    it could not measure is absent and reported missing), ``disk`` is :func:`filesystem_usage` of the vault's root.
    ``thresholds`` (percent of the file system used): ``warning_used_percent`` and ``critical_used_percent``.
    ``generated`` (a timestamp) is added when given; without it the report changes only when a measure changes
    (so that writing it is idempotent: the file's modification time is the time of the last change).
    """
    limits = dict(DEFAULT_THRESHOLDS)
    limits.update(thresholds or {})
    for name in DEFAULT_THRESHOLDS:
        value = limits[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 100:
            raise BackupVaultError("thresholds.%s: expected a percentage in ]0, 100], got %r" % (name, value))
    if limits["warning_used_percent"] > limits["critical_used_percent"]:
        raise BackupVaultError("thresholds: warning_used_percent must not exceed critical_used_percent")
    sizes = _sizes(sizes)
    disk = _disk(disk)
    tenants = {}
    missing = []
    for repository in _repositories(layout):
        size = sizes.get(repository["path"])
        if size is None:
            missing.append(repository["path"])
            size = 0
        tenant = tenants.setdefault(repository["tenant"], {"total_bytes": 0, "repositories": {}})
        tenant["repositories"]["%s/%s" % (repository["environment"], repository["data_set"])] = size
        tenant["total_bytes"] += size
    used_percent = round(100.0 * disk["used_bytes"] / disk["size_bytes"], 1) if disk["size_bytes"] else 100.0
    alerts = []
    if used_percent >= limits["critical_used_percent"]:
        level = "critical"
    elif used_percent >= limits["warning_used_percent"]:
        level = "warning"
    else:
        level = "ok"
    if level != "ok":
        alerts.append(
            "%s: the vault file system is %s%% used (threshold %s%%)"
            % (level, used_percent, limits["%s_used_percent" % level])
        )
    for path in missing:
        alerts.append("missing: repository %s has no size (not initialised?)" % path)
    report = {
        "status": "critical" if level == "critical" else ("warning" if alerts else "ok"),
        "disk": dict(disk, used_percent=used_percent),
        "thresholds": limits,
        "tenants": tenants,
        "total_bytes": sum(tenant["total_bytes"] for tenant in tenants.values()),
        "alerts": alerts,
    }
    if generated:
        report["generated"] = generated
    return report


def authorized_keys(published):
    """Tenant -> sorted unique public keys, from the ``file_backup_public_keys`` facts of the file servers.

    ``published`` is a list of ``{tenant: public key}`` mappings (one per file server); empty keys (a file server
    in check mode before its key exists) are left out.
    """
    if isinstance(published, (str, bytes, Mapping)) or not hasattr(published, "__iter__"):
        raise BackupVaultError("expected a list of {tenant: public key} mappings, got %r" % (published,))
    result = {}
    for index, keys in enumerate(list(published)):
        if not isinstance(keys, Mapping):
            raise BackupVaultError("[%d]: expected a mapping of tenant -> public key, got %r" % (index, keys))
        for tenant, key in keys.items():
            if not isinstance(key, str):
                raise BackupVaultError("[%d].%s: expected an SSH public key, got %r" % (index, tenant, key))
            if key.strip():
                result.setdefault(tenant, set()).add(key.strip())
    return {tenant: sorted(keys) for tenant, keys in sorted(result.items())}
