# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The verdict of one machine's health checks (private to the divalto.cloud collection; its API may change).

Pure Python, no Ansible imports. The health_check role runs the checks that :mod:`.health_checks` computed, each
with ``failed_when: false`` so that every check runs, and hands what the tasks registered to the
``divalto.cloud.health_verdict`` action, which calls :func:`verdict`:

- the running services: the registered result of ``ansible.builtin.service_facts`` (Linux: a mapping of unit names
  under ``ansible_facts.services``, state ``running``) or of ``ansible.windows.win_service_info`` (a list under
  ``services``, state ``started``);
- the ports: the registered loop of ``wait_for`` / ``win_wait_for``. A port answered only when its result says so
  (``elapsed`` and no ``msg``): ``failed_when: false`` erases ``failed``, and a message that is not a timeout (a
  name that does not resolve, a refused connection) is a failure too;
- the URLs: the registered loop of ``uri`` (``status``) / ``win_uri`` (``status_code``), compared with the status
  each URL expects.

A result that is not of the shape its module returns is a :class:`HealthVerdictError` naming it, never a pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

RUNNING = {"linux": "running", "windows": "started"}


class HealthVerdictError(DivaltoError):
    """What a health-check task registered is not what its module returns."""


def _loop_results(registered: object, what: str) -> list[Mapping]:
    if not isinstance(registered, Mapping):
        raise HealthVerdictError("%s: expected a registered loop result, got %s" % (what, excerpt(registered)))
    results = registered.get("results", [])
    if registered.get("skipped") and "results" not in registered:
        return []
    if not isinstance(results, Sequence) or isinstance(results, str):
        raise HealthVerdictError("%s: 'results' is not a list: %s" % (what, excerpt(results)))
    bad = [entry for entry in results if not isinstance(entry, Mapping)]
    if bad:
        raise HealthVerdictError("%s: a loop result is not a mapping: %s" % (what, excerpt(bad[0])))
    return [entry for entry in results if not entry.get("skipped")]


def running_services(registered: object, os_name: str) -> set[str]:
    """The names of the services a ``service_facts`` (Linux) or ``win_service_info`` (Windows) result says run."""
    if os_name not in RUNNING:
        raise HealthVerdictError("unknown operating system %s" % excerpt(os_name))
    if not isinstance(registered, Mapping):
        raise HealthVerdictError("services: expected a registered result, got %s" % excerpt(registered))
    if os_name == "linux":
        services = (registered.get("ansible_facts") or {}).get("services")
        if not isinstance(services, Mapping):
            raise HealthVerdictError("services: no ansible_facts.services in %s" % excerpt(registered))
        entries = list(services.values())
    else:
        entries = registered.get("services")
        if not isinstance(entries, Sequence) or isinstance(entries, str):
            raise HealthVerdictError("services: no list of services in %s" % excerpt(registered))
    names = set()
    for entry in entries:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise HealthVerdictError("services: an entry has no name: %s" % excerpt(entry))
        if entry.get("state") == RUNNING[os_name]:
            name = entry["name"]
            names.add(name[: -len(".service")] if name.endswith(".service") else name)
    return names


def _port_failure(result: Mapping) -> str | None:
    item = result.get("item", "?")
    if result.get("unreachable"):
        return "port %s was not checked: the machine did not answer" % item
    message = result.get("msg")
    if message or "elapsed" not in result:
        return "port %s does not answer (%s)" % (item, excerpt(message, 120) if message else "no answer recorded")
    return None


def _url_failure(result: Mapping) -> str | None:
    item = result.get("item")
    if not isinstance(item, Mapping) or "url" not in item or "status" not in item:
        raise HealthVerdictError("urls: a loop result has no url item: %s" % excerpt(item))
    answered = result.get("status", result.get("status_code"))
    if answered == item["status"]:
        return None
    return "%s (Host %s) answered %s, expected %s" % (
        item["url"],
        item.get("host") or "-",
        "nothing" if answered in (None, -1) else answered,
        item["status"],
    )


def verdict(checks: Mapping, services: object, ports: object, urls: object) -> list[str]:
    """Every check of ``checks`` (from :func:`.health_checks.machine_checks`) that failed, in the checks' order.

    ``services``, ``ports`` and ``urls`` are what the role's three tasks registered; a task that was skipped as a
    whole (no port, no URL) registers no ``results`` and checks nothing.
    """
    running = running_services(services, str(checks.get("os")))
    failures = ["service %s is not running" % name for name in checks.get("services", []) if name not in running]
    port_results = _loop_results(ports, "ports")
    url_results = _loop_results(urls, "urls")
    for wanted, what in ((checks.get("ports", []), port_results), (checks.get("urls", []), url_results)):
        if len(what) != len(wanted):
            raise HealthVerdictError("%d checks ran where %d were asked" % (len(what), len(wanted)))
    failures.extend(message for message in map(_port_failure, port_results) if message)
    failures.extend(message for message in map(_url_failure, url_results) if message)
    return failures
