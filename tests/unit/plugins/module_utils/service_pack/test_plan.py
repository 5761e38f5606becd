# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a file server holds, and the Windows path's manifest and tamper checks."""

from __future__ import annotations

import datetime
import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.directories import TreeState, compare_trees
from ansible_collections.divalto.cloud.plugins.module_utils.service_pack.plan import (
    ServicePackPlanError,
    prune_plan,
    switch_plan,
    tree_from_win_find,
    versions_for_file_server,
    windows_manifest,
    windows_tamper,
)

TOP = "D:\\divalto\\packs\\v2026_erpx13_p223a"
ENTRY = {"version": "v2026_erpx13_p223a", "artifact": "p223a.zip", "sha256": "AB" * 32}
FILES = [
    {"path": TOP + "\\erp", "isdir": True},
    {"path": TOP + "\\erp\\Divalto.dll", "isdir": False, "isreg": True, "checksum": "11" * 32},
    {"path": TOP + "\\sys\\DivaltoServer.cfg", "isdir": False, "isreg": True, "checksum": "22" * 32},
    {"path": TOP + "\\sys", "isdir": True},
    {"path": TOP + "\\.divalto-manifest.json", "isdir": False, "isreg": True, "checksum": "33" * 32},
]
WHEN = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)


def test_versions_for_file_server(example_model):
    variables = example_model["vars"]
    plan = versions_for_file_server(variables["divalto_environments"], variables["divalto_service_packs"], "fs-par1-b")
    assert plan["in_use"] == ["v2025_erpx12_p310", "v2026_erpx13_p223a", "v2026_erpx13_p224"]
    assert [entry["version"] for entry in plan["versions"]] == plan["in_use"]
    assert plan["versions"][0]["artifact"] == "divalto-erpx12-p310.zip"
    plan = versions_for_file_server(
        variables["divalto_environments"], variables["divalto_service_packs"], "fs-sxb1-a", ["v2026_erpx13_p224"]
    )
    assert plan == {
        "versions": [dict(variables["divalto_service_packs"]["v2026_erpx13_p224"], version="v2026_erpx13_p224")],
        "in_use": [],
    }


def test_extra_version_must_be_in_the_catalogue(example_model):
    variables = example_model["vars"]
    with pytest.raises(ServicePackPlanError) as caught:
        versions_for_file_server(
            variables["divalto_environments"], variables["divalto_service_packs"], "fs-par1-a", ["v2030_erpx20_p001"]
        )
    assert str(caught.value) == (
        "service_pack_versions_extra: v2030_erpx20_p001 not in the service-pack catalogue "
        "(known: v2025_erpx12_p310, v2026_erpx13_p223a, v2026_erpx13_p224)"
    )


def test_tree_from_win_find_matches_the_posix_tree():
    state = tree_from_win_find(FILES, TOP)
    assert state.files == {"erp/Divalto.dll": "11" * 32, "sys/DivaltoServer.cfg": "22" * 32}
    assert state.directories == ["erp", "sys"]
    posix = TreeState(
        files={"erp/Divalto.dll": "11" * 32, "sys/DivaltoServer.cfg": "22" * 32}, directories=["sys", "erp"]
    )
    assert state.digest() == posix.digest()


def test_paths_compare_case_insensitively_and_links_are_recorded():
    files = [
        {
            "path": "d:\\DIVALTO\\packs\\v2026_erpx13_p223a\\link",
            "isdir": True,
            "isjunction": True,
            "lnk_target": "C:\\x",
        }
    ]
    assert tree_from_win_find(files, TOP).symlinks == {"link": "C:\\x"}


def test_entry_outside_the_tree_is_an_error():
    with pytest.raises(ServicePackPlanError, match=r"win_find returned C:\\other, which is outside D:\\divalto"):
        tree_from_win_find([{"path": "C:\\other", "isdir": True}], TOP)


def test_missing_checksum_is_an_error():
    with pytest.raises(ServicePackPlanError, match="win_find gave no checksum for .*Divalto.dll: use get_checksum"):
        tree_from_win_find([{"path": TOP + "\\Divalto.dll", "isreg": True}], TOP)


