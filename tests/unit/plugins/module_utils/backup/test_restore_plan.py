# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of module_utils/backup/restore_plan.py: chain selection, snapshots, target mapping, steps."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.history import normalise_sql_history
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_plan import (
    DEFAULT_NEUTRALISE_STEPS,
    RestorePlanError,
    file_commands,
    plan_restore,
    policy_timezone,
    resolve_target,
    restic_commands,
    restore_time_string,
    select_chain,
    tree_path,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.restore_history import (
    paris,
    policy_events,
    snapshots,
    sql_history,
)

DB = "acme_production_erp"
# Sunday 15 November 2026 (full at 21:00:30) to Saturday 21 November included
EVENTS = policy_events(dt.date(2026, 11, 15), 7)
RECORDS = sql_history(DB, EVENTS)
NOW = paris(2026, 11, 22, 0, 30)


def backups(records=None):
    return normalise_sql_history(RECORDS if records is None else records)


def chain(point, records=None, now=NOW, latest=False):
    return select_chain(backups(records), DB, point, now, latest=latest)


def names(result):
    return [path.rsplit("\\", 1)[-1] for path in result["files"]]


def env(tenant, kind, production=False, databases=("erp", "portal")):
    key = "%s_%s" % (tenant, kind)
    return {
        "key": key,
        "tenant": tenant,
        "type": kind,
        "production": production,
        "databases": {role: "%s_%s" % (key, role) for role in databases},
        "directories": {
            "config": "%s/%s/config" % (tenant, kind),
            "overrides": "%s/%s/overrides" % (tenant, kind),
            "addons": "%s/%s/addons" % (tenant, kind),
            "erp_files": "%s/%s/erp_files" % (tenant, kind),
        },
    }


ENVIRONMENTS = {
    "acme_production": env("acme", "production", True),
    "acme_staging": env("acme", "staging"),
    "acme_testing": env("acme", "testing", databases=("erp",)),
    "cobalt_production": env("cobalt", "production", True),
}


def log_named(records, start):
    return next(r for r in records if r["Type"] == "Log" and r["Start"] == start.isoformat())


def test_wednesday_afternoon_uses_full_tuesday_diff_and_logs_with_stopat():
    result = chain(paris(2026, 11, 18, 14, 30))
    assert result["full"].end == paris(2026, 11, 15, 21, 5, 30)
    assert result["differential"].end == paris(2026, 11, 17, 21, 5, 30)
    assert result["logs"][0].start == paris(2026, 11, 17, 22, 0)
    assert result["logs"][-1].start == paris(2026, 11, 18, 15, 0)
    assert len(result["logs"]) == 18
    assert names(result)[:3] == [
        "acme_production_erp_FULL_20261115_200030.bak",
        "acme_production_erp_DIFF_20261117_200030.bak",
        "acme_production_erp_LOG_20261117_210000.trn",
    ]
    assert names(result)[-1] == "acme_production_erp_LOG_20261118_140000.trn"
    assert result["restore_point"] == result["stop_at"] == paris(2026, 11, 18, 14, 30)


def test_logs_are_continuous_from_the_base():
    result = chain(paris(2026, 11, 18, 14, 30))
    base = result["differential"]
    assert result["logs"][0].first_lsn <= base.last_lsn < result["logs"][0].last_lsn
    for previous, log in zip(result["logs"], result["logs"][1:], strict=False):
        assert log.first_lsn == previous.last_lsn


def test_sunday_evening_after_the_full_uses_no_differential():
    result = chain(paris(2026, 11, 15, 23, 30))
    assert result["differential"] is None
    assert names(result)[0] == "acme_production_erp_FULL_20261115_200030.bak"
    assert [log.start for log in result["logs"]] == [
        paris(2026, 11, 15, 22, 0),
        paris(2026, 11, 15, 23, 0),
        paris(2026, 11, 16, 0, 0),
    ]


def test_exactly_at_the_end_of_a_differential_needs_no_log():
    result = chain(paris(2026, 11, 17, 21, 5, 30))
    assert result["logs"] == []
    assert result["differential"].end == paris(2026, 11, 17, 21, 5, 30)
    assert result["stop_at"] is None
    assert result["restore_point"] == paris(2026, 11, 17, 21, 5, 30)


def test_exactly_at_the_end_of_a_log_stops_at_that_log_without_stopat():
    result = chain(paris(2026, 11, 18, 9, 5))
    assert result["logs"][-1].end == paris(2026, 11, 18, 9, 5)
    assert result["stop_at"] is None
    assert result["restore_point"] == paris(2026, 11, 18, 9, 5)


def test_a_time_before_the_first_full_is_refused():
    with pytest.raises(RestorePlanError) as error:
        chain(paris(2026, 11, 15, 20, 0))
    assert str(error.value) == (
        "database acme_production_erp: the point in time 2026-11-15T19:00:00+00:00 is before the first full backup, "
        "which ended at 2026-11-15T20:05:30+00:00 "
        "(\\\\vault\\sql\\acme_production_erp\\FULL\\acme_production_erp_FULL_20261115_200030.bak)"
    )


def test_a_gap_in_the_log_chain_is_refused_naming_lsns_and_files():
    records = [r for r in RECORDS if r is not log_named(RECORDS, paris(2026, 11, 18, 10, 0))]
    with pytest.raises(RestorePlanError) as error:
        chain(paris(2026, 11, 18, 12, 0), records)
    assert str(error.value) == (
        "database acme_production_erp: gap in the log chain: the backups end at LSN 9530 "
        "(\\\\vault\\sql\\acme_production_erp\\LOG\\acme_production_erp_LOG_20261118_080000.trn, "
        "ended 2026-11-18T08:05:00+00:00) and the next log backup starts at LSN 9630 "
        "(\\\\vault\\sql\\acme_production_erp\\LOG\\acme_production_erp_LOG_20261118_100000.trn, "
        "started 2026-11-18T10:00:00+00:00): no point in time after 2026-11-18T08:05:00+00:00 can be restored"
    )
    # before the gap the chain is fine
    assert chain(paris(2026, 11, 18, 9, 0), records)["logs"][-1].end == paris(2026, 11, 18, 9, 5)


def test_latest_mode_stops_before_a_gap_instead_of_failing():
    records = [r for r in RECORDS if r is not log_named(RECORDS, paris(2026, 11, 18, 10, 0))]
    result = chain(paris(2026, 11, 18, 12, 0), records, latest=True)
    assert result["restore_point"] == paris(2026, 11, 18, 9, 5)
    assert result["stop_at"] is None


def test_latest_mode_takes_the_last_log_finished_at_the_decision():
    result = chain(paris(2026, 11, 18, 12, 3), latest=True)
    assert result["restore_point"] == paris(2026, 11, 18, 11, 5)


def test_a_time_in_the_future_is_refused():
    with pytest.raises(RestorePlanError) as error:
        chain(paris(2026, 11, 22, 1, 0))
    assert str(error.value) == (
        "database acme_production_erp: the point in time 2026-11-22T00:00:00+00:00 is in the future "
        "(now is 2026-11-21T23:30:00+00:00)"
    )


def test_a_time_after_the_last_log_is_refused_with_the_latest_possible_point():
    with pytest.raises(RestorePlanError) as error:
        chain(paris(2026, 11, 22, 0, 10))
    assert str(error.value) == (
        "database acme_production_erp: the point in time 2026-11-21T23:10:00+00:00 is after the last log backup, "
        "which ended at 2026-11-21T22:05:00+00:00 "
        "(\\\\vault\\sql\\acme_production_erp\\LOG\\acme_production_erp_LOG_20261121_220000.trn): "
        "the latest point that can be restored is 2026-11-21T22:05:00+00:00"
    )


def test_across_the_dst_change_instants_not_wall_clock_decide():
    records = sql_history(DB, policy_events(dt.date(2026, 10, 18), 8, log_minutes=30))
    history = normalise_sql_history(records)
    now = paris(2026, 10, 26, 12, 0)
    # 01:50 CEST is 23:50 UTC, 03:10 CET is 02:10 UTC: 2 h 20 min apart, 30-minute logs
    before = select_chain(history, DB, dt.datetime.fromisoformat("2026-10-25T01:50:00+02:00"), now)
    after = select_chain(history, DB, dt.datetime.fromisoformat("2026-10-25T03:10:00+01:00"), now)
    assert before["full"] == after["full"]
    assert before["logs"][-1].end >= dt.datetime(2026, 10, 24, 23, 50, tzinfo=dt.UTC)
    assert before["logs"][-2].end < dt.datetime(2026, 10, 24, 23, 50, tzinfo=dt.UTC)
    assert after["logs"][-1].end >= dt.datetime(2026, 10, 25, 2, 10, tzinfo=dt.UTC)
    assert after["logs"][-2].end < dt.datetime(2026, 10, 25, 2, 10, tzinfo=dt.UTC)
    assert len(after["logs"]) > len(before["logs"])
    assert restore_time_string(after["stop_at"], "Europe/Paris") == "03:10:00 10/25/2026"
    assert restore_time_string(before["stop_at"], "Europe/Paris") == "01:50:00 10/25/2026"


def test_a_restore_time_in_the_repeated_hour_is_refused():
    with pytest.raises(RestorePlanError) as error:
        restore_time_string(dt.datetime.fromisoformat("2026-10-25T02:30:00+01:00"), "Europe/Paris")
    assert str(error.value) == (
        "the point in time 2026-10-25T01:30:00+00:00 is 02:30:00 in Europe/Paris, a wall-clock time that happens "
        "twice (the hour repeated when daylight saving time ends), and lowlydba.sqlserver.restore takes the time "
        "without an offset: choose a point before or after that hour"
    )


def test_copy_only_backups_are_ignored():
    records = copy.deepcopy(RECORDS)
    log10 = log_named(records, paris(2026, 11, 18, 10, 0))
    records.append(
        dict(
            log10,
            Type="Full",
            Start=paris(2026, 11, 18, 10, 0, 30).isoformat(),
            End=paris(2026, 11, 18, 10, 2).isoformat(),
            FirstLsn=log10["LastLsn"] + 1,
            LastLsn=log10["LastLsn"] + 2,
            CheckpointLsn=log10["LastLsn"] + 1,
            IsCopyOnly=True,
            Path=["copyonly.bak"],
        )
    )
    records.append(
        dict(
            log10,
            Start=paris(2026, 11, 18, 10, 30).isoformat(),
            End=paris(2026, 11, 18, 10, 31).isoformat(),
            IsCopyOnly=True,
            Path=["copy.trn"],
        )
    )
    result = chain(paris(2026, 11, 18, 12, 0), records)
    assert result["full"].end == paris(2026, 11, 15, 21, 5, 30)
    assert "copyonly.bak" not in result["files"]
    assert "copy.trn" not in result["files"]


def test_only_copy_only_fulls_means_nothing_to_restore():
    records = [dict(r, IsCopyOnly=True) if r["Type"] == "Full" else r for r in RECORDS]
    with pytest.raises(RestorePlanError) as error:
        chain(paris(2026, 11, 18, 12, 0), records)
    assert str(error.value) == (
        "database acme_production_erp: no full backup (other than copy-only) in the history: nothing to restore from"
    )


def test_a_differential_of_another_full_is_ignored():
    records = copy.deepcopy(RECORDS)
    log10 = log_named(records, paris(2026, 11, 18, 10, 0))
    # an out-of-plan full (not copy-only) on Wednesday 10:00; the Wednesday 21:00 differential stays based on the
    # Sunday full, as it was recorded: it must not be applied on top of the newer full
    records.append(
        dict(
            log10,
            Type="Full",
            Start=paris(2026, 11, 18, 10, 0, 30).isoformat(),
            End=paris(2026, 11, 18, 10, 2).isoformat(),
            FirstLsn=log10["LastLsn"] + 1,
            LastLsn=log10["LastLsn"] + 2,
            CheckpointLsn=log10["LastLsn"] + 1,
            DatabaseBackupLsn=None,
            Path=["manual_full.bak"],
        )
    )
    result = chain(paris(2026, 11, 19, 1, 30), records)
    assert result["full"].paths == ("manual_full.bak",)
    assert result["differential"] is None
    assert result["logs"][0].start == paris(2026, 11, 18, 11, 0)
    assert not any("DIFF" in path for path in result["files"])


def test_a_differential_whose_base_is_missing_is_refused():
    records = copy.deepcopy(RECORDS)
    wednesday = next(r for r in records if r["Type"] == "Differential" and r["Start"].startswith("2026-11-18"))
    wednesday["DatabaseBackupLsn"] = 42
    with pytest.raises(RestorePlanError) as error:
        chain(paris(2026, 11, 19, 1, 30), records)
    assert str(error.value) == (
        "database acme_production_erp: the differential backup ended at 2026-11-18T20:05:30+00:00 "
        "(\\\\vault\\sql\\acme_production_erp\\DIFF\\acme_production_erp_DIFF_20261118_200030.bak) is based on a "
        "full backup (checkpoint LSN 42) that is not in the history: a full backup was taken outside the plan, so "
        "the differential base is missing; find that full backup or restore to a point before "
        "2026-11-18T20:05:30+00:00"
    )


def test_an_unknown_database_is_refused():
    with pytest.raises(RestorePlanError) as error:
        select_chain(backups(), "nobody_erp", paris(2026, 11, 18, 12, 0), NOW)
    assert str(error.value) == "database nobody_erp: no backup of it in the history"


def test_a_cross_tenant_target_is_refused_naming_both_tenants():
    with pytest.raises(RestorePlanError) as error:
        resolve_target(ENVIRONMENTS, "acme", "production", "cobalt_production")
    assert str(error.value) == (
        "cross-tenant restore refused: the source acme_production belongs to tenant acme and the target "
        "cobalt_production to tenant cobalt; a restore stays within one tenant"
    )


def test_a_source_of_another_tenant_is_refused():
    with pytest.raises(RestorePlanError) as error:
        resolve_target(ENVIRONMENTS, "acme", "cobalt_production", "staging")
    assert str(error.value) == (
        "cross-tenant restore refused: the source cobalt_production belongs to tenant cobalt and the target "
        "acme_staging to tenant acme; a restore stays within one tenant"
    )


def test_targets_resolve_by_type_or_key_and_default_to_the_source():
    assert resolve_target(ENVIRONMENTS, "acme", "production", "staging") == ("acme_production", "acme_staging")
    assert resolve_target(ENVIRONMENTS, "acme", "production", "acme_staging") == ("acme_production", "acme_staging")
    assert resolve_target(ENVIRONMENTS, "acme", "staging") == ("acme_staging", "acme_staging")


def test_unknown_environment_and_tenant_are_refused():
    with pytest.raises(RestorePlanError) as error:
        resolve_target(ENVIRONMENTS, "acme", "training")
    assert (
        str(error.value) == "source 'training': tenant acme has no such environment (its environments: "
        "production, staging, testing)"
    )
    with pytest.raises(RestorePlanError) as error:
        resolve_target(ENVIRONMENTS, "nobody", "production")
    assert str(error.value) == "unknown tenant 'nobody': it has no environment in divalto_environments"


def test_a_copy_into_production_is_refused():
    with pytest.raises(RestorePlanError) as error:
        resolve_target(ENVIRONMENTS, "acme", "staging", "production")
    assert str(error.value) == (
        "restore of acme_staging into acme_production refused: a production environment is only restored from "
        "its own backups"
    )


def test_a_database_without_counterpart_in_the_target_is_refused():
    with pytest.raises(RestorePlanError) as error:
        plan_acme("2026-11-18T12:00:00+01:00", history=RECORDS, restic_snapshots=[], target="testing")
    assert str(error.value) == (
        "database acme_production_portal (portal) of acme_production has no counterpart in acme_testing "
        "(its databases: erp)"
    )


SNAPSHOTS = snapshots("acme_production", [paris(2026, 11, d, 22, 0) for d in range(15, 22)])
FULL_HISTORY = RECORDS + sql_history("acme_production_portal", EVENTS)
POINT = "2026-11-18T14:30:00+01:00"


def plan_acme(point=POINT, history=None, restic_snapshots=None, environments=None, **options):
    """``plan_restore`` of acme's production at ``point`` (at NOW unless ``now`` is given), with ``options``; the
    module's history, snapshots and environments unless given."""
    options.setdefault("now", NOW.isoformat())
    return plan_restore(
        ENVIRONMENTS if environments is None else environments,
        "acme",
        "production",
        point,
        FULL_HISTORY if history is None else history,
        SNAPSHOTS if restic_snapshots is None else restic_snapshots,
        **options,
    )


def test_plan_production_into_staging():
    plan = plan_acme(target="staging")
    assert (plan["tenant"], plan["source"], plan["target"]) == ("acme", "acme_production", "acme_staging")
    assert plan["point_in_time"] == "2026-11-18T13:30:00+00:00"
    assert plan["target_production"] is False
    erp, portal = plan["databases"]
    assert (erp["role"], erp["source_database"], erp["target_database"]) == (
        "erp",
        "acme_production_erp",
        "acme_staging_erp",
    )
    assert portal["target_database"] == "acme_staging_portal"
    assert erp["restore_time"] == "14:30:00 11/18/2026"
    assert erp["full"]["paths"] == [
        "\\\\vault\\sql\\acme_production_erp\\FULL\\acme_production_erp_FULL_20261115_200030.bak"
    ]
    assert len(erp["files"]) == 20
    assert [(d["data_set"], d["time"], d["short_id"]) for d in plan["data_sets"]] == [
        ("code", "2026-11-17T21:00:00+00:00", "2852d0c0"),
        ("files", "2026-11-17T21:00:00+00:00", "6fed82bb"),
    ]
    assert plan["data_sets"][1]["directories"] == [
        {
            "name": "erp_files",
            "source_path": "/srv/divalto/tenants/acme/production/erp_files",
            "tree_path": "/srv/divalto/tenants/acme/production/erp_files",
            "target": "acme/staging/erp_files",
        }
    ]
    assert [d["target"] for d in plan["data_sets"][0]["directories"]] == [
        "acme/staging/config",
        "acme/staging/overrides",
        "acme/staging/addons",
    ]
    assert plan["safety_backup"] == {
        "databases": ["acme_staging_erp", "acme_staging_portal"],
        "data_sets": {
            "code": ["acme/staging/config", "acme/staging/overrides", "acme/staging/addons"],
            "files": ["acme/staging/erp_files"],
        },
    }
    assert [step["name"] for step in plan["neutralise"]] == [s["name"] for s in DEFAULT_NEUTRALISE_STEPS]
    assert {step["database"] for step in plan["neutralise"]} == {"acme_staging_erp"}
    assert plan["steps"] == ["quiesce", "safety_backup", "restore_databases", "restore_files", "neutralise", "resume"]


def test_plan_production_into_itself_is_not_neutralised():
    plan = plan_acme()
    assert plan["target"] == "acme_production"
    assert plan["neutralise"] == []
    assert plan["steps"] == ["quiesce", "safety_backup", "restore_databases", "restore_files", "resume"]


def test_custom_neutralise_steps_skip_absent_databases():
    steps = [
        {"name": "portal_off", "database": "portal", "sql": "UPDATE x SET y = 0"},
        {"name": "bi_off", "database": "bi", "sql": "UPDATE z SET y = 0"},
    ]
    plan = plan_acme(target="staging", steps=steps)
    assert plan["neutralise"] == [
        {"name": "portal_off", "description": "", "database": "acme_staging_portal", "sql": "UPDATE x SET y = 0"}
    ]


def test_an_invalid_neutralise_step_is_refused():
    with pytest.raises(RestorePlanError) as error:
        plan_acme(target="staging", steps=[{"name": "x"}])
    assert str(error.value) == "neutralise step 0: expected a mapping with 'name' and 'sql', got {'name': 'x'}"


def test_a_time_before_the_first_snapshot_is_refused():
    late = snapshots("acme_production", [paris(2026, 11, 20, 22, 0)])
    with pytest.raises(RestorePlanError) as error:
        plan_acme(restic_snapshots=late)
    assert str(error.value) == (
        "data set code of acme_production: the point in time 2026-11-18T13:30:00+00:00 is before the first restic "
        "snapshot, taken at 2026-11-20T21:00:00+00:00 (bfc70875)"
    )


def test_no_snapshot_of_a_data_set_is_refused():
    with pytest.raises(RestorePlanError) as error:
        plan_acme(restic_snapshots=snapshots("acme_production", [paris(2026, 11, 16, 22, 0)], data_sets=("code",)))
    assert str(error.value) == "data set files of acme_production: no restic snapshot in the history"


def test_a_point_in_time_without_offset_is_refused():
    with pytest.raises(RestorePlanError) as error:
        plan_acme("2026-11-18T14:30:00", now=None)
    assert str(error.value) == (
        "point in time: expected a time with a UTC offset, got '2026-11-18T14:30:00' "
        "(ISO 8601 with an offset, e.g. 2026-11-26T14:30:00+01:00)"
    )


def test_an_invalid_history_is_refused():
    with pytest.raises(RestorePlanError) as error:
        plan_acme(history=[dict(RECORDS[0], Start="yesterday")])
    assert str(error.value).startswith("invalid backup history: sql history record 0, field 'start'")


def test_a_snapshot_without_a_source_directory_is_refused():
    broken = [dict(s, paths=s["paths"][:1]) for s in SNAPSHOTS]
    with pytest.raises(RestorePlanError) as error:
        plan_acme(restic_snapshots=broken, target="staging")
    assert str(error.value) == (
        "data set code: snapshot 2852d0c0 (2026-11-17T21:00:00+00:00) does not contain the directory "
        "acme/production/overrides (its paths: /srv/divalto/tenants/acme/production/config)"
    )


def test_a_target_without_the_directory_is_refused():
    environments = copy.deepcopy(ENVIRONMENTS)
    del environments["acme_staging"]["directories"]["erp_files"]
    with pytest.raises(RestorePlanError) as error:
        plan_acme(environments=environments, target="staging")
    assert str(error.value) == (
        "data set files: the target has no erp_files directory to restore acme/production/erp_files into"
    )


JOB = {
    "repository": "sftp:bk_acme@vault:/repos/acme_production/files",
    "password_file": "/etc/p/acme_production",
    "sftp_command": "ssh vault -s sftp",
}


def test_restic_commands_on_linux_and_windows():
    plan = plan_acme(target="staging")
    snapshot = plan["data_sets"][1]["snapshot"]
    linux = restic_commands(plan["data_sets"][1:], JOB, "/srv/divalto/tenants/", "linux")
    assert linux == [
        {
            "data_set": "files",
            "directory": "erp_files",
            "path": None,
            "replace": True,
            "staging": "/srv/divalto/tenants/.restore-6fed82bb",
            "staged": "/srv/divalto/tenants/.restore-6fed82bb/srv/divalto/tenants/acme/production/erp_files",
            "target": "/srv/divalto/tenants/acme/staging/erp_files",
            "argv": [
                "--repo",
                "sftp:bk_acme@vault:/repos/acme_production/files",
                "--password-file",
                "/etc/p/acme_production",
                "--option",
                "sftp.command=ssh vault -s sftp",
                "restore",
                snapshot,
                "--target",
                "/srv/divalto/tenants/.restore-6fed82bb",
                "--include",
                "/srv/divalto/tenants/acme/production/erp_files",
            ],
        }
    ]
    windows = restic_commands(plan["data_sets"], JOB, "D:\\divalto\\tenants", "windows")
    assert [c["target"] for c in windows] == [
        "D:\\divalto\\tenants\\acme\\staging\\config",
        "D:\\divalto\\tenants\\acme\\staging\\overrides",
        "D:\\divalto\\tenants\\acme\\staging\\addons",
        "D:\\divalto\\tenants\\acme\\staging\\erp_files",
    ]
    assert windows[0]["staged"] == (
        "D:\\divalto\\tenants\\.restore-2852d0c0\\srv\\divalto\\tenants\\acme\\production\\config"
    )
    # NTFS is case-insensitive, restic's --include is not: Windows matches the snapshot's paths without case
    assert [c["argv"][-2] for c in windows] == ["--iinclude"] * 4
    assert [c["argv"][-2] for c in restic_commands(plan["data_sets"], JOB, "/srv/t", "linux")] == ["--include"] * 4


def test_tree_path_of_windows_and_linux_directories():
    assert tree_path("D:\\divalto\\tenants\\acme\\production\\config") == "/D/divalto/tenants/acme/production/config"
    assert tree_path("/srv/x/") == "/srv/x"


def test_restic_commands_refuse_bad_arguments():
    with pytest.raises(RestorePlanError) as error:
        restic_commands([], JOB, "/srv", "bsd")
    assert str(error.value) == "os_family: expected linux or windows, got 'bsd'"
    with pytest.raises(RestorePlanError) as error:
        restic_commands([], {"repository": "x"}, "/srv", "linux")
    assert str(error.value) == (
        "source_job: expected a job of backup_file_plan (repository, password_file, sftp_command), "
        "got {'repository': 'x'}"
    )


def test_policy_timezone():
    assert policy_timezone(None) == "Europe/Paris"
    platform = {
        "datacenters": {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}},
        "service_hours": {"timezone": "Europe/Brussels"},
    }
    assert policy_timezone(platform) == "Europe/Brussels"
    with pytest.raises(RestorePlanError) as error:
        policy_timezone(dict(platform, backup={"grace_minutes": -1}))
    assert str(error.value).startswith("backup policy: backup.grace_minutes")


