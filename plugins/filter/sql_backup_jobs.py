# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SQL Server backup jobs filter; documented in sql_backup_jobs.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.backup.sql_backup_jobs import (
    SqlBackupJobsError,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.sql_backup_jobs import (
    sql_backup_jobs as _sql_backup_jobs,
)


def sql_backup_jobs(
    machine,
    platform,
    vaults,
    share="sqlbackup",
    prefix="divalto_backup",
    databases="USER_DATABASES",
    start_date="20260101",
):
    """Ola Hallengren backup jobs, schedules and backup directory of a SQL Server machine."""
    try:
        return _sql_backup_jobs(machine, platform, vaults, share, prefix, databases, start_date)
    except SqlBackupJobsError as exc:
        raise AnsibleFilterError("sql_backup_jobs: %s" % exc) from exc


class FilterModule:
    """SQL Server backup filters of divalto.cloud."""

    def filters(self):
        return {"sql_backup_jobs": sql_backup_jobs}
