# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit and property tests for plugins/module_utils/patching/rollout.py."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.divalto.cloud.plugins.module_utils.patching.cadence import plan_input
from ansible_collections.divalto.cloud.plugins.module_utils.patching.rollout import (
    HaShape,
    RolloutError,
    ha_visit_order,
    plan_rollout,
    twice_visited,
)

ZONE = {"reverse_proxy": "dmz", "app": "processing", "sql": "data", "file": "data", "backup_vault": "data"}
RING_ORDER = {"nonprod": 0, "prod": 1}


def machine(name, role, dc="dc1", ring="prod", **extra):
    """A machine dict as the inventory provides it."""
    return dict(name=name, role=role, zone=ZONE[role], datacenter=dc, ring=ring, **extra)


def app(name, pool, dc="dc1", ring="prod"):
    return machine(name, "app", dc, ring, pool=pool)


def ha(name, role, pair, member, dc="dc1", ring="prod"):
    return machine(name, role, dc, ring, ha_pair=pair, ha_member=member)


def wave_sets(plan):
    return [wave["machines"] for wave in plan["waves"]]


def actions_of(wave):
    return [(action["action"], action["targets"]) for action in wave["actions"]]


# --------------------------------------------------------------------------- (a) pools


def test_pool_is_split_in_balanced_chunks_of_at_most_max_drained():
    machines = [app(f"app{i}", "web") for i in range(1, 6)]
    plan = plan_rollout(machines, {"web": {"max_drained": 2, "min_capacity": 0}})
    assert wave_sets(plan) == [["app1", "app2"], ["app3", "app4"], ["app5"]]
    assert plan["wave_count"] == plan["lower_bound"] == 3


def test_pool_chunks_are_balanced_rather_than_greedy():
    machines = [app(f"app{i}", "web") for i in range(1, 6)]
    plan = plan_rollout(machines, {"web": {"max_drained": 4, "min_capacity": 0}})
    assert wave_sets(plan) == [["app1", "app2", "app3"], ["app4", "app5"]]


def test_pool_min_capacity_is_the_binding_limit():
    machines = [app(f"app{i}", "web") for i in range(1, 5)]
    plan = plan_rollout(machines, {"web": {"max_drained": 3, "min_capacity": 3}})
    assert wave_sets(plan) == [["app1"], ["app2"], ["app3"], ["app4"]]
    assert plan["lower_bound"] == 4


def test_pool_size_counts_members_left_out_by_limit():
    machines = [app("app1", "web"), app("app2", "web"), app("app3", "web")]
    plan = plan_rollout(machines, {"web": {"max_drained": 5, "min_capacity": 2}}, limit=["app1", "app2"])
    assert wave_sets(plan) == [["app1"], ["app2"]]


def test_pool_size_counts_members_of_the_other_ring():
    machines = [app("app1", "web", ring="nonprod"), app("app2", "web"), app("app3", "web")]
    plan = plan_rollout(machines, {"web": {"max_drained": 5, "min_capacity": 1}})
    assert wave_sets(plan) == [["app1"], ["app2", "app3"]]
    assert [w["ring"] for w in plan["waves"]] == ["nonprod", "prod"]


def test_impossible_pool_names_pool_size_and_settings():
    machines = [app("app1", "web"), app("app2", "web")]
    with pytest.raises(RolloutError) as error:
        plan_rollout(machines, {"web": {"max_drained": 1, "min_capacity": 2}})
    assert str(error.value) == (
        "pool 'web' cannot be patched: it has 2 machine(s), max_drained=1, min_capacity=2, so at most "
        "min(1, 2 - 2) = 0 machine(s) may be drained per wave (at least 1 needed)"
    )


def test_impossible_pool_outside_the_plan_does_not_block_it():
    machines = [app("app1", "web"), app("app2", "api")]
    pools = {"web": {"max_drained": 1, "min_capacity": 0}, "api": {"max_drained": 1, "min_capacity": 1}}
    assert wave_sets(plan_rollout(machines, pools, limit=["app1"])) == [["app1"]]


# --------------------------------------------------------------------------- (b) HA pairs


