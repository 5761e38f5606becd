# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the HAProxy configuration of a DMZ reverse proxy.

``build_model`` turns the domain model (``core.model.PlatformModel``: the
``divalto_platform`` and ``divalto_environments`` inventory variables) into a
plain, sorted model of what one proxy routes; ``render_config`` and
``render_crt_list`` turn that model into the exact text of ``haproxy.cfg``
and of the certificate list. The same inputs always give the same bytes.

What a proxy routes: the environments of its own datacenter only. For each:

* the backend ``be_<environment key>`` (``be_acme_production``), whose
  servers are the members of the environment's application pool, each named
  after its machine and addressed by the machine's registry address, on the
  environment's HTTPS port, with an HTTP health check;
* the ACL ``host_<environment key>`` matching its host names (the Host
  header, lower-cased, without a port), which selects that backend;
* when it has a Telnet port (tenants with TelnetCE terminals), a TCP
  pass-through: frontend ``fe_<key>_telnet`` on that port, backend
  ``be_<key>_telnet`` with the same servers on the same port (decision: the
  application servers run one ``dhsTelnet`` listener per environment, on the
  environment's Telnet port);
* for each file pair of its datacenter that ``client_access.sftp_ports`` gives a port, the SFTP relay of the
  clients' and distributors' accounts: frontend ``fe_sftp_<pair>`` on that port, backend ``be_sftp_<pair>``,
  the pair's primary and its secondary as ``backup``, on the file servers' SSH port (docs/client_access.md);
* when ``client_access.download_port`` is set and its datacenter has backup vaults, the SFTP relay of the D+1
  download accounts: frontend ``fe_sftp_download`` on that port, backend ``be_sftp_download``, the first vault
  by name (``core.topology.backup_vault``, which builds the packages) and the others as ``backup``, on the
  port of the vaults' download SSH server (``client_access.download_server_port``, default 2222; never the
  vaults' own sshd, docs/backup_export.md);
* when the platform gives each environment a WPF port (``platform.ports``
  has ``wpf_range``), the WPF thin client's TCP pass-through the same way:
  frontend ``fe_<key>_wpf`` on the environment's ``wpf_port``, backend
  ``be_<key>_wpf``, the same servers on the same port (the application
  servers' HPF listens on it for that environment: ``wpf_port`` of
  ``dhsServices.txt``). Decision: routed by port, not by TLS server name,
  because nothing public says the thin client's socket mode speaks TLS or
  sends a server name (docs/proxy.md). Every pass-through server has a TCP
  connect health check (its protocol has no public health request).

Patching drains a machine through the admin socket with
community.general.haproxy: ``host`` is the machine name, ``backend`` is
``be_<key>`` / ``be_<key>_telnet`` / ``be_<key>_wpf`` (or left out: every
backend holding it).
"""

from __future__ import annotations

import re

from ansible_collections.divalto.cloud.plugins.module_utils.core.client_access_policy import download_server_port
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.model import PROXY_ROLE
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import (  # noqa: F401 (re-exported)
    BACKUP_VAULT_ROLE,
    backend_name,
    backup_vault,
    telnet_backend_name,
    telnet_frontend_name,
    wpf_backend_name,
    wpf_frontend_name,
)

DEFAULT_SETTINGS = {
    "health_check_path": "/health",
    "backend_tls": True,
    "backend_ca_file": "@system-ca",
    "certificate_dir": "/etc/haproxy/certs",
    "certificate_names": [],
    "stats_socket": "/run/haproxy/admin.sock",
    "telnet_timeout": "8h",
    "wpf_timeout": "8h",
    "sftp_timeout": "1h",
}
# The TCP pass-throughs: model key, frontend and backend names, what the backend carries (a comment).
PASSTHROUGHS = (
    ("telnet", telnet_frontend_name, telnet_backend_name, "TelnetCE terminals"),
    ("wpf", wpf_frontend_name, wpf_backend_name, "WPF thin client"),
)
# Health checks of every server (HTTPS, Telnet and WPF backends): every CHECK_INTER, down after CHECK_FALL failures,
# up after CHECK_RISE successes; and the HTTP timeouts. The Molecule scenarios derive their waits from these, as
# read back from the running configuration (molecule/shared/haproxy_timing.yml).
CHECK_INTER = "5s"
CHECK_FALL = 3
CHECK_RISE = 2
CHECK_OPTIONS = ["check", "inter", CHECK_INTER, "fall", str(CHECK_FALL), "rise", str(CHECK_RISE)]
HTTP_TIMEOUTS = (("connect", "5s"), ("client", "60s"), ("server", "60s"), ("http-request", "10s"))
NO_ROUTE_BACKEND = "be_no_route"
STICKY_COOKIE = "DIVALTO_SRV"
CIPHERS = (
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305"
)
CIPHERSUITES = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256"
_HOSTNAME = re.compile(r"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_TOKEN = re.compile(r"^\S+$")
_TIMEOUT = re.compile(r"^[0-9]+(us|ms|s|m|h|d)?$")


class HAProxyConfigError(DivaltoError):
    """The inventory data cannot give a correct proxy configuration."""


def host_acl_name(key):
    """Name of the ACL matching the host names of environment ``key``."""
    return "host_%s" % key


def certificate_path(settings, name):
    """Path of the PEM (certificate chain and key) of host ``name``, or ``default``."""
    return "%s/%s.pem" % (settings["certificate_dir"], name)


def check_settings(settings):
    """Return the complete settings (defaults filled in), or raise HAProxyConfigError."""
    settings = dict(settings or {})
    unknown = sorted(set(settings) - set(DEFAULT_SETTINGS))
    if unknown:
        raise HAProxyConfigError(
            "unknown settings %s; expected some of %s" % (", ".join(unknown), ", ".join(sorted(DEFAULT_SETTINGS)))
        )
    result = dict(DEFAULT_SETTINGS, **settings)
    path = result["health_check_path"]
    if not isinstance(path, str) or not path.startswith("/") or not _TOKEN.match(path):
        raise HAProxyConfigError("health_check_path: expected an absolute URL path without spaces, got %r" % (path,))
    if not isinstance(result["backend_tls"], bool):
        raise HAProxyConfigError("backend_tls: expected a boolean, got %r" % (result["backend_tls"],))
    for key in ("backend_ca_file", "certificate_dir", "stats_socket"):
        if not isinstance(result[key], str) or not _TOKEN.match(result[key]):
            raise HAProxyConfigError("%s: expected a path without spaces, got %r" % (key, result[key]))
    for key in ("telnet_timeout", "wpf_timeout", "sftp_timeout"):
        if not isinstance(result[key], str) or not _TIMEOUT.match(result[key]):
            raise HAProxyConfigError(
                "%s: expected an HAProxy time (a number and a unit such as 8h), got %r" % (key, result[key])
            )
    names = result["certificate_names"]
    if not isinstance(names, (list, tuple)):
        raise HAProxyConfigError("certificate_names: expected a list of host names, got %r" % (names,))
    for name in names:
        if not isinstance(name, str) or not _HOSTNAME.match(name):
            raise HAProxyConfigError("certificate_names: expected lower-case DNS host names, got %r" % (name,))
    if len(set(names)) != len(names):
        raise HAProxyConfigError("certificate_names: host names listed twice: %s" % ", ".join(_repeated(names)))
    result["certificate_names"] = sorted(names)
    return result


def build_model(proxy, model, settings=None):
    """The configuration model of DMZ proxy ``proxy``, from the domain model (``core.model.PlatformModel``)."""
    settings = check_settings(settings)
    datacenter = _proxy_machine(proxy, model)["datacenter"]
    ports = model.settings["ports"]
    http_port, https_port = ports["http"], ports["https"]
    routes, backends = [], []
    passthrough = {kind: [] for kind, _frontend, _backend, _what in PASSTHROUGHS}
    # The single former wpf port is not routed: only a port per environment can tell environments apart.
    routed = ("telnet", "wpf") if "wpf_range" in ports else ("telnet",)
    hostname_owner = {}
    port_owner = {http_port: "the HTTP frontend", https_port: "the HTTPS frontend"}
    pool_servers = {}  # pool: its servers, checked once (a pool serves hundreds of environments)
    for key in model.environments_in(datacenter):
        record = model.environments[key]
        pool = record["placement"]["pool"]
        if pool not in pool_servers:
            pool_servers[pool] = _servers(key, record, model)
        servers = pool_servers[pool]
        hostnames = _hostnames(key, record, hostname_owner)
        routes.append({"acl": host_acl_name(key), "hostnames": hostnames, "backend": backend_name(key)})
        backends.append(
            {
                "name": backend_name(key),
                "environment": key,
                "pool": record["placement"]["pool"],
                "check_host": hostnames[0],
                "servers": [dict(server, port=record["ports"]["https"]) for server in servers],
            }
        )
        for kind, frontend, backend, _what in PASSTHROUGHS:
            port = record["ports"].get(kind) if kind in routed else None
            if port is None:
                continue
            if port in port_owner:
                raise HAProxyConfigError(
                    "environment %s: %s port %s is already used by %s" % (key, kind, port, port_owner[port])
                )
            port_owner[port] = "environment %s" % key
            passthrough[kind].append(
                {
                    "frontend": frontend(key),
                    "backend": backend(key),
                    "environment": key,
                    "port": port,
                    "servers": [dict(server, port=port) for server in servers],
                }
            )
    return {
        "proxy": proxy,
        "datacenter": datacenter,
        "sftp": _sftp_relays(model, datacenter, port_owner) + _download_relay(model, datacenter, port_owner),
        "settings": settings,
        "http_port": http_port,
        "https_port": https_port,
        "default_certificate": certificate_path(settings, "default"),
        "crt_list": "%s/crt-list.txt" % settings["certificate_dir"] if settings["certificate_names"] else None,
        "certificates": [
            {"hostname": name, "path": certificate_path(settings, name)} for name in settings["certificate_names"]
        ],
        "routes": routes,
        "backends": backends,
        "telnet": passthrough["telnet"],
        "wpf": passthrough["wpf"],
    }


def sftp_frontend_name(pair):
    """Frontend of the SFTP relay to file pair ``pair`` (client access, docs/client_access.md)."""
    return "fe_sftp_%s" % pair


def sftp_backend_name(pair):
    return "be_sftp_%s" % pair


def _sftp_relays(model, datacenter, port_owner):
    """The SFTP relays of the datacenter's file pairs that ``client_access.sftp_ports`` gives a DMZ port.

    Each relays its port to the pair's primary, and to its secondary (``backup``) when the primary is down.
    """
    settings = model.platform.get("client_access") or {}
    server_port = settings.get("server_port", 22)
    relays = []
    for pair_name, port in sorted((settings.get("sftp_ports") or {}).items()):
        pair = model.platform["ha_pairs"].get(pair_name)
        if pair is None or pair["datacenter"] != datacenter:
            continue
        if port in port_owner:
            raise HAProxyConfigError(
                "file pair %s: SFTP port %s is already used by %s" % (pair_name, port, port_owner[port])
            )
        port_owner[port] = "the SFTP relay of file pair %s" % pair_name
        servers = []
        for member, backup in ((pair["primary"], False), (pair["secondary"], True)):
            address = model.machine(member).get("address")
            servers.append({"name": member, "address": address, "port": server_port, "backup": backup})
        relays.append(
            {
                "frontend": sftp_frontend_name(pair_name),
                "backend": sftp_backend_name(pair_name),
                "environment": "file pair %s" % pair_name,
                "port": port,
                "servers": servers,
            }
        )
    return relays


def _download_relay(model, datacenter, port_owner):
    """The SFTP relay of the D+1 download accounts to the backup vaults of the datacenter (none without a port)."""
    settings = model.platform.get("client_access") or {}
    port = settings.get("download_port")
    server_port = download_server_port(settings)
    vaults = model.machines(role=BACKUP_VAULT_ROLE, datacenter=datacenter)
    active = backup_vault(model.platform["machines"], datacenter)
    if port is None or not vaults:
        return []
    if port in port_owner:
        raise HAProxyConfigError("client_access.download_port %s is already used by %s" % (port, port_owner[port]))
    port_owner[port] = "the SFTP relay of the D+1 downloads"
    servers = [
        {"name": name, "address": model.machine(name).get("address"), "port": server_port, "backup": name != active}
        for name in vaults
    ]
    return [
        {
            "frontend": sftp_frontend_name("download"),
            "backend": sftp_backend_name("download"),
            "environment": "the D+1 downloads of the backup vaults",
            "port": port,
            "servers": servers,
        }
    ]


def _proxy_machine(proxy, model):
    machine = model.machine(proxy)
    if machine.get("role") != PROXY_ROLE:
        raise HAProxyConfigError(
            "proxy %s: expected a machine of role %s, got role %s" % (proxy, PROXY_ROLE, machine.get("role"))
        )
    return machine


def _servers(key, record, model):
    pool = record["placement"]["pool"]
    if pool not in model.platform["pools"]:
        raise HAProxyConfigError("environment %s: pool %s is not a pool of divalto_platform" % (key, pool))
    members = model.pool_members(pool)
    if not members:
        raise HAProxyConfigError(
            "environment %s: pool %s has no members, the backend would have no server" % (key, pool)
        )
    servers = []
    for name in members:
        address = model.machine(name).get("address")
        if not isinstance(address, str) or not _TOKEN.match(address):
            raise HAProxyConfigError(
                "environment %s: pool %s member %s has no usable address, got %s" % (key, pool, name, excerpt(address))
            )
        servers.append({"name": name, "address": address})
    return servers


def _hostnames(key, record, owner):
    hostnames = []
    for raw in record["hostnames"]:
        name = raw.lower() if isinstance(raw, str) else raw
        if not isinstance(name, str) or not _HOSTNAME.match(name):
            raise HAProxyConfigError("environment %s: expected DNS host names, got %r" % (key, raw))
        if name in owner:
            raise HAProxyConfigError(
                "environment %s: host name %s is already routed to environment %s" % (key, name, owner[name])
            )
        owner[name] = key
        hostnames.append(name)
    if not hostnames:
        raise HAProxyConfigError("environment %s: has no host names, nothing could reach it" % key)
    return hostnames


def _repeated(names):
    seen, repeated = set(), set()
    for name in names:
        (repeated if name in seen else seen).add(name)
    return sorted(repeated)


def render_crt_list(model):
    """The crt-list file: one certificate per host name it is selected for (SNI)."""
    return "".join("%s %s\n" % (cert["path"], cert["hostname"]) for cert in model["certificates"])


def render_config(model):
    """The complete ``haproxy.cfg`` text of a model."""
    settings = model["settings"]
    lines = [
        "# HAProxy configuration of %s (datacenter %s)." % (model["proxy"], model["datacenter"]),
        "# Generated by divalto.cloud (role reverse_proxy) from the tenant registry: do not edit.",
        "# Backends: be_<environment key>; Telnet: fe_/be_<environment key>_telnet; WPF thin client:",
        "# fe_/be_<environment key>_wpf; servers: machine names.",
        "",
        "global",
        "    log /dev/log local0",
        "    chroot /var/lib/haproxy",
        "    stats socket %s mode 660 level admin expose-fd listeners" % settings["stats_socket"],
        "    stats timeout 30s",
        "    user haproxy",
        "    group haproxy",
        "    daemon",
        "    ssl-default-bind-ciphers %s" % CIPHERS,
        "    ssl-default-bind-ciphersuites %s" % CIPHERSUITES,
        "    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets",
        "    ssl-default-server-ciphers %s" % CIPHERS,
        "    ssl-default-server-options ssl-min-ver TLSv1.2",
        "",
        "defaults",
        "    log global",
        "    mode http",
        "    option httplog",
        "    option dontlognull",
    ]
    lines += ["    timeout %s %s" % timeout for timeout in HTTP_TIMEOUTS]
    lines += [
        "",
        "frontend fe_http",
        "    bind :%s" % model["http_port"],
        "    http-request redirect scheme https code 301",
        "",
        "frontend fe_https",
        "    bind :%s %s" % (model["https_port"], _bind_tls(model)),
        "    option forwardfor",
        "    http-request set-header X-Forwarded-Proto https",
        "    http-request set-var(txn.host) req.hdr(host),field(1,:),lower",
        "    # A TLS server name (SNI) must name the host asked for: no routing across tenants.",
        "    http-request deny deny_status 421 if { ssl_fc_has_sni } !{ ssl_fc_sni,lower,strcmp(txn.host) eq 0 }",
        '    http-response set-header Strict-Transport-Security "max-age=31536000"',
    ]
    for route in model["routes"]:
        lines.append("    acl %s var(txn.host) -m str %s" % (route["acl"], " ".join(route["hostnames"])))
    for route in model["routes"]:
        lines.append("    use_backend %s if %s" % (route["backend"], route["acl"]))
    lines += [
        "    default_backend %s" % NO_ROUTE_BACKEND,
        "",
        "backend %s" % NO_ROUTE_BACKEND,
        "    http-request deny deny_status 404",
    ]
    for backend in model["backends"]:
        lines += [
            "",
            "backend %s" % backend["name"],
            "    # environment %s, pool %s" % (backend["environment"], backend["pool"]),
            "    balance leastconn",
            "    cookie %s insert indirect nocache httponly secure" % STICKY_COOKIE,
            "    option httpchk",
            "    http-check send meth GET uri %s ver HTTP/1.1 hdr Host %s"
            % (settings["health_check_path"], backend["check_host"]),
            "    http-check expect status 200",
            "    default-server %s" % _server_options(settings, backend["check_host"]),
        ]
        lines += [
            "    server %s %s:%s cookie %s" % (server["name"], server["address"], server["port"], server["name"])
            for server in backend["servers"]
        ]
    for kind, _frontend, _backend, what in PASSTHROUGHS:
        for entry in model[kind]:
            lines += _passthrough_lines(entry, what, settings["%s_timeout" % kind])
    for entry in model["sftp"]:
        lines += _passthrough_lines(entry, "SFTP of clients and distributors", settings["sftp_timeout"])
    return "\n".join(lines) + "\n"


def _passthrough_lines(entry, what, timeout):
    """A TCP pass-through: its frontend on the environment's port, its backend with a TCP connect check."""
    lines = [
        "",
        "frontend %s" % entry["frontend"],
        "    mode tcp",
        "    option tcplog",
        "    bind :%s" % entry["port"],
        "    timeout client %s" % timeout,
        "    default_backend %s" % entry["backend"],
        "",
        "backend %s" % entry["backend"],
        "    # environment %s: %s" % (entry["environment"], what),
        "    mode tcp",
        "    balance leastconn",
        "    timeout server %s" % timeout,
        "    default-server %s" % " ".join(CHECK_OPTIONS),
    ]
    return lines + [
        "    server %s %s:%s%s"
        % (server["name"], server["address"], server["port"], " backup" * server.get("backup", 0))
        for server in entry["servers"]
    ]


def _bind_tls(model):
    words = ["ssl", "crt", model["default_certificate"]]
    if model["crt_list"]:
        words += ["crt-list", model["crt_list"]]
    return " ".join(words + ["alpn", "h2,http/1.1"])


def _server_options(settings, check_host):
    words = list(CHECK_OPTIONS)
    if settings["backend_tls"]:
        words += [
            "ssl",
            "verify",
            "required",
            "ca-file",
            settings["backend_ca_file"],
            "sni",
            "var(txn.host)",
            "check-sni",
            check_host,
        ]
    return " ".join(words)


def haproxy_config(proxy, model, settings=None, with_model=False):
    """What the ``haproxy_config`` action returns for DMZ proxy ``proxy``.

    ``config`` and ``crt_list`` (the texts), ``default_certificate`` and ``certificates`` (the PEM files to
    install); the whole ``model`` only ``with_model``: a proxy routes every environment of its datacenter, and a
    model of thousands of backends is costly to hand back to Ansible when the texts say it all.
    """
    result = build_model(proxy, model, settings)
    values = {
        "config": render_config(result),
        "crt_list": render_crt_list(result),
        "default_certificate": result["default_certificate"],
        "certificates": result["certificates"],
    }
    if with_model:
        values["model"] = result
    return values
