# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup_file_plan action; documented in plugins/modules/backup_file_plan.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import file_backup_plan
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import effective_policy
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import backup_vault_addresses
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """The restic jobs of a file server."""

    ARGUMENT_SPEC = {
        "root": {"type": "str", "required": True},
        "machine": {"type": "str"},
        "vaults": {"type": "dict"},
        "selected": {"type": "list", "elements": "str"},
        "config_dir": {"type": "str"},
        "restic_binary": {"type": "str", "default": "/usr/bin/restic"},
    }

    def compute(self, model, args, task_vars):
        _name, machine = self.machine_of(model, args["machine"], task_vars)
        jobs = file_backup_plan(
            model.placed("files", machine.get("ha_pair"), args["selected"]),
            machine.get("ha_pair"),
            args["root"],
            machine["os"],
            effective_policy(model.platform),
            args["vaults"] or backup_vault_addresses(model.platform["machines"]),
            selected=args["selected"],
            config_dir=args["config_dir"],
            restic_binary=args["restic_binary"],
        )
        return {"jobs": jobs}
