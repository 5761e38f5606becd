# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hotfix_ring action: both stages as tasks, check mode from the task, no model needed."""

from __future__ import annotations

import re

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.divalto.cloud.plugins.action.hotfix_ring import ActionModule as HotfixRing

RING = {"ring": 2, "name": "testing", "production": False, "environments": ["acme_testing"]}
SKIPPED = {"changed": False, "skipped": True, "skip_reason": "Conditional result was False"}


def test_window_then_outcome(run_action):
    decision = run_action(HotfixRing, {"stage": "window", "window": SKIPPED}, {})
    assert decision == {"changed": False, "blocked": False, "message": "", "forced": []}
    args = {"stage": "outcome", "ring": RING, "decision": decision, "started": "2026-12-05T10:00:00.000000Z"}
    args["gate_failures"] = ["fs-mol1-01: Gate - health URL: Status code was 503"]
    result = run_action(HotfixRing, args, {})
    assert result["stopped"] is True
    outcome = result["outcome"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", outcome.pop("ended"))
    assert outcome == {
        "ring": 2,
        "started": "2026-12-05T10:00:00.000000Z",
        "state": "rolled_back",
        "message": "health gate failed: fs-mol1-01: Gate - health URL: Status code was 503;"
        " implicit files restored byte for byte",
    }


def test_check_mode_comes_from_the_task(run_action):
    args = {"stage": "outcome", "ring": RING, "decision": {"blocked": False}, "started": "x"}
    result = run_action(HotfixRing, args, {}, check_mode=True)
    assert result["outcome"]["state"] == "planned" and result["stopped"] is False


def test_each_stage_requires_its_arguments(run_action):
    with pytest.raises(
        AnsibleActionFail, match="stage is outcome but all of the following are missing: decision, started"
    ):
        run_action(HotfixRing, {"stage": "outcome", "ring": RING}, {})


def test_a_bad_result_fails_naming_the_action(run_action):
    result = run_action(HotfixRing, {"stage": "window", "window": "x"}, {}, action="divalto.cloud.hotfix_ring")
    assert result["failed"] is True
    assert result["msg"].startswith("hotfix_ring: window: expected the registered result of maintenance_window")
