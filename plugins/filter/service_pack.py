# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters of the service_pack role: what a file server holds, and the Windows manifest checks."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.plan import ServicePackPlanError, switch_plan


def _call(function, *args):
    try:
        return function(*args)
    except ServicePackPlanError as exc:
        raise AnsibleFilterError(str(exc)) from None


def service_pack_switch(environments, catalogue, tenant, selected=None, current=None, version=None, rollback=False):
    return _call(
        switch_plan, environments, catalogue, tenant, list(selected or []), dict(current or {}), version, rollback
    )


class FilterModule:
    """divalto.cloud service-pack filters."""

    def filters(self):
        return {
            "service_pack_switch": service_pack_switch,
        }
