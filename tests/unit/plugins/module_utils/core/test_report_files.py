# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the report modules write their files: only when different, atomically, nothing written in check mode."""

from __future__ import annotations

import os

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core import report_files
from ansible_collections.divalto.cloud.plugins.module_utils.core.report_files import (
    ReportFilesError,
    ensure_directory,
    write_if_changed,
)


def test_writes_a_new_file_then_reports_no_change(tmp_path):
    path = tmp_path / "r.json"
    assert write_if_changed(str(path), "{}\n") is True
    assert path.read_text(encoding="utf-8") == "{}\n"
    assert oct(path.stat().st_mode & 0o777) == "0o644"
    assert write_if_changed(str(path), "{}\n") is False
    assert write_if_changed(str(path), "[]\n") is True
    assert path.read_text(encoding="utf-8") == "[]\n"
    assert sorted(os.listdir(tmp_path)) == ["r.json"]  # no temporary file left


def test_check_mode_writes_nothing(tmp_path):
    path = tmp_path / "r.json"
    assert write_if_changed(str(path), "{}\n", check_mode=True) is True
    assert not path.exists()
    path.write_text("{}\n", encoding="utf-8")
    assert write_if_changed(str(path), "{}\n", check_mode=True) is False
    assert write_if_changed(str(path), "[]\n", check_mode=True) is True
    assert path.read_text(encoding="utf-8") == "{}\n"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "r.json"
    path.write_text("old\n", encoding="utf-8")

    def broken(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(report_files.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        write_if_changed(str(path), "new\n")
    assert path.read_text(encoding="utf-8") == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["r.json"]


def test_ensure_directory(tmp_path):
    target = tmp_path / "a" / "b"
    ensure_directory(str(target), check_mode=True)
    assert not target.exists()
    ensure_directory(str(target))
    assert target.is_dir()
    ensure_directory(str(target))  # already there: fine
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ReportFilesError) as error:
        ensure_directory(str(blocker))
    assert str(error.value) == "dest: %s exists and is not a directory" % blocker


def test_a_report_may_ask_for_a_narrower_mode(tmp_path):
    path = tmp_path / "private.md"
    assert write_if_changed(str(path), "# x\n", mode=0o640) is True
    assert oct(path.stat().st_mode & 0o777) == "0o640"
