# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Unit tests for module_utils/service_pack/directories.py, on real temporary directories, zip and tar.gz archives."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import stat
import tarfile
import zipfile

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.service_pack import directories as sp

V1 = "v2026_erpx13_p223a"
V2 = "v2026_erpx13_p224"
OLD = "v2025_erpx12_p310"
INSTALLED_AT = dt.datetime(2026, 9, 30, 21, 4, 11, tzinfo=dt.UTC)

PACK = [
    ("sys/DivaltoServer.cfg", b"[server]\r\nport=1235\r\n"),
    ("sys/connexions.xml", b"<connexions/>\r\n"),
    ("erp/std/lib/menu.dhop", b"\x00\x01binary" * 100),
    ("erp/empty/", None),
    ("readme.txt", b"service pack\n"),
]


def clock():
    return INSTALLED_AT


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_zip(path, entries):
    """entries: (name, bytes) for files, (name, None) for directories, ("@symlink", name, target)."""
    with zipfile.ZipFile(str(path), "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            if entry[0] == "@symlink":
                info = zipfile.ZipInfo(entry[1])
                info.create_system = 3
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, entry[2])
            elif entry[1] is None:
                archive.writestr(entry[0] if entry[0].endswith("/") else entry[0] + "/", b"")
            else:
                archive.writestr(entry[0], entry[1])
    return path


def make_tgz(path, entries):
    """entries: (name, bytes), (name, None) for directories, ("@symlink"|"@hardlink", name, target), ("@fifo", name)."""
    with tarfile.open(str(path), "w:gz") as archive:
        for entry in entries:
            if entry[0] in ("@symlink", "@hardlink"):
                info = tarfile.TarInfo(entry[1])
                info.type = tarfile.SYMTYPE if entry[0] == "@symlink" else tarfile.LNKTYPE
                info.linkname = entry[2]
                archive.addfile(info)
            elif entry[0] == "@fifo":
                info = tarfile.TarInfo(entry[1])
                info.type = tarfile.FIFOTYPE
                archive.addfile(info)
            elif entry[1] is None:
                info = tarfile.TarInfo(entry[0].rstrip("/"))
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                archive.addfile(info)
            else:
                info = tarfile.TarInfo(entry[0])
                info.size = len(entry[1])
                info.mode = entry[2] if len(entry) > 2 else 0o644
                info.mtime = 1759262651
                archive.addfile(info, io.BytesIO(entry[1]))
    return path


class Site:
    """A root, a source directory and helpers to build artifacts and run :func:`sp.ensure`."""

    def __init__(self, tmp_path):
        self.root = tmp_path / "packs"
        self.source = tmp_path / "staging"
        self.root.mkdir()
        self.source.mkdir()

    def artifact(self, version, entries=None, fmt="zip"):
        entries = PACK if entries is None else entries
        name = "divalto-%s.%s" % (version, "zip" if fmt == "zip" else "tar.gz")
        path = self.source / name
        (make_zip if fmt == "zip" else make_tgz)(path, entries)
        return {"version": version, "artifact": name, "sha256": sha256(path)}

    def ensure(self, versions, **kwargs):
        kwargs.setdefault("source", str(self.source))
        kwargs.setdefault("clock", clock)
        return sp.ensure(str(self.root), versions, **kwargs)

    def listing(self):
        return sorted(os.listdir(str(self.root)))

    def pack(self, version):
        return self.root / version


@pytest.fixture
def site(tmp_path):
    return Site(tmp_path)


def fails(call, *args, **kwargs):
    with pytest.raises(sp.ServicePackError) as info:
        call(*args, **kwargs)
    return info.value


# ---------------------------------------------------------------------------------------------------------------
# Install and idempotence


def test_install_zip_creates_the_tree_and_its_manifest(site):
    spec = site.artifact(V1)
    result = site.ensure([spec])
    assert result["changed"] is True
    assert result["installed"] == [V1]
    assert result["removed"] == [] and result["verified"] == [] and result["unknown"] == []
    assert result["present"] == [V1]
    tree = site.pack(V1)
    assert (tree / "sys" / "DivaltoServer.cfg").read_bytes() == b"[server]\r\nport=1235\r\n"
    assert (tree / "erp" / "empty").is_dir()
    assert site.listing() == [V1]  # no temporary directory left behind
    manifest = json.loads((tree / sp.MANIFEST_NAME).read_text())
    assert manifest["version"] == V1
    assert manifest["artifact"] == spec["artifact"]
    assert manifest["sha256"] == spec["sha256"]
    assert manifest["installed_at"] == "2026-09-30T21:04:11Z"
    assert manifest["file_count"] == 4
    assert manifest["files"]["readme.txt"] == hashlib.sha256(b"service pack\n").hexdigest()
    assert manifest["directories"] == ["erp", "erp/empty", "erp/std", "erp/std/lib", "sys"]
    assert manifest["symlinks"] == {}
    assert manifest["tree_digest"] == sp.scan_tree(str(tree)).digest()
    assert result["versions"] == {
        V1: {"path": str(tree), "tree_digest": manifest["tree_digest"], "installed_at": "2026-09-30T21:04:11Z"}
    }
    assert result["diff"] == {"before": {"installed": []}, "after": {"installed": [V1]}}