def test_ha_pair_in_one_datacenter_patches_secondary_then_fails_over_to_it():
    machines = [ha("sql-a", "sql", "p1", "primary"), ha("sql-b", "sql", "p1", "secondary")]
    plan = plan_rollout(machines)
    assert plan["waves"] == [
        {
            "index": 1,
            "ring": "prod",
            "machines": ["sql-b"],
            "actions": [
                {"action": "drain", "targets": ["sql-b"]},
                {"action": "patch", "targets": ["sql-b"]},
                {"action": "health_check", "targets": ["sql-b"]},
                {"action": "enable", "targets": ["sql-b"]},
            ],
        },
        {
            "index": 2,
            "ring": "prod",
            "machines": ["sql-a"],
            "actions": [
                {"action": "failover", "targets": ["sql-b"]},
                {"action": "drain", "targets": ["sql-a"]},
                {"action": "patch", "targets": ["sql-a"]},
                {"action": "health_check", "targets": ["sql-a"]},
                {"action": "enable", "targets": ["sql-a"]},
            ],
        },
    ]
    assert plan["lower_bound"] == 2


def test_ha_pairs_of_one_role_share_their_two_waves():
    machines = [
        ha("f1", "file", "fp", "primary"),
        ha("f2", "file", "fp", "secondary"),
        ha("s1", "sql", "sp", "primary"),
        ha("s2", "sql", "sp", "secondary"),
        ha("t1", "sql", "tp", "primary"),
        ha("t2", "sql", "tp", "secondary"),
    ]
    plan = plan_rollout(machines)
    assert wave_sets(plan) == [["f2", "s2", "t2"], ["f1", "s1", "t1"]]
    assert actions_of(plan["waves"][1])[0] == ("failover", ["f2", "s2", "t2"])


def test_ha_pairs_across_datacenters_in_one_direction_need_two_waves():
    machines = [
        ha("a1", "sql", "pa", "primary", "dc1"),
        ha("a2", "sql", "pa", "secondary", "dc2"),
        ha("b1", "sql", "pb", "primary", "dc1"),
        ha("b2", "sql", "pb", "secondary", "dc2"),
    ]
    plan = plan_rollout(machines)
    assert wave_sets(plan) == [["a2", "b2"], ["a1", "b1"]]
    assert plan["lower_bound"] == 2


def test_ha_pairs_across_datacenters_in_both_directions_need_three_waves():
    machines = [
        ha("a1", "sql", "pa", "primary", "dc1"),
        ha("a2", "sql", "pa", "secondary", "dc2"),
        ha("b1", "sql", "pb", "primary", "dc2"),
        ha("b2", "sql", "pb", "secondary", "dc1"),
    ]
    plan = plan_rollout(machines)
    assert wave_sets(plan) == [["b2"], ["a2", "b1"], ["a1"]]
    assert actions_of(plan["waves"][1])[0] == ("failover", ["b2"])
    assert actions_of(plan["waves"][2])[0] == ("failover", ["a2"])
    assert plan["wave_count"] == plan["lower_bound"] == 3


def test_ha_primary_alone_in_limit_still_fails_over_first():
    machines = [ha("sql-a", "sql", "p1", "primary"), ha("sql-b", "sql", "p1", "secondary")]
    plan = plan_rollout(machines, limit=["sql-a"])
    assert wave_sets(plan) == [["sql-a"]]
    assert actions_of(plan["waves"][0])[0] == ("failover", ["sql-b"])


def test_twice_visited_is_a_minimum_feedback_vertex_set_over_three_datacenters():
    shape = HaShape(("a", "b", "c"), frozenset(), frozenset({("a", "b"), ("b", "c"), ("c", "a")}))
    assert twice_visited(shape) == frozenset({"a"})
    first, last = ha_visit_order(shape)
    assert first == {"a": 0, "b": 1, "c": 2}
    assert last == {"a": 3, "b": 1, "c": 2}


def test_twice_visited_includes_datacenters_with_a_whole_pair():
    shape = HaShape(("a", "b"), frozenset({"b"}), frozenset({("a", "b"), ("b", "a")}))
    assert twice_visited(shape) == frozenset({"b"})


# --------------------------------------------------------------------------- (c) DMZ, (e) services


def test_reverse_proxies_go_one_at_a_time_across_datacenters():
    machines = [
        machine("px2", "reverse_proxy", "dc1"),
        machine("px1", "reverse_proxy", "dc1"),
        machine("px3", "reverse_proxy", "dc2"),
    ]
    plan = plan_rollout(machines)
    assert wave_sets(plan) == [["px1"], ["px2"], ["px3"]]
    assert plan["lower_bound"] == 3


def test_pool_spanning_datacenters_never_mixes_them_in_a_wave():
    machines = [app("a1", "web", "dc1"), app("a2", "web", "dc2"), app("a3", "web", "dc1")]
    plan = plan_rollout(machines, {"web": {"max_drained": 3, "min_capacity": 0}})
    assert wave_sets(plan) == [["a1", "a3"], ["a2"]]


