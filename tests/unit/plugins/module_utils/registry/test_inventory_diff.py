# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for plugins/module_utils/registry/inventory_diff.py."""

from __future__ import annotations

import copy
import datetime
import json

from ansible_collections.divalto.cloud.plugins.module_utils.registry.inventory_diff import (
    diff_inventories,
    normalise_inventory,
    render_json,
    render_markdown,
    render_text,
    to_plain,
)

PAR1 = ["app1", "app2", "dmz1", "sql1", "sql2"]
ALL_MACHINES = ["app1", "app2", "app3", "dmz1", "sql1", "sql2"]


def machine(name, dc, **extra):
    return {
        "ansible_host": "10.0.0.%d" % (len(name) + ord(name[-1])),
        "divalto_machine": dict(name=name, datacenter=dc, **extra),
    }


def environment(tenant, env, service_pack="sp1"):
    return {"tenant": tenant, "type": env, "service_pack": service_pack}


def group(hosts=(), children=()):
    return {"hosts": list(hosts), "children": list(children)}


def inventory():
    """Two datacenters, two pools, one SQL pair; acme (production, staging) and beta (production)."""
    return {
        "hosts": {
            "app1": machine("app1", "par1", pool="p1", capacity={"cpu": 16}),
            "app2": machine("app2", "par1", pool="p1"),
            "app3": machine("app3", "sxb1", pool="p2"),
            "dmz1": machine("dmz1", "par1"),
            "sql1": machine("sql1", "par1", ha_pair="sqla"),
            "sql2": machine("sql2", "par1", ha_pair="sqla"),
        },
        "groups": {
            "dc_par1": group(PAR1),
            "dc_sxb1": group(["app3"]),
            "env_acme_production": group(["app1", "app2", "sql1", "sql2"]),
            "env_acme_staging": group(["app3", "sql1", "sql2"]),
            "env_beta_production": group(["app1", "app2", "sql1", "sql2"]),
            "envtype_production": group(children=["env_acme_production", "env_beta_production"]),
            "envtype_staging": group(children=["env_acme_staging"]),
            "ha_sqla": group(["sql1", "sql2"]),
            "os_windows": group(["app1", "app2", "app3", "sql1", "sql2"]),
            "pool_p1": group(["app1", "app2"]),
            "pool_p2": group(["app3"]),
            "tenant_acme": group(children=["env_acme_production", "env_acme_staging"]),
            "tenant_beta": group(children=["env_beta_production"]),
        },
        "vars": {
            "divalto_platform": {
                "settings": {"domain": "erp.example.net"},
                "datacenters": {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}},
                "networks": {"par1": {"dmz": "10.10.0.0/24"}, "sxb1": {"dmz": "10.20.0.0/24"}},
                "pools": {
                    "p1": {"datacenter": "par1", "min_capacity": 1, "members": ["app1", "app2"]},
                    "p2": {"datacenter": "sxb1", "min_capacity": 1, "members": ["app3"]},
                },
                "ha_pairs": {"sqla": {"primary": "sql1", "secondary": "sql2", "storage_gb": 1000}},
            },
            "divalto_service_packs": {"sp1": {"kind": "service_pack"}, "sp2": {"kind": "hotfix"}},
            "divalto_tenants": {
                "acme": {"name": "ACME", "users": 40, "environments": ["production", "staging"]},
                "beta": {"name": "Beta", "users": 5, "environments": ["production"]},
            },
            "divalto_environments": {
                "acme_production": environment("acme", "production"),
                "acme_staging": environment("acme", "staging"),
                "beta_production": environment("beta", "production"),
            },
        },
    }


def changed(mutate):
    """(base, head) where head is the base inventory changed by ``mutate``."""
    base = inventory()
    head = copy.deepcopy(base)
    mutate(head)
    return base, head


def diff_of(mutate):
    return diff_inventories(*changed(mutate))


def switch_staging_pack(head):
    head["vars"]["divalto_environments"]["acme_staging"]["service_pack"] = "sp2"


# ---------------------------------------------------------------------------
# No change, determinism
# ---------------------------------------------------------------------------


def test_identical_inventories_have_no_change():
    result = diff_inventories(inventory(), inventory())
    assert result["changed"] is False
    assert result["counts"]["changes"] == 0
    assert result["variables"] == [] and result["groups"]["memberships"] == []
    assert result["tenants"] == {}
    assert result["blast_radius"] == {"machines": [], "platform_wide": False, "reasons": {}, "removed_machines": []}


