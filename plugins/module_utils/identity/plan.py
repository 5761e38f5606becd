# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what the ``directory`` role changes, decided from what the directory holds.

Inputs: the directory model (``divalto_identity``) and the entries read under the tenants' OU (as
``community.general.ldap_search`` returns them: ``dn`` plus attributes, a single value as a string, several as a
list). The safety rules, all decided here:

- Every object the role creates carries the marker (``adminDescription: divalto.cloud:managed``); the role only
  ever changes or removes an object that carries it. An unmarked object where the model wants one is *refused*
  (the run stops before anything changes), never adopted silently.
- A marked object the model no longer wants is *stale*: removed only when ``prune`` is asked for, and then never
  a group that still has members or an OU that still holds anything (those are *kept* and reported).
- A service account gets its password when it is created, when it has never had one (``pwdLastSet`` 0: a run
  stopped between creation and password), or when ``rotate`` is asked for; never otherwise (AD cannot say whether
  a password is already the one in the vault).
- One environment (``environment``, commissioning): only its group and service account are created or kept exact;
  the tenants' OU and its tenant's OU are created when missing and otherwise left as they are; nothing is stale.
- One environment's removal (``remove_environment``, decommissioning, while it is still in the registry): its group
  and service account are removed when marked; a group with members is *kept* and its members listed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.identity.model import GLOBAL_SECURITY_GROUP
from ansible_collections.divalto.cloud.plugins.module_utils.identity.scope import environment_identity

MARKER = "divalto.cloud:managed"
# userAccountControl: NORMAL_ACCOUNT | ACCOUNTDISABLE while it has no password; then NORMAL_ACCOUNT |
# DONT_EXPIRE_PASSWORD (the password is rotated on request, from the vault).
ACCOUNT_DISABLED = 514
ACCOUNT_ENABLED = 66048
OBJECT_CLASSES = {
    "ou": ["top", "organizationalUnit"],
    "group": ["top", "group"],
    "account": ["top", "person", "organizationalPerson", "user"],
}
KIND_NAMES = {"ou": "an OU", "group": "a group", "account": "an account", None: "another kind of object"}


class DirectoryPlanError(DivaltoError):
    """The model or the entries read are not what the plan is computed from."""


def values_of(entry: Mapping[str, Any], attribute: str) -> list[str]:
    """Every value of ``attribute`` (names compared without case, as LDAP does).

    A ranged answer counts too: AD returns a group of more than 1,500 members as ``member;range=0-1499``.
    """
    wanted = attribute.lower()
    values: list[str] = []
    for name, value in entry.items():
        if name.lower() == wanted or name.lower().startswith(wanted + ";"):
            values.extend(str(item) for item in (value if isinstance(value, list) else [value]))
    return values


def _key(dn: str) -> str:
    return dn.lower()


def _kind_of(entry: Mapping[str, Any]) -> str | None:
    classes = {value.lower() for value in values_of(entry, "objectClass")}
    if "organizationalunit" in classes:
        return "ou"
    if "group" in classes:
        return "group"
    if "user" in classes and "computer" not in classes:
        return "account"
    return None