def test_different_services_share_waves_across_datacenters():
    machines = [
        app("a1", "web", "dc1"),
        app("a2", "web", "dc2"),
        ha("s1", "sql", "p", "primary", "dc2"),
        ha("s2", "sql", "p", "secondary", "dc2"),
        machine("vault", "backup_vault", "dc2"),
    ]
    plan = plan_rollout(machines, {"web": {"max_drained": 1, "min_capacity": 0}})
    assert wave_sets(plan) == [["a1", "s2", "vault"], ["a2", "s1"]]
    assert plan["wave_count"] == plan["lower_bound"] == 2


def test_lone_sql_server_shares_the_sql_service_with_pairs():
    machines = [
        ha("s1", "sql", "p", "primary", "dc1"),
        ha("s2", "sql", "p", "secondary", "dc1"),
        machine("solo", "sql", "dc2"),
    ]
    plan = plan_rollout(machines)
    assert plan["lower_bound"] == 3
    assert wave_sets(plan) == [["s2"], ["solo"], ["s1"]]  # first visits, then once-only ones, then last visits


# --------------------------------------------------------------------------- (g) last DMZ proxy of a datacenter


def proxy(name, dc, ring="prod"):
    return machine(name, "reverse_proxy", dc, ring)


def proxies_per_wave(plan, names):
    return [sorted(set(wave["machines"]) & set(names)) for wave in plan["waves"]]


@pytest.mark.parametrize("count", [2, 3, 4])
def test_proxies_of_a_serving_datacenter_are_never_all_in_one_wave(count):
    names = [f"px{i}" for i in range(1, count + 1)]
    machines = [proxy(name, "dc1") for name in names] + [app("a1", "web"), app("a2", "web"), app("a3", "web")]
    pools = {"web": {"max_drained": 3, "min_capacity": 0}}
    plan = plan_rollout(machines, pools, serving_datacenters=["dc1"])
    assert all(len(found) < count for found in proxies_per_wave(plan, names))
    assert [found for found in proxies_per_wave(plan, names) if found] == [[name] for name in names]
    assert plan["last_proxy_drains"] == [] and plan["last_proxy_drain_reason"] == ""
    assert plan["waves"] == plan_rollout(machines, pools)["waves"]  # (g) moves nothing: c and e split them already


def test_proxies_of_a_serving_datacenter_in_two_rings_are_in_different_waves():
    machines = [proxy("px-n", "dc1", "nonprod"), proxy("px-p", "dc1", "prod")]
    plan = plan_rollout(machines, serving_datacenters=["dc1"])
    assert [(w["ring"], w["machines"]) for w in plan["waves"]] == [("nonprod", ["px-n"]), ("prod", ["px-p"])]
    assert plan["last_proxy_drains"] == []


def test_single_proxy_of_a_serving_datacenter_is_refused_naming_it():
    machines = [proxy("px1", "dc1"), proxy("px2", "dc1"), proxy("px-sxb", "sxb1")]
    with pytest.raises(RolloutError) as error:
        plan_rollout(machines, serving_datacenters=["dc1", "sxb1"])
    assert str(error.value) == (
        "refusing to drain the last DMZ proxy of a datacenter that serves environments: wave 3 (prod) drains "
        "px-sxb, the only DMZ proxy of datacenter 'sxb1'; the datacenter's environments would have no proxy in "
        "service during that wave. Add a proxy to the datacenter, leave the proxy out (limit), or set "
        "allow_last_proxy_drain with last_proxy_drain_reason (playbooks: patch_allow_last_proxy_drain, "
        "patch_last_proxy_drain_reason)"
    )


def test_every_refused_datacenter_is_named():
    machines = [proxy("px-a", "dca", "nonprod"), proxy("px-b", "dcb")]
    with pytest.raises(RolloutError) as error:
        plan_rollout(machines, serving_datacenters=["dca", "dcb"])
    assert (
        "wave 1 (nonprod) drains px-a, the only DMZ proxy of datacenter 'dca'; "
        "wave 2 (prod) drains px-b, the only DMZ proxy of datacenter 'dcb';"
    ) in str(error.value)


def test_forced_last_proxy_drain_is_planned_and_recorded_with_its_reason():
    machines = [proxy("px1", "dc1"), proxy("px2", "dc1"), proxy("px-sxb", "sxb1"), machine("v1", "backup_vault")]
    plan = plan_rollout(
        machines,
        serving_datacenters=["dc1", "sxb1"],
        allow_last_proxy_drain=True,
        last_proxy_drain_reason="  CHG-2042: tenants told  ",
    )
    assert plan["waves"] == plan_rollout(machines)["waves"]
    assert plan["last_proxy_drains"] == [
        {"datacenter": "sxb1", "proxies": ["px-sxb"], "wave": 3, "ring": "prod", "reason": "CHG-2042: tenants told"}
    ]
    assert plan["last_proxy_drain_reason"] == "CHG-2042: tenants told"
    assert "px-sxb" in plan["waves"][2]["machines"]


