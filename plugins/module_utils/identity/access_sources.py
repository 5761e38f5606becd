# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the access review's inputs besides the model, each checked before it is used.

Every one is hostile until checked: a directory attribute (``lastLogonTimestamp``, ``userAccountControl``), a
recorded SQL Server file, the vault's SSH keys, the previous review. A bad one fails the review with a message that
names the input, where in it, and a short excerpt of the bad value (``core.text.excerpt``), before anything is
written.

The recorded SQL access of one environment (docs/identity.md, "Access review") is a JSON file
``<access_review_sql_dir>/<environment key>.json``::

    {"environment": "acme_production", "recorded_at": "2026-11-30T22:00:00Z", "instance": "SQL-PAR1-A",
     "logins": [{"name": "CLOUD\\\\gg_acme_production", "type": "windows_group", "disabled": false}],
     "database_users": [{"database": "acme_production_erp", "name": "CLOUD\\\\gg_acme_production",
                         "login": "CLOUD\\\\gg_acme_production", "roles": ["db_datareader", "db_datawriter"]}]}
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import CalendarError, parse_timestamp
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

REVIEW_KIND = "access_review"
REVIEW_VERSION = 1
# A recording of one environment's SQL access is small; a review of the whole platform is not (about 75 MB of
# JSON at 2,000 tenants with 10 people per group).
MAX_BYTES = 20 * 1024 * 1024
REVIEW_MAX_BYTES = 512 * 1024 * 1024
# lastLogonTimestamp: 100-nanosecond intervals since 1601-01-01 UTC (a Windows FILETIME); 0 or this value: never.
FILETIME_EPOCH = _dt.datetime(1601, 1, 1, tzinfo=_dt.timezone.utc)
FILETIME_NEVER = (0, 0x7FFFFFFFFFFFFFFF)
FILETIME_MAX = (_dt.datetime(9999, 12, 31, tzinfo=_dt.timezone.utc) - FILETIME_EPOCH) // _dt.timedelta(microseconds=1)
ACCOUNT_DISABLED_FLAG = 0x2
SQL_LOGIN_TYPES = ("windows_user", "windows_group", "sql_login", "certificate", "asymmetric_key", "external")
SQL_KEYS = {"environment", "recorded_at", "instance", "logins", "database_users"}
GRANT_KEYS = ("tenant", "environment", "path", "principal")


class AccessReviewError(DivaltoError):
    """An input of the access review is not what it must be; the message names it and where."""


