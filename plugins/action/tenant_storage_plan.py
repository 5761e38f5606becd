# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tenant_storage_plan action; documented in plugins/modules/tenant_storage_plan.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.file_storage import (
    IMPLICIT_FILE_NAME,
    storage_plan,
)
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """What a file server holds for the environments of its pair."""

    ARGUMENT_SPEC = {
        "root": {"type": "str", "required": True},
        "machine": {"type": "str"},
        "selected": {"type": "list", "elements": "str"},
        "implicit_name": {"type": "str", "default": IMPLICIT_FILE_NAME},
        "windows_domain": {"type": "str", "default": ""},
    }

    def compute(self, model, args, task_vars):
        _name, machine = self.machine_of(model, args["machine"], task_vars)
        pair = machine.get("ha_pair")
        # Without a selection, only the pair's environments: the plan never reads the others.
        return storage_plan(
            model.environments if args["selected"] else model.placed("files", pair),
            pair,
            args["root"],
            machine["os"],
            selected=args["selected"],
            implicit_name=args["implicit_name"],
            windows_domain=args["windows_domain"],
        )
