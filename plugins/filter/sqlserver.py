# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SQL Server filters; documented in sqlserver_instance.yml and sqlserver_databases.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.sqlserver import (
    SqlServerPlanError,
    databases_plan,
    instance_settings,
)


def sqlserver_instance(machine, reserve_min_gb=4, reserve_percent=10, backup_compression=True, backup_checksum=True):
    """Maximum server memory (MB) and sp_configure backup defaults of a SQL Server machine."""
    try:
        return instance_settings(machine, reserve_min_gb, reserve_percent, backup_compression, backup_checksum)
    except SqlServerPlanError as exc:
        raise AnsibleFilterError("sqlserver_instance: %s" % exc) from exc


def sqlserver_databases(
    environments,
    ha_pair,
    domain,
    owner="sa",
    nonproduction_recovery_model="Full",
    quota_shares=None,
    roles=("db_owner",),
):
    """Databases and logins of the environments placed on a SQL HA pair."""
    try:
        return databases_plan(environments, ha_pair, domain, owner, nonproduction_recovery_model, quota_shares, roles)
    except SqlServerPlanError as exc:
        raise AnsibleFilterError("sqlserver_databases: %s" % exc) from exc


class FilterModule:
    """SQL Server filters of divalto.cloud."""

    def filters(self):
        return {"sqlserver_instance": sqlserver_instance, "sqlserver_databases": sqlserver_databases}