def filetime(value: Any, where: str) -> _dt.datetime | None:
    """The UTC time of a FILETIME attribute value (as LDAP returns it, a decimal string), None for never/absent."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, list):
        if len(value) != 1:
            raise AccessReviewError("%s: expected one FILETIME value, got %s" % (where, excerpt(value)))
        value = value[0]
    text = value.strip() if isinstance(value, str) else value
    if isinstance(text, bool) or not (isinstance(text, int) or (isinstance(text, str) and text.isdigit())):
        raise AccessReviewError("%s: expected a FILETIME (a non-negative integer), got %s" % (where, excerpt(value)))
    number = int(text)
    if number in FILETIME_NEVER:
        return None
    if number // 10 > FILETIME_MAX:
        raise AccessReviewError("%s: FILETIME %s is after the year 9999" % (where, excerpt(value)))
    return FILETIME_EPOCH + _dt.timedelta(microseconds=number // 10)


def account_disabled(value: Any, where: str) -> bool | None:
    """Whether ``userAccountControl`` has ACCOUNTDISABLE (0x2); None when absent (not an account)."""
    if value is None or value == []:
        return None
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    text = value.strip() if isinstance(value, str) else value
    try:
        number = int(text) if isinstance(text, (str, int)) and not isinstance(text, bool) else None
    except ValueError:
        number = None
    if number is None:
        raise AccessReviewError("%s: expected userAccountControl (an integer), got %s" % (where, excerpt(value)))
    return bool(number & ACCOUNT_DISABLED_FLAG)


def _json(data: bytes, where: str, limit: int = MAX_BYTES) -> Any:
    if len(data) > limit:
        raise AccessReviewError("%s: larger than %d bytes" % (where, limit))
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise AccessReviewError("%s: not UTF-8 (byte %d)" % (where, exc.start)) from None
    except ValueError as exc:
        raise AccessReviewError("%s: not JSON: %s" % (where, exc)) from None


def _text_field(record: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
    value = record.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip() or len(value) > 256:
        raise AccessReviewError(
            "%s.%s: expected a non-empty name (at most 256 characters), got %s" % (where, key, excerpt(value))
        )
    return value


def _records(document: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise AccessReviewError("%s.%s: expected a list, got %s" % (where, key, excerpt(value)))
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise AccessReviewError("%s.%s[%d]: expected a mapping, got %s" % (where, key, index, excerpt(item)))
    return value


def _time(value: Any, where: str, now: _dt.datetime) -> str:
    try:
        when = parse_timestamp(value, where)
    except CalendarError as exc:
        raise AccessReviewError(str(exc)) from None
    if when > now:
        raise AccessReviewError("%s: %s is in the future" % (where, excerpt(value)))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_sql_recording(data: bytes, source: str, environment: str, now: _dt.datetime) -> dict[str, Any]:
    """The recorded SQL logins and database users of ``environment``, from the file ``source`` holding ``data``."""
    document = _json(data, source)
    if not isinstance(document, Mapping):
        raise AccessReviewError("%s: expected a JSON object, got %s" % (source, excerpt(document)))
    unknown = sorted(set(document) - SQL_KEYS)
    if unknown:
        raise AccessReviewError(
            "%s: unknown key(s) %s (expected %s)" % (source, excerpt(unknown), ", ".join(sorted(SQL_KEYS)))
        )
    if document.get("environment") != environment:
        raise AccessReviewError(
            "%s.environment: expected %r (the file's name), got %s"
            % (source, environment, excerpt(document.get("environment")))
        )
    logins = []
    for index, login in enumerate(_records(document, "logins", source)):
        where = "%s.logins[%d]" % (source, index)
        if login.get("type") not in SQL_LOGIN_TYPES:
            raise AccessReviewError(
                "%s.type: expected one of %s, got %s" % (where, ", ".join(SQL_LOGIN_TYPES), excerpt(login.get("type")))
            )
        disabled = login.get("disabled", False)
        if not isinstance(disabled, bool):
            raise AccessReviewError("%s.disabled: expected true or false, got %s" % (where, excerpt(disabled)))
        logins.append({"name": _text_field(login, "name", where), "type": login["type"], "disabled": disabled})
    users = []
    for index, user in enumerate(_records(document, "database_users", source)):
        where = "%s.database_users[%d]" % (source, index)
        roles = user.get("roles", [])
        if not isinstance(roles, list) or not all(isinstance(role, str) and role for role in roles):
            raise AccessReviewError("%s.roles: expected a list of role names, got %s" % (where, excerpt(roles)))
        users.append(
            {
                "database": _text_field(user, "database", where),
                "name": _text_field(user, "name", where),
                "login": _text_field(user, "login", where, required=False),
                "roles": sorted(set(roles)),
            }
        )
    return {
        "status": "recorded",
        "source": source,
        "recorded_at": _time(document.get("recorded_at"), source + ".recorded_at", now),
        "instance": _text_field(document, "instance", source, required=False),
        "logins": sorted(logins, key=lambda item: item["name"].lower()),
        "database_users": sorted(users, key=lambda item: (item["database"], item["name"].lower())),
    }


def key_fingerprint(key: Any, where: str) -> dict[str, str]:
    """``{type, fingerprint, comment}`` of an OpenSSH public key line (fingerprint as ``ssh-keygen -l`` shows it)."""
    parts = key.split() if isinstance(key, str) else []
    if len(parts) < 2 or not parts[0].startswith(("ssh-", "ecdsa-", "sk-")):
        raise AccessReviewError(
            "%s: expected an OpenSSH public key ('ssh-ed25519 AAAA... comment'), got %s" % (where, excerpt(key, 30))
        )
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise AccessReviewError("%s: the key's base64 is invalid: %s" % (where, excerpt(parts[1], 30))) from None
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii").rstrip("=")
    return {"type": parts[0], "fingerprint": "SHA256:" + digest, "comment": " ".join(parts[2:])[:100]}


def parse_vault_keys(keys: Any, tenants: Sequence[str]) -> dict[str, list[dict[str, str]]]:
    """Tenant -> fingerprints of the SSH keys its backup vault account accepts (``backup_vault_authorized_keys``)."""
    if not isinstance(keys, Mapping):
        raise AccessReviewError(
            "vault_keys: expected a mapping of tenant -> list of public keys, got %s" % excerpt(keys)
        )
    result = {}
    for tenant, listed in sorted(keys.items(), key=lambda item: str(item[0])):
        if tenant not in tenants:
            raise AccessReviewError("vault_keys: tenant %s is not in the directory model" % excerpt(tenant))
        if not isinstance(listed, list):
            raise AccessReviewError("vault_keys.%s: expected a list of public keys, got %s" % (tenant, excerpt(listed)))
        result[tenant] = sorted(
            (key_fingerprint(key, "vault_keys.%s[%d]" % (tenant, index)) for index, key in enumerate(listed)),
            key=lambda item: item["fingerprint"],
        )
    return result


def parse_previous(data: bytes, source: str, now: _dt.datetime) -> dict[str, Any]:
    """``{source, time, grants}`` of a previous review's JSON, checked whole."""
    document = _json(data, source, REVIEW_MAX_BYTES)
    if not isinstance(document, Mapping) or document.get("kind") != REVIEW_KIND:
        raise AccessReviewError(
            "%s: not an access review (no kind: %s), got %s" % (source, REVIEW_KIND, excerpt(document))
        )
    if document.get("version") != REVIEW_VERSION:
        raise AccessReviewError(
            "%s.version: expected %d, got %s" % (source, REVIEW_VERSION, excerpt(document.get("version")))
        )
    time = _time(document.get("time"), source + ".time", now)
    grants = _records(document, "grants", source)
    checked = []
    for index, grant in enumerate(grants):
        where = "%s.grants[%d]" % (source, index)
        for key in GRANT_KEYS:
            value = grant.get(key)
            if not isinstance(value, str) or len(value) > 1024:
                raise AccessReviewError("%s.%s: expected a string, got %s" % (where, key, excerpt(value)))
        detail = grant.get("detail", "")
        if not isinstance(detail, str):
            raise AccessReviewError("%s.detail: expected a string, got %s" % (where, excerpt(detail)))
        checked.append(dict({key: grant[key] for key in GRANT_KEYS}, detail=detail))
    return {"source": source, "time": time, "grants": checked}