def test_result_is_deterministic_and_independent_of_key_order():
    base, head = changed(switch_staging_pack)
    reordered = json.loads(json.dumps(head), object_pairs_hook=lambda pairs: dict(reversed(pairs)))
    first = render_json(diff_inventories(base, head))
    assert render_json(diff_inventories(base, reordered)) == first
    assert render_json(diff_inventories(copy.deepcopy(base), copy.deepcopy(head))) == first


def test_result_is_json_serialisable():
    result = diff_of(switch_staging_pack)
    assert json.loads(render_json(result)) == result


# ---------------------------------------------------------------------------
# Machines and groups
# ---------------------------------------------------------------------------


def add_machine(head):
    head["hosts"]["app4"] = machine("app4", "par1", pool="p1")
    head["groups"]["dc_par1"]["hosts"].append("app4")
    head["groups"]["pool_p1"]["hosts"].append("app4")


def test_machine_added():
    result = diff_of(add_machine)
    assert result["machines"] == {"added": ["app4"], "removed": []}
    assert result["groups"]["memberships"] == [
        {"group": "dc_par1", "type": "host", "member": "app4", "change": "added"},
        {"group": "pool_p1", "type": "host", "member": "app4", "change": "added"},
    ]
    assert result["variables"] == []
    assert result["blast_radius"]["machines"] == ["app4"]
    assert result["blast_radius"]["reasons"] == {"app4": ["added", "joined dc_par1", "joined pool_p1"]}
    assert result["platform"] == {"changes": 3, "machines": ["app4"]}


def remove_machine(head):
    del head["hosts"]["app3"]
    for name in ("dc_sxb1", "pool_p2", "env_acme_staging"):
        head["groups"][name]["hosts"].remove("app3")


def test_machine_removed_is_listed_apart_and_not_touched():
    result = diff_of(remove_machine)
    assert result["machines"] == {"added": [], "removed": ["app3"]}
    assert [(m["group"], m["change"]) for m in result["groups"]["memberships"]] == [
        ("dc_sxb1", "removed"),
        ("env_acme_staging", "removed"),
        ("pool_p2", "removed"),
    ]
    radius = result["blast_radius"]
    assert radius["removed_machines"] == ["app3"]
    # Leaving env_acme_staging changes that environment: its remaining machines are touched.
    assert radius["machines"] == ["sql1", "sql2"]
    assert radius["reasons"] == {"sql1": ["serves acme_staging"], "sql2": ["serves acme_staging"]}
    assert result["tenants"]["acme"]["environments"]["staging"] == {
        "status": "changed",
        "changes": 1,
        "machines": ["sql1", "sql2"],
    }


def add_and_remove_groups(head):
    head["groups"]["role_spare"] = group()
    del head["groups"]["os_windows"]


def test_group_added_and_removed():
    result = diff_of(add_and_remove_groups)
    assert result["groups"]["added"] == ["role_spare"]
    assert result["groups"]["removed"] == ["os_windows"]
    assert len(result["groups"]["memberships"]) == 5
    assert {m["change"] for m in result["groups"]["memberships"]} == {"removed"}
    # Leaving a group touches the machine, even when the whole group goes.
    assert result["blast_radius"]["machines"] == ["app1", "app2", "app3", "sql1", "sql2"]
    assert result["blast_radius"]["reasons"]["app1"] == ["left os_windows"]
    assert result["tenants"] == {}
    assert result["platform"]["changes"] == 7


def move_machine_between_pools(head):
    head["groups"]["pool_p1"]["hosts"].remove("app2")
    head["groups"]["pool_p2"]["hosts"].append("app2")


def test_host_joining_and_leaving_groups():
    result = diff_of(move_machine_between_pools)
    assert result["groups"]["memberships"] == [
        {"group": "pool_p1", "type": "host", "member": "app2", "change": "removed"},
        {"group": "pool_p2", "type": "host", "member": "app2", "change": "added"},
    ]
    assert result["blast_radius"]["reasons"] == {"app2": ["joined pool_p2", "left pool_p1"]}
    assert result["counts"]["memberships"] == 2


