# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The commission_check, decommission_check and directory_manage filters; documented in their .yml files."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.commissioning.commission import (
    CommissionError,
)
from ansible_collections.divalto.cloud.plugins.module_utils.commissioning.commission import (
    commission_check as _commission_check,
)
from ansible_collections.divalto.cloud.plugins.module_utils.commissioning.commission import (
    decommission_check as _decommission_check,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.identity.scope import directory_manage as _directory_manage


def commission_check(key, environments, platform, allow_recovery_datacenter=False):
    """Summary of environment ``key`` if it may be commissioned now."""
    try:
        return _commission_check(environments, platform, key, allow_recovery_datacenter)
    except CommissionError as exc:
        raise AnsibleFilterError("commission_check: %s" % exc) from exc


def decommission_check(key, environments, platform, confirm):
    """Summary of environment ``key`` if its decommissioning is confirmed."""
    try:
        return _decommission_check(environments, platform, key, confirm)
    except CommissionError as exc:
        raise AnsibleFilterError("decommission_check: %s" % exc) from exc


def directory_manage(value, identity):
    """Whether the commissioning playbooks create or remove the environment's directory objects."""
    try:
        return _directory_manage(value, identity)
    except RequestError as exc:
        raise AnsibleFilterError(str(exc)) from None


class FilterModule:
    """The commissioning filters of divalto.cloud."""

    def filters(self):
        return {
            "commission_check": commission_check,
            "decommission_check": decommission_check,
            "directory_manage": directory_manage,
        }
