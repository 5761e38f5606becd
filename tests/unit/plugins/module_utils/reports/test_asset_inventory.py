# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import copy
import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.reports.asset_inventory import (
    AssetInventoryError,
    build_snapshot,
    check_snapshot,
    diff_snapshots,
    file_names,
    machine_record,
    previous_snapshot,
    render_csv,
    render_json,
    render_markdown,
)

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "reports"
RAW = json.loads((FIXTURES / "asset_raw.json").read_text(encoding="utf-8"))
ENVS = RAW["environments"]
BEFORE = "2026-11-01T06:00:00+00:00"
AFTER = "2026-11-29T06:00:00+00:00"


@pytest.fixture()
def snapshots():
    return build_snapshot(RAW["before"], ENVS, BEFORE), build_snapshot(RAW["after"], ENVS, AFTER)


def test_windows_app_server_record(snapshots):
    record = snapshots[0]["machines"]["app-par1-01"]
    assert record["os_name"] == "Microsoft Windows Server 2022 Standard"
    assert record["os_version"] == "10.0.20348.0"
    assert record["hotfixes"] == ["KB890830", "KB5031364"]  # numeric order, upper case, de-duplicated
    assert record["iis"] == {"version": "Version 10.0", "sites": ["acme_production", "acme_testing"]}
    assert record["hpf_version"] == "13.0.223.1"
    assert record["service_packs"] == ["v2026_erpx13_p223a", "v2026_erpx13_p224"]
    assert record["environments"] == {"acme_production": "v2026_erpx13_p223a", "acme_testing": "v2026_erpx13_p224"}
    assert record["sql"] is None and record["packages"] == {}


def test_linux_proxy_serves_its_datacenter(snapshots):
    record = snapshots[0]["machines"]["dmz-par1-01"]
    assert record["os_name"] == "Debian bookworm"
    assert record["packages"] == {"haproxy": "2.6.12-1+deb12u1", "openssl": "3.0.15-1~deb12u1"}
    # every environment of par1, none of sxb1, although the proxy is in no env_* group
    assert sorted(record["environments"]) == ["acme_production", "acme_testing"]


def test_sql_record(snapshots):
    assert snapshots[0]["machines"]["sql-par1-a"]["sql"] == {
        "version": "16.0.4135.4",
        "level": "RTM",
        "instance": "SQL-PAR1-A",
    }


def test_snapshot_json_and_csv_match_the_golden_files(snapshots, golden):
    golden(FIXTURES / "asset_snapshot.json", render_json(snapshots[1]))
    golden(FIXTURES / "asset_snapshot.csv", render_csv(snapshots[1]))


def test_diff_matches_the_golden_files(snapshots, golden):
    diff = diff_snapshots(*snapshots)
    golden(FIXTURES / "asset_diff.json", render_json(diff))
    golden(FIXTURES / "asset_diff.md", render_markdown(diff))


def test_diff_names_added_removed_and_changed_fields(snapshots):
    diff = diff_snapshots(*snapshots)
    assert diff["added"] == ["fs-par1-01"] and diff["removed"] == ["fs-par1-old"]
    assert not diff["empty"]
    proxy = diff["changed"]["dmz-par1-01"]
    assert proxy == {
        "packages.curl": {"before": None, "after": "7.88.1-10+deb12u8"},
        "packages.haproxy": {"before": "2.6.12-1+deb12u1", "after": "2.6.12-1+deb12u2"},
    }
    app = diff["changed"]["app-par1-01"]
    assert app["hotfixes"]["added"] == ["KB5046616"] and app["hotfixes"]["removed"] == []
    assert app["service_packs"]["added"] == ["v2026_erpx13_p225"]
    assert app["hpf_version"] == {"before": "13.0.223.1", "after": "13.0.224.0"}
    assert "sql-par1-a" not in diff["changed"]