def change_children(head):
    head["groups"]["windows"] = group(children=["os_windows"])
    head["groups"]["envtype_production"]["children"].remove("env_beta_production")


def test_child_added_and_removed():
    result = diff_of(change_children)
    assert result["groups"]["added"] == ["windows"]
    assert result["groups"]["memberships"] == [
        {"group": "envtype_production", "type": "child", "member": "env_beta_production", "change": "removed"},
        {"group": "windows", "type": "child", "member": "os_windows", "change": "added"},
    ]
    # An environment group's membership belongs to that environment; other children to the platform.
    assert result["tenants"]["beta"]["environments"]["production"]["changes"] == 1
    assert result["platform"] == {"changes": 2, "machines": []}
    assert result["blast_radius"]["machines"] == ["app1", "app2", "sql1", "sql2"]
    assert set(result["blast_radius"]["reasons"]["app1"]) == {"serves beta_production"}


# ---------------------------------------------------------------------------
# Host variables
# ---------------------------------------------------------------------------


def change_host_vars(head):
    facts = head["hosts"]["app1"]["divalto_machine"]
    facts["capacity"]["cpu"] = 32
    facts["ha_member"] = "primary"
    del facts["pool"]


def test_host_vars_changed_added_removed():
    result = diff_of(change_host_vars)
    assert result["variables"] == [
        {"path": "hosts.app1.divalto_machine.capacity.cpu", "change": "changed", "old": 16, "new": 32},
        {"path": "hosts.app1.divalto_machine.ha_member", "change": "added", "new": "primary"},
        {"path": "hosts.app1.divalto_machine.pool", "change": "removed", "old": "p1"},
    ]
    assert result["blast_radius"] == {
        "machines": ["app1"],
        "platform_wide": False,
        "reasons": {"app1": ["vars changed"]},
        "removed_machines": [],
    }
    assert result["platform"] == {"changes": 3, "machines": ["app1"]}


def test_list_values_are_compared_whole():
    def reorder(head):
        head["vars"]["divalto_tenants"]["acme"]["environments"] = ["staging", "production"]

    result = diff_of(reorder)
    assert result["variables"] == [
        {
            "path": "divalto_tenants.acme.environments",
            "change": "changed",
            "old": ["production", "staging"],
            "new": ["staging", "production"],
        }
    ]


def test_value_of_another_type_is_a_change():
    def to_string(head):
        head["hosts"]["app1"]["divalto_machine"]["capacity"]["cpu"] = "16"

    assert diff_of(to_string)["variables"][0]["old"] == 16


# ---------------------------------------------------------------------------
# Variables of all: environments, tenants, platform
# ---------------------------------------------------------------------------


def test_environment_data_change_touches_the_environment_machines():
    result = diff_of(switch_staging_pack)
    assert result["variables"] == [
        {"path": "divalto_environments.acme_staging.service_pack", "change": "changed", "old": "sp1", "new": "sp2"}
    ]
    assert result["tenants"] == {
        "acme": {
            "status": "changed",
            "changes": 0,
            "machines": ["app3", "sql1", "sql2"],
            "environments": {"staging": {"status": "changed", "changes": 1, "machines": ["app3", "sql1", "sql2"]}},
        }
    }
    assert result["platform"] == {"changes": 0, "machines": []}
    assert result["blast_radius"]["reasons"] == {
        "app3": ["serves acme_staging"],
        "sql1": ["serves acme_staging"],
        "sql2": ["serves acme_staging"],
    }


def test_tenant_change_touches_every_environment_of_the_tenant():
    def more_users(head):
        head["vars"]["divalto_tenants"]["acme"]["users"] = 45

    result = diff_of(more_users)
    assert result["variables"] == [{"path": "divalto_tenants.acme.users", "change": "changed", "old": 40, "new": 45}]
    assert result["tenants"]["acme"]["changes"] == 1
    assert result["tenants"]["acme"]["environments"] == {}
    assert result["blast_radius"]["machines"] == ["app1", "app2", "app3", "sql1", "sql2"]
    assert result["blast_radius"]["reasons"]["app1"] == ["tenant acme"]


def set_platform(path, value):
    def mutate(head):
        node = head["vars"]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


