# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.history import (
    BackupHistoryError,
    SqlBackup,
    normalise_restic_snapshots,
    normalise_sql_history,
    parse_time,
)

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "backup_compliance"
UTC = dt.UTC


def record(**overrides):
    base = {
        "Database": "acme_production_erp",
        "Type": "Log",
        "Start": "2026-11-23T10:00:02.000+01:00",
        "End": "2026-11-23T10:00:52.000+01:00",
        "FirstLsn": 100,
        "LastLsn": 200,
        "DatabaseBackupLsn": 50,
        "CheckpointLsn": 60,
        "Path": ["\\\\vault\\x.trn"],
        "IsCopyOnly": False,
        "SqlInstance": "SQL-PAR1-01",
    }
    base.update(overrides)
    return base


def test_recorded_dbatools_history():
    records = json.loads((FIXTURES / "recorded_sql_history.json").read_text(encoding="utf-8"))
    backups = normalise_sql_history(records)
    assert len(backups) == len(records)
    first = backups[0]
    assert first == SqlBackup(
        database="acme_production_erp",
        kind="full",
        start=dt.datetime(2026, 11, 1, 20, 0, 2, tzinfo=UTC),
        end=dt.datetime(2026, 11, 1, 20, 24, 2, tzinfo=UTC),
        first_lsn=records[0]["FirstLsn"],
        last_lsn=records[0]["LastLsn"],
        database_backup_lsn=None,
        checkpoint_lsn=records[0]["CheckpointLsn"],
        paths=tuple(records[0]["Path"]),
        copy_only=False,
        server="SQL-PAR1-01",
        environment=None,
        present=False,
    )
    assert [b.start for b in backups] == sorted(b.start for b in backups)
    assert {b.kind for b in backups} == {"full", "diff", "log"}


def test_msdb_columns_and_naive_local_times():
    backups = normalise_sql_history(
        [
            {
                "database_name": "db",
                "type": "D",
                "backup_start_date": "2026-07-05T21:00:00",
                "backup_finish_date": "2026-07-05T21:10:00",
                "first_lsn": "41000000001",
                "last_lsn": "41000000009",
                "database_backup_lsn": None,
                "checkpoint_lsn": "41000000002",
                "physical_device_name": "\\\\vault\\db.bak",
                "is_copy_only": 0,
                "server_name": "SQL-PAR1-01",
                "environment": "acme_production",
            }
        ]
    )
    (backup,) = backups
    assert backup.kind == "full"
    assert backup.start == dt.datetime(2026, 7, 5, 19, 0, tzinfo=UTC)  # CEST
    assert backup.first_lsn == 41000000001 and backup.checkpoint_lsn == 41000000002
    assert backup.paths == ("\\\\vault\\db.bak",)
    assert backup.environment == "acme_production" and backup.present is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("/Date(1795449600000)/", dt.datetime(2026, 11, 23, 16, 0, tzinfo=UTC)),
        ({"value": "2026-11-23T10:00:00Z", "DateTime": "Monday..."}, dt.datetime(2026, 11, 23, 10, 0, tzinfo=UTC)),
        ("2026-11-22T22:00:41.123456789+01:00", dt.datetime(2026, 11, 22, 21, 0, 41, 123456, tzinfo=UTC)),
    ],
)
def test_time_formats(value, expected):
    assert parse_time(value, UTC) == expected


def test_single_object_duplicates_and_types():
    single = normalise_sql_history(record(Type="Database Differential"))
    assert [b.kind for b in single] == ["diff"]
    merged = normalise_sql_history([record(Path="\\\\a.trn"), record(Path=["\\\\b.trn", "\\\\a.trn"])])
    assert len(merged) == 1 and merged[0].paths == ("\\\\a.trn", "\\\\b.trn")
    assert normalise_sql_history(None) == []
    assert normalise_sql_history([record(IsCopyOnly="true", Present="false")])[0][-5:-1] == (
        True,
        "SQL-PAR1-01",
        None,
        False,
    )


