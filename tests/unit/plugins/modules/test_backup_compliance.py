# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import json
import pathlib

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import backup_compliance as module

FIXTURES = pathlib.Path(__file__).parents[1] / "module_utils" / "fixtures" / "backup_compliance"
INVENTORY = json.loads((FIXTURES / "example_inventory.json").read_text(encoding="utf-8"))
NOW = "2026-11-23T10:30:00+01:00"
NAMES = ("backup_compliance.json", "backup_compliance.md", "backup_compliance.html")


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def run(capsys, **args):
    params = {
        "platform": INVENTORY["platform"],
        "environments": {k: v for k, v in INVENTORY["environments"].items() if k != "dentelles_production"},
        "sql_history": load("recorded_sql_history.json"),
        "restic_snapshots": load("recorded_restic_snapshots.json"),
        "now": NOW,
    }
    params.update(args)
    with patch_module_args(params), pytest.raises(SystemExit) as exit_info:
        module.main()
    result = json.loads(capsys.readouterr().out)
    assert ("failed" in result) == (exit_info.value.code == 1)
    return result


def test_compliant_without_dest_writes_nothing(capsys):
    result = run(capsys)
    assert "failed" not in result and result["changed"] is False
    assert result["compliant"] is True
    assert result["summary"] == {"compliant": 2, "violation": 0, "no_data": 0}
    assert "report" not in result and result["changed_files"] == []
    assert result["msg"] == "2 environments: 2 compliant, 0 violation, 0 no data"
    assert result["horizons_hours"]["full"] == 480.0
    assert result["now"] == NOW


def test_writes_the_report_once(capsys, tmp_path):
    dest = tmp_path / "reports"
    result = run(capsys, dest=str(dest))
    paths = [str(dest / name) for name in NAMES]
    assert result["changed"] is True and result["changed_files"] == paths
    assert result["report"] == dict(zip(("json", "markdown", "html"), paths, strict=True))
    assert json.loads((dest / NAMES[0]).read_text())["environments"] == result["environments"]
    assert (dest / NAMES[2]).stat().st_mode & 0o777 == 0o644
    again = run(capsys, dest=str(dest))
    assert again["changed"] is False and again["changed_files"] == []


def test_check_mode_writes_nothing(capsys, tmp_path):
    dest = tmp_path / "reports"
    result = run(capsys, dest=str(dest), _ansible_check_mode=True)
    assert result["changed"] is True and len(result["changed_files"]) == 3
    assert not dest.exists()


def test_fail_on_violation_still_writes_the_report(capsys, tmp_path):
    history = [r for r in load("recorded_sql_history.json") if not r["Start"].startswith("2026-11-23T10:00")]
    dest = tmp_path / "reports"
    result = run(capsys, sql_history=history, fail_on_violation=True, dest=str(dest), checks=["log_freshness"])
    assert result["failed"] is True
    assert result["msg"] == (
        "backup compliance: not compliant: acme_production, cobalt_production"
        " (2 environments: 0 compliant, 2 violation, 0 no data)"
    )
    assert result["environments"]["acme_production"]["violations"][0]["kind"] == "log_freshness"
    assert (dest / NAMES[1]).is_file()


def test_violation_without_fail_on_violation_succeeds(capsys):
    history = [r for r in load("recorded_sql_history.json") if not r["Start"].startswith("2026-11-23T10:00")]
    result = run(capsys, sql_history=history)
    assert "failed" not in result and result["compliant"] is False


def test_bad_history_fails(capsys):
    result = run(capsys, sql_history=[{"Database": "x", "Type": "Log"}])
    assert result["msg"] == "backup_compliance: sql history record 0, field 'start': is required"


def test_dest_that_is_a_file_fails(capsys, tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    result = run(capsys, dest=str(path))
    assert result["msg"] == "backup_compliance: dest: %s exists and is not a directory" % path


def test_unknown_check_is_refused(capsys):
    result = run(capsys, checks=["everything"])
    assert result["failed"] is True
    assert "value of checks must be one or more of" in result["msg"]
