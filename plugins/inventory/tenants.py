# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: tenants
short_description: Divalto infinity platform inventory from the tenant registry
version_added: 0.1.0
author:
  - divalto.cloud engineering (@divalto-cloud)
description:
  - Reads the tenant registry (C(platform.yml), C(service_packs.yml) and one C(tenants/<name>.yml) per tenant),
    validates it completely, and builds the inventory from it.
  - Hosts are the platform's machines. Groups are C(zone_*), C(role_*), C(dc_*), C(os_*), C(pool_*), C(ha_*),
    C(ring_prod) and C(ring_nonprod), C(patch_monthly) and C(patch_quarterly), C(tenant_<tenant>), C(envtype_<type>)
    and C(env_<tenant>_<environment>), which holds the machines that serve that environment.
  - Per-environment data (database names, directories, IIS names, service pack, quotas, implicit-file search list,
    ports, host names) is stored once, in the C(divalto_environments) variable of the C(all) group, keyed
    C(<tenant>_<environment>). Each machine has C(ansible_host) and C(divalto_machine).
  - When C(platform.yml) has a C(directory) section, the directory model (each tenant's OU, groups and service
    accounts, with their DNs) is stored once too, in C(divalto_identity) of the C(all) group.
  - An invalid registry fails the whole source with every problem listed (file, tenant or machine, field path and
    what was expected); no partial inventory is produced. Set C(unparsed_is_failed) in C(ansible.cfg) so that
    C(ansible-inventory) exits non-zero on such a failure.
  - The configuration file name must end in C(tenants.yml) or C(tenants.yaml).
  - With caching on, the cached inventory is used only while the registry files are unchanged (names, types, sizes,
    inodes, modification and change times); any edit, addition, removal or renaming is a cache miss. A hit never
    rewrites the cache, so its timeout is not reset.
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
options:
  plugin:
    description: Marks this file as a configuration of this plugin.
    required: true
    type: str
    choices: [divalto.cloud.tenants]
  registry:
    description:
      - Directory of the tenant registry.
      - A relative path is relative to the directory of this configuration file.
    type: str
    default: registry
requirements:
  - jsonschema (Python package, on the controller)
"""

EXAMPLES = r"""
# inventories/production/tenants.yml
plugin: divalto.cloud.tenants
registry: registry
strict: true
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/divalto-inventory
keyed_groups:
  # cpu_4, cpu_16, ...: machines by core count
  - key: divalto_machine.capacity.cpu | string
    prefix: cpu
groups:
  # production SQL Server nodes
  sql_prod: "'role_sql' in group_names and divalto_machine.ring == 'prod'"
compose:
  ansible_port: "5986 if divalto_machine.os == 'windows' else 22"
"""

import json
import os

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.divalto.cloud.plugins.module_utils.core.model import MODEL_VERSION
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import (
    RegistryError,
    fingerprint,
    load_registry,
)

CONFIG_SUFFIXES = ("tenants.yml", "tenants.yaml")


def model_text(model):
    """The model as the cache holds it: one JSON text, not a tree of objects.

    ansible-core keeps what it read from or wrote to a cache alive until the process ends, and deep-copies what
    it writes; a text is one object to keep and to copy, where the model is about 130,000 dicts and lists at
    2,000 tenants, which every full garbage collection of the run would walk again. A hit decodes it with the
    C JSON decoder, as a replay of the model from a file does.
    """
    return json.dumps(model, separators=(",", ":"))


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    """Builds the platform inventory from the tenant registry."""

    NAME = "divalto.cloud.tenants"

    def __init__(self):
        super().__init__()
        # What the last parse did with the cache: disabled, hit, miss or refresh.
        self.cache_outcome = None

    def verify_file(self, path):
        """Accept only configuration files whose name ends in tenants.yml or tenants.yaml."""
        return super().verify_file(path) and os.path.basename(path).endswith(CONFIG_SUFFIXES)

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache=cache)
        self._read_config_data(path)
        root = self._registry_root(path)
        model = self._load_model(path, root, cache)
        self._populate(model)

    def _registry_root(self, path):
        root = os.path.expanduser(self.get_option("registry"))
        if not os.path.isabs(root):
            root = os.path.join(os.path.dirname(os.path.abspath(path)), root)
        return os.path.normpath(root)

    def _load_model(self, path, root, cache):
        if not self.get_option("cache"):
            self.cache_outcome = "disabled"
            return self._build(root)
        cache_key = self.get_cache_key(path)
        stamp = fingerprint(root)
        if cache:
            cached = self._cache.get(cache_key)
            if (
                isinstance(cached, dict)
                and cached.get("fingerprint") == stamp
                and cached.get("version") == MODEL_VERSION
                and isinstance(cached.get("model_json"), str)
            ):
                self.cache_outcome = "hit"
                return json.loads(cached["model_json"])
            self.cache_outcome = "miss"
        else:
            self.cache_outcome = "refresh"
        model = self._build(root)
        self._cache[cache_key] = {"version": MODEL_VERSION, "fingerprint": stamp, "model_json": model_text(model)}
        return model

    @staticmethod
    def _build(root):
        # Imported here: a cache hit never builds, and these modules (the registry's checks, the calendar, the
        # directory model) are most of the plugin's own import time.
        from ansible_collections.divalto.cloud.plugins.module_utils.identity.model import identity_model
        from ansible_collections.divalto.cloud.plugins.module_utils.registry.inventory_model import (
            build_inventory_model,
        )

        try:
            registry = load_registry(root)
            model = build_inventory_model(registry)
        except RegistryError as exc:
            raise AnsibleParserError("%s\n(registry: %s)" % (exc, root)) from None
        # The directory model (identity package), stored beside the rest once platform.yml has a directory:
        # section; the registry's checks have already validated that section and every name it gives.
        identity = identity_model(registry.platform, registry.tenants)
        if identity is not None:
            model["vars"]["divalto_identity"] = identity
        return model

    def _populate(self, model):
        inventory = self.inventory
        for group in model["groups"]:
            inventory.add_group(group)
        for name, hostvars in model["hosts"].items():
            inventory.add_host(name)
            for key, value in hostvars.items():
                inventory.set_variable(name, key, value)
        for group, members in model["groups"].items():
            for child in members["children"]:
                inventory.add_child(group, child)
            for host in members["hosts"]:
                inventory.add_child(group, host)
        for key, value in model["vars"].items():
            inventory.set_variable("all", key, value)
        self._construct(model)

    def _construct(self, model):
        strict = self.get_option("strict")
        compose = self.get_option("compose")
        conditionals = self.get_option("groups")
        keyed = self.get_option("keyed_groups")
        if not (compose or conditionals or keyed):
            return
        for name in model["hosts"]:
            host = self.inventory.get_host(name)
            variables = dict(host.get_vars())
            variables["group_names"] = sorted(group.name for group in host.get_groups() if group.name != "all")
            self._set_composite_vars(compose, variables, name, strict=strict)
            self._add_host_to_composed_groups(conditionals, variables, name, strict=strict)
            self._add_host_to_keyed_groups(keyed, variables, name, strict=strict)
