# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""core.model: the questions every capability asks, answered from the stored model, as the inventory answers them."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError, ModelError
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel


def test_machines_by_role_and_datacenter(example_platform, example_model):
    groups = example_model["groups"]
    assert example_platform.machines() == sorted(example_model["hosts"])
    assert example_platform.machines(role="app") == groups["role_app"]["hosts"]
    assert example_platform.proxies("par1") == sorted(
        set(groups["role_reverse_proxy"]["hosts"]) & set(groups["dc_par1"]["hosts"])
    )
    assert example_platform.proxies("nowhere") == []


def test_machine_facts_are_the_hosts_divalto_machine(example_platform, example_model):
    for name, host in example_model["hosts"].items():
        assert example_platform.machine(name) == host["divalto_machine"]
        assert example_platform.machine(name)["address"] == host["ansible_host"]


def test_serving_machines_are_the_environment_groups(example_platform, example_model):
    for key in example_platform.environments:
        assert example_platform.serving_machines(key) == example_model["groups"]["env_%s" % key]["hosts"]


def test_served_keys_agree_with_the_groups_and_proxies_serve_their_datacenter(example_platform, example_model):
    groups = example_model["groups"]
    for name in example_platform.machines():
        machine = example_platform.machine(name)
        if machine["role"] == "reverse_proxy":
            expected = sorted(
                k for k, r in example_platform.environments.items() if r["datacenter"] == machine["datacenter"]
            )
        else:
            expected = sorted(
                group[4:] for group, entry in groups.items() if group.startswith("env_") and name in entry["hosts"]
            )
        assert example_platform.served_keys(name) == expected, name
    assert any(example_platform.served_keys(name) for name in example_platform.machines(role="app"))


def test_environments_in_a_datacenter(example_platform):
    par1 = example_platform.environments_in("par1")
    assert par1 == sorted(par1) and par1
    assert all(example_platform.environment(key)["datacenter"] == "par1" for key in par1)
    assert example_platform.environments_in("nowhere") == []


def test_pool_and_pair_members(example_platform):
    pool = example_platform.machine("app-par1-01")["pool"]
    assert "app-par1-01" in example_platform.pool_members(pool)
    pair_name, pair = next(iter(example_platform.platform["ha_pairs"].items()))
    assert example_platform.pair_members(pair_name) == [pair["primary"], pair["secondary"]]
    assert example_platform.pair_members("no-pair") == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda m: m.machine("nope"), "machine nope: not a machine of the tenant registry"),
        (lambda m: m.environment("nope_production"), "environment nope_production: not an environment of the"),
        (lambda m: m.pool_members("nope"), "pool nope: not a pool of divalto_platform"),
        (lambda m: m.served_keys("nope"), "machine nope: not a machine of the tenant registry"),
    ],
)
def test_unknown_names_are_data_errors(example_platform, call, message):
    with pytest.raises(ModelError) as info:
        call(example_platform)
    assert str(info.value).startswith(message)
    assert isinstance(info.value, DivaltoError) and isinstance(info.value, ValueError)


def test_from_vars_needs_the_inventory_variables(example_model):
    variables = dict(example_model["vars"])
    assert PlatformModel.from_vars(variables).machines()
    del variables["divalto_environments"]
    with pytest.raises(ModelError, match="^divalto_environments is not defined: the inventory is not divalto"):
        PlatformModel.from_vars(variables)


def test_a_model_from_an_older_inventory_cache_says_to_flush_it(example_model):
    platform = dict(example_model["vars"]["divalto_platform"])
    del platform["machines"]
    with pytest.raises(
        ModelError, match=r"has no machines; .* \(refresh its cache: ansible-inventory --flush-cache\)$"
    ):
        PlatformModel(platform, {})


@pytest.mark.parametrize("platform, environments", [("x", {}), ({}, {}), (None, None)])
def test_shapes_are_checked(platform, environments):
    with pytest.raises(ModelError, match="^divalto_platform: "):
        PlatformModel(platform, environments)


def test_environments_shape_is_checked(example_model):
    with pytest.raises(ModelError, match="^divalto_environments: expected"):
        PlatformModel(example_model["vars"]["divalto_platform"], ["x"])


