# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The request of playbooks/restore.yml, checked whole before any machine is contacted (backup/restore_request.py)."""

from __future__ import annotations

import datetime as _dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_request import (
    DEFAULT_HISTORY_DAYS,
    VARIABLES,
    check_restore_request,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import ModelError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.tests.unit.plugins.module_utils.core.request_values import (
    request_builder,
    request_values,
)

NOW = _dt.datetime(2026, 11, 18, 0, 0, tzinfo=_dt.UTC)
GOOD = {
    "restore_tenant": "acme",
    "restore_source": "production",
    "restore_target": "staging",
    "restore_point_in_time": "2026-11-17T10:30:00+01:00",
}

# The playbook's request: every variable, None when not given; GOOD with the changes given.
request = request_builder(VARIABLES, GOOD)


def problems(environments, **changes):
    with pytest.raises(RequestError) as error:
        check_restore_request(environments, request(**changes), NOW)
    assert str(error.value).splitlines()[0].startswith("restore.yml request: %d problem" % len(error.value.problems))
    return error.value.problems


def test_a_good_request(environments):
    checked = check_restore_request(environments, request(), NOW)
    # Without the platform's settings, every default option neutralises the copy (backup/test_neutralise.py).
    assert [step["name"] for step in checked.pop("neutralisation")["steps"]] == [
        "disable_outgoing_mail",
        "disable_scheduled_jobs",
        "disable_ebics_connectors",
        "disable_external_connectors",
    ]
    assert checked == {
        "tenant": "acme",
        "source": "acme_production",
        "target": "acme_staging",
        "source_type": "production",
        "target_type": "staging",
        "point_in_time": "2026-11-17T09:30:00+00:00",
        "now": "2026-11-18T00:00:00+00:00",
        "history_days": DEFAULT_HISTORY_DAYS,
        "history_dir": None,
        "report_dir": None,
        "neutralise_steps": None,
        "scope": "both",
        "paths": [],
        "in_place": False,
        "stamp": "20261118T000000Z",
        "client_request": False,
        "outside_service_hours": False,
        "reason": None,
        "service_packs": {"source": "v2026_erpx13_p223a", "target": "v2026_erpx13_p224", "older": False},
        "force_older_service_pack": False,
    }


def test_the_platforms_neutralisation_settings_choose_what_a_copy_runs(environments, example_model):
    settings = example_model["vars"]["divalto_platform"]["neutralisation"]
    copy = check_restore_request(environments, request(), NOW, None, settings)["neutralisation"]
    assert [(step["name"], step["reason"]) for step in copy["steps"]] == [
        ("disable_outgoing_mail", "every copy"),
        ("disable_scheduled_jobs", "every copy"),
    ]
    assert "  not ebics: tenant acme does not license ebics_ts" in copy["summary"]
    files = check_restore_request(environments, request(restore_scope="files"), NOW, None, settings)
    assert files["neutralisation"]["steps"] == []


def test_a_copy_is_never_left_unneutralised(environments):
    assert problems(environments, restore_neutralise_steps=[]) == [
        "restore_neutralise_steps: is empty: a restore into acme_staging (not production) is always neutralised; "
        "give the steps to run, or leave it out for the platform's neutralisation settings"
    ]
    # Into production nothing is neutralised anyway; a files-only restore replaces no database.
    assert (
        check_restore_request(environments, request(restore_neutralise_steps=[], restore_target=None), NOW)[
            "neutralisation"
        ]["steps"]
        == []
    )
    files = request(restore_neutralise_steps=[], restore_scope="files")
    assert check_restore_request(environments, files, NOW)["neutralisation"]["neutralised"] is False


def test_a_copy_whose_options_all_fall_away_is_refused(environments, example_model):
    settings = example_model["vars"]["divalto_platform"]["neutralisation"]
    # Every option licensed by an option acme lacks: nothing would run, the mark would say "neutralised: nothing".
    licensed = {name: entry for name, entry in settings.items() if entry.get("licensed_option")}
    with pytest.raises(RequestError) as error:
        check_restore_request(environments, request(), NOW, None, licensed)
    assert error.value.problems == [
        "divalto_platform.neutralisation: neutralises nothing in acme_staging (not production): tenant acme does not "
        "license ebics_ts; tenant acme does not license edi; a copy is never left unneutralised - give the steps to "
        "run with -e restore_neutralise_steps, or an option for every copy in platform.yml"
    ]
    # The operator's steps of a database acme_staging does not have (bi) are refused alike.
    steps = [{"name": "bi_only", "sql": "UPDATE x SET y = 0", "database": "bi"}]
    assert problems(environments, restore_neutralise_steps=steps) == [
        "restore_neutralise_steps: neutralises nothing in acme_staging (not production): no statement targets a "
        "database of acme_staging (it has erp, portal); a copy is never left unneutralised - give the steps to run "
        "with -e restore_neutralise_steps, or an option for every copy in platform.yml"
    ]
    # Files only, or into production: nothing is neutralised, and that is no problem.
    files = check_restore_request(environments, request(restore_scope="files"), NOW, None, licensed)
    assert files["neutralisation"]["steps"] == []
    production = check_restore_request(environments, request(restore_target=None), NOW, None, licensed)
    assert production["neutralisation"]["steps"] == []


def test_bad_neutralisation_settings_are_a_problem_of_the_request(environments):
    with pytest.raises(RequestError) as error:
        check_restore_request(environments, request(), NOW, None, {"mail": {"statements": "UPDATE x"}})
    assert error.value.problems == [
        "divalto_platform.neutralisation: neutralisation.mail.statements: expected a list of 1 to 64 statements "
        "(platform.yml)"
    ]


def test_the_target_defaults_to_the_source_and_every_option_is_taken(environments):
    steps = [
        {"name": "mail", "sql": "UPDATE dbo.SMTP\nSET ENABLED = 0", "database": "portal"},
        {"name": "j", "sql": "x"},
    ]
    checked = check_restore_request(
        environments,
        request(
            restore_target=None,
            restore_now="2026-11-17T12:00:00Z",
            restore_point_in_time="2026-11-17T13:00:00+01:00",
            restore_history_dir="/tmp/history",
            restore_history_days="30",
            restore_report_dir="/tmp/reports",
            restore_neutralise_steps=steps,
        ),
    )
    assert (checked["source"], checked["target"]) == ("acme_production", "acme_production")
    assert checked["now"] == "2026-11-17T12:00:00+00:00"
    assert checked["point_in_time"] == "2026-11-17T12:00:00+00:00"
    assert (checked["history_dir"], checked["history_days"], checked["report_dir"]) == (
        "/tmp/history",
        30,
        "/tmp/reports",
    )
    assert checked["neutralise_steps"] == [
        {"name": "mail", "sql": "UPDATE dbo.SMTP\nSET ENABLED = 0", "database": "portal", "description": ""},
        {"name": "j", "sql": "x", "database": "erp", "description": ""},
    ]


def test_the_clock_is_now_by_default(environments):
    checked = check_restore_request(environments, request(restore_point_in_time="2026-01-01T00:00:00+01:00"))
    assert checked["now"] > "2026-"


def test_nothing_given_lists_the_three_required_variables(environments):
    assert check_restore_request.__doc__
    with pytest.raises(RequestError) as error:
        check_restore_request(environments, dict.fromkeys(VARIABLES), NOW)
    assert error.value.problems == [
        "restore_tenant: is required: -e restore_tenant=<tenant> -e restore_source=<environment type> "
        "-e restore_point_in_time=<ISO 8601 with offset> [-e restore_target=<environment type of the same tenant>]",
        "restore_source: is required: an environment type",
        "restore_point_in_time: is required: ISO 8601 with a UTC offset, e.g. 2026-11-26T14:30:00+01:00",
    ]


def test_empty_values_are_missing_values(environments):
    assert problems(environments, restore_tenant="", restore_source="  ", restore_point_in_time="") == [
        "restore_tenant: is required: -e restore_tenant=<tenant> -e restore_source=<environment type> "
        "-e restore_point_in_time=<ISO 8601 with offset> [-e restore_target=<environment type of the same tenant>]",
        "restore_source: is required: an environment type",
        "restore_point_in_time: is required: ISO 8601 with a UTC offset, e.g. 2026-11-26T14:30:00+01:00",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yesterday", "restore_point_in_time: 'yesterday' is not a strict ISO 8601 time with a UTC offset"),
        (
            "2026-11-17T10:30:00",
            "restore_point_in_time: '2026-11-17T10:30:00' has no UTC offset, which is ambiguous across daylight-saving",
        ),
        (
            "2026-11-18T01:30:00+01:00",
            "restore_point_in_time: 2026-11-18T00:30:00+00:00 is in the future (now is 2026-11-18T00:00:00+00:00)",
        ),
        ("2026-11-17 10:30:00+01:00", "restore_point_in_time: '2026-11-17 10:30:00+01:00' is not a strict ISO 8601"),
        ("2026-02-30T10:30:00+01:00", "restore_point_in_time: '2026-02-30T10:30:00+01:00' is not a valid date"),
        (["2026-11-17T10:30:00+01:00"], "restore_point_in_time: expected an ISO 8601 time with a UTC offset"),
    ],
)
def test_bad_points_in_time(environments, value, expected):
    found = problems(environments, restore_point_in_time=value)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_the_future_is_measured_from_restore_now(environments):
    assert problems(
        environments, restore_now="2026-11-17T10:00:00+01:00", restore_point_in_time="2026-11-17T10:30:00+01:00"
    ) == ["restore_point_in_time: 2026-11-17T09:30:00+00:00 is in the future (now is 2026-11-17T09:00:00+00:00)"]
    assert problems(environments, restore_now="tomorrow") == [
        "restore_now: 'tomorrow' is not a strict ISO 8601 time with a UTC offset (expected e.g. "
        "2026-11-26T14:30:00+01:00 or 2026-11-26T13:30:00Z)"
    ]


