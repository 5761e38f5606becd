# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Restore test: weekly rotation, the verdict (never passed on a missing or failed step), the tree comparison."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_test import (
    RestoreTestError,
    compare_restore,
    pick_environment,
    restore_test_report,
    restored_files,
    snapshot_files,
    week_index,
)

ENVIRONMENTS = {
    "acme_production": {"production": True},
    "acme_staging": {"production": False},
    "breizhfood_production": {"production": True},
    "cobalt_production": {"production": True},
}


def test_rotation_covers_every_production_environment_in_turn():
    monday = dt.date(2026, 11, 23)
    picks = [pick_environment(ENVIRONMENTS, monday + dt.timedelta(weeks=i)) for i in range(6)]
    assert sorted(picks[:3]) == ["acme_production", "breizhfood_production", "cobalt_production"]
    assert picks[3:] == picks[:3]


def test_same_week_same_environment_and_year_end_continuity():
    assert pick_environment(ENVIRONMENTS, "2026-11-23") == pick_environment(ENVIRONMENTS, "2026-11-29T23:00:00+01:00")
    assert week_index("2027-01-04") == week_index("2026-12-28") + 1


def test_requested_environment_wins():
    assert pick_environment(ENVIRONMENTS, "2026-11-23", "acme_staging") == "acme_staging"


@pytest.mark.parametrize(
    "environments, today, requested, message",
    [
        (
            {},
            "2026-11-23",
            None,
            "environments: expected the divalto_environments inventory variable (a non-empty dict)",
        ),
        (ENVIRONMENTS, "2026-11-23", "nope", "restore_test_environment: 'nope' is not an environment (known: "),
        ({"a": {"production": False}}, "2026-11-23", None, "environments: no production environment to rotate over"),
        (ENVIRONMENTS, "next week", None, "day: expected a date YYYY-MM-DD, got 'next week'"),
    ],
)
def test_pick_errors(environments, today, requested, message):
    with pytest.raises(RestoreTestError) as caught:
        pick_environment(environments, today, requested)
    assert str(caught.value).startswith(message)


def step(name, part="files", state="passed", message=""):
    return {"name": name, "part": part, "state": state, "message": message}


def test_report_passes_only_when_every_step_passed():
    report = restore_test_report("acme_production", [step("check"), step("restore")], "t0", "t1")
    assert report["status"] == "passed"
    assert report["failures"] == []
    assert json.loads(report["json"])["status"] == "passed"
    assert "**Result: PASSED**" in report["markdown"]


def test_report_fails_on_a_failed_step():
    report = restore_test_report(
        "acme_production",
        [step("check", state="failed", message="Pack ID does not match"), step("restore")],
        "t0",
        "t1",
    )
    assert report["status"] == "failed"
    assert report["failures"] == ["files: check failed: Pack ID does not match"]
    assert "| files | check | FAILED | Pack ID does not match |" in report["markdown"]


def test_report_fails_on_a_skipped_step():
    report = restore_test_report("acme_production", [step("check"), step("restore", state="skipped")], "t0", "t1")
    assert report["failures"] == ["files: restore skipped"]


def test_report_fails_when_a_required_part_did_not_run():
    report = restore_test_report("acme_production", [step("check")], "t0", "t1", required_parts=("sql", "files"))
    assert report["status"] == "failed"
    assert report["failures"] == ["sql: no passed step (the sql part did not run)"]


def test_report_fails_without_steps():
    report = restore_test_report("acme_production", [], "t0", "t1", required_parts=())
    assert report["failures"] == ["no step ran"]


def test_report_escapes_markdown_pipes():
    report = restore_test_report("x", [step("a", state="failed", message="a|b\nc")], "t0", "t1")
    assert "| files | a | FAILED | a\\|b c |" in report["markdown"]


@pytest.mark.parametrize(
    "steps, message",
    [
        ("x", "steps: expected a list of {name, part, state, message}, got 'x'"),
        ([{"part": "files"}], "steps[0]: expected a mapping with a name, got {'part': 'files'}"),
        ([step("a", state="ok")], "steps[0].state: expected one of passed, failed, skipped, got 'ok'"),
    ],
)
def test_report_errors(steps, message):
    with pytest.raises(RestoreTestError) as caught:
        restore_test_report("x", steps, "t0", "t1")
    assert str(caught.value) == message


LS = "\n".join(
    json.dumps(node)
    for node in [
        {"struct_type": "snapshot", "id": "abc"},
        {"name": "erp_files", "type": "dir", "path": "/srv/t/erp_files"},
        {"name": "a.txt", "type": "file", "path": "/srv/t/erp_files/a.txt", "size": 12},
        {"name": "b.bin", "type": "file", "path": "/srv/t/erp_files/b.bin", "size": 4096},
        {"name": "empty", "type": "file", "path": "/srv/t/erp_files/empty"},
    ]
)
EXPECTED = {"/srv/t/erp_files/a.txt": 12, "/srv/t/erp_files/b.bin": 4096, "/srv/t/erp_files/empty": 0}


def test_snapshot_files_are_the_regular_files_of_the_listing():
    assert snapshot_files(LS) == EXPECTED


def test_compare_restore_identical():
    assert compare_restore(EXPECTED, dict(EXPECTED)) == {
        "ok": True,
        "files": 3,
        "bytes": 4108,
        "missing": [],
        "unexpected": [],
        "size_mismatch": [],
    }


def test_compare_restore_differences():
    result = compare_restore(EXPECTED, {"/srv/t/erp_files/a.txt": 11, "/srv/t/erp_files/c.txt": 1})
    assert result["ok"] is False
    assert result["missing"] == ["/srv/t/erp_files/b.bin", "/srv/t/erp_files/empty"]
    assert result["unexpected"] == ["/srv/t/erp_files/c.txt"]
    assert result["size_mismatch"] == ["/srv/t/erp_files/a.txt"]


def test_compare_restore_empty_snapshot_is_not_ok():
    assert compare_restore(snapshot_files(""), {})["ok"] is False


def test_restored_files_are_keyed_as_they_were_backed_up(tmp_path):
    (tmp_path / "srv" / "t").mkdir(parents=True)
    (tmp_path / "srv" / "t" / "a.txt").write_bytes(b"x" * 12)
    (tmp_path / "srv" / "t" / "link").symlink_to("a.txt")
    assert restored_files(str(tmp_path)) == {"/srv/t/a.txt": 12}


@pytest.mark.parametrize(
    "ls, message",
    [
        ("{not json", "restic ls output line 1: expected JSON, got '{not json'"),
        ('{"type": "file", "path": "/a", "size": true}', "restic ls output line 1: expected a file node"),
        ('{"type": "file", "path": 7, "size": 1}', "restic ls output line 1: expected a file node"),
    ],
)
def test_snapshot_files_errors(ls, message):
    with pytest.raises(RestoreTestError) as caught:
        snapshot_files(ls)
    assert str(caught.value).startswith(message)


def test_compare_restore_refuses_what_is_not_a_listing():
    with pytest.raises(RestoreTestError) as caught:
        compare_restore(EXPECTED, "12 /srv/t/erp_files/a.txt")
    assert str(caught.value) == "restored: expected a mapping of path -> size, got '12 /srv/t/erp_files/a.txt'"
