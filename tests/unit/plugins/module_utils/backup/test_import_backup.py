# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a client's backup holds (import_backup.ps1's result, replayed) and the T-SQL restoring it."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_backup import (
    ImportBackupError,
    backup_facts,
    restore_statement,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_file import GIB

COPY = "D:\\MSSQL\\Backup\\import\\acme_staging-20261206T020000Z.bak"
HEADER = {
    "Position": "1",
    "BackupType": "1",
    "DatabaseName": "DIVALTO_PROD",
    "ServerName": "CLIENTSRV\\SQL2019",
    "SoftwareVersionMajor": "15",
    "SoftwareVersionMinor": "0",
    "SoftwareVersionBuild": "4355",
    "BackupSize": "3221225472",
    "CompressedBackupSize": "805306368",
    "BackupFinishDate": "2026-12-01T22:14:03.0000000+01:00",
    "HasBackupChecksums": "True",
    "IsCopyOnly": "False",
}
FILES = [
    {
        "LogicalName": "DIVALTO_PROD",
        "PhysicalName": "E:\\Data\\prod.mdf",
        "Type": "D",
        "FileId": "1",
        "Size": "4294967296",
    },
    {
        "LogicalName": "DIVALTO_PROD_log",
        "PhysicalName": "F:\\Log\\prod_log.ldf",
        "Type": "L",
        "FileId": "2",
        "Size": "1073741824",
    },
    {
        "LogicalName": "DIVALTO_ARCHIVE",
        "PhysicalName": "E:\\Data\\archive.ndf",
        "Type": "D",
        "FileId": "3",
        "Size": "1073741824",
    },
]
# import_backup.ps1's $Ansible.Result as win_powershell returns it.
RESULT = {
    "Verified": "true",
    "Version": "16.0.4135.4",
    "DataPath": "D:\\MSSQL\\Data\\",
    "LogPath": "L:\\MSSQL\\Log\\",
    "Headers": [HEADER],
    "Files": FILES,
}


def facts(result=None, quota=50):
    return backup_facts(RESULT if result is None else result, COPY, "acme_staging_erp", quota, "acme_staging")


def changed(**values):
    result = copy.deepcopy(RESULT)
    result.update(values)
    return result


def with_header(**values):
    return changed(Headers=[dict(HEADER, **values)])


def test_a_full_backup_of_an_older_version_is_read_and_moved_into_the_instances_directories():
    got = facts()
    assert got["database_name"] == "DIVALTO_PROD" and got["server_name"] == "CLIENTSRV\\SQL2019"
    assert got["version"] == "15.0.4355 (SQL Server 2019)"
    assert got["instance_version"] == "16.0.4135 (SQL Server 2022)"
    assert got["restored_size"] == 6 * GIB and got["backup_size"] == 3 * GIB and got["compressed_size"] == 768 * 2**20
    assert got["checksums"] is True and got["copy_only"] is False and got["verified"] is True
    assert [(f["logical_name"], f["type"], f["to"]) for f in got["files"]] == [
        ("DIVALTO_PROD", "D", "D:\\MSSQL\\Data\\acme_staging_erp.mdf"),
        ("DIVALTO_PROD_log", "L", "L:\\MSSQL\\Log\\acme_staging_erp_log.ldf"),
        ("DIVALTO_ARCHIVE", "D", "D:\\MSSQL\\Data\\acme_staging_erp_1.ndf"),
    ]


def test_powershell_51_one_element_arrays_come_back_as_objects():
    got = facts(changed(Headers=HEADER, Files=[FILES[0], FILES[1]]))
    assert got["position"] == 1 and len(got["files"]) == 2