def test_pool_change_touches_the_pool_members():
    result = diff_of(set_platform(("divalto_platform", "pools", "p1", "min_capacity"), 2))
    assert result["variables"][0]["path"] == "divalto_platform.pools.p1.min_capacity"
    assert result["blast_radius"]["reasons"] == {"app1": ["pool p1"], "app2": ["pool p1"]}
    assert result["blast_radius"]["platform_wide"] is False
    assert result["platform"] == {"changes": 1, "machines": ["app1", "app2"]}


def test_pool_membership_change_touches_old_and_new_members():
    result = diff_of(set_platform(("divalto_platform", "pools", "p1", "members"), ["app1"]))
    assert result["blast_radius"]["machines"] == ["app1", "app2"]


def test_ha_pair_change_touches_both_members():
    result = diff_of(set_platform(("divalto_platform", "ha_pairs", "sqla", "storage_gb"), 1500))
    assert result["blast_radius"]["reasons"] == {"sql1": ["ha pair sqla"], "sql2": ["ha pair sqla"]}
    assert result["blast_radius"]["platform_wide"] is False


def test_datacenter_change_touches_its_machines():
    result = diff_of(set_platform(("divalto_platform", "datacenters", "sxb1", "location"), "Strasbourg"))
    assert result["variables"] == [
        {"path": "divalto_platform.datacenters.sxb1.location", "change": "added", "new": "Strasbourg"}
    ]
    assert result["blast_radius"]["reasons"] == {"app3": ["datacenter sxb1"]}


def test_network_change_touches_the_datacenter_machines():
    result = diff_of(set_platform(("divalto_platform", "networks", "par1", "dmz"), "10.10.9.0/24"))
    assert result["blast_radius"]["machines"] == PAR1
    assert result["blast_radius"]["reasons"]["dmz1"] == ["datacenter par1"]


def test_other_platform_change_is_platform_wide():
    result = diff_of(set_platform(("divalto_platform", "settings", "domain"), "erp.example.org"))
    assert result["blast_radius"]["platform_wide"] is True
    assert result["blast_radius"]["machines"] == ALL_MACHINES
    assert result["blast_radius"]["reasons"]["dmz1"] == ["platform"]
    assert result["tenants"] == {}


def test_service_pack_catalogue_change_is_platform_wide():
    def remove_pack(head):
        del head["vars"]["divalto_service_packs"]["sp2"]

    result = diff_of(remove_pack)
    assert result["variables"] == [
        {"path": "divalto_service_packs.sp2", "change": "removed", "old": {"kind": "hotfix"}}
    ]
    assert result["blast_radius"]["platform_wide"] is True
    assert result["blast_radius"]["machines"] == ALL_MACHINES


# ---------------------------------------------------------------------------
# Environments added and removed
# ---------------------------------------------------------------------------


def add_training(head):
    head["vars"]["divalto_environments"]["acme_training"] = environment("acme", "training")
    head["vars"]["divalto_tenants"]["acme"]["environments"] = ["production", "staging", "training"]
    head["groups"]["env_acme_training"] = group(["app3"])
    head["groups"]["envtype_training"] = group(children=["env_acme_training"])
    head["groups"]["tenant_acme"]["children"].append("env_acme_training")


def test_environment_added():
    result = diff_of(add_training)
    assert result["groups"]["added"] == ["env_acme_training", "envtype_training"]
    assert result["groups"]["memberships"] == [
        {"group": "env_acme_training", "type": "host", "member": "app3", "change": "added"},
        {"group": "envtype_training", "type": "child", "member": "env_acme_training", "change": "added"},
        {"group": "tenant_acme", "type": "child", "member": "env_acme_training", "change": "added"},
    ]
    assert [v["path"] for v in result["variables"]] == [
        "divalto_environments.acme_training",
        "divalto_tenants.acme.environments",
    ]
    # the record, the group, its host and its membership of tenant_acme and envtype_training
    assert result["variables"][0] == {
        "path": "divalto_environments.acme_training",
        "change": "added",
        "new": {"tenant": "acme", "type": "training", "service_pack": "sp1"},
    }
    acme = result["tenants"]["acme"]
    assert (acme["status"], acme["changes"]) == ("changed", 1)
    assert acme["environments"] == {"training": {"status": "added", "changes": 5, "machines": ["app3"]}}
    # The tenant's record changed too (its list of environments): every machine of acme is touched.
    assert result["blast_radius"]["machines"] == ["app1", "app2", "app3", "sql1", "sql2"]
    assert result["blast_radius"]["reasons"]["app3"] == [
        "joined env_acme_training",
        "serves acme_training",
        "tenant acme",
    ]
    assert result["platform"]["changes"] == 1  # the new envtype_training group


