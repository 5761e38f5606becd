# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tenant_storage_usage filter; documented in tenant_storage_usage.yml.

The plan it reads is computed by the divalto.cloud.tenant_storage_plan action.
"""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.file_storage import (
    StoragePlanError,
    storage_usage,
)


def tenant_storage_usage(plans, outputs):
    """Usage against quota per environment, from the bytes each uses (directory_usage or FSRM)."""
    try:
        return storage_usage(plans, outputs)
    except StoragePlanError as exc:
        raise AnsibleFilterError("tenant_storage_usage: %s" % exc) from exc


class FilterModule:
    """The file-server storage filter of divalto.cloud."""

    def filters(self):
        return {"tenant_storage_usage": tenant_storage_usage}
