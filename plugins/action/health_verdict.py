# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The health_verdict action; documented in plugins/modules/health_verdict.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.reports.health_verdict import verdict
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction


class ActionModule(ControllerAction):
    """Which of a machine's health checks failed, from what the checks registered."""

    ARGUMENT_SPEC = {
        "machine": {"type": "str", "required": True},
        "checks": {"type": "dict", "required": True},
        "services": {"type": "raw", "required": True},
        "ports": {"type": "raw", "required": True},
        "urls": {"type": "raw", "required": True},
    }

    def evaluate(self, args, task_vars):
        del task_vars
        failures = verdict(args["checks"], args["services"], args["ports"], args["urls"])
        if failures:
            raise DivaltoError("health check of %s failed: %s" % (args["machine"], "; ".join(failures)))
        return {"failures": failures}
