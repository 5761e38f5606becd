# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""roles/backup_vault/files/divalto-export-expire: the timer's script removing the expired D+1 backup packages."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil

import pytest

from ansible_collections.divalto.cloud.tests.unit.roles.script_loader import load_script

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)

expire_script = load_script("backup_vault", "divalto-export-expire")


class Vault:
    """The expiry records and the download area of packages, as divalto.cloud.backup_export leaves them."""

    def __init__(self, root):
        self.state = root / "state"
        self.area = root / "export"
        self.state.mkdir()
        self.area.mkdir()

    def package(self, tenant, name, expires, path=None, make=True):
        """A published package and its record; returns (package directory, record file)."""
        directory = self.area / tenant / "packages" / name
        if make:
            (directory / "databases").mkdir(parents=True)
            (directory / "databases" / "erp.bak").write_bytes(b"erp")
            (directory / "SHA256SUMS").write_text("", encoding="utf-8")
        record = self.state / tenant / (name + ".json")
        record.parent.mkdir(exist_ok=True)
        record.write_text(
            json.dumps({"tenant": tenant, "package": name, "path": str(path or directory), "expires": expires}),
            encoding="utf-8",
        )
        return directory, record

    def expire(self, now=NOW):
        return expire_script.expire(str(self.state), str(self.area), now)


@pytest.fixture
def vault(tmp_path):
    return Vault(tmp_path)


def test_expired_packages_are_removed_the_others_kept(vault):
    old, old_record = vault.package("acme", "acme_production_20261122", "2026-11-29T09:00:00+00:00")
    due, due_record = vault.package("acme", "acme_production_20261129", "2026-12-07T10:00:00+01:00")
    kept, kept_record = vault.package("acme", "acme_production_20261206", "2026-12-07T09:00:01+00:00")
    other, other_record = vault.package("cobalt", "cobalt_production_20261122", "2026-11-29T09:00:00+00:00")
    removed, problems = vault.expire()
    assert problems == []
    assert removed == [
        "removed %s of tenant acme (expired 2026-11-29T09:00:00+00:00)" % os.path.realpath(old),
        "removed %s of tenant acme (expired 2026-12-07T10:00:00+01:00)" % os.path.realpath(due),
        "removed %s of tenant cobalt (expired 2026-11-29T09:00:00+00:00)" % os.path.realpath(other),
    ]
    for path in (old, old_record, due, due_record, other, other_record):
        assert not path.exists(), path
    assert kept.is_dir() and kept_record.is_file()
    assert (vault.area / "acme" / "packages").is_dir()
    # A second run has nothing to do.
    assert vault.expire() == ([], [])


def test_a_record_whose_package_is_already_gone_is_removed(vault):
    _directory, record = vault.package("acme", "acme_production_20261122", "2026-11-29T09:00:00+00:00", make=False)
    removed, problems = vault.expire()
    assert (len(removed), problems) == (1, [])
    assert not record.exists()


@pytest.mark.parametrize(
    "path",
    [
        "{area}/cobalt/packages/cobalt_production_20261122",
        "{area}/acme/packages",
        "{area}/acme/packages/",
        "{area}/acme",
        "{area}/acme/packages/acme_production_20261122/databases",
        "{area}/acme/packages/../../cobalt/packages/cobalt_production_20261122",
        "{state}",
        "/etc",
        "relative/acme/packages/x",
    ],
)
def test_a_path_outside_the_tenants_packages_is_refused_and_left(vault, path):
    victim = vault.area / "cobalt" / "packages" / "cobalt_production_20261122"
    (victim / "databases").mkdir(parents=True)
    nested = vault.area / "acme" / "packages" / "acme_production_20261122" / "databases"
    nested.mkdir(parents=True)
    bad = path.format(area=vault.area, state=vault.state)
    directory, record = vault.package(
        "acme", "acme_production_20261122", "2026-11-29T09:00:00+00:00", path=bad, make=False
    )
    kept, kept_record = vault.package("acme", "acme_production_20261129", "2026-11-30T09:00:00+00:00")
    removed, problems = vault.expire()
    assert problems == [
        "%s: path %s is not a package of %s/"
        % (record, bad, os.path.join(os.path.realpath(vault.area), "acme", "packages"))
    ]
    # The record is left for a person to look at; the others are handled.
    assert record.is_file()
    assert removed == ["removed %s of tenant acme (expired 2026-11-30T09:00:00+00:00)" % os.path.realpath(kept)]
    assert not kept_record.exists()
    assert victim.is_dir() and nested.is_dir() and vault.state.is_dir() and directory.is_dir()


