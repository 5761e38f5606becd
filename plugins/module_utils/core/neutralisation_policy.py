# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the ``neutralisation:`` settings of ``platform.yml``, what a copy is stripped of.

A copy of an environment into a non-production environment (``playbooks/restore.yml``) is neutralised: nothing of
it may reach the outside world as if it were production. What that means is configuration, per option::

    neutralisation:
      outgoing_mail:                      # an option of neutralisation (a keyword)
        description: no mail leaves a copy
        statements:                       # run in order, each in the target database of its role
          - name: disable_outgoing_mail   # a keyword, unique over the whole section
            database: erp                 # erp (default), portal or bi
            sql: UPDATE dbo.SMTP_CONFIG SET ENABLED = 0
            description: the ERP's SMTP settings
      ebics:
        licensed_option: ebics_ts         # only for a tenant that licenses it (platform.licensed_options)
        statements: [...]

An option without ``licensed_option`` applies to every copy. Without the section, :data:`DEFAULT_NEUTRALISATION`
applies: every option to every copy (a tenant's licence narrows nothing: fail safe), with **placeholder** statements
(Divalto's schema is not public): replace them with your version's before the first real copy.

The registry's schema checks the section's shape; :func:`neutralisation_settings` checks it again (the model can
come from elsewhere) and, given the platform's catalogue, that each ``licensed_option`` is a licensed option: a
misspelt option would silently leave a copy unneutralised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import SettingsError

SECTION = "neutralisation"
DATABASE_ROLES = ("erp", "portal", "bi")
OPTION_KEYS = ("licensed_option", "description", "statements")
STATEMENT_KEYS = ("name", "database", "sql", "description")
KEYWORD = re.compile(r"[a-z][a-z0-9_]{0,31}\Z")
MAX_OPTIONS = 32
MAX_STATEMENTS = 64
MAX_SQL_LENGTH = 65536
MAX_DESCRIPTION_LENGTH = 500

# Decision: the Divalto tables below are PLACEHOLDERS (the ERP's schema is not public); a platform's
# neutralisation: section replaces them whole.
DEFAULT_NEUTRALISATION: dict[str, dict[str, Any]] = {
    "outgoing_mail": {
        "description": "outgoing e-mail: no mail leaves a copy",
        "statements": [
            {
                "name": "disable_outgoing_mail",
                "description": "outgoing e-mail: no mail leaves a copy of production",
                "database": "erp",
                "sql": "UPDATE dbo.DIVALTO_SMTP_CONFIG SET ENABLED = 0"
                " /* placeholder: the ERP's SMTP settings table */",
            }
        ],
    },
    "scheduled_jobs": {
        "description": "scheduled jobs: none runs in a copy",
        "statements": [
            {
                "name": "disable_scheduled_jobs",
                "description": "scheduled jobs (DhsServices background tasks): none runs in a copy",
                "database": "erp",
                "sql": "UPDATE dbo.DIVALTO_SCHEDULED_TASKS SET ACTIVE = 0 /* placeholder: the ERP's scheduler table */",
            }
        ],
    },
    "ebics": {
        "description": "EBICS: no payment order reaches a bank from a copy",
        "statements": [
            {
                "name": "disable_ebics_connectors",
                "description": "EBICS bank connectors: no payment order reaches a bank from a copy",
                "database": "erp",
                "sql": "UPDATE dbo.DIVALTO_EBICS_BANKS SET ACTIVE = 0"
                " /* placeholder: the ERP's EBICS connections table */",
            }
        ],
    },
    "external_connectors": {
        "description": "external connectors (EDI, web services of partners): none is called from a copy",
        "statements": [
            {
                "name": "disable_external_connectors",
                "description": "external connectors: no partner receives anything from a copy",
                "database": "erp",
                "sql": "UPDATE dbo.DIVALTO_CONNECTORS SET ACTIVE = 0 /* placeholder: the ERP's connectors table */",
            }
        ],
    },
}


class NeutralisationPolicyError(SettingsError):
    """The ``neutralisation:`` settings are invalid; the message starts with the field path."""


def _text(path: str, value: Any, max_length: int, required: bool = False, lines: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise NeutralisationPolicyError(path, "a non-empty text" if required else "a text", value)
    if len(value) > max_length:
        raise NeutralisationPolicyError(path, "at most %d characters" % max_length, value)
    allowed = "\t\r\n" if lines else ""
    if any(ord(char) < 32 and char not in allowed for char in value):
        raise NeutralisationPolicyError(path, "text without control characters", value)
    return value


def _keyword(path: str, value: Any) -> str:
    if not isinstance(value, str) or not KEYWORD.match(value):
        raise NeutralisationPolicyError(path, "a keyword (a lowercase letter, then letters, digits or _)", value)
    return value


def _unknown(path: str, entry: Mapping[str, Any], known: tuple[str, ...]) -> None:
    unknown = sorted(str(key) for key in entry if key not in known)
    if unknown:
        raise NeutralisationPolicyError(path, "only %s" % ", ".join(known), unknown[0])


def _statement(path: str, entry: Any) -> dict[str, str]:
    if not isinstance(entry, Mapping):
        raise NeutralisationPolicyError(path, "a statement (name, database, sql, description)", entry)
    _unknown(path, entry, STATEMENT_KEYS)
    database = entry.get("database", "erp")
    if database not in DATABASE_ROLES:
        raise NeutralisationPolicyError(path + ".database", "one of %s" % ", ".join(DATABASE_ROLES), database)
    return {
        "name": _keyword(path + ".name", entry.get("name")),
        "database": database,
        "sql": _text(path + ".sql", entry.get("sql"), MAX_SQL_LENGTH, required=True, lines=True),
        "description": _text(path + ".description", entry.get("description"), MAX_DESCRIPTION_LENGTH),
    }


def neutralisation_settings(section: Any = None, licensed_options: Any = None) -> dict[str, dict[str, Any]]:
    """The checked options ``{option: {licensed_option, description, statements}}``, in the section's order.

    ``section``: the ``neutralisation:`` section (``None``: :data:`DEFAULT_NEUTRALISATION`). ``licensed_options``:
    the platform's catalogue (``platform.licensed_options``); when given, each ``licensed_option`` must be in it.
    Raises :class:`NeutralisationPolicyError` naming the field.
    """
    if section is None:
        section = DEFAULT_NEUTRALISATION
    if not isinstance(section, Mapping) or not section:
        raise NeutralisationPolicyError(SECTION, "a mapping of options, each with its statements", section)
    if len(section) > MAX_OPTIONS:
        raise NeutralisationPolicyError(SECTION, "at most %d options" % MAX_OPTIONS, len(section))
    names: dict[str, str] = {}
    options = {}
    for option, entry in section.items():
        path = "%s.%s" % (SECTION, _keyword(SECTION, option))
        if not isinstance(entry, Mapping):
            raise NeutralisationPolicyError(path, "an option (licensed_option, description, statements)", entry)
        _unknown(path, entry, OPTION_KEYS)
        licensed = entry.get("licensed_option")
        if licensed is not None:
            _keyword(path + ".licensed_option", licensed)
            if licensed_options is not None and licensed not in licensed_options:
                raise NeutralisationPolicyError(
                    path + ".licensed_option",
                    "one of platform.licensed_options (%s)" % ", ".join(licensed_options),
                    licensed,
                )
        statements = entry.get("statements")
        if not isinstance(statements, (list, tuple)) or not statements or len(statements) > MAX_STATEMENTS:
            raise NeutralisationPolicyError(path + ".statements", "a list of 1 to %d statements" % MAX_STATEMENTS)
        checked = []
        for index, statement in enumerate(statements):
            where = "%s.statements[%d]" % (path, index)
            checked.append(_statement(where, statement))
            name = checked[-1]["name"]
            if name in names:
                raise NeutralisationPolicyError(where + ".name", "a name of its own (also %s)" % names[name], name)
            names[name] = where
        options[option] = {
            "licensed_option": licensed,
            "description": _text(path + ".description", entry.get("description"), MAX_DESCRIPTION_LENGTH),
            "statements": checked,
        }
    return options
