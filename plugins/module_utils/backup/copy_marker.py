# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the visible mark of a neutralised copy.

A database copied from another environment (``playbooks/restore.yml``) carries the extended property
:data:`PROPERTY` (database level, ``class = 0``), whose value says what it is a copy of, of when, when it was taken
and what was neutralised::

    copy of acme_production at 2026-11-17T09:30:00+00:00, taken 2026-11-18T00:00:00+00:00;
    neutralised: outgoing_mail, scheduled_jobs

The application (or anyone with a query window) shows it with
``SELECT value FROM sys.extended_properties WHERE class = 0 AND name = N'divalto_copy'``. The property is replaced
at each copy; a restore of the environment from its own backups leaves what its backup had. The same text is the
``; Copy:`` line of the target's implicit file header (``service_pack.implicit``), written after the copy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.tsql import literal

PROPERTY = "divalto_copy"
# An extended property's value is a sql_variant of at most 7,500 bytes: 3,750 UTF-16 characters.
MAX_TEXT = 3750


def marker_text(source_key: str, point_in_time: str, taken: str, neutralised: Sequence[str]) -> str:
    """The one line that marks a copy (see the module's docstring)."""
    text = "copy of %s at %s, taken %s; neutralised: %s" % (
        source_key,
        point_in_time,
        taken,
        ", ".join(neutralised) or "nothing",
    )
    return text[:MAX_TEXT]


def copy_marker(
    request: Mapping[str, Any], neutralisation: Mapping[str, Any] | None, target_databases: Sequence[str]
) -> dict[str, Any]:
    """``{text, property, statements, summary}`` marking each of ``target_databases`` as a copy.

    Nothing for a restore into the same environment.

    ``request``: the checked request of ``restore_request`` (``source``, ``target``, ``point_in_time``, ``now``);
    ``neutralisation``: its ``neutralisation`` (the options applied are named in the text).
    """
    if request["source"] == request["target"] or not target_databases:
        return {"text": None, "property": PROPERTY, "statements": [], "summary": []}
    text = marker_text(request["source"], request["point_in_time"], request["now"], applied_options(neutralisation))
    return mark(text, target_databases)


def applied_options(neutralisation: Mapping[str, Any] | None) -> list[str]:
    """The options a copy's neutralisation applied (``neutralise.copy_neutralisation``), by name."""
    return [option["option"] for option in (neutralisation or {}).get("options") or [] if option["applied"]]


def import_marker(
    request: Mapping[str, Any], sha256: str, neutralisation: Mapping[str, Any] | None, target_databases: Sequence[str]
) -> dict[str, Any]:
    """The mark of a database imported from a client's file (``import_database.yml``): ``import of <file> sha256
    <first 12 digits>, taken <now>; neutralised: ...``."""
    text = "import of %s sha256 %s, taken %s; neutralised: %s" % (
        request["file"],
        sha256[:12],
        request["now"],
        ", ".join(applied_options(neutralisation)) or "nothing",
    )
    return mark(text[:MAX_TEXT], target_databases)


def mark(text: str, target_databases: Sequence[str]) -> dict[str, Any]:
    """``{text, property, statements, summary}``: the statements setting :data:`PROPERTY` to ``text``."""
    sql = "\n".join(
        [
            "IF EXISTS (SELECT 1 FROM sys.extended_properties WHERE class = 0 AND name = %s)" % literal(PROPERTY),
            "    EXEC sys.sp_dropextendedproperty @name = %s;" % literal(PROPERTY),
            "EXEC sys.sp_addextendedproperty @name = %s, @value = %s;" % (literal(PROPERTY), literal(text)),
        ]
    )
    return {
        "text": text,
        "property": PROPERTY,
        "summary": ["marked (extended property %s of each database): %s" % (PROPERTY, text)],
        "statements": [
            {"name": "mark_copy", "database": database, "sql": sql, "description": "extended property %s" % PROPERTY}
            for database in target_databases
        ],
    }
