# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.tenants inventory plugin, driven as Ansible drives it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import yaml
from ansible.errors import AnsibleError, AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.divalto.cloud.plugins.inventory import tenants as tenants_plugin


def make_plugin():
    plugin = inventory_loader.get("divalto.cloud.tenants")
    assert plugin is not None, "divalto.cloud.tenants is not loadable"
    return plugin


def parse(config_path, cache=True):
    plugin = make_plugin()
    inventory = InventoryData()
    plugin.parse(inventory, DataLoader(), str(config_path), cache=cache)
    return plugin, inventory


def write_config(inventory_dir, name="tenants.yml", **options):
    config = {"plugin": "divalto.cloud.tenants", "registry": "registry"}
    config.update(options)
    path = inventory_dir / name
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def edit_keeping_size_and_times(path, old, new):
    """Replace ``old`` by ``new`` (same length) in ``path``, then restore its access and modification times."""
    assert len(old) == len(new)
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def members(inventory, group):
    return sorted(host.name for host in inventory.groups[group].get_hosts())


@pytest.mark.parametrize("name", ["tenants.yml", "tenants.yaml", "prod.tenants.yml", "site-tenants.yaml"])
def test_verify_file_accepts_tenants_configs(tmp_path, name):
    path = tmp_path / name
    path.write_text("plugin: divalto.cloud.tenants\n", encoding="utf-8")
    assert make_plugin().verify_file(str(path))


@pytest.mark.parametrize("name", ["tenants.json", "inventory.yml", "tenants.yml.bak", "tenants", "platform.yml"])
def test_verify_file_rejects_other_names(tmp_path, name):
    path = tmp_path / name
    path.write_text("plugin: divalto.cloud.tenants\n", encoding="utf-8")
    assert not make_plugin().verify_file(str(path))


def test_verify_file_rejects_missing_file(tmp_path):
    assert not make_plugin().verify_file(str(tmp_path / "tenants.yml"))


def test_hosts_are_machines_with_their_vars(inventory_dir):
    _plugin, inventory = parse(inventory_dir / "tenants.yml")
    assert len(inventory.hosts) == 21
    host = inventory.get_host("sql-par1-02")
    assert host.vars["ansible_host"] == "10.10.2.12"
    assert host.vars["divalto_machine"] == {
        "name": "sql-par1-02",
        "zone": "data",
        "role": "sql",
        "os": "windows",
        "datacenter": "par1",
        "address": "10.10.2.12",
        "capacity": {"cpu": 16, "memory_gb": 128, "storage_gb": 1000},
        "ring": "prod",
        "patch_cadences": ["monthly", "quarterly"],
        "ha_pair": "sql-par1-a",
        "ha_member": "secondary",
    }
    # inventory_file and inventory_dir are added by Ansible itself.
    assert set(host.vars) - {"inventory_file", "inventory_dir"} == {"ansible_host", "divalto_machine"}


def test_platform_groups(inventory_dir):
    _plugin, inventory = parse(inventory_dir / "tenants.yml")
    assert members(inventory, "zone_dmz") == ["dmz-par1-01", "dmz-par1-02", "dmz-sxb1-01"]
    assert members(inventory, "role_backup_vault") == ["vault-sxb1-01"]
    assert members(inventory, "os_linux") == [
        "dmz-par1-01",
        "dmz-par1-02",
        "dmz-sxb1-01",
        "fs-par1-01",
        "fs-par1-02",
        "fs-sxb1-01",
        "fs-sxb1-02",
        "vault-sxb1-01",
    ]
    assert members(inventory, "pool_app_par1_b") == ["app-par1-04", "app-par1-05"]
    assert members(inventory, "ha_sql_par1_a") == ["sql-par1-01", "sql-par1-02"]
    assert len(members(inventory, "dc_sxb1")) == 8
    assert members(inventory, "patch_quarterly") == sorted(
        members(inventory, "role_sql") + members(inventory, "role_app")
    )
    assert len(members(inventory, "patch_monthly")) == 21


