# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.iis_sites filter."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.iis import FilterModule, iis_sites


def test_filter_is_registered():
    assert FilterModule().filters() == {"iis_sites": iis_sites}


def test_iis_sites(example_model):
    record = example_model["vars"]["divalto_environments"]["cobalt_production"]
    sites = iis_sites([record], "D:\\web", "D:\\logs", default_certificate="a" * 40, certificate_store="WebHosting")
    assert [site["site"] for site in sites] == ["cobalt_production"]
    assert sites[0]["bindings"][0]["certificate_store_name"] == "WebHosting"


def test_error(example_model):
    record = example_model["vars"]["divalto_environments"]["cobalt_production"]
    with pytest.raises(AnsibleFilterError, match="^iis_sites: no certificate for host name cobalt.erp.example.net"):
        iis_sites([record], "D:\\web", "D:\\logs")
