# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The patch_targets action; documented in plugins/modules/patch_targets.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.patching.cadence import drain_targets
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """The HAProxy backends holding a machine."""

    ARGUMENT_SPEC = {"machine": {"type": "str"}}

    def compute(self, model, args, task_vars):
        return {"targets": drain_targets(args["machine"] or task_vars["inventory_hostname"], model)}
