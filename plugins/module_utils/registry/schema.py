# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: JSON Schemas of the tenant-registry files.

Each schema describes one file kind: ``platform.yml``, ``service_packs.yml``
and ``tenants/<tenant>.yml``. ``x-expected`` carries the sentence shown to a
person when a value does not match (JSON Schema's own messages quote regular
expressions, which helps nobody reviewing a registry change).
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import (  # noqa: F401 (re-exported)
    ENV_ORDER as ENVIRONMENT_TYPES,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import (  # noqa: F401 (re-exported)
    ROLES,
    ZONES,
)

OPERATING_SYSTEMS = ("windows", "linux")

SAFE_ID = {
    "type": "string",
    "pattern": "^[a-z][a-z0-9]{1,15}$",
    "x-expected": "a safe identifier: a lowercase letter then 1 to 15 lowercase letters or digits "
    "(it becomes part of database names, AD groups, directory and Ansible group names)",
}
MACHINE_NAME = {
    "type": "string",
    "pattern": "^[a-z][a-z0-9-]{0,30}[a-z0-9]$",
    "x-expected": "a host name: lowercase letters, digits and inner hyphens, 2 to 32 characters",
}
SERVICE_PACK_VERSION = {
    "type": "string",
    "pattern": "^v20[0-9]{2}_[a-z]+[0-9]+_p[0-9]{1,4}[a-z]?$",
    "x-expected": "a service-pack version such as v2026_erpx13_p223a (v<year>_<product><major>_p<patch>[level])",
}
HOSTNAME = {
    "type": "string",
    "pattern": "^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$",
    "x-expected": "a fully qualified DNS name in lowercase",
}
TIME_OF_DAY = {
    "type": "string",
    "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
    "x-expected": "a time of day HH:MM",
}
WEEKDAYS = {"type": "array", "items": {"enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]}, "minItems": 1}
PORT = {"type": "integer", "minimum": 1, "maximum": 65535}
ADDON_NAME = {
    "type": "string",
    "pattern": '^[^\\\\/:*?"<>|\\x00-\\x1f]{1,64}$',
    "x-expected": 'an add-on directory name: 1 to 64 characters, none of \\ / : * ? " < > | or control characters',
}
NON_NEGATIVE = {"type": "integer", "minimum": 0}
POSITIVE = {"type": "integer", "minimum": 1}
KEYWORD = {
    "type": "string",
    "pattern": "^[a-z][a-z0-9_]{0,31}$",
    "x-expected": "a keyword: a lowercase letter then up to 31 lowercase letters, digits or underscores",
}
NAME_LIST = {"type": "array", "items": KEYWORD, "uniqueItems": True}


def _object(properties, required=(), **extra):
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    schema.update(extra)
    return schema


_CAPACITY = _object(
    {"cpu": POSITIVE, "memory_gb": POSITIVE, "storage_gb": NON_NEGATIVE},
    required=("cpu", "memory_gb", "storage_gb"),
)

_MACHINE = _object(
    {
        "zone": {"enum": list(ZONES)},
        "role": {"enum": list(ROLES)},
        "os": {"enum": list(OPERATING_SYSTEMS)},
        "datacenter": SAFE_ID,
        "address": {"type": "string", "x-expected": "an IPv4 or IPv6 address"},
        "capacity": _CAPACITY,
        "pool": MACHINE_NAME,
        "ha_pair": MACHINE_NAME,
        "ha_member": {"enum": ["primary", "secondary"]},
        "description": {"type": "string"},
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
        "name": {"type": "string"},
        "description": {"type": "string"},
        "from": {},
        "to": {"type": "object"},
        "ports": {},
        "protocol": {"enum": ["tcp", "udp"]},
        "across_datacenters": {"type": "boolean"},
    },
    required=("name", "from", "to", "ports"),
)

_BACKUP_AT = {"days": WEEKDAYS, "at": TIME_OF_DAY}
_BACKUP_DATA_SET = _object(
    {
        "copy_to": SAFE_ID,
        "rpo_hours": POSITIVE,
        "snapshot": _object(_BACKUP_AT),
        "keep_days": POSITIVE,
    }
)
_BACKUP = _object(
    {
        "grace_minutes": NON_NEGATIVE,
        "databases": _object(
            {
                "copy_to": SAFE_ID,
                "rpo_hours": POSITIVE,
                "full": _object(dict(_BACKUP_AT, keep_days=POSITIVE)),
                "differential": _object(dict(_BACKUP_AT, keep_days=POSITIVE)),
                "log": _object({"every_minutes": POSITIVE, "keep_hours": POSITIVE}),
            }
        ),
        "code": _BACKUP_DATA_SET,
        "files": _BACKUP_DATA_SET,
    }
)

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_HEALTH_PORT = {"anyOf": [PORT, KEYWORD], "x-expected": "a port number or a name of platform.ports"}
_HEALTH_URL = _object(
    {
        "path": {"type": "string", "pattern": "^/[^ ]*$", "x-expected": "an absolute URL path"},
        "port": _HEALTH_PORT,
        "scheme": {"enum": ["http", "https"]},
        "status": {"type": "integer", "minimum": 100, "maximum": 599},
        "host": {"type": "string", "minLength": 1},
    },
    required=("path",),
)
_HEALTH_SETTINGS = {
    "services": _STRINGS,
    "ports": {"type": "array", "items": _HEALTH_PORT},
    "urls": {"type": "array", "items": _HEALTH_URL},
    "environments": {
        "anyOf": [
            {"type": "null"},
            _object(
                {
                    "path": {"type": "string", "pattern": "^/[^ ]*$", "x-expected": "an absolute URL path"},
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

PLATFORM_SCHEMA = _object(
    {
        "platform": _object(
            {
                "name": SAFE_ID,
                "domain": HOSTNAME,
                "storage_included": _object(
                    {"database_gb": NON_NEGATIVE, "files_gb": NON_NEGATIVE},
                    required=("database_gb", "files_gb"),
                ),
                "business_profiles": NAME_LIST,
                "user_profiles": NAME_LIST,
                "licensed_options": NAME_LIST,
                "languages": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {"type": "string", "pattern": "^[a-z]{2}$", "x-expected": "an ISO 639-1 code"},
                },
                "ports": _object(
                    {
                        "https": PORT,
                        "http": PORT,
                        "wpf": PORT,
                        "xlan": PORT,
                        "telnet_range": {"type": "array", "items": PORT, "minItems": 2, "maxItems": 2},
                    },
                    required=("https", "http", "wpf", "xlan", "telnet_range"),
                ),
                "file_share_root": {"type": "string", "minLength": 1},
                "service_pack_share": {"type": "string", "pattern": "^[A-Za-z0-9_$-]{1,80}$"},
                "service_pack_search_dirs": {"type": "array", "items": {"type": "string", "minLength": 1}},
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
            "propertyNames": SAFE_ID,
            "additionalProperties": _object(
                {"role": {"enum": ["primary", "recovery"]}, "location": {"type": "string"}},
                required=("role",),
            ),
        },
        "networks": {
            "type": "object",
            "propertyNames": SAFE_ID,
            "additionalProperties": {
                "type": "object",
                "propertyNames": {"enum": list(ZONES)},
                "additionalProperties": {"type": "string", "x-expected": "a network in CIDR notation"},
            },
        },
        "pools": {
            "type": "object",
            "propertyNames": MACHINE_NAME,
            "additionalProperties": _object(
                {"datacenter": SAFE_ID, "max_drained": POSITIVE, "min_capacity": NON_NEGATIVE},
                required=("datacenter", "max_drained", "min_capacity"),
            ),
        },
        "machines": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": MACHINE_NAME,
            "additionalProperties": _MACHINE,
        },
        "patching": {
            "type": "object",
            "propertyNames": {"enum": ["monthly", "quarterly"]},
            "additionalProperties": {
                "type": "array",
                "items": _object(
                    {
                        "component": KEYWORD,
                        "roles": {"type": "array", "items": {"enum": list(ROLES)}, "minItems": 1},
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
                "timezone": {"type": "string"},
                "days": WEEKDAYS,
                "start": TIME_OF_DAY,
                "end": TIME_OF_DAY,
                "holidays": _object(
                    {"country": {"type": "string", "pattern": "^[A-Z]{2}$"}, "subdivision": {"type": "string"}},
                    required=("country",),
                ),
            },
            required=("timezone", "days", "start", "end", "holidays"),
        ),
        "maintenance_windows": _object(
            {"nonprod": {"type": "array", "items": _WINDOW}, "prod": {"type": "array", "items": _WINDOW}},
            required=("nonprod", "prod"),
        ),
        # The shape only: endpoints, ports and names are checked by firewall.check_zone_flows.
        "zone_flows": {"type": "array", "items": _ZONE_FLOW},
        # The shape only: defaults per role and port names are applied by health_checks.machine_checks.
        "health_checks": _HEALTH_CHECKS,
        # The shape only: defaults and cross-field rules are applied by backup_policy.effective_policy.
        "backup": _BACKUP,
        # The shape only: recurrences, windows and defaults are checked by awx_schedules.build_schedules.
        "schedules": _object(
            {
                "anchor": {
                    "type": "string",
                    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                    "x-expected": "a date YYYY-MM-DD",
                },
                "jobs": {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": KEYWORD,
                    "additionalProperties": _object(
                        {
                            "job_template": KEYWORD,
                            "ring": {"enum": ["nonprod", "prod"]},
                            "after_patch_tuesday": {"type": "integer", "minimum": 0, "maximum": 14},
                            "weekly": WEEKDAYS,
                            "monthly": {"type": "integer", "minimum": 1, "maximum": 28},
                            "hourly": {"type": "integer", "minimum": 0, "maximum": 59},
                            "every_months": {"enum": [1, 2, 3, 4, 6, 12]},
                            "at": TIME_OF_DAY,
                            "duration_minutes": {"type": "integer", "minimum": 1, "maximum": 1440},
                            "extra_vars": {"type": "object"},
                            "enabled": {"type": "boolean"},
                            "description": {"type": "string"},
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
            "propertyNames": SERVICE_PACK_VERSION,
            "additionalProperties": _object(
                {
                    "artifact": {"type": "string", "minLength": 1},
                    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$", "x-expected": "64 lowercase hex digits"},
                    "released": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
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
        "storage_extensions": _object({"database_gb": NON_NEGATIVE, "files_gb": NON_NEGATIVE}),
        "hostnames": {"type": "array", "items": HOSTNAME, "uniqueItems": True},
        "telnet_port": PORT,
        "addons": {"type": "array", "items": ADDON_NAME, "uniqueItems": True},
    },
    required=("service_pack", "placement"),
)

TENANT_SCHEMA = _object(
    {
        "tenant": SAFE_ID,
        "name": {"type": "string", "minLength": 1},
        "subscription": _object(
            {
                "business_profile": KEYWORD,
                "users": {"type": "object", "propertyNames": KEYWORD, "additionalProperties": NON_NEGATIVE},
                "options": NAME_LIST,
                "languages": {"type": "array", "uniqueItems": True, "items": {"type": "string"}},
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
    },
    required=("tenant", "name", "subscription", "environments"),
)
