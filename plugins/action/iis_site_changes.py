# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The iis_site_changes action; documented in plugins/modules/iis_site_changes.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.iis import site_changes
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction


class ActionModule(ControllerAction):
    """What differs between a machine's IIS sites and what IIS has."""

    ARGUMENT_SPEC = {
        "sites": {"type": "list", "elements": "dict", "required": True},
        "current": {"type": "raw", "required": True},
    }

    def evaluate(self, args, task_vars):
        del task_vars
        return {"changes": site_changes(args["sites"], args["current"])}
