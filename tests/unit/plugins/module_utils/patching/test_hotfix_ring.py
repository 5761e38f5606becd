# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""patching.hotfix_ring: the states of a ring, from replayed task results (maintenance_window, the gate)."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.patching.hotfix import RING_STATES, HotfixError
from ansible_collections.divalto.cloud.plugins.module_utils.patching.hotfix_ring import ring_outcome, window_decision

# Registered results of divalto.cloud.maintenance_window with failed_when: false, as the module returns them.
INSIDE = {"changed": False, "in_window": True, "forced": False, "waited": 0, "failed": False}
OUTSIDE = {
    "changed": False,
    "in_window": False,
    "forced": False,
    "failed": False,
    "failed_when_result": False,
    "msg": "outside the maintenance window of ring prod: next window 2026-12-05T20:00:00+01:00",
}
FORCED = {
    "changed": False,
    "in_window": False,
    "forced": True,
    "msg": "outside the maintenance window; forced: incident 4711",
    "log_entry": {"at": "2026-12-05T15:00:00+01:00", "ring": "prod", "reason": "incident 4711"},
}
MODULE_FAILED = {"failed": False, "failed_when_result": False, "msg": "Unsupported parameters: nwo"}
SKIPPED = {"changed": False, "skipped": True, "skip_reason": "Conditional result was False"}
RING = {"ring": 4, "name": "production", "production": True, "environments": ["acme_production"]}


@pytest.mark.parametrize(
    ("window", "blocked", "forced"),
    [(INSIDE, False, []), (OUTSIDE, True, []), (FORCED, False, [FORCED["log_entry"]]), (SKIPPED, False, [])],
)
def test_window_decision(window, blocked, forced):
    decision = window_decision(window)
    assert decision["blocked"] is blocked
    assert decision["forced"] == forced


def test_a_failed_window_module_holds_the_ring_back_with_its_message():
    assert window_decision(MODULE_FAILED) == {
        "blocked": True,
        "message": "Unsupported parameters: nwo",
        "forced": [],
    }


@pytest.mark.parametrize("window", ["in_window", None, {"forced": True, "in_window": False}])
def test_window_results_of_the_wrong_shape_are_refused(window):
    with pytest.raises(HotfixError, match="window:"):
        window_decision(window)


def outcome(gate=(), restore=(), window=None, check_mode=False):
    return ring_outcome(
        RING, check_mode, window_decision(INSIDE if window is None else window), list(gate), list(restore)
    )


def test_a_passing_gate_is_done_and_goes_on():
    assert outcome() == {"state": "done", "message": "health gate passed", "stopped": False}


def test_a_failed_gate_rolled_back_everywhere_stops_the_rollout():
    result = outcome(gate=["fs-par1-03: Gate - health command (Linux): non-zero return code (boom)"])
    assert result == {
        "state": "rolled_back",
        "message": "health gate failed: fs-par1-03: Gate - health command (Linux): non-zero return code (boom);"
        " implicit files restored byte for byte",
        "stopped": True,
    }


def test_a_failed_rollback_is_failed_and_named():
    result = outcome(gate=["fs-1: gate"], restore=["fs-2: copy missing"])
    assert result["state"] == "failed"
    assert result["message"] == "health gate failed: fs-1: gate; ROLLBACK FAILED: fs-2: copy missing"
    assert result["stopped"] is True


def test_a_rollback_failure_alone_is_still_failed():
    assert outcome(restore=["fs-2: copy missing"])["state"] == "failed"


def test_a_ring_held_back_by_its_window_is_untouched_with_the_window_message():
    assert outcome(window=OUTSIDE) == {"state": "untouched", "message": OUTSIDE["msg"], "stopped": True}


def test_check_mode_plans_every_ring_and_never_stops():
    result = outcome(gate=["ignored"], window=OUTSIDE, check_mode=True)
    assert result == {"state": "planned", "message": OUTSIDE["msg"], "stopped": False}


def test_every_state_is_a_ring_state_of_the_report():
    states = {
        outcome()["state"],
        outcome(gate=["g"])["state"],
        outcome(gate=["g"], restore=["r"])["state"],
        outcome(window=OUTSIDE)["state"],
        outcome(check_mode=True)["state"],
    }
    assert states == set(RING_STATES)


@pytest.mark.parametrize(
    ("decision", "gate", "message"),
    [
        ({"blocked": "False"}, [], "decision: expected the result of the window stage"),
        ({"blocked": False}, "fs-1: gate", "gate_failures: expected a list of messages"),
        ({"blocked": False}, [{"host": "fs-1"}], "gate_failures: a message is not a string"),
    ],
)
def test_inputs_of_the_wrong_shape_are_refused(decision, gate, message):
    with pytest.raises(HotfixError, match=message):
        ring_outcome(RING, False, decision, gate, [])


def test_a_ring_that_is_not_one_is_refused():
    with pytest.raises(HotfixError, match="ring: expected a ring of the plan"):
        ring_outcome({"name": "x"}, False, {"blocked": False}, [], [])