def _desired(identity: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every object of the model, parents before children, with the attributes the role keeps exact."""
    objects = [_object("ou", identity["tenants_ou"], "Divalto tenants")]
    for tenant in sorted(identity["tenants"]):
        record = identity["tenants"][tenant]
        objects.append(_object("ou", record["ou"], "Divalto tenant %s" % tenant))
        for name, group in sorted(record["groups"].items()):
            objects.append(
                _object(
                    "group",
                    group["dn"],
                    group["description"],
                    {"sAMAccountName": name, "groupType": str(GLOBAL_SECURITY_GROUP)},
                )
            )
        for name, account in sorted(record["service_accounts"].items()):
            objects.append(
                _object(
                    "account",
                    account["dn"],
                    account["description"],
                    {"sAMAccountName": name, "userPrincipalName": account["upn"]},
                    name=name,
                )
            )
    return objects


def _object(kind: str, dn: str, description: str, naming: Mapping[str, str] | None = None, name: str = "") -> dict:
    attributes = {"description": description, "adminDescription": MARKER}
    attributes.update(naming or {})
    return {"kind": kind, "dn": dn, "name": name, "attributes": attributes}


def _check_entries(entries: Any) -> dict[str, Mapping[str, Any]]:
    if not isinstance(entries, Sequence) or isinstance(entries, (str, bytes)):
        raise DirectoryPlanError("entries must be the list of an ldap_search, got %s" % excerpt(entries))
    found = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("dn"), str) or not entry["dn"]:
            raise DirectoryPlanError("entries[%d] must be a mapping with a dn, got %s" % (index, excerpt(entry)))
        found[_key(entry["dn"])] = entry
    return found


def directory_plan(
    identity: Mapping[str, Any],
    entries: Any,
    prune: bool = False,
    rotate: bool = False,
    environment: str = "",
    remove_environment: str = "",
) -> dict[str, Any]:
    """The role's plan: ``create``, ``ensure`` (attributes kept exact), ``passwords``, ``remove``, ``kept``,
    ``stale`` and ``refused`` (each a list, in the order the role applies it).

    ``environment`` or ``remove_environment`` (an environment key, ``<tenant>_<environment>``) limits the plan to
    that environment's objects (module docstring); ``prune`` then does not apply.
    """
    if not isinstance(identity, Mapping) or not isinstance(identity.get("tenants"), Mapping):
        raise DirectoryPlanError("identity must be the divalto_identity variable, got %s" % excerpt(identity))
    if environment and remove_environment:
        raise DirectoryPlanError(
            "environment (%s) and remove_environment (%s) exclude each other: one environment is created or removed"
            % (excerpt(environment), excerpt(remove_environment))
        )
    if prune and (environment or remove_environment):
        raise DirectoryPlanError(
            "prune applies to the whole model, not with environment or remove_environment (nothing else is removed)"
        )
    found = _check_entries(entries)
    plan: dict[str, list] = {
        "create": [],
        "ensure": [],
        "passwords": [],
        "remove": [],
        "kept": [],
        "stale": [],
        "refused": [],
    }
    if remove_environment:
        _plan_removal(plan, found, environment_identity(identity, remove_environment, "remove_environment"))
        return plan
    if environment:
        identity = environment_identity(identity, environment, "environment")
    wanted = set()
    for item in _desired(identity):
        wanted.add(_key(item["dn"]))
        entry = found.get(_key(item["dn"]))
        if entry is None:
            _plan_creation(plan, item)
            continue
        if MARKER not in values_of(entry, "adminDescription"):
            plan["refused"].append({"dn": entry["dn"], "why": "exists and is not marked %s (not ours)" % MARKER})
            continue
        if _kind_of(entry) != item["kind"]:
            plan["refused"].append(
                {
                    "dn": entry["dn"],
                    "why": "is marked but is %s, not %s" % (KIND_NAMES[_kind_of(entry)], KIND_NAMES[item["kind"]]),
                }
            )
            continue
        if environment and item["kind"] == "ou":
            continue  # a parent of the environment's objects: created when missing, otherwise left as it is
        attributes = dict(item["attributes"])
        if item["kind"] == "account":
            attributes["userAccountControl"] = str(ACCOUNT_ENABLED)
            if rotate or values_of(entry, "pwdLastSet") in (["0"], []):
                plan["passwords"].append({"dn": item["dn"], "name": item["name"]})
        plan["ensure"].append({"dn": item["dn"], "kind": item["kind"], "exists": True, "attributes": attributes})
    if not environment:
        _plan_stale(plan, found, wanted, _key(identity["tenants_ou"]), prune)
    return plan


def _plan_creation(plan: dict[str, list], item: Mapping[str, Any]) -> None:
    attributes = dict(item["attributes"], objectClass=OBJECT_CLASSES[item["kind"]])
    if item["kind"] == "account":
        attributes["userAccountControl"] = str(ACCOUNT_DISABLED)
        plan["passwords"].append({"dn": item["dn"], "name": item["name"]})
        ensure = dict(item["attributes"], userAccountControl=str(ACCOUNT_ENABLED))
        plan["ensure"].append({"dn": item["dn"], "kind": item["kind"], "exists": False, "attributes": ensure})
    plan["create"].append({"dn": item["dn"], "kind": item["kind"], "attributes": attributes})


def _plan_stale(
    plan: dict[str, list], found: Mapping[str, Mapping[str, Any]], wanted: set, root: str, prune: bool
) -> None:
    """Marked objects under the tenants' OU that the model no longer has: deepest first."""
    stale = [
        key
        for key, entry in found.items()
        if key not in wanted and key.endswith("," + root) and MARKER in values_of(entry, "adminDescription")
    ]
    for key in sorted(stale, key=lambda dn: (-dn.count(","), dn)):
        entry = found[key]
        children = [other for other in found if other.endswith("," + key)]
        members = values_of(entry, "member")
        if _kind_of(entry) == "group" and members:
            plan["kept"].append({"dn": entry["dn"], "why": "a group with %d member(s)" % len(members)})
        elif children and not all(child in plan["remove"] for child in children):
            plan["kept"].append({"dn": entry["dn"], "why": "holds %d object(s) it keeps" % len(children)})
        elif prune:
            plan["remove"].append(key)
        else:
            plan["stale"].append(entry["dn"])
    plan["remove"] = [found[key]["dn"] for key in plan["remove"]]


def _plan_removal(plan: dict[str, list], found: Mapping[str, Mapping[str, Any]], part: Mapping[str, Any]) -> None:
    """Remove the group(s) and service account(s) of ``part`` (one environment): only marked ones of the right kind
    that hold nothing, never a group with members (kept, its members listed); the OUs are not touched."""
    objects = [item for item in _desired(part) if item["kind"] != "ou"]
    for item in objects:
        key = _key(item["dn"])
        entry = found.get(key)
        if entry is None:
            continue
        kind = _kind_of(entry)
        members = values_of(entry, "member")
        children = [other for other in found if other.endswith("," + key)]
        if MARKER not in values_of(entry, "adminDescription"):
            why = "is not marked %s (not ours): left in place" % MARKER
        elif kind != item["kind"]:
            why = "is marked but is %s, not %s: left in place" % (KIND_NAMES[kind], KIND_NAMES[item["kind"]])
        elif kind == "group" and members:
            plan["kept"].append(
                {
                    "dn": entry["dn"],
                    "why": "a group with %d member(s): kept; remove them first (DLMT's grants), then prune"
                    % len(members),
                    "members": sorted(members, key=str.lower),
                }
            )
            continue
        elif children:
            why = "holds %d object(s): left in place" % len(children)
        else:
            plan["remove"].append(entry["dn"])
            continue
        plan["kept"].append({"dn": entry["dn"], "why": why})
