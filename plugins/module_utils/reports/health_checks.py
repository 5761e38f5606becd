# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Health checks per machine (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. ``platform.yml`` may have a ``health_checks:`` section, per role and, inside a
role, optionally per operating system (``windows:`` / ``linux:`` override the role's keys)::

    health_checks:
      app:
        services: [W3SVC, DhsXlanServer, DhsDivaAgent, DhsServices]
        ports: [https, xlan]           # numbers, or names of platform.ports
        urls: []                       # {path, port?, scheme?, status?} on the machine's own address
        environments: {path: /health, scheme: https, status: 200}   # one URL per environment served
        linux: {services: [divalto-app]}

Roles missing from the section get :data:`DEFAULTS` (decision: the Windows services of the HPF runtime and IIS,
SQL Server's services, the SMB server, HAProxy and SSH). :func:`machine_checks` returns
``{services: [...], ports: [...], urls: [{url, host, status}]}`` for one machine: ``services`` are service
names, ``ports`` TCP ports answering on the machine's address, ``urls`` GET requests on the machine's address
(``host`` is the Host header; for environment URLs the environment's first host name and its own HTTPS port).
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

ROLES = ("reverse_proxy", "app", "sql", "file", "backup_vault")
OPERATING_SYSTEMS = ("windows", "linux")
KEYS = ("services", "ports", "urls", "environments")
DEFAULTS = {
    "reverse_proxy": {"services": ["haproxy"], "ports": ["https", "http"], "urls": [], "environments": None},
    "app": {
        "services": ["W3SVC", "DhsXlanServer", "DhsDivaAgent", "DhsServices"],
        "ports": ["https", "xlan"],
        "urls": [],
        "environments": {"path": "/health", "scheme": "https", "status": 200},
        "linux": {"services": []},
    },
    "sql": {"services": ["MSSQLSERVER", "SQLSERVERAGENT"], "ports": [1433], "urls": [], "environments": None},
    "file": {
        "services": [],
        "ports": [445],
        "urls": [],
        "environments": None,
        "windows": {"services": ["LanmanServer"]},
        "linux": {"services": ["smbd"]},
    },
    "backup_vault": {"services": ["ssh"], "ports": [22], "urls": [], "environments": None},
}


class HealthCheckError(DivaltoError):
    """Invalid health-check settings or machine."""


def _port(value, ports, where):
    if isinstance(value, bool):
        raise HealthCheckError(f"{where}: expected a port number or a name of platform.ports, got {value!r}")
    if isinstance(value, int):
        port = value
    elif isinstance(value, str) and value in ports and isinstance(ports[value], int):
        port = ports[value]
    else:
        names = ", ".join(sorted(k for k, v in ports.items() if isinstance(v, int)))
        raise HealthCheckError(f"{where}: {value!r} is not a port number nor one of platform.ports ({names})")
    if not 1 <= port <= 65535:
        raise HealthCheckError(f"{where}: port {port} is out of range 1-65535")
    return port


def role_settings(health_checks, role, os_name):
    """The effective settings of ``role`` on ``os_name``: defaults, then the section, then its OS override."""
    if role not in ROLES:
        raise HealthCheckError(f"role {role!r} is not one of {', '.join(ROLES)}")
    section = health_checks or {}
    if not isinstance(section, Mapping):
        raise HealthCheckError("health_checks: expected a mapping of roles")
    settings = {key: DEFAULTS[role].get(key) for key in KEYS}
    settings.update(DEFAULTS[role].get(os_name) or {})
    given = section.get(role)
    if given is not None:
        if not isinstance(given, Mapping):
            raise HealthCheckError(f"health_checks.{role}: expected a mapping")
        settings.update({key: given[key] for key in KEYS if key in given})
        override = given.get(os_name)
        if override is not None:
            if not isinstance(override, Mapping):
                raise HealthCheckError(f"health_checks.{role}.{os_name}: expected a mapping")
            settings.update({key: override[key] for key in KEYS if key in override})
    return settings


def _url(scheme, address, port, path, where):
    if scheme not in ("http", "https"):
        raise HealthCheckError(f"{where}.scheme: expected http or https, got {scheme!r}")
    if not isinstance(path, str) or not path.startswith("/"):
        raise HealthCheckError(f"{where}.path: expected an absolute URL path, got {path!r}")
    default = 443 if scheme == "https" else 80
    host = f"[{address}]" if ":" in address else address
    return f"{scheme}://{host}{'' if port == default else ':%d' % port}{path}"


def machine_checks(machine_name, platform, environments, machine=None, address=None):
    """The checks of one machine: ``{services, ports, urls}``.

    ``platform`` is ``divalto_platform``, ``environments`` ``divalto_environments``; ``machine`` is the machine's
    ``divalto_machine`` (role, os, address, pool, ha_pair) and ``address`` where to reach it (default
    ``machine.address``).
    """
    if not isinstance(machine, Mapping):
        raise HealthCheckError(f"machine {machine_name}: no divalto_machine given")
    role, os_name = machine.get("role"), machine.get("os")
    if os_name not in OPERATING_SYSTEMS:
        raise HealthCheckError(f"machine {machine_name}: os {os_name!r} is not one of windows, linux")
    try:
        settings = role_settings(platform.get("health_checks"), role, os_name)
    except HealthCheckError as error:
        raise HealthCheckError(f"machine {machine_name}: {error}") from None
    address = address or machine.get("address")
    if not address:
        raise HealthCheckError(f"machine {machine_name}: has no address")
    ports = (platform.get("settings") or {}).get("ports") or {}
    where = f"health_checks.{role}"
    services = settings["services"] or []
    if not isinstance(services, list) or not all(isinstance(s, str) and s for s in services):
        raise HealthCheckError(f"{where}.services: expected a list of service names, got {services!r}")
    result = {
        "machine": machine_name,
        "services": sorted(set(services)),
        "ports": sorted({_port(p, ports, f"{where}.ports[{i}]") for i, p in enumerate(settings["ports"] or [])}),
        "urls": [],
    }
    for index, entry in enumerate(settings["urls"] or []):
        here = f"{where}.urls[{index}]"
        if not isinstance(entry, Mapping):
            raise HealthCheckError(f"{here}: expected a mapping with path, port, scheme, status")
        scheme = entry.get("scheme", "https")
        port = _port(entry.get("port", scheme), ports, f"{here}.port")
        result["urls"].append(
            {
                "url": _url(scheme, address, port, entry.get("path"), here),
                "host": entry.get("host"),
                "status": int(entry.get("status", 200)),
                "environment": None,
            }
        )
    per_env = settings["environments"]
    if per_env and role == "app":
        if not isinstance(per_env, Mapping):
            raise HealthCheckError(f"{where}.environments: expected a mapping with path, scheme, status")
        scheme = per_env.get("scheme", "https")
        for key in sorted(environments):
            record = environments[key]
            if record.get("placement", {}).get("pool") != machine.get("pool") or not machine.get("pool"):
                continue
            result["urls"].append(
                {
                    "url": _url(
                        scheme, address, int(record["ports"]["https"]), per_env.get("path"), where + ".environments"
                    ),
                    "host": (record.get("hostnames") or [None])[0],
                    "status": int(per_env.get("status", 200)),
                    "environment": key,
                }
            )
    return result
