# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import importlib.util
import json
import pathlib

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import storage_report as module

HERE = pathlib.Path(__file__).parents[1] / "module_utils"
FIXTURES = HERE / "fixtures" / "reports"
_SPEC = importlib.util.spec_from_file_location("storage_cases", HERE / "reports" / "test_storage_report.py")
CASES = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(CASES)


def run(capsys, tmp_path, check_mode=False, **args):
    params = {
        "environments": CASES.ENVIRONMENTS,
        "database_sizes": CASES.DATABASE_SIZES,
        "file_usage": CASES.FILE_USAGE,
        "dest": str(tmp_path / "reports"),
    }
    if check_mode:
        params["_ansible_check_mode"] = True
    params.update(args)
    with patch_module_args(params), pytest.raises(SystemExit) as exit_info:
        module.main()
    result = json.loads(capsys.readouterr().out)
    assert ("failed" in result) == (exit_info.value.code == 1)
    return result


def test_writes_the_golden_files_and_is_idempotent(capsys, tmp_path):
    result = run(capsys, tmp_path)
    dest = tmp_path / "reports"
    assert result["changed"] is True
    assert result["files"] == [str(dest / "storage_report.html"), str(dest / "storage_report.json")]
    assert (dest / "storage_report.html").read_text() == (FIXTURES / "storage_report.html").read_text()
    assert (dest / "storage_report.json").read_text() == (FIXTURES / "storage_report.json").read_text()
    assert "acme_staging databases exceeded" in result["alerts"]
    assert "acme_testing databases ok" not in result["alerts"]
    assert result["msg"] == "5 environments, 5 measurements at warning or worse, 2 without data"
    again = run(capsys, tmp_path)
    assert again["changed"] is False and again["changed_files"] == []


def test_check_mode_writes_nothing(capsys, tmp_path):
    result = run(capsys, tmp_path, check_mode=True)
    assert result["changed"] is True and result["changed_files"] == result["files"]
    assert not (tmp_path / "reports").exists()


def test_without_dest_only_returns_the_report(capsys, tmp_path):
    result = run(capsys, tmp_path, dest=None)
    assert result["changed"] is False and result["files"] == []
    assert result["report"]["tenants"]["beta"]["level"] == "exceeded"


def test_fails_on_bad_measurements(capsys, tmp_path):
    result = run(capsys, tmp_path, file_usage={"ghost_production": 1})
    assert result["msg"] == "storage_report: file_usage: environments not in divalto_environments: ghost_production"


def test_fails_when_dest_is_a_file(capsys, tmp_path):
    (tmp_path / "reports").write_text("x")
    result = run(capsys, tmp_path)
    assert result["msg"] == "storage_report: dest: %s exists and is not a directory" % (tmp_path / "reports")
