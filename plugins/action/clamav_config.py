# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The clamav_config action; documented in plugins/modules/clamav_config.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.clamav import freshclam_conf
from ansible_collections.divalto.cloud.plugins.module_utils.core.antivirus_policy import clamav_settings
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """ClamAV's settings on one Linux machine, from the platform's antivirus section."""

    ARGUMENT_SPEC = {"machine": {"type": "str"}}

    def compute(self, model, args, task_vars):
        name, machine = self.machine_of(model, args["machine"], task_vars)
        if machine.get("os") != "linux":
            raise DivaltoError(
                "%s runs %s: ClamAV is for the Linux machines (Defender protects Windows)" % (name, machine.get("os"))
            )
        settings = clamav_settings(model.platform)
        return {"settings": settings, "freshclam": freshclam_conf(settings), "role": machine["role"]}
