# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of module_utils/backup/restore_report.py: the run report of restore.yml."""

from __future__ import annotations

import datetime as dt

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_report import (
    RestoreReportError,
    requester,
    run_report,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.test_restore_scope import plan

STARTED = dt.datetime(2026, 12, 5, 20, 15, tzinfo=dt.UTC)
FINISHED = STARTED + dt.timedelta(minutes=2, seconds=5.25)


def side_plan():
    return plan(scope="files", paths=["erp_files/2026/x.pdf"], stamp="20261205T201500Z")


def test_a_side_restore_says_what_from_which_snapshot_by_whom_and_how_long():
    side = side_plan()
    report = run_report(side, STARTED.isoformat(), STARTED.timestamp(), None, "operator", finished=FINISHED)
    assert report["restored"] == {
        "databases": [],
        "files": [
            {
                "data_set": "files",
                "snapshot": side["data_sets"][0]["snapshot"],
                "snapshot_time": side["data_sets"][0]["time"],
                "entries": [
                    {
                        "path": "erp_files/2026/x.pdf",
                        "target": "acme/staging/restored/20261205T201500Z/erp_files/2026/x.pdf",
                    }
                ],
            }
        ],
    }
    assert report["requested_by"] == {"user": "operator", "via": "controller"}
    assert (report["started"], report["finished"]) == ("2026-12-05T20:15:00+00:00", "2026-12-05T20:17:05.250000+00:00")
    assert report["duration_seconds"] == 125.2
    assert (report["status"], report["error"], report["haproxy"]) == ("succeeded", None, [])
    assert (report["scope"], report["paths"], report["target"]) == ("files", ["erp_files/2026/x.pdf"], "acme_staging")


def test_a_whole_restore_lists_each_database_backup_files_and_a_failure():
    whole = plan()
    rows = [{"proxy": "dmz-par1-01", "backend": "be_acme_staging", "server": "app-par1-01", "status": "MAINT"}]
    report = run_report(
        whole, STARTED.isoformat(), str(STARTED.timestamp()), "jdoe", "awx", "Restore: boom", rows, finished=FINISHED
    )
    first = report["restored"]["databases"][0]
    assert (first["database"], first["from"]) == ("acme_staging_erp", "acme_production_erp")
    assert first["backups"] == whole["databases"][0]["files"] and first["restore_point"]
    assert [item["path"] for item in report["restored"]["files"][0]["entries"]] == ["config", "overrides", "addons"]
    assert report["requested_by"] == {"user": "jdoe", "via": "awx"}
    assert (report["status"], report["error"], report["haproxy"]) == ("failed", "Restore: boom", rows)


def test_the_requester():
    assert requester("  ", "root") == {"user": "root", "via": "controller"}
    assert requester(None, None) == {"user": "unknown", "via": "controller"}


def test_bad_inputs_are_named():
    with pytest.raises(RestoreReportError, match="plan: expected the plan of divalto.cloud.restore_plan, got 'x'"):
        run_report("x", "", 0, None, "u")
    with pytest.raises(RestoreReportError, match="started_epoch: expected seconds since the epoch, got 'soon'"):
        run_report(side_plan(), "", "soon", None, "u")


COPY_REQUEST = {
    "source": "acme_production",
    "target": "acme_staging",
    "service_packs": {"source": "v1", "target": "v2", "older": False},
    "force_older_service_pack": False,
    "reason": None,
    "neutralisation": {
        "options": [
            {"option": "outgoing_mail", "applied": True, "reason": "every copy"},
            {"option": "ebics", "applied": False, "reason": "tenant acme does not license ebics_ts"},
        ],
        "steps": [{"name": "disable_outgoing_mail"}],
    },
}
COPY = {
    "users": {
        "removed": ["CLOUD\\gg_acme_production"],
        "granted": [{"login": "CLOUD\\gg_acme_staging", "roles": ["db_owner"]}],
        "service_account": None,
        "statements": [{"name": "copy_users"}],
    },
    "marker": {"text": "copy of acme_production", "statements": [{"name": "copy_marker"}]},
}


def copy_run(done, failure=None):
    return run_report(
        side_plan(),
        STARTED.isoformat(),
        STARTED.timestamp(),
        None,
        "operator",
        failure,
        (),
        FINISHED,
        COPY_REQUEST,
        COPY,
        done,
    )["copy"]


def test_a_copy_that_ran_to_its_end_says_each_step_done():
    copy = copy_run(["neutralisation", "users", "marker", "implicit_file"])
    assert copy["done"] == {"neutralisation": True, "users": True, "marker": True, "implicit_file": True}
    assert (copy["neutralised"], copy["users_removed"], copy["marker"]) == (
        ["outgoing_mail"],
        ["CLOUD\\gg_acme_production"],
        "copy of acme_production",
    )


def test_a_failed_copy_says_which_planned_steps_never_ran():
    # The users' batch failed (no login for the target's service account): neutralised, nothing after it.
    copy = copy_run(["neutralisation"], failure="Run the computed T-SQL of the copy: no login")
    assert copy["done"] == {"neutralisation": True, "users": False, "marker": False, "implicit_file": False}
    # Nothing recorded at all (a failure before the databases): no step is said done.
    assert set(copy_run(None, failure="x")["done"].values()) == {False}


def test_a_step_the_copy_has_not_is_null_not_false():
    files_only = dict(COPY_REQUEST, neutralisation={"options": [], "steps": []})
    report = run_report(
        side_plan(),
        STARTED.isoformat(),
        0,
        None,
        "op",
        None,
        (),
        FINISHED,
        files_only,
        {"users": {}, "marker": {}},
        ["implicit_file"],
    )
    assert report["copy"]["done"] == {"neutralisation": None, "users": None, "marker": None, "implicit_file": True}


@pytest.mark.parametrize(
    ("done", "message"),
    [
        ("users", r"^done: expected a list of the copy's steps done, got 'users'"),
        (["users", "mail"], r"^done: unknown step\(s\) mail \(known: neutralisation, users, marker, implicit_file\)$"),
    ],
)
def test_bad_done_steps_are_named(done, message):
    with pytest.raises(RestoreReportError, match=message):
        copy_run(done)