def test_a_symbolic_link_out_of_the_packages_is_refused(vault, tmp_path):
    outside = tmp_path / "precious"
    outside.mkdir()
    link = vault.area / "acme" / "packages" / "acme_production_20261122"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    _directory, record = vault.package("acme", "acme_production_20261122", "2026-11-29T09:00:00+00:00", make=False)
    removed, problems = vault.expire()
    assert removed == []
    assert len(problems) == 1 and problems[0].startswith("%s: path %s is not a package of " % (record, link))
    assert outside.is_dir() and record.is_file()


@pytest.mark.parametrize(
    "content, problem",
    [
        ("{not json", "unreadable record (Expecting property name enclosed in double quotes"),
        ('{"path": "/srv/export/acme/packages/x"}', "unreadable record ('expires')"),
        ('{"expires": "2026-11-29T09:00:00+00:00"}', "unreadable record ('path')"),
        ('{"expires": "next week", "path": "/x"}', "unreadable record (Invalid isoformat string: 'next week')"),
        ('{"expires": 20261129, "path": "/x"}', "unreadable record (fromisoformat: argument must be str)"),
        ('["2026-11-29T09:00:00+00:00"]', "unreadable record (list indices must be integers or slices, not str)"),
        ('{"expires": "2026-11-29T09:00:00", "path": "/x"}', "expires 2026-11-29T09:00:00 has no UTC offset"),
    ],
)
def test_a_record_that_cannot_be_read_is_reported_and_the_others_handled(vault, content, problem):
    bad = vault.state / "acme" / "acme_production_20261101.json"
    bad.parent.mkdir()
    bad.write_text(content, encoding="utf-8")
    due, _record = vault.package("acme", "acme_production_20261122", "2026-11-29T09:00:00+00:00")
    removed, problems = vault.expire()
    assert len(problems) == 1 and problems[0].startswith("%s: %s" % (bad, problem)), problems
    assert len(removed) == 1 and not due.exists()
    assert bad.is_file()


def test_other_files_of_the_state_directory_are_ignored(vault):
    (vault.state / "notes.json").write_text("{", encoding="utf-8")
    (vault.state / "acme").mkdir()
    (vault.state / "acme" / "acme_production_20261122.json.tmp").write_text("{", encoding="utf-8")
    assert vault.expire() == ([], [])


def test_a_missing_state_directory_is_fine(tmp_path):
    assert expire_script.expire(str(tmp_path / "none"), str(tmp_path), NOW) == ([], [])
    assert expire_script.main(["--state-dir", str(tmp_path / "none"), "--area-root", str(tmp_path)]) == 0


def test_main_prints_what_it_removed(vault, capsys):
    due, _record = vault.package("acme", "acme_production_20261122", "2026-11-29T09:00:00+00:00")
    kept, _kept_record = vault.package("acme", "acme_production_20261206", "2026-12-13T09:00:00+00:00")
    arguments = ["--state-dir", str(vault.state), "--area-root", str(vault.area), "--now", "2026-12-07T10:00:00+01:00"]
    assert expire_script.main(arguments) == 0
    captured = capsys.readouterr()
    assert captured.out == "removed %s of tenant acme (expired 2026-11-29T09:00:00+00:00)\n" % os.path.realpath(due)
    assert captured.err == ""
    assert not due.exists() and kept.is_dir()


def test_main_exits_1_on_a_problem_after_handling_the_rest(vault, capsys):
    bad = vault.state / "acme" / "acme_production_20261101.json"
    bad.parent.mkdir()
    bad.write_text("{", encoding="utf-8")
    due, _record = vault.package("acme", "acme_production_20261122", "2026-11-29T09:00:00+00:00")
    arguments = ["--state-dir", str(vault.state), "--area-root", str(vault.area), "--now", "2026-12-07T09:00:00Z"]
    assert expire_script.main(arguments) == 1
    captured = capsys.readouterr()
    assert captured.out == "removed %s of tenant acme (expired 2026-11-29T09:00:00+00:00)\n" % os.path.realpath(due)
    assert captured.err.startswith("%s: unreadable record (" % bad)
    assert captured.err.count("\n") == 1


