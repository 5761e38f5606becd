# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The failover_check action; documented in plugins/modules/failover_check.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.patching.failover import CHECKS, check
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction


class ActionModule(ControllerAction):
    """Whether a takeover is complete, from what its script read back."""

    ARGUMENT_SPEC = {
        "kind": {"type": "str", "required": True, "choices": sorted(CHECKS)},
        "result": {"type": "raw"},
        "machine": {"type": "str", "required": True},
    }

    def evaluate(self, args, task_vars):
        del task_vars
        return dict(check(args["kind"], args["result"], args["machine"]))
