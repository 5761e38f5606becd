# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import maintenance_window as module

SERVICE_HOURS = {
    "timezone": "Europe/Paris",
    "days": ["mon", "tue", "wed", "thu", "fri"],
    "start": "08:00",
    "end": "18:00",
    "holidays": {"country": "FR", "subdivision": "57"},
}
WINDOWS = {
    "nonprod": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "19:00", "end": "07:00"}],
    "prod": [{"days": ["sat"], "start": "20:00", "end": "06:00"}, {"days": ["sun"], "start": "06:00", "end": "14:00"}],
}
FRIDAY_AFTERNOON = "2026-03-27T14:05:00+01:00"  # 29 h 55 min before the Saturday window
SATURDAY_EVENING = "2026-03-28T19:30:00+01:00"  # 30 min before it


@pytest.fixture
def sleeps(monkeypatch):
    """Record sleeps instead of sleeping."""
    recorded = []
    monkeypatch.setattr(module.time, "sleep", recorded.append)
    return recorded


def run(capsys, **args):
    params = {"ring": "prod", "service_hours": SERVICE_HOURS, "maintenance_windows": WINDOWS}
    params.update(args)
    with patch_module_args(params), pytest.raises(SystemExit) as exit_info:
        module.main()
    result = json.loads(capsys.readouterr().out)
    assert ("failed" in result) == (exit_info.value.code == 1)
    return result


def test_inside_a_window_succeeds_unchanged(capsys, sleeps):
    result = run(capsys, now="2026-03-28T23:00:00+01:00")
    assert "failed" not in result
    assert result["changed"] is False
    assert result["in_window"] is True and result["forced"] is False
    assert result["window"] == {
        "start": "2026-03-28T20:00:00+01:00",
        "end": "2026-03-29T06:00:00+02:00",
        "ring": "prod",
    }
    assert result["next_window"]["start"] == "2026-03-29T06:00:00+02:00"
    assert result["now"] == "2026-03-28T23:00:00+01:00"
    assert result["waited_seconds"] == 0
    assert result["msg"] == (
        "ring prod: inside maintenance window 2026-03-28T20:00:00+01:00 to 2026-03-29T06:00:00+02:00"
    )
    assert sleeps == []


def test_outside_a_window_fails_naming_ring_time_and_next_window(capsys, sleeps):
    result = run(capsys, now=FRIDAY_AFTERNOON)
    assert result["failed"] is True
    assert result["msg"] == (
        "ring prod: not inside a maintenance window at fri 2026-03-27 14:05:00 CET (+01:00); next window "
        "2026-03-28T20:00:00+01:00 to 2026-03-29T06:00:00+02:00 opens in 107700 s (29 h 55 min); "
        "use wait=true, or force=true with a reason"
    )
    assert sleeps == []


def test_wait_sleeps_until_the_window_opens(capsys, sleeps):
    result = run(capsys, now=SATURDAY_EVENING, wait=True)
    assert "failed" not in result
    assert sleeps == [1800.0]
    assert result["waited_seconds"] == 1800.0
    assert result["now"] == "2026-03-28T20:00:00+01:00"
    assert result["in_window"] is True


def test_wait_fails_when_the_window_is_beyond_the_timeout(capsys, sleeps):
    result = run(capsys, now=SATURDAY_EVENING, wait=True, wait_timeout=1799)
    assert result["failed"] is True
    assert result["msg"] == (
        "ring prod: not inside a maintenance window at sat 2026-03-28 19:30:00 CET (+01:00); next window "
        "2026-03-28T20:00:00+01:00 to 2026-03-29T06:00:00+02:00 opens in 1800 s (0 h 30 min), "
        "beyond wait_timeout=1799 s"
    )
    assert sleeps == []


def test_wait_with_the_real_clock(capsys, sleeps, monkeypatch):
    start = dt.datetime(2026, 3, 28, 18, 59, 30, tzinfo=dt.UTC)  # 19:59:30 CET

    class FakeClock(module.Clock):
        def now(self):
            return start + dt.timedelta(seconds=sum(sleeps))

    monkeypatch.setattr(module, "Clock", FakeClock)
    result = run(capsys, wait=True)
    assert sleeps == [30.0]
    assert result["in_window"] is True


