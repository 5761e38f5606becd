# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.service_pack_windows action over replayed win_find results (fixtures/powershell/README.md)."""

from __future__ import annotations

import json
import pathlib

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.divalto.cloud.plugins.action.service_pack_windows import ActionModule

POWERSHELL = pathlib.Path(__file__).resolve().parents[1] / "module_utils" / "fixtures" / "powershell"
TOP = "D:\\Divalto\\ServicePacks\\v2026_erpx13_p223a"
ENTRY = {"version": "v2026_erpx13_p223a", "artifact": "v2026_erpx13_p223a.zip", "sha256": "AB" * 32}
ACTION = "divalto.cloud.service_pack_windows"


def files(name):
    return json.loads((POWERSHELL / name).read_text(encoding="utf-8"))["files"]


def test_a_manifest_then_its_tamper_verdicts(run_action):
    tree = files("win_find_service_pack.json")
    written = run_action(ActionModule, {"stage": "manifest", "files": tree, "top": TOP, "entry": ENTRY}, {})
    assert written["changed"] is False and not written.get("failed")
    manifest = written["manifest"]
    assert manifest["version"] == ENTRY["version"] and manifest["sha256"] == "ab" * 32
    assert sorted(manifest["files"]) == ["erp/Divalto.dll", "sys/DivaltoServer.cfg"]
    args = {"stage": "tamper", "files": tree, "top": TOP, "entry": ENTRY, "manifest": manifest}
    assert run_action(ActionModule, args, {}, check_mode=True)["problem"] is None
    emptied = run_action(ActionModule, dict(args, files=files("win_find_service_pack_empty.json")), {})
    assert emptied["problem"].startswith("service pack v2026_erpx13_p223a was modified after installation (removed:")
    missing = run_action(ActionModule, dict(args, manifest=None), {})
    assert missing["problem"].startswith("service pack v2026_erpx13_p223a: its manifest is missing")


def test_prune_keeps_or_removes_what_is_no_longer_wanted(run_action):
    args = {"stage": "prune", "present": ["v1", "v2026_erpx13_p223a", ".tmp-x"], "wanted": [], "in_use": []}
    assert run_action(ActionModule, args, {}) == {"changed": False, "remove": [], "kept": ["v2026_erpx13_p223a"]}
    pruned = run_action(ActionModule, dict(args, prune=True), {})
    assert pruned["remove"] == ["v2026_erpx13_p223a"] and pruned["kept"] == []


def test_a_version_in_use_is_never_pruned(run_action):
    args = {"stage": "prune", "present": ["v2026_erpx13_p223a"], "wanted": [], "in_use": ["v2026_erpx13_p223a"]}
    result = run_action(ActionModule, dict(args, prune=True), {}, action=ACTION)
    assert result["failed"] is True
    assert result["msg"] == (
        "service_pack_windows: service_pack_prune would remove versions still in use: v2026_erpx13_p223a"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        ({"files": [{"nopath": 1}], "entry": ENTRY}, "service_pack_windows: windows_manifest: expected the files of"),
        ({"files": [], "entry": {"version": 1}}, "service_pack_windows: entry: expected a catalogue entry"),
        ({"files": files("win_find_service_pack_locked_file.json"), "entry": ENTRY}, "service_pack_windows: win_find"),
    ],
)
def test_results_of_another_shape_fail_naming_them(run_action, args, message):
    result = run_action(ActionModule, dict(args, stage="manifest", top=TOP), {}, action=ACTION)
    assert result["failed"] is True and result["msg"].startswith(message)


def test_a_stage_without_its_values_is_refused(run_action):
    with pytest.raises(AnsibleActionFail) as caught:
        run_action(ActionModule, {"stage": "tamper", "files": []}, {})
    assert str(caught.value) == "stage is tamper but all of the following are missing: top, entry"
