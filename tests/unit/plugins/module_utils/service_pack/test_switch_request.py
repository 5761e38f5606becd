# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request of playbooks/switch_service_pack.yml, checked whole on the controller (service_pack/switch_request)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import ModelError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.switch_request import (
    VARIABLES,
    check_switch_request,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.core.request_values import request_values

P223A = "v2026_erpx13_p223a"
DENTELLES = ["dentelles_production", "dentelles_setup", "dentelles_staging", "dentelles_testing", "dentelles_training"]
LIST_HINT = """give a list, -e '{"switch_environments": ["staging"]}'"""


@pytest.fixture(scope="module")
def example(example_model):
    variables = example_model["vars"]
    return variables["divalto_environments"], variables["divalto_service_packs"]


def request(**values):
    """The playbook's request: every variable, None when not given."""
    given = dict.fromkeys(VARIABLES)
    given.update(values)
    return given


def problems(example, **values):
    with pytest.raises(RequestError) as error:
        check_switch_request(*example, request(**values))
    assert str(error.value).splitlines()[0].startswith("switch_service_pack.yml request: ")
    return error.value.problems


def test_types_and_keys_of_the_tenant(example):
    assert check_switch_request(
        *example,
        request(tenant="dentelles", switch_environments=["setup", "dentelles_staging", "setup"], switch_version=P223A),
    ) == {
        "tenant": "dentelles",
        "environments": ["dentelles_setup", "dentelles_staging"],
        "version": P223A,
        "rollback": False,
    }


@pytest.mark.parametrize("selected", [None, []])
def test_no_environment_named_means_all_of_the_tenant(example, selected):
    checked = check_switch_request(*example, request(tenant="dentelles", switch_environments=selected))
    assert checked == {"tenant": "dentelles", "environments": DENTELLES, "version": None, "rollback": False}


@pytest.mark.parametrize(("value", "expected"), [("true", True), (True, True), ("no", False), ("", False)])
def test_rollback(example, value, expected):
    checked = check_switch_request(*example, request(tenant="dentelles", switch_environments=["setup"], rollback=value))
    assert checked["rollback"] is expected
    assert checked["version"] is None


def test_an_empty_version_is_the_registry_version(example):
    assert check_switch_request(*example, request(tenant="acme", switch_version="", rollback="true"))["version"] is None


@pytest.mark.parametrize("value", ["staging", "s", "", "staging,testing"])
def test_a_string_is_refused_not_iterated(example, value):
    # -e switch_environments=staging: the old playbook iterated it ("unknown environment 's'").
    found = problems(example, tenant="acme", switch_environments=value)
    assert found == [
        "switch_environments: expected a list, got the string %r (a string is not a list of its characters): %s"
        % (value, LIST_HINT)
    ]


def test_other_types(example):
    assert problems(
        example, tenant=["acme"], switch_environments={"staging": 1}, switch_version=224, rollback="maybe"
    ) == [
        "tenant: expected a string, got a list of 1 item(s)",
        "switch_environments: expected a list, got a dict of 1 item(s): " + LIST_HINT,
        "switch_version: expected a string, got an int 224",
        "rollback: expected true or false, got a string 'maybe'",
    ]


def test_a_missing_tenant(example):
    assert problems(example) == ["tenant: is required: -e tenant=<tenant>"]
    assert problems(example, tenant="  ") == ["tenant: is required: -e tenant=<tenant>"]


def test_unknown_tenant_version_and_both_version_and_rollback(example):
    assert problems(example, tenant="dentelle", switch_version="v2026_erpx13_p225", rollback="yes") == [
        "tenant: 'dentelle' is not a tenant of the inventory (known: acme, breizhfood, cobalt, dentelles) (did you "
        "mean 'dentelles'?)",
        "switch_version: 'v2026_erpx13_p225' is not a version of the service-pack catalogue (known: v2025_erpx12_p310, "
        "v2026_erpx13_p223a, v2026_erpx13_p224) (did you mean 'v2026_erpx13_p224'?)",
        "rollback: give either switch_version or rollback=true, not both",
    ]


def test_every_bad_environment_is_named(example):
    assert problems(example, tenant="acme", switch_environments=["staging", "stagin", "cobalt_production", "", 7]) == [
        "switch_environments[1]: tenant acme has no environment 'stagin' (its environments: production, staging, "
        "testing) (did you mean 'staging'?)",
        "switch_environments[2]: cobalt_production belongs to tenant cobalt, not acme: a switch moves the environments "
        "of one tenant",
        "switch_environments[3]: is empty",
        "switch_environments[4]: expected a string, got an int 7",
    ]


def test_hostile_values(example):
    huge = "s" * 1_000_000
    found = problems(example, tenant=huge, switch_environments=[huge, "x\ny"], switch_version=huge, rollback=huge)
    assert [problem.split(":")[0] for problem in found] == [
        "tenant",
        "switch_environments[0]",
        "switch_environments[1]",
        "switch_version",
        "rollback",
    ]
    assert all(len(problem) < 300 for problem in found), found
    assert problems(example, tenant="acme", switch_environments=["staging"] * 10000) == [
        "switch_environments: too many items: 10000 (at most 256)"
    ]


def test_programming_errors_are_not_request_problems(example):
    environments, catalogue = example
    with pytest.raises(TypeError):
        check_switch_request(environments, catalogue, {"tenant": "acme", "environments": ["staging"]})
    with pytest.raises(ModelError) as error:
        check_switch_request(environments, None, request(tenant="acme"))
    assert str(error.value) == "divalto_service_packs: expected the service-pack catalogue (a mapping), got None"
    with pytest.raises(ModelError):
        check_switch_request(None, catalogue, request(tenant="acme"))


VALUES = request_values(["acme", "staging", "cobalt_production", "true", "v2026_erpx13_p224"])


@settings(max_examples=150, deadline=None, database=None)
@given(values=st.fixed_dictionaries({name: VALUES for name in VARIABLES}))
def test_any_request_is_checked_or_refused_cleanly(example_model, values):
    """Whatever the extra vars hold: a checked request, or one RequestError whose lines are short."""
    environments = example_model["vars"]["divalto_environments"]
    try:
        checked = check_switch_request(environments, example_model["vars"]["divalto_service_packs"], values)
    except RequestError as error:
        assert error.problems
        assert all(len(problem) < 400 for problem in error.problems), error.problems
        return
    assert checked["environments"] and all(key in environments for key in checked["environments"])
