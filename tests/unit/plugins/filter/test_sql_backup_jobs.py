# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.sql_backup_jobs import FilterModule

PLATFORM = {"datacenters": {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}}}
SQL = {"name": "sql-1", "role": "sql", "datacenter": "par1", "ha_pair": "sql-a"}
VAULTS = [{"name": "vault-1", "role": "backup_vault", "datacenter": "sxb1"}]


def test_filter_returns_the_jobs():
    result = FilterModule().filters()["sql_backup_jobs"](SQL, PLATFORM, VAULTS)
    assert result["directory"] == "\\\\vault-1\\sqlbackup\\sql-a"
    assert [job["job"] for job in result["jobs"]] == [
        "divalto_backup_full",
        "divalto_backup_diff",
        "divalto_backup_log",
    ]


def test_filter_error():
    with pytest.raises(AnsibleFilterError) as error:
        FilterModule().filters()["sql_backup_jobs"](SQL, PLATFORM, [])
    assert str(error.value).startswith("sql_backup_jobs: no backup_vault machine in datacenter 'sxb1'")