def test_main_refuses_a_now_without_offset(vault, capsys):
    due, _record = vault.package("acme", "acme_production_20261122", "2026-11-29T09:00:00+00:00")
    with pytest.raises(SystemExit) as caught:
        expire_script.main(
            ["--state-dir", str(vault.state), "--area-root", str(vault.area), "--now", "2026-12-07T09:00:00"]
        )
    assert caught.value.code == 2
    assert "--now needs a UTC offset" in capsys.readouterr().err
    assert due.is_dir()


def test_a_package_that_cannot_be_removed_is_reported_and_the_others_handled(vault, monkeypatch):
    stuck, stuck_record = vault.package("acme", "acme_production_20261122", "2026-11-29T09:00:00+00:00")
    due, _record = vault.package("cobalt", "cobalt_production_20261122", "2026-11-29T09:00:00+00:00")
    real_rmtree = expire_script.shutil.rmtree

    def rmtree(path, *args, **kwargs):
        if os.path.realpath(path) == os.path.realpath(stuck):
            raise PermissionError(13, "Operation not permitted", str(path))
        return real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(expire_script.shutil, "rmtree", rmtree)
    removed, problems = vault.expire()
    assert len(problems) == 1 and problems[0].startswith(str(stuck_record))
    assert stuck_record.is_file()
    assert len(removed) == 1 and not due.exists()


def test_a_file_where_the_package_should_be_is_reported_and_left(vault):
    package, record = vault.package("acme", "acme_production_20261122", "2026-11-29T09:00:00+00:00")
    shutil.rmtree(package)
    package.write_text("not a package\n")
    removed, problems = vault.expire()
    assert removed == []
    assert len(problems) == 1 and "is not a package directory" in problems[0]
    assert package.is_file() and record.is_file()


def staged(vault, name, hours_old):
    """A build's staging directory (a zip half-written), last modified ``hours_old`` hours before NOW."""
    directory = vault.area / expire_script.STAGING / name
    (directory / "files").mkdir(parents=True)
    (directory / "files" / "files.zip").write_bytes(b"PK")
    stamp = NOW.timestamp() - hours_old * 3600
    os.utime(directory, (stamp, stamp))
    return directory


def sweep(vault, hours=24):
    return expire_script.sweep_staging(str(vault.state), str(vault.area), NOW, hours)


def test_a_killed_build_s_leftovers_are_removed_once_old_and_the_recent_kept(vault):
    old = staged(vault, "acme_production_20261122", 30)
    recent = staged(vault, "acme_staging_20261206", 2)
    removed, problems = sweep(vault)
    assert problems == []
    assert removed == ["removed %s, left by a build that did not publish (30 h old)" % old]
    assert not old.exists() and recent.is_dir()
    assert (vault.state / "acme" / "acme_production_20261122.lock").is_file()


def test_a_build_holding_its_lock_is_never_touched(vault):
    building = staged(vault, "cobalt_production_20261122", 48)
    lock = vault.state / "cobalt" / "cobalt_production_20261122.lock"
    lock.parent.mkdir(parents=True)
    with open(lock, "w", encoding="utf-8") as handle:
        expire_script.fcntl.flock(handle, expire_script.fcntl.LOCK_EX | expire_script.fcntl.LOCK_NB)
        assert sweep(vault) == ([], [])
    assert building.is_dir()
    removed, _problems = sweep(vault)
    assert len(removed) == 1 and not building.exists()


@pytest.mark.parametrize("name", ["..lock", "no-underscore", "Acme_production_20261122"])
def test_a_name_that_is_not_a_package_s_is_reported_and_left(vault, name):
    odd = staged(vault, name, 48)
    removed, problems = sweep(vault)
    assert removed == [] and problems == ["%s: not a build's directory, left" % odd]
    assert odd.is_dir() and not any(vault.state.rglob("*.lock"))


def test_main_sweeps_after_expiring(vault, capsys):
    old = staged(vault, "acme_production_20261122", 30)
    code = expire_script.main(
        [
            "--state-dir",
            str(vault.state),
            "--area-root",
            str(vault.area),
            "--now",
            NOW.isoformat(),
            "--staging-hours",
            "48",
        ]
    )
    assert code == 0 and old.is_dir() and capsys.readouterr().out == ""
    code = expire_script.main(
        ["--state-dir", str(vault.state), "--area-root", str(vault.area), "--now", NOW.isoformat()]
    )
    assert code == 0 and not old.exists()
    assert capsys.readouterr().out == "removed %s, left by a build that did not publish (30 h old)\n" % old
