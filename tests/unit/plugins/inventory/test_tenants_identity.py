# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The inventory plugin stores the directory model once, in the all group, when platform.yml has a directory."""

from __future__ import annotations

import yaml
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader


def parse(inventory_dir):
    config = inventory_dir / "tenants.yml"
    config.write_text(yaml.safe_dump({"plugin": "divalto.cloud.tenants", "registry": "registry"}), encoding="utf-8")
    inventory = InventoryData()
    inventory_loader.get("divalto.cloud.tenants").parse(inventory, DataLoader(), str(config), cache=False)
    return inventory


def test_the_directory_model_is_stored_once(inventory_dir):
    inventory = parse(inventory_dir)
    identity = inventory.groups["all"].get_vars()["divalto_identity"]
    environments = inventory.groups["all"].get_vars()["divalto_environments"]
    assert identity["tenants"]["acme"]["groups"]["gg_acme_production"]["environment"] == "production"
    assert environments["acme_production"]["security_group"] == "gg_acme_production"
    assert environments["acme_production"]["service_account"] == "acme_prd"
    for host in inventory.hosts.values():
        assert "divalto_identity" not in host.get_vars()


def test_no_directory_section_no_model(registry, inventory_dir):
    registry.edit("platform.yml", lambda doc: doc.pop("directory"))
    variables = parse(inventory_dir).groups["all"].get_vars()
    assert "divalto_identity" not in variables
    assert variables["divalto_environments"]["acme_production"]["security_group"] == "gg_acme_production"
