# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which neutralisation statements a copy runs, and why (backup/neutralise.py)."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.neutralise import copy_neutralisation
from ansible_collections.divalto.cloud.plugins.module_utils.core.neutralisation_policy import NeutralisationPolicyError


@pytest.fixture(scope="module")
def settings(example_model):
    return example_model["vars"]["divalto_platform"]["neutralisation"]


def test_the_licensed_options_select_the_statements(environments, settings):
    # acme licenses payroll, wms, extranet_portal: neither EBICS nor EDI.
    acme = copy_neutralisation(environments["acme_staging"], settings)
    assert acme["neutralised"] is True
    assert [(s["name"], s["option"], s["reason"]) for s in acme["steps"]] == [
        ("disable_outgoing_mail", "outgoing_mail", "every copy"),
        ("disable_scheduled_jobs", "scheduled_jobs", "every copy"),
    ]
    assert [(o["option"], o["applied"], o["reason"]) for o in acme["options"]] == [
        ("outgoing_mail", True, "every copy"),
        ("scheduled_jobs", True, "every copy"),
        ("ebics", False, "tenant acme does not license ebics_ts"),
        ("external_connectors", False, "tenant acme does not license edi"),
    ]
    assert acme["summary"] == [
        "neutralisation of acme_staging (not production):",
        "  outgoing_mail (every copy): disable_outgoing_mail",
        "  scheduled_jobs (every copy): disable_scheduled_jobs",
        "  not ebics: tenant acme does not license ebics_ts",
        "  not external_connectors: tenant acme does not license edi",
    ]
    # breizhfood licenses ebics_ts and edi: every option.
    breizh = copy_neutralisation(environments["breizhfood_training"], settings)
    assert [(s["name"], s["reason"]) for s in breizh["steps"]][2:] == [
        ("disable_ebics_connectors", "tenant breizhfood licenses ebics_ts"),
        ("disable_external_connectors", "tenant breizhfood licenses edi"),
    ]
    assert breizh["steps"][2]["sql"].startswith("UPDATE dbo.DIVALTO_EBICS_BANKS SET ACTIVE = 0")
    assert breizh["steps"][2]["database"] == "erp"


def test_without_settings_every_default_option_runs(environments):
    steps = copy_neutralisation(environments["acme_staging"])["steps"]
    assert [s["option"] for s in steps] == ["outgoing_mail", "scheduled_jobs", "ebics", "external_connectors"]


def test_a_production_target_or_a_files_only_restore_neutralises_nothing(environments, settings):
    assert copy_neutralisation(environments["acme_production"], settings) == {
        "target": "acme_production",
        "neutralised": False,
        "options": [],
        "steps": [],
        "summary": ["neutralisation: none (production target)"],
    }
    files = copy_neutralisation(environments["acme_staging"], settings, with_databases=False)
    assert (files["steps"], files["summary"]) == ([], ["neutralisation: none (no database is restored)"])


def test_the_operators_steps_replace_the_settings_and_say_so(environments, settings):
    override = [{"name": "mine", "sql": "UPDATE x SET y = 0", "database": "portal", "description": ""}]
    result = copy_neutralisation(environments["acme_staging"], settings, override=override)
    assert result["steps"] == [
        {
            "name": "mine",
            "database": "portal",
            "sql": "UPDATE x SET y = 0",
            "description": "",
            "option": "restore_neutralise_steps",
            "reason": "given with -e restore_neutralise_steps",
        }
    ]
    assert result["summary"][1] == "  restore_neutralise_steps (given with -e restore_neutralise_steps): mine"


def test_an_option_counts_only_with_a_statement_of_a_database_the_target_has(environments):
    # acme_staging has erp and portal, no bi: the bi statement is no step, and an option of bi only is not applied.
    settings = {
        "reports": {"statements": [{"name": "bi_mail", "database": "bi", "sql": "UPDATE b SET on = 0"}]},
        "mail": {
            "statements": [
                {"name": "bi_smtp", "database": "bi", "sql": "UPDATE s SET on = 0"},
                {"name": "portal_smtp", "database": "portal", "sql": "UPDATE p SET on = 0"},
            ]
        },
    }
    result = copy_neutralisation(environments["acme_staging"], settings)
    assert [(s["name"], s["database"], s["option"]) for s in result["steps"]] == [("portal_smtp", "portal", "mail")]
    assert [(o["option"], o["applied"], o["reason"], o["statements"]) for o in result["options"]] == [
        ("reports", False, "no statement targets a database of acme_staging (it has erp, portal)", ["bi_mail"]),
        ("mail", True, "every copy", ["portal_smtp"]),
    ]
    assert result["summary"][1:] == [
        "  not reports: no statement targets a database of acme_staging (it has erp, portal)",
        "  mail (every copy): portal_smtp",
    ]
    # The operator's steps likewise: none of a database the target has neutralises nothing.
    override = [{"name": "mine", "sql": "UPDATE x SET y = 0", "database": "bi", "description": ""}]
    alone = copy_neutralisation(environments["acme_staging"], settings, override=override)
    assert (alone["neutralised"], alone["steps"], alone["options"][0]["applied"]) == (False, [], False)


def test_nothing_licensed_neutralises_nothing(environments, settings):
    only_licensed = {name: entry for name, entry in settings.items() if entry.get("licensed_option")}
    result = copy_neutralisation(environments["acme_staging"], only_licensed)
    assert (result["neutralised"], result["steps"]) == (False, [])
    assert [o["applied"] for o in result["options"]] == [False, False]


def test_bad_settings_raise_naming_the_field(environments):
    with pytest.raises(NeutralisationPolicyError, match=r"^neutralisation\.mail\.statements: expected a list"):
        copy_neutralisation(environments["acme_staging"], {"mail": {"statements": []}})
