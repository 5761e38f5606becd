# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the divalto.cloud.dr_report module (exit/fail JSON, files written once)."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import dr_report, restore_plan
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.restore_history import (
    paris,
    policy_events,
    snapshots,
    sql_history,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.test_dr import (
    ENVIRONMENTS as DR_ENVIRONMENTS,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.test_dr import PLATFORM, TIMELINE

EVENTS = policy_events(dt.date(2026, 11, 15), 4)
NOW = paris(2026, 11, 18, 14, 20).isoformat()


def run(module, args, capsys):
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        module.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out)


def failover_plan(capsys):
    records = sql_history("acme_production_erp", EVENTS)
    snaps = snapshots("acme_production", [paris(2026, 11, d, 22, 0) for d in range(15, 18)])
    args = {
        "mode": "drill",
        "environments": DR_ENVIRONMENTS,
        "platform": PLATFORM,
        "tenant": "acme",
        "decision_time": NOW,
        "sql_history": records,
        "restic_snapshots": snaps,
    }
    return run(restore_plan, args, capsys)[1]["plan"]


def test_dr_report_writes_json_and_markdown_once(capsys, tmp_path):
    plan = failover_plan(capsys)
    dest = str(tmp_path / "reports")
    code, result = run(
        dr_report, {"plan": plan, "timeline": TIMELINE, "dest": dest, "_ansible_check_mode": True}, capsys
    )
    assert code == 0
    assert result["changed"] is True
    assert not os.path.exists(dest)
    code, result = run(dr_report, {"plan": plan, "timeline": TIMELINE, "dest": dest}, capsys)
    assert result["changed"] is True
    assert result["json_path"] == os.path.join(dest, "dr_drill-20261118T132000Z.json")
    with open(result["json_path"], encoding="utf-8") as handle:
        assert json.load(handle)["environments"][0]["restart_hours"] == 3.5
    with open(result["markdown_path"], encoding="utf-8") as handle:
        assert handle.readline() == "# Disaster recovery drill into sxb1\n"
    code, result = run(dr_report, {"plan": plan, "timeline": TIMELINE, "dest": dest}, capsys)
    assert code == 0
    assert result["changed"] is False
    assert result["report"]["full_capacity_hours"] == 20.0


def test_dr_report_without_dest_only_computes(capsys):
    code, result = run(dr_report, {"plan": failover_plan(capsys), "timeline": TIMELINE}, capsys)
    assert code == 0
    assert result["changed"] is False
    assert "json_path" not in result


def test_dr_report_refuses_a_bad_timeline(capsys):
    code, result = run(dr_report, {"plan": failover_plan(capsys), "timeline": [{"event": "party", "at": NOW}]}, capsys)
    assert code == 1
    assert result["msg"] == (
        "cannot report on the disaster recovery: timeline record 0: event 'party' without environment: expected one "
        "of decision, dmz_repointed, full_capacity"
    )


def test_dr_report_fails_when_dest_cannot_be_written(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, result = run(dr_report, {"plan": failover_plan(capsys), "timeline": TIMELINE, "dest": str(blocker)}, capsys)
    assert code == 1
    assert result["msg"].startswith("cannot write %s/dr_drill-20261118T132000Z." % blocker)
