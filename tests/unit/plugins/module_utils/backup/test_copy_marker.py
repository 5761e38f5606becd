# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The visible mark of a neutralised copy (backup/copy_marker.py)."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.module_utils.backup.copy_marker import (
    MAX_TEXT,
    PROPERTY,
    copy_marker,
    marker_text,
)

REQUEST = {
    "source": "acme_production",
    "target": "acme_staging",
    "point_in_time": "2026-11-17T09:30:00+00:00",
    "now": "2026-11-18T00:00:00+00:00",
}
NEUTRALISATION = {
    "options": [
        {"option": "outgoing_mail", "applied": True},
        {"option": "ebics", "applied": False},
        {"option": "scheduled_jobs", "applied": True},
    ]
}
TEXT = (
    "copy of acme_production at 2026-11-17T09:30:00+00:00, taken 2026-11-18T00:00:00+00:00; "
    "neutralised: outgoing_mail, scheduled_jobs"
)


def test_each_copied_database_gets_the_extended_property_naming_the_options_that_ran():
    marker = copy_marker(REQUEST, NEUTRALISATION, ["acme_staging_erp", "acme_staging_portal"])
    assert (marker["text"], marker["property"]) == (TEXT, "divalto_copy")
    assert marker["summary"] == ["marked (extended property divalto_copy of each database): " + TEXT]
    assert [(s["name"], s["database"]) for s in marker["statements"]] == [
        ("mark_copy", "acme_staging_erp"),
        ("mark_copy", "acme_staging_portal"),
    ]
    # Replaced at each copy: dropped first when it is there.
    assert marker["statements"][0]["sql"].splitlines() == [
        "IF EXISTS (SELECT 1 FROM sys.extended_properties WHERE class = 0 AND name = N'divalto_copy')",
        "    EXEC sys.sp_dropextendedproperty @name = N'divalto_copy';",
        "EXEC sys.sp_addextendedproperty @name = N'divalto_copy', @value = N'%s';" % TEXT,
    ]
    assert PROPERTY == "divalto_copy"


def test_a_restore_into_the_same_environment_or_without_databases_is_not_marked():
    assert copy_marker(dict(REQUEST, target="acme_production"), NEUTRALISATION, ["acme_production_erp"]) == {
        "text": None,
        "property": "divalto_copy",
        "statements": [],
        "summary": [],
    }
    assert copy_marker(REQUEST, NEUTRALISATION, [])["statements"] == []


def test_the_mark_says_when_nothing_was_neutralised_and_quotes_hostile_text():
    marker = copy_marker(dict(REQUEST, source="x'); DROP DATABASE y; --"), None, ["db"])
    assert marker["text"].endswith("neutralised: nothing")
    assert "@value = N'copy of x''); DROP DATABASE y; --" in marker["statements"][0]["sql"]


def test_the_mark_fits_an_extended_property():
    assert len(marker_text("a" * 5000, "t", "n", [])) == MAX_TEXT
