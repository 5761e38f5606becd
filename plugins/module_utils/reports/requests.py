# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the requests of the report playbooks, ``storage_report.yml``, ``health_check.yml``,
``asset_inventory.yml`` and ``sla_report.yml``.

Checked whole in the first play of each playbook, on the controller, before any machine is contacted or any file is
read (filter ``divalto.cloud.playbook_request``; ``core/request_spec.py``); docs/reports.md and docs/sla.md list the
variables. The outage export itself (columns, timestamps, environments, encoding) is checked by the ``sla_report``
module, which lists every problem of the file at once.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core.model import require_records
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestChecker
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import (
    Variable,
    check_variables,
    names,
    require_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

HOSTS = "host pattern of the machines, e.g. role_app or dc_str1"
STORAGE = (
    Variable("storage_report_root_linux", "path", absolute=True),
    Variable("storage_report_root_windows", "path", absolute=True, os="windows"),
    Variable("storage_report_sql_instance", max_length=128),
    Variable("storage_report_extension_units", "integers", minimum=1, maximum=10**5),
    Variable("storage_report_report_dir", "path"),
)
HEALTH = (
    Variable("health_check_hosts", hint=HOSTS),
    Variable("health_check_connect_timeout", "integer", minimum=1, maximum=3600),
    Variable("health_check_sql_instance", max_length=128),
    Variable("health_check_dmz_path", max_length=256),
    Variable("health_check_dmz_status", "integer", minimum=100, maximum=599),
    Variable("health_check_backup", "boolean", default=True),
    Variable("health_check_backup_history_dir", "path"),
    Variable("health_check_fail_on_failure", "boolean", default=True),
    Variable("health_check_report_dir", "path"),
    Variable("health_check_zabbix_server", max_length=253),
    Variable("health_check_zabbix_port", "integer", minimum=1, maximum=65535),
    Variable("health_check_zabbix_use_ssl", "boolean", default=True),
    Variable("health_check_zabbix_validate_certs", "boolean", default=True),
    Variable("health_check_zabbix_url_path", max_length=256),
    Variable("health_check_zabbix_templates", "texts"),
)
ASSET = (
    Variable("asset_inventory_hosts", hint=HOSTS),
    Variable("asset_inventory_report_dir", "path"),
    Variable("asset_inventory_service_pack_root_linux", "path", absolute=True),
    Variable("asset_inventory_service_pack_root_windows", "path", absolute=True, os="windows"),
    Variable("asset_inventory_hpf_service", "name"),
    Variable("asset_inventory_sql_instance", max_length=128),
)
SLA_FORMATS = (".csv", ".json")
SLA = (
    Variable(
        "sla_report_outages", "path", required=True, hint="-e sla_report_outages=<path to a .csv or .json export>"
    ),
    Variable("sla_report_allow_empty", "boolean"),
    Variable("sla_report_year", "integer", minimum=2000, maximum=2100),
    Variable("sla_report_period_start", "time"),
    Variable("sla_report_period_end", "time"),
    Variable("sla_report_target", "number", minimum=0.5, maximum=1.0),
    Variable("sla_report_dir", "path"),
)
STORAGE_UNITS = ("database_gb", "files_gb")


def check_storage_request(request, environments):
    """The checked request of ``storage_report.yml`` (``{variable: value}``), or :class:`RequestError`."""
    checker, values = _checked("storage_report.yml request", STORAGE, request, environments)
    # The units given, including those whose value was refused (a problem already): each unit is named once.
    given = request.get("storage_report_extension_units")
    units = {str(unit) for unit in given} if isinstance(given, Mapping) else set()
    if units:
        for unit in sorted(units - set(STORAGE_UNITS)):
            checker.problem(
                "storage_report_extension_units",
                "%s is not a unit (units: %s)" % (excerpt(unit), ", ".join(STORAGE_UNITS)),
            )
        for unit in sorted(set(STORAGE_UNITS) - units):
            checker.problem(
                "storage_report_extension_units", "%s is missing (units: %s)" % (unit, ", ".join(STORAGE_UNITS))
            )
    return checker.done(values)


def check_health_request(request, environments):
    """The checked request of ``health_check.yml`` (``{variable: value}``), or :class:`RequestError`."""
    checker, values = _checked("health_check.yml request", HEALTH, request, environments)
    for name in ("health_check_dmz_path", "health_check_zabbix_url_path"):
        path = values[name]
        if path and not path.startswith("/"):
            checker.problem(name, "%s is not a URL path: it starts with /" % excerpt(path))
    return checker.done(values)


def check_asset_request(request, environments):
    """The checked request of ``asset_inventory.yml`` (``{variable: value}``), or :class:`RequestError`."""
    checker, values = _checked("asset_inventory.yml request", ASSET, request, environments)
    return checker.done(values)


def check_sla_request(request, environments):
    """The checked request of ``sla_report.yml`` (``{variable: value}``), or :class:`RequestError`.

    The export is a ``.csv`` or ``.json`` file; the period's start is before its end.
    """
    checker, values = _checked("sla_report.yml request", SLA, request, environments)
    outages = values["sla_report_outages"]
    if outages and not outages.lower().endswith(SLA_FORMATS):
        checker.problem("sla_report_outages", "%s is not a .csv or .json file" % excerpt(outages))
    start, end = values["sla_report_period_start"], values["sla_report_period_end"]
    if start and end and start >= end:
        checker.problem(
            "sla_report_period_end", "%s is not after the period's start %s" % (end.isoformat(), start.isoformat())
        )
    for name in ("sla_report_period_start", "sla_report_period_end"):
        if values[name] is not None:
            values[name] = values[name].isoformat()
    return checker.done(values)


def _checked(source, spec, request, environments):
    """(checker, ``{variable: value}``) of ``spec``; the checker holds the problems."""
    require_records(environments, ("tenant",), "divalto_environments")
    checker = RequestChecker(source, names(spec))
    return checker, check_variables(checker, spec, require_request(request, spec))
