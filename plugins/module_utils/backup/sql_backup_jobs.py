# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SQL Server Agent backup jobs with Ola Hallengren's DatabaseBackup (private to the divalto.cloud collection).

Pure Python, no Ansible imports. :func:`sql_backup_jobs` computes, for one SQL Server machine, every value the
``sql_backup`` role gives to ``lowlydba.sqlserver`` (``maintenance_solution``, ``agent_job``, ``agent_job_step``,
``agent_job_schedule``), from the backup policy (``backup_policy.effective_policy``):

* Three jobs, ``<prefix>_full``, ``<prefix>_diff``, ``<prefix>_log``, each with one T-SQL step running
  ``[dbo].[DatabaseBackup]`` in ``master`` over ``USER_DATABASES`` with ``@CheckSum = 'Y'``, ``@Verify = 'Y'``,
  ``@LogToTable = 'Y'`` and ``@CleanupTime`` (hours) = the horizon of the backup type
  (``backup_compliance.horizons``): how long a backup of that type can be needed. With the service policy that
  is 480 h for FULL (a full is needed as long as the differentials based on it: 14 days after Saturday's
  differential), 336 h for DIFF and 48 h for LOG (a restore to the start of the 24-hour log window needs the logs
  since the base before it). Shorter cleanup times delete files the compliance check calls needed.
  DIFF and LOG use ``@ChangeBackupType = 'Y'`` (a database without a full gets one instead).
* The schedules are ``backup_schedule.sql_agent_schedules`` (FULL Sunday 21:00, DIFF Monday to Saturday 21:00,
  one schedule per day; LOG every 60 minutes), one list per job.
* ``@Directory``: the backup share of the backup vault of the policy's ``databases.copy_to`` datacenter (the
  recovery datacenter): ``\\\\<vault machine>\\<share>\\<HA pair or machine>``. Ola Hallengren's directory
  structure adds ``<server>$<instance>\\<database>\\<FULL|DIFF|LOG>`` below it. When several vaults are in that
  datacenter, the first by name is used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.backup.compliance import horizons
