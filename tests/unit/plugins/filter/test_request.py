# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of the request filters (thin wrappers: results and error conversion)."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleFilterError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ansible_collections.divalto.cloud.plugins.filter.request import PLAYBOOK_REQUESTS, FilterModule
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_request import VARIABLES as RESTORE
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import names
from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.switch_request import VARIABLES as SWITCH
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.core.request_values import request_values

FILTERS = FilterModule().filters()
SPECS = {playbook: entry.variables for playbook, entry in PLAYBOOK_REQUESTS.items()}


@pytest.fixture(scope="module")
def example(example_model):
    variables = example_model["vars"]
    return variables["divalto_environments"], variables["divalto_service_packs"], variables["divalto_platform"]


def test_the_filters():
    assert sorted(FILTERS) == ["playbook_request", "restore_request", "service_pack_switch_request"]


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
    # The platform's neutralisation settings choose the statements (acme licenses neither EBICS nor EDI).
    settings = FILTERS["restore_request"](example[0], request, None, example[2]["neutralisation"])["neutralisation"]
    assert [step["option"] for step in settings["steps"]] == ["outgoing_mail", "scheduled_jobs"]
    assert len(checked["neutralisation"]["steps"]) == 4


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
    assert FILTERS["service_pack_switch_request"](*example[:2], request) == {
        "tenant": "acme",
        "environments": ["acme_staging"],
        "version": None,
        "rollback": True,
    }


def test_service_pack_switch_request_refuses_a_string(example):
    request = dict.fromkeys(SWITCH)
    request.update(tenant="acme", switch_environments="staging")
    with pytest.raises(AnsibleFilterError) as error:
        FILTERS["service_pack_switch_request"](*example[:2], request)
    assert str(error.value) == (
        "switch_service_pack.yml request: 1 problem, nothing was contacted or changed\n"
        "  - switch_environments: expected a list, got the string 'staging' (a string is not a list of its "
        """characters): give a list, -e '{"switch_environments": ["staging"]}'"""
    )


def test_playbook_request(example):
    request = dict.fromkeys(names(SPECS["dr_failover"]))
    request.update(dr_confirm="sxb1", dr_now="2026-11-17T23:30:00+01:00")
    checked = FILTERS["playbook_request"](request, "dr_failover", example[0], example[2])
    assert (checked["datacenter"], checked["decision_time"]) == ("sxb1", "2026-11-17T22:30:00+00:00")


def test_playbook_request_lists_every_problem(example):
    request = dict.fromkeys(names(SPECS["health_check"]))
    request.update(health_check_dmz_status=99, health_check_backup="often")
    with pytest.raises(AnsibleFilterError) as error:
        FILTERS["playbook_request"](request, "health_check", example[0])
    assert str(error.value) == (
        "health_check.yml request: 2 problems, nothing was contacted or changed\n"
        "  - health_check_dmz_status: expected an integer from 100 to 599, got 99\n"
        "  - health_check_backup: expected true or false, got a string 'often'"
    )


def test_playbook_request_of_an_unknown_playbook_or_without_the_inventory(example):
    with pytest.raises(AnsibleFilterError, match="'site' is not a playbook with a request"):
        FILTERS["playbook_request"]({}, "site", example[0])
    with pytest.raises(AnsibleFilterError) as error:
        FILTERS["playbook_request"](dict.fromkeys(names(SPECS["asset_inventory"])), "asset_inventory", None)
    assert str(error.value) == "playbook_request: divalto_environments: expected a mapping of records, got None"


SAMPLES = ["acme", "sxb1", "production", "2026-11-17T10:30:00+01:00", "/srv/x", "D:\\x", "..", "true", "0.99", "60"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), playbook=st.sampled_from(sorted(SPECS)))
def test_any_request_is_checked_or_refused_with_a_short_message(example, data, playbook):
    """Fuzzer: whatever the extra vars, a checked request or ONE refusal naming variables, never a traceback."""
    spec = SPECS[playbook]
    request = data.draw(st.fixed_dictionaries({name: request_values(SAMPLES) for name in names(spec)}))
    try:
        checked = FILTERS["playbook_request"](request, playbook, example[0], example[2])
    except AnsibleFilterError as exc:
        message = str(exc)
        assert message.startswith("%s.yml request: " % playbook)
        lines = message.splitlines()[1:]
        assert lines
        assert all(line.lstrip(" -").split(":")[0].split("[")[0] in names(spec) for line in lines)
        assert len(message) < 400 * len(lines)
    else:
        # Every variable checked (the DR times as decision_time and now, in UTC).
        assert set(names(spec)) - {"dr_now", "dr_decision_time"} <= set(checked)
