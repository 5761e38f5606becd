# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The health_checks filter; documented in health_checks.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.health_checks import HealthCheckError, machine_checks


def health_checks(machine_name, platform, environments, hostvars):
    """The services, ports and URLs to check on machine ``machine_name``."""
    if machine_name not in hostvars:
        raise AnsibleFilterError("health_checks: machine %s is not a host of the inventory" % machine_name)
    try:
        return machine_checks(
            machine_name, platform, environments, machine=hostvars[machine_name].get("divalto_machine")
        )
    except HealthCheckError as exc:
        raise AnsibleFilterError("health_checks: %s" % exc) from exc


class FilterModule:
    """The health_checks filter of divalto.cloud."""

    def filters(self):
        return {"health_checks": health_checks}
