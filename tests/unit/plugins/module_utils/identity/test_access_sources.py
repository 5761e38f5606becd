# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access review's inputs: FILETIME and userAccountControl values, SQL recordings, vault keys, the previous
review; each refused with a message naming it and where."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_sources import (
    AccessReviewError,
    account_disabled,
    filetime,
    key_fingerprint,
    parse_previous,
    parse_sql_recording,
    parse_vault_keys,
)

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
UNIX_EPOCH_FILETIME = 116444736000000000
KEY_BLOB = b"\x00\x00\x00\x0bssh-ed25519" + bytes(range(36))
KEY = "ssh-ed25519 %s root@fs-par1-a" % base64.b64encode(KEY_BLOB).decode()


def test_filetime_is_100ns_since_1601_utc():
    assert filetime(str(UNIX_EPOCH_FILETIME), "x") == dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    # 2026-11-20T10:00:00Z, computed from its Unix time.
    unix = int(dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC).timestamp())
    assert filetime([str(UNIX_EPOCH_FILETIME + unix * 10**7 + 9)], "x") == dt.datetime(
        2026, 11, 20, 10, 0, 0, 0, tzinfo=dt.UTC
    )


@pytest.mark.parametrize("never", [None, "", [], "0", "9223372036854775807", ["0"]])
def test_filetime_never(never):
    assert filetime(never, "x") is None


@pytest.mark.parametrize("bad", ["-1", "12ab", "1.5", True, ["1", "2"], "99999999999999999999"])
def test_filetime_refuses_what_is_not_one(bad):
    with pytest.raises(AccessReviewError, match="^accounts CN=bob lastLogonTimestamp: "):
        filetime(bad, "accounts CN=bob lastLogonTimestamp")


def test_account_disabled_reads_bit_0x2():
    assert account_disabled("514", "x") is True
    assert account_disabled(["66050"], "x") is True
    assert account_disabled("512", "x") is False
    assert account_disabled("66048", "x") is False
    assert account_disabled(None, "x") is None
    with pytest.raises(AccessReviewError, match="uac: expected userAccountControl"):
        account_disabled("enabled", "uac")


def recording(**changes):
    document = {
        "environment": "acme_production",
        "recorded_at": "2026-11-30T22:00:00Z",
        "instance": "SQL-PAR1-A",
        "logins": [
            {"name": "CLOUD\\gg_acme_production", "type": "windows_group"},
            {"name": "acme_report", "type": "sql_login", "disabled": True},
        ],
        "database_users": [
            {
                "database": "acme_production_erp",
                "name": "CLOUD\\gg_acme_production",
                "login": "CLOUD\\gg_acme_production",
                "roles": ["db_datawriter", "db_datareader"],
            }
        ],
    }
    document.update(changes)
    return json.dumps(document).encode()


def test_sql_recording_read_and_sorted():
    sql = parse_sql_recording(recording(), "sql/acme_production.json", "acme_production", NOW)
    assert sql["status"] == "recorded" and sql["recorded_at"] == "2026-11-30T22:00:00Z"
    assert [login["name"] for login in sql["logins"]] == ["acme_report", "CLOUD\\gg_acme_production"]
    assert sql["logins"][0]["disabled"] is True and sql["logins"][1]["disabled"] is False
    assert sql["database_users"][0]["roles"] == ["db_datareader", "db_datawriter"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe", "sql/acme_production.json: not UTF-8"),
        (b"{", "sql/acme_production.json: not JSON"),
        (b"[]", "expected a JSON object"),
        (recording(extra=1), "unknown key(s) ['extra']"),
        (recording(environment="acme_staging"), ".environment: expected 'acme_production' (the file's name)"),
        (recording(recorded_at="yesterday"), "is not an ISO-8601 timestamp"),
        (recording(recorded_at="2027-01-01T00:00:00Z"), "is in the future"),
        (recording(logins={"a": 1}), ".logins: expected a list"),
        (recording(logins=[{"name": "x", "type": "admin"}]), ".logins[0].type: expected one of windows_user"),
        (recording(logins=[{"name": "", "type": "sql_login"}]), ".logins[0].name: expected a non-empty name"),
        (recording(logins=[{"name": "x", "type": "sql_login", "disabled": "no"}]), ".logins[0].disabled"),
        (recording(database_users=[{"database": "d", "name": "n", "roles": "db_owner"}]), "database_users[0].roles"),
    ],
)
def test_sql_recording_refused(data, message):
    with pytest.raises(AccessReviewError) as caught:
        parse_sql_recording(data, "sql/acme_production.json", "acme_production", NOW)
    assert message in str(caught.value)
    assert len(str(caught.value)) < 300


