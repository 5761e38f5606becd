# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests of module_utils/backup/restore_scope.py and of the scoped plans and commands of restore_plan.py."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_plan import (
    RestorePlanError,
    file_commands,
    plan_restore,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_scope import (
    MAX_PATHS,
    RestoreScopeError,
    overlap_problems,
    path_problem,
    side_directory,
    side_stamp,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import effective_policy
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.test_restore_plan import (
    ENVIRONMENTS,
    FULL_HISTORY,
    NOW,
    SNAPSHOTS,
)

NAMES = ("config", "overrides", "addons", "erp_files")
STAMP = "20261205T201500Z"
POINT = "2026-11-18T14:30:00+01:00"
POLICY = effective_policy({"datacenters": {"par1": {"role": "primary"}, "sxb1": {"role": "recovery"}}})


def plan(environments=None, **options):
    """The plan of acme production at POINT into staging, with ``options`` (scope, paths, in_place, stamp)."""
    return plan_restore(
        ENVIRONMENTS if environments is None else environments,
        "acme",
        "production",
        POINT,
        FULL_HISTORY,
        SNAPSHOTS,
        target="staging",
        now=NOW.isoformat(),
        **options,
    )


@pytest.mark.parametrize(
    ("path", "normalised"),
    [
        ("erp_files/2026/11/invoice-4711.pdf", "erp_files/2026/11/invoice-4711.pdf"),
        ("addons/edi/", "addons/edi"),
        ("config", "config"),
        ("erp_files/facture été 2026.pdf", "erp_files/facture été 2026.pdf"),
    ],
)
def test_good_paths_are_normalised(path, normalised):
    assert path_problem(path, NAMES) == (normalised, None)


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/srv/divalto/tenants/acme/production/erp_files/x.pdf", "'/srv/divalto/tenants/acme/production/erp_files/"),
        ("\\\\fs\\acme_production\\erp_files", "is absolute: give a path relative to the environment directory"),
        ("D:/divalto/tenants/acme", "is absolute"),
        ("erp_files\\2026\\x.pdf", "contains a backslash: separate the folders with /"),
        ("erp_files/../../cobalt/production/erp_files", "contains '..': a restore stays inside the environment"),
        ("erp_files/..", "contains '..'"),
        ("erp_files//x.pdf", "has an empty or '.' folder name"),
        ("./erp_files/x.pdf", "has an empty or '.' folder name"),
        ("erp_files/*.pdf", "contains a pattern character (* ? [ ]): name the file or folder itself"),
        ("erp_files/x[1].pdf", "contains a pattern character"),
        ("restored/20261205T201500Z/erp_files", "does not start with a directory of the environment (addons, config"),
        ("portal_files/p.txt", "does not start with a directory of the environment"),
    ],
)
def test_bad_paths_are_named(path, problem):
    normalised, found = path_problem(path, NAMES)
    assert normalised is None
    assert problem in found, found


def test_a_long_bad_path_is_shown_as_an_excerpt():
    normalised, found = path_problem("/" + "x" * 5000, NAMES)
    assert normalised is None and len(found) < 300


def test_overlapping_paths_are_named_once_each():
    paths = ["erp_files/2026", "erp_files/2026/x.pdf", "config", "erp_files/2026", "erp_files/2027"]
    assert overlap_problems(paths) == [
        (1, "'erp_files/2026/x.pdf' overlaps 'erp_files/2026', given before it: give each file or folder once"),
        (3, "'erp_files/2026' overlaps 'erp_files/2026', given before it: give each file or folder once"),
    ]
    assert overlap_problems(["erp_files/2026/x.pdf", "erp_files/2026"])[0][0] == 1
    assert overlap_problems(["erp_files/20", "erp_files/2026"]) == []
    assert MAX_PATHS >= 10


def test_side_stamp_and_directory():
    assert side_stamp(dt.datetime(2026, 12, 5, 21, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))) == STAMP
    assert side_directory(ENVIRONMENTS["acme_staging"]["directories"], STAMP) == "acme/staging/restored/" + STAMP
    with pytest.raises(RestoreScopeError, match="stamp: expected the run's UTC time"):
        side_directory(ENVIRONMENTS["acme_staging"]["directories"], "../x")
    with pytest.raises(RestoreScopeError, match="not in one environment directory"):
        side_directory({"config": "a/b/config", "addons": "a/c/addons"}, STAMP)


def test_the_default_scope_is_the_whole_environment_replaced_and_quiesced():
    whole = plan()
    assert (whole["scope"], whole["paths"], whole["in_place"], whole["side_directory"]) == ("both", [], None, None)
    assert whole["quiesce"] is True
    assert whole["steps"][0] == "quiesce" and whole["steps"][-1] == "resume"


def test_databases_only_restores_no_file_and_needs_no_snapshot():
    databases = plan_restore(
        ENVIRONMENTS,
        "acme",
        "production",
        POINT,
        FULL_HISTORY,
        [],
        target="staging",
        now=NOW.isoformat(),
        scope="databases",
    )
    assert databases["data_sets"] == [] and len(databases["databases"]) == 2
    assert databases["safety_backup"] == {"databases": ["acme_staging_erp", "acme_staging_portal"], "data_sets": {}}
    assert databases["steps"] == ["quiesce", "safety_backup", "restore_databases", "neutralise", "resume"]
    assert "scope databases only" in databases["summary"]


