# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The iis_sites action; documented in plugins/modules/iis_sites.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.app_servers.iis import iis_sites
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """The IIS sites of an application server."""

    ARGUMENT_SPEC = {
        "site_root": {"type": "str", "required": True},
        "log_root": {"type": "str", "required": True},
        "machine": {"type": "str"},
        "certificates": {"type": "dict", "default": {}},
        "default_certificate": {"type": "str", "default": ""},
        "accounts": {"type": "dict", "default": {}, "no_log": False},
        "certificate_store": {"type": "str", "default": "my"},
        "ip": {"type": "str", "default": "*"},
    }

    def compute(self, model, args, task_vars):
        name = args["machine"] or task_vars["inventory_hostname"]
        sites = iis_sites(
            model.served_records(name),
            args["site_root"],
            args["log_root"],
            args["certificates"],
            args["default_certificate"],
            args["accounts"],
            args["certificate_store"],
            args["ip"],
            # The directory's NetBIOS name, when the inventory has the directory model: qualifies the service
            # account of an environment whose account is given without a username.
            (task_vars.get("divalto_identity") or {}).get("netbios", ""),
        )
        return {"sites": sites}