def test_allowed_drain_with_nothing_to_force_records_nothing():
    plan = plan_rollout(
        [proxy("px1", "dc1"), proxy("px2", "dc1")],
        serving_datacenters=["dc1"],
        allow_last_proxy_drain=True,
        last_proxy_drain_reason="CHG-1",
    )
    assert plan["last_proxy_drains"] == [] and plan["last_proxy_drain_reason"] == "CHG-1"


@pytest.mark.parametrize("reason", ["", "   ", None, 42])
def test_allow_last_proxy_drain_without_a_reason_is_refused(reason):
    with pytest.raises(RolloutError) as error:
        plan_rollout(
            [proxy("px-sxb", "sxb1")],
            serving_datacenters=["sxb1"],
            allow_last_proxy_drain=True,
            last_proxy_drain_reason=reason,
        )
    assert str(error.value) == (
        "allow_last_proxy_drain needs last_proxy_drain_reason: say why the only DMZ proxy of a datacenter that "
        "serves environments may be drained (the reason is kept in the plan and the run report)"
    )


def test_flag_without_a_reason_is_refused_even_when_nothing_would_be_forced():
    with pytest.raises(RolloutError, match="^allow_last_proxy_drain needs last_proxy_drain_reason"):
        plan_rollout([], allow_last_proxy_drain=True)


def test_datacenter_serving_no_environment_is_not_constrained():
    machines = [proxy("px1", "dc1"), proxy("px2", "dc1"), proxy("px-sxb", "sxb1")]
    plan = plan_rollout(machines, serving_datacenters=["dc1"])
    assert wave_sets(plan) == [["px1"], ["px2"], ["px-sxb"]]
    assert plan["last_proxy_drains"] == []
    assert plan_rollout(machines)["last_proxy_drains"] == []  # no serving_datacenters: none constrained


@pytest.mark.parametrize(("limit", "ring"), [(["px1", "v1"], None), (None, "nonprod")])
def test_single_proxy_left_out_of_the_plan_is_not_drained(limit, ring):
    machines = [proxy("px1", "dc1", "nonprod"), proxy("px-sxb", "sxb1"), machine("v1", "backup_vault", "sxb1")]
    plan = plan_rollout(machines, limit=limit, ring=ring, serving_datacenters=["sxb1"])
    assert "px-sxb" not in [name for wave in plan["waves"] for name in wave["machines"]]
    assert plan["last_proxy_drains"] == []


def test_a_proxy_left_out_by_limit_keeps_its_datacenter_served():
    machines = [proxy("px1", "dc1"), proxy("px2", "dc1")]
    plan = plan_rollout(machines, limit=["px2"], serving_datacenters=["dc1"])
    assert wave_sets(plan) == [["px2"]] and plan["last_proxy_drains"] == []


@pytest.mark.parametrize(
    ("serving", "message"),
    [
        ("dc1", "serving_datacenters must be a list of datacenter names, got 'dc1'"),
        (["dc1", ""], "serving_datacenters must be a list of datacenter names, got ['dc1', '']"),
        ([3], "serving_datacenters must be a list of datacenter names, got [3]"),
    ],
)
def test_serving_datacenters_must_be_a_list_of_names(serving, message):
    with pytest.raises(RolloutError) as error:
        plan_rollout([], serving_datacenters=serving)
    assert str(error.value) == message


@pytest.mark.parametrize("cadence", ["monthly", "quarterly"])
def test_example_inventory_is_planned_without_a_forced_drain(example_model, cadence):
    """par1 serves every environment with two proxies; sxb1 (recovery) has one proxy and serves none."""
    variables = example_model["vars"]
    found = plan_input(variables["divalto_platform"], cadence, variables["divalto_environments"])
    assert found["serving_datacenters"] == ["par1"]
    plan = plan_rollout(found["machines"], found["pools"], serving_datacenters=found["serving_datacenters"])
    assert plan["last_proxy_drains"] == []
    par1 = [m["name"] for m in found["machines"] if m["role"] == "reverse_proxy" and m["datacenter"] == "par1"]
    assert all(len(names) < 2 for names in proxies_per_wave(plan, par1))
    if cadence == "monthly":  # the only cadence that patches the proxies
        assert par1 == ["dmz-par1-01", "dmz-par1-02"]
        with pytest.raises(RolloutError, match=r"drains dmz-sxb1-01, the only DMZ proxy of datacenter 'sxb1';"):
            plan_rollout(found["machines"], found["pools"], serving_datacenters=["par1", "sxb1"])