def test_windows_manifest_has_the_module_format():
    manifest = windows_manifest(ENTRY, FILES, TOP, WHEN)
    assert manifest["version"] == "v2026_erpx13_p223a"
    assert manifest["sha256"] == "ab" * 32
    assert manifest["installed_at"] == "2026-11-29T12:00:00Z"
    assert manifest["file_count"] == 2
    assert manifest["tree_digest"] == tree_from_win_find(FILES, TOP).digest()
    assert manifest["directories"] == ["erp", "sys"]


def test_intact_version_is_not_tampered():
    manifest = windows_manifest(ENTRY, FILES, TOP, WHEN)
    assert windows_tamper(manifest, FILES, TOP, ENTRY) is None


def test_modified_added_and_removed_files_are_named():
    manifest = windows_manifest(ENTRY, FILES, TOP, WHEN)
    changed = [dict(FILES[1], checksum="99" * 32), FILES[0], FILES[3]]
    changed.append({"path": TOP + "\\sys\\extra.txt", "isreg": True, "checksum": "44" * 32})
    assert windows_tamper(manifest, changed, TOP, ENTRY) == (
        "service pack v2026_erpx13_p223a was modified after installation (added: sys/extra.txt; "
        "modified: erp/Divalto.dll; removed: sys/DivaltoServer.cfg); version directories are never repaired"
    )


def test_missing_manifest_and_wrong_artifact():
    assert windows_tamper(None, FILES, TOP, ENTRY) == (
        "service pack v2026_erpx13_p223a: its manifest is missing or is not the manifest of v2026_erpx13_p223a; "
        "the directory was changed by hand"
    )
    manifest = windows_manifest(dict(ENTRY, sha256="cd" * 32), FILES, TOP, WHEN)
    assert windows_tamper(manifest, FILES, TOP, ENTRY) == (
        "service pack v2026_erpx13_p223a: installed from an artifact with sha256 %s, the catalogue says %s"
        % ("cd" * 32, "ab" * 32)
    )


def test_prune_plan():
    present = ["v2025_erpx12_p310", "v2026_erpx13_p223a", ".tmp-v2026_erpx13_p224", "notes"]
    wanted = ["v2026_erpx13_p223a"]
    assert prune_plan(present, wanted, wanted, False) == {"remove": [], "kept": ["v2025_erpx12_p310"]}
    assert prune_plan(present, wanted, wanted, True) == {"remove": ["v2025_erpx12_p310"], "kept": []}
    with pytest.raises(ServicePackPlanError) as caught:
        prune_plan(present, wanted, ["v2025_erpx12_p310"], True)
    assert str(caught.value) == "service_pack_prune would remove versions still in use: v2025_erpx12_p310"


def test_same_digest_formula_as_the_posix_module():
    manifest = windows_manifest(ENTRY, FILES, TOP, WHEN)
    assert compare_trees(TreeState(manifest["files"], {}, manifest["directories"]), tree_from_win_find(FILES, TOP)) == {
        "added": [],
        "removed": [],
        "modified": [],
    }


def environments_of(model):
    return model["vars"]["divalto_environments"], model["vars"]["divalto_service_packs"]


def test_switch_plan_moves_selected_environments(example_model):
    environments, catalogue = environments_of(example_model)
    current = {"acme_staging": {"service_pack": "v2026_erpx13_p224", "previous": "v2026_erpx13_p223a"}}
    plan = switch_plan(environments, catalogue, "acme", ["staging", "acme_testing"], current, "v2026_erpx13_p223a")
    assert plan == {
        "moves": [
            {"key": "acme_staging", "from": "v2026_erpx13_p224", "to": "v2026_erpx13_p223a"},
            {"key": "acme_testing", "from": "v2026_erpx13_p224", "to": "v2026_erpx13_p223a"},
        ],
        "versions": ["v2026_erpx13_p223a"],
        "overrides": {"acme_staging": "v2026_erpx13_p223a", "acme_testing": "v2026_erpx13_p223a"},
    }


