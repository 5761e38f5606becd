# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of module_utils/backup/dr.py: failover order, DR view, data loss, the report (recorded timelines)."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.dr import (
    DrError,
    check_confirmation,
    dr_report,
    dr_view,
    failover_order,
    plan_failover,
    recovery_datacenter,
    recovery_placement,
    render_markdown,
    report_files,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.restore_history import (
    paris,
    policy_events,
    snapshots,
    sql_history,
)

PLATFORM = {
    "datacenters": {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}},
    "pools": {
        "app-par1-a": {"datacenter": "par1"},
        "app-sxb1-b": {"datacenter": "sxb1"},
        "app-sxb1-a": {"datacenter": "sxb1"},
    },
    "ha_pairs": {
        "sql-par1-a": {"datacenter": "par1", "role": "sql"},
        "fs-par1-a": {"datacenter": "par1", "role": "file"},
        "sql-sxb1-a": {"datacenter": "sxb1", "role": "sql"},
        "fs-sxb1-a": {"datacenter": "sxb1", "role": "file"},
    },
}


def env(tenant, kind, datacenter="par1"):
    key = "%s_%s" % (tenant, kind)
    return {
        "key": key,
        "tenant": tenant,
        "type": kind,
        "production": kind == "production",
        "datacenter": datacenter,
        "placement": {"pool": "app-%s-a" % datacenter, "sql": "sql-%s-a" % datacenter, "files": "fs-%s-a" % datacenter},
        "databases": {"erp": key + "_erp"},
        "directories": {
            "config": "%s/%s/config" % (tenant, kind),
            "overrides": "%s/%s/overrides" % (tenant, kind),
            "addons": "%s/%s/addons" % (tenant, kind),
            "erp_files": "%s/%s/erp_files" % (tenant, kind),
        },
        "implicit_search_list": [
            "\\\\fs-%s-a\\%s\\overrides" % (datacenter, key),
            "//sql-%s-a/%s_erp" % (datacenter, key),
        ],
    }


ENVIRONMENTS = {
    e["key"]: e
    for e in (
        env("acme", "production"),
        env("acme", "staging"),
        env("acme", "setup"),
        env("cobalt", "production"),
        env("dentelles", "production"),
        env("dentelles", "testing"),
        env("zeta", "testing", "sxb1"),
    )
}
EVENTS = policy_events(dt.date(2026, 11, 15), 4)
DECISION = paris(2026, 11, 18, 14, 20)
SNAPSHOT_TIMES = [paris(2026, 11, d, 22, 0) for d in range(15, 18)]


def history(keys):
    records = []
    snaps = []
    for key in keys:
        records += sql_history(key + "_erp", EVENTS)
        snaps += snapshots(key, SNAPSHOT_TIMES)
    return records, snaps


def test_recovery_datacenter_and_placement():
    assert recovery_datacenter(PLATFORM) == "sxb1"
    assert recovery_placement(PLATFORM, "sxb1") == {"pool": "app-sxb1-a", "sql": "sql-sxb1-a", "files": "fs-sxb1-a"}


def test_no_or_several_recovery_datacenters_are_refused():
    with pytest.raises(DrError) as error:
        recovery_datacenter({"datacenters": {"par1": {"role": "primary"}}})
    assert (
        str(error.value)
        == "expected exactly one datacenter of role recovery in divalto_platform.datacenters, found none"
    )
    with pytest.raises(DrError) as error:
        recovery_datacenter({"datacenters": {"a": {"role": "recovery"}, "b": {"role": "recovery"}}})
    assert (
        str(error.value)
        == "expected exactly one datacenter of role recovery in divalto_platform.datacenters, found a, b"
    )