def test_allow_last_proxy_drain_must_be_a_boolean():
    with pytest.raises(RolloutError) as error:
        plan_rollout([], allow_last_proxy_drain="yes", last_proxy_drain_reason="CHG-1")
    assert str(error.value) == "allow_last_proxy_drain must be true or false, got 'yes'"


# --------------------------------------------------------------------------- (d) rings, (f) everything once


def test_nonprod_ring_comes_first_and_bounds_add_up():
    machines = [
        machine("px-p", "reverse_proxy", ring="prod"),
        machine("px-n1", "reverse_proxy", ring="nonprod"),
        machine("px-n2", "reverse_proxy", ring="nonprod"),
    ]
    plan = plan_rollout(machines)
    assert [(w["ring"], w["machines"]) for w in plan["waves"]] == [
        ("nonprod", ["px-n1"]),
        ("nonprod", ["px-n2"]),
        ("prod", ["px-p"]),
    ]
    assert [w["index"] for w in plan["waves"]] == [1, 2, 3]
    assert plan["lower_bound"] == 3


def test_ring_option_plans_only_that_ring():
    machines = [machine("v1", "backup_vault", ring="nonprod"), machine("v2", "backup_vault", ring="prod")]
    plan = plan_rollout(machines, ring="prod")
    assert plan == {
        "waves": [dict(plan["waves"][0], machines=["v2"])],
        "wave_count": 1,
        "lower_bound": 1,
        "last_proxy_drains": [],
        "last_proxy_drain_reason": "",
    }
    assert plan["waves"][0]["index"] == 1


def test_lone_backup_vault_gets_a_wave():
    plan = plan_rollout([machine("vault", "backup_vault", "dc2")])
    assert wave_sets(plan) == [["vault"]]
    assert plan["lower_bound"] == 1


def test_backup_vaults_in_two_datacenters_get_two_waves():
    plan = plan_rollout([machine("v1", "backup_vault", "dc1"), machine("v2", "backup_vault", "dc2")])
    assert wave_sets(plan) == [["v1"], ["v2"]]


def test_app_server_without_pool_is_planned_by_datacenter():
    plan = plan_rollout([machine("a1", "app"), machine("a2", "app")])
    assert wave_sets(plan) == [["a1", "a2"]]


def test_empty_input_gives_an_empty_plan():
    assert plan_rollout([]) == {
        "waves": [],
        "wave_count": 0,
        "lower_bound": 0,
        "last_proxy_drains": [],
        "last_proxy_drain_reason": "",
    }


def test_extra_keys_are_ignored():
    plan = plan_rollout([machine("v1", "backup_vault", os="linux")])
    assert wave_sets(plan) == [["v1"]]


def test_same_input_in_another_order_gives_the_same_plan():
    machines = [
        app("a1", "web", "dc1"),
        app("a2", "web", "dc2"),
        app("a3", "web", "dc1"),
        ha("s1", "sql", "p", "primary", "dc1"),
        ha("s2", "sql", "p", "secondary", "dc2"),
        machine("px1", "reverse_proxy", "dc2"),
    ]
    pools = {"web": {"max_drained": 1, "min_capacity": 1}}
    expected = plan_rollout(machines, pools)
    assert plan_rollout(list(reversed(machines)), pools) == expected


# --------------------------------------------------------------------------- errors


def _bad(**override):
    base = machine("m1", "app")
    base.update(override)
    return base


