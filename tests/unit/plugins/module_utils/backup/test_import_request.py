# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request of playbooks/import_database.yml, checked whole before any machine is contacted."""

from __future__ import annotations

import datetime as _dt

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_request import (
    VARIABLES,
    check_import_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.core.request_values import request_builder

NOW = _dt.datetime(2026, 12, 6, 2, 0, tzinfo=_dt.UTC)
SHA = "AB" * 32
GOOD = {
    "import_tenant": "acme",
    "import_target": "staging",
    "import_file": "ACME PROD 2026-12-01.bak",
    "import_sha256": SHA,
    "import_confirm": "acme_staging",
    "import_reason": "takeover, ticket 4242",
}

# The playbook's request: every variable, None when not given; GOOD with the changes given.
request = request_builder(VARIABLES, GOOD)


def problems(environments, **changes):
    with pytest.raises(RequestError) as info:
        check_import_request(request(**changes), environments, None, NOW)
    return info.value.problems


def test_a_good_request_is_returned_checked(environments):
    checked = check_import_request(request(), environments, None, NOW)
    assert checked["target"] == "acme_staging"
    assert checked["database"] == "acme_staging_erp" and checked["database_role"] == "erp"
    assert checked["sha256"] == SHA.lower() and checked["checksum_file"] is None
    assert checked["quota_gb"] == environments["acme_staging"]["quota"]["database_gb"]
    assert checked["stamp"] == "20261206T020000Z"
    assert checked["neutralisation"]["neutralised"] is True
    assert checked["restore_timeout"] == 14400


def test_without_a_checksum_the_file_next_to_the_backup_holds_it(environments):
    checked = check_import_request(request(import_sha256=None, import_database="portal"), environments, None, NOW)
    assert checked["checksum_file"] == "ACME PROD 2026-12-01.bak.sha256"
    assert checked["sha256"] is None
    assert checked["database"] == "acme_staging_portal"


def test_production_is_refused_and_the_message_says_how_a_takeover_reaches_it(environments):
    (problem,) = problems(environments, import_target="production", import_confirm="acme_production")
    assert problem.startswith("import_target: acme_production is a production environment")
    assert "copy from that imported environment" in problem


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../etc/passwd.bak", "is a path"),
        ("/srv/x.bak", "is a path"),
        ("in\\x.bak", "is a path"),
        ("backup.zip", "is not a backup file's name"),
        (".hidden.bak", "is not a backup file's name"),
        ("a;b.bak", "is not a backup file's name"),
    ],
)
def test_a_file_outside_exchange_in_or_not_a_bak_is_refused(environments, name, expected):
    (problem,) = problems(environments, import_file=name)
    assert problem.startswith("import_file: ") and expected in problem


def test_every_problem_is_listed_at_once(environments):
    found = problems(
        environments,
        import_target="stagin",
        import_sha256="1234",
        import_reason=None,
        import_restore_timeout="forever",
    )
    assert [p.split(":")[0] for p in found] == [
        "import_target",
        "import_sha256",
        "import_reason",
        "import_restore_timeout",
    ]
    assert "did you mean 'staging'?" in found[0]


def test_the_confirmation_is_the_target_key_and_the_database_a_role_of_it(environments):
    found = problems(environments, import_confirm="staging", import_database="bi")
    assert found[0].startswith("import_database: 'bi' is not a database of acme_staging (its databases: erp")
    assert found[1].startswith("import_confirm: 'staging' is not the target environment's key")


def test_an_environment_key_is_refused_naming_its_type(environments):
    (problem,) = problems(environments, import_target="acme_staging")
    assert "give its type staging, not its key" in problem


def test_an_unknown_tenant(environments):
    (problem,) = problems(environments, import_tenant="acmee")
    assert problem.startswith("import_tenant: 'acmee' is not a tenant") and "did you mean 'acme'?" in problem