def test_unknown_tenant_is_named_with_the_known_ones(environments):
    assert problems(environments, restore_tenant="acmee") == [
        "restore_tenant: 'acmee' is not a tenant of the inventory (known: acme, breizhfood, cobalt, dentelles) "
        "(did you mean 'acme'?)"
    ]


def test_unknown_source_and_target_are_both_named(environments):
    assert problems(environments, restore_source="prodution", restore_target="training") == [
        "restore_source: tenant acme has no environment 'prodution' (its environments: production, staging, testing)"
        " (did you mean 'production'?)",
        "restore_target: tenant acme has no environment 'training' (its environments: production, staging, testing)"
        " (did you mean 'staging'?)",
    ]


def test_cross_tenant_target_names_both_tenants(environments):
    assert problems(environments, restore_target="cobalt_production") == [
        "restore_target: cross-tenant restore refused: cobalt_production is an environment of tenant cobalt, not of "
        "acme; a restore stays within one tenant"
    ]


def test_an_environment_key_of_the_tenant_is_refused_with_its_type(environments):
    # The plays select env_<tenant>_<type>: env_acme_acme_staging would select no machine and restore nothing.
    assert problems(environments, restore_source="acme_production", restore_target="acme_staging") == [
        "restore_source: give the environment type production, not its key acme_production (the plays select "
        "env_<tenant>_<type>)",
        "restore_target: give the environment type staging, not its key acme_staging (the plays select "
        "env_<tenant>_<type>)",
    ]