def test_switch_plan_defaults_to_the_registry_and_all_environments(example_model):
    environments, catalogue = environments_of(example_model)
    plan = switch_plan(environments, catalogue, "cobalt", [], {})
    assert plan["moves"] == [{"key": "cobalt_production", "from": "v2026_erpx13_p223a", "to": "v2026_erpx13_p223a"}]


def test_switch_plan_rollback_uses_the_recorded_previous_version(example_model):
    environments, catalogue = environments_of(example_model)
    current = {"acme_staging": {"service_pack": "v2026_erpx13_p224", "previous": "v2026_erpx13_p223a"}}
    plan = switch_plan(environments, catalogue, "acme", ["staging"], current, rollback=True)
    assert plan["moves"] == [{"key": "acme_staging", "from": "v2026_erpx13_p224", "to": "v2026_erpx13_p223a"}]
    with pytest.raises(ServicePackPlanError, match="^acme_testing has no recorded previous version to roll back to$"):
        switch_plan(environments, catalogue, "acme", ["testing"], current, rollback=True)


@pytest.mark.parametrize(
    "tenant, selected, version, rollback, message",
    [
        (
            "acme",
            ["cobalt_production"],
            None,
            False,
            "environment cobalt_production belongs to tenant cobalt, not acme: "
            "a switch moves the environments of one tenant",
        ),
        (
            "acme",
            ["training"],
            None,
            False,
            "unknown environment 'training' of tenant acme (it has: acme_production, acme_staging, acme_testing)",
        ),
        ("nobody", [], None, False, "unknown tenant 'nobody' (known: acme, breizhfood, cobalt, dentelles)"),
        ("acme", [], "v2099_erpx99_p1", False, "version v2099_erpx99_p1 is not in the service-pack catalogue"),
        ("acme", [], "v2026_erpx13_p224", True, "give either version or rollback=true, not both"),
    ],
)
def test_switch_plan_refuses_bad_requests(example_model, tenant, selected, version, rollback, message):
    environments, catalogue = environments_of(example_model)
    with pytest.raises(ServicePackPlanError) as caught:
        switch_plan(environments, catalogue, tenant, selected, {}, version, rollback)
    assert str(caught.value).startswith(message)


# --- replayed win_find results (fixtures/powershell/README.md) ----------------------------------------------

POWERSHELL = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "powershell"
WIN_TOP = "D:\\Divalto\\ServicePacks\\v2026_erpx13_p223a"


def replay(name):
    return json.loads((POWERSHELL / name).read_text(encoding="utf-8"))


def test_tree_from_a_win_find_result_with_every_key():
    """The hidden manifest is left out, the junction is a link, checksums are win_find's lower-case sha256."""
    state = tree_from_win_find(replay("win_find_service_pack.json")["files"], WIN_TOP.lower())
    assert state.files == {"erp/Divalto.dll": "11" * 32, "sys/DivaltoServer.cfg": "22" * 32}
    assert state.symlinks == {"erp/current": WIN_TOP + "\\erp"}
    assert state.directories == ["erp", "sys"] and state.others == []


def test_manifest_then_tamper_over_the_same_win_find_result():
    files = replay("win_find_service_pack.json")["files"]
    entry = dict(ENTRY, version="v2026_erpx13_p223a")
    manifest = windows_manifest(entry, files, WIN_TOP, WHEN)
    assert windows_tamper(manifest, files, WIN_TOP, entry) is None
    empty = replay("win_find_service_pack_empty.json")["files"]
    assert windows_tamper(manifest, empty, WIN_TOP, entry).startswith(
        "service pack v2026_erpx13_p223a was modified after installation (removed: erp/, erp/Divalto.dll, erp/current"
    )


def test_a_file_win_find_could_not_hash_and_a_result_that_is_no_list_are_named():
    with pytest.raises(ServicePackPlanError, match=r"win_find gave no checksum for .*Divalto\.dll: use get_checksum"):
        tree_from_win_find(replay("win_find_service_pack_locked_file.json")["files"], WIN_TOP)
    with pytest.raises(ServicePackPlanError, match=r"^windows_manifest: expected the files of .*win_find \(a list\)"):
        tree_from_win_find(None, WIN_TOP)
