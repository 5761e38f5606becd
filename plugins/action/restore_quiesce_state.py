# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The restore_quiesce_state action; documented in plugins/modules/restore_quiesce_state.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.backup.quiesce_state import quiesce_state
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction


class ActionModule(ControllerAction):
    """What a quiesce really stops and drains, and what resume brings back, from the state read first."""

    ARGUMENT_SPEC = {
        "targets": {"type": "dict", "required": True},
        "app_pools": {"type": "raw", "required": True},
        "services": {"type": "raw", "required": True},
        "haproxy_rows": {"type": "list", "elements": "raw", "default": []},
    }

    def evaluate(self, args, task_vars):
        del task_vars
        return quiesce_state(args["targets"], args["app_pools"], args["services"], args["haproxy_rows"])
