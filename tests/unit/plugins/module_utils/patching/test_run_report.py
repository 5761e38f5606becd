# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for module_utils/patching/run_report.py (validation, summary, Markdown, writing)."""

from __future__ import annotations

import datetime
import json
import os
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.patching import run_report as rr

STARTED = "2026-11-29T15:04:42Z"


def record(**extra):
    base = {"subject": "app1", "wave": 1, "ring": "prod", "state": "done"}
    base.update(extra)
    return base


def build(records=None, **kwargs):
    kwargs.setdefault("status", "succeeded")
    return rr.build_report("patch_monthly", kwargs.pop("started", STARTED), records=records or [], **kwargs)


def test_full_report_with_defaults_duration_and_summary():
    report = build(
        [
            record(
                installed=["divalto-probe 1.1"],
                reboots=1,
                started="2026-11-29T15:05:00Z",
                ended="2026-11-29T16:06:01+01:00",
                haproxy=[{"backend": "be_a", "status": "MAINT"}],
                details={"x": 1},
            ),
            record(subject="app2", wave=2, state="failed", message="boom"),
            record(subject="app3", wave=3, state="untouched"),
            record(
                subject="acme_production",
                subject_type="environment",
                ring="production",
                wave=None,
                state="rolled_back",
                from_version="v1",
                to_version="v2",
            ),
        ],
        status="failed",
        ended="2026-11-29T15:10:42Z",
        forced_windows=[
            {
                "ring": "prod",
                "reason": "INC-1",
                "time": "2026-11-29T15:04:43Z",
                "user": "awx",
                "next_window": {"start": "x"},
                "wave": 2,
            }
        ],
        plan=[{"index": 1}],
    )
    first = report["records"][0]
    assert first["duration_seconds"] == 61
    assert first["started"] == "2026-11-29T15:05:00+00:00"
    assert first["details"] == {"x": 1}
    assert report["records"][1]["installed"] == [] and report["records"][1]["reboots"] == 0
    assert report["duration_seconds"] == 360
    assert report["summary"] == {
        "status": "failed",
        "subjects": 4,
        "counts": {"done": 1, "failed": 1, "untouched": 1, "rolled_back": 1},
        "failed": ["app2"],
        "left_drained": ["app2"],
        "forced_windows": 1,
        "reboots": 1,
    }
    assert report["forced_windows"] == [
        {
            "ring": "prod",
            "reason": "INC-1",
            "at": "2026-11-29T15:04:43+00:00",
            "user": "awx",
            "wave": 2,
            "next_window": {"start": "x"},
        }
    ]
    assert report["plan"] == [{"index": 1}]


def test_drained_environment_is_not_left_drained_but_machine_is():
    report = build([record(state="drained"), record(subject="e", subject_type="environment", state="drained")])
    assert report["summary"]["left_drained"] == ["app1"]