def test_an_unchanged_platform_gives_an_empty_diff(snapshots):
    again = build_snapshot(RAW["after"], ENVS, "2026-11-30T06:00:00+00:00")
    diff = diff_snapshots(snapshots[1], again)
    assert diff["empty"] is True
    assert diff["added"] == diff["removed"] == [] and diff["changed"] == {}
    assert "No change." in render_markdown(diff)


def test_first_snapshot_adds_every_machine(snapshots):
    diff = diff_snapshots(None, snapshots[0])
    assert diff["previous"] is None and diff["added"] == sorted(RAW["before"])
    assert "nothing (first snapshot)" in render_markdown(diff)


def test_environment_version_change_is_a_changed_field():
    envs = copy.deepcopy(ENVS)
    first = build_snapshot(RAW["after"], envs, BEFORE)
    envs["acme_testing"]["service_pack"] = "v2026_erpx13_p225"
    second = build_snapshot(RAW["after"], envs, AFTER)
    diff = diff_snapshots(first, second)
    for name in ("app-par1-01", "sql-par1-a", "fs-par1-01", "dmz-par1-01"):
        assert diff["changed"][name]["environments.acme_testing"] == {
            "before": "v2026_erpx13_p224",
            "after": "v2026_erpx13_p225",
        }


def test_markdown_escapes_pipes():
    snap = build_snapshot({"m": {"machine": {"role": "app"}, "iis_version": "a|b"}}, {}, AFTER)
    old = build_snapshot({"m": {"machine": {"role": "app"}, "iis_version": "x"}}, {}, BEFORE)
    assert "| iis.version | x | a\\|b |" in render_markdown(diff_snapshots(old, snap))


BAD_RAW = [
    ("not a dict", "machine m: expected a dict of collected data, got 'not a dict'"),
    ({"machine": {"role": "app"}, "color": 1}, "machine m: unknown collected keys: color"),
    ({"machine": None}, "machine m: machine: expected the host's divalto_machine, got None"),
    ({"machine": {"role": "app"}, "facts": []}, "machine m: facts: expected ansible_facts (a dict), got []"),
    ({"machine": {"role": "app"}, "packages": ["x"]}, "machine m: packages: expected the text output of dpkg-query"),
    ({"machine": {"role": "app"}, "packages": "ok\t1\nbroken\n"}, "machine m: packages line 2: expected"),
    ({"machine": {"role": "app"}, "hotfixes": "KB1"}, "machine m: hotfixes: expected a list, got 'KB1'"),
    ({"machine": {"role": "app"}, "hotfixes": ["KB1", "patch"]}, "machine m: hotfixes[1]: expected a KB number"),
    ({"machine": {"role": "app"}, "iis_sites": "x"}, "machine m: iis_sites: expected the site list of website_info"),
    ({"machine": {"role": "app"}, "iis_sites": [{"id": 1}]}, "machine m: iis_sites[0]: expected a site with a name"),
    ({"machine": {"role": "sql"}, "sql": "16.0"}, "machine m: sql: expected the data of instance_info"),
    (
        {"machine": {"role": "sql"}, "sql": {"SqlInstance": "X"}},
        "machine m: sql: instance_info data has no VersionString",
    ),
    ({"machine": {"role": "file"}, "service_pack_dirs": "/srv"}, "machine m: service_pack_dirs: expected a list"),
    ({"machine": {"role": "file"}, "service_pack_dirs": [""]}, "machine m: service_pack_dirs: empty entry ''"),
    (
        {"machine": {"role": "app"}, "group_names": ["env_ghost_production"]},
        "machine m: group env_ghost_production has no record in divalto_environments",
    ),
]


@pytest.mark.parametrize("raw, message", BAD_RAW)
def test_bad_raw_data_is_refused_with_its_field(raw, message):
    with pytest.raises(AssetInventoryError) as info:
        machine_record("m", raw, ENVS)
    assert str(info.value).startswith(message)


