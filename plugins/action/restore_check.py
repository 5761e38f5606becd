# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The restore_check action; documented in plugins/modules/restore_check.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_check import check_restore
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction


class ActionModule(ControllerAction):
    """Whether a database restore did what its plan said."""

    ARGUMENT_SPEC = {"result": {"type": "raw", "required": True}, "plan": {"type": "dict", "required": True}}

    def evaluate(self, args, task_vars):
        del task_vars
        return check_restore(args["result"], args["plan"])