def test_placed_on_a_pair(example_platform):
    pair = example_platform.machine("sql-par1-01")["ha_pair"]
    placed = example_platform.placed("sql", pair)
    assert placed and all(record["placement"]["sql"] == pair for record in placed.values())
    assert set(placed) == {k for k, r in example_platform.environments.items() if r["placement"]["sql"] == pair}
    key = sorted(placed)[0]
    assert example_platform.placed("sql", pair, [key]) == {key: placed[key]}
    with pytest.raises(ModelError, match="^environment %s: its sql pair is %s, not nowhere$" % (key, pair)):
        example_platform.placed("sql", "nowhere", [key])
    assert example_platform.placed("files", "nowhere") == {}


def test_require_records_names_the_record_and_what_it_lacks():
    from ansible_collections.divalto.cloud.plugins.module_utils.core.model import require_records

    require_records({"a": {"x": 1, "y": 2}}, ("x", "y"), "things")
    with pytest.raises(ModelError, match=r"^things\['a'\]: has no y$"):
        require_records({"a": {"x": 1}}, ("x", "y"), "things")
    with pytest.raises(ModelError, match=r"^things\['a'\]: expected a record \(a mapping\), got 'x'$"):
        require_records({"a": "x"}, ("x",), "things")
    with pytest.raises(ModelError, match=r"^things: expected a mapping of records, got \['a'\]$"):
        require_records(["a"], ("x",), "things")


def without_index(model):
    platform = {key: value for key, value in model.platform.items() if key != "index"}
    return PlatformModel(platform, model.environments)


def test_the_stored_index_is_the_one_the_model_would_compute(example_platform, example_model):
    from ansible_collections.divalto.cloud.plugins.module_utils.core.model import model_index

    stored = example_model["vars"]["divalto_platform"]["index"]
    assert stored == model_index(example_platform.platform, example_platform.environments)
    assert without_index(example_platform).index == stored
    assert sorted(stored) == ["datacenters", "environments", "placed", "served"]
    assert stored["environments"] == len(example_platform.environments)
    assert set(stored["placed"]) == {"sql", "files"}


def test_answers_are_the_same_with_and_without_a_stored_index(example_platform):
    computed = without_index(example_platform)
    assert computed.index is not example_platform.index
    for name in example_platform.machines():
        assert computed.served_keys(name) == example_platform.served_keys(name), name
    for datacenter in example_platform.platform["datacenters"]:
        assert computed.environments_in(datacenter) == example_platform.environments_in(datacenter)
    for name, pair in example_platform.platform["ha_pairs"].items():
        for kind in ("sql", "files"):
            assert computed.placed(kind, name) == example_platform.placed(kind, name)
            expected = {k: r for k, r in example_platform.environments.items() if r["placement"][kind] == name}
            assert list(example_platform.placed(kind, name)) == list(expected)
        assert pair


def test_a_stored_index_that_is_not_whole_is_not_trusted(example_platform):
    platform = dict(example_platform.platform, index={"served": {}})
    model = PlatformModel(platform, example_platform.environments)
    assert model.served_keys("app-par1-01") == example_platform.served_keys("app-par1-01") != []


def test_answers_are_copies_a_caller_may_change(example_platform):
    keys = example_platform.served_keys("app-par1-01")
    keys.append("intruder")
    assert "intruder" not in example_platform.served_keys("app-par1-01")
    proxies = example_platform.proxies("par1")
    proxies.clear()
    assert example_platform.proxies("par1")


def test_a_stored_index_made_for_other_environments_is_not_trusted(example_platform):
    """A model whose environments were filtered after the inventory built it (a test, an override) computes
    its own index instead of answering with environments it does not hold."""
    key = example_platform.served_keys("app-par1-01")[0]
    fewer = {other: record for other, record in example_platform.environments.items() if other != key}
    model = PlatformModel(example_platform.platform, fewer)
    assert key not in model.served_keys("app-par1-01")
    assert model.served_keys("app-par1-01") == [k for k in example_platform.served_keys("app-par1-01") if k != key]
