# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request of playbooks/backup_export.yml, checked whole before any vault is contacted."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_request import EXPORT, check_export_request
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import names
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.core.request_values import (
    request_builder,
    request_values,
)

request = request_builder(names(EXPORT), {"export_tenant": "acme"})


DOWNLOADER = {"account": "acme-dl-it", "person": "it", "name": "ACME IT", "keys": ["ssh-ed25519 AAAA it"]}


@pytest.fixture(scope="module")
def platform(example_model):
    """The example platform with the downloads' DMZ port."""
    changed = copy.deepcopy(example_model["vars"]["divalto_platform"])
    changed["client_access"] = dict(changed.get("client_access") or {}, download_port=2299)
    return changed


@pytest.fixture(scope="module")
def environments(example_model):
    """The example's environments, acme's with a person who downloads."""
    changed = copy.deepcopy(example_model["vars"]["divalto_environments"])
    for record in changed.values():
        if record["tenant"] == "acme":
            record["client_access"] = {"accounts": [], "exchange_retention_days": None, "downloads": [DOWNLOADER]}
    return changed


def problems(environments, platform, **changes):
    with pytest.raises(RequestError) as info:
        check_export_request(request(**changes), environments, platform)
    return info.value.problems


def test_every_environment_of_the_tenant_by_default_in_the_recovery_datacenter(environments, platform):
    checked = check_export_request(request(), environments, platform)
    assert checked == {
        "tenant": "acme",
        "environments": sorted(key for key, record in environments.items() if record["tenant"] == "acme"),
        "days": 7,
        "report_dir": "reports",
        "now": None,
        "datacenter": "sxb1",
        "vault": "vault-sxb1-01",
    }


def test_chosen_environments_days_and_clock(environments, platform):
    checked = check_export_request(
        request(
            export_environments=["acme_production", "acme_production"],
            export_days=30,
            export_now="2026-12-06T08:00:00+01:00",
        ),
        environments,
        platform,
    )
    assert (checked["environments"], checked["days"], checked["now"]) == (
        ["acme_production"],
        30,
        "2026-12-06T08:00:00+01:00",
    )


def test_the_platforms_download_days_are_the_default(environments, platform):
    changed = copy.deepcopy(platform)
    changed["client_access"] = dict(changed.get("client_access") or {}, download_days=3)
    assert check_export_request(request(), environments, changed)["days"] == 3


def test_every_problem_is_listed_at_once(environments, platform):
    found = problems(
        environments,
        platform,
        export_environments=["cobalt_production", "acme_nowhere"],
        export_days=91,
    )
    assert len(found) == 3, found
    assert any(
        "export_environments[0]" in line and "'cobalt_production' is not an environment of acme" in line
        for line in found
    )
    assert any("export_environments[1]" in line for line in found)
    assert any("export_days" in line for line in found)


def test_unknown_tenant_and_empty_list(environments, platform):
    assert any("export_tenant" in line for line in problems(environments, platform, export_tenant="nobody"))
    assert any("at least one" in line for line in problems(environments, platform, export_environments=[]))


def test_a_package_needs_the_files_backed_up_where_the_databases_are(environments, platform):
    changed = copy.deepcopy(platform)
    changed["backup"] = {"files": {"copy_to": "par1"}}
    (line,) = problems(environments, changed)
    assert line.startswith("export_tenant: no vault holds a whole package") and "backup.files" in line, line


VALUES = request_values(["acme", "acme_production", "cobalt_production", "7", "2026-12-06T08:00:00+01:00"])


@settings(max_examples=150, deadline=None, database=None)
@given(values=st.fixed_dictionaries({name: VALUES for name in names(EXPORT)}))
def test_any_request_is_checked_or_refused_cleanly(environments, platform, values):
    """Whatever the extra vars hold: a checked request of the tenant's own environments, or one RequestError."""
    try:
        checked = check_export_request(values, environments, platform)
    except RequestError as error:
        assert error.problems
        assert all(len(problem) < 400 for problem in error.problems), error.problems
        return
    assert checked["environments"]
    assert all(environments[key]["tenant"] == checked["tenant"] for key in checked["environments"])
    assert 1 <= checked["days"] <= 90


def test_a_tenant_nobody_can_download_for_is_refused(environments, platform):
    (line,) = problems(environments, platform, export_tenant="cobalt")
    assert "export_tenant" in line and "cobalt has no person with downloads: true in its tenant file" in line, line


def test_a_platform_without_the_download_port_is_refused(environments, platform):
    changed = copy.deepcopy(platform)
    del changed["client_access"]["download_port"]
    (line,) = problems(environments, changed)
    assert line.startswith("export_tenant: no package can be downloaded") and "client_access.download_port" in line