def test_production_is_only_restored_from_its_own_backups(environments):
    assert problems(environments, restore_source="staging", restore_target="production") == [
        "restore_target: acme_production is a production environment: it is only restored from its own backups, "
        "not from acme_staging"
    ]
    checked = check_restore_request(environments, request(restore_target="production"), NOW)
    assert checked["target"] == "acme_production"


def test_every_problem_at_once(environments):
    found = problems(
        environments,
        restore_tenant="acme",
        restore_source="prodution",
        restore_target=["staging"],
        restore_point_in_time="yesterday",
        restore_now="2026-11-18T00:00:00",
        restore_history_dir=42,
        restore_history_days="lots",
        restore_report_dir="reports\n/etc",
        restore_neutralise_steps="UPDATE x",
        restore_scope="all",
        restore_paths="erp_files/x.pdf",
        restore_in_place="maybe",
        restore_confirm="acme_staging",
        restore_client_request="please",
        restore_reason=["late"],
        restore_force_older_service_pack="perhaps",
    )
    # restore_tenant is right: every other variable has its problem, in the order of the playbook's header.
    assert [problem.split(":")[0] for problem in found] == list(VARIABLES[1:])


def test_types_of_the_other_variables(environments):
    assert problems(
        environments,
        restore_history_dir=["/tmp"],
        restore_history_days=0,
        restore_report_dir=True,
    ) == [
        "restore_history_dir: expected a string, got a list of 1 item(s)",
        "restore_history_days: expected an integer from 1 to 3660, got 0",
        "restore_report_dir: expected a string, got a bool True",
    ]
    assert problems(environments, restore_history_days="99999") == [
        "restore_history_days: expected an integer from 1 to 3660, got 99999"
    ]


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (
            "UPDATE x",
            [
                "restore_neutralise_steps: expected a list of steps (each name, sql, database, description), "
                "got a string 'UPDATE x'"
            ],
        ),
        (
            {"name": "a", "sql": "x"},
            [
                "restore_neutralise_steps: expected a list of steps (each name, sql, database, "
                "description), got a dict of 2 item(s)"
            ],
        ),
        ([{"name": "a", "sql": "x"}] * 65, ["restore_neutralise_steps: too many steps: 65 (at most 64)"]),
        (
            [
                {"name": "a", "sql": "x", "databse": "bi"},
                "DROP",
                {"sql": ""},
                {"name": "b", "sql": "x", "database": "crm"},
            ],
            [
                "restore_neutralise_steps[0]: unknown key 'databse' (a step has name, sql, database, description)",
                "restore_neutralise_steps[1]: expected a step (name, sql, database, description), got a string 'DROP'",
                "restore_neutralise_steps[2].name: is required: the step's name",
                "restore_neutralise_steps[2].sql: is required: the SQL statement",
                "restore_neutralise_steps[3].database: 'crm' is not a database role (known: erp, portal, bi)",
            ],
        ),
    ],
)
def test_bad_neutralise_steps(environments, steps, expected):
    assert problems(environments, restore_neutralise_steps=steps) == expected


