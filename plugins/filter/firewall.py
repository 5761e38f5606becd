# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Windows firewall filter; documented in windows_firewall_rules.yml.

The rules themselves, and a Linux machine's nftables file, are computed by the divalto.cloud.firewall_rules action
(plugins/action/firewall_rules.py).
"""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.network.firewall import (
    WINDOWS_GROUP,
    WINDOWS_PROFILES,
    FirewallError,
    windows_rules,
)


def _rules(filter_name, value):
    if not isinstance(value, (list, tuple)) or not all(isinstance(rule, dict) for rule in value):
        raise AnsibleFilterError(
            "%s: input: expected the list of rules of divalto.cloud.firewall_rules, got %r" % (filter_name, value)
        )
    return value


def windows_firewall_rules(value, group=WINDOWS_GROUP, profiles=WINDOWS_PROFILES, outbound=None):
    """community.windows.win_firewall_rule arguments of the rules ``value`` (and of the ``outbound`` rules)."""
    try:
        outbound = None if outbound is None else _rules("windows_firewall_rules", outbound)
        return windows_rules(_rules("windows_firewall_rules", value), str(group), list(profiles), outbound)
    except FirewallError as exc:
        raise AnsibleFilterError("windows_firewall_rules: %s" % exc) from exc


class FilterModule:
    """Firewall filters of divalto.cloud."""

    def filters(self):
        return {
            "windows_firewall_rules": windows_firewall_rules,
        }
