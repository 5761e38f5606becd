# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""served_environments: the records of a machine's env_* groups."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.served import ServedEnvironmentsError, served_environments


def groups_of(model, host):
    return sorted(name for name, group in model["groups"].items() if host in group["hosts"])


def test_app_server_serves_its_pool_environments(example_model):
    environments = example_model["vars"]["divalto_environments"]
    records = served_environments(groups_of(example_model, "app-par1-01"), environments)
    assert [record["key"] for record in records] == [
        "acme_production",
        "breizhfood_production",
        "cobalt_production",
        "dentelles_production",
    ]
    assert all(record is environments[record["key"]] for record in records)


def test_envtype_groups_and_other_groups_are_ignored():
    environments = {"a_production": {"key": "a_production"}}
    names = ["envtype_production", "env_", "role_app", "env_a_production", "env_a_production"]
    assert served_environments(names, environments) == [{"key": "a_production"}]


def test_a_machine_serving_nothing():
    assert served_environments(("role_app", "dc_sxb1"), {}) == []


@pytest.mark.parametrize(
    "group_names, environments, message",
    [
        ("env_a_production", {}, r"expected the host's group_names \(a list\), got 'env_a_production'"),
        ({"env_a": 1}, {}, r"expected the host's group_names \(a list\), got \{'env_a': 1\}"),
        (["env_a"], [], r"expected the divalto_environments inventory variable \(a dict\), got \[\]"),
        ([1], {}, "group_names must hold strings, got 1"),
        (["env_b_staging"], {}, r"group env_b_staging has no record in divalto_environments \(inventory not from"),
        (["env_b_staging"], {"b_staging": {"key": "x"}}, r"divalto_environments\['b_staging'\] is not the record"),
        (["env_b_staging"], {"b_staging": "b_staging"}, r"divalto_environments\['b_staging'\] is not the record"),
    ],
)
def test_errors(group_names, environments, message):
    with pytest.raises(ServedEnvironmentsError, match=message):
        served_environments(group_names, environments)