def test_second_run_changes_nothing_and_verifies(site):
    spec = site.artifact(V1)
    first = site.ensure([spec])
    second = site.ensure([spec])
    assert second["changed"] is False
    assert second["installed"] == [] and second["removed"] == []
    assert second["verified"] == [V1] and second["present"] == [V1]
    assert second["versions"] == first["versions"]
    assert second["diff"] == {"before": {"installed": [V1]}, "after": {"installed": [V1]}}


def test_tar_gz_with_links_and_executables(site):
    entries = [
        ("bin/run.sh", b"#!/bin/sh\n", 0o755),
        ("sys/a.cfg", b"a"),
        ("@symlink", "sys/current.cfg", "a.cfg"),
        ("@symlink", "lib", "bin"),
        ("@hardlink", "sys/copy.cfg", "sys/a.cfg"),
    ]
    spec = site.artifact(V1, entries, fmt="tgz")
    site.ensure([spec])
    tree = site.pack(V1)
    assert os.readlink(str(tree / "sys" / "current.cfg")) == "a.cfg"
    assert os.readlink(str(tree / "lib")) == "bin"
    assert os.stat(str(tree / "bin" / "run.sh")).st_mode & 0o100
    assert not os.stat(str(tree / "sys" / "a.cfg")).st_mode & 0o100
    # a hard link becomes an independent copy
    assert (tree / "sys" / "copy.cfg").read_bytes() == b"a"
    assert os.stat(str(tree / "sys" / "copy.cfg")).st_ino != os.stat(str(tree / "sys" / "a.cfg")).st_ino
    assert os.stat(str(tree / "sys" / "a.cfg")).st_mtime == 1759262651
    manifest = json.loads((tree / sp.MANIFEST_NAME).read_text())
    assert manifest["symlinks"] == {"lib": "bin", "sys/current.cfg": "a.cfg"}
    assert sorted(manifest["files"]) == ["bin/run.sh", "sys/a.cfg", "sys/copy.cfg"]
    assert site.ensure([spec])["changed"] is False


def test_zip_symlinks_are_installed(site):
    spec = site.artifact(V1, [("sys/a.cfg", b"a"), ("@symlink", "sys/b.cfg", "a.cfg")])
    site.ensure([spec])
    assert os.readlink(str(site.pack(V1) / "sys" / "b.cfg")) == "a.cfg"


def test_same_content_gives_the_same_tree_digest_in_zip_and_tar_gz(site, tmp_path):
    entries = [("sys/", None), ("sys/a.cfg", b"a"), ("erp/menu", b"m" * 5000)]
    zipped = site.ensure([site.artifact(V1, entries, fmt="zip")])
    targz = site.ensure([site.artifact(V2, entries, fmt="tgz")])
    assert zipped["versions"][V1]["tree_digest"] == targz["versions"][V2]["tree_digest"]


