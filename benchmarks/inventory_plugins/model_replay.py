# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The floor of benchmarks/inventory_scale.py: the tenants plugin minus everything but populating."""

from __future__ import annotations

import json
import os

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin

from ansible_collections.divalto.cloud.plugins.inventory.tenants import InventoryModule as TenantsInventory

DOCUMENTATION = r"""
name: model_replay
short_description: Replays a pre-computed divalto.cloud inventory model (benchmark floor)
description:
  - Reads the JSON of C(build_inventory_model) and populates the inventory with the own code of
    C(divalto.cloud.tenants), which it extends, so with the same add_group, add_host, set_variable and
    add_child calls, but with no registry to read, no validation and no cache.
  - The configuration file name must end in C(model_replay.yml).
extends_documentation_fragment:
  - ansible.builtin.constructed
options:
  plugin:
    description: Marks this file as a configuration of this plugin.
    required: true
    type: str
    choices: [model_replay]
  model:
    description: JSON file of the model; a relative path is relative to the configuration file's directory.
    required: true
    type: str
"""


class InventoryModule(TenantsInventory):
    NAME = "model_replay"

    def verify_file(self, path):
        return BaseInventoryPlugin.verify_file(self, path) and path.endswith("model_replay.yml")

    def parse(self, inventory, loader, path, cache=True):
        BaseInventoryPlugin.parse(self, inventory, loader, path, cache=cache)
        self._read_config_data(path)
        model_path = os.path.join(os.path.dirname(os.path.abspath(path)), self.get_option("model"))
        if not hasattr(self, "_populate"):
            raise AnsibleParserError("model_replay: divalto.cloud.tenants has no _populate(model) to replay with")
        with open(model_path, encoding="utf-8") as handle:
            self._populate(json.load(handle))
