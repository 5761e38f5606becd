# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The iis_sites filter; documented in iis_sites.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.iis import IisPlanError
from ansible_collections.divalto.cloud.plugins.module_utils.iis import iis_sites as _iis_sites


def iis_sites(
    environments,
    site_root,
    log_root,
    certificates=None,
    default_certificate="",
    accounts=None,
    certificate_store="my",
    ip="*",
):
    """The IIS sites, pools, bindings, applications and log directories of the served environments."""
    try:
        return _iis_sites(
            environments, site_root, log_root, certificates, default_certificate, accounts, certificate_store, ip
        )
    except IisPlanError as exc:
        raise AnsibleFilterError("iis_sites: %s" % exc) from exc


class FilterModule:
    """IIS filters of divalto.cloud."""

    def filters(self):
        return {"iis_sites": iis_sites}
