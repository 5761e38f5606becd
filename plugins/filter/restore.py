# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Restore filters; each documented in restore_<name>.yml next to this file."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_plan import (
    RestorePlanError,
    file_commands,
    snapshot_commands,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_report import RestoreReportError, run_report
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import (
    BackupPolicyError,
    effective_policy,
)


def restore_file_commands(plan, environments, platform, file_pair, root, os_family, vaults):
    """restic commands (safety backup, restores) of one file server for a restore plan."""
    try:
        return file_commands(plan, environments, effective_policy(platform), file_pair, root, os_family, vaults)
    except (RestorePlanError, BackupPolicyError) as exc:
        raise AnsibleFilterError("restore_file_commands: %s" % exc) from exc


def restore_snapshot_commands(environment_key, environments, platform, file_pair, root, os_family, vaults):
    """restic commands listing an environment's snapshots (JSON), one per data set, on one file server."""
    try:
        return snapshot_commands(
            environments, environment_key, effective_policy(platform), file_pair, root, os_family, vaults
        )
    except (RestorePlanError, BackupPolicyError) as exc:
        raise AnsibleFilterError("restore_snapshot_commands: %s" % exc) from exc


def restore_report(plan, started, started_epoch, awx_user, controller_user, failure=None, haproxy_rows=None):
    """The run report of restore.yml: the plan, what was restored from which backups, by whom, when, how long."""
    try:
        return run_report(plan, started, started_epoch, awx_user, controller_user, failure, haproxy_rows or [])
    except RestoreReportError as exc:
        raise AnsibleFilterError("restore_report: %s" % exc) from exc


class FilterModule:
    def filters(self):
        return {
            "restore_file_commands": restore_file_commands,
            "restore_report": restore_report,
            "restore_snapshot_commands": restore_snapshot_commands,
        }
