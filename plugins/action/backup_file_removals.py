# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup_file_removals action; documented in plugins/modules/backup_file_removals.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.backup.file_removals import backup_removals
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """What a file server's backup configuration holds for environments and tenants it no longer has."""

    ARGUMENT_SPEC = {
        "installed": {"type": "dict", "required": True},
        "machine": {"type": "str"},
    }

    def compute(self, model, args, task_vars):
        _name, machine = self.machine_of(model, args["machine"], task_vars)
        placed = model.placed("files", machine.get("ha_pair"))
        tenants = {record["tenant"] for record in placed.values()}
        return backup_removals(placed, tenants, args["installed"], machine["os"])
