# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The plan of an import (restore, users, neutralisation, mark) and its run report."""

from __future__ import annotations

import datetime as _dt

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_backup import backup_facts
from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_file import ImportFileError
from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_plan import import_plan, run_report
from ansible_collections.divalto.cloud.plugins.module_utils.backup.import_request import VARIABLES, check_import_request
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.backup.test_import_backup import COPY, RESULT

NOW = _dt.datetime(2026, 12, 6, 2, 0, tzinfo=_dt.UTC)
SHA = "0123456789abcdef" * 4


@pytest.fixture(scope="module")
def platform(example_model):
    return example_model["vars"]["divalto_platform"]


def checked(environments, platform, **changes):
    request = dict.fromkeys(VARIABLES)
    request.update(
        import_tenant="acme",
        import_target="staging",
        import_file="ACME 1.bak",
        import_sha256=SHA,
        import_confirm="acme_staging",
        import_reason="takeover, ticket 4242",
    )
    request.update(changes)
    return check_import_request(request, environments, platform, NOW)


def plan(environments, platform, **changes):
    request = checked(environments, platform, **changes)
    backup = backup_facts(RESULT, COPY, request["database"], request["quota_gb"], request["target"])
    return import_plan(
        request, SHA, {"size": 805306368}, backup, COPY, environments, "CLOUD", ["db_owner"], "sa", "Simple"
    )


def test_the_plan_restores_grants_neutralises_and_marks_the_imported_database(environments, platform):
    got = plan(environments, platform)
    assert got["safety_databases"] == ["acme_staging_erp"]
    (restore,) = got["restore"]
    assert restore["database"] == "master" and "RESTORE DATABASE [acme_staging_erp]" in restore["sql"]
    assert restore["sql"].endswith("ALTER DATABASE [acme_staging_erp] SET RECOVERY SIMPLE;")
    assert "restored WITH REPLACE, owned by sa, recovery model Simple" in got["summary"]
    (users,) = got["users"]["statements"]
    assert users["database"] == "acme_staging_erp"
    assert "AND dp.name NOT IN (N'CLOUD\\gg_acme_staging', N'CLOUD\\acme_stg');" in users["sql"]
    assert "AND NOT (dp.type = 'S' AND dp.authentication_type = 0)" in users["sql"]
    assert "ALTER ROLE [db_owner] ADD MEMBER [CLOUD\\gg_acme_staging];" in users["sql"]
    assert got["users"]["granted"] == [{"login": "CLOUD\\gg_acme_staging", "roles": ["db_owner"]}]
    assert {step["database"] for step in got["neutralise"]} == {"acme_staging_erp"}
    assert [step["name"] for step in got["neutralise"]][:1] == ["disable_outgoing_mail"]
    assert got["marker"]["text"].startswith(
        "import of ACME 1.bak sha256 0123456789ab, taken 2026-12-06T02:00:00+00:00; neutralised: outgoing_mail"
    )
    (mark,) = got["marker"]["statements"]
    assert mark["database"] == "acme_staging_erp" and "sp_addextendedproperty" in mark["sql"]
    assert got["summary"][
        0
    ] == "import ACME 1.bak (sha256 %s, 805306368 bytes) into acme_staging_erp of acme_staging" % (SHA)
    assert (
        "backup: database DIVALTO_PROD from CLIENTSRV\\SQL2019, SQL Server 15.0.4355 (SQL Server 2019)"
        in (got["summary"][1])
    )


def test_an_import_of_the_portal_runs_no_statement_of_the_erp_database(environments, platform):
    got = plan(environments, platform, import_database="portal")
    assert got["database"] == "acme_staging_portal"
    # The example platform's statements all target the ERP database, which this import leaves as it was.
    assert got["neutralise"] == []
    assert any(
        line.startswith("not run: disable_outgoing_mail (database erp is not imported)") for line in got["summary"]
    )


def test_the_report_of_a_success_and_of_a_failure(environments, platform):
    request = checked(environments, platform)
    got = plan(environments, platform)
    start = _dt.datetime(2026, 12, 6, 2, 0, tzinfo=_dt.UTC)
    end = start + _dt.timedelta(minutes=12, seconds=3)
    report = run_report(request, got, start.isoformat(), start.timestamp(), "alice", "awx", None, end)
    assert report["status"] == "succeeded" and report["error"] is None
    assert report["duration_seconds"] == 723.0
    assert report["requested_by"] == {"user": "alice", "via": "awx"}
    assert (report["file"], report["sha256"], report["size"]) == ("ACME 1.bak", SHA, 805306368)
    assert report["backup"]["database_name"] == "DIVALTO_PROD" and report["reason"] == "takeover, ticket 4242"
    assert report["marker"] == got["marker"]["text"]
    failed = run_report(request, got, start.isoformat(), str(start.timestamp()), None, "ops", "Restore: boom", end)
    assert (failed["status"], failed["error"]) == ("failed", "Restore: boom")
    assert failed["requested_by"] == {"user": "ops", "via": "controller"}


def test_the_report_refuses_what_is_not_a_request_or_a_time(environments, platform):
    request = checked(environments, platform)
    with pytest.raises(ImportFileError, match="expected the request of import_database.yml"):
        run_report({"target": "x"}, None, "now", 0, None, "ops")
    with pytest.raises(ImportFileError, match="started_epoch: expected seconds since the epoch"):
        run_report(request, None, "now", "yesterday", None, "ops")


def test_the_report_says_which_steps_ran(environments, platform):
    request = checked(environments, platform)
    got = plan(environments, platform)
    report = run_report(request, got, "t", 0, None, "ops", "Restore: boom", None, ["safety_backup"])
    assert report["done"] == {
        "safety_backup": True,
        "restore": False,
        "neutralisation": False,
        "users": False,
        "marker": False,
    }
    portal = plan(environments, platform, import_database="portal")
    assert (
        run_report(request, portal, "t", 0, None, "ops", done=["safety_backup", "restore"])["done"]["neutralisation"]
        is None
    )
    assert set(run_report(request, None, "t", 0, None, "ops", "refused")["done"].values()) == {None}
    with pytest.raises(ImportFileError, match="done: unknown step\\(s\\) restored"):
        run_report(request, got, "t", 0, None, "ops", done=["restored"])
    with pytest.raises(ImportFileError, match="done: expected a list"):
        run_report(request, got, "t", 0, None, "ops", done="restore")