def remove_staging(head):
    del head["vars"]["divalto_environments"]["acme_staging"]
    head["vars"]["divalto_tenants"]["acme"]["environments"] = ["production"]
    del head["groups"]["env_acme_staging"]
    del head["groups"]["envtype_staging"]
    head["groups"]["tenant_acme"]["children"].remove("env_acme_staging")


def test_environment_removed_touches_its_base_machines():
    result = diff_of(remove_staging)
    assert result["groups"]["removed"] == ["env_acme_staging", "envtype_staging"]
    staging = result["tenants"]["acme"]["environments"]["staging"]
    # the record, the group, its three hosts and its membership of tenant_acme and envtype_staging
    assert staging == {"status": "removed", "changes": 7, "machines": ["app3", "sql1", "sql2"]}
    assert result["blast_radius"]["reasons"]["app3"] == ["left env_acme_staging", "serves acme_staging", "tenant acme"]
    assert result["blast_radius"]["removed_machines"] == []


def test_environment_group_without_record_is_scoped_by_its_name():
    def add_group(head):
        head["groups"]["env_gamma_testing"] = group()

    result = diff_of(add_group)
    assert result["tenants"] == {
        "gamma": {
            "status": "changed",
            "changes": 0,
            "machines": [],
            "environments": {"testing": {"status": "added", "changes": 1, "machines": []}},
        }
    }


def test_tenant_added():
    def add_tenant(head):
        head["vars"]["divalto_tenants"]["delta"] = {"name": "Delta", "users": 1, "environments": []}

    result = diff_of(add_tenant)
    assert result["tenants"]["delta"]["status"] == "added"
    assert result["counts"]["tenants"] == 1


# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------


class Tagged(str):
    """Stands for Ansible 2.19's tagged strings."""


class Named:
    def __init__(self, name, **fields):
        self.name = name
        self.__dict__.update(fields)


def test_normalise_inventory_drops_ansible_noise_and_tags():
    app = Named("app1", vars={"inventory_file": "/tmp/x/tenants.yml", "inventory_dir": "/tmp/x", "v": Tagged("a")})
    sql = Named("sql1", vars={"when": datetime.date(2026, 1, 2)})
    groups = [
        Named("all", hosts=[app, sql], child_groups=[]),
        Named("ungrouped", hosts=[], child_groups=[]),
        Named("zone_data", hosts=[sql, app], child_groups=[]),
        Named("parent", hosts=[], child_groups=[Named("zone_data")]),
    ]
    result = normalise_inventory([sql, app], groups, {"divalto_x": {Tagged("k"): [Tagged("v")]}})
    assert result == {
        "hosts": {"app1": {"v": "a"}, "sql1": {"when": "2026-01-02"}},
        "groups": {
            "parent": {"hosts": [], "children": ["zone_data"]},
            "zone_data": {"hosts": ["app1", "sql1"], "children": []},
        },
        "vars": {"divalto_x": {"k": ["v"]}},
    }
    assert not isinstance(result["hosts"]["app1"]["v"], Tagged)
    assert list(result["hosts"]) == ["app1", "sql1"]


def test_to_plain_sorts_sets():
    assert to_plain({"a": {3, 1, 2}}) == {"a": [1, 2, 3]}


# ---------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------

SWITCH_TEXT = """\
inventory diff: 1 change (machines +0 -0, groups +0 -0, memberships 0, variables 1); 3 machines touched

changes:
  ~ divalto_environments.acme_staging.service_pack: "sp1" -> "sp2"

by tenant:
  acme/staging: changed, 1 change, 3 machines

blast radius: 3 machines
  app3 (serves acme_staging)
  sql1 (serves acme_staging)
  sql2 (serves acme_staging)
"""

SWITCH_MARKDOWN = """\
### Inventory diff

**1 change (machines +0 -0, groups +0 -0, memberships 0, variables 1); 3 machines touched**

| Tenant | Environment | Status | Changes | Machines touched |
|---|---|---|---:|---:|
| acme | staging | changed | 1 | 3 |

**Blast radius**: 3 machines

`app3`, `sql1`, `sql2`

<details><summary>All changes</summary>

```diff
~ divalto_environments.acme_staging.service_pack: "sp1" -> "sp2"
```

</details>
"""


