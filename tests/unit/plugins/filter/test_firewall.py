# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import os
import pathlib

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter import firewall as plugin
from ansible_collections.divalto.cloud.plugins.module_utils.network import firewall as fw

FILTERS = plugin.FilterModule().filters()
GOLDEN = pathlib.Path(__file__).resolve().parents[1] / "module_utils" / "fixtures" / "firewall"


def rules_of(platform, name):
    return fw.machine_rules(fw.model_from_platform(platform), name)


def test_filters_are_registered():
    assert sorted(FILTERS) == ["windows_firewall_rules"]


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_each_filter_has_matching_documentation(name):
    path = os.path.join(os.path.dirname(plugin.__file__), name + ".yml")
    with open(path, encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)
    assert sorted(doc) == ["DOCUMENTATION", "EXAMPLES", "RETURN"]
    assert doc["DOCUMENTATION"]["name"] == name


def test_windows_rules(example_platform):
    rules = rules_of(example_platform, "sql-par1-01")
    result = FILTERS["windows_firewall_rules"](rules, group="ops", profiles=["domain"])
    assert [(r["name"], r["group"], r["localport"], r["remoteip"], r["profiles"]) for r in result] == [
        ("ops sql", "ops", "1433", "10.10.1.0/24", ["domain"]),
        ("ops admin", "ops", "22,5986", "10.99.0.0/24", ["domain"]),
    ]
    assert FILTERS["windows_firewall_rules"](rules)[0]["name"] == "divalto.cloud sql"


@pytest.mark.parametrize("name, args", [("windows_firewall_rules", ())])
def test_renderers_refuse_other_input(name, args):
    with pytest.raises(AnsibleFilterError) as raised:
        FILTERS[name]("rules", *args)
    assert (
        str(raised.value) == "%s: input: expected the list of rules of divalto.cloud.firewall_rules, got 'rules'" % name
    )


@pytest.mark.parametrize("name, args", [("windows_firewall_rules", ())])
def test_renderers_convert_errors(name, args):
    with pytest.raises(AnsibleFilterError) as raised:
        FILTERS[name]([{"name": "x", "protocol": "gre", "ports": [1], "sources": []}], *args)
    assert str(raised.value) == (
        "%s: invalid zone flows: 1 problem\n  - rule x: protocol: expected one of tcp, udp, got 'gre'" % name
    )
