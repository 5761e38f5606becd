# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.patch_records action: the run report's records, with replayed win_updates results."""

from __future__ import annotations

import json
import pathlib

from ansible_collections.divalto.cloud.plugins.action.patch_records import ActionModule

POWERSHELL = pathlib.Path(__file__).resolve().parents[1] / "module_utils" / "fixtures" / "powershell"
PLAN = {"waves": [{"index": 1, "ring": "production", "machines": ["app-par1-01", "sql-par1-a", "app-par1-02"]}]}


def test_linux_and_windows_outcomes_become_records(run_action):
    loop = json.loads((POWERSHELL / "win_updates_patch_loop.json").read_text(encoding="utf-8"))
    outcomes = {
        "app-par1-01": {"state": "done", "installed": ["openssl 3.0.15-1~deb12u1"], "reboots": 0},
        "sql-par1-a": {"state": "done", "win_updates": loop["results"], "reboots": 1},
    }
    result = run_action(ActionModule, {"plan": PLAN, "outcomes": outcomes, "previously_drained": ["app-par1-02"]}, {})
    assert result["changed"] is False and not result.get("failed")
    linux, windows, drained = result["records"]
    assert linux["installed"] == ["openssl 3.0.15-1~deb12u1"]
    assert windows["installed"][-1] == "Cumulative Update 16 for SQL Server 2022 (KB5048033)"
    assert windows["reboots"] == 1 and "win_updates" not in windows
    assert drained == {"subject": "app-par1-02", "subject_type": "machine", "wave": 1, "ring": "production"} | {
        "state": "drained"
    }


def test_results_of_another_shape_fail_naming_the_machine(run_action):
    outcomes = {"sql-par1-a": {"win_updates": "KB5048033 installed"}}
    result = run_action(
        ActionModule, {"plan": PLAN, "outcomes": outcomes}, {}, check_mode=True, action="divalto.cloud.patch_records"
    )
    assert result["failed"] is True
    assert result["msg"] == (
        "patch_records: outcomes.sql-par1-a.win_updates: expected the results of the win_updates loop,"
        " got 'KB5048033 installed'"
    )