def test_rings_follow_production(inventory_dir):
    _plugin, inventory = parse(inventory_dir / "tenants.yml")
    nonprod = members(inventory, "ring_nonprod")
    # The recovery datacenter serves nothing until a failover; pool b serves only non-production.
    assert nonprod == [
        "app-par1-04",
        "app-par1-05",
        "app-sxb1-01",
        "app-sxb1-02",
        "dmz-sxb1-01",
        "fs-sxb1-01",
        "fs-sxb1-02",
        "sql-sxb1-01",
        "sql-sxb1-02",
        "vault-sxb1-01",
    ]
    assert "dmz-par1-01" in members(inventory, "ring_prod")


def test_environment_groups_hold_the_machines_that_serve_them(inventory_dir):
    _plugin, inventory = parse(inventory_dir / "tenants.yml")
    assert members(inventory, "env_acme_staging") == [
        "app-par1-04",
        "app-par1-05",
        "fs-par1-01",
        "fs-par1-02",
        "sql-par1-01",
        "sql-par1-02",
    ]
    assert members(inventory, "env_breizhfood_production") == [
        "app-par1-01",
        "app-par1-02",
        "app-par1-03",
        "fs-par1-03",
        "fs-par1-04",
        "sql-par1-01",
        "sql-par1-02",
    ]
    tenant = inventory.groups["tenant_acme"]
    assert sorted(child.name for child in tenant.child_groups) == [
        "env_acme_production",
        "env_acme_staging",
        "env_acme_testing",
    ]
    assert sorted(child.name for child in inventory.groups["envtype_setup"].child_groups) == [
        "env_breizhfood_setup",
        "env_dentelles_setup",
    ]
    assert "app-par1-01" in members(inventory, "tenant_acme")


def test_environment_data_is_stored_once_in_all(inventory_dir):
    _plugin, inventory = parse(inventory_dir / "tenants.yml")
    all_vars = inventory.groups["all"].vars
    environments = all_vars["divalto_environments"]
    assert len(environments) == 12
    staging = environments["acme_staging"]
    assert staging["service_pack"] == "v2026_erpx13_p224"
    assert staging["databases"] == {"erp": "acme_staging_erp", "portal": "acme_staging_portal"}
    assert staging["quota"] == {"database_gb": 50, "files_gb": 100, "extensions": {"database_gb": 40, "files_gb": 50}}
    assert staging["hostnames"] == ["acme-staging.erp.example.net"]
    assert staging["ports"]["telnet"] == 2302
    assert staging["implicit_search_list"][-1] == "//sql-par1-a/acme_staging_erp"
    assert all_vars["divalto_tenants"]["acme"]["environments"] == ["production", "staging", "testing"]
    assert all_vars["divalto_platform"]["ha_pairs"]["fs-par1-b"] == {
        "role": "file",
        "datacenter": "par1",
        "primary": "fs-par1-03",
        "secondary": "fs-par1-04",
        "storage_gb": 1500,
    }
    for group in inventory.groups.values():
        if group.name != "all":
            assert group.vars == {}, group.name
    for host in inventory.hosts.values():
        assert "divalto_environments" not in host.vars


def test_output_is_deterministic(inventory_dir):
    _first_plugin, first = parse(inventory_dir / "tenants.yml")
    _second_plugin, second = parse(inventory_dir / "tenants.yml")

    def snapshot(inventory):
        return json.dumps(
            {
                "groups": {name: members(inventory, name) for name in sorted(inventory.groups)},
                "vars": inventory.groups["all"].vars,
                "hosts": {name: inventory.hosts[name].vars for name in sorted(inventory.hosts)},
            },
            sort_keys=True,
        )

    assert snapshot(first) == snapshot(second)
    assert list(first.groups["all"].vars["divalto_environments"]) == sorted(
        first.groups["all"].vars["divalto_environments"]
    )


