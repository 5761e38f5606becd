# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sqlserver_instance filter; documented in sqlserver_instance.yml.

The databases and logins of a pair are computed by the divalto.cloud.sqlserver_databases action.
"""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.sqlserver import (
    SqlServerPlanError,
    instance_settings,
)


def sqlserver_instance(machine, reserve_min_gb=4, reserve_percent=10, backup_compression=True, backup_checksum=True):
    """Maximum server memory (MB) and sp_configure backup defaults of a SQL Server machine."""
    try:
        return instance_settings(machine, reserve_min_gb, reserve_percent, backup_compression, backup_checksum)
    except SqlServerPlanError as exc:
        raise AnsibleFilterError("sqlserver_instance: %s" % exc) from exc


class FilterModule:
    """The SQL Server filter of divalto.cloud."""

    def filters(self):
        return {"sqlserver_instance": sqlserver_instance}