@pytest.mark.parametrize(
    "records, message",
    [
        (["x"], "records[0]: expected a mapping, got str"),
        ([record(color="red")], "records[0]: unknown field(s) color"),
        ([record(subject="")], "records[0].subject: expected a non-empty string, got ''"),
        ([record(subject_type="vm")], "records[0].subject_type: 'vm' is not one of machine, environment"),
        ([record(wave=None, ring=None)], "records[0]: needs a wave or a ring"),
        ([record(wave=0)], "records[0].wave: must be at least 1, got 0"),
        ([record(wave="one")], "records[0].wave: expected an integer, got 'one'"),
        ([record(wave=True)], "records[0].wave: expected an integer, got True"),
        (
            [record(state="weird")],
            "records[0].state: 'weird' is not one of done, failed, untouched, rolled_back, drained, unchanged, planned",
        ),
        ([record(installed="kb1")], "records[0].installed: expected a list of strings, got 'kb1'"),
        ([record(reboots=-1)], "records[0].reboots: must be at least 0, got -1"),
        ([record(started="yesterday")], "records[0].started: 'yesterday' is not an ISO 8601 timestamp"),
        ([record(started="2026-11-29T15:00:00")], "records[0].started: '2026-11-29T15:00:00' has no UTC offset"),
        ([record(ended=5)], "records[0].ended: expected an ISO 8601 timestamp, got 5"),
        (
            [record(started="2026-11-29T15:00:00Z", ended="2026-11-29T14:00:00Z")],
            "records[0]: ended 2026-11-29T14:00:00Z is before started 2026-11-29T15:00:00Z",
        ),
        ([record(from_version="")], "records[0].from_version: expected a non-empty string, got ''"),
        ([record(haproxy=["x"])], "records[0].haproxy: expected a list of mappings"),
        ([record(details=[1])], "records[0].details: expected a mapping, got list"),
        ([record(), record()], "records[1]: machine 'app1' appears twice"),
        ([record(state="failed")], "status: 'succeeded' but at least one record is failed"),
    ],
)
def test_invalid_records(records, message):
    with pytest.raises(rr.RunReportError) as error:
        build(records)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "entry, message",
    [
        ("x", "forced_windows[0]: expected a mapping, got str"),
        ({"ring": "prod", "reason": "r", "at": STARTED, "extra": 1}, "forced_windows[0]: unknown field(s) extra"),
        ({"reason": "r", "at": STARTED}, "forced_windows[0].ring: expected a non-empty string, got None"),
        (
            {"ring": "prod", "reason": " ", "at": STARTED},
            "forced_windows[0].reason: expected a non-empty string, got ' '",
        ),
        ({"ring": "prod", "reason": "r"}, "forced_windows[0].at: expected an ISO 8601 timestamp, got None"),
        (
            {"ring": "prod", "reason": "r", "at": STARTED, "wave": 0},
            "forced_windows[0].wave: must be at least 1, got 0",
        ),
    ],
)
def test_invalid_forced_windows(entry, message):
    with pytest.raises(rr.RunReportError) as error:
        build(forced_windows=[entry])
    assert str(error.value) == message


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"kind": "Patch-Monthly"}, "kind: 'Patch-Monthly' must be lower-case letters, digits and underscores"),
        ({"status": "ok"}, "status: 'ok' is not one of succeeded, failed, planned"),
        ({"ended": "2026-11-29T15:00:00Z"}, "ended 2026-11-29T15:00:00Z is before started 2026-11-29T15:04:42Z"),
        ({"records": "x"}, "records: expected a list, got str"),
        ({"forced_windows": "x"}, "forced_windows: expected a list, got str"),
    ],
)
def test_invalid_run_arguments(kwargs, message):
    args = {"kind": "patch_monthly", "started": STARTED, "status": "succeeded", "records": []}
    args.update(kwargs)
    with pytest.raises(rr.RunReportError) as error:
        rr.build_report(**args)
    assert str(error.value) == message


def test_parse_instant_accepts_datetimes_and_lower_z():
    aware = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    assert rr.parse_instant(aware, "x") is aware
    assert rr.parse_instant("2026-01-01T00:00:00z", "x") == aware
    assert rr.compact_utc(rr.parse_instant("2026-11-29T16:04:42+01:00", "x")) == "20261129T150442Z"


def test_reboots_as_digit_string_is_accepted():
    assert build([record(reboots="2")])["records"][0]["reboots"] == 2


def test_markdown_lists_left_drained_forced_windows_and_escapes_cells():
    report = build(
        [
            record(
                state="failed",
                message="a|b\nc",
                from_version="v1",
                installed=["kb"],
                started="2026-11-29T15:05:00Z",
                ended="2026-11-29T17:05:03Z",
            )
        ],
        status="failed",
        forced_windows=[{"ring": "prod", "reason": "INC|2", "at": STARTED, "user": None}],
    )
    text = rr.render_markdown(report)
    assert "## Left drained" in text and "- app1" in text
    assert "| prod | 2026-11-29T15:04:42+00:00 |  | INC\\|2 |" in text
    assert "| app1 | machine | 1 | prod | failed | kb v1 -> ? | 0 | 2:00:03 | a\\|b c |" in text
    assert "- Ended: -" in text and "- Duration: -" in text


def test_markdown_without_forced_windows_or_records():
    text = rr.render_markdown(build(status="planned"))
    assert "## Forced maintenance windows\n\nNone." in text
    assert "- Subjects: 0 (none)" in text
    assert "Left drained" not in text