ERRORS = [
    ("not-a-list", {}, "machines must be a list of mappings, got 'not-a-list'"),
    (["m1"], {}, "machines[0] must be a mapping, got 'm1'"),
    ([_bad(name="")], {}, "machine machines[0]: field 'name' must be a non-empty string, got ''"),
    (
        [_bad(role="db")],
        {},
        "machine 'm1': field 'role' must be one of app, backup_vault, file, reverse_proxy, sql, got 'db'",
    ),
    ([_bad(zone="lan")], {}, "machine 'm1': field 'zone' must be one of data, dmz, processing, got 'lan'"),
    ([_bad(zone="dmz")], {}, "machine 'm1': field 'zone' must be 'processing' for role 'app', got 'dmz'"),
    ([_bad(datacenter=None)], {}, "machine 'm1': field 'datacenter' is required"),
    ([_bad(datacenter=3)], {}, "machine 'm1': field 'datacenter' must be a non-empty string, got 3"),
    ([_bad(ring="dev")], {}, "machine 'm1': field 'ring' must be one of nonprod, prod, got 'dev'"),
    ([_bad(pool="web")], {}, "machine 'm1': field 'pool' names unknown pool 'web' (known pools: (none))"),
    (
        [machine("v1", "backup_vault", pool="web")],
        {"web": {"max_drained": 1, "min_capacity": 0}},
        "machine 'v1': field 'pool' is only allowed for role 'app', not 'backup_vault'",
    ),
    (
        [_bad(ha_pair="p", ha_member="primary")],
        {},
        "machine 'm1': field 'ha_pair' is only allowed for roles sql, file, not 'app'",
    ),
    (
        [machine("s1", "sql", ha_pair="p", ha_member="active")],
        {},
        "machine 's1': field 'ha_member' must be one of primary, secondary, got 'active'",
    ),
    ([machine("s1", "sql", ha_member="primary")], {}, "machine 's1': field 'ha_member' is set but 'ha_pair' is not"),
    (
        [machine("m1", "sql"), machine("m2", "file"), machine("m1", "file")],
        {},
        "machine 'm1': field 'name' is duplicated (machines[0] and machines[2])",
    ),
    (
        [ha("s1", "sql", "p", "primary"), ha("s2", "sql", "p", "primary")],
        {},
        "HA pair 'p': field 'ha_member' must give exactly one primary and one secondary, "
        "got primary: s1, s2; secondary: (none)",
    ),
    (
        [ha("s1", "sql", "p", "secondary")],
        {},
        "HA pair 'p': field 'ha_member' must give exactly one primary and one secondary, "
        "got primary: (none); secondary: s1",
    ),
    (
        [ha("s1", "sql", "p", "primary"), ha("f1", "file", "p", "secondary")],
        {},
        "HA pair 'p': field 'role' must be the same on both members, got f1=file, s1=sql",
    ),
    (
        [ha("s1", "sql", "p", "primary", ring="nonprod"), ha("s2", "sql", "p", "secondary")],
        {},
        "HA pair 'p': field 'ring' must be the same on both members, got s1=nonprod, s2=prod",
    ),
    ([], "pools", "pools must be a mapping of pool name to settings, got 'pools'"),
    ([], {"web": 2}, "pool 'web': settings must be a mapping, got 2"),
    ([], {"web": {"min_capacity": 0}}, "pool 'web': field 'max_drained' must be an integer >= 1, got None"),
    (
        [],
        {"web": {"max_drained": 0, "min_capacity": 0}},
        "pool 'web': field 'max_drained' must be an integer >= 1, got 0",
    ),
    (
        [],
        {"web": {"max_drained": True, "min_capacity": 0}},
        "pool 'web': field 'max_drained' must be an integer >= 1, got True",
    ),
    (
        [],
        {"web": {"max_drained": 1, "min_capacity": -1}},
        "pool 'web': field 'min_capacity' must be an integer >= 0, got -1",
    ),
    ([], {"": {"max_drained": 1, "min_capacity": 0}}, "pools: pool name '' must be a non-empty string"),
]


@pytest.mark.parametrize(("machines", "pools", "message"), ERRORS, ids=[e[2][:60] for e in ERRORS])
def test_invalid_input_raises_a_named_error(machines, pools, message):
    with pytest.raises(RolloutError) as error:
        plan_rollout(machines, pools)
    assert str(error.value) == message


def test_limit_with_unknown_machine_is_an_error():
    with pytest.raises(RolloutError) as error:
        plan_rollout([machine("v1", "backup_vault")], limit=["v1", "zz", "aa"])
    assert str(error.value) == "limit names unknown machine(s): aa, zz"


def test_limit_must_be_a_list_of_names():
    with pytest.raises(RolloutError) as error:
        plan_rollout([machine("v1", "backup_vault")], limit="v1")
    assert str(error.value) == "limit must be a list of machine names, got 'v1'"


def test_unknown_ring_option_is_an_error():
    with pytest.raises(RolloutError) as error:
        plan_rollout([machine("v1", "backup_vault")], ring="dev")
    assert str(error.value) == "ring must be one of nonprod, prod, got 'dev'"


# --------------------------------------------------------------------------- property tests


def service(m):
    """Independent restatement of the documented service definition."""
    return ("pool", m["pool"]) if m.get("pool") else ("role", m["role"])


def min_dc_sequence(machines):
    """Fewest single-datacenter steps for an HA service, by brute force over datacenter sequences."""
    dcs = sorted({m["datacenter"] for m in machines})
    by_name = {m["name"]: m for m in machines}
    pairs = {}
    for m in machines:
        if m.get("ha_pair"):
            pairs.setdefault(m["ha_pair"], {})[m["ha_member"]] = m["name"]
    needs = [
        (by_name[p["secondary"]]["datacenter"], by_name[p["primary"]]["datacenter"])
        for p in pairs.values()
        if len(p) == 2
    ]
    for length in itertools.count(len(dcs)):
        for seq in itertools.product(dcs, repeat=length):
            if set(seq) == set(dcs) and all(
                any(seq[i] == s and seq[j] == p for i in range(length) for j in range(i + 1, length)) for s, p in needs
            ):
                return length
    raise AssertionError("unreachable")


