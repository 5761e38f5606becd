# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the SFTP accounts a tenant file declares (``client_access``), and their checks.

A tenant file's ``client_access.people`` names persons (a client's or a distributor's), each with SSH public
keys and, per environment, the rights (``read`` or ``write``) on the directories of :data:`GRANTS`. Each person
gets one account per environment granted: ``<tenant>-<environment code>-<person>`` (``acme-stg-dist``): the
schema's limits (tenant 16, code 3, person 11 characters) keep it within 32, the limit of a Linux user name.
A person with ``downloads: true`` also gets the tenant's read-only download account ``<tenant>-dl-<person>`` on
the backup vault, where the D+1 backup packages are published (docs/backup_export.md).
"""

from __future__ import annotations

import base64
import binascii
import struct
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.directory_policy import ENVIRONMENT_CODES
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

# What a grant names, as the account sees it (its chroot), and where it is in the environment's directory:
# ``("directories", name)`` is the environment record's directory ``name``; ``("exchange", name)`` the exchange
# directory ``exchange/<name>`` below the environment's directory (this capability creates those).
GRANTS = {
    "code/config": ("directories", "config"),
    "code/overrides": ("directories", "overrides"),
    "code/addons": ("directories", "addons"),
    "exchange/in": ("exchange", "in"),
    "exchange/out": ("exchange", "out"),
}
RIGHTS = ("read", "write")
DOWNLOAD_CODE = "dl"
# The port of the vaults' download SSH server when platform.yml's client_access.download_server_port is not given.
DOWNLOAD_SERVER_PORT = 2222
EXCHANGE_DIRECTORIES = ("in", "out")
KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)


def account_name(tenant: str, environment: str, person: str) -> str:
    """The system account of ``person`` in environment ``environment`` of ``tenant``."""
    return "%s-%s-%s" % (tenant, ENVIRONMENT_CODES[environment], person)


def download_account_name(tenant: str, person: str) -> str:
    """The read-only account of ``person`` on the backup vault's download area of ``tenant``."""
    return "%s-%s-%s" % (tenant, DOWNLOAD_CODE, person)


def download_server_port(settings: Mapping[str, Any] | None) -> int:
    """The port of the vaults' download SSH server, which the DMZ proxies relay to, from ``client_access`` of
    ``platform.yml`` (``settings``, None when absent)."""
    return (settings or {}).get("download_server_port", DOWNLOAD_SERVER_PORT)


def download_accounts(tenant: str, client_access: Mapping[str, Any] | None) -> list[dict]:
    """The download accounts of a tenant, sorted by name: its people with ``downloads: true``."""
    accounts = []
    for person, spec in sorted(((client_access or {}).get("people") or {}).items()):
        if spec.get("downloads"):
            accounts.append(
                {
                    "account": download_account_name(tenant, person),
                    "person": person,
                    "name": spec.get("name", person),
                    "keys": list(spec["keys"]),
                }
            )
    return accounts


def environment_accounts(tenant: str, environment: str, client_access: Mapping[str, Any] | None) -> list[dict]:
    """The accounts of one environment, sorted by name, from a schema-valid tenant ``client_access`` section."""
    accounts = []
    for person, spec in sorted(((client_access or {}).get("people") or {}).items()):
        grants = (spec.get("environments") or {}).get(environment)
        if not grants:
            continue
        accounts.append(
            {
                "account": account_name(tenant, environment, person),
                "person": person,
                "name": spec.get("name", person),
                "keys": list(spec["keys"]),
                "grants": {target: grants[target] for target in sorted(grants)},
            }
        )
    return accounts


def key_problem(key: str) -> str | None:
    """Why an ``authorized_keys`` line (type, base64 blob, optional comment) is not a public key, or None."""
    parts = key.split(" ", 2)
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        return "a public key line '<type> <base64> [comment]' of type %s" % ", ".join(KEY_TYPES)
    try:
        blob = base64.b64decode(parts[1], validate=True)
        (length,) = struct.unpack(">I", blob[:4])
        inner = blob[4 : 4 + length].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError):
        return "a public key whose base64 part decodes to an SSH key"
    if inner != parts[0]:
        return "a public key whose base64 part is a key of its declared type %s, not %s" % (parts[0], excerpt(inner))
    return None