def test_a_recovery_datacenter_without_pairs_is_refused():
    platform = copy.deepcopy(PLATFORM)
    del platform["ha_pairs"]["sql-sxb1-a"]
    del platform["ha_pairs"]["fs-sxb1-a"]
    with pytest.raises(DrError) as error:
        recovery_placement(platform, "sxb1")
    assert str(error.value) == (
        "the recovery datacenter sxb1 has no an SQL pair and no a file-server pair: nothing to fail over to"
    )


def test_order_production_first_by_priority_then_tenant_then_others():
    assert failover_order(ENVIRONMENTS, "sxb1", {"dentelles": 1}) == [
        "dentelles_production",
        "acme_production",
        "cobalt_production",
        "acme_staging",
        "acme_setup",
        "dentelles_testing",
    ]
    assert failover_order(ENVIRONMENTS, "sxb1") == [
        "acme_production",
        "cobalt_production",
        "dentelles_production",
        "acme_staging",
        "acme_setup",
        "dentelles_testing",
    ]
    assert failover_order(ENVIRONMENTS, "sxb1", tenant="acme") == ["acme_production", "acme_staging", "acme_setup"]


def test_order_refuses_bad_priorities_and_unknown_tenants():
    with pytest.raises(DrError) as error:
        failover_order(ENVIRONMENTS, "sxb1", {"acme": "high"})
    assert str(error.value) == "priorities: expected an integer for tenant acme, got 'high'"
    with pytest.raises(DrError) as error:
        failover_order(ENVIRONMENTS, "sxb1", tenant="zeta")
    assert str(error.value) == "tenant zeta has no environment outside the recovery datacenter sxb1"


def test_dr_view_moves_placement_and_implicit_search_list():
    placement = {"pool": "app-sxb1-a", "sql": "sql-sxb1-a", "files": "fs-sxb1-a"}
    view = dr_view(ENVIRONMENTS, ["acme_production"], placement, "sxb1")
    moved = view["acme_production"]
    assert moved["placement"] == placement
    assert moved["datacenter"] == "sxb1"
    assert moved["implicit_search_list"] == [
        "\\\\fs-sxb1-a\\acme_production\\overrides",
        "//sql-sxb1-a/acme_production_erp",
    ]
    assert ENVIRONMENTS["acme_production"]["placement"]["sql"] == "sql-par1-a"  # the input is not modified


def test_drill_view_suffixes_databases_and_prefixes_directories():
    placement = {"pool": "app-sxb1-a", "sql": "sql-sxb1-a", "files": "fs-sxb1-a"}
    view = dr_view(ENVIRONMENTS, ["acme_production"], placement, "sxb1", "_drill", "drill")
    moved = view["acme_production"]
    assert moved["databases"] == {"erp": "acme_production_erp_drill"}
    assert moved["directories"]["config"] == "drill/acme/production/config"
    assert moved["implicit_search_list"][-1] == "//sql-sxb1-a/acme_production_erp_drill"


