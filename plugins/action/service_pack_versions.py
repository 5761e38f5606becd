# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The service_pack_versions action; documented in plugins/modules/service_pack_versions.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import ModelError
from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.plan import versions_for_file_server
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction

CATALOGUE_VAR = "divalto_service_packs"


class ActionModule(ModelAction):
    """The service-pack versions of a file-server pair."""

    ARGUMENT_SPEC = {
        "machine": {"type": "str"},
        "extra": {"type": "list", "elements": "str", "default": []},
    }

    def compute(self, model, args, task_vars):
        if CATALOGUE_VAR not in task_vars:
            raise ModelError("%s is not defined: the inventory is not divalto.cloud.tenants" % CATALOGUE_VAR)
        pair = self.machine_of(model, args["machine"], task_vars)[1].get("ha_pair")
        return versions_for_file_server(model.placed("files", pair), task_vars[CATALOGUE_VAR], pair, args["extra"])
