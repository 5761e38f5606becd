# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Building a D+1 backup package: staged, verified, published whole with its expiry record, or not at all.

The package is published root-owned (``build`` chowns to uid 0): the tests that build need root.
"""

from __future__ import annotations

import collections
import fcntl
import grp
import hashlib
import json
import os
import stat
import subprocess
import zipfile

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup import export_build
from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_build import (
    ExportBuildError,
    build,
    published,
    record_path,
    verify,
)
from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_plan import ExportPlanError

GROUP = grp.getgrgid(os.getgid()).gr_name
AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="build chowns the package to root")
DUMPS = {"code": ["restic", "-r", "code", "dump"], "files": ["restic", "-r", "files", "dump"]}


class Dumps:
    """A ``dump(argv, path)`` writing a real zip per data set, remembering its calls."""

    def __init__(self):
        self.calls = []

    def __call__(self, argv, path):
        self.calls.append((argv, path))
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("config/settings.ini", "[%s]\nvalue=%s\n" % (argv[2], "x" * 200))
            archive.writestr("erp_files/report.txt", "report of %s\n" % argv[2])


def garbage(argv, path):
    with open(path, "wb") as handle:
        handle.write(b"restic: repository is locked\n")


def failing(argv, path):
    with open(path, "wb") as handle:
        handle.write(b"PK")
    raise RuntimeError("restic dump %s failed" % argv[2])


def corrupt(argv, path):
    """A zip whose member's data no longer matches its CRC (written after the zip, before it is hashed)."""
    Dumps()(argv, path)
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
        offset = info.header_offset + 30 + len(info.filename) + len(info.extra) + 2
    with open(path, "r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0xFF]))


@pytest.fixture
def area(tmp_path):
    """The share's backup files, the staging and packages directories, the state directory, a plan."""
    share = tmp_path / "share"
    sources = []
    for name, size in (
        ("SRV_acme_production_erp_FULL_20261129_220000_1.bak", 3 << 20),
        ("SRV_acme_production_erp_FULL_20261129_220000_2.bak", 1000),
        ("SRV_acme_production_portal_FULL_20261129_220030.bak", 0),
    ):
        path = share / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(hashlib.sha256(name.encode()).digest() * (size // 32) + b"tail")
        sources.append(str(path))
    for directory in ("staging", "packages", "state"):
        (tmp_path / directory).mkdir()
    plan = {
        "key": "acme_production",
        "tenant": "acme",
        "name": "acme_production_20261129",
        "full_time": "2026-11-29T22:00:00+01:00",
        "created": "2026-11-30T09:00:00+00:00",
        "expires": "2026-12-07T09:00:00+00:00",
        "databases": [
            {
                "database": "acme_production_erp",
                "time": "2026-11-29T22:00:00+01:00",
                "files": [{"source": path, "name": "databases/" + os.path.basename(path)} for path in sources[:2]],
            },
            {
                "database": "acme_production_portal",
                "time": "2026-11-29T22:00:30+01:00",
                "files": [{"source": sources[2], "name": "databases/" + os.path.basename(sources[2])}],
            },
        ],
        "snapshots": [
            {
                "data_set": "code",
                "id": "b" * 64,
                "short_id": "bbbbbbbb",
                "time": "2026-11-29T22:00:03+01:00",
                "name": "files/code.zip",
            },
            {
                "data_set": "files",
                "id": "d" * 64,
                "short_id": "dddddddd",
                "time": "2026-11-29T22:30:01+01:00",
                "name": "files/files.zip",
            },
        ],
    }
    return {
        "plan": plan,
        "sources": sources,
        "staging": str(tmp_path / "staging"),
        "packages": str(tmp_path / "packages"),
        "state": str(tmp_path / "state"),
    }


def run_build(area, dump):
    return build(area["plan"], area["staging"], area["packages"], area["state"], GROUP, DUMPS, dump)


def package_files(directory):
    return sorted(
        os.path.relpath(os.path.join(base, name), directory)
        for base, _dirs, names in os.walk(directory)
        for name in names
    )


def assert_nothing_published(area):
    assert os.listdir(area["staging"]) == []
    assert os.listdir(area["packages"]) == []
    # No record (the package's lock file may stay: it is not a record).
    assert [name for _base, _dirs, names in os.walk(area["state"]) for name in names if name.endswith(".json")] == []
    assert published(area["state"], area["packages"], area["plan"]) is None


@AS_ROOT
def test_the_published_package(area):
    dumps = Dumps()
    run_build(area, dumps)
    package = os.path.join(area["packages"], "acme_production_20261129")
    assert package_files(package) == [
        "README.txt",
        "SHA256SUMS",
        "databases/SRV_acme_production_erp_FULL_20261129_220000_1.bak",
        "databases/SRV_acme_production_erp_FULL_20261129_220000_2.bak",
        "databases/SRV_acme_production_portal_FULL_20261129_220030.bak",
        "files/code.zip",
        "files/files.zip",
    ]
    for source in area["sources"]:
        with (
            open(source, "rb") as original,
            open(os.path.join(package, "databases", os.path.basename(source)), "rb") as copy,
        ):
            assert copy.read() == original.read()
    assert [call[0] for call in dumps.calls] == [DUMPS["code"], DUMPS["files"]]
    with zipfile.ZipFile(os.path.join(package, "files", "code.zip")) as archive:
        assert archive.read("erp_files/report.txt") == b"report of code\n"
    with open(os.path.join(package, "README.txt"), encoding="utf-8") as handle:
        assert "removed from the download area on 2026-12-07T09:00:00+00:00" in handle.read()
    checked = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=package, capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert sorted(checked.stdout.splitlines()) == sorted(
        "%s: OK" % name for name in package_files(package) if name != "SHA256SUMS"
    )
    # Nothing left in staging; root:<group>, 0750 directories, 0640 files.
    assert os.listdir(area["staging"]) == []
    gid = grp.getgrnam(GROUP).gr_gid
    for base, dirs, names in os.walk(package):
        info = os.stat(base)
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (0, gid, 0o750), base
        for name in names:
            info = os.stat(os.path.join(base, name))
            assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (0, gid, 0o640), name
        assert dirs == [] or base == package


@AS_ROOT
def test_the_expiry_record(area):
    record = run_build(area, Dumps())
    path = os.path.join(area["state"], "acme", "acme_production_20261129.json")
    assert record_path(area["state"], area["plan"]) == path
    with open(path, encoding="utf-8") as handle:
        assert json.load(handle) == record
    package = os.path.join(area["packages"], "acme_production_20261129")
    assert record["path"] == package
    assert record["expires"] == "2026-12-07T09:00:00+00:00"
    assert (record["tenant"], record["environment"], record["package"]) == (
        "acme",
        "acme_production",
        "acme_production_20261129",
    )
    assert record["databases"] == ["acme_production_erp", "acme_production_portal"]
    assert record["snapshots"] == [
        {"data_set": "code", "id": "b" * 64, "time": "2026-11-29T22:00:03+01:00"},
        {"data_set": "files", "id": "d" * 64, "time": "2026-11-29T22:30:01+01:00"},
    ]
    listed = [name for name in package_files(package) if name != "SHA256SUMS"]
    assert sorted(record["files"]) == listed
    for name in listed:
        with open(os.path.join(package, name), "rb") as handle:
            content = handle.read()
        assert record["files"][name] == {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
    assert record["files"]["databases/SRV_acme_production_portal_FULL_20261129_220030.bak"]["size"] == 4
    assert published(area["state"], area["packages"], area["plan"]) == record
    assert not os.path.exists(path + ".tmp")


@AS_ROOT
def test_a_dump_that_is_not_a_zip_publishes_nothing(area):
    with pytest.raises(ExportBuildError, match="files/code.zip is not a zip archive"):
        run_build(area, garbage)
    assert_nothing_published(area)


@AS_ROOT
def test_a_zip_failing_its_crc_publishes_nothing(area):
    with pytest.raises(ExportBuildError, match="files/code.zip: member config/settings.ini fails its CRC"):
        run_build(area, corrupt)
    assert_nothing_published(area)


@AS_ROOT
def test_a_failing_dump_publishes_nothing(area):
    with pytest.raises(RuntimeError, match="restic dump code failed"):
        run_build(area, failing)
    assert_nothing_published(area)


@AS_ROOT
def test_a_missing_backup_file_publishes_nothing(area):
    os.remove(area["sources"][1])
    with pytest.raises(ExportBuildError, match="^copying %s: " % area["sources"][1]):
        run_build(area, Dumps())
    assert_nothing_published(area)


def test_an_unknown_group_is_refused_before_anything(area):
    with pytest.raises(ExportBuildError, match="^group dl_nobody_here does not exist on the vault"):
        build(area["plan"], area["staging"], area["packages"], area["state"], "dl_nobody_here", DUMPS, Dumps())
    assert_nothing_published(area)


def test_the_errors_are_plan_errors():
    # The module reports ExportPlanError (and OSError): a build error is one.
    assert issubclass(ExportBuildError, ExportPlanError)


@AS_ROOT
def test_a_leftover_staging_directory_is_replaced(area):
    leftover = os.path.join(area["staging"], "acme_production_20261129")
    os.makedirs(os.path.join(leftover, "files"))
    with open(os.path.join(leftover, "files", "half.zip"), "wb") as handle:
        handle.write(b"PK\x03\x04")
    run_build(area, Dumps())
    package = os.path.join(area["packages"], "acme_production_20261129")
    assert "files/half.zip" not in package_files(package)
    assert os.listdir(area["staging"]) == []
    verify(package)


@AS_ROOT
def test_a_package_directory_without_its_record_is_rebuilt(area):
    stale = os.path.join(area["packages"], "acme_production_20261129")
    os.makedirs(stale)
    with open(os.path.join(stale, "old.bak"), "wb") as handle:
        handle.write(b"old")
    assert published(area["state"], area["packages"], area["plan"]) is None
    run_build(area, Dumps())
    assert "old.bak" not in package_files(stale)
    assert sorted(verify(stale)) == sorted(name for name in package_files(stale) if name != "SHA256SUMS")


def test_published_needs_the_record_and_the_directory(area):
    plan = area["plan"]
    assert published(area["state"], area["packages"], plan) is None
    os.makedirs(os.path.join(area["state"], "acme"))
    with open(record_path(area["state"], plan), "w", encoding="utf-8") as handle:
        json.dump({"expires": plan["expires"]}, handle)
    assert published(area["state"], area["packages"], plan) is None
    os.makedirs(os.path.join(area["packages"], plan["name"]))
    assert published(area["state"], area["packages"], plan) == {"expires": plan["expires"]}
    with open(record_path(area["state"], plan), "w", encoding="utf-8") as handle:
        handle.write("{not json")
    with pytest.raises(ExportBuildError, match="acme_production_20261129.json: not a JSON record"):
        published(area["state"], area["packages"], plan)


@pytest.fixture
def package(area):
    if os.geteuid() != 0:
        pytest.skip("build chowns the package to root")
    run_build(area, Dumps())
    return os.path.join(area["packages"], "acme_production_20261129")


def test_verify_of_a_sound_package(package):
    files = verify(package)
    assert sorted(files) == [name for name in package_files(package) if name != "SHA256SUMS"]


def test_verify_detects_a_tampered_file(package):
    path = os.path.join(package, "databases", "SRV_acme_production_erp_FULL_20261129_220000_2.bak")
    with open(path, "r+b") as handle:
        handle.seek(10)
        handle.write(b"X")
    with pytest.raises(
        ExportBuildError,
        match="databases/SRV_acme_production_erp_FULL_20261129_220000_2.bak has SHA-256 [0-9a-f]{64}, SHA256SUMS says",
    ):
        verify(package)


def test_verify_detects_an_extra_file(package):
    with open(os.path.join(package, "files", "extra.zip"), "wb") as handle:
        handle.write(b"PK")
    with pytest.raises(
        ExportBuildError, match=r"files not in SHA256SUMS: \['files/extra.zip'\]; listed but missing: none$"
    ):
        verify(package)


def test_verify_detects_a_missing_file(package):
    os.remove(os.path.join(package, "README.txt"))
    with pytest.raises(ExportBuildError, match=r"files not in SHA256SUMS: none; listed but missing: \['README.txt'\]$"):
        verify(package)


def test_verify_without_sha256sums(package):
    os.remove(os.path.join(package, "SHA256SUMS"))
    with pytest.raises(ExportBuildError, match="no SHA256SUMS$"):
        verify(package)


def test_verify_refuses_a_path_outside_the_package(package):
    with open(os.path.join(package, "SHA256SUMS"), "a", encoding="utf-8") as handle:
        handle.write("%s  ../acme_production_20261122/README.txt\n" % ("0" * 64))
    with pytest.raises(ExportPlanError, match="^SHA256SUMS line 7: "):
        verify(package)


@AS_ROOT
def test_a_second_build_of_the_same_package_at_once_is_refused(area):
    """The lock: while one run builds a package, another run of the same package stops before touching it."""
    lock = os.path.join(area["state"], "acme", area["plan"]["name"] + ".lock")
    os.makedirs(os.path.dirname(lock), exist_ok=True)
    with open(lock, "w", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with pytest.raises(ExportBuildError, match="another run is building this package"):
            run_build(area, Dumps())
    assert os.listdir(area["packages"]) == []


@AS_ROOT
def test_a_disk_that_cannot_hold_the_backups_is_refused_first(area, monkeypatch):
    monkeypatch.setattr(
        export_build.shutil, "disk_usage", lambda path: collections.namedtuple("Usage", "total used free")(10, 9, 1)
    )
    with pytest.raises(ExportBuildError, match="bytes free, the database backups alone need"):
        run_build(area, Dumps())
    assert_nothing_published(area)
