# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The haproxy_config action; documented in plugins/modules/haproxy_config.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import haproxy_config
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """The HAProxy configuration of a DMZ proxy."""

    ARGUMENT_SPEC = {
        "proxy": {"type": "str"},
        "settings": {"type": "dict", "default": {}},
        "model": {"type": "bool", "default": False},
    }

    def compute(self, model, args, task_vars):
        proxy = args["proxy"] or task_vars["inventory_hostname"]
        return haproxy_config(proxy, model, args["settings"], with_model=args["model"])