from ansible_collections.divalto.cloud.plugins.module_utils.backup.schedule import (
    BackupScheduleError,
    sql_agent_schedules,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import (
    BackupPolicyError,
    effective_policy,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import backup_vault

KINDS = ("full", "diff", "log")
BACKUP_TYPES = {"full": "FULL", "diff": "DIFF", "log": "LOG"}
JOB_CATEGORY = "Database Maintenance"  # exists on every SQL Server instance
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
_SQL_TEXT_RE = re.compile(r"^[^'\x00-\x1f]*$")


class SqlBackupJobsError(DivaltoError):
    """The machine, vaults, policy or options cannot give backup jobs; the message says which."""


def _text(name, value, pattern=_NAME_RE):
    if not isinstance(value, str) or not pattern.match(value):
        raise SqlBackupJobsError("%s: expected a name of letters, digits, '_', '.', '-', got %r" % (name, value))
    return value


def backup_share(vaults, copy_to, share):
    """``\\\\<vault>\\<share>``: the share of the vault of ``copy_to`` receiving SQL backups
    (``core.topology.backup_vault``: the first by name)."""
    machines = {str(vault.get("name")): vault for vault in vaults if isinstance(vault, Mapping)}
    vault = backup_vault(machines, copy_to)
    if vault is None:
        raise SqlBackupJobsError(
            "no backup_vault machine in datacenter %r (backup.databases.copy_to) to write SQL Server backups to"
            % (copy_to,)
        )
    return "\\\\%s\\%s" % (_text("vault machine name", vault), _text("share", share))


def backup_directory(machine, vaults, copy_to, share):
    """``\\\\<vault>\\<share>\\<HA pair or machine name>``: where the machine's SQL Server writes its backups."""
    root = backup_share(vaults, copy_to, share)
    owner = _text("ha_pair", machine["ha_pair"]) if machine.get("ha_pair") else _text("machine name", machine["name"])
    return "%s\\%s" % (root, owner)


def _command(kind, directory, cleanup_hours, databases):
    """The DatabaseBackup call; ``cleanup_hours`` None: no ``@CleanupTime`` (nothing older is deleted)."""
    parameters = [
        ("Databases", "N'%s'" % databases),
        ("Directory", "N'%s'" % directory),
        ("BackupType", "'%s'" % BACKUP_TYPES[kind]),
        ("Verify", "'Y'"),
        ("CheckSum", "'Y'"),
    ]
    if cleanup_hours is not None:
        parameters.append(("CleanupTime", "%d" % cleanup_hours))
    if kind != "full":
        parameters.append(("ChangeBackupType", "'Y'"))
    parameters.append(("LogToTable", "'Y'"))
    return "EXECUTE [dbo].[DatabaseBackup]\n" + ",\n".join("@%s = %s" % item for item in parameters)


def sql_backup_jobs(
    machine,
    platform,
    vaults,
    share="sqlbackup",
    prefix="divalto_backup",
    databases="USER_DATABASES",
    start_date="20260101",
):
    """The maintenance solution settings, backup directory and jobs of one SQL Server machine (see module doc).

    ``machine`` is the ``divalto_machine`` host variable (role ``sql``), ``platform`` the ``divalto_platform``
    variable, ``vaults`` the ``divalto_machine`` variables of the ``backup_vault`` machines.
    """
    if not isinstance(machine, Mapping) or machine.get("role") != "sql":
        raise SqlBackupJobsError("expected the divalto_machine variable of a machine of role sql, got %r" % (machine,))
    if not isinstance(vaults, (list, tuple)):
        raise SqlBackupJobsError("vaults: expected a list of divalto_machine variables, got %r" % (vaults,))
    _text("prefix", prefix)
    if not isinstance(databases, str) or not databases or not _SQL_TEXT_RE.match(databases):
        raise SqlBackupJobsError("databases: expected an Ola Hallengren @Databases selection without quotes")
    if not isinstance(start_date, str) or not re.match(r"^\d{8}$", start_date):
        raise SqlBackupJobsError("start_date: expected yyyyMMdd, got %r" % (start_date,))
    try:
        policy = effective_policy(platform)
        schedules = sql_agent_schedules(policy, prefix=prefix, start_date=start_date)
        cleanup = {kind: int(round(horizons(policy)[kind].total_seconds() / 3600)) for kind in KINDS}
    except (BackupPolicyError, BackupScheduleError) as exc:
        raise SqlBackupJobsError(str(exc)) from exc
    directory = backup_directory(machine, vaults, policy["databases"]["copy_to"], share)
    jobs = []
    for kind in KINDS:
        job = "%s_%s" % (prefix, kind)
        jobs.append(
            {
                "job": job,
                "kind": kind,
                "description": "Ola Hallengren DatabaseBackup %s of %s to the %s vault, files kept %d h"
                % (BACKUP_TYPES[kind], databases, policy["databases"]["copy_to"], cleanup[kind]),
                "category": JOB_CATEGORY,
                "cleanup_hours": cleanup[kind],
                "step": {
                    "step_id": 1,
                    "step_name": "DatabaseBackup - %s - %s" % (databases, BACKUP_TYPES[kind]),
                    "database": "master",
                    "subsystem": "TransactSql",
                    "command": _command(kind, directory, cleanup[kind], databases),
                    "on_success_action": "QuitWithSuccess",
                    "on_fail_action": "QuitWithFailure",
                },
                "schedules": [dict(schedule, job=job) for schedule in schedules[kind]],
            }
        )
    return {
        "machine": machine.get("name"),
        "copy_to": policy["databases"]["copy_to"],
        "timezone": policy["timezone"],
        "directory": directory,
        "share_root": backup_share(vaults, policy["databases"]["copy_to"], share),
        "maintenance_solution": {
            "database": "master",
            "solution": "Backup",
            "log_to_table": True,
            "install_jobs": False,
        },
        "jobs": jobs,
        # A full backup now of the same databases into the same directory, deleting nothing: the final backups of
        # offboard_tenant.yml (the D+1 package reads the newest FULL there).
        "final_full_command": _command("full", directory, None, databases),
    }
