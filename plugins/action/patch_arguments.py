# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The patch_arguments action; documented in plugins/modules/patch_arguments.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.patching.cadence import CADENCES, patch_arguments
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """The components and update arguments of a machine for a cadence."""

    ARGUMENT_SPEC = {
        "machine": {"type": "str", "required": True},
        "cadence": {"type": "str", "required": True, "choices": list(CADENCES)},
    }

    def compute(self, model, args, task_vars):
        del task_vars
        return patch_arguments(args["machine"], model.platform, args["cadence"])