def test_hostile_values_are_shown_as_excerpts(environments):
    huge = "x" * 1_000_000
    found = problems(
        environments,
        restore_tenant=huge,
        restore_source=huge,
        restore_point_in_time=huge,
        restore_neutralise_steps=[{"name": huge, "sql": "x" * 70000}],
    )
    assert len(found) == 5
    assert all(len(problem) < 300 for problem in found), found
    assert all("... (1000002 characters)" in problem for problem in found[:4])
    assert found[4].startswith("restore_neutralise_steps[0].sql: too long: 70000 characters (at most 65536): 'xxx")
    assert found[4].endswith("... (70002 characters)")


def test_a_huge_unknown_tenant_is_not_compared_character_by_character(environments):
    found = problems(environments, restore_tenant="acme" * 200)
    assert found == [
        "restore_tenant: %s is not a tenant of the inventory (known: acme, breizhfood, cobalt, dentelles)"
        % excerpt("acme" * 200)
    ]
    assert "... (802 characters)" in found[0]


def test_programming_errors_are_not_request_problems(environments):
    with pytest.raises(TypeError):
        check_restore_request(environments, {"restore_tenant": "acme", "restore_tenent": "x"})
    with pytest.raises(TypeError):
        check_restore_request(environments, "restore_tenant=acme")
    with pytest.raises(ModelError):
        check_restore_request(None, request())


