# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: a playbook's request declared as data, checked whole by :class:`RequestChecker`.

A capability declares the variables of a playbook's request as a tuple of :class:`Variable` (what each one is, its
default and bounds) and calls :func:`check_variables`; the registry checks every playbook needs (a tenant of the
inventory, an environment key) are :func:`known_tenant` and :func:`known_environment`. Every problem is collected by
the checker, so a request is refused once, listing them all (``core/request.py``).

Kinds of variable:

- ``text``: a string without control characters, at most ``max_length`` characters;
- ``texts``: a list of such strings (a string is refused: it is not a list of its characters);
- ``choice`` / ``choices``: one value, or a list of values, of ``choices``;
- ``name``: a ``text`` matching :data:`NAME` (letters, digits, ``_`` and ``-``), e.g. a database suffix;
- ``path``: a ``text`` of at most :data:`MAX_PATH_LENGTH` characters with no ``..`` component (the directory of a
  report, of a recorded history); ``absolute=True`` also requires an absolute path, POSIX or Windows by ``os``;
- ``boolean``, ``integer`` (``minimum``..``maximum``), ``number`` (a float or an integer in the bounds);
- ``time``: strict ISO 8601 with a UTC offset (``not_future``: not after the request's clock);
- ``integers``: a mapping of names to integers in the bounds (``{tenant: priority}``).

Standard library only; no Ansible import.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.request import (
    MAX_ITEMS,
    MAX_TEXT_LENGTH,
    RequestChecker,
    shown,
    suggestion,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

MAX_PATH_LENGTH = 4096
NAME = re.compile(r"\A[A-Za-z0-9_-]{1,64}\Z")
_WINDOWS_ABSOLUTE = re.compile(r"\A(?:[A-Za-z]:\\|\\\\[^\\]+\\)")
_NUMBER_TEXT = re.compile(r"\A[+-]?(?:[0-9]{1,12}(?:[.][0-9]{0,12})?|[.][0-9]{1,12})\Z")
KINDS = ("text", "texts", "choice", "choices", "name", "path", "boolean", "integer", "number", "time", "integers")


@dataclass(frozen=True)
class Variable:
    """One variable of a request: its name, its kind (:data:`KINDS`) and how it is bounded."""

    name: str
    kind: str = "text"
    required: bool = False
    default: Any = None
    minimum: float = 0
    maximum: float = 10**9
    choices: tuple[str, ...] = ()
    hint: str = ""
    max_length: int = MAX_TEXT_LENGTH
    not_future: bool = False
    absolute: bool = False
    os: str = "linux"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError("request variable %s: unknown kind %r (known: %s)" % (self.name, self.kind, KINDS))


def names(spec: Sequence[Variable]) -> tuple[str, ...]:
    """The variable names of ``spec``, in order."""
    return tuple(variable.name for variable in spec)


def require_request(request: object, spec: Sequence[Variable]) -> Mapping[str, Any]:
    """``request`` when it is a mapping of names of ``spec`` (the playbook's call); a programming error otherwise."""
    allowed = set(names(spec))
    if not isinstance(request, Mapping) or set(request) - allowed:
        raise TypeError("request: expected a mapping of %s, got %r" % (", ".join(sorted(allowed)), request))
    return request


def check_variables(
    checker: RequestChecker,
    spec: Sequence[Variable],
    request: Mapping[str, Any],
    now: _dt.datetime | None = None,
) -> dict[str, Any]:
    """``{name: checked value}`` of every variable of ``spec``; problems go to ``checker``.

    A variable with a problem is ``None`` in the result (the caller checks the rest, then ``checker.done()``).
    ``now``: the clock of ``not_future`` times.
    """
    values: dict[str, Any] = {}
    for variable in spec:
        values[variable.name] = _check(checker, variable, request.get(variable.name), now)
    return values


def _check(checker: RequestChecker, variable: Variable, value: object, now: _dt.datetime | None) -> Any:
    name, kind = variable.name, variable.kind
    if kind == "boolean":
        return checker.boolean(name, value, bool(variable.default))
    if kind == "integer":
        return checker.integer(name, value, variable.default, int(variable.minimum), int(variable.maximum))
    if kind == "number":
        return _number(checker, variable, value)
    if kind == "time":
        point = checker.point_in_time(
            name, value, variable.required, now if variable.not_future else None, variable.hint
        )
        return point if point is not None else variable.default
    if kind == "texts":
        return checker.text_list(name, value, variable.required, variable.hint)
    if kind == "choices":
        if value is None and not variable.required:
            return list(variable.default or ())
        return _choices(checker, variable, checker.text_list(name, value, True, variable.hint))
    if kind == "integers":
        return _integers(checker, variable, value)
    max_length = MAX_PATH_LENGTH if kind == "path" else variable.max_length
    text = checker.text(name, value, variable.required, variable.default, variable.hint, max_length)
    if text is None or text is variable.default:
        return text
    if kind == "choice":
        return checker.one_of(name, text, variable.choices, "one of the accepted values")
    if kind == "name" and not NAME.match(text):
        checker.problem(name, "%s is not a name (letters, digits, _ and -, at most 64)" % excerpt(text))
        return None
    if kind == "path":
        return _path(checker, variable, text)
    return text


def _number(checker: RequestChecker, variable: Variable, value: object) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return variable.default
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str) and _NUMBER_TEXT.match(value.strip()):
        number = float(value.strip())
    if number is None or math.isnan(number) or math.isinf(number):
        checker.problem(variable.name, "expected a number, got %s" % shown(value))
        return None
    if not variable.minimum <= number <= variable.maximum:
        checker.problem(
            variable.name,
            "expected a number from %s to %s, got %s" % (variable.minimum, variable.maximum, excerpt(number)),
        )
        return None
    return number


def _choices(checker: RequestChecker, variable: Variable, items: list[str] | None) -> list[str] | None:
    if items is None:
        return None
    good = []
    for index, item in enumerate(items):
        known = checker.one_of("%s[%d]" % (variable.name, index), item, variable.choices, "an accepted value")
        if known is not None and known not in good:
            good.append(known)
    return good


def _integers(checker: RequestChecker, variable: Variable, value: object) -> dict[str, int] | None:
    if value is None:
        return dict(variable.default or {})
    if not isinstance(value, Mapping):
        checker.problem(
            variable.name,
            'expected a mapping of names to integers, e.g. -e \'{"%s": {"acme": 1}}\', got %s'
            % (variable.name, shown(value)),
        )
        return None
    if len(value) > MAX_ITEMS * 40:
        checker.problem(variable.name, "too many entries: %d (at most %d)" % (len(value), MAX_ITEMS * 40))
        return None
    checked = {}
    for key, number in value.items():
        where = "%s[%s]" % (variable.name, excerpt(key, 40))
        key_text = checker.text(where, key, required=True, max_length=variable.max_length)
        got = checker.integer(where, number, None, int(variable.minimum), int(variable.maximum))
        if key_text is not None and got is not None:
            checked[key_text] = got
    return checked


def _path(checker: RequestChecker, variable: Variable, text: str) -> str | None:
    parts = re.split(r"[\\/]", text)
    if ".." in parts:
        checker.problem(variable.name, "%s has a '..' component: give the path itself" % excerpt(text))
        return None
    if variable.absolute:
        absolute = _WINDOWS_ABSOLUTE.match(text) if variable.os == "windows" else text.startswith("/")
        if not absolute:
            checker.problem(
                variable.name,
                "%s is not an absolute %s path" % (excerpt(text), "Windows" if variable.os == "windows" else "POSIX"),
            )
            return None
    return text


def known_tenant(checker: RequestChecker, name: str, value: str | None, environments: Mapping) -> str | None:
    """``value`` when it is a tenant of ``environments`` (``divalto_environments``); else a problem and ``None``."""
    if value is None:
        return None
    tenants = sorted({str(record["tenant"]) for record in environments.values()})
    if value in tenants:
        return value
    checker.problem(
        name,
        "%s is not a tenant of the inventory (known: %s)%s"
        % (excerpt(value), _listed(tenants), suggestion(value, tenants)),
    )
    return None


def known_environment(checker: RequestChecker, name: str, value: str | None, environments: Mapping) -> str | None:
    """``value`` when it is an environment key of ``environments``; else a problem and ``None``."""
    if value is None:
        return None
    if value in environments:
        return value
    keys = sorted(environments)
    checker.problem(
        name,
        "%s is not an environment of the inventory (give its key, <tenant>_<type>; known: %s)%s"
        % (excerpt(value), _listed(keys), suggestion(value, keys)),
    )
    return None


def _listed(values: Sequence[str], limit: int = 12) -> str:
    """``a, b, c`` or ``a, b, ... (N in all)``: a known-values list that stays short on a large platform."""
    if len(values) <= limit:
        return ", ".join(values) or "none"
    return "%s, ... (%d in all)" % (", ".join(values[:limit]), len(values))