def oracle_bound(machines, pools, planned_names):
    """Lower bound recomputed independently: max over services per ring, rings added."""
    sizes = {}
    for m in machines:
        if m.get("pool"):
            sizes[m["pool"]] = sizes.get(m["pool"], 0) + 1
    planned = [m for m in machines if m["name"] in planned_names]
    total = 0
    for ring in RING_ORDER:
        groups = {}
        for m in planned:
            if m["ring"] == ring:
                groups.setdefault(service(m), []).append(m)
        needs = [0]
        for (kind, key), members in groups.items():
            dcs = {m["datacenter"] for m in members}
            if kind == "pool":
                limit = min(pools[key]["max_drained"], sizes[key] - pools[key]["min_capacity"])
                needs.append(sum(math.ceil(sum(m["datacenter"] == dc for m in members) / limit) for dc in dcs))
            elif key == "reverse_proxy":
                needs.append(len(members))
            elif key in ("sql", "file"):
                needs.append(min_dc_sequence(members))
            else:
                needs.append(len(dcs))
        total += max(needs)
    return total


def check_plan(machines, pools, plan, planned_names):
    """Assert every constraint (a)-(f), the action lists and the bound on one plan."""
    by_name = {m["name"]: m for m in machines}
    waves = plan["waves"]
    assert plan["wave_count"] == len(waves)
    assert [w["index"] for w in waves] == list(range(1, len(waves) + 1))
    placed = [name for w in waves for name in w["machines"]]
    assert sorted(placed) == sorted(planned_names)  # (f) every planned machine exactly once
    wave_of = {name: w["index"] for w in waves for name in w["machines"]}
    sizes = {}
    for m in machines:
        if m.get("pool"):
            sizes[m["pool"]] = sizes.get(m["pool"], 0) + 1
    rings = [RING_ORDER[w["ring"]] for w in waves]
    assert rings == sorted(rings)  # (d)
    for w in waves:
        members = [by_name[name] for name in w["machines"]]
        assert members and w["machines"] == sorted(w["machines"])
        assert {m["ring"] for m in members} == {w["ring"]}
        for pool, count in _count(m["pool"] for m in members if m.get("pool")).items():  # (a)
            assert count <= pools[pool]["max_drained"]
            assert sizes[pool] - count >= pools[pool]["min_capacity"]
        for dc, count in _count(m["datacenter"] for m in members if m["role"] == "reverse_proxy").items():  # (c)
            assert count <= 1, (dc, w)
        for svc, dcs in _group(members, service).items():  # (e)
            assert len({m["datacenter"] for m in dcs}) == 1, (svc, w)
        check_actions(w, by_name, wave_of)
    check_pairs(machines, wave_of)
    assert plan["lower_bound"] == oracle_bound(machines, pools, set(planned_names))
    assert plan["wave_count"] == plan["lower_bound"]


def check_actions(wave, by_name, wave_of):
    names = wave["machines"]
    expected_failover = sorted(
        other["name"]
        for name in names
        if by_name[name].get("ha_member") == "primary"
        for other in by_name.values()
        if other.get("ha_pair") == by_name[name]["ha_pair"] and other["ha_member"] == "secondary"
    )
    expected = [("failover", expected_failover)] if expected_failover else []
    expected += [(action, names) for action in ("drain", "patch", "health_check", "enable")]
    assert actions_of(wave) == expected


def check_pairs(machines, wave_of):  # (b)
    pairs = _group([m for m in machines if m.get("ha_pair")], lambda m: m["ha_pair"])
    for nodes in pairs.values():
        member = {m["ha_member"]: m["name"] for m in nodes}
        if member["primary"] in wave_of and member["secondary"] in wave_of:
            assert wave_of[member["secondary"]] < wave_of[member["primary"]]


