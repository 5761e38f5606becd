# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The patch_records action; documented in plugins/modules/patch_records.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.patching.cadence import run_records
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction


class ActionModule(ControllerAction):
    """The run report's records of a patch run, from its plan and what happened to each machine."""

    ARGUMENT_SPEC = {
        "plan": {"type": "dict", "required": True},
        "outcomes": {"type": "dict", "required": True},
        "previously_drained": {"type": "list", "elements": "str", "default": []},
    }

    def evaluate(self, args, task_vars):
        del task_vars
        return {"records": run_records(args["plan"], args["outcomes"], args["previously_drained"])}
