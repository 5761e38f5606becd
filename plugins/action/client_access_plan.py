# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The client_access_plan action; documented in plugins/modules/client_access_plan.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.client_access.server import server_access
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """The SFTP accounts of a file server's environments, and what to remove."""

    ARGUMENT_SPEC = {
        "root": {"type": "str", "required": True},
        "chroot_root": {"type": "str", "default": "/srv/divalto/sftp"},
        "keys_dir": {"type": "str", "default": "/etc/ssh/divalto_keys"},
        "group": {"type": "str", "default": "divalto-sftp"},
        "cleanup_name": {"type": "str", "default": "divalto-exchange-cleanup"},
        "cleanup_at": {"type": "str", "default": "03:00"},
        "members": {"type": "list", "elements": "str", "default": []},
        "mounted": {"type": "list", "elements": "str", "default": []},
    }

    def compute(self, model, args, task_vars):
        _name, machine = self.machine_of(model, None, task_vars)
        records = model.placed("files", machine.get("ha_pair")).values()
        return server_access(machine, records, args, model.platform.get("client_access"))