def _count(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def _group(items, key):
    groups = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


@st.composite
def platforms(draw):
    """A random platform: pools, HA pairs, proxies, vaults and loose machines over 1-2 datacenters and 2 rings."""
    dcs = ["dc1", "dc2"][: draw(st.integers(1, 2))]
    rings = list(RING_ORDER)
    machines, pools = [], {}
    for p in range(draw(st.integers(0, 3))):
        counts = {(r, dc): draw(st.integers(0, 5)) for r in rings for dc in dcs}
        size = sum(counts.values())
        if size == 0:
            continue
        pools[f"pool{p}"] = {
            "max_drained": draw(st.integers(1, 4)),
            "min_capacity": draw(st.integers(0, size - 1)),
        }
        for (r, dc), n in counts.items():
            machines += [app(f"p{p}-{r}-{dc}-{i}", f"pool{p}", dc, r) for i in range(n)]
    for i in range(draw(st.integers(0, 5))):
        role, r = draw(st.sampled_from(["sql", "file"])), draw(st.sampled_from(rings))
        machines.append(ha(f"ha{i}-s", role, f"pair{i}", "secondary", draw(st.sampled_from(dcs)), r))
        machines.append(ha(f"ha{i}-p", role, f"pair{i}", "primary", draw(st.sampled_from(dcs)), r))
    for r in rings:
        for dc in dcs:
            machines += [machine(f"px-{r}-{dc}-{i}", "reverse_proxy", dc, r) for i in range(draw(st.integers(0, 3)))]
            machines += [machine(f"v-{r}-{dc}-{i}", "backup_vault", dc, r) for i in range(draw(st.integers(0, 1)))]
            machines += [machine(f"solo-{r}-{dc}-{i}", "sql", dc, r) for i in range(draw(st.integers(0, 1)))]
    random.Random(draw(st.integers(0, 2**16))).shuffle(machines)
    return machines, pools


@settings(max_examples=200, deadline=None)
@given(platforms())
def test_every_plan_meets_all_constraints_and_the_bound(platform):
    machines, pools = platform
    plan = plan_rollout(machines, pools)
    check_plan(machines, pools, plan, [m["name"] for m in machines])


@settings(max_examples=100, deadline=None)
@given(platforms(), st.data())
def test_limited_and_ring_plans_meet_all_constraints_and_the_bound(platform, data):
    machines, pools = platform
    names = sorted(m["name"] for m in machines)
    limit = data.draw(st.lists(st.sampled_from(names), unique=True)) if names else []
    ring = data.draw(st.sampled_from([None, "nonprod", "prod"]))
    plan = plan_rollout(machines, pools, limit=limit, ring=ring)
    planned = [m["name"] for m in machines if m["name"] in set(limit) and ring in (None, m["ring"])]
    check_plan(machines, pools, plan, planned)


@settings(max_examples=50, deadline=None)
@given(platforms(), st.data())
def test_only_single_planned_proxies_of_serving_datacenters_are_refused_and_forced(platform, data):
    machines, pools = platform
    dcs = sorted({m["datacenter"] for m in machines})
    serving = data.draw(st.lists(st.sampled_from(dcs), unique=True)) if dcs else []
    names = sorted(m["name"] for m in machines)
    limit = data.draw(st.one_of(st.none(), st.lists(st.sampled_from(names), unique=True) if names else st.none()))
    free = plan_rollout(machines, pools, limit=limit)
    planned = {name for wave in free["waves"] for name in wave["machines"]}
    wave_of = {name: wave["index"] for wave in free["waves"] for name in wave["machines"]}
    expected = []
    for dc in sorted(serving):
        proxies = sorted(m["name"] for m in machines if m["role"] == "reverse_proxy" and m["datacenter"] == dc)
        if proxies and set(proxies) <= planned and len({wave_of[name] for name in proxies}) == 1:
            assert len(proxies) == 1  # (c) and (e) already split two proxies or more
            expected.append(dc)
    forced = plan_rollout(
        machines,
        pools,
        limit=limit,
        serving_datacenters=serving,
        allow_last_proxy_drain=True,
        last_proxy_drain_reason="r",
    )
    assert forced["waves"] == free["waves"]
    assert [drain["datacenter"] for drain in forced["last_proxy_drains"]] == expected
    for drain in forced["last_proxy_drains"]:
        assert drain["wave"] == wave_of[drain["proxies"][0]] and drain["reason"] == "r"
    if expected:
        with pytest.raises(RolloutError, match="^refusing to drain the last DMZ proxy"):
            plan_rollout(machines, pools, limit=limit, serving_datacenters=serving)
    else:
        assert plan_rollout(machines, pools, limit=limit, serving_datacenters=serving)["waves"] == free["waves"]


@settings(max_examples=50, deadline=None)
@given(platforms(), st.randoms(use_true_random=False))
def test_plan_does_not_depend_on_input_order(platform, rnd):
    machines, pools = platform
    shuffled = list(machines)
    rnd.shuffle(shuffled)
    assert plan_rollout(shuffled, pools) == plan_rollout(machines, pools)
