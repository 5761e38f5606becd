# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The WPF thin client's per-environment ports: ``platform.ports.wpf_range`` and ``environments.<env>.wpf_port``.

Checked at load (registry.checks) like the Telnet ports: in range, one environment per port across the whole
registry; every environment has one when the platform declares the range, none when it keeps the former single
``wpf`` port. The environment record carries the port the proxies route and the application servers listen on.
"""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.registry.inventory_model import build_inventory_model
from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import load_registry
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.registry.test_load import problems_of

ACME = "tenants/acme.yml"
COBALT = "tenants/cobalt.yml"
PLATFORM = "platform.yml"


def set_ports(registry, **changes):
    """Change ``platform.ports``: a value of None removes the key."""

    def change(doc):
        ports = doc["platform"]["ports"]
        for key, value in changes.items():
            if value is None:
                ports.pop(key, None)
            else:
                ports[key] = value

    registry.edit(PLATFORM, change)


def drop_wpf_ports(registry):
    for name in ("acme", "breizhfood", "cobalt", "dentelles"):
        registry.edit(
            "tenants/%s.yml" % name,
            lambda doc: [spec.pop("wpf_port") for spec in doc["environments"].values()],
        )


def test_every_environment_of_the_example_has_its_own_port(registry):
    environments = build_inventory_model(load_registry(str(registry.root)))["vars"]["divalto_environments"]
    ports = [record["ports"]["wpf"] for record in environments.values()]
    assert len(set(ports)) == len(ports) == 12
    assert all(8400 <= port <= 8499 for port in ports)
    assert environments["acme_production"]["ports"]["wpf"] == 8401


def test_a_missing_port_is_named(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["testing"].pop("wpf_port"))
    assert problems_of(registry) == [
        "tenants/acme.yml: tenant acme: environments.testing.wpf_port: "
        "expected a WPF thin-client port: platform.ports declares wpf_range"
    ]


def test_duplicate_across_tenants_and_out_of_range(registry):
    registry.edit(COBALT, lambda doc: doc["environments"]["production"].update(wpf_port=8401))
    registry.edit(ACME, lambda doc: doc["environments"]["testing"].update(wpf_port=8500))
    assert problems_of(registry) == [
        "tenants/acme.yml: tenant acme: environments.testing.wpf_port: "
        "expected a port in platform.ports.wpf_range [8400, 8499], got 8500",
        "tenants/cobalt.yml: tenant cobalt: environments.production.wpf_port: "
        "expected a WPF port of its own (8401 is also used by acme_production)",
    ]


def test_a_port_must_be_a_port(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["testing"].update(wpf_port="8403"))
    found = problems_of(registry)
    assert len(found) == 1
    assert found[0].startswith("tenants/acme.yml: tenant acme: environments.testing.wpf_port: expected ")


@pytest.mark.parametrize(
    "changes, expected",
    [
        (
            {"wpf": 8420},
            "expected either wpf_range (a WPF thin-client port per environment, routed by the DMZ proxies) or wpf "
            "(the former single port, which the proxies do not route), got both",
        ),
        (
            {"wpf_range": [8499, 8400]},
            "platform.ports.wpf_range: expected [low, high] with low <= high, got [8499, 8400]",
        ),
        ({"wpf_range": [2390, 8499]}, "expected a range apart from telnet_range [2300, 2399], got [2390, 8499]"),
        ({"wpf_range": [400, 2000]}, "expected a range without https (443), xlan (1235), got [400, 2000]"),
    ],
)
def test_bad_platform_ranges(registry, changes, expected):
    set_ports(registry, **changes)
    found = problems_of(registry)
    assert [problem for problem in found if expected in problem], found
    platform = [problem for problem in found if problem.startswith("platform.yml: ")]
    assert len(platform) == 1, found


def test_neither_form(registry):
    set_ports(registry, wpf_range=None)
    drop_wpf_ports(registry)
    assert problems_of(registry) == [
        "platform.yml: platform: platform.ports: expected either wpf_range (a WPF thin-client port per environment, "
        "routed by the DMZ proxies) or wpf (the former single port, which the proxies do not route), got neither"
    ]


def test_former_single_port_takes_no_environment_port(registry):
    set_ports(registry, wpf_range=None, wpf=8420)
    found = problems_of(registry)
    assert len(found) == 12
    assert found[0] == (
        "tenants/acme.yml: tenant acme: environments.production.wpf_port: expected no WPF port: "
        "platform.ports declares no wpf_range (its single wpf port is not routed)"
    )


def test_former_single_port_is_every_record_s_port(registry):
    set_ports(registry, wpf_range=None, wpf=8420)
    drop_wpf_ports(registry)
    environments = build_inventory_model(load_registry(str(registry.root)))["vars"]["divalto_environments"]
    assert {record["ports"]["wpf"] for record in environments.values()} == {8420}
