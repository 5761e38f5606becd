# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the IIS sites of an application server.

For each environment the machine serves (``core.model.PlatformModel.served_records``), one
IIS site named after the environment, with its own application pool and
identity, HTTPS bindings (SNI) for the environment's host names and no other,
the HTML5 client and web-services applications, and a log directory of its
own. ``iis_sites`` computes every value the ``iis`` role passes to the
microsoft.iis modules; the role builds no name or path itself.

Identity: ``ApplicationPoolIdentity`` by default, so each pool runs as its own
virtual account ``IIS AppPool\\<pool>``; or, for the environments listed in
``accounts``, a domain account of that environment alone (two environments
can never share one). Certificates: by host name, else the default
(wildcard) certificate; a host name with neither is an error.
"""

from __future__ import annotations

import re

from ansible_collections.divalto.cloud.plugins.module_utils.core import powershell as ps
from ansible_collections.divalto.cloud.plugins.module_utils.core import winpath
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

THUMBPRINT_RE = re.compile(r"^[0-9A-Fa-f]{40}$")
POOL_IDENTITY = "ApplicationPoolIdentity"
SPECIFIC_USER = "SpecificUser"
REQUIRED_KEYS = ("key", "iis", "hostnames", "ports")
IIS_KEYS = ("site", "app_pool", "html5_app", "webservices_app")
MANAGED_RUNTIME = "v4.0"
SSL_FLAG_SNI = 1  # IIS sslFlags: 1 SNI, 2 central certificate store


class IisPlanError(DivaltoError):
    """Arguments or environment records the IIS sites cannot be computed from."""


def _thumbprint(what, value):
    if not isinstance(value, str) or not THUMBPRINT_RE.match(value.replace(" ", "")):
        raise IisPlanError("%s must be a certificate thumbprint (40 hexadecimal digits), got %r" % (what, value))
    return value.replace(" ", "").upper()


def _check_accounts(accounts):
    if not isinstance(accounts, dict):
        raise IisPlanError("accounts must map environment keys to {username, password}, got %r" % (accounts,))
    owners = {}
    for key in sorted(accounts):
        account = accounts[key]
        if not isinstance(account, dict) or not isinstance(account.get("username"), str):
            raise IisPlanError("accounts[%r] must be a dict with a username and a password" % (key,))
        username = account["username"]
        if "\\" not in username.strip("\\") and "@" not in username:
            raise IisPlanError(
                "accounts[%r].username must be a domain account (DOMAIN\\name or name@domain), got %r" % (key, username)
            )
        if not isinstance(account.get("password"), str) or not account["password"]:
            raise IisPlanError("accounts[%r].password must be a non-empty string" % (key,))
        other = owners.setdefault(username.lower(), key)
        if other != key:
            raise IisPlanError(
                "accounts of %s and %s share the domain account %r: each environment needs its own"
                % (other, key, username)
            )


def _named_by_the_directory(accounts, environments, domain):
    """An account given without a username runs as its environment's service account (``service_account`` of the
    record, named by the directory rules), qualified by the directory's NetBIOS ``domain``.

    Such an entry for an environment this machine does not serve is left out: one vaulted mapping of every
    environment's password can be given to every application server.
    """
    if not isinstance(accounts, dict):
        return accounts
    records = {record.get("key"): record for record in environments if isinstance(record, dict)}
    resolved = {}
    for key in sorted(accounts):
        account = accounts[key]
        if isinstance(account, dict) and "username" not in account:
            record = records.get(key)
            if record is None:
                continue
            if not record.get("service_account"):
                raise IisPlanError("accounts[%r] has no username and %s has no service_account" % (key, key))
            if not isinstance(domain, str) or not domain:
                raise IisPlanError(
                    "accounts[%r] has no username, and no directory domain qualifies the service account %s"
                    " (platform.yml directory.netbios)" % (key, record["service_account"])
                )
            account = dict(account, username="%s\\%s" % (domain, record["service_account"]))
        resolved[key] = account
    return resolved


def _check_certificates(certificates, default_certificate):
    if not isinstance(certificates, dict):
        raise IisPlanError("certificates must map host names to thumbprints, got %r" % (certificates,))
    checked = {
        str(name).lower(): _thumbprint("certificates[%r]" % (name,), value) for name, value in certificates.items()
    }
    default = None
    if default_certificate:
        default = _thumbprint("default_certificate", default_certificate)
    return checked, default


def _check_record(record):
    if not isinstance(record, dict):
        raise IisPlanError("expected an environment record (a dict of divalto_environments), got %r" % (record,))
    missing = [name for name in REQUIRED_KEYS if name not in record]
    if missing:
        raise IisPlanError(
            "environment record %r lacks %s (not a divalto_environments entry?)"
            % (record.get("key", "?"), ", ".join(missing))
        )
    missing = [name for name in IIS_KEYS if not record["iis"].get(name)]
    if missing:
        raise IisPlanError("environment %s: iis lacks %s" % (record["key"], ", ".join(missing)))
    if not record["hostnames"]:
        raise IisPlanError("environment %s has no host name to bind" % record["key"])


def _site(record, site_root, log_root, certificates, default, accounts, store, ip):
    key = record["key"]
    iis = record["iis"]
    path = winpath.join(site_root, key)
    bindings = []
    for hostname in record["hostnames"]:
        thumbprint = certificates.get(hostname.lower(), default)
        if thumbprint is None:
            raise IisPlanError(
                "no certificate for host name %s of environment %s: give it one in certificates, "
                "or set a default certificate" % (hostname, key)
            )
        bindings.append(
            {
                "protocol": "https",
                "ip": ip,
                "port": record["ports"]["https"],
                "hostname": hostname,
                "use_sni": True,
                "certificate_hash": thumbprint,
                "certificate_store_name": store,
            }
        )
    pool_attributes = {"managedRuntimeVersion": MANAGED_RUNTIME, "processModel.loadUserProfile": True}
    if key in accounts:
        identity = {"type": SPECIFIC_USER, "username": accounts[key]["username"]}
        pool_attributes.update(
            {
                "processModel.identityType": SPECIFIC_USER,
                "processModel.userName": accounts[key]["username"],
                "processModel.password": accounts[key]["password"],
            }
        )
    else:
        identity = {"type": POOL_IDENTITY, "username": "IIS AppPool\\%s" % iis["app_pool"]}
        pool_attributes["processModel.identityType"] = POOL_IDENTITY
    return {
        "key": key,
        "site": iis["site"],
        "app_pool": iis["app_pool"],
        "identity": identity,
        "pool_attributes": pool_attributes,
        "physical_path": path,
        "log_directory": winpath.join(log_root, key),
        "bindings": bindings,
        "applications": [
            {"role": "html5", "name": iis["html5_app"], "physical_path": winpath.join(path, iis["html5_app"])},
            {
                "role": "webservices",
                "name": iis["webservices_app"],
                "physical_path": winpath.join(path, iis["webservices_app"]),
            },
        ],
    }


def iis_sites(
    environments,
    site_root,
    log_root,
    certificates=None,
    default_certificate="",
    accounts=None,
    certificate_store="my",
    ip="*",
    account_domain="",
):
    """The IIS sites of the served ``environments`` (records, as ``PlatformModel.served_records`` returns them).

    An entry of ``accounts`` without a ``username`` runs as the environment's service account, qualified by
    ``account_domain`` (the directory's NetBIOS name).

    Returns one dict per environment, in the order given: ``key``, ``site``,
    ``app_pool``, ``identity`` {type, username}, ``pool_attributes`` (for
    microsoft.iis.web_app_pool; holds the password of a domain account),
    ``physical_path``, ``log_directory``, ``bindings`` (for
    microsoft.iis.website ``bindings.set``) and ``applications`` (HTML5
    client, web services).
    """
    if isinstance(environments, (str, dict)) or not isinstance(environments, (list, tuple)):
        raise IisPlanError(
            "expected a list of environment records (PlatformModel.served_records), got %r" % (environments,)
        )
    try:
        site_root = winpath.check_absolute("site_root", site_root)
        log_root = winpath.check_absolute("log_root", log_root)
    except winpath.WindowsPathError as exc:
        raise IisPlanError(str(exc)) from exc
    if not isinstance(certificate_store, str) or not certificate_store:
        raise IisPlanError("certificate_store must name a certificate store, got %r" % (certificate_store,))
    if not isinstance(ip, str) or not ip:
        raise IisPlanError("ip must be an address or *, got %r" % (ip,))
    accounts = {} if accounts is None else accounts
    accounts = _named_by_the_directory(accounts, environments, account_domain)
    _check_accounts(accounts)
    certificates, default = _check_certificates({} if certificates is None else certificates, default_certificate)

    sites = []
    owners = {}
    for record in environments:
        _check_record(record)
        for hostname in record["hostnames"]:
            other = owners.setdefault(hostname.lower(), record["key"])
            if other != record["key"]:
                raise IisPlanError(
                    "host name %s is claimed by environments %s and %s" % (hostname, other, record["key"])
                )
        for name in ("site", "app_pool"):
            if any(site[name] == record["iis"][name] for site in sites):
                raise IisPlanError(
                    "IIS %s %s is claimed by two environments" % (name.replace("_", " "), record["iis"][name])
                )
        sites.append(_site(record, site_root, log_root, certificates, default, accounts, certificate_store, ip))
    return sites


def site_changes(sites, current):
    """What differs between the ``sites`` of :func:`iis_sites` and what IIS has (``files/iis_state.ps1``'s result).

    Returns ``{site: {"exists", "path_exists", "needs_bindings", "reasons"}}``: ``needs_bindings`` is true when a
    binding is missing, extra, or has another certificate or SSL flags (SNI), so that microsoft.iis.website, which
    re-adds the certificate of every binding it is given (in check mode too, without reporting it), is given the
    bindings only then. Windows PowerShell 5.1's shapes are read as they come (a lone object, ``null``).
    """
    states = {}
    for index, record in enumerate(ps.records(current, "result")):
        field = "result[%d]" % index
        name = ps.string(record, "Name", field)
        bindings = {}
        for number, binding in enumerate(ps.records(record.get("Bindings"), field + ".Bindings")):
            where = "%s.Bindings[%d]" % (field, number)
            flags = binding.get("SslFlags")
            if isinstance(flags, bool) or not isinstance(flags, int):
                raise IisPlanError("%s.SslFlags: expected an integer, got %s" % (where, excerpt(flags)))
            info = ps.string(binding, "BindingInformation", where).lower()
            certificate = binding.get("CertificateHash")
            certificate = ps.string(binding, "CertificateHash", where) if certificate not in (None, "") else ""
            bindings[(ps.string(binding, "Protocol", where).lower(), info)] = (certificate.upper(), flags)
        states[name] = {
            "exists": ps.boolean(record, "Exists", field),
            "path_exists": ps.boolean(record, "PathExists", field),
            "bindings": bindings,
        }
    changes = {}
    for site in sites:
        state = states.get(site["site"])
        if state is None:
            raise IisPlanError("result: no state read for site %s" % site["site"])
        wanted = {
            (b["protocol"], "%s:%s:%s" % (b["ip"], b["port"], b["hostname"].lower())): (
                b["certificate_hash"].upper(),
                SSL_FLAG_SNI if b["use_sni"] else 0,
            )
            for b in site["bindings"]
        }
        reasons = []
        if not state["exists"]:
            reasons.append("the site does not exist")
        else:
            have = state["bindings"]
            for key in sorted(set(wanted) - set(have)):
                reasons.append("binding %s %s is missing" % key)
            for key in sorted(set(have) - set(wanted)):
                reasons.append("binding %s %s is not one of the site's" % key)
            for key in sorted(set(wanted) & set(have)):
                if have[key][0] != wanted[key][0]:
                    reasons.append(
                        "binding %s %s has certificate %s, not %s"
                        % (key[0], key[1], have[key][0] or "none", wanted[key][0])
                    )
                if have[key][1] != wanted[key][1]:
                    reasons.append(
                        "binding %s %s has SSL flags %d, not %d" % (key[0], key[1], have[key][1], wanted[key][1])
                    )
        changes[site["site"]] = {
            "exists": state["exists"],
            "path_exists": state["path_exists"],
            "needs_bindings": bool(reasons),
            "reasons": reasons,
        }
    return changes