def test_files_only_needs_no_sql_history_and_is_not_neutralised():
    files = plan_restore(
        ENVIRONMENTS, "acme", "production", POINT, [], SNAPSHOTS, target="staging", now=NOW.isoformat(), scope="files"
    )
    assert files["databases"] == [] and files["neutralise"] == []
    assert [d["data_set"] for d in files["data_sets"]] == ["code", "files"]
    assert files["steps"] == ["quiesce", "safety_backup", "restore_files", "resume"]
    assert not any(line.startswith("neutralise") for line in files["summary"])


def test_paths_go_into_the_side_directory_and_replace_nothing():
    side = plan(scope="files", paths=["erp_files/2026/11/invoice-4711.pdf", "addons/edi"], stamp=STAMP)
    assert side["side_directory"] == "acme/staging/restored/" + STAMP
    assert side["in_place"] is False and side["quiesce"] is False
    assert side["databases"] == [] and side["neutralise"] == []
    assert side["safety_backup"] == {"databases": [], "data_sets": {}}
    assert side["steps"] == ["restore_files"]
    code, files = side["data_sets"]
    assert code["directories"] == [
        {
            "name": "addons",
            "path": "addons/edi",
            "source_path": "/srv/divalto/tenants/acme/production/addons/edi",
            "tree_path": "/srv/divalto/tenants/acme/production/addons/edi",
            "target": "acme/staging/restored/%s/addons/edi" % STAMP,
            "replace": False,
        }
    ]
    assert (
        files["directories"][0]["tree_path"]
        == "/srv/divalto/tenants/acme/production/erp_files/2026/11/invoice-4711.pdf"
    )
    assert "scope files: 2 path(s) into the side directory acme/staging/restored/%s" % STAMP in side["summary"]


def test_paths_of_one_data_set_need_only_its_snapshot():
    only_code = [s for s in SNAPSHOTS if "set:code" in s["tags"]]
    side = plan_restore(
        ENVIRONMENTS,
        "acme",
        "production",
        POINT,
        [],
        only_code,
        target="staging",
        now=NOW.isoformat(),
        scope="files",
        paths=["config/ImplicitesDefaut.txt"],
        stamp=STAMP,
    )
    assert [d["data_set"] for d in side["data_sets"]] == ["code"]


def test_paths_in_place_replace_them_after_a_safety_backup_of_their_data_sets():
    in_place = plan(scope="files", paths=["erp_files/2026/11/invoice-4711.pdf"], in_place=True)
    assert in_place["in_place"] is True and in_place["side_directory"] is None and in_place["quiesce"] is True
    (entry,) = in_place["data_sets"][0]["directories"]
    assert (entry["target"], entry["replace"]) == ("acme/staging/erp_files/2026/11/invoice-4711.pdf", True)
    assert in_place["safety_backup"] == {"databases": [], "data_sets": {"files": ["acme/staging/erp_files"]}}
    assert in_place["steps"] == ["quiesce", "safety_backup", "restore_files", "resume"]
    assert "scope files: 1 path(s) IN PLACE (replaced)" in in_place["summary"]


def test_commands_of_a_side_restore_and_of_an_in_place_one():
    environments = copy.deepcopy(ENVIRONMENTS)
    for key in environments:
        environments[key]["placement"] = {"files": "fs-par1-a"}

    def commands(**options):
        return file_commands(
            plan(environments, **options), environments, POLICY, "fs-par1-a", "/srv/t", "linux", {"sxb1": "10.20.2.31"}
        )

    side = commands(scope="files", paths=["erp_files/2026/x.pdf"], stamp=STAMP)
    assert side["safety"] == []
    (restore,) = side["restore"]
    assert restore["argv"][-2:] == ["--include", "/srv/divalto/tenants/acme/production/erp_files/2026/x.pdf"]
    assert restore["staged"] == "/srv/t/.restore-6fed82bb/srv/divalto/tenants/acme/production/erp_files/2026/x.pdf"
    assert restore["target"] == "/srv/t/acme/staging/restored/%s/erp_files/2026/x.pdf" % STAMP
    assert (restore["path"], restore["replace"]) == ("erp_files/2026/x.pdf", False)
    in_place = commands(scope="files", paths=["erp_files/2026/x.pdf"], in_place=True)
    (safety,) = in_place["safety"]
    assert safety[1] == "sftp:bk_acme@10.20.2.31:/repos/acme_staging/files" and safety[-2:] == [
        "--tag",
        "restore-safety",
    ]
    assert in_place["restore"][0]["target"] == "/srv/t/acme/staging/erp_files/2026/x.pdf"
    assert in_place["restore"][0]["replace"] is True


def test_bad_scopes_are_refused():
    with pytest.raises(RestorePlanError, match="scope: expected one of both, databases, files, got 'all'"):
        plan(scope="all")
    with pytest.raises(RestorePlanError, match="paths: the scope databases restores no file"):
        plan(scope="databases", paths=["config"])
    with pytest.raises(RestorePlanError, match="stamp: expected the run's UTC time"):
        plan(scope="files", paths=["config"])
