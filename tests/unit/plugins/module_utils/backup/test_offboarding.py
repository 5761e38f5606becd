# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The offboarding record of a tenant on its backup vault: its steps, its checks, what the erasure removes."""

from __future__ import annotations

import copy
import datetime as _dt
import json

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.offboarding import (
    OffboardingError,
    decommissioned_record,
    erase_targets,
    erased_record,
    next_step,
    parse_record,
    record_path,
    returned_record,
    verify_packages,
)

NOW = _dt.datetime(2026, 12, 6, 10, 0, tzinfo=_dt.UTC)
SHA = "a" * 64


DOWNLOADER = {"account": "acme-dl-it", "person": "it", "name": "ACME IT", "keys": ["ssh-ed25519 AAAA it"]}


@pytest.fixture(scope="module")
def acme(environments):
    """acme's environments, its production with a person who downloads."""
    own = {key: copy.deepcopy(record) for key, record in environments.items() if record["tenant"] == "acme"}
    own["acme_production"]["client_access"] = {"accounts": [], "downloads": [DOWNLOADER]}
    return own


def export_of(key, record):
    name = "%s_20261129" % key
    return {
        "tenant": record["tenant"],
        "environment": key,
        "package": name,
        "path": "/srv/export/acme/packages/%s" % name,
        "full_time": "2026-12-06T09:55:00+00:00",
        "snapshots": [{"data_set": "files", "id": "f" * 64, "time": "2026-12-06T09:58:00+00:00"}],
        "expires": "2027-01-05T10:00:00+00:00",
        "files": {"README.txt": {"sha256": SHA, "size": 10}, "files/files.zip": {"sha256": "b" * 64, "size": 99}},
    }


@pytest.fixture
def returned(acme):
    return returned_record("acme", acme, [export_of(key, record) for key, record in acme.items()], NOW, "job 42")


def reread(record):
    return parse_record(json.dumps(record), record["tenant"])


def test_the_record_of_the_return_holds_the_environments_and_the_packages(returned, acme, environments):
    assert returned["stage"] == "returned" and returned["returned"] == "2026-12-06T10:00:00+00:00"
    assert returned["returned_by"] == "job 42"
    assert sorted(returned["environments"]) == sorted(acme) and len(acme) >= 2
    assert all(record["tenant"] == "acme" for record in returned["environments"].values())
    assert [entry["environment"] for entry in returned["packages"]] == list(acme)
    assert reread(returned) == returned
    assert record_path("/var/lib/divalto/backup", "acme") == "/var/lib/divalto/backup/offboarding/acme.json"


def test_a_return_without_a_package_of_every_environment_is_refused(acme):
    first = next(iter(acme))
    with pytest.raises(OffboardingError, match=r"the new record.packages: no package of "):
        returned_record("acme", acme, [export_of(first, acme[first])], NOW, "run")


@pytest.mark.parametrize(
    "record, in_registry, acknowledged, step",
    [
        (None, True, False, "return"),
        ("returned", True, False, "return"),
        ("returned", False, True, "decommission"),
        ("decommissioned", False, False, "wait"),
        ("decommissioned-past", False, False, "erase"),
        ("erased", False, False, "done"),
    ],
)
def test_the_step_of_each_run(returned, record, in_registry, acknowledged, step):
    states = {
        None: None,
        "returned": returned,
        "decommissioned": decommissioned_record(returned, NOW, 30, "run"),
        "decommissioned-past": decommissioned_record(returned, NOW - _dt.timedelta(days=31), 30, "run"),
    }
    states["erased"] = erased_record(
        states["decommissioned-past"], {"vault": "v", "accounts": [], "groups": [], "paths": []}, NOW, "run"
    )
    assert next_step(states[record], "acme", in_registry, acknowledged, NOW)["step"] == step


