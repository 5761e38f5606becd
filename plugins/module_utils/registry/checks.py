# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: cross-reference checks of a schema-valid registry.

Each ``_check_*`` function looks at one kind of reference and reports every
problem it finds to the collector; none of them stops at the first one.
"""

from __future__ import annotations

import ipaddress

from ansible_collections.divalto.cloud.plugins.module_utils.core import client_access_policy, directory_policy
from ansible_collections.divalto.cloud.plugins.module_utils.core.antivirus_policy import (
    AntivirusPolicyError,
    clamav_settings,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.backup_policy import (
    BackupPolicyError,
    effective_policy,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.neutralisation_policy import (
    NeutralisationPolicyError,
    neutralisation_settings,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import (
    CalendarSettingsError,
    ServiceCalendar,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import (
    ENV_ORDER,
    ZONE_ROLES,
    environment_key,
    ha_pairs,
    pair_storage_gb,
    pool_members,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.zone_flows import check_zone_flows

IMPLICIT_FILE_ENCODING = "iso-8859-1"


def check_registry(registry, collector, platform_file, tolerant=False):
    """Run every cross-reference check; problems go to ``collector``.

    ``tolerant``: some document failed its schema. The checks then run on whatever they can read: a check that
    cannot read invalid data (an exception) is skipped, since the schema problem that explains it is reported.
    On a schema-valid registry an exception is a bug and propagates.
    """
    platform = registry.platform
    report = _Reporter(collector, platform_file)

    def run(default, check, *args):
        if not tolerant:
            return check(*args)
        try:
            return check(*args)
        except Exception:  # noqa: BLE001 - invalid data, already reported by its schema
            return default

    run(None, _check_datacenters, platform, report)
    networks = run({}, _check_networks, platform, report)
    run(None, _check_machines, platform, networks, report)
    run(None, _check_pools, platform, report)
    pairs = run({}, _check_ha_pairs, platform, report)
    run(None, _check_ports, platform, report)
    run(None, _report_zone_flows, platform, report)
    run(None, _check_calendar, platform, report)
    run(None, _check_backup_policy, platform, report)
    run(None, _check_antivirus_policy, platform, report)
    run(None, _check_neutralisation_policy, platform, report)
    directory_ok = run(False, _check_directory_policy, platform, report)
    directory_names = {}
    usage = {}
    claimed = {"telnet_port": {}, "wpf_port": {}, "hostname": {}}
    for tenant in sorted(registry.tenants):
        tenant_report = report.for_tenant(registry.tenant_files[tenant], tenant)
        run(None, _check_subscription, platform, registry.tenants[tenant], tenant_report)
        environments = run({}, _environments_of, registry.tenants[tenant])
        if directory_ok:
            tenant_spec = registry.tenants[tenant]
            run(None, _check_directory_names, platform, tenant, tenant_spec, directory_names, tenant_report)
        for env in ENV_ORDER:
            spec = environments.get(env)
            if spec is not None:
                run(None, _check_environment, registry, tenant, env, spec, pairs, claimed, usage, tenant_report)
    run(None, _check_storage, platform, pairs, usage, report)
    run(None, _report_client_access, platform, registry, pairs, report)


def _report_zone_flows(platform, report):
    for subject, path, expected in check_zone_flows(platform):
        report(path, expected, subject=subject)


def _report_client_access(platform, registry, pairs, report):
    for path, expected in client_access_policy.check_platform(platform, pairs):
        report(path, expected)
    for tenant in sorted(registry.tenants):
        tenant_report = report.for_tenant(registry.tenant_files[tenant], tenant)
        for path, expected in client_access_policy.check_tenant(platform, registry.tenants[tenant], pairs):
            tenant_report(path, expected)


def _environments_of(tenant):
    environments = tenant["environments"]
    return environments if isinstance(environments, dict) else {}


class _Reporter:
    """Binds the file and subject of the problems it reports."""

    def __init__(self, collector, file, subject=""):
        self.collector = collector
        self.file = file
        self.subject = subject

    def __call__(self, path, expected, subject=None):
        self.collector.add(self.file, self.subject if subject is None else subject, path, expected)

    def for_tenant(self, file, tenant):
        return _Reporter(self.collector, file, "tenant %s" % tenant)


def _check_datacenters(platform, report):
    roles = sorted(dc["role"] for dc in platform["datacenters"].values())
    if roles.count("primary") != 1 or "recovery" not in roles:
        report(
            "datacenters",
            "exactly one datacenter with role primary and at least one with role recovery, got %s"
            % ", ".join("%s=%s" % (name, dc["role"]) for name, dc in sorted(platform["datacenters"].items())),
            subject="platform",
        )


def _check_networks(platform, report):
    networks = {}
    for dc, zones in sorted(platform["networks"].items()):
        if dc not in platform["datacenters"]:
            report("networks.%s" % dc, "a datacenter declared under datacenters", subject="platform")
        for zone, cidr in sorted(zones.items()):
            try:
                networks[(dc, zone)] = ipaddress.ip_network(cidr, strict=True)
            except ValueError as exc:
                report("networks.%s.%s" % (dc, zone), "a network in CIDR notation (%s)" % exc, subject="platform")
    return networks


def _check_machines(platform, networks, report):
    addresses = {}
    for name in sorted(platform["machines"]):
        machine = platform["machines"][name]
        subject = "machine %s" % name
        path = "machines.%s" % name
        dc, zone, role = machine["datacenter"], machine["zone"], machine["role"]
        if dc not in platform["datacenters"]:
            report(path + ".datacenter", "a datacenter declared under datacenters, got %s" % excerpt(dc), subject)
        if role not in ZONE_ROLES[zone]:
            report(
                path + ".role",
                "a role of zone %s (%s), got %s" % (zone, ", ".join(ZONE_ROLES[zone]), excerpt(role)),
                subject,
            )
        _check_address(machine, networks, addresses, name, path, report)
        if role == "app" and not machine.get("pool"):
            report(path + ".pool", "an application pool: every app server belongs to one", subject)
        if machine.get("pool") and role != "app":
            report(path + ".pool", "no pool: only app servers are pooled (role is %s)" % role, subject)
        if machine.get("pool") and machine["pool"] not in platform["pools"]:
            report(path + ".pool", "a pool declared under pools, got %s" % excerpt(machine["pool"]), subject)
        if role in ("sql", "file") and not machine.get("ha_pair"):
            report(path + ".ha_pair", "an HA pair: %s servers are redundant" % role, subject)
        if machine.get("ha_pair") and role not in ("sql", "file"):
            report(path + ".ha_pair", "no HA pair: only sql and file servers are paired (role is %s)" % role, subject)


def _check_address(machine, networks, addresses, name, path, report):
    subject = "machine %s" % name
    try:
        address = ipaddress.ip_address(machine["address"])
    except ValueError:
        report(path + ".address", "an IPv4 or IPv6 address, got %s" % excerpt(machine["address"]), subject)
        return
    if address in addresses:
        report(
            path + ".address", "an address of its own (%s is also used by %s)" % (address, addresses[address]), subject
        )
    else:
        addresses[address] = name
    network = networks.get((machine["datacenter"], machine["zone"]))
    if network is None:
        report(
            path + ".address",
            "a network for zone %s in datacenter %s under networks" % (machine["zone"], machine["datacenter"]),
            subject,
        )
    elif address not in network:
        report(
            path + ".address",
            "an address inside %s (zone %s, datacenter %s), got %s"
            % (network, machine["zone"], machine["datacenter"], address),
            subject,
        )


def _check_pools(platform, report):
    members = pool_members(platform)
    for name in sorted(platform["pools"]):
        pool = platform["pools"][name]
        path = "pools.%s" % name
        subject = "pool %s" % name
        if pool["datacenter"] not in platform["datacenters"]:
            report(
                path + ".datacenter",
                "a datacenter declared under datacenters, got %s" % excerpt(pool["datacenter"]),
                subject,
            )
        names = members.get(name, [])
        if not names:
            report(path, "at least one app server naming this pool", subject)
            continue
        elsewhere = [m for m in names if platform["machines"][m]["datacenter"] != pool["datacenter"]]
        if elsewhere:
            report(
                path,
                "members in datacenter %s, but %s is elsewhere" % (pool["datacenter"], ", ".join(elsewhere)),
                subject,
            )
        if len(names) - pool["min_capacity"] < 1:
            report(
                path + ".min_capacity",
                "a minimum capacity below the pool size (%d machines), so that one can be drained for patching, got %d"
                % (len(names), pool["min_capacity"]),
                subject,
            )


def _check_ha_pairs(platform, report):
    pairs = ha_pairs(platform)
    for name in sorted(pairs):
        pair = pairs[name]
        subject = "HA pair %s" % name
        primary, secondary = pair["members"]["primary"], pair["members"]["secondary"]
        if len(primary) != 1 or len(secondary) != 1:
            report(
                "machines.*.ha_pair=%s" % name,
                "exactly one primary and one secondary member, got primary: %s; secondary: %s"
                % (", ".join(primary) or "none", ", ".join(secondary) or "none"),
                subject,
            )
        if len(pair["roles"]) > 1:
            report(
                "machines.*.ha_pair=%s" % name,
                "members of one role, got %s" % ", ".join(sorted(pair["roles"])),
                subject,
            )
        if len(pair["datacenters"]) > 1:
            report(
                "machines.*.ha_pair=%s" % name,
                "members in one datacenter, got %s" % ", ".join(sorted(pair["datacenters"])),
                subject,
            )
    return pairs


def _check_ports(platform, report):
    ports = platform["platform"]["ports"]
    for name in ("telnet_range", "wpf_range"):
        if name in ports and ports[name][0] > ports[name][1]:
            report("platform.ports.%s" % name, "[low, high] with low <= high, got %s" % (ports[name],), "platform")
    if ("wpf" in ports) == ("wpf_range" in ports):
        report(
            "platform.ports",
            "either wpf_range (a WPF thin-client port per environment, routed by the DMZ proxies) or wpf (the "
            "former single port, which the proxies do not route), got %s" % ("both" if "wpf" in ports else "neither"),
            "platform",
        )
    if "wpf_range" not in ports:
        return
    low, high = ports["wpf_range"]
    telnet_low, telnet_high = ports["telnet_range"]
    if low <= telnet_high and telnet_low <= high:
        report(
            "platform.ports.wpf_range",
            "a range apart from telnet_range %s, got %s" % (ports["telnet_range"], ports["wpf_range"]),
            "platform",
        )
    inside = ["%s (%d)" % (name, ports[name]) for name in ("http", "https", "xlan") if low <= ports[name] <= high]
    if inside:
        report(
            "platform.ports.wpf_range",
            "a range without %s, got %s" % (", ".join(inside), ports["wpf_range"]),
            "platform",
        )


def _check_calendar(platform, report):
    """Service hours and maintenance windows must make a valid calendar (see service_calendar)."""
    if "service_hours" not in platform:
        return
    try:
        ServiceCalendar.from_settings(platform["service_hours"], platform.get("maintenance_windows"))
    except CalendarSettingsError as exc:
        _report_settings_error(exc, report)


def _check_backup_policy(platform, report):
    """The ``backup:`` settings (defaults filled in) must make a usable policy (see backup_policy)."""
    try:
        effective_policy(platform)
    except BackupPolicyError as exc:
        _report_settings_error(exc, report)


def _check_antivirus_policy(platform, report):
    """The ``antivirus:`` settings (defaults filled in) must give ClamAV a source of signatures (antivirus_policy)."""
    if "antivirus" not in platform:
        return
    try:
        clamav_settings(platform, shape_checked=True)
    except AntivirusPolicyError as exc:
        _report_settings_error(exc, report)


def _check_neutralisation_policy(platform, report):
    """The ``neutralisation:`` settings name licensed options of the catalogue, each statement once."""
    if "neutralisation" not in platform:
        return
    try:
        neutralisation_settings(platform["neutralisation"], platform["platform"]["licensed_options"])
    except NeutralisationPolicyError as exc:
        _report_settings_error(exc, report)


def _check_directory_policy(platform, report):
    """The ``directory:`` settings (defaults filled in) must be usable (directory_policy); True when they are."""
    try:
        directory_policy.directory_settings(platform)
    except directory_policy.DirectoryPolicyError as exc:
        _report_settings_error(exc, report)
        return False
    return True


def _check_directory_names(platform, tenant_name, tenant, claimed, report):
    """Every directory name the tenant gets must fit AD's limits and be the tenant's alone.

    ``claimed`` maps a name (sAMAccountNames are unique in a domain, accounts and groups alike) to who has it.
    """
    names = []
    for env in ENV_ORDER:
        if env in _environments_of(tenant):
            path = "environments.%s" % env
            names.append((path, lambda env=env: directory_policy.environment_group(platform, tenant_name, env)))
            names.append((path, lambda env=env: directory_policy.service_account(platform, tenant_name, env)))
    for profile in sorted(tenant["subscription"]["users"]):
        path = "subscription.users.%s" % profile
        names.append((path, lambda profile=profile: directory_policy.profile_group(platform, tenant_name, profile)))
    for path, name_of in names:
        try:
            name = name_of()
        except directory_policy.DirectoryPolicyError as exc:
            report(path, "%s (%s)" % (exc.expected, exc.path))
            continue
        owner = "tenant %s, %s" % (tenant_name, path)
        other = claimed.setdefault(name.lower(), owner)
        if other != owner:
            report(path, "a directory name of its own: %s is also the name for %s (directory.naming)" % (name, other))


def _report_settings_error(exc, report):
    """Report a platform settings error carrying ``path``, ``expected``, ``got`` and maybe ``problem``."""
    expected = exc.expected
    if exc.got is not None:
        expected += ", got %s" % excerpt(exc.got)
    if getattr(exc, "problem", None):
        expected += " (%s)" % exc.problem
    report(exc.path, expected, subject="platform")


def _check_subscription(platform, tenant, report):
    settings = platform["platform"]
    subscription = tenant["subscription"]
    catalogues = (
        ("subscription.business_profile", [subscription["business_profile"]], "business_profiles"),
        ("subscription.users", sorted(subscription["users"]), "user_profiles"),
        ("subscription.options", subscription.get("options", []), "licensed_options"),
        ("subscription.languages", subscription.get("languages", []), "languages"),
    )
    for path, values, catalogue in catalogues:
        for value in values:
            if value not in settings[catalogue]:
                report(
                    path,
                    "one of platform.%s (%s), got %s" % (catalogue, ", ".join(settings[catalogue]), excerpt(value)),
                )


def _check_environment(registry, tenant, env, spec, pairs, claimed, usage, report):
    platform = registry.platform
    path = "environments.%s" % env
    if spec["service_pack"] not in registry.service_packs:
        report(
            path + ".service_pack", "a version of the service-pack catalogue, got %s" % excerpt(spec["service_pack"])
        )
    placement = spec["placement"]
    pool = platform["pools"].get(placement["pool"])
    if pool is None:
        report(path + ".placement.pool", _unknown_reference(platform, pairs, placement["pool"], "pool"))
    datacenters = {pool["datacenter"]} if pool else set()
    for kind, role in (("sql", "sql"), ("files", "file")):
        pair = pairs.get(placement[kind])
        if pair is None or pair["roles"] != {role}:
            report(path + ".placement." + kind, _unknown_reference(platform, pairs, placement[kind], role))
            continue
        datacenters.update(pair["datacenters"])
        usage.setdefault(placement[kind], []).append((tenant, env, spec, kind))
    if len(datacenters) > 1:
        report(path + ".placement", "pool, sql and files in one datacenter, got %s" % ", ".join(sorted(datacenters)))
    for index, addon in enumerate(spec.get("addons", [])):
        try:
            addon.encode(IMPLICIT_FILE_ENCODING)
        except UnicodeEncodeError:
            report(
                "%s.addons[%d]" % (path, index),
                "a name that %s can encode (the implicit file's encoding), got %s"
                % (IMPLICIT_FILE_ENCODING, excerpt(addon)),
            )
    _check_terminals(registry, tenant, env, spec, claimed["telnet_port"], report)
    _check_wpf_port(registry, tenant, env, spec, claimed["wpf_port"], report)
    _check_hostnames(platform, tenant, env, spec, claimed["hostname"], report)


def _unknown_reference(platform, pairs, name, role):
    if role == "pool":
        if name in platform["machines"]:
            return "the name of an application pool, got machine %s (name its pool instead)" % excerpt(name)
        return "a pool declared under pools, got %s" % excerpt(name)
    if name in platform["machines"]:
        return "the name of an HA pair of role %s, got machine %s (name its pair instead)" % (role, excerpt(name))
    if name in pairs:
        return "an HA pair of role %s, got %s of role %s" % (
            role,
            excerpt(name),
            ", ".join(sorted(pairs[name]["roles"])),
        )
    return "an HA pair of role %s declared by the machines, got unknown %s" % (role, excerpt(name))


def _check_terminals(registry, tenant, env, spec, ports, report):
    path = "environments.%s.telnet_port" % env
    terminals = registry.tenants[tenant]["subscription"].get("terminals", False)
    port = spec.get("telnet_port")
    if terminals and port is None:
        report(path, "a Telnet port: the subscription has terminals")
    if not terminals and port is not None:
        report(path, "no Telnet port: the subscription has no terminals (subscription.terminals is false)")
    if port is not None:
        _claim_port(registry, "telnet_range", "a Telnet port", environment_key(tenant, env), port, ports, path, report)


def _check_wpf_port(registry, tenant, env, spec, ports, report):
    """With ``platform.ports.wpf_range``, every environment has a WPF port of its own in it; without, none has."""
    path = "environments.%s.wpf_port" % env
    port = spec.get("wpf_port")
    routed = "wpf_range" in registry.platform["platform"]["ports"]
    if routed and port is None:
        report(path, "a WPF thin-client port: platform.ports declares wpf_range")
    if not routed and port is not None:
        report(path, "no WPF port: platform.ports declares no wpf_range (its single wpf port is not routed)")
    if routed and port is not None:
        _claim_port(registry, "wpf_range", "a WPF port", environment_key(tenant, env), port, ports, path, report)


def _claim_port(registry, range_name, what, owner, port, ports, path, report):
    """A per-environment port must lie in its range of ``platform.ports`` and belong to one environment only."""
    low, high = registry.platform["platform"]["ports"][range_name]
    if not low <= port <= high:
        report(path, "a port in platform.ports.%s [%d, %d], got %d" % (range_name, low, high, port))
    if port in ports:
        report(path, "%s of its own (%d is also used by %s)" % (what, port, ports[port]))
    else:
        ports[port] = owner


def _check_hostnames(platform, tenant, env, spec, hostnames, report):
    owner = environment_key(tenant, env)
    for name in [default_hostname(platform, tenant, env)] + spec.get("hostnames", []):
        if name in hostnames:
            report(
                "environments.%s.hostnames" % env,
                "host names of its own (%s is also used by %s)" % (name, hostnames[name]),
            )
        else:
            hostnames[name] = owner


def default_hostname(platform, tenant, env):
    """``acme.<domain>`` for production, ``acme-staging.<domain>`` for the others."""
    domain = platform["platform"]["domain"]
    return "%s.%s" % (tenant, domain) if env == "production" else "%s-%s.%s" % (tenant, env, domain)


def environment_quota(platform, spec):
    """(database GB, files GB) of an environment: included storage plus its extensions."""
    included = platform["platform"]["storage_included"]
    extensions = spec.get("storage_extensions", {})
    return (
        included["database_gb"] + extensions.get("database_gb", 0),
        included["files_gb"] + extensions.get("files_gb", 0),
    )


def _check_storage(platform, pairs, usage, report):
    for pair_name in sorted(usage):
        pair = pairs[pair_name]
        members = pair["members"]["primary"] + pair["members"]["secondary"]
        capacity = pair_storage_gb(platform, members)
        demand = 0
        for _tenant, _env, spec, kind in usage[pair_name]:
            database_gb, files_gb = environment_quota(platform, spec)
            demand += database_gb if kind == "sql" else files_gb
        if demand > capacity:
            placed = ", ".join(environment_key(t, e) for t, e, _spec, _kind in usage[pair_name])
            report(
                "machines.%s.capacity.storage_gb" % members[0],
                "at least %d GB to hold the quotas placed on HA pair %s (%s), has %d GB: storage overcommitted"
                % (demand, pair_name, placed, capacity),
                subject="HA pair %s" % pair_name,
            )
