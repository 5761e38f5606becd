# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for module_utils/patching/cadence.py."""

from __future__ import annotations

import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import ModelError
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PlatformModel
from ansible_collections.divalto.cloud.plugins.module_utils.patching import cadence as p

PLATFORM = {
    "settings": {"ports": {"https": 443, "http": 80}},
    "pools": {"web": {"datacenter": "dc1", "max_drained": 1, "min_capacity": 1, "members": ["app1", "app2"]}},
    "patching": {
        "monthly": [{"component": "os", "roles": ["app", "sql", "reverse_proxy"]}],
        "quarterly": [
            {"component": "sqlserver", "roles": ["sql"]},
            {"component": "hpf", "roles": ["app"], "reject": ["Preview"]},
            {"component": "probe", "roles": ["app"], "packages": ["divalto-probe"]},
        ],
    },
}
ENVIRONMENTS = {
    "acme_production": {
        "datacenter": "dc1",
        "placement": {"pool": "web", "sql": "sqlp", "files": "fsp"},
        "hostnames": ["acme.erp.test"],
        "ports": {"https": 443, "telnet": 2301},
    },
    "zulu_production": {
        "datacenter": "dc2",
        "placement": {"pool": "web", "sql": "sqlp", "files": "fsp"},
        "hostnames": ["zulu.erp.test"],
        "ports": {"https": 443},
    },
}


def machine(role, os_name="linux", **extra):
    zone = {"app": "processing", "reverse_proxy": "dmz"}.get(role, "data")
    data = {"role": role, "zone": zone, "os": os_name, "datacenter": "dc1", "ring": "prod"}
    data.update(extra)
    return data


PLATFORM.update(
    ha_pairs={},
    networks={},
    machines={
        "app1": machine("app", pool="web", address="10.0.1.1"),
        "app2": machine("app", "windows", pool="web", address="10.0.1.2"),
        "sql1": machine("sql", "windows", ha_pair="sqlp", ha_member="primary"),
        "proxy1": machine("reverse_proxy"),
        "proxy2": machine("reverse_proxy", datacenter="dc2"),
        "vault": machine("backup_vault"),
    },
)
MODEL = PlatformModel(PLATFORM, ENVIRONMENTS)


def test_components_apply_defaults_and_overrides():
    assert p.components(PLATFORM, "monthly", "app") == [
        {
            "component": "os",
            "categories": ["SecurityUpdates", "CriticalUpdates", "UpdateRollups"],
            "accept": [],
            "reject": [],
            "packages": [],
        }
    ]
    quarterly = p.components(PLATFORM, "quarterly", "app")
    assert [c["component"] for c in quarterly] == ["hpf", "probe"]
    assert quarterly[0]["accept"] == [".NET Framework"] and quarterly[0]["reject"] == ["Preview"]
    assert quarterly[1]["packages"] == ["divalto-probe"] and quarterly[1]["categories"][0] == "SecurityUpdates"
    assert p.components(PLATFORM, "quarterly", "sql")[0]["accept"] == ["SQL Server"]
    assert p.components(PLATFORM, "monthly", "file") == []
    assert p.components({}, "monthly", "app") == []


@pytest.mark.parametrize(
    "platform, cadence, message",
    [
        (PLATFORM, "weekly", "cadence: expected one of monthly, quarterly, got 'weekly'"),
        ({"patching": {"monthly": {"a": 1}}}, "monthly", "patching.monthly: expected a list, got dict"),
        (
            {"patching": {"monthly": ["os"]}},
            "monthly",
            "patching.monthly[0]: expected a mapping with component and roles",
        ),
        (
            {"patching": {"monthly": [{"component": "os", "roles": ["app"], "accept": "x"}]}},
            "monthly",
            "patching.monthly[0].accept: expected a list of non-empty strings, got 'x'",
        ),
        (
            {"patching": {"monthly": [{"component": "os", "roles": ["app"], "categories": []}]}},
            "monthly",
            "patching.monthly[0].categories: must not be empty",
        ),
    ],
)
def test_component_errors(platform, cadence, message):
    with pytest.raises(p.PatchingError) as error:
        p.components(platform, cadence, "app")
    assert str(error.value) == message


