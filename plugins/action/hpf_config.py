# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The hpf_config action; documented in plugins/modules/hpf_config.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.hpf_config import (
    DEFAULT_IMPLICIT_NAME,
    SERVICES,
    TELNET,
    render,
)
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """The HPF runtime's configuration files of an application server."""

    ARGUMENT_SPEC = {
        "machine": {"type": "str"},
        "implicit_name": {"type": "str", "default": DEFAULT_IMPLICIT_NAME},
    }

    def compute(self, model, args, task_vars):
        records = model.served_records(args["machine"] or task_vars["inventory_hostname"])
        return {
            "services": render(records, SERVICES, args["implicit_name"]),
            "telnet": render(records, TELNET, args["implicit_name"]),
            "telnet_ports": sorted(r["ports"]["telnet"] for r in records if r["ports"].get("telnet") is not None),
            "environments": [record["key"] for record in records],
        }
