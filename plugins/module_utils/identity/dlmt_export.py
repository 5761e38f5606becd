# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: DLMT's export of users, read and checked whole (``directory_sync.yml``).

DLMT's own export format is not public; **decision** (docs/identity.md): the collection accepts this CSV, and
says so. UTF-8 (a byte-order mark is dropped), comma-separated, one header line naming exactly the columns of
:data:`COLUMNS` (in any order), then one line per account::

    # exported_at: 2026-12-01T06:00:00+01:00
    account,tenant,profile,environments,enabled
    alice,acme,full,acme_production acme_staging,true
    # end: 1 users

- ``account``: the person's sAMAccountName (1 to 20 of ``A-Z a-z 0-9 . _ -``, not ending with ``.``), once in the
  file (compared without case, as AD does);
- ``tenant``: a tenant of the registry;
- ``profile``: a licence profile of the platform's subscriptions;
- ``environments``: the environment keys granted (``<tenant>_<type>``, separated by spaces; empty: none);
- ``enabled``: ``true`` or ``false`` (also yes/no, on/off, 1/0), DLMT's state of the account.

The last line ``# end: <N> users`` (N: the number of lines of users) says the export is whole: without it, or with
another count, the file is refused (a truncated export is never applied). The first line
``# exported_at: <ISO 8601 with offset>`` dates the export and is required: a file's modification time is no date
(a copy or a ``touch`` makes an old export look fresh), so an undated export is refused (staleness, and an export
older than the last one applied: ``sync_plan``). Whether a tenant really has the environments and profile a line
gives it, and whether the account is in the tenant's OU, is the plan's business (refusals); here: the file is
well-formed and names only what the platform knows. Every problem is collected and reported at once, each naming
the file, the line and the column, with at most a short escaped excerpt of the value.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import (
    FALSE_WORDS,
    MAX_PROBLEMS,
    STRICT_TIME,
    TRUE_WORDS,
    suggestion,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import parse_timestamp
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import NotUtf8Error, excerpt, utf8_text
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import ENV_ORDER

COLUMNS = ("account", "tenant", "profile", "environments", "enabled")
# The largest export read (about 500,000 lines); a bigger file is refused before it is decoded.
MAX_BYTES = 32 * 1024 * 1024
ACCOUNT = re.compile(r"\A[A-Za-z0-9._-]{0,19}[A-Za-z0-9_-]\Z")
EXPORTED_AT = re.compile(r"\A#\s*exported_at\s*:\s*(.*?)\s*\Z")
END = re.compile(r"\A#\s*end\s*:\s*([0-9]{1,9})\s+users?\s*\Z")
END_MARKER = "# end: <N> users"
OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
EXCERPT = 40


class DlmtExportError(DivaltoError):
    """The export cannot be used; ``problems`` lists every problem, the message all of them."""

    def __init__(self, source: str, problems: list[str]) -> None:
        count = len(problems)
        lines = ["%s: %d problem%s in the DLMT export, nothing was changed" % (source, count, "s" * (count != 1))]
        lines.extend("  - %s" % problem for problem in problems[:MAX_PROBLEMS])
        if count > MAX_PROBLEMS:
            lines.append("  ... and %d more" % (count - MAX_PROBLEMS))
        super().__init__("\n".join(lines))
        self.problems = list(problems)


def known_names(identity: Mapping[str, Any]) -> dict[str, Any]:
    """What an export may name, from the directory model: tenants, environment keys, licence profiles."""
    tenants = identity.get("tenants") if isinstance(identity, Mapping) else None
    if not isinstance(tenants, Mapping):
        raise DivaltoError("identity must be the divalto_identity variable, got %s" % excerpt(identity))
    environments, profiles = set(), set()
    for tenant, record in tenants.items():
        for group in record["groups"].values():
            if group["kind"] == "environment":
                environments.add("%s_%s" % (tenant, group["environment"]))
            else:
                profiles.add(group["profile"])
    return {"tenants": sorted(tenants), "environments": sorted(environments), "profiles": sorted(profiles)}


def _decode(data: bytes, source: str) -> str:
    if len(data) > MAX_BYTES:
        raise DlmtExportError(source, ["%d bytes, more than the %d an export may have" % (len(data), MAX_BYTES)])
    try:
        return utf8_text(data)
    except NotUtf8Error as exc:
        raise DlmtExportError(source, ["%s; export it as UTF-8, not Latin-1 or Windows-1252" % exc]) from None


def _exported_at(first_line: str, problems: list[str]) -> _dt.datetime | None:
    match = EXPORTED_AT.match(first_line.strip())
    if match is None:
        problems.append(
            "line 1: a comment line must be '# exported_at: <ISO 8601 with offset>', got %s"
            % excerpt(first_line, EXCERPT)
        )
        return None
    if not STRICT_TIME.match(match.group(1)):
        problems.append(
            "line 1 exported_at: expected ISO 8601 with an offset (2026-12-01T06:00:00+01:00), got %s"
            % excerpt(match.group(1), EXCERPT)
        )
        return None
    return parse_timestamp(match.group(1))


def _end_marker(lines: list[str], first: int) -> tuple[int, tuple[int, int] | None]:
    """(the index after the last line of the CSV, (line number, count) of the end marker or None)."""
    last = len(lines)
    while last > first and not lines[last - 1].strip():
        last -= 1
    if last > first:
        match = END.match(lines[last - 1].strip())
        if match:
            return last - 1, (last, int(match.group(1)))
    return last, None


def _check_end(end: tuple[int, int] | None, rows: int, count: int, problems: list[str]) -> None:
    """The end marker is there and counts the lines of users: a truncated export is never applied."""
    if end is None:
        problems.append(
            "line %d: the export does not end with '%s' (N: its lines of users); it may be truncated"
            % (max(count, 1), END_MARKER)
        )
    elif end[1] != rows:
        problems.append(
            "line %d: the end marker counts %d user(s), the file has %d line(s) of users: truncated or edited"
            % (end[0], end[1], rows)
        )


def _header(row: list[str], line: int) -> list[str] | str:
    """The column names, or the problem of the header line."""
    names = [cell.strip() for cell in row]
    if len(names) == 1:
        for delimiter, what in OTHER_DELIMITERS.items():
            if delimiter in names[0]:
                return "line %d: the header is separated by %s; the export must be comma-separated" % (line, what)
    problems = []
    missing = [name for name in COLUMNS if name not in names]
    if missing:
        problems.append("missing column(s) %s" % ", ".join(missing))
    unknown = [name for name in names if name not in COLUMNS]
    if unknown:
        problems.append("unknown column(s) %s" % ", ".join(excerpt(name, EXCERPT) for name in unknown))
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        problems.append("column(s) %s given twice" % ", ".join(excerpt(name, EXCERPT) for name in repeated))
    if problems:
        return "line %d: %s (the header is %s)" % (line, "; ".join(problems), ",".join(COLUMNS))
    return names


class _Line:
    """The cells of one line and the problems found in them, named ``line N column C``."""

    def __init__(self, line: int, cells: Mapping[str, str], problems: list[str]) -> None:
        self.line = line
        self.cells = cells
        self.problems = problems
        self.bad = False

    def value(self, column: str) -> str:
        return self.cells[column].strip()

    def problem(self, column: str, what: str) -> None:
        self.bad = True
        self.problems.append(
            "line %d column %s: %s, got %s" % (self.line, column, what, excerpt(self.cells[column], EXCERPT))
        )

    def known(self, column: str, value: str, known: list[str], what: str) -> None:
        if value not in known:
            self.problem(column, "expected %s%s" % (what, suggestion(value, known)))


def _user(line: _Line, known: Mapping[str, list[str]]) -> dict[str, Any]:
    account = line.value("account")
    if not ACCOUNT.match(account):
        line.problem("account", "expected a sAMAccountName: 1 to 20 of A-Z a-z 0-9 . _ -, not ending with '.'")
    line.known("tenant", line.value("tenant"), known["tenants"], "a tenant of the registry")
    line.known("profile", line.value("profile"), known["profiles"], "a licence profile of the subscriptions")
    environments: list[str] = []
    for key in line.value("environments").split():
        tenant, _sep, kind = key.partition("_")
        if tenant not in known["tenants"] or kind not in ENV_ORDER:
            line.problem(
                "environments", "expected environment keys <tenant>_<type> of the registry (%s)" % excerpt(key, 30)
            )
        elif key not in environments:
            environments.append(key)
    enabled = line.value("enabled").lower()
    if enabled not in TRUE_WORDS + FALSE_WORDS:
        line.problem("enabled", "expected true or false")
    return {
        "account": account,
        "tenant": line.value("tenant"),
        "profile": line.value("profile"),
        "environments": environments,
        "enabled": enabled in TRUE_WORDS,
        "line": line.line,
    }


def parse_export(data: bytes, source: str, identity: Mapping[str, Any]) -> dict[str, Any]:
    """The export ``data`` (the file's bytes), named ``source`` in messages: ``{source, exported_at,
    exported_at_from, users}``, each user ``{account, tenant, profile, environments, enabled, line}``.

    Raises :class:`DlmtExportError` listing every problem.
    """
    known = known_names(identity)
    text = _decode(data, source)
    problems: list[str] = []
    lines = text.splitlines(keepends=True)
    exported_at, first = None, 0
    if lines and lines[0].lstrip().startswith("#"):
        exported_at = _exported_at(lines[0], problems)
        first = 1
    elif lines:
        problems.append(
            "line 1: the export must start with '# exported_at: <ISO 8601 with offset>' (when DLMT made it); an "
            "undated export is refused, its age cannot be checked"
        )
    last, end = _end_marker(lines, first)
    reader = csv.reader(io.StringIO("".join(lines[first:last]), newline=""), strict=True)
    header: list[str] | None = None
    users: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    rows, readable = 0, True
    try:
        for row in reader:
            number = reader.line_num + first
            if not any(cell.strip() for cell in row):
                continue
            if header is not None:
                rows += 1
            if header is None:
                checked = _header(row, number)
                if isinstance(checked, str):
                    raise DlmtExportError(source, problems + [checked])
                header = checked
                continue
            if len(row) != len(header):
                problems.append("line %d: %d fields, the header has %d" % (number, len(row), len(header)))
                continue
            line = _Line(number, dict(zip(header, row)), problems)
            user = _user(line, known)
            key = user["account"].lower()
            if key in seen:
                line.problem("account", "an account given once (also on line %d)" % seen[key])
            seen.setdefault(key, number)
            if not line.bad:
                users.append(user)
    except csv.Error as exc:
        problems.append("line %d: not readable as CSV: %s" % (reader.line_num + first, exc))
        readable = False
    if header is None and not problems:
        problems.append("no header line: the export must start with %s" % ",".join(COLUMNS))
    if header is not None and readable:
        _check_end(end, rows, len(lines), problems)
    if problems:
        raise DlmtExportError(source, problems)
    return {
        "source": source,
        "exported_at": exported_at,
        "exported_at_from": "exported_at line",
        "users": users,
    }