@pytest.mark.parametrize(
    "record, in_registry, acknowledged, message",
    [
        (None, False, False, "acme: neither a tenant of the registry nor an offboarding the vault knows"),
        (None, True, True, "offboard_returned: acme has no data-return package yet"),
        ("returned", True, True, "offboard_returned: acme is still in the registry: remove its tenant file first"),
        ("returned", False, False, "acme has left the registry and its data was returned on 2026-12-06T10:00:00"),
        ("decommissioned", True, False, "acme is in the registry again, but was decommissioned on"),
    ],
)
def test_a_run_that_cannot_go_on_says_what_to_do_first(returned, record, in_registry, acknowledged, message):
    states = {None: None, "returned": returned, "decommissioned": decommissioned_record(returned, NOW, 30, "run")}
    with pytest.raises(OffboardingError) as caught:
        next_step(states[record], "acme", in_registry, acknowledged, NOW)
    assert str(caught.value).startswith(message)


def test_the_packages_are_verified_against_the_record(returned):
    found = {entry["path"]: dict(entry["files"]) for entry in returned["packages"]}
    assert verify_packages(returned, found, NOW) == []
    # Gone after its expiry (the vault's timer): no difference; gone before it: one.
    after = _dt.datetime(2027, 1, 5, 10, 0, tzinfo=_dt.UTC)
    assert verify_packages(returned, {}, after) == []
    assert len(verify_packages(returned, {}, after - _dt.timedelta(seconds=1))) == len(returned["packages"])
    first, second = returned["packages"][:2]
    found[first["path"]] = dict(found[first["path"]], **{"README.txt": {"sha256": "c" * 64, "size": 10}})
    found[first["path"]]["extra.bin"] = {"sha256": SHA, "size": 1}
    del found[first["path"]]["files/files.zip"]
    del found[second["path"]]
    problems = verify_packages(returned, found, NOW)
    assert problems == [
        "%s: README.txt of %s has SHA-256 %s, the return recorded %s"
        % (first["environment"], first["package"], "c" * 64, SHA),
        "%s: files/files.zip is missing from %s" % (first["environment"], first["package"]),
        "%s: extra.bin in %s was not returned" % (first["environment"], first["package"]),
        "%s: package %s is gone (%s)" % (second["environment"], second["package"], second["path"]),
    ]


def test_the_retention_period_starts_at_the_decommissioning(returned):
    record = decommissioned_record(returned, NOW, 30, "job 43")
    assert record["stage"] == "decommissioned" and record["erase_after"] == "2027-01-05T10:00:00+00:00"
    assert record["decommissioned_by"] == "job 43" and reread(record) == record
    for days in (0, 3651, True, "30"):
        with pytest.raises(OffboardingError, match=r"^retention_days: expected a number of days from 1 to 3650"):
            decommissioned_record(returned, NOW, days, "run")
    with pytest.raises(OffboardingError, match=r"^record.stage: expected returned, got 'decommissioned'"):
        decommissioned_record(record, NOW, 30, "run")


def test_what_the_erasure_removes(returned):
    record = decommissioned_record(returned, NOW, 30, "run")
    pairs = sorted({env["placement"]["sql"] for env in record["environments"].values()})
    database = next(iter(next(iter(record["environments"].values()))["databases"].values()))
    sql = "/srv/sqlbackup/%s/SQL01$DIVALTO/%s" % (pairs[0], database)
    targets = erase_targets(record, "/srv/backup", "/srv/export", "/var/lib/divalto/export", "/srv/sqlbackup/", [sql])
    assert targets == {
        "tenant": "acme",
        "accounts": ["bk_acme", "acme-dl-it"],
        "groups": ["dl_acme"],
        "paths": [
            "/srv/backup/acme",
            "/srv/export/acme",
            "/var/lib/divalto/export/acme",
            "/etc/ssh/divalto_authorized_keys/bk_acme",
            "/etc/ssh/divalto_download_keys/acme-dl-it",
        ]
        + ["/etc/divalto/backup/passwords/%s" % key for key in sorted(record["environments"])]
        + [sql],
    }


