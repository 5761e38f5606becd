# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for module_utils/patching/run_lock.py."""

from __future__ import annotations

import datetime
import json
import os

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.patching import run_lock as rl

NOW = datetime.datetime(2026, 11, 29, 15, 0, tzinfo=datetime.UTC)
LATER = NOW + datetime.timedelta(hours=2)


@pytest.fixture
def lock(tmp_path):
    return str(tmp_path / "rollout.lock")


def read(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def test_acquire_creates_the_lock_and_the_same_owner_again_changes_nothing(lock):
    result = rl.acquire(lock, "run-a", 3600, now=NOW)
    assert result["changed"] is True and result["replaced"] is None and result["drained"] == []
    assert read(lock)["owner"] == "run-a" and read(lock)["acquired"] == NOW.isoformat()
    again = rl.acquire(lock, "run-a", 3600, now=LATER)
    assert again["changed"] is False and again["lock"]["acquired"] == NOW.isoformat()


def test_another_owner_is_refused_while_the_lock_is_fresh(lock):
    rl.acquire(lock, "run-a", 3600, now=NOW)
    with pytest.raises(rl.RunLockError) as error:
        rl.acquire(lock, "run-b", 3600, now=NOW + datetime.timedelta(minutes=59))
    assert str(error.value).startswith(f"lock {lock} is held by 'run-a' since {NOW.isoformat()} (host ")
    assert str(error.value).endswith("; another run is in progress")


def test_a_stale_lock_is_replaced_and_returned(lock):
    rl.acquire(lock, "run-a", 3600, now=NOW)
    result = rl.acquire(lock, "run-b", 3600, now=LATER)
    assert result["changed"] is True and result["replaced"]["owner"] == "run-a"
    assert read(lock)["owner"] == "run-b"


def test_check_mode_acquire_creates_nothing_but_still_refuses(lock):
    result = rl.acquire(lock, "run-a", 3600, now=NOW, check_mode=True)
    assert result["changed"] is True and not os.path.exists(lock)
    rl.acquire(lock, "run-a", 3600, now=NOW)
    with pytest.raises(rl.RunLockError):
        rl.acquire(lock, "run-b", 3600, now=NOW, check_mode=True)
    stale = rl.acquire(lock, "run-b", 3600, now=LATER, check_mode=True)
    assert stale["replaced"]["owner"] == "run-a" and read(lock)["owner"] == "run-a"


def test_lock_with_an_unreadable_date_is_never_replaced(lock):
    with open(lock, "w", encoding="utf-8") as handle:
        json.dump({"owner": "old", "acquired": "long ago"}, handle)
    with pytest.raises(rl.RunLockError) as error:
        rl.acquire(lock, "run-b", 1, now=LATER)
    assert str(error.value) == f"lock {lock} is held by 'old' with an unreadable date; remove it by hand"


def test_lock_with_a_naive_date_is_never_replaced(lock):
    with open(lock, "w", encoding="utf-8") as handle:
        json.dump({"owner": "old", "acquired": "2020-01-01T00:00:00"}, handle)
    with pytest.raises(rl.RunLockError, match="unreadable date"):
        rl.acquire(lock, "run-b", 1, now=LATER)


@pytest.mark.parametrize("content, message", [("{not json", "cannot read"), ("[1]", "expected a JSON object")])
def test_corrupt_lock_file_is_an_error(lock, content, message):
    with open(lock, "w", encoding="utf-8") as handle:
        handle.write(content)
    with pytest.raises(rl.RunLockError) as error:
        rl.acquire(lock, "run-b", 1, now=NOW)
    assert str(error.value).startswith(f"cannot read {lock}: ")
    assert message in str(error.value)


def test_release_records_left_drained_and_next_run_refuses_unless_accepted(lock):
    rl.acquire(lock, "run-a", 3600, now=NOW)
    result = rl.release(lock, "run-a", ["app2", "app1", "app2"], now=LATER)
    assert result == {"changed": True, "drained": ["app1", "app2"]}
    assert not os.path.exists(lock)
    assert read(rl.drained_path(lock)) == {"owner": "run-a", "at": LATER.isoformat(), "machines": ["app1", "app2"]}
    with pytest.raises(rl.RunLockError) as error:
        rl.acquire(lock, "run-b", 3600, now=LATER)
    assert str(error.value) == (
        f"machine(s) app1, app2 were left drained by run 'run-a' at {LATER.isoformat()}; put them back in service "
        "or let the run re-patch them (accept_drained), then run again"
    )
    accepted = rl.acquire(lock, "run-b", 3600, now=LATER, accept_drained=True)
    assert accepted["drained"] == ["app1", "app2"]
    assert rl.release(lock, "run-b", ["app1", "app2"], now=LATER)["changed"] is True
    assert read(rl.drained_path(lock))["owner"] == "run-a"
    rl.acquire(lock, "run-c", 3600, now=LATER, accept_drained=True)
    assert rl.release(lock, "run-c", [], now=LATER) == {"changed": True, "drained": []}
    assert not os.path.exists(rl.drained_path(lock))


def test_release_without_lock_or_record_changes_nothing(lock):
    assert rl.release(lock, "run-a") == {"changed": False, "drained": []}


def test_release_in_check_mode_removes_nothing(lock):
    rl.acquire(lock, "run-a", 3600, now=NOW)
    assert rl.release(lock, "run-a", ["app1"], check_mode=True) == {"changed": True, "drained": ["app1"]}
    assert os.path.exists(lock) and not os.path.exists(rl.drained_path(lock))


def test_release_of_another_owners_lock_is_refused(lock):
    rl.acquire(lock, "run-a", 3600, now=NOW)
    with pytest.raises(rl.RunLockError) as error:
        rl.release(lock, "run-b")
    assert str(error.value) == f"lock {lock} belongs to 'run-a' since {NOW.isoformat()}, not to 'run-b'"
    assert os.path.exists(lock)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda path: rl.acquire(path, "", 10), "owner must be a non-empty string"),
        (lambda path: rl.acquire(path, "a", 0), "max_age must be positive, got 0"),
        (lambda path: rl.acquire(path, "a", 10, now=datetime.datetime(2026, 1, 1)), "now must be timezone-aware"),
        (lambda path: rl.release(path, ""), "owner must be a non-empty string"),
    ],
)
def test_invalid_arguments(lock, call, message):
    with pytest.raises(rl.RunLockError) as error:
        call(lock)
    assert str(error.value) == message


def test_missing_directory_is_an_error(tmp_path):
    path = str(tmp_path / "nope" / "rollout.lock")
    with pytest.raises(rl.RunLockError) as error:
        rl.acquire(path, "a", 10)
    assert str(error.value) == f"lock directory {tmp_path / 'nope'} does not exist"


def test_race_with_another_run_is_reported(lock, monkeypatch):
    real_open = os.open

    def racing(path, flags, mode=0o777):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write("{}")
        return real_open(path, flags, mode)

    monkeypatch.setattr(rl.os, "open", racing)
    with pytest.raises(rl.RunLockError) as error:
        rl.acquire(lock, "a", 10, now=NOW)
    assert str(error.value) == f"lock {lock} was taken by another run at the same moment"


def test_other_creation_errors_are_reported(lock, monkeypatch):
    def refuse(path, flags, mode=0o777):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(rl.os, "open", refuse)
    with pytest.raises(rl.RunLockError) as error:
        rl.acquire(lock, "a", 10, now=NOW)
    assert str(error.value) == f"cannot create lock {lock}: [Errno 13] Permission denied"
