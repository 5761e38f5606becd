# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""With the repository's ansible.cfg, one inventory run loads the registry once, and reports its errors once."""

from __future__ import annotations

import configparser
import pathlib

import pytest
from ansible import constants
from ansible.errors import AnsibleError
from ansible.inventory.manager import InventoryManager
from ansible.parsing.dataloader import DataLoader

from ansible_collections.divalto.cloud.plugins.inventory import tenants as tenants_plugin

ANSIBLE_CFG = pathlib.Path(__file__).resolve().parents[4] / "ansible.cfg"


def enabled_plugins():
    config = configparser.ConfigParser()
    config.read(str(ANSIBLE_CFG))
    return [name.strip() for name in config.get("inventory", "enable_plugins").split(",")]


def test_auto_is_not_enabled():
    """ansible.builtin.auto would load the registry a second time (it reads plugin: and calls the plugin)."""
    plugins = enabled_plugins()
    assert plugins[0] == "divalto.cloud.tenants"
    assert "ansible.builtin.auto" not in plugins and "auto" not in plugins


@pytest.fixture
def loads(monkeypatch):
    calls = []
    real = tenants_plugin.load_registry

    def counting(root, *args, **kwargs):
        calls.append(root)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(tenants_plugin, "load_registry", counting)
    monkeypatch.setattr(constants, "INVENTORY_ENABLED", enabled_plugins())
    monkeypatch.setattr(constants, "INVENTORY_UNPARSED_IS_FAILED", True)
    monkeypatch.setattr(constants, "INVENTORY_ANY_UNPARSED_IS_FAILED", True)
    return calls


def test_a_valid_registry_is_loaded_once(inventory_dir, loads):
    inventory = InventoryManager(loader=DataLoader(), sources=[str(inventory_dir / "tenants.yml")])
    assert "tenant_acme" in inventory.groups
    assert len(loads) == 1


def test_an_invalid_registry_is_loaded_and_reported_once(inventory_dir, loads):
    path = inventory_dir / "registry" / "tenants" / "acme.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("2301", "2301.0"), encoding="utf-8")
    with pytest.raises(AnsibleError):
        InventoryManager(loader=DataLoader(), sources=[str(inventory_dir / "tenants.yml")])
    assert len(loads) == 1
