# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the states of one ring of a hotfix rollout (roles/hotfix/tasks/ring.yml).

Two decisions, each from what the ring's tasks returned (the ``divalto.cloud.hotfix_ring`` action calls them):

- :func:`window_decision`: whether a production ring may move, from the registered result of
  ``divalto.cloud.maintenance_window`` (run with ``failed_when: false``, skipped for a ring without production):
  it moves inside its window or when the gate was forced with a reason; any other result, a failure of the module
  itself included, holds the ring back with the module's message.
- :func:`ring_outcome`: the ring's state (one of ``hotfix.RING_STATES``) and message, from the window decision and
  the gate and rollback failures gathered over every file server of the play, and whether the rollout stops.

Standard library only; a result of the wrong shape raises ``HotfixError`` naming it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.patching.hotfix import HotfixError


def _messages(values: object, what: str) -> list[str]:
    if not isinstance(values, Sequence) or isinstance(values, (str, bytes)):
        raise HotfixError("%s: expected a list of messages, got %s" % (what, excerpt(values)))
    bad = [value for value in values if not isinstance(value, str)]
    if bad:
        raise HotfixError("%s: a message is not a string: %s" % (what, excerpt(bad[0])))
    return list(values)


def window_decision(window: object) -> dict:
    """``{blocked, message, forced}`` from the registered ``maintenance_window`` result of a ring.

    ``forced`` lists the run-report entry of a forced gate (zero or one). A skipped task (a ring without
    production) does not block.
    """
    if not isinstance(window, Mapping):
        raise HotfixError("window: expected the registered result of maintenance_window, got %s" % excerpt(window))
    if window.get("skipped"):
        return {"blocked": False, "message": "", "forced": []}
    forced = bool(window.get("forced"))
    if forced and not isinstance(window.get("log_entry"), Mapping):
        raise HotfixError("window: a forced gate without its log_entry: %s" % excerpt(window))
    message = window.get("msg", "")
    return {
        "blocked": not (window.get("in_window") is True or forced),
        "message": message if isinstance(message, str) else excerpt(message),
        "forced": [dict(window["log_entry"])] if forced else [],
    }


def ring_outcome(
    ring: Mapping,
    check_mode: bool,
    decision: Mapping,
    gate_failures: object,
    restore_failures: object,
) -> dict:
    """``{state, message, stopped}`` of a ring.

    ``planned`` in check mode (the window's message is kept), ``untouched`` when its window held it back,
    ``failed`` when a rollback failed somewhere, ``rolled_back`` when its gate failed somewhere and every file
    server restored its implicit files, ``done`` otherwise. Any state but ``done`` stops the rollout, except in
    check mode, where every ring is planned.
    """
    if not isinstance(ring, Mapping) or "ring" not in ring:
        raise HotfixError("ring: expected a ring of the plan, got %s" % excerpt(ring))
    gate = _messages(gate_failures, "gate_failures")
    restore = _messages(restore_failures, "restore_failures")
    if not isinstance(decision, Mapping) or not isinstance(decision.get("blocked"), bool):
        raise HotfixError("decision: expected the result of the window stage, got %s" % excerpt(decision))
    blocked = decision["blocked"]
    if check_mode or blocked:
        state = "planned" if check_mode else "untouched"
        message = str(decision.get("message", ""))
    elif gate or restore:
        state = "failed" if restore else "rolled_back"
        parts = ["health gate failed: %s" % "; ".join(gate)] if gate else []
        parts.append("ROLLBACK FAILED: %s" % "; ".join(restore) if restore else "implicit files restored byte for byte")
        message = "; ".join(parts)
    else:
        state, message = "done", "health gate passed"
    return {"state": state, "message": message, "stopped": state != "done" and not check_mode}