def test_render_text_of_a_service_pack_switch():
    assert render_text(diff_of(switch_staging_pack)) == SWITCH_TEXT


def test_render_markdown_of_a_service_pack_switch():
    assert render_markdown(diff_of(switch_staging_pack)) == SWITCH_MARKDOWN


def test_render_no_change():
    result = diff_inventories(inventory(), inventory())
    assert render_text(result) == "inventory diff: no changes\n"
    assert render_markdown(result) == "### Inventory diff\n\n**no changes**\n"


def mixed_change(head):
    remove_machine(head)
    add_training(head)
    head["groups"]["env_acme_training"]["hosts"] = ["app2"]
    set_platform(("divalto_platform", "settings", "domain"), "erp.example.org")(head)


def test_render_text_of_mixed_changes():
    text = render_text(diff_of(mixed_change))
    lines = text.splitlines()
    assert "  - machine app3" in lines
    assert "  + group env_acme_training" in lines
    assert "  - host app3 in group dc_sxb1" in lines
    assert "  + child env_acme_training in group tenant_acme" in lines
    assert '  ~ divalto_platform.settings.domain: "erp.example.net" -> "erp.example.org"' in lines
    assert "  acme: changed, 1 change, 4 machines" in lines
    assert "  acme/training: added, 5 changes, 1 machine" in lines
    assert "blast radius: 5 machines (platform-wide: every machine)" in lines
    assert "removed machines (gone, not touched): app3" in lines


def test_render_markdown_of_mixed_changes():
    markdown = render_markdown(diff_of(mixed_change))
    assert "| acme | (tenant) | changed | 1 | 4 |" in markdown
    assert "| acme | training | added | 5 | 1 |" in markdown
    assert "| (platform) |  | changed | 5 | 5 |" in markdown
    assert "**Blast radius**: 5 machines (platform-wide: every machine)" in markdown
    assert "**Removed machines** (gone, not touched): `app3`" in markdown


def many_environments(count):
    def mutate(head):
        for index in range(count):
            key = "t%03d_production" % index
            head["vars"]["divalto_environments"][key] = environment("t%03d" % index, "production")

    return mutate


def test_render_markdown_caps_its_table_and_changes():
    markdown = render_markdown(diff_of(many_environments(260)))
    lines = markdown.splitlines()
    assert sum(1 for line in lines if line.startswith("| t")) == 50
    assert "... and 210 more rows (see the text or JSON output)" in lines
    assert sum(1 for line in lines if line.startswith("+ divalto_environments.")) == 200
    assert "... and 60 more changes (see the text or JSON output)" in lines


def test_render_text_is_never_capped():
    text = render_text(diff_of(many_environments(260)))
    assert sum(1 for line in text.splitlines() if line.startswith("  + divalto_environments.")) == 260


def test_the_model_index_is_left_out_but_what_it_derives_from_is_shown():
    """``divalto_platform.index`` repeats the environments' placement for the playbooks' lookups: a review
    sees the environment that changed, not the datacenter's whole list of keys again."""

    def move_staging_to_par1(head):
        head["vars"]["divalto_environments"]["acme_staging"]["datacenter"] = "par1"
        head["vars"]["divalto_platform"]["index"]["datacenters"] = {
            "par1": ["acme_production", "acme_staging", "beta_production"]
        }

    def with_index(side):
        side["vars"]["divalto_platform"]["index"] = {
            "datacenters": {"par1": ["acme_production", "beta_production"], "sxb1": ["acme_staging"]},
            "served": {},
            "placed": {"sql": {}, "files": {}},
        }
        return side

    base = with_index(inventory())
    head = copy.deepcopy(base)
    move_staging_to_par1(head)
    paths = [change["path"] for change in diff_inventories(base, head)["variables"]]
    assert paths == ["divalto_environments.acme_staging.datacenter"]
    # the rest of divalto_platform is still compared
    head["vars"]["divalto_platform"]["settings"]["domain"] = "erp.example.org"
    paths = [change["path"] for change in diff_inventories(base, head)["variables"]]
    assert "divalto_platform.settings.domain" in paths
