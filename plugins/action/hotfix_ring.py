# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hotfix_ring action; documented in plugins/modules/hotfix_ring.py."""

from __future__ import annotations

import datetime

from ansible_collections.divalto.cloud.plugins.module_utils.patching.hotfix_ring import ring_outcome, window_decision
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction


class ActionModule(ControllerAction):
    """The window decision, then the outcome, of one ring of a hotfix rollout."""

    ARGUMENT_SPEC = {
        "stage": {"type": "str", "required": True, "choices": ["window", "outcome"]},
        "window": {"type": "raw"},
        "ring": {"type": "dict"},
        "decision": {"type": "dict"},
        "started": {"type": "str"},
        "gate_failures": {"type": "raw", "default": []},
        "restore_failures": {"type": "raw", "default": []},
    }
    REQUIRED_IF = [("stage", "window", ("window",)), ("stage", "outcome", ("ring", "decision", "started"))]

    def evaluate(self, args, task_vars):
        del task_vars
        if args["stage"] == "window":
            return window_decision(args["window"])
        outcome = ring_outcome(
            args["ring"], bool(self._task.check_mode), args["decision"], args["gate_failures"], args["restore_failures"]
        )
        ended = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        record = {"ring": args["ring"]["ring"], "started": args["started"], "ended": ended}
        record.update(state=outcome["state"], message=outcome["message"])
        return {"outcome": record, "stopped": outcome["stopped"]}
