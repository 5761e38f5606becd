# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The directory_plan filter: a thin entry point over identity.plan."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.identity import FilterModule

PLAN = FilterModule().filters()["directory_plan"]
IDENTITY = {"tenants_ou": "OU=Tenants,DC=x", "tenants": {}}


def test_plans_from_search_results():
    plan = PLAN([], IDENTITY)
    assert [item["dn"] for item in plan["create"]] == ["OU=Tenants,DC=x"]


def test_bad_results_fail_naming_the_filter():
    with pytest.raises(AnsibleFilterError, match="^directory_plan: entries must be the list of an ldap_search"):
        PLAN({"dn": "x"}, IDENTITY)
