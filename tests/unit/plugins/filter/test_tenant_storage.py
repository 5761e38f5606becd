# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.tenant_storage_usage filter."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.tenant_storage import FilterModule, tenant_storage_usage
from ansible_collections.divalto.cloud.plugins.module_utils.data_servers.file_storage import storage_plan


def test_filters_are_registered():
    assert FilterModule().filters() == {"tenant_storage_usage": tenant_storage_usage}


def test_usage_of_a_plan(example_model):
    environments = example_model["vars"]["divalto_environments"]
    plan = storage_plan(environments, "fs-par1-a", "/srv/divalto/tenants", "linux", selected=["cobalt_production"])
    usage = tenant_storage_usage(plan["environments"], [1024])
    assert usage == {"cobalt_production": {"used_bytes": 1024, "quota_gb": 50, "percent": 0.0}}
    assert tenant_storage_usage(plan["environments"], {plan["environments"][0]["path"]: 1024}) == usage
    assert tenant_storage_usage(plan["environments"], {}) == {}


def test_usage_error():
    with pytest.raises(AnsibleFilterError, match="^tenant_storage_usage: expected one figure per environment"):
        tenant_storage_usage([], [1])
