# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the request of a playbook, checked whole before any machine is contacted.

A playbook that takes a request (its extra vars) checks all of it in its first play, on the controller, with a
``check_<request>`` function of its capability built on :class:`RequestChecker` (``backup/restore_request.py`` for
``restore.yml``, ``service_pack/switch_request.py`` for ``switch_service_pack.yml``; docs/restore.md and
docs/service_packs.md, "The request"):

- every variable is type-checked: a string where a list is expected is an error (never iterated character by
  character), a boolean is ``true``/``false`` (or yes/no, on/off, 1/0), an integer is an integer within bounds, a
  text has no control character and a bounded length;
- a point in time is strict ISO 8601 (``2026-11-26T14:30:00+01:00``: date, ``T``, time, explicit UTC offset or
  ``Z``) and, where asked, not in the future; a naive time or a word such as ``yesterday`` is refused;
- values are checked against the registry by the capability (unknown names are named, with the known ones);
- every problem is collected; then one :class:`RequestError` lists them all (:func:`problems_message`), each naming
  the variable and showing at most a short excerpt of the bad value (``core.text.excerpt``).

Standard library only; no Ansible import.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

UTC = _dt.timezone.utc
# At most this many problems are listed in one error (then how many more there are).
MAX_PROBLEMS = 50
# A text (name, path, version) longer than this is refused; a list longer than MAX_ITEMS too.
MAX_TEXT_LENGTH = 1024
MAX_ITEMS = 256
# No "did you mean" for a value longer than this (difflib is quadratic).
SUGGEST_LENGTH = 64
EXAMPLE_TIME = "2026-11-26T14:30:00+01:00"
# Strict ISO 8601: date, ``T``, hours and minutes (seconds and fraction optional), then the offset or ``Z``.
_TIME = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
STRICT_TIME = re.compile(r"\A" + _TIME + r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})\Z")
NAIVE_TIME = re.compile(r"\A" + _TIME + r"\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# ``name``, ``name[3]`` or ``name[3].key``: the variable and the item a problem is about.
_WHERE = re.compile(r"\A([^\[.]+)(?:\[([0-9]+)\])?")
_DIGITS = re.compile(r"\A[+]?[0-9]{1,9}\Z")
# The job variables AWX (and Ansible Tower before it) defines for the play of a job.
AWX_JOB_VARIABLES = ("awx_job_id", "tower_job_id")
TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")


class RequestError(DivaltoError):
    """A request with problems; ``problems`` lists each one, the message lists them all."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        super().__init__(problems_message(source, problems))
        self.source = source
        self.problems = list(problems)


def problems_message(source: str, problems: Sequence[str], limit: int = MAX_PROBLEMS) -> str:
    """``<source>: N problem(s)``, then one ``  - <problem>`` line each: the first ``limit``, then how many more."""
    count = len(problems)
    lines = [
        "%s: %d problem%s, nothing was contacted or changed" % (source, count, "" if count == 1 else "s"),
    ]
    lines.extend("  - %s" % problem for problem in problems[:limit])
    if count > limit:
        lines.append("  ... and %d more" % (count - limit))
    return "\n".join(lines)


def suggestion(value: object, known: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` when a known name is close to ``value``, else an empty string."""
    if not isinstance(value, str) or len(value) > SUGGEST_LENGTH:
        return ""
    close = difflib.get_close_matches(value, list(known), n=1)
    return " (did you mean '%s'?)" % close[0] if close else ""


def awx_job_id(job_vars: Mapping[str, Any]) -> object | None:
    """The id of the AWX (or Ansible Tower) job running the play, from its job variables; ``None`` outside AWX."""
    for name in AWX_JOB_VARIABLES:
        if job_vars.get(name) is not None:
            return job_vars[name]
    return None


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RequestChecker:
    """Collects the problems of one request; each ``check`` method returns the value it checked, or ``None``.

    A variable that is not given is ``None`` (the playbook passes ``| default(none)``): a required one is then a
    problem, an optional one takes its default. :meth:`done` raises :class:`RequestError` when any problem was
    found, else returns what it is given.
    """

    def __init__(self, source: str, order: Sequence[str] = ()) -> None:
        self.source = source
        self.order = list(order)
        self._problems: list[tuple[str, str]] = []

    @property
    def problems(self) -> list[str]:
        """``<variable>: <problem>`` each, by variable in ``order`` (then the others), then by item."""

        def rank(entry: tuple[str, str]) -> tuple[int, int]:
            match = _WHERE.match(entry[0])
            base, index = (match.group(1), int(match.group(2) or -1)) if match else (entry[0], -1)
            return (self.order.index(base) if base in self.order else len(self.order)), index

        return ["%s: %s" % entry for entry in sorted(self._problems, key=rank)]

    def problem(self, name: str, message: str) -> None:
        self._problems.append((name, message))

    def done(self, result: Any = None) -> Any:
        """``result`` when no problem was found; else :class:`RequestError` listing them all."""
        if self._problems:
            raise RequestError(self.source, self.problems)
        return result

    # ------------------------------------------------------------------------------------------------- types

    def text(
        self,
        name: str,
        value: object,
        required: bool = False,
        default: str | None = None,
        hint: str = "",
        max_length: int = MAX_TEXT_LENGTH,
        multiline: bool = False,
    ) -> str | None:
        """A non-empty string without control characters, stripped; ``default`` when not given (or blank).

        ``multiline``: line breaks and tabs are allowed (an SQL statement), other control characters are not.
        """
        if _is_blank(value):
            if required:
                self.problem(name, "is required%s" % (": %s" % hint if hint else ""))
            return default
        if not isinstance(value, str):
            self.problem(name, "expected a string, got %s" % shown(value))
            return None
        text = str(value).strip()
        if len(text) > max_length:
            self.problem(name, "too long: %d characters (at most %d): %s" % (len(text), max_length, excerpt(text)))
            return None
        if (_CONTROL_MULTILINE if multiline else _CONTROL).search(text):
            self.problem(name, "contains a control character (line break, tab...): %s" % excerpt(text))
            return None
        return text

    def text_list(
        self,
        name: str,
        value: object,
        required: bool = False,
        hint: str = "",
        max_items: int = MAX_ITEMS,
    ) -> list[str] | None:
        """A list of non-empty strings; a string is an error (it is not a list of its characters).

        ``hint`` shows how to give the list (default ``-e '{"<name>": ["a", "b"]}'``). ``[]`` when not given
        (``None``) and not ``required``; ``None`` after a problem with the list itself; the good items after a
        problem with some of them.
        """
        example = hint or """-e '{"%s": ["a", "b"]}'""" % name
        if value is None:
            if required:
                self.problem(name, "is required: a list, %s" % example)
            return None if required else []
        if isinstance(value, (str, bytes)):
            self.problem(
                name,
                "expected a list, got the string %s (a string is not a list of its characters): give a list, %s"
                % (excerpt(str(value) if isinstance(value, str) else value), example),
            )
            return None
        if not isinstance(value, Sequence) or isinstance(value, Mapping):
            self.problem(name, "expected a list, got %s: give a list, %s" % (shown(value), example))
            return None
        if len(value) > max_items:
            self.problem(name, "too many items: %d (at most %d)" % (len(value), max_items))
            return None
        if required and not value:
            self.problem(name, "is empty: give at least one item, %s" % example)
            return None
        checked = []
        for index, item in enumerate(value):
            where = "%s[%d]" % (name, index)
            if _is_blank(item):
                self.problem(where, "is empty")
                continue
            text = self.text(where, item)
            if text is not None:
                checked.append(text)
        # After a bad item, the good ones are still checked further (against the registry...): every problem at once.
        return checked

    def boolean(self, name: str, value: object, default: bool = False) -> bool | None:
        """``true``/``false`` (a bool, yes/no, on/off, 1/0 in any case); ``default`` when not given."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS + FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        self.problem(name, "expected true or false, got %s" % shown(value))
        return None

    def integer(
        self, name: str, value: object, default: int | None = None, minimum: int = 0, maximum: int = 10**9
    ) -> int | None:
        """An integer (or a string of digits, as ``-e name=30`` gives) in ``[minimum, maximum]``."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and _DIGITS.match(value.strip()):
            number = int(value.strip())
        if number is None:
            self.problem(name, "expected an integer, got %s" % shown(value))
            return None
        if not minimum <= number <= maximum:
            self.problem(name, "expected an integer from %d to %d, got %d" % (minimum, maximum, number))
            return None
        return number

    def point_in_time(
        self,
        name: str,
        value: object,
        required: bool = False,
        now: _dt.datetime | None = None,
        hint: str = "",
    ) -> _dt.datetime | None:
        """An aware datetime from strict ISO 8601 with an offset; with ``now``, not after it.

        A naive time (no offset: ambiguous across daylight-saving changes), any other form of time (a space instead
        of ``T``, the basic format, a week date) or a word (``yesterday``, ``now``) is refused. An aware ``datetime``
        (as a YAML vars file gives) is taken as it is.
        """
        if _is_blank(value):
            if required:
                self.problem(
                    name, "is required: ISO 8601 with a UTC offset, e.g. %s%s" % (EXAMPLE_TIME, hint and "; " + hint)
                )
            return None
        if isinstance(value, _dt.datetime):
            point = value
            if point.tzinfo is None or point.utcoffset() is None:
                self.problem(name, "%s has no UTC offset: add one, e.g. %s" % (excerpt(str(value)), EXAMPLE_TIME))
                return None
        elif not isinstance(value, str):
            self.problem(
                name,
                "expected an ISO 8601 time with a UTC offset (e.g. %s), got %s" % (EXAMPLE_TIME, shown(value)),
            )
            return None
        else:
            text = str(value).strip()
            if NAIVE_TIME.match(text):
                self.problem(
                    name,
                    "%s has no UTC offset, which is ambiguous across daylight-saving changes: add one, e.g. %s"
                    % (excerpt(text), EXAMPLE_TIME),
                )
                return None
            if not STRICT_TIME.match(text):
                self.problem(
                    name,
                    "%s is not a strict ISO 8601 time with a UTC offset (expected e.g. %s or 2026-11-26T13:30:00Z)"
                    % (excerpt(text), EXAMPLE_TIME),
                )
                return None
            try:
                point = _dt.datetime.fromisoformat(text[:-1] + "+00:00" if text[-1] in "Zz" else text)
            except ValueError as exc:
                self.problem(name, "%s is not a valid date and time: %s" % (excerpt(text), exc))
                return None
        if now is not None and point > now:
            self.problem(
                name,
                "%s is in the future (now is %s)"
                % (point.astimezone(UTC).isoformat(), now.astimezone(UTC).isoformat()),
            )
            return None
        return point

    def one_of(self, name: str, value: str | None, known: Sequence[str], what: str) -> str | None:
        """``value`` when it is in ``known``; else a problem naming the known values (and the closest one)."""
        if value is None:
            return None
        if value in known:
            return value
        self.problem(
            name,
            "%s is not %s (known: %s)%s" % (excerpt(value), what, ", ".join(known) or "none", suggestion(value, known)),
        )
        return None


def shown(value: object) -> str:
    """A bad value in a message: its kind and an excerpt (``a bool True``, ``an int 3``, ``a list of 2 item(s)``).

    A container is named by what it is, whatever its class (Ansible hands over its own subclasses of dict and list).
    """
    if isinstance(value, Mapping):
        return "a dict of %d item(s)" % len(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        return "a %s of %d item(s)" % ("set" if isinstance(value, (set, frozenset)) else "list", len(value))
    if isinstance(value, bool):
        kind = "bool"
    elif isinstance(value, int):
        kind = "int"
    elif isinstance(value, float):
        kind = "float"
    elif isinstance(value, str):
        kind, value = "string", str(value)
    else:
        kind = type(value).__name__
    return "%s %s %s" % ("an" if kind[0] in "aeiou" else "a", kind, excerpt(value))
