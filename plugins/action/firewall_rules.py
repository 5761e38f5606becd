# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The firewall_rules action; documented in plugins/modules/firewall_rules.py."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.network.firewall import (
    OUTBOUND_ZONES,
    machine_outbound_rules,
    machine_rules,
    model_from_platform,
    nftables_ruleset,
)
from ansible_collections.divalto.cloud.plugins.plugin_utils.model_action import ModelAction


class ActionModule(ModelAction):
    """The inbound allow rules of a machine, and its outbound ones in a zone whose outbound traffic is filtered;
    on Linux, both as the machine's nftables file."""

    ARGUMENT_SPEC = {
        "machine": {"type": "str"},
        "zone_flows": {"type": "list", "elements": "dict"},
        "outbound_zones": {"type": "list", "elements": "str", "default": list(OUTBOUND_ZONES)},
    }

    def compute(self, model, args, task_vars):
        name = args["machine"] or task_vars["inventory_hostname"]
        firewall = model_from_platform(model, args["zone_flows"])
        result = {
            "rules": machine_rules(firewall, name),
            "outbound": machine_outbound_rules(firewall, name, tuple(args["outbound_zones"])),
        }
        if self.machine_of(model, name, task_vars)[1].get("os") == "linux":
            result["nftables"] = nftables_ruleset(result["rules"], name, result["outbound"])
        return result