def check_tenant(platform: Mapping[str, Any], tenant: Mapping[str, Any], pairs: Mapping[str, Any]) -> list:
    """Problems of a schema-valid tenant's ``client_access`` as (field path, expected) pairs.

    ``pairs``: the platform's HA pairs (``topology.ha_pairs``), whose machines say which file servers run
    Windows, where no account is provided.
    """
    section = tenant.get("client_access")
    if not section:
        return []
    problems = []
    environments = tenant["environments"]
    file_os = {}
    for env, spec in environments.items():
        pair = pairs.get(spec["placement"]["files"])
        file_os[env] = pair_os(platform, pair) if pair else set()
    for person, spec in sorted((section.get("people") or {}).items()):
        path = "client_access.people.%s" % person
        for index, key in enumerate(spec["keys"]):
            problem = key_problem(key)
            if problem:
                problems.append(("%s.keys[%d]" % (path, index), "%s, got %s" % (problem, excerpt(key))))
        for env in sorted(spec.get("environments") or {}):
            where = "%s.environments.%s" % (path, env)
            if env not in environments:
                problems.append((where, "an environment of this tenant (%s)" % ", ".join(sorted(environments))))
                continue
            if "windows" in file_os[env]:
                problems.append(
                    (where, "an environment on a Linux file server: SFTP accounts are not provided on Windows")
                )
    return problems


def pair_os(platform: Mapping[str, Any], pair: Mapping[str, Any]) -> set[str]:
    """The operating systems of an HA pair's machines (``topology.ha_pairs`` entry)."""
    members = pair["members"]["primary"] + pair["members"]["secondary"]
    return {platform["machines"][name]["os"] for name in members}


def check_platform(platform: Mapping[str, Any], pairs: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Problems of a schema-valid ``platform.yml``'s ``client_access`` as (field path, expected) pairs.

    Each relayed pair is a Linux file pair; its DMZ port is its own and none of the proxies' other ports.
    """
    ports = (platform.get("client_access") or {}).get("sftp_ports") or {}
    settings = platform["platform"]["ports"]
    taken = {settings[name]: "platform.ports.%s" % name for name in ("http", "https") if name in settings}
    ranges = [(name, settings[name]) for name in ("telnet_range", "wpf_range") if name in settings]
    problems = []
    for pair_name in sorted(ports):
        path = "client_access.sftp_ports.%s" % pair_name
        pair = pairs.get(pair_name)
        if pair is None or pair["roles"] != {"file"}:
            problems.append((path, "an HA pair of role file declared by the machines, got %s" % excerpt(pair_name)))
        elif pair_os(platform, pair) != {"linux"}:
            problems.append((path, "a Linux file pair: SFTP accounts are not provided on Windows file servers"))
        port = ports[pair_name]
        inside = [name for name, (low, high) in ranges if low <= port <= high]
        if port in taken or inside:
            owner = taken.get(port) or "platform.ports.%s" % inside[0]
            problems.append((path, "a port of its own, got %d (also %s)" % (port, owner)))
        else:
            taken[port] = "client_access.sftp_ports of another pair"
    server = (platform.get("client_access") or {}).get("download_server_port")
    if server == 22:
        problems.append(
            (
                "client_access.download_server_port",
                "a port other than 22: the vaults' own sshd must never be relayed to the internet",
            )
        )
    download = (platform.get("client_access") or {}).get("download_port")
    if download is not None:
        inside = [name for name, (low, high) in ranges if low <= download <= high]
        if download in taken or inside:
            owner = taken.get(download) or "platform.ports.%s" % inside[0]
            problems.append(("client_access.download_port", "a port of its own, got %d (also %s)" % (download, owner)))
    return problems
