# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Backup filters; each documented in backup_<name>.yml next to this file."""

from __future__ import annotations

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_area import ExportAreaError
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import (
    ResticError,
    expected_kept,
    select_snapshot,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_test import (
    RestoreTestError,
    pick_environment,
    restore_test_report,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.schedule import (
    BackupScheduleError,
    occurrences,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.vault import (
    BackupVaultError,
    authorized_keys,
    vault_layout,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core import topology
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import (
    BackupPolicyError,
    effective_policy,
)

_ERRORS = (
    BackupPolicyError,
    BackupScheduleError,
    BackupVaultError,
    ExportAreaError,
    ResticError,
    RestoreTestError,
    KeyError,
    TypeError,
)


def _call(name, function, *args):
    try:
        return function(*args)
    except _ERRORS as exc:
        raise AnsibleFilterError("%s: %s" % (name, exc)) from exc


def backup_policy(platform):
    """The effective backup policy of divalto_platform."""
    return _call("backup_policy", effective_policy, platform)


def backup_occurrences(policy, job, start, end):
    """ISO 8601 instants of a backup job between two instants."""
    return [moment.isoformat() for moment in _call("backup_occurrences", occurrences, policy, job, start, end)]


def backup_expected_kept(snapshots, keep_days, local_zone=None):
    """Snapshots restic forget --keep-within keeps, computed without restic."""
    return _call("backup_expected_kept", expected_kept, snapshots, keep_days, local_zone)


def backup_select_snapshot(snapshots, at, environment=None, data_set=None):
    """The latest snapshot at or before a point in time."""
    return _call("backup_select_snapshot", select_snapshot, snapshots, at, environment, data_set)


def backup_vault_layout(
    environments,
    policy,
    datacenter,
    root="/srv/backup",
    check_at="06:00",
    export_root="/srv/export",
    download_port=None,
):
    """Tenants, accounts, chroots and repositories of a vault, its daily check and its download area."""
    return _call(
        "backup_vault_layout",
        vault_layout,
        environments,
        policy,
        datacenter,
        root,
        check_at,
        export_root,
        download_port,
    )


def backup_restore_test_pick(environments, today, requested=None):
    """The environment the restore test checks this week."""
    return _call("backup_restore_test_pick", pick_environment, environments, today, requested)


def backup_restore_test_report(environment, steps, started, ended, required_parts=("files",)):
    """Verdict and renderings of a restore test."""
    return _call("backup_restore_test_report", restore_test_report, environment, steps, started, ended, required_parts)


def _machines(name, machines):
    """``machines`` when it is divalto_platform.machines' shape (name -> dict), else the filter's error."""
    if not isinstance(machines, Mapping) or not all(isinstance(machine, Mapping) for machine in machines.values()):
        raise AnsibleFilterError("%s: expected divalto_platform.machines (machine name -> its variables)" % name)
    return machines


def backup_vault_addresses(machines):
    """{datacenter: address} of each datacenter's backup vault."""
    _machines("backup_vault_addresses", machines)
    return _call("backup_vault_addresses", topology.backup_vault_addresses, machines)


def backup_vaults(machines):
    """{datacenter: machine name} of each datacenter's backup vault."""
    _machines("backup_vaults", machines)
    return _call("backup_vaults", topology.backup_vaults, machines)


def backup_authorized_keys(published):
    """Tenant -> public keys from the file servers' file_backup_public_keys facts."""
    return _call("backup_authorized_keys", authorized_keys, published)


class FilterModule:
    """Backup filters of divalto.cloud."""

    def filters(self):
        return {
            "backup_policy": backup_policy,
            "backup_occurrences": backup_occurrences,
            "backup_expected_kept": backup_expected_kept,
            "backup_select_snapshot": backup_select_snapshot,
            "backup_vault_layout": backup_vault_layout,
            "backup_vault_addresses": backup_vault_addresses,
            "backup_vaults": backup_vaults,
            "backup_restore_test_pick": backup_restore_test_pick,
            "backup_restore_test_report": backup_restore_test_report,
            "backup_authorized_keys": backup_authorized_keys,
        }