def test_file_commands_for_a_restore_plan():
    from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import effective_policy

    platform = {"datacenters": {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}}}
    environments = copy.deepcopy(ENVIRONMENTS)
    for key in environments:
        environments[key]["placement"] = {"files": "fs-par1-a"}
    plan = plan_acme(environments=environments, target="staging")
    commands = file_commands(
        plan, environments, effective_policy(platform), "fs-par1-a", "/srv/t", "linux", {"sxb1": "10.20.2.31"}
    )
    assert len(commands["safety"]) == 2
    assert commands["safety"][0][:2] == ["--repo", "sftp:bk_acme@10.20.2.31:/repos/acme_staging/code"]
    assert commands["safety"][0][-2:] == ["--tag", "restore-safety"]
    assert "/srv/t/acme/staging/config" in commands["safety"][0]
    first = commands["restore"][0]
    assert first["target"] == "/srv/t/acme/staging/config"
    assert first["argv"][:4] == [
        "--repo",
        "sftp:bk_acme@10.20.2.31:/repos/acme_production/code",
        "--password-file",
        "/etc/divalto/backup/passwords/acme_production",
    ]
    assert first["argv"][6:] == [
        "restore",
        plan["data_sets"][0]["snapshot"],
        "--target",
        "/srv/t/.restore-2852d0c0",
        "--include",
        "/srv/divalto/tenants/acme/production/config",
    ]
    assert len(commands["restore"]) == 4


