# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A request declared as data (core/request_spec.py): each kind of variable, its bounds and its messages."""

from __future__ import annotations

import datetime as _dt

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.request import RequestChecker, RequestError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request_spec import (
    Variable,
    check_variables,
    known_environment,
    known_tenant,
    names,
    require_request,
)

NOW = _dt.datetime(2026, 11, 18, tzinfo=_dt.UTC)
ENVIRONMENTS = {"acme_production": {"tenant": "acme"}, "cobalt_production": {"tenant": "cobalt"}}


def checked(variable, value):
    """(value checked, problems) of one variable."""
    checker = RequestChecker("test request", [variable.name])
    result = check_variables(checker, [variable], {variable.name: value}, NOW)[variable.name]
    return result, checker.problems


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (Variable("v"), " text ", "text"),
        (Variable("v", default="d"), None, "d"),
        (Variable("v", default="d"), "  ", "d"),
        (Variable("v", "name"), "_drill-2", "_drill-2"),
        (Variable("v", "path"), "reports/x", "reports/x"),
        (Variable("v", "path", absolute=True), "/srv/backup", "/srv/backup"),
        (Variable("v", "path", absolute=True, os="windows"), "D:\\divalto", "D:\\divalto"),
        (Variable("v", "path", absolute=True, os="windows"), "\\\\vault\\share", "\\\\vault\\share"),
        (Variable("v", "boolean"), "yes", True),
        (Variable("v", "boolean", default=True), None, True),
        (Variable("v", "integer", minimum=1, maximum=10), "7", 7),
        (Variable("v", "number", minimum=0.5, maximum=1), "0.994", 0.994),
        (Variable("v", "number", minimum=0.5, maximum=1), 1, 1.0),
        (Variable("v", "texts"), ["a", "b"], ["a", "b"]),
        (Variable("v", "choice", choices=("a", "b")), "b", "b"),
        (Variable("v", "choices", choices=("a", "b"), default=("a", "b")), None, ["a", "b"]),
        (Variable("v", "choices", choices=("a", "b")), ["b", "b"], ["b"]),
        (Variable("v", "integers", maximum=9), {"acme": "3"}, {"acme": 3}),
        (Variable("v", "integers"), None, {}),
        (Variable("v", "time"), "2026-11-17T10:30:00+01:00", _dt.datetime.fromisoformat("2026-11-17T10:30:00+01:00")),
    ],
)
def test_good_values(variable, value, expected):
    assert checked(variable, value) == (expected, [])


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        (Variable("v", required=True, hint="-e v=x"), None, "v: is required: -e v=x"),
        (Variable("v"), ["a"], "v: expected a string, got a list of 1 item(s)"),
        (Variable("v"), "a\nb", "v: contains a control character (line break, tab...): 'a\\nb'"),
        (Variable("v", max_length=3), "abcd", "v: too long: 4 characters (at most 3): 'abcd'"),
        (Variable("v", "name"), "a b", "v: 'a b' is not a name (letters, digits, _ and -, at most 64)"),
        (Variable("v", "name"), "x" * 65, "v: '" + "x" * 59 + "... (67 characters) is not a name"),
        (Variable("v", "path"), "/srv/../etc", "v: '/srv/../etc' has a '..' component: give the path itself"),
        (Variable("v", "path"), "D:\\a\\..\\b", "v: 'D:\\\\a\\\\..\\\\b' has a '..' component: give the path itself"),
        (Variable("v", "path", absolute=True), "srv", "v: 'srv' is not an absolute POSIX path"),
        (Variable("v", "path", absolute=True, os="windows"), "D:x", "v: 'D:x' is not an absolute Windows path"),
        (Variable("v", "path", absolute=True, os="windows"), "/srv", "v: '/srv' is not an absolute Windows path"),
        (Variable("v", "boolean"), "maybe", "v: expected true or false, got a string 'maybe'"),
        (Variable("v", "integer", maximum=10), 11, "v: expected an integer from 0 to 10, got 11"),
        (Variable("v", "integer"), 2.0, "v: expected an integer, got a float 2.0"),
        (Variable("v", "integer"), True, "v: expected an integer, got a bool True"),
        (Variable("v", "number", minimum=0.5, maximum=1), "99.4", "v: expected a number from 0.5 to 1, got 99.4"),
        (Variable("v", "number"), "nan", "v: expected a number, got a string 'nan'"),
        (Variable("v", "number"), float("nan"), "v: expected a number, got a float nan"),
        (Variable("v", "number"), True, "v: expected a number, got a bool True"),
        (Variable("v", "texts"), "a", "v: expected a list, got the string 'a'"),
        (Variable("v", "choice", choices=("a", "b")), "c", "v: 'c' is not one of the accepted values (known: a, b)"),
        (Variable("v", "choices", choices=("a",)), [], "v: is empty: give at least one item"),
        (Variable("v", "choices", choices=("a",)), ["a", "z"], "v[1]: 'z' is not an accepted value (known: a)"),
        (Variable("v", "integers"), [1], "v: expected a mapping of names to integers"),
        (Variable("v", "integers", maximum=9), {"acme": 10}, "v['acme']: expected an integer from 0 to 9, got 10"),
        (Variable("v", "time"), "yesterday", "v: 'yesterday' is not a strict ISO 8601 time with a UTC offset"),
        (Variable("v", "time"), "2026-11-17T10:30:00", "v: '2026-11-17T10:30:00' has no UTC offset"),
        (
            Variable("v", "time", not_future=True),
            "2026-11-19T00:00:00Z",
            "v: 2026-11-19T00:00:00+00:00 is in the future",
        ),
    ],
)
def test_bad_values(variable, value, problem):
    result, problems = checked(variable, value)
    # None, or only the good items of a list or mapping.
    assert result is None or variable.kind in ("choices", "integers") and len(result) < len(value)
    assert len(problems) == 1
    assert problems[0].startswith(problem)