@pytest.mark.parametrize(
    "records, message",
    [
        ("nope", "sql history record -, field '-': expected a list of records, got str"),
        (["nope"], "sql history record 0, field '-': expected a mapping, got 'nope'"),
        ([record(Database="")], "sql history record 0, field 'database': expected a database name, got ''"),
        ([record(Type="File")], "sql history record 0, field 'type': expected Full, Differential or Log"),
        ([record(Start=None)], "sql history record 0, field 'start': is required"),
        ([record(End="soon")], "sql history record 0, field 'end': expected an ISO 8601 time, got 'soon'"),
        ([record(End=12)], "sql history record 0, field 'end': expected an ISO 8601 time, got 12"),
        ([record(Start={"x": 1})], "sql history record 0, field 'start': expected a time, got an object"),
        (
            [record(End="2026-11-23T09:00:00+01:00")],
            "sql history record 0, field 'end': ends (2026-11-23T09:00:00+01:00) before it starts",
        ),
        ([record(FirstLsn=None)], "sql history record 0, field 'first_lsn': is required"),
        ([record(LastLsn=1.5e16)], "sql history record 0, field 'last_lsn': expected an LSN as an integer or a"),
        ([record(CheckpointLsn=True)], "sql history record 0, field 'checkpoint_lsn': expected an LSN (integer)"),
        ([record(CheckpointLsn="12a")], "sql history record 0, field 'checkpoint_lsn': expected an LSN (integer or"),
        ([record(LastLsn=50)], "sql history record 0, field 'last_lsn': last LSN 50 is below first LSN 100"),
        ([record(Path=[1])], "sql history record 0, field 'path': expected a string or a list of strings"),
        ([record(IsCopyOnly="maybe")], "sql history record 0, field 'is_copy_only': expected a boolean"),
        ([record(Present=2)], "sql history record 0, field 'present': expected a boolean, got 2"),
        (
            [record(Unreadable=["\\\\vault\\x.trn (Access is denied)"], Present=False)],
            "sql history record 0, field 'present': expected null when files could not be read",
        ),
        ([record(Unreadable=[3])], "sql history record 0, field 'unreadable': expected a string or a list of strings"),
        # Windows PowerShell 5.1's ConvertTo-Json of a System.Numerics.BigInteger: the number is lost.
        (
            [record(FirstLsn={"IsPowerOfTwo": False, "IsZero": False, "IsOne": False, "IsEven": True, "Sign": 1})],
            "sql history record 0, field 'first_lsn': expected an LSN (integer or string of digits), got a BigInteger"
            " as Windows PowerShell 5.1's ConvertTo-Json writes it (the number is lost): cast it with [string]",
        ),
        (
            [record(LastLsn=["1" * 200])],
            "sql history record 0, field 'last_lsn': expected an LSN (integer or string"
            " of digits), got a list of 1 item(s)",
        ),
        ([record(SqlInstance=3)], "sql history record 0, field 'server': expected a string, got 3"),
        ([record(), record(Type=None)], "sql history record 1, field 'type'"),
    ],
)
def test_sql_history_errors(records, message):
    with pytest.raises(BackupHistoryError) as error:
        normalise_sql_history(records)
    assert str(error.value).startswith(message)


def test_unknown_default_timezone():
    with pytest.raises(BackupHistoryError) as error:
        normalise_sql_history([record()], default_timezone="Mars/Olympus")
    assert str(error.value).startswith("settings record -, field 'timezone': unknown time zone 'Mars/Olympus'")


def test_parse_time_needs_an_offset_without_default_zone():
    with pytest.raises(ValueError) as error:
        parse_time("2026-11-23T10:00:00")
    assert str(error.value) == "expected a time with a UTC offset, got '2026-11-23T10:00:00'"


def snapshot(**overrides):
    base = {
        "id": "0123456789abcdef" * 4,
        "time": "2026-11-22T22:00:41.123456789+01:00",
        "tags": ["env:acme_production", "set:code"],
        "paths": ["/srv/x"],
        "hostname": "fs-par1-01",
    }
    base.update(overrides)
    return base


def test_recorded_restic_snapshots():
    items = json.loads((FIXTURES / "recorded_restic_snapshots.json").read_text(encoding="utf-8"))
    snaps = normalise_restic_snapshots(items)
    assert len(snaps) == len(items)
    assert {(s.environment, s.data_set) for s in snaps} == {
        ("acme_production", "code"),
        ("acme_production", "files"),
        ("cobalt_production", "code"),
        ("cobalt_production", "files"),
    }
    assert all(s.time.tzinfo is UTC for s in snaps)
    one = normalise_restic_snapshots([snapshot()])[0]
    assert one.short_id == "01234567" and one.paths == ("/srv/x",) and one.hostname == "fs-par1-01"
    assert normalise_restic_snapshots(None) == []


@pytest.mark.parametrize(
    "items, message",
    [
        ({"id": "x"}, "restic snapshot record -, field '-': expected a list of snapshots, got dict"),
        ([3], "restic snapshot record 0, field '-': expected a mapping, got 3"),
        ([snapshot(id="XYZ")], "restic snapshot record 0, field 'id': expected a hexadecimal snapshot id"),
        ([snapshot(short_id=5)], "restic snapshot record 0, field 'short_id': expected a string, got 5"),
        ([snapshot(time="2026-11-22T22:00:41")], "restic snapshot record 0, field 'time': expected a time with a"),
        ([snapshot(tags="env:a")], "restic snapshot record 0, field 'tags': expected a list of strings"),
        ([snapshot(tags=["set:code"])], "restic snapshot record 0, field 'tags': expected exactly one tag 'env:"),
        (
            [snapshot(tags=["env:a", "set:db"])],
            "restic snapshot record 0, field 'tags': expected exactly one tag 'set:",
        ),
        ([snapshot(paths=[None])], "restic snapshot record 0, field 'paths': expected a list of strings"),
        ([snapshot(hostname=1)], "restic snapshot record 0, field 'hostname': expected a string, got 1"),
    ],
)
def test_restic_errors(items, message):
    with pytest.raises(BackupHistoryError) as error:
        normalise_restic_snapshots(items)
    assert str(error.value).startswith(message)


def test_unreadable_files_make_present_unknown():
    """backup_history.ps1: a file that could not be read is listed with its reason, and present is null."""
    reason = "\\\\vault\\x.trn (Access is denied)"
    backup = normalise_sql_history([record(Unreadable=[reason], Present=None)])[0]
    assert backup.present is None and backup.unreadable == (reason,)
    assert normalise_sql_history([record(Present=True)])[0].unreadable == ()
