# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the access review, per tenant and environment, who can reach it and through what.

Inputs: the directory model (``divalto_identity``), the environment records (``divalto_environments``: share,
file server, databases), what the directory holds (the managed groups with their ``member`` values, and the
domain's accounts and groups with ``sAMAccountName``, ``userAccountControl``, ``lastLogonTimestamp``, as
``community.general.ldap_search`` returns them), the recorded SQL access per environment and the backup vault's
accounts and keys per tenant (``access_sources`` checks both). Output: the review (``access_review``), a plain
dict written as JSON for machines and rendered for the people who sign it off (``access_report``).

The paths of access it lists:

- ``group``: a member of an environment's security group (``gg_<tenant>_<env>``), which the environment's share,
  directories and SQL logins grant; ``licence``: a member of a licence-profile group (tenant-wide, named users);
- ``service account``: the environment's service account (IIS application pool, HPF services);
- ``share``: the security group's rights on the environment's share on its file server (``tenant_storage``);
- ``sql login`` and ``sql user``: recorded SQL Server logins and database users (``recorded only``: nothing is read
  live from SQL Server);
- ``vault key``: an SSH key the tenant's backup vault account accepts (tenant-wide);
- ``sftp <directory>`` and ``sftp key <account>``: a client's or distributor's SFTP account of the environment
  (the tenant file's ``client_access``, carried by the environment record) with its right on each directory, and
  each SSH key it accepts; a tenant without ``client_access`` says so, it never shows an empty list silently.

Each member is flagged when still granted while disabled (``userAccountControl`` ACCOUNTDISABLE), unused (no logon
for ``unused_days``, or never; ``lastLogonTimestamp`` replicates lazily, up to 14 days late), outside the tenant's
OU, or not an account the directory read (a nested group, a foreign principal, a deleted object). ``review_diff``
compares the grants with the previous review's.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_sources import (
    GRANT_KEYS,
    REVIEW_KIND,
    REVIEW_VERSION,
    AccessReviewError,
    account_disabled,
    filetime,
    key_fingerprint,
)
from ansible_collections.divalto.cloud.plugins.module_utils.identity.dn import dn_under
from ansible_collections.divalto.cloud.plugins.module_utils.identity.plan import values_of

DEFAULT_UNUSED_DAYS = 90
TENANT_WIDE = ""
NO_CLIENT_ACCESS = {"status": "none declared", "why": "the tenant file declares no client_access", "accounts": []}
NOT_RECORDED = "not recorded"
FLAG_TEXT = {
    "disabled": "disabled account still granted",
    "unused": "no logon for the unused period, still granted",
    "never_logged_on": "never logged on, still granted",
    "outside_ou": "account outside the tenant's OU",
    "unresolved": "not an account the directory read (nested group, foreign principal or deleted object)",
    "nested_group": "a group: its members are granted too and are not listed here",
    "group_missing": "the environment's group is not in the directory",
    "account_missing": "the environment's service account is not in the directory",
}


def _index(entries: Any, what: str) -> dict[str, Mapping[str, Any]]:
    if not isinstance(entries, Sequence) or isinstance(entries, (str, bytes)):
        raise AccessReviewError("%s: expected the list of an ldap_search, got %s" % (what, excerpt(entries)))
    found = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("dn"), str) or not entry["dn"]:
            raise AccessReviewError("%s[%d]: expected a mapping with a dn, got %s" % (what, index, excerpt(entry)))
        found[entry["dn"].lower()] = entry
    return found


def _one(entry: Mapping[str, Any], attribute: str) -> str:
    values = values_of(entry, attribute)
    return values[0] if values else ""


class _Principals:
    """What the directory says of a DN: account name, kind, enabled, last logon, and the flags it earns."""

    def __init__(self, accounts: Mapping[str, Mapping[str, Any]], now: _dt.datetime, unused_days: int) -> None:
        self.accounts = accounts
        self.now = now
        self.unused_days = unused_days

    def describe(self, dn: str, ou: str | None, missing: str = "unresolved") -> dict[str, Any]:
        """``missing``: the flag of a DN the directory did not return."""
        entry = self.accounts.get(dn.lower())
        if entry is None:
            return {
                "account": dn,
                "dn": dn,
                "kind": "unknown",
                "enabled": None,
                "last_logon": None,
                "flags": [missing],
            }
        where = "accounts %s" % excerpt(dn)
        classes = {value.lower() for value in values_of(entry, "objectClass")}
        kind = "group" if "group" in classes else "computer" if "computer" in classes else "user"
        disabled = account_disabled(values_of(entry, "userAccountControl"), where + " userAccountControl")
        last = filetime(values_of(entry, "lastLogonTimestamp"), where + " lastLogonTimestamp")
        flags = []
        if kind == "group":
            flags.append("nested_group")
        else:
            if disabled:
                flags.append("disabled")
            if last is None:
                flags.append("never_logged_on")
            elif (self.now - last).days >= self.unused_days:
                flags.append("unused")
        if ou is not None and not dn_under(entry["dn"], ou):
            flags.append("outside_ou")
        return {
            "account": _one(entry, "sAMAccountName") or entry["dn"],
            "dn": entry["dn"],
            "kind": kind,
            "enabled": None if disabled is None else not disabled,
            "last_logon": last.strftime("%Y-%m-%dT%H:%M:%SZ") if last else None,
            "flags": flags,
        }