def test_failover_plan_measures_data_loss_per_data_set():
    records, snaps = history(["acme_production", "cobalt_production"])
    plan = plan_failover(
        PLATFORM, ENVIRONMENTS, records, snaps, DECISION.isoformat(), tenant=None, priorities={"cobalt": 1}
    )
    assert plan["mode"] == "failover"
    assert plan["datacenter"] == "sxb1"
    assert plan["decision_time"] == "2026-11-18T13:20:00+00:00"
    assert [e["key"] for e in plan["environments"]][:2] == ["cobalt_production", "acme_production"]
    cobalt = plan["environments"][0]
    # last log finished at 14:05 Paris, 15 minutes before the decision; last snapshot Tuesday 22:00
    assert cobalt["last_backup"] == {
        "databases": "2026-11-18T13:05:00+00:00",
        "code": "2026-11-17T21:00:00+00:00",
        "files": "2026-11-17T21:00:00+00:00",
    }
    assert cobalt["data_loss_hours"] == {"databases": 0.25, "code": 16.33, "files": 16.33}
    assert cobalt["within_rpo"] == {"databases": True, "code": True, "files": True}
    assert cobalt["status"] == "ready"
    assert cobalt["databases"][0]["target_database"] == "cobalt_production_erp"
    assert cobalt["databases"][0]["restore_time"] is None
    assert cobalt["to"] == {"pool": "app-sxb1-a", "sql": "sql-sxb1-a", "files": "fs-sxb1-a"}
    assert plan["steps"][:2] == [
        {"step": "restore", "environment": "cobalt_production"},
        {"step": "restore", "environment": "acme_production"},
    ]
    assert {"step": "repoint_dmz", "proxies": "role_reverse_proxy:&dc_sxb1"} in plan["steps"]
    assert plan["steps"][-1] == {"step": "start", "environment": "dentelles_testing", "production": False}
    # environments without any history are listed, incomplete, with their reasons
    dentelles = next(e for e in plan["environments"] if e["key"] == "dentelles_production")
    assert dentelles["status"] == "incomplete"
    assert dentelles["errors"][0] == "database dentelles_production_erp: no backup of it in the history"
    assert dentelles["data_loss_hours"] == {"databases": None, "code": None, "files": None}
    assert dentelles["within_rpo"] == {"databases": False, "code": False, "files": False}


def test_a_log_gap_shows_as_data_loss_beyond_the_rpo():
    records, snaps = history(["acme_production"])
    lost = {paris(2026, 11, 18, h, 0).isoformat() for h in range(10, 15)}
    records = [r for r in records if not (r["Type"] == "Log" and r["Start"] in lost)]
    plan = plan_failover(PLATFORM, ENVIRONMENTS, records, snaps, DECISION.isoformat(), tenant="acme")
    acme = plan["environments"][0]
    assert acme["last_backup"]["databases"] == "2026-11-18T08:05:00+00:00"
    assert acme["data_loss_hours"]["databases"] == 5.25
    assert acme["within_rpo"]["databases"] is False


def test_old_file_snapshots_miss_the_files_rpo():
    records, snaps = history(["acme_production"])
    snaps = [s for s in snaps if s["time"].startswith("2026-11-15")]
    plan = plan_failover(PLATFORM, ENVIRONMENTS, records, snaps, DECISION.isoformat(), tenant="acme")
    assert plan["environments"][0]["data_loss_hours"]["files"] == 64.33
    assert plan["environments"][0]["within_rpo"]["files"] is False


def test_drill_plan_never_touches_the_dmz_and_uses_drill_names():
    records, snaps = history(["acme_production"])
    plan = plan_failover(PLATFORM, ENVIRONMENTS, records, snaps, DECISION.isoformat(), tenant="acme", drill=True)
    assert plan["mode"] == "drill"
    assert plan["dmz_proxies"] is None
    assert all(step["step"] != "repoint_dmz" for step in plan["steps"])
    acme = plan["environments"][0]
    assert acme["databases"][0]["target_database"] == "acme_production_erp_drill"
    assert acme["data_sets"][0]["directories"][0]["target"] == "drill/acme/production/config"
    assert plan["dr_environments"]["acme_production"]["databases"] == {"erp": "acme_production_erp_drill"}


def test_a_decision_in_the_future_is_refused():
    with pytest.raises(DrError) as error:
        plan_failover(PLATFORM, ENVIRONMENTS, [], [], DECISION.isoformat(), now=paris(2026, 11, 18, 14, 0).isoformat())
    assert str(error.value) == (
        "decision time 2026-11-18T13:20:00+00:00 is in the future (now is 2026-11-18T13:00:00+00:00)"
    )


def test_a_decision_without_offset_is_refused():
    with pytest.raises(DrError) as error:
        plan_failover(PLATFORM, ENVIRONMENTS, [], [], "2026-11-18T14:20:00")
    assert str(error.value) == (
        "decision time: expected a time with a UTC offset, got '2026-11-18T14:20:00' "
        "(ISO 8601 with an offset, e.g. 2026-11-26T14:30:00+01:00)"
    )


