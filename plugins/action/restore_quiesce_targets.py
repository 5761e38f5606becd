# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The restore_quiesce_targets action; documented in plugins/modules/restore_quiesce_targets.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_quiesce import quiesce_targets
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """What quiescing an environment drains on the DMZ proxies and stops on its application servers."""

    ARGUMENT_SPEC = {
        "environment": {"type": "str", "required": True},
        "hpf_services": {"type": "list", "elements": "str", "default": []},
    }

    def compute(self, model, args, task_vars):
        return quiesce_targets(model, args["environment"], args["hpf_services"])