def test_file_commands_refuse_bad_plans_and_vaults():
    from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import effective_policy

    policy = effective_policy({"datacenters": {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}}})
    with pytest.raises(RestorePlanError) as error:
        file_commands({"source": "nobody_production"}, ENVIRONMENTS, policy, "fs", "/srv", "linux", {"sxb1": "v"})
    assert str(error.value) == "plan: its source 'nobody_production' is not in divalto_environments"
    with pytest.raises(RestorePlanError) as error:
        file_commands(["x"], ENVIRONMENTS, policy, "fs", "/srv", "linux", {"sxb1": "v"})
    assert str(error.value) == "plan: expected a restore plan or one environment of a failover plan, got ['x']"
    with pytest.raises(RestorePlanError) as error:
        file_commands({"key": "acme_production", "data_sets": []}, ENVIRONMENTS, policy, "fs", "/srv", "linux", {})
    assert str(error.value).startswith("restic: vaults: expected a mapping of datacenter -> vault address")


def test_summary_lines():
    plan = plan_acme("2026-11-18T09:30:00+01:00", target="staging")
    lines = plan["summary"]
    assert lines[0] == "restore acme_production at 2026-11-18T08:30:00+00:00 into acme_staging"
    assert lines[1] == (
        "safety backup first: databases acme_staging_erp, acme_staging_portal (copy-only full), directories of "
        "acme_staging (restic, tag restore-safety)"
    )
    assert lines[2].startswith(
        "database acme_staging_erp <- acme_production_erp: "
        "\\\\vault\\sql\\acme_production_erp\\FULL\\acme_production_erp_FULL_20261115_200030.bak, "
        "\\\\vault\\sql\\acme_production_erp\\DIFF\\acme_production_erp_DIFF_20261117_200030.bak, "
    )
    assert lines[2].endswith("acme_production_erp_LOG_20261118_090000.trn (stop at 09:30:00 11/18/2026)")
    assert lines[4] == (
        "files code <- snapshot 2852d0c0 (2026-11-17T21:00:00+00:00) of acme_production: "
        "acme/staging/config, acme/staging/overrides, acme/staging/addons"
    )
    assert lines[-2] == (
        "neutralise: disable_outgoing_mail, disable_scheduled_jobs, disable_ebics_connectors, "
        "disable_external_connectors"
    )
    assert lines[-1] == "quiesced during the restore (drained on the DMZ proxies, IIS pool stopped), then brought back"
    production = plan_acme("2026-11-17T21:05:30+01:00")["summary"]
    assert production[2].endswith("acme_production_erp_DIFF_20261117_200030.bak")
    assert production[-2] == "neutralise: no (production target)"


def test_a_steps_option_and_reason_are_kept_in_the_plan():
    steps = [{"name": "mail_off", "sql": "UPDATE x SET y = 0", "option": "outgoing_mail", "reason": "every copy"}]
    plan = plan_acme(target="staging", steps=steps)
    assert plan["neutralise"] == [
        {
            "name": "mail_off",
            "description": "",
            "database": "acme_staging_erp",
            "sql": "UPDATE x SET y = 0",
            "option": "outgoing_mail",
            "reason": "every copy",
        }
    ]
