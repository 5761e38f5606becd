# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The antivirus_exclusions action; documented in plugins/modules/antivirus_exclusions.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.antivirus import exclusions
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """Microsoft Defender path exclusions of a Windows machine."""

    ARGUMENT_SPEC = {
        "machine": {"type": "str"},
        "sql_directories": {"type": "list", "elements": "str", "default": []},
        "hpf_root": {"type": "str", "default": "C:\\divalto"},
        "hpf_directories": {"type": "list", "elements": "str", "default": ["sys", "DivaltoLog"]},
        "service_pack_share": {"type": "str"},
        "file_roots": {"type": "list", "elements": "str", "default": []},
        "extra": {"type": "list", "elements": "str", "default": []},
    }

    def compute(self, model, args, task_vars):
        name, machine = self.machine_of(model, args["machine"], task_vars)
        share = args["service_pack_share"]
        if share is None:
            share = model.settings.get("service_pack_share", "")
        paths = exclusions(
            machine,
            model.served_records(name),
            args["sql_directories"],
            args["hpf_root"],
            args["hpf_directories"],
            share,
            args["file_roots"],
            args["extra"],
        )
        return {"exclusions": paths}