# ---------------------------------------------------------------------------------------------------- fuzzing

VALUES = request_values(
    ["acme", "production", "staging", "cobalt_production", "2026-11-17T10:30:00+01:00", "yesterday"]
)


@settings(max_examples=150, deadline=None, database=None)
@given(values=st.fixed_dictionaries({name: VALUES for name in VARIABLES}))
def test_any_request_is_checked_or_refused_cleanly(example_model, values):
    """Whatever the extra vars hold: a checked request, or one RequestError whose lines are short."""
    environments = example_model["vars"]["divalto_environments"]
    try:
        checked = check_restore_request(environments, values, NOW)
    except RequestError as error:
        assert error.problems
        assert all(len(problem) < 400 for problem in error.problems), error.problems
        return
    assert checked["source"] in environments and checked["target"] in environments


def test_paths_are_restored_into_the_side_directory_by_default(environments):
    checked = check_restore_request(
        environments,
        request(restore_scope="files", restore_paths=["erp_files/2026/11/invoice-4711.pdf", "addons/edi/"]),
        NOW,
    )
    assert (checked["scope"], checked["paths"], checked["in_place"], checked["stamp"]) == (
        "files",
        ["erp_files/2026/11/invoice-4711.pdf", "addons/edi"],
        False,
        "20261118T000000Z",
    )


def test_in_place_needs_the_target_key_as_confirmation(environments):
    paths = ["erp_files/x.pdf"]
    checked = check_restore_request(
        environments,
        request(restore_paths=paths, restore_in_place="true", restore_confirm="acme_staging"),
        NOW,
    )
    assert checked["in_place"] is True
    assert problems(environments, restore_paths=paths, restore_in_place=True) == [
        "restore_confirm: is required with restore_in_place=true: the target environment's key, "
        "-e restore_confirm=<key>"
    ]
    assert problems(environments, restore_paths=paths, restore_in_place=True, restore_confirm="acme_production") == [
        "restore_confirm: 'acme_production' is not the target environment's key: an in-place restore replaces files "
        "of the environment, confirm it with its key"
    ]
    assert problems(environments, restore_paths=paths, restore_confirm="acme_staging") == [
        "restore_confirm: given without restore_in_place=true: there is nothing to confirm"
    ]
    assert problems(environments, restore_in_place=True, restore_confirm="acme_staging") == [
        "restore_in_place: restores restore_paths in place: give the files or folders (a whole restore always "
        "replaces the environment, after a safety backup)"
    ]


def test_every_bad_path_is_listed_at_once(environments):
    found = problems(
        environments,
        restore_scope="files",
        restore_paths=[
            "/srv/divalto/tenants/acme/production/erp_files/x.pdf",
            "erp_files/../../../cobalt",
            "erp_files/ok.pdf",
            "restored/20261118T000000Z/x.pdf",
            "erp_files\\x.pdf",
            42,
            "",
        ],
    )
    assert [problem.split(":")[0] for problem in found] == [
        "restore_paths[0]",
        "restore_paths[1]",
        "restore_paths[3]",
        "restore_paths[4]",
        "restore_paths[5]",
        "restore_paths[6]",
    ]
    assert found[2] == (
        "restore_paths[3]: 'restored/20261118T000000Z/x.pdf' does not start with a directory of the environment "
        "(addons, config, erp_files, overrides, portal_files), e.g. erp_files/2026/11/invoice-4711.pdf"
    )
    assert found[4] == "restore_paths[5]: expected a string, got an int 42"


