# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.tenant_offboarding module on a vault's real directories: record, verify, erase."""

from __future__ import annotations

import json
import os

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_build import file_sha256
from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_plan import sha256sums
from ansible_collections.divalto.cloud.plugins.modules import tenant_offboarding

NOW = "2026-12-06T10:00:00+00:00"


def run_module(args, capsys, check=False):
    if check:
        args = dict(args, _ansible_check_mode=True)
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        tenant_offboarding.main()
    return exit_info.value.code, json.loads(capsys.readouterr().out)


def read_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def package(directory, files):
    """A published package: its files and their SHA256SUMS; returns its files with their SHA-256 and size."""
    os.makedirs(directory)
    for name, content in files.items():
        path = os.path.join(directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(content)
    with open(os.path.join(directory, "SHA256SUMS"), "w", encoding="utf-8") as handle:
        handle.write(sha256sums((name, file_sha256(os.path.join(directory, name))) for name in files))
    return {
        name: {"sha256": file_sha256(os.path.join(directory, name)), "size": len(content)}
        for name, content in files.items()
    }


@pytest.fixture
def vault(tmp_path, example_model):
    environments = example_model["vars"]["divalto_environments"]
    acme = {key: record for key, record in environments.items() if record["tenant"] == "acme"}
    roots = {
        name: str(tmp_path / name) for name in ("state", "backup", "export", "export-state", "sqlbackup", "config")
    }
    exports = []
    for key in acme:
        path = os.path.join(roots["export"], "acme", "packages", key + "_20261129")
        files = package(path, {"README.txt": "read me\n", "databases/%s.bak" % key: "backup of %s" % key})
        exports.append(
            {
                "environment": key,
                "package": key + "_20261129",
                "path": path,
                "expires": "2026-12-20T10:00:00+00:00",
                "files": files,
            }
        )
    for record in acme.values():
        for database in record["databases"].values():
            os.makedirs(os.path.join(roots["sqlbackup"], record["placement"]["sql"], "SQL01", database, "FULL"))
    os.makedirs(os.path.join(roots["sqlbackup"], "other", "SQL01", "cobalt_db"))
    os.makedirs(os.path.join(roots["backup"], "acme", "repos"))
    os.makedirs(os.path.join(roots["backup"], "cobalt", "repos"))
    os.makedirs(os.path.join(roots["export-state"], "acme"))
    os.makedirs(os.path.join(roots["config"], "passwords"))
    for key in list(acme) + ["cobalt_production"]:
        with open(os.path.join(roots["config"], "passwords", key), "w", encoding="utf-8") as handle:
            handle.write("secret\n")
    # A link on the way to the share's directories: never followed by the erasure.
    database = acme["acme_production"]["databases"]["erp"]
    os.makedirs(os.path.join(str(tmp_path), "elsewhere", "SQL09", database))
    pair = acme["acme_production"]["placement"]["sql"]
    os.symlink(os.path.join(str(tmp_path), "elsewhere", "SQL09"), os.path.join(roots["sqlbackup"], pair, "SQL09"))
    base = {
        "tenant": "acme",
        "state_dir": roots["state"],
        "vault_root": roots["backup"],
        "export_root": roots["export"],
        "export_state_dir": roots["export-state"],
        "sql_share_path": roots["sqlbackup"],
        "config_dir": roots["config"],
        "now": NOW,
    }
    return {"base": base, "roots": roots, "acme": acme, "exports": exports}


def step(vault, name, **extra):
    return dict(vault["base"], step=name, **extra)


def test_a_whole_offboarding(vault, capsys):
    code, result = run_module(step(vault, "read"), capsys)
    assert code == 0 and result["record"] is None and result["next"]["step"] == "return"

    returned = step(vault, "returned", environments=vault["acme"], exports=vault["exports"], run="job 1")
    code, result = run_module(returned, capsys, check=True)
    assert code == 0 and result["changed"] is True and not os.path.exists(result["path"])
    code, result = run_module(dict(returned, _ansible_diff=True), capsys)
    assert code == 0 and result["changed"] is True and result["diff"]["before"] == ""
    assert read_json(result["path"]) == result["record"]
    assert oct(os.stat(result["path"]).st_mode & 0o777) == "0o600"
    code, result = run_module(returned, capsys)
    assert code == 0 and result["changed"] is False

    code, result = run_module(step(vault, "read", acknowledged=True), capsys)
    assert code == 1 and "acme is still in the registry: remove its tenant file first" in result["msg"]
    code, result = run_module(step(vault, "read", acknowledged=True, in_registry=False), capsys)
    assert code == 0 and result["next"]["step"] == "decommission"

    code, result = run_module(step(vault, "verify"), capsys)
    assert code == 0 and [entry["environment"] for entry in result["verified"]] == list(vault["acme"])

    code, result = run_module(step(vault, "decommissioned", retention_days=30, run="job 2"), capsys)
    assert code == 0 and result["record"]["erase_after"] == "2027-01-05T10:00:00+00:00"
    code, result = run_module(step(vault, "read", in_registry=False), capsys)
    assert result["next"] == {
        "step": "wait",
        "message": "its backups are kept until 2027-01-05T10:00:00+00:00; a run after that erases them",
    }
    code, result = run_module(step(vault, "erase", now="2027-01-04T10:00:00+00:00"), capsys)
    assert code == 1 and "is before erase_after 2027-01-05T10:00:00+00:00" in result["msg"]
    assert os.path.isdir(os.path.join(vault["roots"]["backup"], "acme"))

    later = "2027-01-05T10:00:00+00:00"
    code, result = run_module(step(vault, "erase_plan", now=later), capsys)
    # The machine's own /etc/ssh key directories are named too; only what exists is removed and recorded.
    planned = [path for path in result["targets"]["paths"] if os.path.exists(path)]
    sql = sorted(path for path in planned if path.startswith(vault["roots"]["sqlbackup"]))
    assert code == 0 and result["changed"] is False and sql and all("/SQL01/" in path for path in sql)
    assert not any("cobalt" in path or "/other/" in path or "SQL09" in path for path in planned)
    passwords = sorted(path for path in planned if path.startswith(vault["roots"]["config"]))
    assert [os.path.basename(path) for path in passwords] == sorted(vault["acme"])
    code, result = run_module(step(vault, "erase", now=later), capsys, check=True)
    assert code == 0 and result["changed"] is True and all(os.path.exists(path) for path in planned)
    code, result = run_module(step(vault, "erase", now=later, run="job 3"), capsys)
    assert code == 0 and result["record"]["stage"] == "erased"
    assert result["record"]["removed"]["paths"] == planned and result["record"]["erased_by"] == "job 3"
    assert not any(os.path.exists(path) for path in planned)
    assert os.path.isfile(os.path.join(vault["roots"]["config"], "passwords", "cobalt_production"))
    database = vault["acme"]["acme_production"]["databases"]["erp"]
    assert os.path.isdir(os.path.join(str(vault["roots"]["sqlbackup"]), "..", "elsewhere", "SQL09", database))
    assert os.path.isdir(os.path.join(vault["roots"]["backup"], "cobalt", "repos"))
    assert os.path.isdir(os.path.join(vault["roots"]["sqlbackup"], "other", "SQL01", "cobalt_db"))
    kept = read_json(result["path"])
    assert kept["packages"][0]["files"] == vault["exports"][0]["files"]
    code, result = run_module(step(vault, "read", in_registry=False), capsys)
    assert result["next"]["step"] == "done"


def test_a_changed_package_stops_the_decommissioning(vault, capsys):
    run_module(step(vault, "returned", environments=vault["acme"], exports=vault["exports"]), capsys)
    first, second = vault["exports"][:2]
    with open(os.path.join(first["path"], "README.txt"), "a", encoding="utf-8") as handle:
        handle.write("changed\n")
    os.rename(second["path"], second["path"] + ".moved")
    code, result = run_module(step(vault, "verify"), capsys)
    assert code == 1 and result["msg"].startswith("the returned packages of acme are not as they were returned: ")
    assert len(result["problems"]) == 2
    assert "README.txt of %s has SHA-256" % first["package"] in result["problems"][0]
    assert "is gone" in result["problems"][1]


def test_a_package_whose_sha256sums_was_changed_is_not_verified(vault, capsys):
    run_module(step(vault, "returned", environments=vault["acme"], exports=vault["exports"]), capsys)
    first = vault["exports"][0]
    with open(os.path.join(first["path"], "SHA256SUMS"), "w", encoding="utf-8") as handle:
        handle.write("%s  README.txt\n" % ("0" * 64))
    code, result = run_module(step(vault, "verify"), capsys)
    assert code == 1 and result["problems"] == [
        "%s: %s: files not in SHA256SUMS: %s; listed but missing: none"
        % (first["environment"], first["path"], sorted(set(first["files"]) - {"README.txt"}))
    ]


def test_a_broken_record_is_a_clean_failure(vault, capsys):
    path = os.path.join(vault["roots"]["state"], "offboarding", "acme.json")
    os.makedirs(os.path.dirname(path))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"version": 1, "tenant": "cobalt"}')
    code, result = run_module(step(vault, "read"), capsys)
    assert code == 1 and result["msg"] == "offboarding of acme: %s.tenant: expected acme, got 'cobalt'" % path
    code, result = run_module(step(vault, "verify", tenant="../etc"), capsys)
    assert code == 1 and result["msg"].startswith("offboarding of ../etc: tenant: expected a tenant name")


def test_steps_that_need_a_record(vault, capsys):
    for name in ("verify", "decommissioned", "erase_plan", "erase"):
        code, result = run_module(step(vault, name), capsys)
        assert code == 1 and result["msg"].endswith("no offboarding record of acme")