def _members(group: Mapping[str, Any], found: Mapping[str, Mapping[str, Any]], principals: _Principals, ou: str):
    entry = found.get(group["dn"].lower())
    if entry is None:
        return None
    described = [principals.describe(dn, ou) for dn in values_of(entry, "member")]
    return sorted(described, key=lambda item: (item["account"].lower(), item["dn"].lower()))


def _records_by_environment(environments: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    """(tenant, environment type) -> the environment record with its key: built once, read per environment."""
    return {
        (record.get("tenant"), record.get("type")): dict(record, key=key)
        for key, record in environments.items()
        if isinstance(record, Mapping)
    }


def _client_access(record: Mapping[str, Any], key: str) -> dict[str, Any]:
    """The environment's client SFTP accounts (``client_access.accounts`` of its record), keys by fingerprint."""
    section = record.get("client_access")
    if not section:
        return dict(NO_CLIENT_ACCESS, accounts=[])
    accounts = []
    for index, account in enumerate(section.get("accounts") or []):
        where = "environments.%s.client_access.accounts[%d]" % (key, index)
        if not isinstance(account, Mapping) or not isinstance(account.get("account"), str):
            raise AccessReviewError("%s: expected an account record, got %s" % (where, excerpt(account)))
        accounts.append(
            {
                "account": account["account"],
                "name": str(account.get("name", "")),
                "grants": dict(sorted((account.get("grants") or {}).items())),
                "public_keys": sorted(
                    (key_fingerprint(k, "%s.keys[%d]" % (where, n)) for n, k in enumerate(account.get("keys") or [])),
                    key=lambda item: item["fingerprint"],
                ),
            }
        )
    return {"status": "declared", "why": "the tenant file's client_access", "accounts": accounts}


def _shares(record: Mapping[str, Any]) -> list[dict[str, str]]:
    if not record.get("share"):
        return []
    return [
        {
            "share": record["share"],
            "server": (record.get("placement") or {}).get("files", ""),
            "group": record.get("security_group", ""),
            # tenant_storage: NTFS Modify inherited below and share Change on Windows; valid users, read-write on Samba.
            "rights": "modify (read, write, delete)",
        }
    ]


def access_review(
    identity: Mapping[str, Any],
    environments: Mapping[str, Any],
    groups: Any,
    accounts: Any,
    sql: Mapping[str, Any],
    vault: Mapping[str, Any],
    now: _dt.datetime,
    unused_days: int = DEFAULT_UNUSED_DAYS,
) -> dict[str, Any]:
    """The review at ``now`` (UTC). ``sql``: environment key -> ``access_sources.parse_sql_recording``'s answer
    (absent: not recorded); ``vault``: tenant -> ``{account, public_keys}`` (``public_keys`` None: not recorded)."""
    if not isinstance(identity, Mapping) or not isinstance(identity.get("tenants"), Mapping):
        raise AccessReviewError("identity: expected the divalto_identity variable, got %s" % excerpt(identity))
    if not isinstance(environments, Mapping):
        raise AccessReviewError(
            "environments: expected the divalto_environments variable, got %s" % excerpt(environments)
        )
    if isinstance(unused_days, bool) or not isinstance(unused_days, int) or unused_days < 1:
        raise AccessReviewError(
            "unused_days: expected a whole number of days (1 or more), got %s" % excerpt(unused_days)
        )
    found = _index(groups, "groups")
    records = _records_by_environment(environments)
    principals = _Principals(_index(accounts, "accounts"), now, unused_days)
    tenants = {}
    for name in sorted(identity["tenants"]):
        tenants[name] = _tenant(name, identity["tenants"][name], records, found, principals, sql, vault)
    review = {
        "kind": REVIEW_KIND,
        "version": REVIEW_VERSION,
        "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "unused_days": unused_days,
        "tenants": tenants,
    }
    review["grants"] = grants_of(review)
    review["findings"] = findings_of(review)
    return review


def _tenant(name, record, records, found, principals, sql, vault) -> dict[str, Any]:
    ou = record["ou"]
    envs = {}
    licences = {}
    for group_name, group in sorted(record["groups"].items()):
        members = _members(group, found, principals, ou)
        if group["kind"] == "licence":
            licences[group_name] = {
                "profile": group.get("profile", ""),
                "seats": group.get("seats"),
                "members": members,
            }
            continue
        env = group["environment"]
        environment = records.get((name, env), {})
        key = environment.get("key") or "%s_%s" % (name, env)
        accounts = [
            dict(principals.describe(account["dn"], ou, "account_missing"), name=account_name)
            for account_name, account in sorted(record["service_accounts"].items())
            if account.get("environment") == env
        ]
        envs[env] = {
            "key": key,
            "group": {"name": group_name, "dn": group["dn"], "found": members is not None, "members": members or []},
            "service_accounts": accounts,
            "shares": _shares(environment),
            "databases": sorted((environment.get("databases") or {}).values()),
            "sql": sql.get(key) or {"status": NOT_RECORDED},
            "sftp": _client_access(environment, key),
        }
    tenant_vault = vault.get(name) or {}
    return {
        "ou": ou,
        "environments": envs,
        "licence_groups": licences,
        "vault": {
            "account": tenant_vault.get("account", ""),
            "status": NOT_RECORDED if tenant_vault.get("public_keys") is None else "recorded",
            "public_keys": tenant_vault.get("public_keys") or [],
        },
    }


def _grant(tenant: str, environment: str, path: str, principal: str, detail: str = "") -> dict[str, str]:
    return {"tenant": tenant, "environment": environment, "path": path, "principal": principal, "detail": detail}


def grants_of(review: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every grant of the review, flat and sorted: what the diff between two reviews compares."""
    grants = []
    for tenant, record in review["tenants"].items():
        for env, item in record["environments"].items():
            group = item["group"]["name"]
            grants += [_grant(tenant, env, "group " + group, m["account"], m["dn"]) for m in item["group"]["members"]]
            grants += [_grant(tenant, env, "service account", a["account"], a["dn"]) for a in item["service_accounts"]]
            grants += [
                _grant(tenant, env, "share %s on %s" % (s["share"], s["server"]), s["group"], s["rights"])
                for s in item["shares"]
            ]
            for account in item["sftp"]["accounts"]:
                grants += [
                    _grant(tenant, env, "sftp " + target, account["account"], right)
                    for target, right in account["grants"].items()
                ]
                grants += [
                    _grant(tenant, env, "sftp key " + account["account"], k["fingerprint"], k["comment"])
                    for k in account["public_keys"]
                ]
            if item["sql"]["status"] == "recorded":
                grants += [
                    _grant(tenant, env, "sql login", login["name"], login["type"]) for login in item["sql"]["logins"]
                ]
                grants += [
                    _grant(tenant, env, "sql user " + user["database"], user["name"], ", ".join(user["roles"]))
                    for user in item["sql"]["database_users"]
                ]
        for group, licence in record["licence_groups"].items():
            grants += [
                _grant(tenant, TENANT_WIDE, "licence " + group, m["account"], m["dn"]) for m in licence["members"] or []
            ]
        vault = record["vault"]
        grants += [
            _grant(tenant, TENANT_WIDE, "vault key " + vault["account"], key["fingerprint"], key["comment"])
            for key in vault["public_keys"]
        ]
    return sorted(grants, key=grant_key)


def grant_key(grant: Mapping[str, str]) -> tuple[str, ...]:
    """What makes two grants the same (case-insensitive, as the directory and SQL Server compare names)."""
    return tuple(grant[key].lower() for key in GRANT_KEYS)


def findings_of(review: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every flag of the review, one line each: the things the reviewer must look at."""
    findings = []
    for tenant, record in review["tenants"].items():
        for env, item in record["environments"].items():
            group = item["group"]
            if not group["found"]:
                findings.append(_finding(tenant, env, "group " + group["name"], group["name"], "group_missing"))
            for member in group["members"]:
                findings += [
                    _finding(tenant, env, "group " + group["name"], member["account"], f) for f in member["flags"]
                ]
            for account in item["service_accounts"]:
                findings += [_finding(tenant, env, "service account", account["account"], f) for f in account["flags"]]
        for name, licence in record["licence_groups"].items():
            for member in licence["members"] or []:
                findings += [
                    _finding(tenant, TENANT_WIDE, "licence " + name, member["account"], f) for f in member["flags"]
                ]
    return findings


def _finding(tenant: str, environment: str, path: str, principal: str, flag: str) -> dict[str, str]:
    return {
        "tenant": tenant,
        "environment": environment,
        "path": path,
        "principal": principal,
        "flag": flag,
        "why": FLAG_TEXT[flag],
    }


def review_diff(previous: Mapping[str, Any] | None, grants: Sequence[Mapping[str, str]]) -> dict[str, Any]:
    """``{previous, previous_time, added, removed}``: the grants this review has that ``previous`` had not, and the
    reverse. Without a previous review both lists are empty and ``previous`` is None."""
    if previous is None:
        return {"previous": None, "previous_time": None, "added": [], "removed": []}
    before = {grant_key(grant): grant for grant in previous["grants"]}
    now = {grant_key(grant): grant for grant in grants}
    return {
        "previous": previous["source"],
        "previous_time": previous["time"],
        "added": [now[key] for key in sorted(set(now) - set(before))],
        "removed": [before[key] for key in sorted(set(before) - set(now))],
    }
