# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the divalto.cloud.run_report module."""

from __future__ import annotations

import json
import os

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import run_report

RECORDS = [{"subject": "app1", "wave": 1, "ring": "prod", "state": "done", "installed": ["kb1"]}]


def run_module(args, capsys):
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        run_report.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out)


def args(tmp_path, **extra):
    base = {
        "dest": str(tmp_path),
        "kind": "patch_monthly",
        "started": "2026-11-29T15:04:42Z",
        "status": "succeeded",
        "records": RECORDS,
    }
    base.update(extra)
    return base


def test_writes_both_files_then_reports_no_change(tmp_path, capsys):
    code, result = run_module(args(tmp_path), capsys)
    assert code == 0 and result["changed"] is True
    assert result["json_path"] == str(tmp_path / "patch_monthly-20261129T150442Z.json")
    assert os.path.exists(result["markdown_path"])
    assert result["summary"]["counts"] == {"done": 1}
    assert result["report"]["records"][0]["installed"] == ["kb1"]
    code, result = run_module(args(tmp_path), capsys)
    assert code == 0 and result["changed"] is False


def test_check_mode_writes_nothing(tmp_path, capsys):
    code, result = run_module(args(tmp_path / "r", _ansible_check_mode=True), capsys)
    assert code == 0 and result["changed"] is True
    assert not os.path.exists(tmp_path / "r")


def test_invalid_record_fails_with_its_message(tmp_path, capsys):
    code, result = run_module(args(tmp_path, records=[{"subject": "app1", "wave": 1, "state": "bad"}]), capsys)
    assert code == 1
    assert result["msg"].startswith("cannot write the run report: records[0].state: 'bad' is not one of")


def test_os_error_fails_naming_the_directory(tmp_path, capsys, monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(run_report, "write_report", broken)
    code, result = run_module(args(tmp_path), capsys)
    assert code == 1
    assert result["msg"] == f"cannot write the run report in {tmp_path}: disk full"


def test_missing_required_option_fails(tmp_path, capsys):
    code, result = run_module({"dest": str(tmp_path), "kind": "x", "started": "2026-11-29T15:04:42Z"}, capsys)
    assert code == 1
    assert result["msg"] == "missing required arguments: status"
