# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory_plan action; documented in plugins/modules/directory_plan.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.identity.plan import directory_plan
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction


class ActionModule(ControllerAction):
    """What the directory role changes in Active Directory, from the entries read under the tenants' OU."""

    ARGUMENT_SPEC = {
        "entries": {"type": "list", "elements": "raw", "required": True},
        "identity": {"type": "dict", "required": True},
        "prune": {"type": "bool", "default": False},
        "rotate": {"type": "bool", "default": False},
        "environment": {"type": "str", "default": ""},
        "remove_environment": {"type": "str", "default": ""},
    }

    def evaluate(self, args, task_vars):
        del task_vars
        plan = directory_plan(
            args["identity"],
            args["entries"],
            prune=args["prune"],
            rotate=args["rotate"],
            environment=args["environment"],
            remove_environment=args["remove_environment"],
        )
        return {"plan": plan}
