# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The requests of the report playbooks, checked whole first (reports/requests.py)."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.reports.requests import (
    ASSET,
    HEALTH,
    SLA,
    STORAGE,
    check_asset_request,
    check_health_request,
    check_sla_request,
    check_storage_request,
)
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.core.request_values import request_of


@pytest.fixture(scope="module")
def environments(example_model):
    return example_model["vars"]["divalto_environments"]


def problems(check, spec, environments, **given):
    with pytest.raises(RequestError) as error:
        check(request_of(spec, **given), environments)
    return error.value.problems


def test_nothing_given_is_a_good_request_but_for_the_sla_export(environments):
    assert check_storage_request(request_of(STORAGE), environments)["storage_report_extension_units"] == {}
    assert check_health_request(request_of(HEALTH), environments)["health_check_fail_on_failure"] is True
    assert check_asset_request(request_of(ASSET), environments)["asset_inventory_hosts"] is None
    assert problems(check_sla_request, SLA, environments) == [
        "sla_report_outages: is required: -e sla_report_outages=<path to a .csv or .json export>"
    ]


def test_storage_units_are_both_given_and_nothing_else(environments):
    assert check_storage_request(
        request_of(STORAGE, storage_report_extension_units={"database_gb": 5, "files_gb": "20"}), environments
    )["storage_report_extension_units"] == {"database_gb": 5, "files_gb": 20}
    assert problems(
        check_storage_request,
        STORAGE,
        environments,
        storage_report_extension_units={"database_gb": 0, "disk_gb": 5},
        storage_report_root_windows="/srv/divalto",
    ) == [
        "storage_report_root_windows: '/srv/divalto' is not an absolute Windows path",
        "storage_report_extension_units['database_gb']: expected an integer from 1 to 100000, got 0",
        "storage_report_extension_units: 'disk_gb' is not a unit (units: database_gb, files_gb)",
        "storage_report_extension_units: files_gb is missing (units: database_gb, files_gb)",
    ]


def test_health_check_bounds_and_url_paths(environments):
    checked = check_health_request(
        request_of(HEALTH, health_check_dmz_status="204", health_check_zabbix_templates=["Linux by Zabbix agent"]),
        environments,
    )
    assert (checked["health_check_dmz_status"], checked["health_check_zabbix_templates"]) == (
        204,
        ["Linux by Zabbix agent"],
    )
    assert problems(
        check_health_request,
        HEALTH,
        environments,
        health_check_hosts="all\n:!x",
        health_check_connect_timeout=0,
        health_check_dmz_path="health",
        health_check_zabbix_url_path="zabbix",
        health_check_zabbix_templates="Linux",
        health_check_fail_on_failure="no way",
    ) == [
        "health_check_hosts: contains a control character (line break, tab...): 'all\\n:!x'",
        "health_check_connect_timeout: expected an integer from 1 to 3600, got 0",
        "health_check_dmz_path: 'health' is not a URL path: it starts with /",
        "health_check_fail_on_failure: expected true or false, got a string 'no way'",
        "health_check_zabbix_url_path: 'zabbix' is not a URL path: it starts with /",
        "health_check_zabbix_templates: expected a list, got the string 'Linux' (a string is not a list of its "
        """characters): give a list, -e '{"health_check_zabbix_templates": ["a", "b"]}'""",
    ]


def test_asset_inventory_names_and_paths(environments):
    assert problems(
        check_asset_request,
        ASSET,
        environments,
        asset_inventory_hpf_service="Dhs Xlan",
        asset_inventory_service_pack_root_windows="packs",
    ) == [
        "asset_inventory_service_pack_root_windows: 'packs' is not an absolute Windows path",
        "asset_inventory_hpf_service: 'Dhs Xlan' is not a name (letters, digits, _ and -, at most 64)",
    ]


def test_sla_request(environments):
    checked = check_sla_request(
        request_of(
            SLA,
            sla_report_outages="/srv/exports/outages.CSV",
            sla_report_target="0.994",
            sla_report_period_start="2025-01-01T00:00:00+01:00",
            sla_report_period_end="2026-01-01T00:00:00+01:00",
        ),
        environments,
    )
    assert checked["sla_report_target"] == 0.994
    assert checked["sla_report_period_start"] == "2025-01-01T00:00:00+01:00"
    assert problems(
        check_sla_request,
        SLA,
        environments,
        sla_report_outages="outages.xlsx",
        sla_report_year=1999,
        sla_report_allow_empty="perhaps",
        sla_report_period_start="2025-01-01T00:00:00+01:00",
        sla_report_period_end="2025-01-01T00:00:00+01:00",
        sla_report_target=99.4,
    ) == [
        "sla_report_outages: 'outages.xlsx' is not a .csv or .json file",
        "sla_report_allow_empty: expected true or false, got a string 'perhaps'",
        "sla_report_year: expected an integer from 2000 to 2100, got 1999",
        "sla_report_period_end: 2025-01-01T00:00:00+01:00 is not after the period's start 2025-01-01T00:00:00+01:00",
        "sla_report_target: expected a number from 0.5 to 1.0, got 99.4",
    ]
