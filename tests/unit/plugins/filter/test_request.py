# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the request filters (thin wrappers: results and error conversion)."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter.request import FilterModule
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_request import VARIABLES as RESTORE
from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.switch_request import VARIABLES as SWITCH

FILTERS = FilterModule().filters()


@pytest.fixture(scope="module")
def example(example_model):
    variables = example_model["vars"]
    return variables["divalto_environments"], variables["divalto_service_packs"]


def test_the_filters():
    assert sorted(FILTERS) == ["restore_request", "service_pack_switch_request"]


def test_restore_request(example):
    request = dict.fromkeys(RESTORE)
    request.update(
        restore_tenant="acme",
        restore_source="production",
        restore_target="staging",
        restore_point_in_time="2026-11-17T10:30:00+01:00",
        restore_now="2026-11-18T00:00:00+01:00",
    )
    checked = FILTERS["restore_request"](example[0], request)
    assert (checked["source"], checked["target"]) == ("acme_production", "acme_staging")


def test_restore_request_lists_every_problem(example):
    request = dict.fromkeys(RESTORE)
    request.update(restore_tenant="acme", restore_source="prodution", restore_point_in_time="yesterday")
    with pytest.raises(AnsibleFilterError) as error:
        FILTERS["restore_request"](example[0], request)
    assert str(error.value) == (
        "restore.yml request: 2 problems, nothing was contacted or changed\n"
        "  - restore_source: tenant acme has no environment 'prodution' (its environments: production, staging, "
        "testing) (did you mean 'production'?)\n"
        "  - restore_point_in_time: 'yesterday' is not a strict ISO 8601 time with a UTC offset (expected e.g. "
        "2026-11-26T14:30:00+01:00 or 2026-11-26T13:30:00Z)"
    )


def test_restore_request_without_the_inventory():
    with pytest.raises(AnsibleFilterError) as error:
        FILTERS["restore_request"](None, dict.fromkeys(RESTORE))
    assert str(error.value) == "restore_request: divalto_environments: expected a mapping of records, got None"


def test_service_pack_switch_request(example):
    request = dict.fromkeys(SWITCH)
    request.update(tenant="acme", switch_environments=["staging"], rollback="true")
    assert FILTERS["service_pack_switch_request"](*example, request) == {
        "tenant": "acme",
        "environments": ["acme_staging"],
        "version": None,
        "rollback": True,
    }


def test_service_pack_switch_request_refuses_a_string(example):
    request = dict.fromkeys(SWITCH)
    request.update(tenant="acme", switch_environments="staging")
    with pytest.raises(AnsibleFilterError) as error:
        FILTERS["service_pack_switch_request"](*example, request)
    assert str(error.value) == (
        "switch_service_pack.yml request: 1 problem, nothing was contacted or changed\n"
        "  - switch_environments: expected a list, got the string 'staging' (a string is not a list of its "
        """characters): give a list, -e '{"switch_environments": ["staging"]}'"""
    )
