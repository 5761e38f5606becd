# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for the divalto.cloud.service_pack module (through AnsibleModule, exit/fail JSON)."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import service_pack

V1 = "v2026_erpx13_p223a"
V2 = "v2026_erpx13_p224"
MANIFEST = ".divalto-manifest.json"


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "packs"
    source = tmp_path / "staging"
    root.mkdir()
    source.mkdir()
    return root, source


def artifact(source, version, entries=(("sys/DivaltoServer.cfg", b"port=1235\r\n"), ("readme.txt", b"pack\n"))):
    """A real zip artifact in ``source``; returns its catalogue entry (with the catalogue's extra keys)."""
    name = "divalto-%s.zip" % version
    with zipfile.ZipFile(str(source / name), "w") as archive:
        for member, content in entries:
            archive.writestr(member, content)
    digest = hashlib.sha256((source / name).read_bytes()).hexdigest()
    return {"version": version, "artifact": name, "sha256": digest, "released": "2026-09-30", "kind": "service_pack"}


def run(capsys, **args):
    """Run the module; returns (exit code, parsed JSON output)."""
    with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
        service_pack.main()
    result = json.loads(capsys.readouterr().out)
    assert ("failed" in result) == (exit_info.value.code == 1)
    return exit_info.value.code, result


def test_install_then_idempotent(capsys, site):
    root, source = site
    spec = artifact(source, V1)
    code, result = run(capsys, root=str(root), source=str(source), versions=[spec])
    assert code == 0
    assert result["changed"] is True
    assert result["installed"] == [V1] and result["present"] == [V1] and result["verified"] == []
    assert result["versions"][V1]["path"] == str(root / V1)
    assert len(result["versions"][V1]["tree_digest"]) == 64
    assert "diff" not in result
    assert (root / V1 / "sys" / "DivaltoServer.cfg").read_bytes() == b"port=1235\r\n"

    code, again = run(capsys, root=str(root), source=str(source), versions=[spec])
    assert code == 0
    assert again["changed"] is False
    assert again["installed"] == [] and again["verified"] == [V1]
    assert again["versions"] == result["versions"]


def test_check_and_diff_mode(capsys, site):
    root, source = site
    spec = artifact(source, V1)
    code, result = run(
        capsys, root=str(root), source=str(source), versions=[spec], _ansible_check_mode=True, _ansible_diff=True
    )
    assert code == 0
    assert result["changed"] is True
    assert result["installed"] == [V1]
    assert result["diff"] == {"before": {"installed": []}, "after": {"installed": [V1]}}
    assert result["versions"][V1]["tree_digest"] is None
    assert os.listdir(str(root)) == []


def test_prune_in_diff_mode(capsys, site):
    root, source = site
    first, second = artifact(source, V1), artifact(source, V2)
    run(capsys, root=str(root), source=str(source), versions=[first, second])
    code, result = run(capsys, root=str(root), versions=[second], prune=True, in_use=[V2, V2], _ansible_diff=True)
    assert code == 0
    assert result["removed"] == [V1]
    assert result["in_use"] == [V2]
    assert result["diff"] == {"before": {"installed": [V1, V2]}, "after": {"installed": [V2]}}
    assert os.listdir(str(root)) == [V2]


def test_checksum_mismatch_fails_naming_both_checksums(capsys, site):
    root, source = site
    spec = artifact(source, V1)
    actual = spec["sha256"]
    spec["sha256"] = "f" * 64
    code, result = run(capsys, root=str(root), source=str(source), versions=[spec])
    assert code == 1
    assert result["msg"] == (
        "v2026_erpx13_p223a: checksum mismatch for artifact %s: expected sha256 %s, got %s; nothing installed; "
        "no version installed by this run" % (source / spec["artifact"], "f" * 64, actual)
    )
    assert result["expected_sha256"] == "f" * 64 and result["actual_sha256"] == actual
    assert result["installed"] == [] and result["failed_version"] == V1
    assert os.listdir(str(root)) == []


def test_missing_artifact_fails_naming_the_path(capsys, site):
    root, source = site
    spec = {"version": V1, "artifact": "gone.zip", "sha256": "0" * 64}
    code, result = run(capsys, root=str(root), source=str(source), versions=[spec])
    assert code == 1
    assert result["msg"] == "artifact not found: v2026_erpx13_p223a needs %s; nothing changed" % (source / "gone.zip")
    assert result["missing_artifacts"] == [str(source / "gone.zip")]


def test_missing_source_fails(capsys, site):
    root, source = site
    code, result = run(capsys, root=str(root), versions=[artifact(source, V1)])
    assert code == 1
    assert result["msg"] == "source is needed to install v2026_erpx13_p223a; nothing changed"