def test_plan_input_keeps_machines_with_a_component():
    result = p.plan_input(PLATFORM, "monthly")
    assert [m["name"] for m in result["machines"]] == ["app1", "app2", "proxy1", "proxy2", "sql1"]
    assert result["machines"][0] == {
        "name": "app1",
        "role": "app",
        "zone": "processing",
        "datacenter": "dc1",
        "ring": "prod",
        "pool": "web",
    }
    assert result["machines"][4]["ha_member"] == "primary"
    assert result["pools"] == {"web": {"max_drained": 1, "min_capacity": 1}}
    assert result["machines"][0]["datacenter"] == "dc1" and "address" not in result["machines"][0]
    assert result["serving_datacenters"] is None  # without divalto_environments: no datacenter constrained


def test_plan_input_names_the_datacenters_that_serve_environments():
    assert p.plan_input(PLATFORM, "monthly", ENVIRONMENTS)["serving_datacenters"] == ["dc1", "dc2"]
    only_dc1 = {"acme_production": ENVIRONMENTS["acme_production"]}
    assert p.plan_input(PLATFORM, "monthly", only_dc1)["serving_datacenters"] == ["dc1"]
    assert p.plan_input(PLATFORM, "monthly", {})["serving_datacenters"] == []


NO_DATACENTER = "divalto_environments[acme_production]: expected a record with a datacenter"


@pytest.mark.parametrize(
    ("environments", "message"),
    [
        ([], "divalto_environments: expected a mapping of records, got list"),
        ({"acme_production": {"tenant": "acme"}}, NO_DATACENTER),
        ({"acme_production": "dc1"}, NO_DATACENTER),
    ],
)
def test_serving_datacenters_refuses_records_without_a_datacenter(environments, message):
    with pytest.raises(p.PatchingError) as error:
        p.serving_datacenters(environments)
    assert str(error.value) == message


def test_patch_arguments_windows_one_call_per_component():
    result = p.patch_arguments("app2", PLATFORM, "quarterly")
    assert result["components"] == ["hpf", "probe"] and result["linux"] is None
    assert [w["component"] for w in result["windows"]] == ["hpf", "probe"]
    assert result["windows"][0]["reject_list"] == ["Preview"]


def test_patch_arguments_linux_named_packages_or_dist_upgrade():
    named = p.patch_arguments(
        "app1", dict(PLATFORM, patching={"quarterly": PLATFORM["patching"]["quarterly"][2:]}), "quarterly"
    )
    assert named["linux"] == {"upgrade": None, "packages": ["divalto-probe"]} and named["windows"] == []
    assert p.patch_arguments("app1", PLATFORM, "quarterly")["linux"] == {"upgrade": "dist", "packages": []}
    assert p.patch_arguments("vault", PLATFORM, "monthly")["linux"] is None


@pytest.mark.parametrize("name", ["nope", "localhost"])
def test_unknown_machines(name):
    with pytest.raises(p.PatchingError) as error:
        p.patch_arguments(name, PLATFORM, "monthly")
    assert str(error.value) == "machine %s: not a machine of the tenant registry" % name
    with pytest.raises(ModelError, match="^machine %s: not a machine of the tenant registry$" % name):
        p.drain_targets(name, MODEL)


def test_drain_targets_are_the_backends_of_the_proxies_of_its_datacenter():
    assert p.drain_targets("app1", MODEL) == [
        {"proxy": "proxy1", "backend": "be_acme_production", "server": "app1"},
        {"proxy": "proxy1", "backend": "be_acme_production_telnet", "server": "app1"},
    ]
    assert p.drain_targets("sql1", MODEL) == []
    assert p.drain_targets("proxy1", MODEL) == []


def test_drain_targets_match_the_proxies_configuration(example_platform):
    """Every backend holding a machine in haproxy.cfg, on every proxy of its datacenter, and nothing else."""
    from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import build_model

    for name in example_platform.machines():
        datacenter = example_platform.machine(name)["datacenter"]
        expected = []
        for proxy in example_platform.proxies(datacenter):
            config = build_model(proxy, example_platform)
            backends = [(entry["name"], entry["servers"]) for entry in config["backends"]]
            backends += [(entry["backend"], entry["servers"]) for entry in config["telnet"] + config["wpf"]]
            for backend, servers in backends:
                if any(server["name"] == name for server in servers):
                    expected.append({"proxy": proxy, "backend": backend, "server": name})
        assert p.drain_targets(name, example_platform) == sorted(expected, key=lambda t: (t["proxy"], t["backend"]))
    assert {target["backend"] for target in p.drain_targets("app-par1-01", example_platform)} >= {
        "be_acme_production",
        "be_acme_production_telnet",
        "be_acme_production_wpf",
    }


