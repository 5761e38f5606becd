# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request of playbooks/offboard_tenant.yml, checked whole before any machine is contacted."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.divalto.cloud.plugins.module_utils.backup.offboarding_request import (
    OFFBOARD,
    check_offboard_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import names
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.core.request_values import (
    request_builder,
    request_values,
)

request = request_builder(names(OFFBOARD), {"confirm": "acme"})


@pytest.fixture(scope="module")
def platform(example_model):
    return example_model["vars"]["divalto_platform"]


def problems(environments, platform, **changes):
    with pytest.raises(RequestError) as info:
        check_offboard_request(request(**changes), environments, platform)
    return info.value.problems


def test_a_tenant_of_the_registry_with_the_defaults(environments, platform):
    checked = check_offboard_request(request(), environments, platform)
    assert checked.pop("started") >= "2026-12-06T"
    assert checked == {
        "tenant": "acme",
        "in_registry": True,
        "acknowledged": False,
        "environments": sorted(key for key, record in environments.items() if record["tenant"] == "acme"),
        "days": 30,
        "retention_days": 30,
        "final_backups": True,
        "report_dir": "reports",
        "now": None,
        "datacenter": "sxb1",
        "vault": "vault-sxb1-01",
    }


def test_a_tenant_that_left_the_registry_acknowledged(environments, platform):
    checked = check_offboard_request(
        request(
            confirm="gone", offboard_returned="gone", offboard_retention_days=365, offboard_now="2027-01-05T10:00:00Z"
        ),
        environments,
        platform,
    )
    assert (checked["in_registry"], checked["acknowledged"], checked["environments"]) == (False, True, [])
    assert (checked["retention_days"], checked["now"]) == (365, "2027-01-05T10:00:00+00:00")
    assert checked["started"] == "2027-01-05T10:00:00+00:00"


def test_every_problem_is_listed_at_once(environments, platform):
    found = problems(
        environments,
        platform,
        confirm=None,
        offboard_days=91,
        offboard_retention_days=0,
        offboard_now="tomorrow",
    )
    assert [line.split(":", 1)[0] for line in found] == [
        "confirm",
        "offboard_days",
        "offboard_retention_days",
        "offboard_now",
    ], found


def test_the_acknowledgement_names_the_tenant(environments, platform):
    (line,) = problems(environments, platform, offboard_returned="cobalt")
    assert line.startswith(
        "offboard_returned: expected the tenant being offboarded, acme, got 'cobalt': the acknowledgement names"
    ), line
    (line,) = problems(environments, platform, confirm="../acme")
    assert line.startswith("confirm: '../acme' is not a name"), line


def test_one_vault_must_hold_all_the_backups(environments, platform):
    changed = dict(platform, backup={"files": {"copy_to": "par1"}})
    (line,) = problems(environments, changed)
    assert line.startswith("confirm: no vault holds all of the tenant's backups") and "backup.files" in line, line


def test_a_platform_without_a_backup_policy_is_refused(environments):
    (line,) = problems(environments, {"datacenters": "x"})
    assert line.startswith("confirm: no vault can be chosen: the backup policy of platform.yml: "), line


VALUES = request_values(["acme", "cobalt", "30", "3650", "2026-12-06T08:00:00+01:00"])


@settings(max_examples=150, deadline=None, database=None)
@given(values=st.fixed_dictionaries({name: VALUES for name in names(OFFBOARD)}))
def test_any_request_is_checked_or_refused_cleanly(environments, platform, values):
    """Whatever the extra vars hold: a checked request whose acknowledgement is the tenant's, or one RequestError."""
    try:
        checked = check_offboard_request(values, environments, platform)
    except RequestError as error:
        assert error.problems
        assert all(len(problem) < 400 for problem in error.problems), error.problems
        return
    assert checked["tenant"] == values["confirm"]
    assert checked["acknowledged"] == (values.get("offboard_returned") == checked["tenant"])
    assert all(environments[key]["tenant"] == checked["tenant"] for key in checked["environments"])
    assert 1 <= checked["days"] <= 90 and 1 <= checked["retention_days"] <= 3650
