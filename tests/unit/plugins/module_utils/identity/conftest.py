# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small directory model, made by identity_model as the inventory makes it, for the DLMT sync's tests."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.identity.model import identity_model

PLATFORM = {
    "datacenters": {"par1": {"role": "primary"}},
    "directory": {
        "domain": "cloud.example.net",
        "netbios": "CLOUD",
        "domain_controllers": {"par1": ["ldaps://dc1.cloud.example.net"]},
    },
}
# acme: production and staging, 2 full and 1 limited named users; cobalt: production, 1 full.
TENANTS = {
    "acme": {"environments": {"production": {}, "staging": {}}, "subscription": {"users": {"full": 2, "limited": 1}}},
    "cobalt": {"environments": {"production": {}}, "subscription": {"users": {"full": 1}}},
}


@pytest.fixture(scope="session")
def identity():
    """``divalto_identity`` of PLATFORM and TENANTS."""
    return identity_model(PLATFORM, TENANTS)