def test_check_mode_evaluates_without_waiting(capsys, sleeps):
    result = run(capsys, now=SATURDAY_EVENING, wait=True, _ansible_check_mode=True)
    assert "failed" not in result
    assert sleeps == []
    assert result["in_window"] is False
    assert result["seconds_to_next_window"] == 1800.0
    assert result["msg"].startswith("check mode: ring prod: not inside a maintenance window at sat 2026-03-28 19:30")


def test_check_mode_still_fails_outside_without_wait(capsys, sleeps):
    result = run(capsys, now=FRIDAY_AFTERNOON, _ansible_check_mode=True)
    assert result["failed"] is True
    assert "not inside a maintenance window" in result["msg"]


def test_force_with_reason_succeeds_and_returns_a_log_entry(capsys, sleeps, monkeypatch):
    monkeypatch.setattr(module.getpass, "getuser", lambda: "awx")
    reason = "INC-4711: invoicing blocked, hotfix approved by the duty manager"
    result = run(capsys, now=FRIDAY_AFTERNOON, force=True, reason=reason)
    assert "failed" not in result
    assert result["forced"] is True and result["in_window"] is False and result["changed"] is False
    assert result["reason"] == reason
    assert result["log_entry"] == {
        "time": "2026-03-27T14:05:00+01:00",
        "ring": "prod",
        "reason": reason,
        "user": "awx",
        "next_window": {"start": "2026-03-28T20:00:00+01:00", "end": "2026-03-29T06:00:00+02:00", "ring": "prod"},
    }
    assert sleeps == []


def test_force_without_known_user(capsys, sleeps, monkeypatch):
    def no_user():
        raise KeyError("getpwuid(): uid not found: 1000")

    monkeypatch.setattr(module.getpass, "getuser", no_user)
    result = run(capsys, now=FRIDAY_AFTERNOON, force=True, reason="hotfix")
    assert result["log_entry"]["user"] is None


def test_force_inside_a_window_is_not_needed(capsys, sleeps):
    result = run(capsys, now="2026-03-29T07:00:00+02:00", force=True, reason="hotfix")
    assert result["forced"] is False and result["in_window"] is True
    assert "log_entry" not in result


def test_nonprod_window_crossing_midnight(capsys, sleeps):
    result = run(capsys, ring="nonprod", now="2026-04-07T06:30:00+02:00")
    assert result["window"]["start"] == "2026-04-06T19:00:00+02:00"


@pytest.mark.parametrize(
    "args, message",
    [
        ({"force": True}, r"^force is True but all of the following are missing: reason$"),
        ({"force": True, "reason": "  "}, r"^force=true needs a non-empty reason explaining why ring prod is maint"),
        ({"ring": "staging"}, r"^ring staging: unknown ring 'staging': no maintenance windows defined for it \(known"),
        ({"now": "2026-03-27T14:05:00"}, r"^ring prod: now: timestamp '2026-03-27T14:05:00' has no UTC offset"),
        ({"wait_timeout": 86401}, r"^wait_timeout: expected 0 to 86400 seconds, got 86401$"),
        ({"wait_timeout": -1}, r"^wait_timeout: expected 0 to 86400 seconds, got -1$"),
        (
            {"service_hours": dict(SERVICE_HOURS, holidays={"country": "FR", "subdivision": "GES"})},
            r"^ring prod: service_hours\.holidays\.subdivision: 'GES' \(the former Grand Est code\) is rejected",
        ),
        (
            {"maintenance_windows": dict(WINDOWS, prod=[{"days": ["sam"], "start": "20:00", "end": "06:00"}])},
            r"^ring prod: maintenance_windows\.prod\[0\]\.days\[0\]: expected one of mon, .*, got 'sam'$",
        ),
    ],
)
def test_failures(capsys, sleeps, args, message):
    result = run(capsys, **dict({"now": FRIDAY_AFTERNOON}, **args))
    assert result["failed"] is True
    assert re.search(message, result["msg"]), result["msg"]
    assert sleeps == []