def test_paths_are_checked_as_a_list_and_against_the_scope(environments):
    assert problems(environments, restore_paths="erp_files/x.pdf")[0].startswith(
        "restore_paths: expected a list, got the string 'erp_files/x.pdf'"
    )
    assert problems(environments, restore_scope="databases", restore_paths=["erp_files/x.pdf"]) == [
        "restore_paths: the scope databases restores no file: give restore_scope=files (or both)"
    ]
    assert problems(environments, restore_paths=["erp_files/%d" % n for n in range(65)]) == [
        "restore_paths: too many items: 65 (at most 64)"
    ]
    assert problems(environments, restore_paths=["erp_files/\x00x"]) == [
        "restore_paths[0]: contains a control character (line break, tab...): 'erp_files/\\x00x'"
    ]
    assert problems(environments, restore_paths=["erp_files/2026", "erp_files/2026/x.pdf"]) == [
        "restore_paths[1]: 'erp_files/2026/x.pdf' overlaps 'erp_files/2026', given before it: give each file or "
        "folder once"
    ]
    assert problems(environments, restore_scope="everything") == [
        "restore_scope: 'everything' is not a scope (known: both, databases, files)"
    ]


# dentelles: setup runs v2026_erpx13_p224, staging v2026_erpx13_p223a (older by one patch level).
OLDER = {"restore_tenant": "dentelles", "restore_source": "setup", "restore_target": "staging"}


def test_a_copy_into_an_older_service_pack_is_refused_naming_both_versions(environments):
    assert problems(environments, **OLDER) == [
        "restore_target: dentelles_staging runs the service pack v2026_erpx13_p223a, older than v2026_erpx13_p224 of "
        "dentelles_setup: a copy into an older service pack is refused; move the target to v2026_erpx13_p224 (or "
        "newer) first, or force it: -e restore_force_older_service_pack=true -e restore_reason='<why>'"
    ]


def test_forcing_a_copy_into_an_older_service_pack_needs_a_reason_kept_in_the_request(environments):
    assert problems(environments, restore_force_older_service_pack=True, **OLDER) == [
        "restore_reason: is required with restore_force_older_service_pack=true: why the copy goes into an older "
        "service pack, kept in the report"
    ]
    assert problems(environments, restore_force_older_service_pack="true", restore_reason="  ", **OLDER) == [
        "restore_reason: is required with restore_force_older_service_pack=true: why the copy goes into an older "
        "service pack, kept in the report"
    ]
    checked = check_restore_request(
        environments, request(restore_force_older_service_pack="true", restore_reason="ticket 4711", **OLDER), NOW
    )
    assert (checked["service_packs"], checked["force_older_service_pack"], checked["reason"]) == (
        {"source": "v2026_erpx13_p224", "target": "v2026_erpx13_p223a", "older": True},
        True,
        "ticket 4711",
    )


def test_forcing_without_an_older_target_is_refused(environments):
    # acme staging (p224) is newer than acme production (p223a); a restore into itself has nothing to compare.
    message = (
        "restore_force_older_service_pack: given, but acme_staging does not run an older service pack than "
        "acme_production (v2026_erpx13_p224, v2026_erpx13_p223a): there is nothing to force"
    )
    assert problems(environments, restore_force_older_service_pack=True, restore_reason="x") == [message]
    assert problems(environments, restore_force_older_service_pack=True, restore_target=None)[0].startswith(
        "restore_force_older_service_pack: given, but acme_production does not run an older service pack than "
        "acme_production"
    )
    assert problems(environments, restore_force_older_service_pack="maybe")[0].startswith(
        "restore_force_older_service_pack: "
    )


