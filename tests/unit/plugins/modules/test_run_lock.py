# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the divalto.cloud.run_lock module."""

from __future__ import annotations

import json
import os

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import run_lock


def run_module(args, capsys):
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        run_lock.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out)


def test_take_refuse_release(tmp_path, capsys):
    path = str(tmp_path / "rollout.lock")
    code, result = run_module({"path": path, "owner": "a", "now": "2026-11-29T15:00:00Z"}, capsys)
    assert code == 0 and result["changed"] is True and result["lock"]["owner"] == "a"
    code, result = run_module({"path": path, "owner": "b", "now": "2026-11-29T15:10:00Z"}, capsys)
    assert code == 1
    assert result["msg"].startswith(f"run lock {path}: lock {path} is held by 'a' since 2026-11-29T15:00:00+00:00")
    code, result = run_module({"path": path, "owner": "a", "state": "absent", "left_drained": ["app2"]}, capsys)
    assert code == 0 and result == {"changed": True, "drained": ["app2"], "invocation": result["invocation"]}
    assert not os.path.exists(path)
    code, result = run_module({"path": path, "owner": "c"}, capsys)
    assert code == 1 and "app2 were left drained by run 'a'" in result["msg"]
    code, result = run_module({"path": path, "owner": "c", "accept_drained": True}, capsys)
    assert code == 0 and result["drained"] == ["app2"]


def test_stale_lock_is_replaced(tmp_path, capsys):
    path = str(tmp_path / "rollout.lock")
    run_module({"path": path, "owner": "a", "now": "2026-11-29T15:00:00Z"}, capsys)
    code, result = run_module({"path": path, "owner": "b", "max_age": 60, "now": "2026-11-29T15:02:00Z"}, capsys)
    assert code == 0 and result["replaced"]["owner"] == "a"


@pytest.mark.parametrize(
    "now, message",
    [
        ("soon", "now: 'soon' is not an ISO 8601 timestamp"),
        ("2026-11-29T15:00:00", "now: '2026-11-29T15:00:00' has no UTC offset"),
    ],
)
def test_invalid_now_fails(tmp_path, capsys, now, message):
    code, result = run_module({"path": str(tmp_path / "l"), "owner": "a", "now": now}, capsys)
    assert code == 1 and result["msg"] == message


def test_os_error_fails_naming_the_lock(tmp_path, capsys, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError("read-only file system")

    monkeypatch.setattr(run_lock, "release", broken)
    path = str(tmp_path / "l")
    code, result = run_module({"path": path, "owner": "a", "state": "absent"}, capsys)
    assert code == 1 and result["msg"] == f"run lock {path}: read-only file system"