def test_invalid_registry_fails_without_partial_inventory(inventory_dir):
    registry = inventory_dir / "registry" / "tenants" / "cobalt.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("sql-par1-a", "sql-par1-zz"), encoding="utf-8")
    plugin = make_plugin()
    inventory = InventoryData()
    with pytest.raises(AnsibleParserError) as caught:
        plugin.parse(inventory, DataLoader(), str(inventory_dir / "tenants.yml"))
    message = str(caught.value)
    assert "invalid tenant registry: 1 problem" in message
    assert (
        "tenants/cobalt.yml: tenant cobalt: environments.production.placement.sql: expected an HA pair of role "
        "sql declared by the machines, got unknown 'sql-par1-zz'" in message
    )
    assert "(registry: %s)" % (inventory_dir / "registry") in message
    assert sorted(inventory.hosts) == []
    assert sorted(inventory.groups) == ["all", "ungrouped"]


def test_registry_path_is_relative_to_the_config_file(inventory_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = write_config(inventory_dir, name="other-tenants.yml", registry="./registry/../registry")
    _plugin, inventory = parse(config)
    assert "app-par1-01" in inventory.hosts


def test_compose_groups_and_keyed_groups(inventory_dir):
    config = write_config(
        inventory_dir,
        strict=True,
        compose={"ansible_port": "5986 if divalto_machine.os == 'windows' else 22"},
        groups={"sql_prod": "'role_sql' in group_names and divalto_machine.ring == 'prod'"},
        keyed_groups=[{"key": "divalto_machine.capacity.cpu | string", "prefix": "cpu"}],
    )
    _plugin, inventory = parse(config)
    assert inventory.get_host("app-par1-01").vars["ansible_port"] == 5986
    assert inventory.get_host("dmz-par1-01").vars["ansible_port"] == 22
    assert members(inventory, "sql_prod") == ["sql-par1-01", "sql-par1-02"]
    assert members(inventory, "cpu_4") == [
        "dmz-par1-01",
        "dmz-par1-02",
        "dmz-sxb1-01",
        "fs-par1-01",
        "fs-par1-02",
        "fs-par1-03",
        "fs-par1-04",
        "fs-sxb1-01",
        "fs-sxb1-02",
        "vault-sxb1-01",
    ]


def test_strict_fails_on_an_undefined_variable(inventory_dir):
    config = write_config(inventory_dir, strict=True, compose={"rack": "divalto_machine.rack"})
    with pytest.raises(AnsibleError) as caught:
        parse(config)
    assert "rack" in str(caught.value)


def test_not_strict_skips_an_undefined_variable(inventory_dir):
    config = write_config(inventory_dir, strict=False, compose={"rack": "divalto_machine.rack"})
    _plugin, inventory = parse(config)
    assert "rack" not in inventory.get_host("app-par1-01").vars


class TestCache:
    @pytest.fixture
    def config(self, inventory_dir, tmp_path):
        return write_config(
            inventory_dir,
            cache=True,
            cache_plugin="ansible.builtin.jsonfile",
            cache_connection=str(tmp_path / "cache"),
            cache_timeout=3600,
        )

    @pytest.fixture
    def loads(self, monkeypatch):
        """Count how often the registry is read from disk."""
        calls = []
        real = tenants_plugin.load_registry

        def counting(root, *args, **kwargs):
            calls.append(root)
            return real(root, *args, **kwargs)

        monkeypatch.setattr(tenants_plugin, "load_registry", counting)
        return calls

    def run(self, config, cache=True):
        plugin, inventory = parse(config, cache=cache)
        plugin.update_cache_if_changed()
        return plugin, inventory

    def test_miss_then_hit(self, config, loads):
        first, inventory = self.run(config)
        assert first.cache_outcome == "miss"
        second, cached = self.run(config)
        assert second.cache_outcome == "hit"
        assert len(loads) == 1
        assert members(cached, "env_acme_staging") == members(inventory, "env_acme_staging")
        assert cached.groups["all"].vars == inventory.groups["all"].vars

    def test_hit_does_not_rewrite_the_cache(self, config, loads, tmp_path):
        self.run(config)
        files = list((tmp_path / "cache").iterdir())
        assert len(files) == 1
        written = files[0].stat().st_mtime_ns
        plugin, _inventory = self.run(config)
        assert plugin.cache_outcome == "hit"
        assert files[0].stat().st_mtime_ns == written

    def test_registry_change_is_a_miss(self, config, loads, inventory_dir):
        self.run(config)
        tenant = inventory_dir / "registry" / "tenants" / "cobalt.yml"
        tenant.write_text(tenant.read_text(encoding="utf-8").replace("Cobalt Conseil", "Cobalt SAS"), encoding="utf-8")
        plugin, inventory = self.run(config)
        assert plugin.cache_outcome == "miss"
        assert inventory.groups["all"].vars["divalto_tenants"]["cobalt"]["name"] == "Cobalt SAS"
        assert len(loads) == 2

    @pytest.mark.parametrize("change", ["edit_keeping_size_and_times", "add", "remove", "rename"])
    def test_any_tenant_file_change_is_a_miss(self, config, loads, inventory_dir, tmp_path, change):
        tenants = inventory_dir / "registry" / "tenants"
        aside = tmp_path / "cobalt.yml"
        if change == "add":  # the cache is filled without cobalt, which then comes (back) in
            (tenants / "cobalt.yml").rename(aside)
        self.run(config)
        if change == "edit_keeping_size_and_times":
            edit_keeping_size_and_times(tenants / "cobalt.yml", "Cobalt Conseil", "Cobalt Consail")
        elif change == "add":
            aside.rename(tenants / "cobalt.yml")
        elif change == "remove":
            (tenants / "cobalt.yml").rename(aside)
        else:
            (tenants / "cobalt.yml").rename(tenants / "cobalt.yaml")
        plugin, inventory = self.run(config)
        assert plugin.cache_outcome == "miss"
        assert len(loads) == 2
        known = inventory.groups["all"].vars["divalto_tenants"]
        assert ("cobalt" in known) == (change != "remove")
        if change == "edit_keeping_size_and_times":
            assert known["cobalt"]["name"].startswith("Cobalt Consail")

    def test_model_is_cached_as_one_text(self, config, loads):
        first, inventory = self.run(config)
        entry = first._cache.get(first.get_cache_key(str(config)))
        assert json.loads(entry["model_json"])["vars"] == json.loads(json.dumps(dict(inventory.groups["all"].vars)))
        assert "model" not in entry

    def test_entry_of_an_older_format_is_a_miss(self, config, loads):
        plugin, _inventory = self.run(config)
        key = plugin.get_cache_key(str(config))
        entry = dict(plugin._cache.get(key))
        entry["model"] = json.loads(entry.pop("model_json"))
        plugin._cache[key] = entry
        plugin.update_cache_if_changed()
        plugin, _inventory = self.run(config)
        assert plugin.cache_outcome == "miss"
        assert len(loads) == 2

    def test_refresh_rebuilds_and_rewrites(self, config, loads):
        self.run(config)
        plugin, _inventory = self.run(config, cache=False)
        assert plugin.cache_outcome == "refresh"
        assert len(loads) == 2
        plugin, _inventory = self.run(config)
        assert plugin.cache_outcome == "hit"
        assert len(loads) == 2

    def test_disabled_cache_always_reads(self, inventory_dir, loads):
        plugin, _inventory = parse(inventory_dir / "tenants.yml")
        assert plugin.cache_outcome == "disabled"
        parse(inventory_dir / "tenants.yml")
        assert len(loads) == 2


def test_plugin_import_leaves_the_build_for_a_miss():
    """A cache hit reads the model without the registry: importing the plugin does not import what only a build
    needs (the registry's checks and model, the directory model, jsonschema), most of its import time."""
    code = (
        "import sys\n"
        "import ansible_collections.divalto.cloud.plugins.inventory.tenants\n"
        "prefix = 'ansible_collections.divalto.cloud.plugins.module_utils.'\n"
        "heavy = [prefix + 'registry.checks', prefix + 'registry.inventory_model', prefix + 'identity.model']\n"
        "heavy.append('jsonschema')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    paths = [entry for entry in sys.path if entry]
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(paths)),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