@pytest.mark.parametrize(
    "path",
    [
        "/srv/sqlbackup/other-pair/SQL01/acme_prod",
        "/srv/sqlbackup/%(pair)s/SQL01/cobalt_db",
        "/srv/sqlbackup/%(pair)s/../%(pair)s/%(db)s",
        "/srv/sqlbackup/%(pair)s/%(db)s",
        "/srv/other/%(pair)s/SQL01/%(db)s",
        "/srv/sqlbackup/%(pair)s/SQL01/%(db)s/FULL",
        None,
    ],
)
def test_the_erasure_names_nothing_outside_the_tenants_sql_directories(returned, path):
    record = decommissioned_record(returned, NOW, 30, "run")
    environment = next(iter(record["environments"].values()))
    values = {"pair": environment["placement"]["sql"], "db": next(iter(environment["databases"].values()))}
    with pytest.raises(OffboardingError, match=r"^sql_directories\[0\]: expected /srv/sqlbackup/<SQL pair of the"):
        erase_targets(record, "/srv/backup", "/srv/export", "/x", "/srv/sqlbackup", [path % values if path else path])


def test_the_erasure_record_keeps_the_checksums(returned):
    record = decommissioned_record(returned, NOW - _dt.timedelta(days=30), 30, "run")
    removed = {"vault": "vault-sxb1-01", "accounts": ["bk_acme"], "groups": ["dl_acme"], "paths": ["/srv/backup/acme"]}
    erased = erased_record(record, removed, NOW, "job 44")
    assert erased["stage"] == "erased" and erased["erased"] == "2026-12-06T10:00:00+00:00"
    assert erased["removed"] == removed and erased["erased_by"] == "job 44"
    assert erased["packages"] == returned["packages"] and reread(erased) == erased
    with pytest.raises(OffboardingError, match=r"^now: 2026-12-05T10:00:00\+00:00 is before erase_after"):
        erased_record(record, removed, NOW - _dt.timedelta(days=1), "run")


def _broken(record, change):
    data = json.loads(json.dumps(record))
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda r: r.update(version=2), "record.version: expected 1, got 2"),
        (lambda r: r.update(tenant="cobalt"), "record.tenant: expected acme, got 'cobalt'"),
        (
            lambda r: r.update(stage="gone"),
            "record.stage: expected one of returned, decommissioned, erased, got 'gone'",
        ),
        (lambda r: r.update(returned="yesterday"), "record.returned: expected a date and time with its offset"),
        (lambda r: r.update(returned="2026-12-06T10:00:00"), "record.returned: expected a date and time with its"),
        (lambda r: r.update(environments={}), "record.environments: expected the tenant's environment records"),
        (lambda r: r.update(packages=[]), "record.packages: expected the returned packages, got []"),
        (lambda r: r["packages"][0].update(path="relative/x"), "record.packages[0].path: expected an absolute path"),
        (lambda r: r["packages"][0].update(path="/srv/../etc"), "record.packages[0].path: expected an absolute path"),
        (lambda r: r["packages"][0].update(environment="cobalt_production"), "record.packages[0].environment: "),
        (lambda r: r["packages"][0].update(files={}), "record.packages[0].files: expected the package's files"),
        (
            lambda r: r["packages"][0]["files"].update({"../../etc/passwd": {"sha256": SHA, "size": 1}}),
            "record.packages[0].files: expected a file name of the package",
        ),
        (
            lambda r: r["packages"][0]["files"]["README.txt"].update(sha256="x" * 64),
            "record.packages[0].files[README.txt].sha256: expected 64 hexadecimal digits",
        ),
        (
            lambda r: r["packages"][0]["files"]["README.txt"].update(size=-1),
            "record.packages[0].files[README.txt].size: expected a size in bytes, got -1",
        ),
        (lambda r: r.update(stage="decommissioned"), "record.decommissioned: expected a date and time"),
        (
            lambda r: next(iter(r["environments"].values())).update(tenant="cobalt"),
            "record.environments[acme_",
        ),
    ],
)
def test_a_careless_or_hostile_record_is_refused_naming_the_field(returned, change, message):
    with pytest.raises(OffboardingError) as caught:
        parse_record(_broken(returned, change), "acme", "record")
    assert str(caught.value).startswith(message)
    assert len(str(caught.value)) < 400


