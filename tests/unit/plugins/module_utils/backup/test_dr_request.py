# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The requests of playbooks/dr_drill.yml and dr_failover.yml, checked whole first (backup/dr_request.py)."""

from __future__ import annotations

import datetime as _dt

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.dr_request import (
    DRILL,
    FAILOVER,
    check_drill_request,
    check_failover_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.core.request_values import request_of

NOW = _dt.datetime(2026, 11, 17, 22, 30, tzinfo=_dt.UTC)


@pytest.fixture(scope="module")
def example(example_model):
    variables = example_model["vars"]
    return variables["divalto_environments"], variables["divalto_platform"]


def test_a_drill_with_nothing_given_is_decided_now(example):
    checked = check_drill_request(request_of(DRILL), example[0], NOW)
    assert checked["decision_time"] == checked["now"] == "2026-11-17T22:30:00+00:00"
    assert (checked["dr_tenant"], checked["dr_priorities"]) == (None, {})
    assert (checked["dr_drill_suffix"], checked["dr_drill_root"]) == ("_drill", "drill")


def test_a_drill_request_in_full(example):
    checked = check_drill_request(
        request_of(
            DRILL,
            dr_tenant="acme",
            dr_now="2026-11-18T00:00:00+01:00",
            dr_decision_time="2026-11-17T23:30:00+01:00",
            dr_priorities={"dentelles": "1", "acme": 2},
            dr_drill_suffix="_rehearsal",
        ),
        example[0],
    )
    assert checked["decision_time"] == "2026-11-17T22:30:00+00:00"
    assert checked["now"] == "2026-11-17T23:00:00+00:00"
    assert checked["dr_priorities"] == {"dentelles": 1, "acme": 2}
    assert (checked["dr_tenant"], checked["dr_drill_suffix"]) == ("acme", "_rehearsal")


def test_every_problem_of_a_drill_at_once(example):
    with pytest.raises(RequestError) as error:
        check_drill_request(
            request_of(
                DRILL,
                dr_tenant="acmee",
                dr_decision_time="2026-11-18T00:00:00Z",
                dr_priorities={"cobolt": 1, "acme": "first"},
                dr_drill_suffix="_drill; DROP DATABASE x",
                dr_drill_root="../../etc",
                dr_history_dir="/srv/../root",
            ),
            example[0],
            NOW,
        )
    assert error.value.problems == [
        "dr_tenant: 'acmee' is not a tenant of the inventory (known: acme, breizhfood, cobalt, dentelles) "
        "(did you mean 'acme'?)",
        "dr_decision_time: 2026-11-18T00:00:00+00:00 is in the future (now is 2026-11-17T22:30:00+00:00)",
        "dr_priorities['acme']: expected an integer, got a string 'first'",
        "dr_priorities: 'cobolt' is not a tenant of the inventory (known: acme, breizhfood, cobalt, dentelles) "
        "(did you mean 'cobalt'?)",
        "dr_history_dir: '/srv/../root' has a '..' component: give the path itself",
        "dr_drill_suffix: '_drill; DROP DATABASE x' is not a name (letters, digits, _ and -, at most 64)",
        "dr_drill_root: '../../etc' is not a name (letters, digits, _ and -, at most 64)",
    ]


def test_a_failover_needs_the_recovery_datacenter_as_confirmation(example):
    checked = check_failover_request(request_of(FAILOVER, dr_confirm="sxb1"), *example, NOW)
    assert checked["datacenter"] == "sxb1"
    for confirm, shown in ((None, "''"), ("par1", "'par1'"), ("  ", "''")):
        with pytest.raises(RequestError) as error:
            check_failover_request(request_of(FAILOVER, dr_confirm=confirm), *example, NOW)
        assert error.value.problems == [
            "dr_confirm: failover refused: it moves every environment into the recovery datacenter; confirm with "
            "-e dr_confirm=sxb1 (the recovery datacenter's name), got %s" % shown
        ]


def test_a_confirmation_of_the_wrong_type_is_one_problem(example):
    with pytest.raises(RequestError) as error:
        check_failover_request(request_of(FAILOVER, dr_confirm=["sxb1"]), *example, NOW)
    assert error.value.problems == ["dr_confirm: expected a string, got a list of 1 item(s)"]


def test_a_request_of_other_variables_is_a_programming_error(example):
    with pytest.raises(TypeError):
        check_drill_request({"dr_confirm": "sxb1"}, example[0], NOW)