def test_an_invalid_backup_policy_is_refused():
    platform = dict(PLATFORM, backup={"grace_minutes": -1})
    with pytest.raises(DrError) as error:
        plan_failover(platform, ENVIRONMENTS, [], [], DECISION.isoformat())
    assert str(error.value).startswith("backup policy: backup.grace_minutes")


def at(hours):
    return (DECISION + dt.timedelta(hours=hours)).isoformat()


def recorded_plan():
    records, snaps = history(["acme_production", "acme_staging", "acme_setup"])
    return plan_failover(PLATFORM, ENVIRONMENTS, records, snaps, DECISION.isoformat(), tenant="acme")


TIMELINE = [
    {"event": "decision", "at": at(0)},
    {"environment": "acme_production", "event": "restore_started", "at": at(0.25)},
    {"environment": "acme_production", "event": "restore_finished", "at": at(2)},
    {"event": "dmz_repointed", "at": at(2.5)},
    {"environment": "acme_production", "event": "services_started", "at": at(3.5)},
    {"environment": "acme_staging", "event": "services_started", "at": at(4.25)},
    {"event": "full_capacity", "at": at(20)},
]


def test_report_arithmetic_over_a_recorded_timeline():
    report = dr_report(recorded_plan(), TIMELINE)
    production, staging, setup = report["environments"]
    assert production["restart_hours"] == 3.5
    assert production["restart_within_target"] is True
    assert production["met"] is True
    assert production["events"] == {
        "restore_finished": "2026-11-18T15:20:00+00:00",
        "restore_started": "2026-11-18T13:35:00+00:00",
        "services_started": "2026-11-18T16:50:00+00:00",
    }
    assert staging["restart_hours"] == 4.25
    assert staging["restart_within_target"] is False
    assert setup["restart_hours"] is None
    assert setup["met"] is False
    assert report["full_capacity_hours"] == 20.0
    assert report["full_capacity_within_target"] is True
    assert report["met"] is False
    assert report["platform_events"]["dmz_repointed"] == "2026-11-18T15:50:00+00:00"


def test_report_all_met():
    plan = recorded_plan()
    timeline = [
        {"environment": e["key"], "event": "services_started", "at": at(1 + i)}
        for i, e in enumerate(plan["environments"])
    ] + [{"event": "full_capacity", "at": at(24)}]
    report = dr_report(plan, timeline)
    assert report["met"] is True
    assert report["full_capacity_hours"] == 24.0


def test_report_markdown():
    text = render_markdown(dr_report(recorded_plan(), TIMELINE))
    lines = text.splitlines()
    assert lines[0] == "# Disaster recovery failover into sxb1"
    assert "Result: **targets MISSED**." in lines
    assert "| 1 | acme_production (production) | 0.25 h | 16.33 h | 16.33 h | 3.5 h | met |" in lines
    assert "| 2 | acme_staging | 0.25 h | 16.33 h | 16.33 h | 4.25 h MISSED | missed |" in lines
    assert "| 3 | acme_setup | 0.25 h | 16.33 h | 16.33 h | - MISSED | missed |" in lines
    assert "Full capacity: 20.0 h after the decision." in lines


def test_report_lists_what_could_not_be_restored():
    records, snaps = history(["acme_production"])
    plan = plan_failover(PLATFORM, ENVIRONMENTS, records, snaps, DECISION.isoformat(), tenant="acme")
    text = render_markdown(dr_report(plan, []))
    assert "- acme_staging: database acme_staging_erp: no backup of it in the history" in text.splitlines()
    assert "Full capacity: - (target MISSED)." in text.splitlines()


