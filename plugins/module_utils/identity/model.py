# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the directory model, derived once from the registry (``divalto_identity``).

For each tenant: its OU under the tenants' OU, one security group per environment (the environment record's
``security_group``), one group per licence profile of its subscription (for counting named users), one service
account per environment (the record's ``service_account``: IIS application pool, HPF services), and which
platform roles use each. Names come from ``core.directory_policy`` (the one place they are built); DNs are
escaped here (``dn``). The inventory plugin stores the result in the ``all`` group; the ``directory`` role reads
it from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core import directory_policy
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import ENV_ORDER
from ansible_collections.divalto.cloud.plugins.module_utils.identity.dn import child_dn, domain_dn

# Who reads each kind of object, by role (the roles' READMEs say how).
USED_BY = {
    "environment": ["implicit_file", "sqlserver", "tenant_storage"],
    "licence": [],
    "service": ["iis"],
}
# AD's groupType of a global security group (ADS_GROUP_TYPE_GLOBAL_GROUP | ADS_GROUP_TYPE_SECURITY_ENABLED).
GLOBAL_SECURITY_GROUP = -2147483646


def identity_model(platform: Mapping[str, Any], tenants: Mapping[str, Any]) -> dict[str, Any] | None:
    """The ``divalto_identity`` variable of a validated registry, or None when ``platform.yml`` has no
    ``directory:`` section."""
    settings = directory_policy.directory_settings(platform)
    if settings is None:
        return None
    base = domain_dn(settings["domain"])
    tenants_ou = child_dn("OU", settings["tenants_ou"], base)
    return {
        "domain": settings["domain"],
        "domain_dn": base,
        "netbios": settings["netbios"],
        "tenants_ou": tenants_ou,
        "ca_file": settings["ca_file"],
        "domain_controllers": {dc: list(uris) for dc, uris in sorted(settings["domain_controllers"].items())},
        "uris": failover_order(platform, settings["domain_controllers"]),
        "tenants": {
            name: tenant_directory(platform, settings, tenants_ou, name, tenants[name]) for name in sorted(tenants)
        },
    }


def failover_order(platform: Mapping[str, Any], controllers: Mapping[str, list[str]]) -> list[str]:
    """Every DC URI: the primary datacenter's first, then the others' by datacenter name, each in listed order."""
    datacenters = platform.get("datacenters") or {}
    order = sorted(controllers, key=lambda dc: (datacenters.get(dc, {}).get("role") != "primary", dc))
    return [uri for dc in order for uri in controllers[dc]]


def tenant_directory(
    platform: Mapping[str, Any], settings: Mapping[str, Any], tenants_ou: str, name: str, tenant: Mapping[str, Any]
) -> dict[str, Any]:
    """The OU, groups and service accounts of one tenant."""
    ou = child_dn("OU", name, tenants_ou)
    environments = [env for env in ENV_ORDER if env in tenant["environments"]]
    groups = {}
    accounts = {}
    for env in environments:
        group = directory_policy.environment_group(platform, name, env)
        groups[group] = {
            "dn": child_dn("CN", group, ou),
            "kind": "environment",
            "environment": env,
            "description": "Divalto %s %s: access to the environment" % (name, env),
            "used_by": USED_BY["environment"],
        }
        account = directory_policy.service_account(platform, name, env)
        accounts[account] = {
            "dn": child_dn("CN", account, ou),
            "environment": env,
            "principal": "%s\\%s" % (settings["netbios"], account),
            "upn": "%s@%s" % (account, settings["domain"]),
            "description": "Divalto %s %s: service account" % (name, env),
            "used_by": USED_BY["service"],
        }
    for profile, seats in sorted(tenant["subscription"]["users"].items()):
        group = directory_policy.profile_group(platform, name, profile)
        groups[group] = {
            "dn": child_dn("CN", group, ou),
            "kind": "licence",
            "profile": profile,
            "seats": seats,
            "description": "Divalto %s: named users of licence profile %s" % (name, profile),
            "used_by": USED_BY["licence"],
        }
    return {
        "ou": ou,
        "groups": {group: groups[group] for group in sorted(groups)},
        "service_accounts": {account: accounts[account] for account in sorted(accounts)},
    }
