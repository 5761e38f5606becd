# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The neutralisation: settings of platform.yml (core/neutralisation_policy.py), hostile input included."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.neutralisation_policy import (
    DEFAULT_NEUTRALISATION,
    NeutralisationPolicyError,
    neutralisation_settings,
)

SECTION = {
    "outgoing_mail": {"statements": [{"name": "mail_off", "sql": "UPDATE dbo.SMTP SET ON = 0"}]},
    "ebics": {
        "licensed_option": "ebics_ts",
        "description": "banks",
        "statements": [{"name": "ebics_off", "database": "erp", "sql": "UPDATE dbo.EBICS\nSET ON = 0"}],
    },
}


def test_the_defaults_are_every_option_for_every_copy():
    settings = neutralisation_settings()
    assert list(settings) == ["outgoing_mail", "scheduled_jobs", "ebics", "external_connectors"]
    assert all(entry["licensed_option"] is None for entry in settings.values())
    assert [s["name"] for s in settings["ebics"]["statements"]] == ["disable_ebics_connectors"]
    assert all("placeholder" in s["sql"] for entry in settings.values() for s in entry["statements"])
    # The defaults are not changed by reading them.
    assert settings == neutralisation_settings(copy.deepcopy(DEFAULT_NEUTRALISATION))


def test_a_section_is_read_in_its_order_with_defaults_filled_in():
    settings = neutralisation_settings(SECTION, ["payroll", "ebics_ts"])
    assert list(settings) == ["outgoing_mail", "ebics"]
    assert settings["outgoing_mail"] == {
        "licensed_option": None,
        "description": "",
        "statements": [{"name": "mail_off", "database": "erp", "sql": "UPDATE dbo.SMTP SET ON = 0", "description": ""}],
    }
    assert settings["ebics"]["licensed_option"] == "ebics_ts"
    assert settings["ebics"]["statements"][0]["sql"] == "UPDATE dbo.EBICS\nSET ON = 0"


def with_change(path, value):
    section = copy.deepcopy(SECTION)
    target = section
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return section


@pytest.mark.parametrize(
    "section, message",
    [
        ([], "neutralisation: expected a mapping of options, each with its statements, got"),
        ({}, "neutralisation: expected a mapping of options"),
        ({"Mail Out": SECTION["ebics"]}, "neutralisation: expected a keyword (a lowercase letter"),
        ({"mail": "UPDATE x"}, "neutralisation.mail: expected an option (licensed_option, description, statements)"),
        ({"mail": {"statements": [], "sql": "x"}}, "neutralisation.mail: expected only licensed_option, description"),
        ({"mail": {"statements": []}}, "neutralisation.mail.statements: expected a list of 1 to 64 statements"),
        ({"mail": {"statements": "UPDATE x"}}, "neutralisation.mail.statements: expected a list of 1 to 64"),
        (
            with_change(("ebics", "licensed_option"), "EBICS"),
            "neutralisation.ebics.licensed_option: expected a keyword",
        ),
        (with_change(("ebics", "statements"), ["DROP"]), "neutralisation.ebics.statements[0]: expected a statement"),
        (
            with_change(("ebics", "statements"), [{"name": "x", "sql": "y", "databse": "bi"}]),
            "neutralisation.ebics.statements[0]: expected only name, database, sql, description, got 'databse'",
        ),
        (
            with_change(("ebics", "statements"), [{"name": "x", "sql": "y", "database": "crm"}]),
            "neutralisation.ebics.statements[0].database: expected one of erp, portal, bi, got 'crm'",
        ),
        (
            with_change(("ebics", "statements"), [{"name": "x", "sql": "  "}]),
            "neutralisation.ebics.statements[0].sql: expected a non-empty text",
        ),
        (
            with_change(("ebics", "statements"), [{"name": "x", "sql": "y" * 65537}]),
            "neutralisation.ebics.statements[0].sql: expected at most 65536 characters",
        ),
        (
            with_change(("ebics", "statements"), [{"name": "x", "sql": "y", "description": "a\x1b[2Jb"}]),
            "neutralisation.ebics.statements[0].description: expected text without control characters",
        ),
        (
            with_change(("ebics", "statements"), [{"name": "mail_off", "sql": "y"}]),
            "neutralisation.ebics.statements[0].name: expected a name of its own (also "
            "neutralisation.outgoing_mail.statements[0]), got 'mail_off'",
        ),
        ({"o%d" % n: SECTION["outgoing_mail"] for n in range(33)}, "neutralisation: expected at most 32 options"),
    ],
)
def test_hostile_settings_are_refused_naming_the_field(section, message):
    with pytest.raises(NeutralisationPolicyError) as error:
        neutralisation_settings(section)
    assert str(error.value).startswith(message), str(error.value)
    assert len(str(error.value)) < 400


def test_a_licensed_option_outside_the_catalogue_is_refused():
    # A misspelt option would leave every copy of its tenants unneutralised.
    with pytest.raises(NeutralisationPolicyError) as error:
        neutralisation_settings(SECTION, ["payroll", "ebics"])
    assert str(error.value) == (
        "neutralisation.ebics.licensed_option: expected one of platform.licensed_options (payroll, ebics), "
        "got 'ebics_ts'"
    )
    # Without the catalogue (the model read back), only the shape is checked.
    assert neutralisation_settings(SECTION)["ebics"]["licensed_option"] == "ebics_ts"