def test_key_fingerprint_is_ssh_keygen_s():
    expected = "SHA256:" + base64.b64encode(hashlib.sha256(KEY_BLOB).digest()).decode().rstrip("=")
    assert key_fingerprint(KEY, "k") == {"type": "ssh-ed25519", "fingerprint": expected, "comment": "root@fs-par1-a"}


def test_vault_keys_checked():
    assert parse_vault_keys({"acme": [KEY]}, ["acme", "cobalt"])["acme"][0]["comment"] == "root@fs-par1-a"
    with pytest.raises(AccessReviewError, match="vault_keys: tenant 'delta' is not in the directory model"):
        parse_vault_keys({"delta": []}, ["acme"])
    with pytest.raises(AccessReviewError, match=r"vault_keys.acme\[0\]: expected an OpenSSH public key"):
        parse_vault_keys({"acme": ["-----BEGIN PRIVATE KEY----- secret"]}, ["acme"])
    with pytest.raises(AccessReviewError, match=r"vault_keys.acme\[0\]: the key's base64 is invalid"):
        parse_vault_keys({"acme": ["ssh-rsa not*base64"]}, ["acme"])
    with pytest.raises(AccessReviewError, match="vault_keys.acme: expected a list"):
        parse_vault_keys({"acme": KEY}, ["acme"])


def review(**changes):
    document = {
        "kind": "access_review",
        "version": 1,
        "time": "2026-09-01T08:00:00Z",
        "grants": [dict(tenant="acme", environment="production", path="group g", principal="bob", detail="")],
    }
    document.update(changes)
    return json.dumps(document).encode()


def test_previous_review_read():
    previous = parse_previous(review(), "reports/r.json", NOW)
    assert previous["time"] == "2026-09-01T08:00:00Z" and previous["grants"][0]["principal"] == "bob"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"null", "reports/r.json: not an access review"),
        (review(kind="directory_sync"), "not an access review"),
        (review(version=2), "reports/r.json.version: expected 1"),
        (review(time="2027-01-01T00:00:00Z"), "reports/r.json.time: '2027-01-01T00:00:00Z' is in the future"),
        (review(grants="all"), "reports/r.json.grants: expected a list"),
        (review(grants=[{"tenant": "acme"}]), "reports/r.json.grants[0].environment: expected a string, got None"),
        (review(grants=[dict(tenant="a", environment="", path="p", principal="x", detail=3)]), "grants[0].detail"),
    ],
)
def test_previous_review_refused(data, message):
    with pytest.raises(AccessReviewError) as caught:
        parse_previous(data, "reports/r.json", NOW)
    assert message in str(caught.value)


def test_size_limits():
    big = b" " * (20 * 1024 * 1024 + 1)
    with pytest.raises(AccessReviewError, match="sql/acme_production.json: larger than 20971520 bytes"):
        parse_sql_recording(big, "sql/acme_production.json", "acme_production", NOW)
    # A review of the whole platform may be far larger than a recording.
    assert parse_previous(review() + big, "reports/r.json", NOW)["grants"][0]["principal"] == "bob"
