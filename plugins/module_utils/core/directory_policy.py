# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the ``directory:`` settings of ``platform.yml`` and the names they give.

::

    directory:
      domain: cloud.example.net          # the AD domain's DNS name (its DN: DC=cloud,DC=example,DC=net)
      netbios: CLOUD                     # its NetBIOS name (CLOUD\\account)
      tenants_ou: Tenants                # the OU, directly under the domain, holding one OU per tenant
      domain_controllers:                # per datacenter, in failover order; ldaps:// only
        par1: [ldaps://dc-par1-01.cloud.example.net]
      ca_file: /etc/divalto/ad-ca.pem    # optional: CA of the DCs' certificates, on the controller
      naming:                            # optional: the defaults below
        environment_group: gg_{tenant}_{environment}
        profile_group: gl_{tenant}_{profile}
        service_account: "{tenant}_{env_code}"

The names of the directory's objects (an environment's security group, a licence profile's group, an
environment's service account) are built here, and only here: the registry's environment records
(``security_group``, ``service_account``) and the identity package's directory model both call these functions,
and the registry's checks call them at load time so that a name AD would refuse is a registry problem, reported
with the tenant's file. The rules apply whether or not ``directory:`` is present (the defaults then).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import SettingsError

# sAMAccountName: at most 20 characters for an account (the SAM refuses more); a group's is bounded here by its
# CN (an RDN value holds at most 64 characters in AD's schema), since the two are the same name.
ACCOUNT_NAME_MAX = 20
GROUP_NAME_MAX = 64
# Short codes of the environment types, so that an account name fits in 20 characters with a 16-character tenant.
ENVIRONMENT_CODES = {"production": "prd", "staging": "stg", "testing": "tst", "training": "trn", "setup": "set"}
DEFAULT_NAMING = {
    "environment_group": "gg_{tenant}_{environment}",
    "profile_group": "gl_{tenant}_{profile}",
    "service_account": "{tenant}_{env_code}",
}
# The placeholders each template must hold (so that two tenants, environments or profiles never share a name) and
# those it may hold.
REQUIRED_PLACEHOLDERS = {
    "environment_group": ({"tenant"}, ({"environment"}, {"env_code"})),
    "profile_group": ({"tenant", "profile"}, ()),
    "service_account": ({"tenant"}, ({"environment"}, {"env_code"})),
}
ALLOWED_PLACEHOLDERS = {
    "environment_group": {"tenant", "environment", "env_code"},
    "profile_group": {"tenant", "profile"},
    "service_account": {"tenant", "environment", "env_code"},
}
TEMPLATE = re.compile(r"([a-z0-9_-]|\{(tenant|environment|env_code|profile)\})+\Z")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
LDAPS_URI = re.compile(r"ldaps://[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?\Z")
DEFAULTS: dict[str, Any] = {"tenants_ou": "Tenants", "ca_file": None, "naming": {}}


class DirectoryPolicyError(SettingsError):
    """The ``directory:`` settings are invalid, or a name they give is one AD would refuse."""


def naming(platform: Mapping[str, Any]) -> dict[str, str]:
    """The naming templates in force: the section's, over the defaults."""
    section = platform.get("directory") or {}
    return dict(DEFAULT_NAMING, **(section.get("naming") or {}))


def directory_settings(platform: Mapping[str, Any]) -> dict[str, Any] | None:
    """``directory`` of the platform registry with its defaults, checked across fields; None when absent.

    The registry's schema has checked each value's shape; here: the templates' placeholders, the datacenters the
    domain controllers are listed under, and no URI listed twice.
    """
    section = platform.get("directory")
    if section is None:
        return None
    settings = dict(DEFAULTS, **section)
    settings["naming"] = naming(platform)
    for kind, template in sorted(settings["naming"].items()):
        check_template(kind, template)
    datacenters = platform.get("datacenters") or {}
    seen: dict[str, str] = {}
    for datacenter, uris in sorted(settings["domain_controllers"].items()):
        path = "directory.domain_controllers.%s" % datacenter
        if datacenter not in datacenters:
            raise DirectoryPolicyError(path, "a datacenter of datacenters", datacenter)
        for uri in uris:
            if uri in seen:
                raise DirectoryPolicyError(path, "each URI once (also under %s)" % seen[uri], uri)
            seen[uri] = datacenter
    if not seen:
        raise DirectoryPolicyError("directory.domain_controllers", "at least one ldaps:// URI of a domain controller")
    return settings


def check_template(kind: str, template: str) -> None:
    """Refuse a template that could give two objects one name, or a character AD would refuse."""
    path = "directory.naming.%s" % kind
    if not isinstance(template, str) or not TEMPLATE.match(template):
        raise DirectoryPolicyError(path, "lowercase letters, digits, _ or - and {placeholders}", template)
    used = set(PLACEHOLDER.findall(template))
    unknown = used - ALLOWED_PLACEHOLDERS[kind]
    if unknown:
        raise DirectoryPolicyError(
            path, "only the placeholders %s" % ", ".join(sorted(ALLOWED_PLACEHOLDERS[kind])), sorted(unknown)[0]
        )
    required, one_of = REQUIRED_PLACEHOLDERS[kind]
    if not required <= used or (one_of and not any(choice <= used for choice in one_of)):
        wanted = sorted(required) + (["environment or env_code"] if one_of else [])
        raise DirectoryPolicyError(path, "a template holding %s" % " and ".join(wanted), template)


def _render(kind: str, platform: Mapping[str, Any], limit: int, **values: str) -> str:
    template = naming(platform)[kind]
    name = PLACEHOLDER.sub(lambda match: values[match.group(1)], template)
    if len(name) > limit:
        raise DirectoryPolicyError(
            "directory.naming.%s" % kind,
            "names of at most %d characters (AD's limit for a%s name): %r has %d"
            % (limit, "n account" if limit == ACCOUNT_NAME_MAX else " group", name, len(name)),
        )
    return name


def environment_group(platform: Mapping[str, Any], tenant: str, environment: str) -> str:
    """The security group of an environment (``gg_acme_production``)."""
    return _render(
        "environment_group",
        platform,
        GROUP_NAME_MAX,
        tenant=tenant,
        environment=environment,
        env_code=ENVIRONMENT_CODES[environment],
    )


def profile_group(platform: Mapping[str, Any], tenant: str, profile: str) -> str:
    """The group of a tenant's named users of one licence profile (``gl_acme_full``)."""
    return _render("profile_group", platform, GROUP_NAME_MAX, tenant=tenant, profile=profile)


def service_account(platform: Mapping[str, Any], tenant: str, environment: str) -> str:
    """The sAMAccountName of an environment's service account (``acme_prd``): IIS pool, HPF services."""
    return _render(
        "service_account",
        platform,
        ACCOUNT_NAME_MAX,
        tenant=tenant,
        environment=environment,
        env_code=ENVIRONMENT_CODES[environment],
    )