def test_tampered_version_fails_with_the_files(capsys, site):
    root, source = site
    spec = artifact(source, V1)
    run(capsys, root=str(root), source=str(source), versions=[spec])
    (root / V1 / "readme.txt").write_bytes(b"edited")
    (root / V1 / "sys" / "hotfix.dll").write_bytes(b"x")
    code, result = run(capsys, root=str(root), source=str(source), versions=[spec])
    assert code == 1
    assert result["msg"] == (
        "v2026_erpx13_p223a: its files differ from the manifest (added: sys/hotfix.dll; modified: readme.txt); "
        "an installed version is never modified or repaired"
    )
    assert result["tampered"] == {V1: {"added": ["sys/hotfix.dll"], "removed": [], "modified": ["readme.txt"]}}


def test_missing_manifest_fails(capsys, site):
    root, source = site
    spec = artifact(source, V1)
    run(capsys, root=str(root), source=str(source), versions=[spec])
    (root / V1 / MANIFEST).unlink()
    code, result = run(capsys, root=str(root), versions=[spec], state="verified")
    assert code == 1
    assert result["msg"] == (
        "v2026_erpx13_p223a: its manifest %s is missing; an installed version is never repaired"
        % (root / V1 / MANIFEST)
    )


def test_unsafe_member_fails(capsys, site):
    root, source = site
    spec = artifact(source, V1, entries=[("../../etc/cron.d/evil", b"x")])
    code, result = run(capsys, root=str(root), source=str(source), versions=[spec])
    assert code == 1
    assert result["msg"] == (
        "v2026_erpx13_p223a: %s: member '../../etc/cron.d/evil' contains '..'; nothing installed; "
        "no version installed by this run" % spec["artifact"]
    )
    assert os.listdir(str(root)) == []


def test_prune_of_a_version_in_use_fails(capsys, site):
    root, source = site
    first, second = artifact(source, V1), artifact(source, V2)
    run(capsys, root=str(root), source=str(source), versions=[first, second])
    code, result = run(capsys, root=str(root), versions=[second], prune=True, in_use=[V1])
    assert code == 1
    assert result["msg"] == (
        "prune would remove v2026_erpx13_p223a under %s, still in use by environments (in_use); keep it in "
        "versions or move those environments to another version first; nothing changed" % root
    )
    assert result["blocked"] == [V1]
    assert sorted(os.listdir(str(root))) == [V1, V2]


def test_verified_state_fails_on_a_missing_version(capsys, site):
    root, source = site
    code, result = run(capsys, root=str(root), versions=[artifact(source, V1)], state="verified")
    assert code == 1
    assert result["msg"] == "not installed under %s: v2026_erpx13_p223a (state=verified never installs)" % root
    assert result["missing"] == [V1]


def test_verified_state_with_prune_fails(capsys, site):
    root, _source = site
    code, result = run(capsys, root=str(root), versions=[], state="verified", prune=True)
    assert code == 1
    assert result["msg"] == "prune=true needs state=present (state=verified never changes anything)"


def test_invalid_version_entry_fails(capsys, site):
    root, _source = site
    code, result = run(capsys, root=str(root), versions=[{"version": "latest", "artifact": "a.zip", "sha256": "0"}])
    assert code == 1
    assert result["msg"] == (
        "invalid versions: versions[0].version: expected a version such as v2026_erpx13_p223a, got 'latest'; "
        "versions[0].sha256: expected 64 hexadecimal characters, got '0'"
    )


def test_version_entry_without_checksum_is_refused_by_the_argument_spec(capsys, site):
    root, _source = site
    code, result = run(capsys, root=str(root), versions=[{"version": V1, "artifact": "a.zip"}])
    assert code == 1
    assert "sha256" in result["msg"] and "versions" in result["msg"]


def test_unquoted_mode_fails(capsys, site):
    root, _source = site
    code, result = run(capsys, root=str(root), versions=[], mode=420)
    assert code == 1
    assert result["msg"] == (
        "mode: expected a quoted octal string of four digits such as '0644', got '420' "
        "(an unquoted 0644 reaches the module as the number 420)"
    )


def test_unknown_owner_fails(capsys, site):
    root, _source = site
    code, result = run(capsys, root=str(root), versions=[], owner="nobody-here-xyz")
    assert code == 1
    assert result["msg"] == "owner: no user 'nobody-here-xyz' on this host"


def test_missing_root_fails(capsys, tmp_path):
    code, result = run(capsys, root=str(tmp_path / "absent"), versions=[])
    assert code == 1
    assert result["msg"] == "root %s does not exist or is not a directory" % (tmp_path / "absent")


def test_failure_after_an_install_reports_it(capsys, site):
    root, source = site
    good = artifact(source, V1)
    bad = artifact(source, V2, entries=[("/abs", b"x")])
    code, result = run(capsys, root=str(root), source=str(source), versions=[good, bad])
    assert code == 1
    assert result["msg"] == (
        "v2026_erpx13_p224: %s: member '/abs' has an absolute path; nothing installed; "
        "installed before this failure: v2026_erpx13_p223a" % bad["artifact"]
    )
    assert result["installed"] == [V1]
    assert os.listdir(str(root)) == [V1]