def test_installed_from_win_updates():
    updates = {
        "updates": {
            "a": {"title": "KB1 CU", "installed": True},
            "b": {"kb": ["2"], "installed": False},
            "c": {"kb": "KB3"},
            "d": "junk",
        }
    }
    assert p.win_updates_installed(updates) == ["KB1 CU", "KB3"]
    assert p.win_updates_installed(None) == []


def test_run_records_and_left_drained():
    plan = {
        "waves": [
            {"index": 1, "ring": "nonprod", "machines": ["a", "b"]},
            {"index": 2, "ring": "prod", "machines": ["c", "d"]},
        ]
    }
    outcomes = {
        "a": {
            "state": "done",
            "installed": ["x"],
            "reboots": 1,
            "started": "s",
            "ended": "e",
            "message": "ok",
            "haproxy": [],
        },
        "b": {"state": "failed", "message": "boom"},
    }
    records = p.run_records(plan, outcomes, previously_drained=["d"])
    assert records == [
        {
            "subject": "a",
            "subject_type": "machine",
            "wave": 1,
            "ring": "nonprod",
            "state": "done",
            "installed": ["x"],
            "reboots": 1,
            "started": "s",
            "ended": "e",
            "message": "ok",
            "haproxy": [],
        },
        {"subject": "b", "subject_type": "machine", "wave": 1, "ring": "nonprod", "state": "failed", "message": "boom"},
        {"subject": "c", "subject_type": "machine", "wave": 2, "ring": "prod", "state": "untouched"},
        {"subject": "d", "subject_type": "machine", "wave": 2, "ring": "prod", "state": "drained"},
    ]
    assert p.left_drained(records) == ["b", "d"]
    assert p.run_records({}, {}) == []


def test_run_records_carry_the_forced_last_proxy_drain():
    plan = {
        "waves": [{"index": 1, "ring": "prod", "machines": ["app1", "px-sxb"]}],
        "last_proxy_drains": [
            {"datacenter": "sxb1", "proxies": ["px-sxb"], "wave": 1, "ring": "prod", "reason": "CHG-2042"}
        ],
        "last_proxy_drain_reason": "CHG-2042",
    }
    records = p.run_records(plan, {"px-sxb": {"state": "done"}})
    assert records == [
        {"subject": "app1", "subject_type": "machine", "wave": 1, "ring": "prod", "state": "untouched"},
        {
            "subject": "px-sxb",
            "subject_type": "machine",
            "wave": 1,
            "ring": "prod",
            "state": "done",
            "details": {"last_proxy_drain": {"datacenter": "sxb1", "reason": "CHG-2042"}},
        },
    ]


# --- replayed win_updates results (fixtures/powershell/README.md) ----------------------------------------------

POWERSHELL = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "powershell"


def replay(name):
    return json.loads((POWERSHELL / name).read_text(encoding="utf-8"))


def test_installed_from_the_registered_win_updates_loop():
    """patch_windows.yml: one run per component; a failed update and a component with nothing found add nothing."""
    loop = replay("win_updates_patch_loop.json")
    plan = {"waves": [{"index": 1, "ring": "prod", "machines": ["sql1"]}]}
    records = p.run_records(plan, {"sql1": {"state": "done", "win_updates": loop["results"]}})
    assert records[0]["installed"] == [
        "2026-11 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems"
        " (KB5046616)",
        "Cumulative Update 16 for SQL Server 2022 (KB5048033)",
    ]
    assert "win_updates" not in records[0]


def test_win_updates_of_another_shape_are_refused():
    plan = {"waves": [{"index": 1, "ring": "prod", "machines": ["sql1"]}]}
    with pytest.raises(p.PatchingError) as caught:
        p.run_records(plan, {"sql1": {"win_updates": {"updates": {}}}})
    assert str(caught.value) == (
        "outcomes.sql1.win_updates: expected the results of the win_updates loop, got {'updates': {}}"
    )


def test_check_mode_installs_nothing():
    assert p.win_updates_installed(replay("win_updates_check_mode.json")) == []


def test_an_update_without_title_is_named_by_its_kb_numbers():
    """win_updates gives kb as a list of digits without the KB prefix."""
    result = {"updates": {"id-1": {"title": "", "kb": ["5046616", "5046617"], "installed": True}}}
    assert p.win_updates_installed(result) == ["KB5046616, KB5046617"]
    assert p.win_updates_installed({"skipped": True, "skip_reason": "Conditional result was False"}) == []
