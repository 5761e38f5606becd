# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""backup.history over replayed Windows results (fixtures/powershell/README.md says how each was produced).

Every SQL history reaches Python through normalise_sql_history: the sql_backup role's backup_history.ps1
(backup_compliance, the patching backup gate), the history tasks of health_check.yml, restore.yml and
parts/dr_history.yml (win_powershell ``output``), and recorded files (``*_history_dir``, ConvertTo-Json).
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.history import (
    BackupHistoryError,
    normalise_sql_history,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_plan import select_chain

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "powershell"
UTC = dt.UTC
VAULT = "\\\\vault-sxb1-01\\sqlbackup\\sql-par1-a\\SQL-PAR1-01\\acme_production_erp"


def replay(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_backup_history_ps1_result():
    """Striped paths, files present, deleted and unreadable, ISO 8601 UTC times with seven fraction digits."""
    backups = normalise_sql_history(replay("sql_history_backup_history_ps1.json")["result"])
    assert [(b.kind, b.start, b.first_lsn, b.last_lsn, b.present) for b in backups] == [
        ("full", dt.datetime(2026, 11, 22, 20, 0, 2, tzinfo=UTC), 41000000012300001, 41000000014500001, True),
        ("diff", dt.datetime(2026, 11, 23, 2, 0, 1, tzinfo=UTC), 41000000030100001, 41000000030900001, False),
        ("log", dt.datetime(2026, 11, 23, 9, 15, 1, tzinfo=UTC), 41000000014500001, 41000000045600001, None),
    ]
    full, diff, log = backups
    assert full.paths == (
        VAULT + "\\FULL\\SQL-PAR1-01_acme_production_erp_FULL_20261122_210002_1.bak",
        VAULT + "\\FULL\\SQL-PAR1-01_acme_production_erp_FULL_20261122_210002_2.bak",
    )
    assert diff.database_backup_lsn == full.checkpoint_lsn == 41000000012300001
    assert log.unreadable[0].endswith("is denied.)") and log.server == "SQL-PAR1-01"


def test_no_backup_in_the_window():
    assert normalise_sql_history(replay("sql_history_backup_history_ps1_none.json")["result"]) == []
    assert normalise_sql_history(None) == []  # a pipeline with nothing, as ConvertTo-Json -InputObject $null


def test_a_list_cut_by_the_task_depth_is_refused():
    """depth: 1 writes Path and Unreadable as their elements joined by spaces: refused where it can be told."""
    with pytest.raises(BackupHistoryError) as error:
        normalise_sql_history(replay("sql_history_backup_history_ps1_depth_1.json")["result"])
    assert str(error.value).startswith(
        "sql history record 0, field 'unreadable': expected a list of strings, got the string '': a list below"
        " win_powershell's depth is written as its elements joined by spaces (raise the task's depth)"
    )


def test_records_cut_by_the_task_depth_are_refused():
    with pytest.raises(BackupHistoryError) as error:
        normalise_sql_history(replay("sql_history_backup_history_ps1_depth_0.json")["result"])
    assert str(error.value) == (
        "sql history record 0, field '-': expected a mapping, got 'System.Collections.Specialized.OrderedDictionary'"
    )


def test_select_object_output_with_local_times_plans_a_restore():
    """restore.yml's output: times with the host's offset; the chain full + log reaches the point in time."""
    backups = normalise_sql_history(replay("sql_history_select_object_output.json")["output"])
    assert [(b.kind, b.start, b.end) for b in backups] == [
        ("full", dt.datetime(2026, 11, 22, 20, 0, 2, tzinfo=UTC), dt.datetime(2026, 11, 22, 20, 31, 44, tzinfo=UTC)),
        ("log", dt.datetime(2026, 11, 23, 9, 15, 1, tzinfo=UTC), dt.datetime(2026, 11, 23, 9, 15, 9, tzinfo=UTC)),
    ]
    point = dt.datetime(2026, 11, 23, 9, 15, 5, tzinfo=UTC)
    chain = select_chain(backups, "acme_production_erp", point, point + dt.timedelta(hours=1))
    assert len(chain["files"]) == 3 and chain["stop_at"] == point and chain["logs"][0].last_lsn == 41000000045600001


def test_recorded_lone_object_with_ms_dates():
    """ConvertTo-Json of one record: an object, not a list; DateTime as \\/Date(ms)\\/ (UTC)."""
    (backup,) = normalise_sql_history(replay("sql_history_recorded_one.json"))
    assert (backup.kind, backup.start, backup.end) == (
        "full",
        dt.datetime(2026, 11, 22, 20, 0, 2, tzinfo=UTC),
        dt.datetime(2026, 11, 22, 20, 31, 44, tzinfo=UTC),
    )
    assert (backup.first_lsn, backup.copy_only, len(backup.paths)) == (41000000012300001, False, 1)


def test_recorded_biginteger_lsns_are_refused_naming_the_field():
    with pytest.raises(BackupHistoryError) as error:
        normalise_sql_history(replay("sql_history_recorded_biginteger.json"))
    assert str(error.value) == (
        "sql history record 0, field 'first_lsn': expected an LSN (integer or string of digits), got a BigInteger as"
        " Windows PowerShell 5.1's ConvertTo-Json writes it (the number is lost): cast it with [string] in the script"
    )


def test_an_enum_not_cast_is_refused_naming_the_field():
    """A Type left an enum: an integer (ConvertTo-Json) or win_powershell's {Type, String, Value}."""
    record = replay("sql_history_recorded_one.json")
    for value in (1, {"Type": "Microsoft.SqlServer.Management.Smo.BackupSetType", "String": "Database", "Value": 1}):
        with pytest.raises(BackupHistoryError, match=r"^sql history record 0, field 'type': expected Full"):
            normalise_sql_history([dict(record, Type=value)])
