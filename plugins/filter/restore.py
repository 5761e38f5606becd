# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Restore filters; each documented in restore_<name>.yml next to this file."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_plan import (
    RestorePlanError,
    file_commands,
    resolve_target,
    snapshot_commands,
)
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


def restore_keys(tenant, source, environments, target=None):
    """{source, target} environment keys of a restore request; refuses a cross-tenant target."""
    try:
        source_key, target_key = resolve_target(environments, tenant, source, target or None)
    except RestorePlanError as exc:
        raise AnsibleFilterError("restore_keys: %s" % exc) from exc
    return {"source": source_key, "target": target_key}


class FilterModule:
    def filters(self):
        return {
            "restore_file_commands": restore_file_commands,
            "restore_keys": restore_keys,
            "restore_snapshot_commands": restore_snapshot_commands,
        }
