# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: one environment's part of the directory model, for commissioning and decommissioning.

``environment_identity`` cuts the model (``divalto_identity``) down to the tenants' OU, the environment's tenant OU,
its security group and its service account: what ``commission_environment.yml`` creates before the roles that use
them, and what ``decommission_environment.yml`` removes after the final backup. ``directory_manage`` decides
whether those playbooks touch the directory at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestChecker, suggestion
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt


class DirectoryScopeError(DivaltoError):
    """The environment asked for is not one of the directory model, or the switch is not a boolean."""


def environment_keys(identity: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """``<tenant>_<environment>`` -> (tenant, environment), for every environment group of the model."""
    keys = {}
    for tenant, record in identity["tenants"].items():
        for group in record["groups"].values():
            if group.get("kind") == "environment":
                keys["%s_%s" % (tenant, group["environment"])] = (tenant, group["environment"])
    return keys


def environment_identity(identity: Mapping[str, Any], key: Any, option: str) -> dict[str, Any]:
    """The model reduced to environment ``key``: the tenants' OU, its tenant's OU, its group(s) and service
    account(s); ``option`` names the setting ``key`` came from in an error."""
    keys = environment_keys(identity)
    if not isinstance(key, str) or not key:
        raise DirectoryScopeError(
            "%s: expected an environment key <tenant>_<environment>, got %s" % (option, excerpt(key))
        )
    if key not in keys:
        raise DirectoryScopeError(
            "%s: %s is not an environment of the directory model (divalto_identity has %d)%s"
            % (option, excerpt(key), len(keys), suggestion(key, sorted(keys)))
        )
    tenant, environment = keys[key]
    record = identity["tenants"][tenant]
    part = {
        "ou": record["ou"],
        "groups": {
            name: group
            for name, group in record["groups"].items()
            if group.get("kind") == "environment" and group["environment"] == environment
        },
        "service_accounts": {
            name: account
            for name, account in record["service_accounts"].items()
            if account["environment"] == environment
        },
    }
    return dict(identity, tenants={tenant: part})


def directory_manage(value: Any, identity: Any) -> bool:
    """Whether a commissioning playbook manages the directory: ``value`` (``directory_manage``: a boolean, or
    yes/no, on/off, 1/0 as extra vars give them), by default whenever the inventory has a directory model."""
    checker = RequestChecker("directory_manage")
    manage = checker.boolean("directory_manage", value, default=identity is not None)
    if manage and identity is None:
        checker.problem(
            "directory_manage",
            "true, but the inventory has no directory model (divalto_identity: a directory: section in platform.yml)",
        )
    return bool(checker.done(manage))