def test_a_hostile_value_is_shown_as_a_short_excerpt():
    result, problems = checked(Variable("v", "path", absolute=True), "x" * 100000)
    assert result is None
    assert len(problems[0]) < 200
    assert "(100002 characters)" in problems[0]


def test_every_problem_of_a_request_at_once():
    spec = (Variable("a", required=True), Variable("b", "integer"), Variable("c", "boolean"))
    checker = RequestChecker("test request", names(spec))
    values = check_variables(checker, spec, require_request({"b": "x", "c": "z"}, spec))
    assert values == {"a": None, "b": None, "c": None}
    with pytest.raises(RequestError) as error:
        checker.done(values)
    assert error.value.problems == [
        "a: is required",
        "b: expected an integer, got a string 'x'",
        "c: expected true or false, got a string 'z'",
    ]


def test_an_unknown_kind_or_request_variable_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown kind 'date'"):
        Variable("v", "date")
    with pytest.raises(TypeError, match="request: expected a mapping of a"):
        require_request({"a": 1, "z": 2}, (Variable("a"),))
    with pytest.raises(TypeError):
        require_request(["a"], (Variable("a"),))


def test_known_tenant_and_environment():
    checker = RequestChecker("test request")
    assert known_tenant(checker, "t", "acme", ENVIRONMENTS) == "acme"
    assert known_tenant(checker, "t", None, ENVIRONMENTS) is None
    assert known_environment(checker, "e", "cobalt_production", ENVIRONMENTS) == "cobalt_production"
    assert checker.problems == []
    assert known_tenant(checker, "t", "acmee", ENVIRONMENTS) is None
    assert known_environment(checker, "e", "acme_prod", ENVIRONMENTS) is None
    assert checker.problems == [
        "t: 'acmee' is not a tenant of the inventory (known: acme, cobalt) (did you mean 'acme'?)",
        "e: 'acme_prod' is not an environment of the inventory (give its key, <tenant>_<type>; known: acme_production,"
        " cobalt_production) (did you mean 'acme_production'?)",
    ]


def test_the_known_values_stay_short_on_a_large_platform():
    environments = {"t%04d_production" % n: {"tenant": "t%04d" % n} for n in range(2000)}
    checker = RequestChecker("test request")
    known_tenant(checker, "t", "nobody", environments)
    assert checker.problems == [
        "t: 'nobody' is not a tenant of the inventory (known: t0000, t0001, t0002, t0003, t0004, t0005, t0006, "
        "t0007, t0008, t0009, t0010, t0011, ... (2000 in all))"
    ]