@pytest.mark.parametrize(
    "record, message",
    [
        (
            {"environment": "nobody", "event": "services_started", "at": at(1)},
            "timeline record 0: environment nobody is not in the plan",
        ),
        (
            {"environment": "acme_production", "event": "lunch", "at": at(1)},
            "timeline record 0: event 'lunch' of an environment: expected one of restore_started, restore_finished, "
            "services_started",
        ),
        (
            {"event": "services_started", "at": at(1)},
            "timeline record 0: event 'services_started' without environment: expected one of decision, "
            "dmz_repointed, full_capacity",
        ),
        (
            {"event": "full_capacity", "at": at(-1)},
            "timeline record 0: full_capacity at 2026-11-18T12:20:00+00:00 is before the decision "
            "(2026-11-18T13:20:00+00:00)",
        ),
        (
            {"event": "full_capacity", "at": "later"},
            "timeline record 0, field 'at': expected an ISO 8601 time, got 'later' "
            "(ISO 8601 with an offset, e.g. 2026-11-26T14:30:00+01:00)",
        ),
        ("x", "timeline record 0: expected a mapping, got 'x'"),
    ],
)
def test_report_refuses_bad_timelines(record, message):
    with pytest.raises(DrError) as error:
        dr_report(recorded_plan(), [record])
    assert str(error.value) == message


def test_report_refuses_something_that_is_not_a_plan():
    with pytest.raises(DrError) as error:
        dr_report({"databases": []}, [])
    assert str(error.value) == "plan: expected the plan returned by restore_plan in failover or drill mode"


def test_failover_needs_the_recovery_datacenter_typed():
    assert check_confirmation(PLATFORM, "sxb1") == "sxb1"
    with pytest.raises(DrError) as error:
        check_confirmation(PLATFORM, "par1")
    assert str(error.value) == (
        "failover refused: it moves every environment into the recovery datacenter; confirm with "
        "-e dr_confirm=sxb1 (the recovery datacenter's name), got 'par1'"
    )
    with pytest.raises(DrError) as error:
        check_confirmation(PLATFORM, None)
    assert str(error.value).endswith("got ''")


def test_decision_defaults_to_now():
    plan = plan_failover(PLATFORM, ENVIRONMENTS, [], [], now=DECISION.isoformat(), tenant="acme")
    assert plan["decision_time"] == "2026-11-18T13:20:00+00:00"


def test_report_files_are_named_after_mode_and_decision():
    files = report_files(dr_report(recorded_plan(), TIMELINE))
    assert files["json"][0] == "dr_failover-20261118T132000Z.json"
    assert files["markdown"][0] == "dr_failover-20261118T132000Z.md"
    assert json.loads(files["json"][1])["full_capacity_hours"] == 20.0
    assert files["markdown"][1].startswith("# Disaster recovery failover into sxb1\n")


def test_summary_lines():
    records, snaps = history(["acme_production"])
    lines = plan_failover(PLATFORM, ENVIRONMENTS, records, snaps, DECISION.isoformat(), tenant="acme")["summary"]
    assert lines[0] == (
        "failover into sxb1 at decision time 2026-11-18T13:20:00+00:00: pool app-sxb1-a, SQL pair sql-sxb1-a, "
        "file pair fs-sxb1-a"
    )
    assert lines[1] == (
        "1. acme_production (production): acme_production_erp <- 19 file(s); snapshots code %s, files %s; "
        "data loss 0.25 h (databases), 16.33 h (code), 16.33 h (files)" % (snaps[4]["short_id"], snaps[5]["short_id"])
    )
    assert lines[2].startswith("2. acme_staging: no database; snapshots none; data loss - h (databases)")
    assert "INCOMPLETE: database acme_staging_erp: no backup of it in the history" in lines[2]
    assert (
        lines[-2]
        == "then repoint the DMZ: the reverse proxies role_reverse_proxy:&dc_sxb1 serve the environments above"
    )
    drill = plan_failover(PLATFORM, ENVIRONMENTS, records, snaps, DECISION.isoformat(), tenant="acme", drill=True)
    assert drill["summary"][-2] == "drill: the DMZ routing is not touched"