@pytest.mark.parametrize(
    "text, message",
    [
        ("{", "record: not JSON"),
        ("[]", "record: expected a mapping, got []"),
        ('"x" ' * 10, "record: not JSON"),
        (b"{}", "record: expected the record's JSON text"),
        ("x" * 100000, "record: not JSON"),
    ],
)
def test_what_is_not_a_record(text, message):
    with pytest.raises(OffboardingError) as caught:
        parse_record(text, "acme", "record")
    assert str(caught.value).startswith(message)
    assert len(str(caught.value)) < 400


def test_no_record_and_bad_tenants():
    assert parse_record(None, "acme") is None and parse_record("  \n", "acme") is None
    for tenant in ("Acme", "a", "../x", "acme/../b", "x" * 17, None):
        with pytest.raises(OffboardingError, match=r"^tenant: expected a tenant name"):
            record_path("/var/lib/divalto/backup", tenant)


def test_a_package_of_an_earlier_night_is_refused_after_final_backups(acme):
    exports = [export_of(key, record) for key, record in acme.items()]
    started = _dt.datetime(2026, 12, 6, 10, 0, tzinfo=_dt.UTC)
    # Within the clocks' margin: the final backups of this run.
    assert returned_record("acme", acme, exports, NOW, "run", started, 30)["stage"] == "returned"
    exports[0] = dict(exports[0], full_time="2026-11-29T21:00:00+01:00")
    with pytest.raises(OffboardingError) as caught:
        returned_record("acme", acme, exports, NOW, "run", started)
    assert str(caught.value).startswith(
        "exports[0] ('acme_production_20261129'): built from backups of 2026-11-29T21:00:00+01:00, before this run's"
    )


def test_a_package_expiring_before_the_return_period_ends_is_refused(acme):
    exports = [export_of(key, record) for key, record in acme.items()]
    exports[1] = dict(exports[1], expires="2026-12-13T10:00:00+00:00")
    with pytest.raises(
        OffboardingError, match=r"^exports\[1\] .*expires on 2026-12-13T10:00:00\+00:00, before the 30 days"
    ):
        returned_record("acme", acme, exports, NOW, "run", days=30)


def test_an_acknowledged_run_before_the_retention_date_decommissions_again(returned):
    record = decommissioned_record(returned, NOW, 30, "run")
    assert next_step(record, "acme", False, True, NOW)["step"] == "decommission"
    assert next_step(record, "acme", False, True, NOW + _dt.timedelta(days=31))["step"] == "erase"


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda e: e["client_access"]["downloads"][0].update(account="sshd"), "expected acme-dl-<person>, got 'sshd'"),
        (
            lambda e: e["client_access"]["downloads"][0].update(account="cobalt-dl-it"),
            "expected acme-dl-<person>, got 'cobalt-dl-it'",
        ),
        (lambda e: e.update(client_access={"downloads": "x"}), "client_access.downloads: expected a list"),
        (lambda e: e.update(placement={"sql": "../x"}), "placement.sql: expected an HA pair name, got '../x'"),
        (lambda e: e.update(placement=None), "placement: expected a mapping"),
        (lambda e: e.update(databases={"erp": "a/b"}), "databases.erp: expected a database name, got 'a/b'"),
    ],
)
def test_names_the_erasure_would_use_are_checked_when_the_record_is_read(returned, change, message):
    data = json.loads(json.dumps(returned))
    change(data["environments"]["acme_production"])
    with pytest.raises(OffboardingError) as caught:
        parse_record(json.dumps(data), "acme", "record")
    assert str(caught.value).startswith("record.environments[acme_production]"), str(caught.value)
    assert message in str(caught.value)
