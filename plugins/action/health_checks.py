# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The health_checks action; documented in plugins/modules/health_checks.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.reports.health_checks import machine_checks
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """The checks of one machine."""

    ARGUMENT_SPEC = {"machine": {"type": "str"}}

    def compute(self, model, args, task_vars):
        name, machine = self.machine_of(model, args["machine"], task_vars)
        checks = machine_checks(name, model.platform, model.environments, machine=machine)
        return dict(checks, os=machine["os"], address=machine["address"])