def test_write_is_atomic_idempotent_and_check_mode_writes_nothing(tmp_path):
    dest = str(tmp_path / "reports")
    report = build([record()])
    json_path, md_path, changed = rr.write_report(dest, report, check_mode=True)
    assert changed is True and not os.path.exists(dest)
    assert json_path.endswith("patch_monthly-20261129T150442Z.json")
    json_path, md_path, changed = rr.write_report(dest, report)
    assert changed is True
    assert json.loads(pathlib.Path(json_path).read_text(encoding="utf-8"))["records"][0]["subject"] == "app1"
    assert pathlib.Path(md_path).read_text(encoding="utf-8").startswith("# Run report: patch_monthly")
    assert oct(os.stat(json_path).st_mode & 0o777) == "0o644"
    assert rr.write_report(dest, report)[2] is False
    assert sorted(os.listdir(dest)) == ["patch_monthly-20261129T150442Z.json", "patch_monthly-20261129T150442Z.md"]


def test_write_errors(tmp_path):
    report = build()
    with pytest.raises(rr.RunReportError) as error:
        rr.write_report("", report)
    assert str(error.value) == "dest: a directory is required"
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(rr.RunReportError) as error:
        rr.write_report(str(target), report)
    assert str(error.value) == f"dest: {target} exists and is not a directory"


def test_write_reports_an_uncreatable_directory(tmp_path, monkeypatch):
    def refuse(path, exist_ok=False):
        raise OSError("permission denied")

    monkeypatch.setattr(rr.os, "makedirs", refuse)
    with pytest.raises(rr.RunReportError) as error:
        rr.write_report(str(tmp_path / "sub"), build())
    assert str(error.value) == f"dest: cannot create {tmp_path / 'sub'}: permission denied"


def test_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(rr.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        rr.write_report(str(tmp_path), build())
    assert os.listdir(tmp_path) == []


def test_forced_downgrade_and_its_reason_are_reported():
    downgrade = {"from": "v2026_erpx13_p224", "to": "v2026_erpx13_p223a", "reason": "INC-77: p224|EDI"}
    report = build(
        [
            record(subject="dentelles_setup", subject_type="environment", details={"downgrade": downgrade}),
            record(subject="dentelles_testing", subject_type="environment"),
        ]
    )
    assert report["records"][0]["details"] == {"downgrade": downgrade}
    text = rr.render_markdown(report)
    assert "## Forced downgrades" in text
    assert "| dentelles_setup | done | v2026_erpx13_p224 | v2026_erpx13_p223a | INC-77: p224\\|EDI |" in text
    assert "dentelles_testing | done | v2026" not in text
    assert "Forced downgrades" not in rr.render_markdown(build([record()]))


@pytest.mark.parametrize(
    "downgrade",
    [
        {"from": "v2026_erpx13_p224", "to": "v2026_erpx13_p223a"},
        {"from": "v2026_erpx13_p224", "to": "v2026_erpx13_p223a", "reason": "  "},
        "INC-77",
    ],
)
def test_forced_downgrade_needs_a_reason(downgrade):
    with pytest.raises(rr.RunReportError, match=r"^records\[0\]\.details\.downgrade"):
        build([record(details={"downgrade": downgrade})])


def test_forced_last_proxy_drain_and_its_reason_are_reported():
    drain = {"datacenter": "sxb1", "reason": "CHG-2042: tenants told|20 min"}
    report = build([record(subject="px-sxb", wave=3, details={"last_proxy_drain": drain}), record()])
    assert report["records"][0]["details"] == {"last_proxy_drain": drain}
    text = rr.render_markdown(report)
    assert "## Forced last-proxy drains" in text
    assert "| px-sxb | sxb1 | 3 | done | CHG-2042: tenants told\\|20 min |" in text
    assert "| app1 | sxb1" not in text
    assert "Forced last-proxy drains" not in rr.render_markdown(build([record()]))


@pytest.mark.parametrize(
    "drain",
    [
        {"datacenter": "sxb1"},
        {"datacenter": "sxb1", "reason": "  "},
        {"datacenter": "", "reason": "CHG-2042"},
        {"datacenter": "sxb1", "reason": "CHG-2042", "wave": 3},
        "CHG-2042",
    ],
)
def test_forced_last_proxy_drain_needs_a_datacenter_and_a_reason(drain):
    with pytest.raises(rr.RunReportError, match=r"^records\[0\]\.details\.last_proxy_drain"):
        build([record(details={"last_proxy_drain": drain})])
