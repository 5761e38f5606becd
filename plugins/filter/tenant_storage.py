# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""File-server storage filters; documented in tenant_storage_plan.yml and tenant_storage_usage.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.file_storage import (
    StoragePlanError,
    storage_plan,
    storage_usage,
)


def tenant_storage_plan(environments, file_pair, root, os_family, selected=None, implicit_name=None, windows_domain=""):
    """Paths, groups, shares and quotas of the environments on a file-server pair."""
    try:
        return storage_plan(environments, file_pair, root, os_family, selected, implicit_name, windows_domain)
    except StoragePlanError as exc:
        raise AnsibleFilterError("tenant_storage_plan: %s" % exc) from exc


def tenant_storage_usage(plans, outputs):
    """Usage against quota per environment, from ``du -sb`` outputs."""
    try:
        return storage_usage(plans, outputs)
    except StoragePlanError as exc:
        raise AnsibleFilterError("tenant_storage_usage: %s" % exc) from exc


class FilterModule:
    """File-server storage filters of divalto.cloud."""

    def filters(self):
        return {"tenant_storage_plan": tenant_storage_plan, "tenant_storage_usage": tenant_storage_usage}