def test_build_snapshot_refuses_bad_arguments():
    with pytest.raises(AssetInventoryError, match="expected a dict of machine name -> collected data"):
        build_snapshot([], ENVS, AFTER)
    with pytest.raises(AssetInventoryError, match="expected the divalto_environments inventory variable"):
        build_snapshot({}, [], AFTER)


def test_diff_refuses_what_is_not_a_snapshot(snapshots):
    with pytest.raises(AssetInventoryError, match="previous snapshot: not an asset inventory snapshot"):
        diff_snapshots({"taken_at": BEFORE}, snapshots[1])
    with pytest.raises(AssetInventoryError, match="current snapshot: not an asset inventory snapshot"):
        diff_snapshots(snapshots[0], [])
    with pytest.raises(AssetInventoryError, match="old.json: snapshot schema 99, this collection reads schema 1"):
        check_snapshot({"schema": 99, "machines": {}}, "old.json")


def test_previous_snapshot_is_the_newest_older_one():
    names = [
        "asset-inventory-20261101T060000Z.json",
        "asset-inventory-20261115T060000Z.json",
        "asset-inventory-20261115T060000Z.csv",
        "asset-inventory-diff-20261128T060000Z.json",
        "asset-inventory-20261129T060000Z.json",
        "notes.json",
    ]
    assert previous_snapshot(names, "20261129T060000Z") == "asset-inventory-20261115T060000Z.json"
    assert previous_snapshot(names, "20261101T060000Z") is None
    assert file_names("20261129T060000Z")["diff_markdown"] == "asset-inventory-diff-20261129T060000Z.md"


# --- replayed: what playbooks/asset_inventory.yml registers on Windows (fixtures/powershell/README.md) ----------

POWERSHELL = FIXTURES.parent / "powershell"


def replay(name):
    return json.loads((POWERSHELL / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("shape", "expected"),
    [
        ("cast", ["KB890830", "KB5031364", "KB5046616"]),
        ("one", ["KB5046616"]),  # win_powershell's output stays a list for one update
        ("none", []),
        ("objects", ["KB5046616"]),  # Get-HotFix emitted whole: its HotFixID is read, the rest ignored
    ],
)
def test_hotfixes_as_win_powershell_returns_them(shape, expected):
    hotfixes = replay("asset_inventory_hotfixes.json")[shape]["output"]
    record = machine_record("app-par1-01", {"machine": {"role": "app"}, "hotfixes": hotfixes}, ENVS)
    assert record["hotfixes"] == expected


def test_hotfixes_of_a_skipped_task_and_sql_of_instance_info():
    """Linux machines skip the hotfix task (no output: null); instance_info's data gives the SQL version."""
    data = replay("asset_inventory_instance_info.json")["data"]
    record = machine_record("sql-par1-a", {"machine": {"role": "sql"}, "hotfixes": None, "sql": data}, ENVS)
    assert record["hotfixes"] == []
    assert record["sql"] == {"version": "16.0.4135.4", "level": "RTM", "instance": "SQL-PAR1-01"}


@pytest.mark.parametrize(
    ("key", "value"),
    [
        # a [System.Version] as ConvertTo-Json writes it, an enum as win_powershell writes it, a BigInteger
        ("VersionString", {"Major": 16, "Minor": 0, "Build": 4135, "Revision": 4}),
        ("ProductLevel", {"Type": "System.String", "String": "RTM", "Value": 0}),
        ("SqlInstance", {"IsPowerOfTwo": False, "Sign": 1}),
    ],
)
def test_sql_values_that_are_not_strings_are_named(key, value):
    data = dict(replay("asset_inventory_instance_info.json")["data"], **{key: value})
    with pytest.raises(AssetInventoryError, match=r"^machine m: sql: %s: expected a string, got \{" % key):
        machine_record("m", {"machine": {"role": "sql"}, "sql": data}, ENVS)