def test_versions_are_compared_as_numbers_not_as_text(environments):
    # As text, p99 sorts after p100: the copy of p100 into p99 would pass as "not older".
    changed = {key: dict(record) for key, record in environments.items()}
    changed["dentelles_setup"]["service_pack"] = "v2026_erpx13_p100"
    changed["dentelles_staging"]["service_pack"] = "v2026_erpx13_p99"
    with pytest.raises(RequestError) as error:
        check_restore_request(changed, request(**OLDER), NOW)
    assert error.value.problems[0].startswith(
        "restore_target: dentelles_staging runs the service pack v2026_erpx13_p99"
    )
    # The hotfix letter counts: p223a is newer than p223.
    changed["dentelles_setup"]["service_pack"] = "v2026_erpx13_p223a"
    changed["dentelles_staging"]["service_pack"] = "v2026_erpx13_p223"
    with pytest.raises(RequestError):
        check_restore_request(changed, request(**OLDER), NOW)
    changed["dentelles_staging"]["service_pack"] = "v2026_erpx13_p223b"
    assert check_restore_request(changed, request(**OLDER), NOW)["service_packs"]["older"] is False


def test_versions_without_an_order_are_refused_naming_them(environments):
    changed = {key: dict(record) for key, record in environments.items()}
    changed["dentelles_staging"]["service_pack"] = "v2026_crm13_p1"
    with pytest.raises(RequestError) as error:
        check_restore_request(changed, request(**OLDER), NOW)
    assert error.value.problems == [
        "restore_target: cannot tell whether dentelles_staging runs an older service pack: v2026_crm13_p1 and "
        "v2026_erpx13_p224 are versions of different products (crm, erpx): they have no order"
    ]
    changed["dentelles_staging"]["service_pack"] = "latest\n"
    with pytest.raises(RequestError) as error:
        check_restore_request(changed, request(**OLDER), NOW)
    assert error.value.problems[0].startswith("restore_target: cannot tell whether dentelles_staging runs an older")
    assert "is not a service-pack version" in error.value.problems[0]


SERVICE_HOURS = {
    "timezone": "Europe/Paris",
    "days": ["mon", "tue", "wed", "thu", "fri"],
    "start": "08:00",
    "end": "19:00",
    "holidays": {"country": "FR"},
}
# Wednesday 18 November 2026, 10:00 and 21:00 in Paris
OFFICE = _dt.datetime(2026, 11, 18, 9, 0, tzinfo=_dt.UTC)
EVENING = _dt.datetime(2026, 11, 18, 20, 0, tzinfo=_dt.UTC)


def test_a_client_request_outside_service_hours_needs_a_reason(environments):
    client = request(restore_point_in_time="2026-11-17T10:30:00+01:00", restore_client_request=True)
    with pytest.raises(RequestError) as error:
        check_restore_request(environments, client, EVENING, SERVICE_HOURS)
    assert error.value.problems == [
        "restore_reason: is required: a client's restore outside service hours (now wed 2026-11-18 21:00:00 CET "
        "(+01:00)) needs a reason, kept in the report: -e restore_reason='<why now>'"
    ]
    checked = check_restore_request(
        environments, dict(client, restore_reason="month-end closing"), EVENING, SERVICE_HOURS
    )
    assert (checked["client_request"], checked["outside_service_hours"], checked["reason"]) == (
        True,
        True,
        "month-end closing",
    )
    during = check_restore_request(environments, client, OFFICE, SERVICE_HOURS)
    assert (during["outside_service_hours"], during["reason"]) == (False, None)
    # The operations team's own restore needs no reason, at any hour.
    assert check_restore_request(environments, request(), EVENING, SERVICE_HOURS)["outside_service_hours"] is False


def test_a_client_request_without_service_hours_needs_a_reason_and_bad_hours_are_named(environments):
    client = request(restore_client_request="yes")
    assert problems(environments, restore_client_request="yes")[0].startswith(
        "restore_reason: is required: a client's restore outside service hours (now 2026-11-18T00:00:00+00:00, no "
        "service hours given)"
    )
    with pytest.raises(RequestError) as error:
        check_restore_request(environments, client, OFFICE, {"timezone": "Mars/Olympus"})
    assert error.value.problems[0].startswith("restore_client_request: cannot read the platform's service hours:")
