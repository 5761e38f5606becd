# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SQL Server Agent backup jobs of every SQL instance of inventories/example, against golden files.

The golden files (``fixtures/sql_backup_jobs/<machine>.json``: job names, step commands, schedules) were
generated once, reviewed, and frozen. When a change is intended, regenerate them with ``make golden`` and review
the diff.
"""

from __future__ import annotations

import copy
import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.sql_backup_jobs import (
    SqlBackupJobsError,
    backup_directory,
    sql_backup_jobs,
)

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "sql_backup_jobs"
EXAMPLE_SQL = ["sql-par1-01", "sql-par1-02", "sql-sxb1-01", "sql-sxb1-02"]


def vaults(model):
    return [model["hosts"][name]["divalto_machine"] for name in model["groups"]["role_backup_vault"]["hosts"]]


def plan(model, name, **kwargs):
    machine = model["hosts"][name]["divalto_machine"]
    return sql_backup_jobs(machine, model["vars"]["divalto_platform"], vaults(model), **kwargs)


def test_every_example_sql_instance_has_a_golden_file(example_model):
    assert sorted(example_model["groups"]["role_sql"]["hosts"]) == EXAMPLE_SQL
    assert sorted(path.stem for path in FIXTURES.glob("*.json")) == EXAMPLE_SQL


@pytest.mark.parametrize("name", EXAMPLE_SQL)
def test_golden_jobs(example_model, name, golden):
    golden(FIXTURES / ("%s.json" % name), json.dumps(plan(example_model, name), indent=2, sort_keys=True) + "\n")


def test_the_jobs_follow_the_policy(example_model):
    result = plan(example_model, "sql-par1-01")
    assert result["directory"] == "\\\\vault-sxb1-01\\sqlbackup\\sql-par1-a"
    jobs = {job["kind"]: job for job in result["jobs"]}
    assert [job["job"] for job in result["jobs"]] == [
        "divalto_backup_full",
        "divalto_backup_diff",
        "divalto_backup_log",
    ]
    assert {kind: job["cleanup_hours"] for kind, job in jobs.items()} == {"full": 480, "diff": 336, "log": 48}
    for job in result["jobs"]:
        command = job["step"]["command"]
        assert "@CheckSum = 'Y'" in command and "@Verify = 'Y'" in command
        assert "@CleanupTime = %d" % job["cleanup_hours"] in command
        assert all(schedule["job"] == job["job"] for schedule in job["schedules"])
    assert [s["frequency_interval"] for s in jobs["full"]["schedules"]] == ["Sunday"]
    assert [s["frequency_interval"] for s in jobs["diff"]["schedules"]] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ]
    assert {s["start_time"] for s in jobs["full"]["schedules"] + jobs["diff"]["schedules"]} == {"210000"}
    (log,) = jobs["log"]["schedules"]
    assert (log["frequency_type"], log["frequency_subday_type"], log["frequency_subday_interval"]) == (
        "Daily",
        "Hours",
        1,
    )


def test_the_final_full_backup_deletes_nothing(example_model):
    """offboard_tenant.yml's final backup: the full job's call for the tenant's databases, without @CleanupTime."""
    result = plan(example_model, "sql-par1-01", databases="acme_production_erp,acme_staging_erp")
    full = next(job for job in result["jobs"] if job["kind"] == "full")["step"]["command"]
    assert "@CleanupTime = 480" in full
    assert result["final_full_command"] == full.replace("@CleanupTime = 480,\n", "")
    assert result["final_full_command"].startswith(
        "EXECUTE [dbo].[DatabaseBackup]\n@Databases = N'acme_production_erp,acme_staging_erp',\n"
        "@Directory = N'\\\\vault-sxb1-01\\sqlbackup\\sql-par1-a',\n@BackupType = 'FULL',"
    )
    assert "CleanupTime" not in result["final_full_command"]


def test_a_changed_policy_changes_the_jobs(example_model):
    model = copy.deepcopy(example_model)
    backup = model["vars"]["divalto_platform"]["backup"]
    backup["databases"]["log"] = {"every_minutes": 15, "keep_hours": 12}
    backup["databases"]["differential"]["keep_days"] = 7
    backup["databases"]["full"]["keep_days"] = 28
    result = plan(model, "sql-par1-02", prefix="bk", share="sql")
    jobs = {job["kind"]: job for job in result["jobs"]}
    # full: max(28 days, 7 days + 6 days to Saturday's differential); log: 12 h + 24 h between bases
    assert {kind: job["cleanup_hours"] for kind, job in jobs.items()} == {"full": 672, "diff": 168, "log": 36}
    assert jobs["log"]["schedules"][0]["frequency_subday_type"] == "Minutes"
    assert jobs["log"]["schedules"][0]["frequency_subday_interval"] == 15
    assert result["directory"] == "\\\\vault-sxb1-01\\sql\\sql-par1-a"
    assert jobs["full"]["job"] == "bk_full"


def test_machine_without_ha_pair_uses_its_name():
    machine = {"name": "sql-solo", "role": "sql", "datacenter": "par1"}
    vault = [
        {"name": "vault-b", "role": "backup_vault", "datacenter": "sxb1"},
        {"name": "vault-a", "role": "backup_vault", "datacenter": "sxb1"},
    ]
    assert backup_directory(machine, vault, "sxb1", "sqlbackup") == "\\\\vault-a\\sqlbackup\\sql-solo"


PLATFORM = {"datacenters": {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}}}
SQL = {"name": "sql-1", "role": "sql", "datacenter": "par1", "ha_pair": "sql-a"}
VAULTS = [{"name": "vault-1", "role": "backup_vault", "datacenter": "sxb1"}]


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        (({"role": "app"}, PLATFORM, VAULTS), {}, "expected the divalto_machine variable of a machine of role sql"),
        ((SQL, PLATFORM, "vault-1"), {}, "vaults: expected a list of divalto_machine variables"),
        ((SQL, PLATFORM, []), {}, "no backup_vault machine in datacenter 'sxb1' (backup.databases.copy_to)"),
        ((SQL, PLATFORM, VAULTS), {"prefix": "bad prefix"}, "prefix: expected a name of letters"),
        ((SQL, PLATFORM, VAULTS), {"share": "a\\b"}, "share: expected a name of letters"),
        ((SQL, PLATFORM, VAULTS), {"databases": "x'; DROP"}, "databases: expected an Ola Hallengren @Databases"),
        ((SQL, PLATFORM, VAULTS), {"start_date": "2026-01-01"}, "start_date: expected yyyyMMdd"),
        ((SQL, {"datacenters": {}}, VAULTS), {}, "backup.databases.copy_to: expected a datacenter name"),
    ],
)
def test_errors(args, kwargs, message):
    with pytest.raises(SqlBackupJobsError) as error:
        sql_backup_jobs(*args, **kwargs)
    assert str(error.value).startswith(message)
