# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the derived description of one tenant environment.

Everything a role needs to know about an environment (names of its databases,
directories, share, IIS site, host names, ports, quotas, implicit-file search
list) is computed here, once, from the registry. Roles never rebuild a name.
Its directory names (security group, service account) come from
``core.directory_policy``, the one place they are built.
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core import client_access_policy, directory_policy
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import environment_key
from ansible_collections.divalto.cloud.plugins.module_utils.registry.checks import (
    default_hostname,
    environment_quota,
)

CODE_DIRECTORIES = ("config", "overrides", "addons")
DATA_DIRECTORIES = ("erp_files", "portal_files")
PORTAL_OPTION = "extranet_portal"
BI_OPTION = "bi"


def databases(key, options):
    """Database names of an environment: the ERP always, portal and BI when licensed."""
    names = {"erp": "%s_erp" % key}
    if PORTAL_OPTION in options:
        names["portal"] = "%s_portal" % key
    if BI_OPTION in options:
        names["bi"] = "%s_bi" % key
    return names


def directories(tenant, env, options):
    """Directories of an environment, relative to the file server's tenant root.

    The portal's file directory exists only when the extranet portal is licensed.
    """
    base = "%s/%s" % (tenant, env)
    names = CODE_DIRECTORIES + DATA_DIRECTORIES
    if PORTAL_OPTION not in options:
        names = tuple(name for name in names if name != "portal_files")
    return {name: "%s/%s" % (base, name) for name in names}


def implicit_search_list(platform, key, spec, erp_database):
    """The implicit file's lines, in search order (first match wins).

    Customer overrides, then add-ons (one line per declared add-on directory,
    in the registry's order, or the add-ons root when none is declared), then
    the service pack's standard directories, then the ERP database's SQL
    address.
    """
    settings = platform["platform"]
    files = spec["placement"]["files"]
    share = "\\\\%s\\%s" % (files, key)
    pack = "\\\\%s\\%s\\%s" % (files, settings["service_pack_share"], spec["service_pack"])
    lines = [share + "\\overrides"]
    addons = spec.get("addons") or []
    lines.extend(["%s\\addons\\%s" % (share, addon) for addon in addons] or [share + "\\addons"])
    lines.extend("%s\\%s" % (pack, directory.replace("/", "\\")) for directory in settings["service_pack_search_dirs"])
    lines.append("//%s/%s" % (spec["placement"]["sql"], erp_database))
    return lines


def describe_environment(platform, tenant_name, tenant, env, spec):
    """The derived record of environment ``env`` of ``tenant_name``."""
    key = environment_key(tenant_name, env)
    subscription = tenant["subscription"]
    options = sorted(subscription.get("options", []))
    ports = platform["platform"]["ports"]
    database_gb, files_gb = environment_quota(platform, spec)
    names = databases(key, options)
    record = {
        "key": key,
        "tenant": tenant_name,
        "type": env,
        "production": env == "production",
        "service_pack": spec["service_pack"],
        "datacenter": platform["pools"][spec["placement"]["pool"]]["datacenter"],
        "placement": dict(spec["placement"]),
        "databases": names,
        "security_group": directory_policy.environment_group(platform, tenant_name, env),
        "service_account": directory_policy.service_account(platform, tenant_name, env),
        "share": key,
        "directories": directories(tenant_name, env, options),
        "iis": {"site": key, "app_pool": key, "html5_app": "LCWeb", "webservices_app": "WS"},
        "hostnames": [default_hostname(platform, tenant_name, env)] + list(spec.get("hostnames", [])),
        "ports": {
            "https": ports["https"],
            # With wpf_range, each environment's own port (the proxies route it, the application servers listen on
            # it); else the former single port, which no proxy routes.
            "wpf": spec.get("wpf_port") if "wpf_range" in ports else ports["wpf"],
            "xlan": ports["xlan"],
            "telnet": spec.get("telnet_port"),
        },
        "quota": {
            "database_gb": database_gb,
            "files_gb": files_gb,
            "extensions": {
                "database_gb": spec.get("storage_extensions", {}).get("database_gb", 0),
                "files_gb": spec.get("storage_extensions", {}).get("files_gb", 0),
            },
        },
        "options": options,
        "languages": sorted(subscription.get("languages", [])),
        "addons": list(spec.get("addons", [])),
        "implicit_search_list": implicit_search_list(platform, key, spec, names["erp"]),
    }
    # Only for a tenant that declares client access: the records of the others keep their shape.
    client_access = tenant.get("client_access")
    if client_access:
        record["client_access"] = {
            "accounts": client_access_policy.environment_accounts(tenant_name, env, client_access),
            "exchange_retention_days": client_access.get("exchange_retention_days"),
            "downloads": client_access_policy.download_accounts(tenant_name, client_access),
        }
    return record
