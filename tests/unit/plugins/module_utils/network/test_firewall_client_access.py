# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The zone flows of client access (docs/client_access.md), as the firewall derives them on the Molecule platform.

The proxies take the relay's port from anywhere; the file servers take SSH from the proxies only.
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.network import firewall as fw
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import load_registry
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.network.test_firewall import (
    COLLECTION_ROOT,
    model_from_registry,
)

REGISTRY = COLLECTION_ROOT / "molecule" / "client_access" / "inventory" / "registry"


def rules_of(name):
    model = model_from_registry(load_registry(str(REGISTRY)))
    return {rule["name"]: (rule["ports"], rule["sources"]) for rule in fw.machine_rules(model, name)}


def test_the_relay_port_is_open_to_the_internet_on_the_proxies():
    assert rules_of("cap-proxy-01")["sftp"] == ([2201], ["0.0.0.0/0", "::/0"])


def test_the_file_servers_take_ssh_from_the_proxies_only():
    rules = rules_of("cap-fs-01")
    assert rules == {"sftp-backend": ([22], ["10.221.10.11/32"])}
