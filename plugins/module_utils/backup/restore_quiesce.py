# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: what quiescing an environment before an in-place restore touches, and brings back.

Before ``playbooks/restore.yml`` replaces anything of an environment (its databases, its directories, or paths
restored in place), the environment is quiesced, and brought back afterwards, also when the restore fails:

* **drained** on every DMZ proxy of its datacenter: each of its backends (``be_<key>``, ``_telnet``, ``_wpf``, as
  the proxies' configuration has them, ``core.topology.environment_backends``, the same as patching drains) and
  each server of them (the members of its application pool), through HAProxy's admin socket;
* on each Windows member of its application pool, its **IIS application pool** stopped, and the **HPF services**
  stopped only where the machine serves no other environment. **Decision:** DhsXlanServer, DhsDivaAgent and
  DhsServices are one per machine, serving every environment of the pool (one ``dhsServices.txt`` section each):
  stopping them on a shared machine would stop the other environments, so they are left running there and the
  entry says with which environments the machine is shared (the environment is unreachable anyway: drained, its
  IIS pool stopped).

Pure Python, no Ansible import.
"""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import environment_backends


def quiesce_targets(model, key, hpf_services=()):
    """What quiescing environment ``key`` touches, from the domain model (``core.model.PlatformModel``).

    Returns ``{environment, datacenter, proxies, drain, app_servers}``: ``drain`` sorted ``{proxy, backend,
    server}`` (the entries of ``community.general.haproxy``), ``app_servers`` one ``{machine, os, app_pool, site,
    hpf_services, shared_with}`` per member of its pool, ``hpf_services`` empty where ``shared_with`` (the other
    environments the machine serves) is not.
    """
    record = model.environment(key)
    datacenter = record["datacenter"]
    members = model.pool_members(record["placement"]["pool"])
    proxies = model.proxies(datacenter)
    backends = environment_backends(key, record, model.settings["ports"])
    app_servers = []
    for member in members:
        shared = [other for other in model.served_keys(member) if other != key]
        app_servers.append(
            {
                "machine": member,
                "os": model.machine(member).get("os"),
                "app_pool": record["iis"]["app_pool"],
                "site": record["iis"]["site"],
                "hpf_services": [] if shared else list(hpf_services),
                "shared_with": shared,
            }
        )
    return {
        "environment": key,
        "datacenter": datacenter,
        "proxies": proxies,
        "drain": [
            {"proxy": proxy, "backend": backend, "server": member}
            for proxy in proxies
            for backend in backends
            for member in members
        ],
        "app_servers": app_servers,
    }