@pytest.mark.parametrize(
    "result, message",
    [
        (changed(Verified="false"), "RESTORE VERIFYONLY did not succeed"),
        (changed(Headers=[HEADER, dict(HEADER, Position="2")]), "holds 2 backup sets: exactly one"),
        (changed(Headers=[]), "holds 0 backup sets"),
        (with_header(BackupType="5"), "is a differential database backup \\(BackupType '5'\\)"),
        (with_header(BackupType="2"), "is a transaction log backup"),
        (with_header(SoftwareVersionMajor="17"), "taken by SQL Server 17.0.4355 \\(SQL Server 2025\\), newer than"),
        (with_header(SoftwareVersionBuild="4136", SoftwareVersionMajor="16"), "newer than the target's instance"),
        (with_header(SoftwareVersionMajor={"value": 15}), "SoftwareVersionMajor is not a text"),
        (with_header(BackupSize="-1"), "BackupSize is not a whole number"),
        (changed(Version="SQL 2022"), "is not a SQL Server version"),
        (changed(DataPath="Data"), "must be an absolute Windows path"),
        (changed(Files=[FILES[0]]), "a database backup has data and log files"),
        (changed(Files=FILES + [dict(FILES[0], FileId="4", Type="S", LogicalName="fs")]), "FILESTREAM"),
        (changed(Files=[FILES[0], dict(FILES[1], LogicalName="divalto_prod")]), "appears twice"),
        (changed(Files=[FILES[0], dict(FILES[1], LogicalName="x" * 129)]), "logical file name: identifier"),
        (changed(Files="E:\\Data\\prod.mdf"), "Files is not a list of rows"),
        (changed(Files=None), "Files is not a list of rows"),
        ("error", "no result from the SQL primary"),
    ],
)
def test_what_cannot_be_imported_is_refused_naming_why(result, message):
    with pytest.raises(ImportBackupError, match=message):
        facts(result)


def test_restored_files_larger_than_the_quota_are_refused_with_both_numbers():
    with pytest.raises(ImportBackupError) as info:
        facts(quota=5)
    assert "restores into 6442450944 bytes (6.00 GiB of data and log files), more than the database quota of " in (
        str(info.value)
    )
    assert "(5 GB = 5368709120 bytes)" in str(info.value)


def test_the_restore_batch_quotes_every_name_and_moves_every_file():
    hostile = changed(Files=[dict(FILES[0], LogicalName="x']; DROP DATABASE master; --"), FILES[1]])
    sql = restore_statement("acme_staging_erp", COPY, facts(hostile))
    assert sql.splitlines() == [
        "IF DB_ID(N'acme_staging_erp') IS NOT NULL",
        "    ALTER DATABASE [acme_staging_erp] SET SINGLE_USER WITH ROLLBACK IMMEDIATE;",
        "RESTORE DATABASE [acme_staging_erp] FROM DISK = N'%s'" % COPY,
        "    WITH FILE = 1,",
        "         REPLACE,",
        "         CHECKSUM,",
        "         MOVE N'x'']; DROP DATABASE master; --' TO N'D:\\MSSQL\\Data\\acme_staging_erp.mdf',",
        "         MOVE N'DIVALTO_PROD_log' TO N'L:\\MSSQL\\Log\\acme_staging_erp_log.ldf',",
        "         RECOVERY,",
        "         STATS = 10;",
        "ALTER DATABASE [acme_staging_erp] SET MULTI_USER;",
        "ALTER AUTHORIZATION ON DATABASE::[acme_staging_erp] TO [sa];",
        "ALTER DATABASE [acme_staging_erp] SET RECOVERY FULL;",
    ]


def test_the_owner_and_recovery_model_are_the_platforms():
    sql = restore_statement("acme_staging_erp", COPY, facts(), "CLOUD\\sql]owner", "Simple")
    assert sql.splitlines()[-2:] == [
        "ALTER AUTHORIZATION ON DATABASE::[acme_staging_erp] TO [CLOUD\\sql]]owner];",
        "ALTER DATABASE [acme_staging_erp] SET RECOVERY SIMPLE;",
    ]
    with pytest.raises(ImportBackupError, match="recovery model: expected one of BulkLogged, Full, Simple, got 'full'"):
        restore_statement("acme_staging_erp", COPY, facts(), "sa", "full")
    with pytest.raises(ImportBackupError, match="the database or its owner: identifier: expected 1 to 128"):
        restore_statement("acme_staging_erp", COPY, facts(), "", "Full")


def test_a_backup_without_checksums_is_restored_without_the_checksum_option():
    sql = restore_statement("acme_staging_erp", COPY, facts(with_header(HasBackupChecksums="False")))
    assert "CHECKSUM" not in sql and "REPLACE" in sql
