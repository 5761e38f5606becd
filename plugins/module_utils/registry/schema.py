# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: JSON Schemas of the tenant-registry files.

Each schema describes one file kind: ``platform.yml``, ``service_packs.yml``
and ``tenants/<tenant>.yml``. ``x-expected`` carries the sentence shown to a
person when a value does not match (JSON Schema's own messages quote regular
expressions, which helps nobody reviewing a registry change).
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core import (
    antivirus_policy,
    client_access_policy,
    directory_policy,
    neutralisation_policy,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import (  # noqa: F401 (re-exported)
    ENV_ORDER as ENVIRONMENT_TYPES,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import (  # noqa: F401 (re-exported)
    ROLES,
    ZONES,
)

OPERATING_SYSTEMS = ("windows", "linux")

# The identifier grammar (docs/registry.md, "Identifiers"). Every identifier is matched whole (``\Z``, never
# ``$``, which also accepts a trailing newline: jsonschema's ``pattern`` is ``re.search``), in the character set
# of its kind below, and is never a Windows reserved device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9, CONIN$,
# CONOUT$, in any case, alone or before a dot), ``.`` or ``..``, never ends with a dot or a space and never holds
# a control character: it can become a file, share, directory, database, AD or Ansible group name on Windows or
# Linux.
RESERVED_NAMES = "con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|conin\\$|conout\\$"
NOT_RESERVED = "(?!(?i:%s)(?:\\.|/|\\Z))" % RESERVED_NAMES
# Characters a directory name may not hold (Windows' forbidden characters, C0 and C1 controls, line separators).
_PATH_FORBIDDEN = '\\\\/:*?"<>|\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029'
# One directory name: 1 to 64 characters, not starting with a space, not ending with a dot or a space.
_DIRECTORY_NAME = "%s(?! )[^%s]{0,63}[^%s .]" % (NOT_RESERVED, _PATH_FORBIDDEN, _PATH_FORBIDDEN)
# Free text: one line (names) has no control character at all; several lines (descriptions) may hold tabs and
# newlines.
LINE_PATTERN = "^[^\\x00-\\x1f\\x7f\\u2028\\u2029]*\\Z"
LINES_PATTERN = "^[^\\x00-\\x08\\x0b-\\x1f\\x7f]*\\Z"

SAFE_ID = {
    "type": "string",
    "maxLength": 16,
    "pattern": "^%s[a-z][a-z0-9]{1,15}\\Z" % NOT_RESERVED,
    "x-expected": "a safe identifier: a lowercase letter then 1 to 15 lowercase letters or digits, "
    "not a Windows reserved name "
    "(it becomes part of database names, AD groups, directory and Ansible group names)",
}
MACHINE_NAME = {
    "type": "string",
    "maxLength": 32,
    "pattern": "^%s[a-z][a-z0-9-]{0,30}[a-z0-9]\\Z" % NOT_RESERVED,
    "x-expected": "a host name: lowercase letters, digits and inner hyphens, 2 to 32 characters, "
    "not a Windows reserved name",
}
SERVICE_PACK_VERSION = {
    "type": "string",
    "maxLength": 64,
    "pattern": "^v20[0-9]{2}_[a-z]+[0-9]+_p[0-9]{1,4}[a-z]?\\Z",
    "x-expected": "a service-pack version such as v2026_erpx13_p223a (v<year>_<product><major>_p<patch>[level])",
}
HOSTNAME = {
    "type": "string",
    "maxLength": 253,
    "pattern": "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}\\Z",
    "x-expected": "a fully qualified DNS name in lowercase (labels of at most 63 characters, 253 in all)",
}
TIME_OF_DAY = {
    "type": "string",
    "maxLength": 5,
    "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]\\Z",
    "x-expected": "a time of day HH:MM",
}
DATE = {
    "type": "string",
    "maxLength": 10,
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}\\Z",
    "x-expected": "a date YYYY-MM-DD that exists in the calendar",
}
WEEKDAYS = {
    "type": "array",
    "items": {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
    "minItems": 1,
    "maxItems": 7,
}
PORT = {"type": "integer", "minimum": 1, "maximum": 65535}
PORT_RANGE = {"type": "array", "items": PORT, "minItems": 2, "maxItems": 2}
ADDON_NAME = {
    "type": "string",
    "maxLength": 64,
    "pattern": "^%s\\Z" % _DIRECTORY_NAME,
    "x-expected": 'an add-on directory name: 1 to 64 characters, none of \\ / : * ? " < > | or control characters, '
    "not . or .., not ending with a dot or a space, not starting with a space, not a Windows reserved name",
}
SEARCH_DIRECTORY = {
    "type": "string",
    "maxLength": 255,
    "pattern": "^%s(/%s)*\\Z" % (_DIRECTORY_NAME, _DIRECTORY_NAME),
    "x-expected": "a relative directory path: directory names (as for add-ons) separated by /, "
    "no . or .. component, at most 255 characters",
}
FILE_NAME = {
    "type": "string",
    "maxLength": 255,
    "pattern": "^%s(?! )[^%s]{0,254}(?<![ .])\\Z" % (NOT_RESERVED, _PATH_FORBIDDEN),
    "x-expected": 'a file name: 1 to 255 characters, none of \\ / : * ? " < > | or control characters, '
    "not ending with a dot or a space, not a Windows reserved name",
}
NON_NEGATIVE = {"type": "integer", "minimum": 0, "maximum": 1000000}
POSITIVE = {"type": "integer", "minimum": 1, "maximum": 1000000}
GIGABYTES = {"type": "integer", "minimum": 0, "maximum": 1000000}
KEYWORD = {
    "type": "string",
    "maxLength": 32,
    "pattern": "^%s[a-z][a-z0-9_]{0,31}\\Z" % NOT_RESERVED,
    "x-expected": "a keyword: a lowercase letter then up to 31 lowercase letters, digits or underscores, "
    "not a Windows reserved name",
}
NAME_LIST = {"type": "array", "items": KEYWORD, "uniqueItems": True, "maxItems": 100}
_LANGUAGES = {
    "type": "array",
    "uniqueItems": True,
    "maxItems": 200,
    "items": {"type": "string", "maxLength": 2, "pattern": "^[a-z]{2}\\Z", "x-expected": "an ISO 639-1 code"},
}


def text(max_length, min_length=0, lines=False):
    """Free text of at most ``max_length`` characters: one line, or several (``lines``) without control characters."""
    what = "text" if lines else "one line of text"
    schema = {
        "type": "string",
        "maxLength": max_length,
        "pattern": LINES_PATTERN if lines else LINE_PATTERN,
        "x-expected": "%s of at most %d characters without control characters" % (what, max_length),
    }
    if min_length:
        schema["minLength"] = min_length
        schema["x-expected"] = "%s of %d to %d characters without control characters" % (what, min_length, max_length)
    return schema


def strings(max_items=100, max_length=256):
    """A list of non-empty free-text strings."""
    return {"type": "array", "items": text(max_length, 1), "maxItems": max_items}


def _object(properties, required=(), **extra):
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    schema.update(extra)
    return schema


# The shape only: licensed options and unique statement names are checked by core.neutralisation_policy.
_NEUTRALISATION = {
    "type": "object",
    "minProperties": 1,
    "maxProperties": neutralisation_policy.MAX_OPTIONS,
    "propertyNames": KEYWORD,
    "additionalProperties": _object(
        {
            "licensed_option": KEYWORD,
            "description": text(neutralisation_policy.MAX_DESCRIPTION_LENGTH),
            "statements": {
                "type": "array",
                "minItems": 1,
                "maxItems": neutralisation_policy.MAX_STATEMENTS,
                "items": _object(
                    {
                        "name": KEYWORD,
                        "database": {"enum": list(neutralisation_policy.DATABASE_ROLES)},
                        "sql": text(neutralisation_policy.MAX_SQL_LENGTH, 1, lines=True),
                        "description": text(neutralisation_policy.MAX_DESCRIPTION_LENGTH),
                    },
                    required=("name", "sql"),
                ),
            },
        },
        required=("statements",),
    ),
}
_URL = {
    "type": "string",
    "maxLength": 2048,
    "pattern": "^" + antivirus_policy.URL.pattern,
    "x-expected": "an http(s) URL",
}
# The shape only: defaults and cross-field rules are applied by core.antivirus_policy.clamav_settings.
_ANTIVIRUS = _object(
    {
        "clamav": _object(
            {
                "mirrors": {"type": "array", "items": _URL, "uniqueItems": True, "maxItems": 16},
                "custom_databases": {"type": "array", "items": _URL, "uniqueItems": True, "maxItems": 64},
                "standard_databases": {
                    "type": "array",
                    "items": {"enum": list(antivirus_policy.STANDARD_DATABASES)},
                    "uniqueItems": True,
                    "maxItems": 3,
                },
                "checks_per_day": {"type": "integer", "minimum": 1, "maximum": 50},
            }
        )
    }
)

# The shape only: defaults, placeholders and datacenters are checked by core.directory_policy.directory_settings.
_NAME_TEMPLATE = {
    "type": "string",
    "maxLength": 64,
    "pattern": "^" + directory_policy.TEMPLATE.pattern,
    "x-expected": "a name template: lowercase letters, digits, _ or - and the placeholders {tenant}, "
    "{environment}, {env_code}, {profile}; at most 64 characters",
}
_DIRECTORY = _object(
    {
        "domain": HOSTNAME,
        "netbios": {
            "type": "string",
            "maxLength": 15,
            "pattern": "^[A-Z][A-Z0-9-]{0,14}\\Z",
            "x-expected": "a NetBIOS domain name: an uppercase letter then up to 14 uppercase letters, digits or -",
        },
        "tenants_ou": text(64, 1),
        "domain_controllers": {
            "type": "object",
            "maxProperties": 100,
            "propertyNames": SAFE_ID,
            "additionalProperties": {
                "type": "array",
                "minItems": 1,
                "maxItems": 16,
                "uniqueItems": True,
                "items": {
                    "type": "string",
                    "maxLength": 270,
                    "pattern": "^" + directory_policy.LDAPS_URI.pattern,
                    "x-expected": "an ldaps:// URI of a domain controller (ldaps://host[:port], lowercase host)",
                },
            },
        },
        "ca_file": {
            "type": "string",
            "maxLength": 4096,
            "pattern": "^/[^\\x00-\\x1f\\x7f]*\\Z",
            "x-expected": "an absolute path on the controller, without control characters",
        },
        "naming": _object({kind: _NAME_TEMPLATE for kind in directory_policy.DEFAULT_NAMING}),
    },
    required=("domain", "netbios", "domain_controllers"),
)

_CAPACITY = _object(
    {
        "cpu": {"type": "integer", "minimum": 1, "maximum": 4096},
        "memory_gb": {"type": "integer", "minimum": 1, "maximum": 65536},
        "storage_gb": GIGABYTES,
    },
    required=("cpu", "memory_gb", "storage_gb"),
)

_MACHINE = _object(
    {
        "zone": {"enum": list(ZONES)},
        "role": {"enum": list(ROLES)},
        "os": {"enum": list(OPERATING_SYSTEMS)},
        "datacenter": SAFE_ID,
        "address": {"type": "string", "maxLength": 64, "x-expected": "an IPv4 or IPv6 address"},
        "capacity": _CAPACITY,
        "pool": MACHINE_NAME,
        "ha_pair": MACHINE_NAME,
        "ha_member": {"enum": ["primary", "secondary"]},
        "description": text(1000, lines=True),
    },
    required=("zone", "role", "os", "datacenter", "address", "capacity"),
    dependentRequired={"ha_pair": ["ha_member"], "ha_member": ["ha_pair"]},
)

_WINDOW = _object(
    {"days": WEEKDAYS, "start": TIME_OF_DAY, "end": TIME_OF_DAY},
    required=("days", "start", "end"),
)

_ZONE_FLOW = _object(
    {
        "name": text(128),
        "description": text(1000, lines=True),
        "from": {},
        "to": {"type": "object"},
        "ports": {},
        "protocol": {"enum": ["tcp", "udp"]},
        "across_datacenters": {"type": "boolean"},
    },
    required=("name", "from", "to", "ports"),
)

_BACKUP_AT = {"days": WEEKDAYS, "at": TIME_OF_DAY}
_HOURS = {"type": "integer", "minimum": 1, "maximum": 8784}  # a (leap) year
_DAYS = {"type": "integer", "minimum": 1, "maximum": 36600}  # a century
_BACKUP_DATA_SET = _object(
    {
        "copy_to": SAFE_ID,
        "rpo_hours": _HOURS,
        "snapshot": _object(_BACKUP_AT),
        "keep_days": _DAYS,
    }
)
_BACKUP = _object(
    {
        "grace_minutes": {"type": "integer", "minimum": 0, "maximum": 10080},  # a week
        "databases": _object(
            {
                "copy_to": SAFE_ID,
                "rpo_hours": _HOURS,
                "full": _object(dict(_BACKUP_AT, keep_days=_DAYS)),
                "differential": _object(dict(_BACKUP_AT, keep_days=_DAYS)),
                "log": _object(
                    {"every_minutes": {"type": "integer", "minimum": 1, "maximum": 1440}, "keep_hours": _HOURS}
                ),
            }
        ),
        "code": _BACKUP_DATA_SET,
        "files": _BACKUP_DATA_SET,
    }
)

_STRINGS = strings(1000)
_URL_PATH = {
    "type": "string",
    "maxLength": 2048,
    "pattern": "^/[^\\s\\x00-\\x1f\\x7f]*\\Z",
    "x-expected": "an absolute URL path (no space or control character, at most 2048 characters)",
}
_HEALTH_PORT = {"anyOf": [PORT, KEYWORD], "x-expected": "a port number or a name of platform.ports"}
_HEALTH_URL = _object(
    {
        "path": _URL_PATH,
        "port": _HEALTH_PORT,
        "scheme": {"enum": ["http", "https"]},
        "status": {"type": "integer", "minimum": 100, "maximum": 599},
        "host": text(253, 1),
    },
    required=("path",),
)
_HEALTH_SETTINGS = {
    "services": strings(100),
    "ports": {"type": "array", "items": _HEALTH_PORT, "maxItems": 100},
    "urls": {"type": "array", "items": _HEALTH_URL, "maxItems": 100},
    "environments": {
        "anyOf": [
            {"type": "null"},
            _object(
                {
                    "path": _URL_PATH,
                    "scheme": {"enum": ["http", "https"]},
                    "status": {"type": "integer", "minimum": 100, "maximum": 599},
                },
                required=("path",),
            ),
        ]
    },
}
_HEALTH_CHECKS = {
    "type": "object",
    "propertyNames": {"enum": list(ROLES)},
    "additionalProperties": _object(
        dict(_HEALTH_SETTINGS, windows=_object(_HEALTH_SETTINGS), linux=_object(_HEALTH_SETTINGS))
    ),
}

# Client and distributor SFTP accounts (core.client_access_policy checks keys, environments, names, ports).
_PERSON = {
    "type": "string",
    "maxLength": 11,
    "pattern": "^%s[a-z][a-z0-9]{1,10}\\Z" % NOT_RESERVED,
    "x-expected": "a person identifier: a lowercase letter then 1 to 10 lowercase letters or digits "
    "(it becomes part of the account name <tenant>-<environment code>-<person>)",
}
_PUBLIC_KEY = {
    "type": "string",
    "maxLength": 16384,
    "pattern": "^[a-z0-9@.-]+ [A-Za-z0-9+/]+={0,3}( [^\\x00-\\x1f\\x7f\\u2028\\u2029]{1,200})?\\Z",
    "x-expected": "one SSH public key line '<type> <base64> [comment]', without options",
}
_RETENTION_DAYS = {"type": "integer", "minimum": 1, "maximum": 3660}
_CLIENT_ACCESS = _object(
    {
        "exchange_retention_days": _RETENTION_DAYS,
        "people": {
            "type": "object",
            "maxProperties": 1000,
            "propertyNames": _PERSON,
            "additionalProperties": _object(
                {
                    "name": text(200, 1),
                    "keys": {"type": "array", "items": _PUBLIC_KEY, "minItems": 1, "maxItems": 16, "uniqueItems": True},
                    # The tenant's read-only account on the vault's download area (docs/backup_export.md).
                    "downloads": {"type": "boolean"},
                    "environments": {
                        "type": "object",
                        "propertyNames": {"enum": list(ENVIRONMENT_TYPES)},
                        "additionalProperties": {
                            "type": "object",
                            "minProperties": 1,
                            "propertyNames": {"enum": list(client_access_policy.GRANTS)},
                            "additionalProperties": {"enum": list(client_access_policy.RIGHTS)},
                        },
                    },
                },
                required=("name", "keys"),
            ),
        },
    }
)
_CLIENT_ACCESS_PLATFORM = _object(
    {
        "exchange_retention_days": _RETENTION_DAYS,
        "server_port": PORT,
        # The DMZ port relayed to the backup vaults of the proxy's datacenter (the D+1 download accounts) and how
        # many days a published package stays (docs/backup_export.md).
        "download_port": PORT,
        # The vaults' download SSH server (its own daemon; never the vaults' own sshd on 22), default 2222.
        "download_server_port": PORT,
        "download_days": {"type": "integer", "minimum": 1, "maximum": 90},
        "sftp_ports": {
            "type": "object",
            "maxProperties": 1000,
            "propertyNames": MACHINE_NAME,
            "additionalProperties": PORT,
        },
    }
)

PLATFORM_SCHEMA = _object(
    {
        "platform": _object(
            {
                "name": SAFE_ID,
                "domain": HOSTNAME,
                "storage_included": _object(
                    {"database_gb": GIGABYTES, "files_gb": GIGABYTES},
                    required=("database_gb", "files_gb"),
                ),
                "business_profiles": NAME_LIST,
                "user_profiles": NAME_LIST,
                "licensed_options": NAME_LIST,
                "languages": _LANGUAGES,
                "ports": _object(
                    {
                        "https": PORT,
                        "http": PORT,
                        "wpf": PORT,
                        "wpf_range": PORT_RANGE,
                        "xlan": PORT,
                        "telnet_range": PORT_RANGE,
                    },
                    required=("https", "http", "xlan", "telnet_range"),
                ),
                "file_share_root": text(255, 1),
                "service_pack_share": {
                    "type": "string",
                    "maxLength": 80,
                    "pattern": "^%s[A-Za-z0-9_$-]{1,80}\\Z" % NOT_RESERVED,
                    "x-expected": "an SMB share name: 1 to 80 letters, digits, _, $ or -, not a Windows reserved name",
                },
                "service_pack_search_dirs": {"type": "array", "items": SEARCH_DIRECTORY, "maxItems": 32},
            },
            required=(
                "name",
                "domain",
                "storage_included",
                "business_profiles",
                "user_profiles",
                "licensed_options",
                "languages",
                "ports",
                "service_pack_share",
                "service_pack_search_dirs",
            ),
        ),
        "datacenters": {
            "type": "object",
            "minProperties": 2,
            "maxProperties": 100,
            "propertyNames": SAFE_ID,
            "additionalProperties": _object(
                {"role": {"enum": ["primary", "recovery"]}, "location": text(200)},
                required=("role",),
            ),
        },
        "networks": {
            "type": "object",
            "maxProperties": 100,
            "propertyNames": SAFE_ID,
            "additionalProperties": {
                "type": "object",
                "propertyNames": {"enum": list(ZONES)},
                "additionalProperties": {"type": "string", "maxLength": 64, "x-expected": "a network in CIDR notation"},
            },
        },
        "pools": {
            "type": "object",
            "maxProperties": 1000,
            "propertyNames": MACHINE_NAME,
            "additionalProperties": _object(
                {
                    "datacenter": SAFE_ID,
                    "max_drained": {"type": "integer", "minimum": 1, "maximum": 1000},
                    "min_capacity": {"type": "integer", "minimum": 0, "maximum": 1000},
                },
                required=("datacenter", "max_drained", "min_capacity"),
            ),
        },
        "machines": {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 10000,
            "propertyNames": MACHINE_NAME,
            "additionalProperties": _MACHINE,
        },
        "patching": {
            "type": "object",
            "propertyNames": {"enum": ["monthly", "quarterly"]},
            "additionalProperties": {
                "type": "array",
                "maxItems": 100,
                "items": _object(
                    {
                        "component": KEYWORD,
                        "roles": {"type": "array", "items": {"enum": list(ROLES)}, "minItems": 1, "maxItems": 32},
                        # Optional; defaults per component in patching.COMPONENT_DEFAULTS (docs/patching.md).
                        "categories": _STRINGS,
                        "accept": _STRINGS,
                        "reject": _STRINGS,
                        "packages": _STRINGS,
                    },
                    required=("component", "roles"),
                ),
            },
        },
        "service_hours": _object(
            {
                "timezone": {
                    "type": "string",
                    "maxLength": 64,
                    "pattern": "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*\\Z",
                    "x-expected": "an IANA time zone name such as Europe/Paris",
                },
                "days": WEEKDAYS,
                "start": TIME_OF_DAY,
                "end": TIME_OF_DAY,
                "holidays": _object(
                    {
                        "country": {
                            "type": "string",
                            "maxLength": 2,
                            "pattern": "^[A-Z]{2}\\Z",
                            "x-expected": "an ISO 3166-1 alpha-2 country code",
                        },
                        "subdivision": text(16),
                    },
                    required=("country",),
                ),
            },
            required=("timezone", "days", "start", "end", "holidays"),
        ),
        "maintenance_windows": _object(
            {
                "nonprod": {"type": "array", "items": _WINDOW, "maxItems": 100},
                "prod": {"type": "array", "items": _WINDOW, "maxItems": 100},
            },
            required=("nonprod", "prod"),
        ),
        # The shape only: endpoints, ports and names are checked by firewall.check_zone_flows.
        "zone_flows": {"type": "array", "items": _ZONE_FLOW, "maxItems": 1000},
        # The shape only: defaults per role and port names are applied by health_checks.machine_checks.
        "health_checks": _HEALTH_CHECKS,
        "antivirus": _ANTIVIRUS,
        "directory": _DIRECTORY,
        # What a copy into a non-production environment is stripped of (docs/restore.md).
        "neutralisation": _NEUTRALISATION,
        # The SFTP relay ports of the file pairs and the exchange retention (docs/client_access.md).
        "client_access": _CLIENT_ACCESS_PLATFORM,
        # The shape only: defaults and cross-field rules are applied by backup_policy.effective_policy.
        "backup": _BACKUP,
        # The shape only: recurrences, windows and defaults are checked by awx_schedules.build_schedules.
        "schedules": _object(
            {
                "anchor": DATE,
                "jobs": {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1000,
                    "propertyNames": KEYWORD,
                    "additionalProperties": _object(
                        {
                            "job_template": KEYWORD,
                            "ring": {"enum": ["nonprod", "prod"]},
                            "after_patch_tuesday": {"type": "integer", "minimum": 0, "maximum": 14},
                            "weekly": WEEKDAYS,
                            "monthly": {"type": "integer", "minimum": 1, "maximum": 28},
                            "hourly": {"type": "integer", "minimum": 0, "maximum": 59},
                            "every_months": {"type": "integer", "enum": [1, 2, 3, 4, 6, 12]},
                            "at": TIME_OF_DAY,
                            "duration_minutes": {"type": "integer", "minimum": 1, "maximum": 1440},
                            # Open: bounded by the loader's limits (size, depth, nodes), not by the schema.
                            "extra_vars": {"type": "object"},
                            "enabled": {"type": "boolean"},
                            "description": text(1000, lines=True),
                        },
                        required=("job_template",),
                    ),
                },
            }
        ),
    },
    required=("platform", "datacenters", "networks", "pools", "machines", "patching"),
)

SERVICE_PACKS_SCHEMA = _object(
    {
        "service_packs": {
            "type": "object",
            "maxProperties": 10000,
            "propertyNames": SERVICE_PACK_VERSION,
            "additionalProperties": _object(
                {
                    "artifact": FILE_NAME,
                    "sha256": {
                        "type": "string",
                        "maxLength": 64,
                        "pattern": "^[0-9a-f]{64}\\Z",
                        "x-expected": "64 lowercase hex digits",
                    },
                    "released": DATE,
                    "kind": {"enum": ["service_pack", "hotfix"]},
                },
                required=("artifact", "sha256", "released", "kind"),
            ),
        }
    },
    required=("service_packs",),
)

_ENVIRONMENT = _object(
    {
        "service_pack": SERVICE_PACK_VERSION,
        "placement": _object(
            {"pool": MACHINE_NAME, "sql": MACHINE_NAME, "files": MACHINE_NAME},
            required=("pool", "sql", "files"),
        ),
        "storage_extensions": _object({"database_gb": GIGABYTES, "files_gb": GIGABYTES}),
        "hostnames": {"type": "array", "items": HOSTNAME, "uniqueItems": True, "maxItems": 100},
        "telnet_port": PORT,
        "wpf_port": PORT,
        "addons": {"type": "array", "items": ADDON_NAME, "uniqueItems": True, "maxItems": 100},
    },
    required=("service_pack", "placement"),
)

TENANT_SCHEMA = _object(
    {
        "tenant": SAFE_ID,
        "name": text(200, 1),
        "subscription": _object(
            {
                "business_profile": KEYWORD,
                "users": {
                    "type": "object",
                    "maxProperties": 100,
                    "propertyNames": KEYWORD,
                    "additionalProperties": {"type": "integer", "minimum": 0, "maximum": 1000000},
                },
                "options": NAME_LIST,
                "languages": _LANGUAGES,
                "terminals": {"type": "boolean"},
            },
            required=("business_profile", "users"),
        ),
        "environments": {
            "type": "object",
            "propertyNames": {"enum": list(ENVIRONMENT_TYPES)},
            "required": ["production"],
            "additionalProperties": _ENVIRONMENT,
        },
        "client_access": _CLIENT_ACCESS,
    },
    required=("tenant", "name", "subscription", "environments"),
)
