# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Restore filters; each documented in restore_<name>.yml next to this file."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.backup.copy_marker import copy_marker
from ansible_collections.divalto.cloud.plugins.module_utils.backup.copy_users import CopyUsersError, copy_users
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_plan import (
    RestorePlanError,
    file_commands,
    map_databases,
    snapshot_commands,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_report import RestoreReportError, run_report
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_scope import with_databases
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import (
    BackupPolicyError,
    effective_policy,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.tsql import TsqlError


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


def restore_report(
    plan,
    started,
    started_epoch,
    awx_user,
    controller_user,
    failure=None,
    haproxy_rows=None,
    request=None,
    copy=None,
    done=None,
):
    """The run report of restore.yml: the plan, what was restored from which backups, by whom, when, how long."""
    try:
        return run_report(
            plan,
            started,
            started_epoch,
            awx_user,
            controller_user,
            failure,
            haproxy_rows or [],
            request=request,
            copy=copy,
            done=done,
        )
    except RestoreReportError as exc:
        raise AnsibleFilterError("restore_report: %s" % exc) from exc


def restore_copy(request, environments, domain, roles):
    """A copy's database users (source's removed, target's granted) and its mark, per restored database."""
    try:
        source, target = request["source"], request["target"]
        databases = (
            [name for _role, _source, name in map_databases(environments, source, target)]
            if with_databases(request["scope"])
            else []
        )
        return {
            "users": copy_users(environments, source, target, databases, domain, roles),
            "marker": copy_marker(request, request.get("neutralisation"), databases),
        }
    except (TypeError, KeyError, AttributeError) as exc:
        raise AnsibleFilterError("restore_copy: expected the request of restore_request (%r)" % (exc,)) from exc
    except (CopyUsersError, RestorePlanError, TsqlError) as exc:
        raise AnsibleFilterError("restore_copy: %s" % exc) from exc


class FilterModule:
    def filters(self):
        return {
            "restore_copy": restore_copy,
            "restore_file_commands": restore_file_commands,
            "restore_report": restore_report,
            "restore_snapshot_commands": restore_snapshot_commands,
        }