def test_tree_digest_follows_the_documented_formula(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f").write_bytes(b"content")
    os.symlink("f", str(tmp_path / "d" / "l"))
    (tmp_path / sp.MANIFEST_NAME).write_text("{}")  # never part of the digest
    file_digest = hashlib.sha256(b"content").hexdigest()
    link_digest = hashlib.sha256(b"f").hexdigest()
    expected = hashlib.sha256(
        b"d\0d\0\n" + b"f\0d/f\0" + file_digest.encode() + b"\n" + b"l\0d/l\0" + link_digest.encode() + b"\n"
    ).hexdigest()
    assert sp.scan_tree(str(tmp_path)).digest() == expected


def test_big_files_are_hashed_in_chunks(tmp_path, monkeypatch):
    big = tmp_path / "big.bin"
    content = os.urandom(1024) * 3000  # about 3 MiB
    big.write_bytes(content)
    reads = []
    real_open = open

    class Spy:
        def __init__(self, stream):
            self.stream = stream

        def read(self, size=-1):
            reads.append(size)
            return self.stream.read(size)

        def __enter__(self):
            return self

        def __exit__(self, *exc_info):
            self.stream.close()

    monkeypatch.setattr(sp, "open", lambda path, mode="r": Spy(real_open(path, mode)), raising=False)
    assert sp.file_sha256(str(big)) == hashlib.sha256(content).hexdigest()
    assert len(reads) == 4 and set(reads) == {sp.CHUNK_SIZE}


def test_owner_group_and_mode_are_applied(site):
    spec = site.artifact(V1, [("sys/a.cfg", b"a"), ("@symlink", "sys/b.cfg", "a.cfg")])
    site.ensure([spec], owner=str(os.getuid()), group=str(os.getgid()), mode="0640")
    tree = site.pack(V1)
    assert stat.S_IMODE(os.stat(str(tree / "sys" / "a.cfg")).st_mode) == 0o640
    assert stat.S_IMODE(os.stat(str(tree / sp.MANIFEST_NAME)).st_mode) == 0o640
    assert stat.S_IMODE(os.stat(str(tree / "sys")).st_mode) == 0o750
    assert stat.S_IMODE(os.stat(str(tree)).st_mode) == 0o750
    assert os.lstat(str(tree / "sys" / "b.cfg")).st_uid == os.getuid()
    assert site.ensure([spec])["changed"] is False  # modes are not part of the digest


def test_owner_by_name_is_resolved(site):
    import pwd

    name = pwd.getpwuid(os.getuid()).pw_name
    result = site.ensure([site.artifact(V1)], owner=name)
    assert os.stat(str(site.pack(V1) / "readme.txt")).st_uid == os.getuid()
    assert result["installed"] == [V1]


def test_catalogue_checksum_in_uppercase_is_accepted(site):
    spec = site.artifact(V1)
    spec["sha256"] = spec["sha256"].upper()
    assert site.ensure([spec])["installed"] == [V1]
    assert site.ensure([spec])["verified"] == [V1]


# ---------------------------------------------------------------------------------------------------------------
# Tamper detection


@pytest.fixture
def installed(site):
    spec = site.artifact(V1)
    site.ensure([spec])
    return spec


def test_modified_file_is_named(site, installed):
    (site.pack(V1) / "sys" / "connexions.xml").write_bytes(b"<evil/>")
    error = fails(site.ensure, [installed])
    assert str(error) == (
        "v2026_erpx13_p223a: its files differ from the manifest (modified: sys/connexions.xml); "
        "an installed version is never modified or repaired"
    )
    assert error.details["tampered"] == {V1: {"added": [], "removed": [], "modified": ["sys/connexions.xml"]}}
    assert (site.pack(V1) / "sys" / "connexions.xml").read_bytes() == b"<evil/>"  # not repaired


def test_added_file_is_named(site, installed):
    (site.pack(V1) / "erp" / "empty" / "patch.dll").write_bytes(b"x")
    error = fails(site.ensure, [installed])
    assert str(error) == (
        "v2026_erpx13_p223a: its files differ from the manifest (added: erp/empty/patch.dll); "
        "an installed version is never modified or repaired"
    )


def test_removed_file_is_named(site, installed):
    (site.pack(V1) / "readme.txt").unlink()
    error = fails(site.ensure, [installed])
    assert str(error) == (
        "v2026_erpx13_p223a: its files differ from the manifest (removed: readme.txt); "
        "an installed version is never modified or repaired"
    )


def test_added_removed_and_modified_together_name_exactly_those(site, installed):
    tree = site.pack(V1)
    (tree / "sys" / "DivaltoServer.cfg").write_bytes(b"port=9999")
    (tree / "erp" / "std" / "lib" / "menu.dhop").unlink()
    (tree / "extra.txt").write_bytes(b"")
    (tree / "newdir").mkdir()
    (tree / "erp" / "empty").rmdir()
    error = fails(site.ensure, [installed], state="verified")
    assert str(error) == (
        "v2026_erpx13_p223a: its files differ from the manifest (added: extra.txt, newdir/; "
        "removed: erp/empty/, erp/std/lib/menu.dhop; modified: sys/DivaltoServer.cfg); "
        "an installed version is never modified or repaired"
    )
    assert error.details["tampered"][V1] == {
        "added": ["extra.txt", "newdir/"],
        "removed": ["erp/empty/", "erp/std/lib/menu.dhop"],
        "modified": ["sys/DivaltoServer.cfg"],
    }


def test_file_replaced_by_symlink_is_modified(site, installed):
    path = site.pack(V1) / "readme.txt"
    path.unlink()
    os.symlink("sys/DivaltoServer.cfg", str(path))
    assert fails(site.ensure, [installed]).details["tampered"][V1]["modified"] == ["readme.txt"]


def test_special_file_is_reported_as_added(site, installed):
    os.mkfifo(str(site.pack(V1) / "pipe"))
    assert fails(site.ensure, [installed]).details["tampered"][V1]["added"] == ["pipe"]


def test_missing_manifest_fails_without_repair(site, installed):
    (site.pack(V1) / sp.MANIFEST_NAME).unlink()
    error = fails(site.ensure, [installed])
    assert str(error) == (
        "v2026_erpx13_p223a: its manifest %s is missing; an installed version is never repaired"
        % (site.pack(V1) / sp.MANIFEST_NAME)
    )
    assert not (site.pack(V1) / sp.MANIFEST_NAME).exists()


def test_directory_without_manifest_is_not_adopted(site):
    (site.pack(V1) / "sys").mkdir(parents=True)
    error = fails(site.ensure, [site.artifact(V1)])
    assert str(error).startswith("v2026_erpx13_p223a: its manifest ") and "is missing" in str(error)


def test_unreadable_manifest_fails(site, installed):
    (site.pack(V1) / sp.MANIFEST_NAME).write_text("{not json")
    error = fails(site.ensure, [installed])
    assert str(error).startswith(
        "v2026_erpx13_p223a: its manifest %s is unreadable: " % (site.pack(V1) / sp.MANIFEST_NAME)
    )


def test_malformed_manifest_fails(site, installed):
    path = site.pack(V1) / sp.MANIFEST_NAME
    manifest = json.loads(path.read_text())
    del manifest["files"]
    manifest["file_count"] = "four"
    path.write_text(json.dumps(manifest))
    error = fails(site.ensure, [installed])
    assert str(error) == (
        "v2026_erpx13_p223a: its manifest %s lacks or mistypes: file_count, files; an installed version is never "
        "repaired" % path
    )


def test_manifest_that_is_not_an_object_fails(site, installed):
    path = site.pack(V1) / sp.MANIFEST_NAME
    path.write_text("[]")
    assert str(fails(site.ensure, [installed])) == (
        "v2026_erpx13_p223a: its manifest %s is not a JSON object; an installed version is never repaired" % path
    )


def test_manifest_checksum_differing_from_the_catalogue_fails(site, installed):
    changed = dict(installed, sha256="ab" * 32)
    error = fails(site.ensure, [changed])
    assert str(error) == (
        "v2026_erpx13_p223a: it was installed from an artifact with sha256 %s but the catalogue gives %s for %s; "
        "an installed version is never modified or repaired" % (installed["sha256"], "ab" * 32, installed["artifact"])
    )


def test_manifest_naming_another_version_fails(site, installed):
    os.rename(str(site.pack(V1)), str(site.pack(V2)))
    error = fails(site.ensure, [dict(installed, version=V2)])
    assert str(error) == (
        "v2026_erpx13_p224: its manifest names version v2026_erpx13_p223a; "
        "an installed version is never modified or repaired"
    )


def test_hand_edited_manifest_is_detected(site, installed):
    tree = site.pack(V1)
    (tree / "readme.txt").write_bytes(b"changed")
    path = tree / sp.MANIFEST_NAME
    manifest = json.loads(path.read_text())
    manifest["files"]["readme.txt"] = hashlib.sha256(b"changed").hexdigest()
    path.write_text(json.dumps(manifest))
    error = fails(site.ensure, [installed])
    assert str(error) == (
        "v2026_erpx13_p223a: its manifest is inconsistent (file list and tree_digest disagree: edited by hand?); "
        "an installed version is never modified or repaired"
    )


def test_unreadable_file_fails_the_verification(site, installed, monkeypatch):
    def denied(path, chunk_size=sp.CHUNK_SIZE):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(sp, "file_sha256", denied)
    error = fails(site.ensure, [installed])
    assert str(error).startswith("v2026_erpx13_p223a: cannot be verified: [Errno 13] Permission denied: ")
    assert error.details["tampered"] == {V1: {"added": [], "removed": [], "modified": []}}


def test_verification_failure_blocks_every_change(site, installed):
    old = site.artifact(OLD)
    (site.pack(V1) / "readme.txt").write_bytes(b"x")
    new = site.artifact(V2)
    site.ensure([old], source=str(site.source), prune=False)
    error = fails(site.ensure, [installed, new], prune=True)
    assert str(error).startswith("v2026_erpx13_p223a: its files differ")
    assert site.listing() == [OLD, V1]  # V2 not installed, OLD not pruned


# ---------------------------------------------------------------------------------------------------------------
# Artifact failures


def test_checksum_mismatch_creates_nothing_and_names_both_checksums(site):
    spec = site.artifact(V1)
    actual = spec["sha256"]
    spec["sha256"] = "0" * 64
    error = fails(site.ensure, [spec])
    assert str(error) == (
        "v2026_erpx13_p223a: checksum mismatch for artifact %s: expected sha256 %s, got %s; nothing installed; "
        "no version installed by this run" % (site.source / spec["artifact"], "0" * 64, actual)
    )
    assert error.details["expected_sha256"] == "0" * 64 and error.details["actual_sha256"] == actual
    assert error.details["installed"] == []
    assert site.listing() == []


def test_missing_artifact_names_the_path(site):
    spec = {"version": V1, "artifact": "divalto-erpx13-p223a.zip", "sha256": "1" * 64}
    error = fails(site.ensure, [spec])
    path = site.source / "divalto-erpx13-p223a.zip"
    assert str(error) == "artifact not found: v2026_erpx13_p223a needs %s; nothing changed" % path
    assert error.details["missing_artifacts"] == [str(path)]
    assert site.listing() == []


def test_missing_artifact_of_a_later_version_installs_nothing(site):
    present = site.artifact(V1)
    absent = {"version": V2, "artifact": "nope.zip", "sha256": "1" * 64}
    error = fails(site.ensure, [present, absent])
    assert str(error).startswith("artifact not found: v2026_erpx13_p224 needs ")
    assert site.listing() == []


def test_install_without_source_fails(site):
    error = fails(site.ensure, [site.artifact(V1)], source=None)
    assert str(error) == "source is needed to install v2026_erpx13_p223a; nothing changed"


def test_unsupported_format_fails(site):
    path = site.source / "pack.rar"
    path.write_bytes(b"Rar!")
    spec = {"version": V1, "artifact": "pack.rar", "sha256": sha256(path)}
    error = fails(site.ensure, [spec])
    assert str(error) == (
        "v2026_erpx13_p223a: artifact pack.rar: unsupported archive format (expected a name ending in .zip, "
        ".tar.gz, .tgz); nothing installed; no version installed by this run"
    )
    assert site.listing() == []


def test_corrupt_zip_fails_and_leaves_nothing(site):
    path = site.source / "pack.zip"
    path.write_bytes(b"PK\x03\x04 this is not a zip")
    spec = {"version": V1, "artifact": "pack.zip", "sha256": sha256(path)}
    error = fails(site.ensure, [spec])
    assert str(error).startswith("v2026_erpx13_p223a: pack.zip: cannot open the archive: ")
    assert site.listing() == []


def test_truncated_tar_gz_fails_and_leaves_nothing(site):
    spec = site.artifact(V1, [("a", os.urandom(200000))], fmt="tgz")
    path = site.source / spec["artifact"]
    path.write_bytes(path.read_bytes()[:5000])
    spec["sha256"] = sha256(path)
    error = fails(site.ensure, [spec])
    assert str(error) == (
        "v2026_erpx13_p223a: %s: corrupt archive: unexpected end of data; nothing installed; "
        "no version installed by this run" % spec["artifact"]
    )
    assert site.listing() == []


def test_zip_with_a_damaged_member_fails_and_leaves_nothing(site):
    spec = site.artifact(V1, [("a.txt", b"a" * 1000), ("b.txt", b"b" * 1000)])
    path = site.source / spec["artifact"]
    data = bytearray(path.read_bytes())
    data[data.index(b"b.txt") + 10] ^= 0xFF  # damage b.txt's compressed data
    path.write_bytes(bytes(data))
    spec["sha256"] = sha256(path)
    error = fails(site.ensure, [spec])
    assert str(error).startswith("v2026_erpx13_p223a: %s: corrupt archive: " % spec["artifact"])
    assert site.listing() == []


def test_not_a_gzip_file_fails(site):
    path = site.source / "pack.tgz"
    path.write_bytes(b"garbage" * 10)
    spec = {"version": V1, "artifact": "pack.tgz", "sha256": sha256(path)}
    assert str(fails(site.ensure, [spec])) == (
        "v2026_erpx13_p223a: pack.tgz: cannot open the archive: not a gzip file; nothing installed; "
        "no version installed by this run"
    )


@pytest.mark.parametrize(
    "fmt, entries, reason",
    [
        ("zip", [("ok.txt", b"x"), ("../evil.txt", b"x")], "member '../evil.txt' contains '..'"),
        ("zip", [("sys/../../evil.txt", b"x")], "member 'sys/../../evil.txt' contains '..'"),
        ("zip", [("..\\evil.txt", b"x")], "member '..\\\\evil.txt' contains '..'"),
        ("tgz", [("/etc/cron.d/evil", b"x")], "member '/etc/cron.d/evil' has an absolute path"),
        ("tgz", [("@symlink", "sys/l", "../../outside")], "symbolic link sys/l -> ../../outside escapes"),
        ("zip", [("@symlink", "l", "/etc/passwd")], "symbolic link l -> '/etc/passwd' escapes the version directory"),
        (
            "tgz",
            [("@symlink", "a", "."), ("@symlink", "b", "a/..")],
            "symbolic link b -> a/.. escapes the version directory",
        ),
        ("tgz", [("@symlink", "loop", "loop")], "symbolic link loop -> loop loops through more than 40"),
        (
            "tgz",
            [("@symlink", "lib", "sys"), ("lib/x.cfg", b"x")],
            "member lib/x.cfg is placed under the symbolic link lib",
        ),
        ("tgz", [("a", b"x"), ("a/b", b"x")], "member a/b is placed under the file a"),
        ("tgz", [("a", b"x"), ("a", b"y")], "member a appears twice"),
        ("tgz", [("@hardlink", "h", "nothing")], "hard link h must point to an earlier regular file"),
        ("tgz", [("@hardlink", "h", "./")], "hard link member 'h' points to the archive root"),
        ("tgz", [("@fifo", "pipe")], "member 'pipe' is not a regular file, directory or link"),
        ("zip", [(sp.MANIFEST_NAME, b"{}")], "member .divalto-manifest.json would overwrite the manifest"),
    ],
)
def test_unsafe_members_are_rejected_and_nothing_is_left(site, fmt, entries, reason):
    spec = site.artifact(V1, entries, fmt=fmt)
    error = fails(site.ensure, [spec])
    assert str(error).startswith("v2026_erpx13_p223a: %s: " % spec["artifact"])
    assert reason in str(error)
    assert str(error).endswith("; nothing installed; no version installed by this run")
    assert site.listing() == []
    # check mode finds the same problem without writing anything
    error = fails(site.ensure, [spec], check_mode=True)
    assert reason in str(error)
    assert site.listing() == []


def test_zip_special_member_is_rejected(site):
    path = site.source / "pack.zip"
    with zipfile.ZipFile(str(path), "w") as archive:
        info = zipfile.ZipInfo("dev")
        info.create_system = 3
        info.external_attr = (stat.S_IFCHR | 0o644) << 16
        archive.writestr(info, b"")
    spec = {"version": V1, "artifact": "pack.zip", "sha256": sha256(path)}
    assert "member 'dev' is not a regular file, directory or symbolic link" in str(fails(site.ensure, [spec]))


def test_encrypted_zip_member_is_rejected(site):
    path = site.source / "pack.zip"
    make_zip(path, [("secret.txt", b"x")])
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # set the "encrypted" flag bit
        data[data.index(signature) + offset] |= 0x1
    path.write_bytes(bytes(data))
    spec = {"version": V1, "artifact": "pack.zip", "sha256": sha256(path)}
    assert "member 'secret.txt' is encrypted" in str(fails(site.ensure, [spec]))


def test_oversized_zip_symlink_target_is_rejected(site):
    spec = site.artifact(V1, [("@symlink", "l", "a" * 5000)])
    assert "symbolic link member 'l' has a 5000-byte target" in str(fails(site.ensure, [spec]))


def test_links_inside_the_tree_are_accepted_even_through_other_links(site):
    entries = [
        ("x/y/z.cfg", b"z"),
        ("@symlink", "deep", "x/y"),
        ("@symlink", "up", "deep/.."),  # resolves to x
        ("@symlink", "dangling", "x/missing"),
    ]
    spec = site.artifact(V1, entries, fmt="tgz")
    assert site.ensure([spec])["installed"] == [V1]


def test_interrupted_extraction_leaves_no_directory(site, monkeypatch):
    spec = site.artifact(V1)
    real_write = sp._write_file
    calls = []

    def failing_write(*args):
        calls.append(args[1])
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_write(*args)

    monkeypatch.setattr(sp, "_write_file", failing_write)
    error = fails(site.ensure, [spec])
    assert str(error) == (
        "v2026_erpx13_p223a: installation from %s failed: [Errno 28] No space left on device; nothing installed; "
        "no version installed by this run" % (site.source / spec["artifact"])
    )
    assert len(calls) == 3
    assert site.listing() == []


def test_interruption_by_a_signal_also_cleans_up(site, monkeypatch):
    spec = site.artifact(V1)

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(sp, "write_manifest", interrupted)
    with pytest.raises(KeyboardInterrupt):
        site.ensure([spec])
    assert site.listing() == []


def test_failure_of_the_second_version_reports_the_first(site, monkeypatch):
    first = site.artifact(V1)
    second = site.artifact(V2)
    real_extract = sp.extract_archive

    def extract(path, dest):
        if V2 in os.path.basename(path):
            raise OSError(5, "Input/output error")
        return real_extract(path, dest)

    monkeypatch.setattr(sp, "extract_archive", extract)
    error = fails(site.ensure, [first, second])
    assert str(error) == (
        "v2026_erpx13_p224: installation from %s failed: [Errno 5] Input/output error; nothing installed; "
        "installed before this failure: v2026_erpx13_p223a" % (site.source / second["artifact"])
    )
    assert error.details["installed"] == [V1]
    assert error.details["failed_version"] == V2
    assert site.listing() == [V1]
    assert site.ensure([first])["verified"] == [V1]


def test_version_appearing_meanwhile_is_left_alone(site, monkeypatch):
    spec = site.artifact(V1)
    real_extract = sp.extract_archive

    def racing(path, dest):
        os.mkdir(str(site.pack(V1)))
        return real_extract(path, dest)

    monkeypatch.setattr(sp, "extract_archive", racing)
    error = fails(site.ensure, [spec])
    assert str(error) == (
        "v2026_erpx13_p223a: %s appeared while installing; left as it is; no version installed by this run"
        % site.pack(V1)
    )
    assert site.listing() == [V1]
    assert os.listdir(str(site.pack(V1))) == []


# ---------------------------------------------------------------------------------------------------------------
# Prune, in use, unknown entries


@pytest.fixture
def three(site):
    specs = {version: site.artifact(version) for version in (OLD, V1, V2)}
    site.ensure(list(specs.values()))
    return specs


def test_prune_removes_versions_not_wanted(site, three):
    result = site.ensure([three[V2]], prune=True, in_use=[V2])
    assert result["removed"] == [OLD, V1]
    assert result["changed"] is True
    assert result["present"] == [V2] and result["extra"] == []
    assert site.listing() == [V2]
    assert result["diff"] == {"before": {"installed": [OLD, V1, V2]}, "after": {"installed": [V2]}}


def test_without_prune_extra_versions_are_kept_and_reported(site, three):
    result = site.ensure([three[V2]])
    assert result["changed"] is False
    assert result["removed"] == []
    assert result["extra"] == [OLD, V1]
    assert result["present"] == [OLD, V1, V2]
    assert site.listing() == [OLD, V1, V2]


def test_prune_never_removes_a_version_in_use(site, three):
    error = fails(site.ensure, [three[V2]], prune=True, in_use=[V1, V2])
    assert str(error) == (
        "prune would remove v2026_erpx13_p223a under %s, still in use by environments (in_use); keep it in "
        "versions or move those environments to another version first; nothing changed" % site.root
    )
    assert error.details["blocked"] == [V1]
    assert site.listing() == [OLD, V1, V2]  # OLD, not in use, was not removed either


def test_in_use_versions_that_are_wanted_are_fine(site, three):
    result = site.ensure([three[V1], three[V2]], prune=True, in_use=[V1, V2])
    assert result["removed"] == [OLD]


def test_unknown_entries_are_left_alone_and_reported(site, three):
    (site.root / "README.txt").write_text("ops notes")
    (site.root / "archive").mkdir()
    (site.root / ".tmp-v2026_erpx13_p225-abcd").mkdir()
    (site.root / "v2026_erpx13_p999").write_text("a file named like a version")
    os.symlink(V2, str(site.root / "v2026_erpx13_p998"))
    result = site.ensure([three[V2]], prune=True)
    assert result["unknown"] == [
        ".tmp-v2026_erpx13_p225-abcd",
        "README.txt",
        "archive",
        "v2026_erpx13_p998",
        "v2026_erpx13_p999",
    ]
    assert result["removed"] == [OLD, V1]
    assert site.listing() == [
        ".tmp-v2026_erpx13_p225-abcd",
        "README.txt",
        "archive",
        V2,
        "v2026_erpx13_p998",
        "v2026_erpx13_p999",
    ]


def test_failed_removal_reports_what_was_done(site, three, monkeypatch):
    real_remove = sp.remove_version

    def remove(root, version):
        if version == V1:
            raise OSError(13, "Permission denied")
        return real_remove(root, version)

    monkeypatch.setattr(sp, "remove_version", remove)
    error = fails(site.ensure, [three[V2]], prune=True)
    assert str(error) == (
        "cannot remove v2026_erpx13_p223a from %s: [Errno 13] Permission denied; installed by this run: none; "
        "removed: v2025_erpx12_p310" % site.root
    )
    assert error.details == {"installed": [], "removed": [OLD]}


def test_removal_is_a_rename_first(site, three, monkeypatch):
    real_rmtree = sp.shutil.rmtree
    seen = []

    def rmtree(path, *args, **kwargs):
        seen.append((os.path.basename(path), sorted(os.listdir(str(site.root)))))
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(sp.shutil, "rmtree", rmtree)
    site.ensure([three[V1], three[V2]], prune=True)
    name, listing = seen[0]
    assert name.startswith(".tmp-remove-%s-" % OLD)
    assert OLD not in listing  # gone from the version names before the deletion starts


# ---------------------------------------------------------------------------------------------------------------
# Check mode, state=verified


def test_check_mode_plans_and_changes_nothing(site, three):
    new = site.artifact("v2026_erpx13_p225")
    result = site.ensure([three[V2], new], prune=True, in_use=[V2], check_mode=True)
    assert result["changed"] is True
    assert result["installed"] == ["v2026_erpx13_p225"]
    assert result["removed"] == [OLD, V1]
    assert result["verified"] == [V2]
    assert result["present"] == [V2, "v2026_erpx13_p225"]
    assert result["versions"]["v2026_erpx13_p225"] == {
        "path": str(site.pack("v2026_erpx13_p225")),
        "tree_digest": None,
        "installed_at": None,
    }
    assert result["diff"] == {"before": {"installed": [OLD, V1, V2]}, "after": {"installed": [V2, "v2026_erpx13_p225"]}}
    assert site.listing() == [OLD, V1, V2]


def test_check_mode_detects_a_checksum_mismatch(site):
    spec = dict(site.artifact(V1), sha256="0" * 64)
    error = fails(site.ensure, [spec], check_mode=True)
    assert "checksum mismatch" in str(error) and "expected sha256 %s" % ("0" * 64) in str(error)
    assert site.listing() == []


def test_check_mode_without_changes(site, three):
    result = site.ensure(list(three.values()), check_mode=True)
    assert result["changed"] is False and result["verified"] == [OLD, V1, V2]


def test_state_verified_passes_when_all_are_intact(site, three):
    result = site.ensure(list(three.values()), state="verified", source=None)
    assert result["changed"] is False
    assert result["verified"] == [OLD, V1, V2]


def test_state_verified_fails_on_a_missing_version_and_installs_nothing(site, three):
    new = site.artifact("v2026_erpx13_p225")
    error = fails(site.ensure, [three[V1], new], state="verified")
    assert str(error) == ("not installed under %s: v2026_erpx13_p225 (state=verified never installs)" % site.root)
    assert error.details["missing"] == ["v2026_erpx13_p225"]
    assert site.listing() == [OLD, V1, V2]


def test_state_verified_refuses_prune(site):
    error = fails(site.ensure, [], state="verified", prune=True)
    assert str(error) == "prune=true needs state=present (state=verified never changes anything)"


# ---------------------------------------------------------------------------------------------------------------
# Options


def test_unknown_state_fails(site):
    assert str(fails(site.ensure, [], state="absent")) == "state: expected one of present, verified, got 'absent'"


def test_invalid_versions_report_every_problem(site):
    error = fails(
        site.ensure,
        [
            {"version": "2026_p1", "artifact": "a.zip", "sha256": "0" * 64},
            {"version": V1, "artifact": "../a.zip", "sha256": "xyz"},
            {"version": V1, "artifact": "b.zip", "sha256": "0" * 64},
            "v2026_erpx13_p224",
        ],
    )
    assert str(error) == (
        "invalid versions: versions[0].version: expected a version such as v2026_erpx13_p223a, got '2026_p1'; "
        "versions[1].artifact: expected a plain file name (no directory part), got '../a.zip'; "
        "versions[1].sha256: expected 64 hexadecimal characters, got 'xyz'; "
        "versions[2].version: v2026_erpx13_p223a is listed twice; "
        "versions[3]: expected a dict with version, artifact and sha256, got 'v2026_erpx13_p224'"
    )


@pytest.mark.parametrize("mode", ["644", "420", "0o644", "u=rw", "09644"])
def test_mode_must_be_a_quoted_octal_string(site, mode):
    error = fails(site.ensure, [], mode=mode)
    assert str(error) == (
        "mode: expected a quoted octal string of four digits such as '0644', got %r "
        "(an unquoted 0644 reaches the module as the number 420)" % mode
    )


def test_unknown_owner_fails(site):
    assert str(fails(site.ensure, [], owner="no-such-user-xyz")) == "owner: no user 'no-such-user-xyz' on this host"


def test_unknown_group_fails(site):
    assert str(fails(site.ensure, [], group="no-such-group-xyz")) == "group: no group 'no-such-group-xyz' on this host"


def test_missing_root_fails(tmp_path):
    error = fails(sp.ensure, str(tmp_path / "nope"), [])
    assert str(error) == "root %s does not exist or is not a directory" % (tmp_path / "nope")


def test_member_path_normalisation():
    assert sp.member_path("./sys/a.cfg", "p.zip") == "sys/a.cfg"
    assert sp.member_path("sys//a.cfg", "p.zip") == "sys/a.cfg"
    assert sp.member_path("sys\\a.cfg", "p.zip") == "sys/a.cfg"
    assert sp.member_path("./", "p.zip") is None
    with pytest.raises(sp.ArchiveError, match="NUL character"):
        sp.member_path("a\0b", "p.zip")


def test_directory_mode_adds_search_where_read_is_granted():
    assert sp.directory_mode(0o644) == 0o755
    assert sp.directory_mode(0o640) == 0o750
    assert sp.directory_mode(0o600) == 0o700
