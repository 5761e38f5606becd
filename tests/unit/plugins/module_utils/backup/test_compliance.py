# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compliance evaluation over recorded histories: one test per kind of violation, compliant cases across DST.

The fixtures are recordings shaped like ``Get-DbaDbBackupHistory | ConvertTo-Json`` (with the ``Present`` property the
playbook adds) and ``restic snapshots --json``, taken at 10:30 on Monday 2026-11-23 (``recorded_*``), at 10:30 on
the Monday after the autumn DST change (``dst_autumn_*``) and after the spring one (``dst_spring_*``). Each test
changes the recording minimally to create one violation.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pathlib
from zoneinfo import ZoneInfo

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.compliance import (
    CHECKS,
    BackupComplianceError,
    check_compliance,
    duration_text,
    horizons,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import effective_policy

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "backup_compliance"
PARIS = ZoneInfo("Europe/Paris")
NOW = "2026-11-23T10:30:00+01:00"
ERP = "acme_production_erp"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


INVENTORY = load("example_inventory.json")
PLATFORM = INVENTORY["platform"]
ENVIRONMENTS = INVENTORY["environments"]


@pytest.fixture()
def history():
    return copy.deepcopy(load("recorded_sql_history.json"))


@pytest.fixture()
def snapshots():
    return copy.deepcopy(load("recorded_restic_snapshots.json"))


def run(history, snapshots, now=NOW, checks=None, environments=None):
    return check_compliance(PLATFORM, environments or ENVIRONMENTS, history, snapshots, now=now, checks=checks)


def kinds(result, environment="acme_production"):
    return sorted({violation["kind"] for violation in result["environments"][environment]["violations"]})


def messages(result, kind, environment="acme_production"):
    return [v["message"] for v in result["environments"][environment]["violations"] if v["kind"] == kind]


def find(history, database, kind, local_start):
    """The index of the record of ``database`` of type ``kind`` whose start begins with ``local_start``."""
    found = [
        index
        for index, record in enumerate(history)
        if record["Database"] == database and record["Type"] == kind and record["Start"].startswith(local_start)
    ]
    assert len(found) == 1, (database, kind, local_start, found)
    return found[0]


# --- compliant cases -------------------------------------------------------------------------------------------


def test_recorded_history_is_compliant(history, snapshots):
    result = run(history, snapshots)
    assert result["environments"]["acme_production"]["status"] == "compliant"
    assert result["environments"]["cobalt_production"]["status"] == "compliant"
    assert result["environments"]["acme_production"]["violations"] == []
    assert result["environments"]["acme_production"]["databases"][ERP]["restorable_until"] == (
        "2026-11-23T10:00:52+01:00"
    )
    acme_files = [s for s in snapshots if s["tags"] == ["env:acme_production", "set:files"]]
    assert result["environments"]["acme_production"]["data_sets"]["files"]["latest_id"] == acme_files[-1]["short_id"]
    assert result["summary"] == {"compliant": 2, "violation": 0, "no_data": 1}
    assert result["checks"] == list(CHECKS)


def test_environment_without_any_history_has_no_data(history, snapshots):
    result = run(history, snapshots)
    assert result["environments"]["dentelles_production"] == {
        "status": "no_data",
        "violations": [],
        "databases": {},
        "data_sets": {},
    }
    assert result["compliant"] is False


@pytest.mark.parametrize(
    "case, now",
    [("dst_autumn", "2026-10-26T10:30:00+01:00"), ("dst_spring", "2026-03-30T10:30:00+02:00")],
)
def test_compliant_across_dst_changes(case, now):
    history = load("%s_sql_history.json" % case)
    snapshots = load("%s_restic_snapshots.json" % case)
    result = run(history, snapshots, now=now)
    assert result["environments"]["cobalt_production"]["violations"] == []
    assert result["environments"]["cobalt_production"]["status"] == "compliant"


def test_full_within_seven_calendar_days_across_the_autumn_dst_change():
    # Sunday 25 October 2026, 21:10 CET: this week's full (21:00) has not finished yet; last week's started
    # 21:00 CEST, 7 days 1 hour 10 minutes ago in true time, but 7 calendar days and 10 minutes ago.
    now = dt.datetime(2026, 10, 25, 21, 10, tzinfo=PARIS)
    history = [
        record for record in load("dst_autumn_sql_history.json") if dt.datetime.fromisoformat(record["End"]) <= now
    ]
    snapshots = [s for s in load("dst_autumn_restic_snapshots.json") if s["time"] < "2026-10-25T21"]
    latest_full = [r for r in history if r["Type"] == "Full"][-1]
    assert latest_full["Start"].startswith("2026-10-18T21:00")
    assert now - dt.datetime.fromisoformat(latest_full["Start"]) > dt.timedelta(days=7, hours=1)
    result = run(history, snapshots, now=now.isoformat())
    assert result["environments"]["cobalt_production"]["violations"] == []


def test_copy_only_backups_are_ignored(history, snapshots):
    record = copy.deepcopy(history[find(history, ERP, "Full", "2026-11-01T21:00")])
    record.update({"IsCopyOnly": True, "Present": True, "CheckpointLsn": 1})
    history.append(record)
    assert run(history, snapshots)["environments"]["acme_production"]["violations"] == []


# --- log freshness ---------------------------------------------------------------------------------------------


def test_log_freshness_violation(history, snapshots):
    del history[find(history, ERP, "Log", "2026-11-23T10:00")]
    result = run(history, snapshots, checks=["log_freshness"])
    assert kinds(result) == ["log_freshness"]
    assert messages(result, "log_freshness") == [
        "acme_production_erp: the last log backup ended 2026-11-23T09:00:52+01:00, 1 h 29 min ago"
        " (allowed: 1 h 00 min + 15 min grace)"
    ]


def test_log_freshness_grace(history, snapshots):
    # the last log of the ERP database ended 10:00:52: 60 min + 15 min grace later is still fresh
    on_time = run(history, snapshots, now="2026-11-23T11:15:52+01:00", checks=["log_freshness"])
    assert not [v for v in on_time["environments"]["acme_production"]["violations"] if v["database"] == ERP]
    late = run(history, snapshots, now="2026-11-23T11:15:53+01:00", checks=["log_freshness"])
    assert [v["database"] for v in late["environments"]["acme_production"]["violations"]] == [
        ERP,
        "acme_production_portal",
    ]


def test_no_log_backup_at_all(history, snapshots):
    history = [r for r in history if not (r["Database"] == ERP and r["Type"] == "Log")]
    result = run(history, snapshots, checks=["log_freshness"])
    assert messages(result, "log_freshness") == ["acme_production_erp: no log backup in the history"]


# --- log chain -------------------------------------------------------------------------------------------------


def test_log_chain_gap_within_24_hours(history, snapshots):
    index = find(history, ERP, "Log", "2026-11-23T03:00")
    gone = history.pop(index)
    result = run(history, snapshots, checks=["log_chain"])
    assert kinds(result) == ["log_chain"]
    assert messages(result, "log_chain") == [
        "acme_production_erp: log chain broken between the log backup ended 2026-11-23T02:00:52+01:00 (last LSN %d)"
        " and the one started 2026-11-23T04:00:02+01:00 (first LSN %d)" % (gone["FirstLsn"], gone["LastLsn"])
    ]


def test_log_chain_gap_older_than_24_hours_is_not_reported(history, snapshots):
    del history[find(history, ERP, "Log", "2026-11-22T08:00")]
    assert run(history, snapshots, checks=["log_chain"])["environments"]["acme_production"]["violations"] == []


def test_log_chain_not_reaching_back_24_hours(history, snapshots):
    history = [
        r for r in history if not (r["Database"] == ERP and r["Type"] == "Log" and r["Start"] < "2026-11-22T16:00")
    ]
    result = run(history, snapshots, checks=["log_chain"])
    assert messages(result, "log_chain") == [
        "acme_production_erp: no log backup covers 2026-11-22T10:30:00+01:00 to 2026-11-22T16:00:02+01:00"
        " (the log chain does not reach back 24 h)"
    ]


# --- differentials and full ------------------------------------------------------------------------------------


def test_missing_differential_on_a_weekday(history, snapshots):
    del history[find(history, ERP, "Differential", "2026-11-19T21:00")]
    result = run(history, snapshots, checks=["differentials"])
    assert kinds(result) == ["differential_missing"]
    assert messages(result, "differential_missing") == [
        "acme_production_erp: no differential backup on Thursday 2026-11-19 (scheduled 2026-11-19T21:00:00+01:00)"
    ]


def test_no_differential_expected_before_the_first_full(history, snapshots):
    history = [r for r in history if not (r["Database"] == ERP and r["Start"] < "2026-11-22T21:00")]
    result = run(history, snapshots, checks=["differentials"])
    assert result["environments"]["acme_production"]["violations"] == []


def test_no_full_within_seven_days(history, snapshots):
    del history[find(history, "cobalt_production_erp", "Full", "2026-11-22T21:00")]
    result = run(history, snapshots, checks=["full"])
    assert messages(result, "full_missing", "cobalt_production") == [
        "cobalt_production_erp: no full backup within 7 days: the latest started 2026-11-15T21:00:02+01:00"
    ]


def test_no_full_at_all(history, snapshots):
    history = [r for r in history if not (r["Database"] == ERP and r["Type"] == "Full")]
    result = run(history, snapshots, checks=["full"])
    assert messages(result, "full_missing") == ["acme_production_erp: no full backup in the history"]


# --- retention -------------------------------------------------------------------------------------------------


def test_retention_exceeded_sql(history, snapshots):
    history[find(history, ERP, "Full", "2026-11-01T21:00")]["Present"] = True
    result = run(history, snapshots, checks=["retention"])
    assert kinds(result) == ["retention_exceeded"]
    assert messages(result, "retention_exceeded") == [
        "acme_production_erp: the full backup of 2026-11-01T21:00:02+01:00 is still kept, 21 d 13 h old: it expired"
        " 2026-11-21T21:24:02+01:00 (20 d 0 h after it) and the full backup that ended 2026-11-22T21:24:02+01:00"
        " should have deleted it"
    ]


def test_retention_exceeded_restic(history, snapshots):
    old = copy.deepcopy([s for s in snapshots if "set:code" in s["tags"] and "env:acme_production" in s["tags"]][0])
    old.update({"time": "2026-11-07T22:00:41.123456789+01:00", "id": "ab" * 32, "short_id": "abababab"})
    snapshots.append(old)
    result = run(history, snapshots, checks=["retention"])
    assert messages(result, "retention_exceeded") == [
        "acme_production: code snapshot abababab of 2026-11-07T22:00:41.123456+01:00 is kept beyond 14 days before"
        " the latest (2026-11-22T22:00:41.123456+01:00)"
    ]


def test_retention_missing_base_full_of_kept_differentials(history, snapshots):
    # the full of 8 November is older than 14 days, but the differentials of 9-14 November depend on it
    history[find(history, ERP, "Full", "2026-11-08T21:00")]["Present"] = False
    result = run(history, snapshots, checks=["retention"])
    assert kinds(result) == ["retention_missing"]
    assert messages(result, "retention_missing") == [
        "acme_production_erp: the full backup of 2026-11-08T21:00:02+01:00 is needed (the base of the differential"
        " backup of 2026-11-09T21:00:02+01:00) but its files are gone"
    ]


def test_retention_unreadable_is_not_reported_as_missing(history, snapshots):
    """A needed backup whose files could not be read (the double hop) is its own violation, never "gone"."""
    index = find(history, ERP, "Full", "2026-11-08T21:00")
    history[index]["Present"] = None
    history[index]["Unreadable"] = ["\\\\vault-sxb1-01\\sqlbackup\\x.bak (Access is denied)"]
    result = run(history, snapshots, checks=["retention"])
    assert kinds(result) == ["retention_unreadable"]
    assert messages(result, "retention_unreadable") == [
        "acme_production_erp: the full backup of 2026-11-08T21:00:02+01:00 is needed (the base of the differential"
        " backup of 2026-11-09T21:00:02+01:00) but its files could not be read, so whether they are there is"
        " unknown: '\\\\\\\\vault-sxb1-01\\\\sqlbackup\\\\x.bak (Access is denied)'"
    ]


def test_retention_missing_base_full_absent_from_history(history, snapshots):
    del history[find(history, ERP, "Full", "2026-11-08T21:00")]
    result = run(history, snapshots, checks=["retention"])
    lsn = history[find(history, ERP, "Differential", "2026-11-09T21:00")]["DatabaseBackupLsn"]
    assert len(messages(result, "retention_missing")) == 6
    assert messages(result, "retention_missing")[0] == (
        "acme_production_erp: the differential backup of 2026-11-09T21:00:02+01:00 is based on the full backup with"
        " checkpoint LSN %d, which is not in the history" % lsn
    )


def test_retention_missing_log_needed_for_the_24_hour_window(history, snapshots):
    # restoring to 10:30 yesterday needs the Sunday 21:00 full and every log since: the 22:00 log is 36 h old
    history[find(history, ERP, "Log", "2026-11-22T22:00")]["Present"] = False
    result = run(history, snapshots, checks=["retention"])
    assert messages(result, "retention_missing") == [
        "acme_production_erp: the log backup of 2026-11-22T22:00:02+01:00 is needed (within the 24-hour retention)"
        " but its files are gone"
    ]


def test_retention_missing_bridge_log_before_the_window(history, snapshots):
    # at 10:30 the window starts 10:30 yesterday; the last base before it is Saturday's differential (21:00), so
    # the Saturday 22:00 log (35 h old, beyond 24 h) is still needed
    history[find(history, ERP, "Log", "2026-11-21T22:00")]["Present"] = False
    result = run(history, snapshots, checks=["retention"])
    assert messages(result, "retention_missing") == [
        "acme_production_erp: the log backup of 2026-11-21T22:00:02+01:00 is needed (needed with the differential"
        " backup of 2026-11-21T21:00:02+01:00 to restore to 2026-11-22T10:30:00+01:00) but its files are gone"
    ]


def test_retention_missing_restic_snapshot(history, snapshots):
    snapshots = [
        s
        for s in snapshots
        if not (
            "env:cobalt_production" in s["tags"] and "set:files" in s["tags"] and s["time"].startswith("2026-11-18")
        )
    ]
    result = run(history, snapshots, checks=["retention"])
    assert messages(result, "retention_missing", "cobalt_production") == [
        "cobalt_production: no files snapshot on Wednesday 2026-11-18 (scheduled 2026-11-18T22:30:00+01:00, within"
        " the 14-day retention)"
    ]


# --- disaster-recovery RPO -------------------------------------------------------------------------------------


def test_rpo_databases_not_achievable(history, snapshots):
    # the 07:00 log is gone: a restore stops at 06:00, 4 h 29 min before now (RPO 3 h)
    history[find(history, ERP, "Log", "2026-11-23T07:00")]["Present"] = False
    result = run(history, snapshots, checks=["rpo"])
    assert kinds(result) == ["rpo"]
    assert messages(result, "rpo") == [
        "acme_production_erp: a disaster now would lose 4 h 29 min of data (restorable up to"
        " 2026-11-23T06:00:52+01:00; RPO 3 h + 15 min grace)"
    ]
    assert result["environments"]["acme_production"]["databases"][ERP]["data_loss_minutes"] == 269


def test_rpo_files_not_achievable(history, snapshots):
    latest = [s for s in snapshots if "env:acme_production" in s["tags"] and "set:files" in s["tags"]][-1]
    snapshots.remove(latest)
    result = run(history, snapshots, checks=["rpo"])
    assert [v["data_set"] for v in result["environments"]["acme_production"]["violations"]] == ["files"]
    assert messages(result, "rpo")[0].startswith(
        "acme_production: a disaster now would lose 1 d 11 h of files (latest snapshot "
    )


def test_rpo_without_any_snapshot_or_full(history, snapshots):
    history = [r for r in history if not (r["Database"] == ERP and r["Type"] == "Full")]
    snapshots = [s for s in snapshots if "env:acme_production" not in s["tags"]]
    result = run(history, snapshots, checks=["rpo"])
    assert messages(result, "rpo") == [
        "acme_production_erp: no present full backup: nothing can be restored",
        "acme_production: no code snapshot in the repository",
        "acme_production: no files snapshot in the repository",
    ]


def test_data_sets_limit_the_evaluation_to_a_file_server(history, snapshots):
    # a file server's pre-check: its restic data sets only; no database history is given, none is asked for
    result = check_compliance(
        PLATFORM, ENVIRONMENTS, [], snapshots, now=NOW, checks=["rpo"], data_sets=["code", "files"]
    )
    assert result["data_sets"] == ["code", "files"]
    assert result["environments"]["acme_production"]["status"] == "compliant"
    assert result["environments"]["acme_production"]["databases"] == {}
    assert sorted(result["environments"]["acme_production"]["data_sets"]) == ["code", "files"]
    # the same without the filter: the databases have no full backup, a violation
    unfiltered = check_compliance(PLATFORM, ENVIRONMENTS, [], snapshots, now=NOW, checks=["rpo"])
    assert "acme_production_erp: no present full backup: nothing can be restored" in messages(unfiltered, "rpo")


def test_data_sets_databases_only(history, snapshots):
    result = check_compliance(PLATFORM, ENVIRONMENTS, history, [], now=NOW, checks=["rpo"], data_sets=["databases"])
    assert result["environments"]["acme_production"]["status"] == "compliant"
    assert result["environments"]["acme_production"]["data_sets"] == {}
    assert ERP in result["environments"]["acme_production"]["databases"]


# --- policy-derived values and errors --------------------------------------------------------------------------


def test_horizons_of_the_service_policy():
    policy = effective_policy(PLATFORM)
    result = horizons(policy)
    assert {kind: value.total_seconds() / 3600 for kind, value in result.items()} == {
        "full": 480.0,
        "diff": 336.0,
        "log": 48.0,
        "code": 336.0,
        "files": 336.0,
    }


@pytest.mark.parametrize(
    "delta, text",
    [
        (dt.timedelta(minutes=12), "12 min"),
        (dt.timedelta(hours=2, minutes=5), "2 h 05 min"),
        (dt.timedelta(days=3, hours=4), "3 d 4 h"),
        (dt.timedelta(minutes=-5), "-5 min"),
    ],
)
def test_duration_text(delta, text):
    assert duration_text(delta) == text


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"checks": ["log_freshness", "nope"]}, "checks: unknown nope (known: log_freshness, log_chain"),
        ({"data_sets": ["files", "logs"]}, "data_sets: unknown or empty logs (known: databases, code, files)"),
        ({"data_sets": []}, "data_sets: unknown or empty list (known: databases, code, files)"),
        ({"environments": ["acme_production"]}, "environments: expected a mapping of environment key"),
        ({"environments": {"x_production": "oops"}}, "environments.x_production: expected an environment mapping"),
        ({"environments": {"x_production": {"databases": {}}}}, "environments.x_production.databases: expected"),
        ({"environments": {"x_production": {"databases": {"erp": 3}}}}, "environments.x_production.databases.erp:"),
        ({"now": "2026-11-23T10:30:00"}, "now: expected a time with a UTC offset"),
        ({"sql_history": [{"Database": "x"}]}, "sql history record 0, field 'type'"),
        ({"restic_snapshots": [{"id": "zz"}]}, "restic snapshot record 0, field 'id'"),
        ({"platform": {"datacenters": {}, "backup": {"grace_minutes": -1}}}, "backup.grace_minutes: expected"),
    ],
)
def test_errors(kwargs, message):
    arguments = {
        "platform": PLATFORM,
        "environments": ENVIRONMENTS,
        "sql_history": [],
        "restic_snapshots": [],
        "now": NOW,
    }
    arguments.update(kwargs)
    with pytest.raises(BackupComplianceError) as error:
        check_compliance(**arguments)
    assert str(error.value).startswith(message)


def test_now_defaults_to_the_current_time():
    result = check_compliance(PLATFORM, ENVIRONMENTS, [], [])
    now = dt.datetime.fromisoformat(result["now"])
    assert abs(now - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
