# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""core.request: a playbook's request checked whole; every problem listed at once, with excerpts only."""

from __future__ import annotations

import datetime as _dt

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import (
    MAX_ITEMS,
    MAX_PROBLEMS,
    MAX_TEXT_LENGTH,
    RequestChecker,
    RequestError,
    awx_job_id,
    problems_message,
    shown,
    suggestion,
)

UTC = _dt.UTC
NOW = _dt.datetime(2026, 11, 18, 0, 0, tzinfo=UTC)


@pytest.fixture
def checker():
    return RequestChecker("test request", ("a", "b", "c"))


def only_problem(checker):
    assert len(checker.problems) == 1, checker.problems
    return checker.problems[0]


# ---------------------------------------------------------------------------------------------------- the message


def test_no_problem_returns_the_result(checker):
    assert checker.done({"x": 1}) == {"x": 1}
    assert checker.problems == []


def test_every_problem_in_one_error_by_variable_order(checker):
    checker.problem("b[10]", "second, item 10")
    checker.problem("c", "third")
    checker.problem("b[2]", "second, item")
    checker.problem("zz", "not in the order: last")
    checker.problem("a", "first")
    checker.problem("b.key", "second, key")
    with pytest.raises(RequestError) as error:
        checker.done()
    assert isinstance(error.value, DivaltoError)
    assert error.value.problems == [
        "a: first",
        "b.key: second, key",
        "b[2]: second, item",
        "b[10]: second, item 10",
        "c: third",
        "zz: not in the order: last",
    ]
    assert str(error.value) == (
        "test request: 6 problems, nothing was contacted or changed\n"
        "  - a: first\n"
        "  - b.key: second, key\n"
        "  - b[2]: second, item\n"
        "  - b[10]: second, item 10\n"
        "  - c: third\n"
        "  - zz: not in the order: last"
    )


def test_one_problem_is_counted_too():
    assert problems_message("r", ["a: bad"]) == "r: 1 problem, nothing was contacted or changed\n  - a: bad"


def test_at_most_max_problems_are_listed():
    message = problems_message("r", ["p%d" % i for i in range(MAX_PROBLEMS + 7)])
    assert message.splitlines()[0] == "r: %d problems, nothing was contacted or changed" % (MAX_PROBLEMS + 7)
    assert len(message.splitlines()) == 1 + MAX_PROBLEMS + 1
    assert message.endswith("  ... and 7 more")


def test_suggestion():
    assert suggestion("prodution", ["production", "staging"]) == " (did you mean 'production'?)"
    assert suggestion("zzz", ["production"]) == ""
    assert suggestion("x" * 100000, ["x"]) == ""
    assert suggestion(["production"], ["production"]) == ""


def test_shown_values():
    assert shown(True) == "a bool True"
    assert shown(3) == "an int 3"
    assert shown(1.5) == "a float 1.5"
    assert shown("x") == "a string 'x'"
    assert shown(["a", "b"]) == "a list of 2 item(s)"
    assert shown({"a": 1}) == "a dict of 1 item(s)"
    assert shown(None) == "a NoneType None"
    assert shown(("a",)) == "a list of 1 item(s)"
    assert shown({"a"}) == "a set of 1 item(s)"


def test_shown_names_containers_whatever_their_class():
    # ansible-core 2.19 hands filters its own subclasses (_AnsibleLazyTemplateDict...): never show their names.
    class _LazyDict(dict):
        pass

    class _LazyList(list):
        pass

    assert shown(_LazyDict(a=1)) == "a dict of 1 item(s)"
    assert shown(_LazyList([1, 2])) == "a list of 2 item(s)"


# ---------------------------------------------------------------------------------------------------- text


def test_text(checker):
    assert checker.text("a", "  acme ") == "acme"
    assert checker.text("a", None) is None
    assert checker.text("a", "", default="d") == "d"
    assert checker.text("a", "   ", default="d") == "d"
    assert checker.problems == []


@pytest.mark.parametrize("value", [None, "", "  "])
def test_required_text(checker, value):
    assert checker.text("a", value, required=True, hint="-e a=<x>") is None
    assert only_problem(checker) == "a: is required: -e a=<x>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["acme"], "a: expected a string, got a list of 1 item(s)"),
        ({"tenant": "acme"}, "a: expected a string, got a dict of 1 item(s)"),
        (True, "a: expected a string, got a bool True"),
        (42, "a: expected a string, got an int 42"),
        ("ac\nme", "a: contains a control character (line break, tab...): 'ac\\nme'"),
        ("ac\x00me", "a: contains a control character (line break, tab...): 'ac\\x00me'"),
    ],
)
def test_bad_text(checker, value, expected):
    assert checker.text("a", value) is None
    assert only_problem(checker) == expected


def test_huge_text_is_refused_with_an_excerpt(checker):
    assert checker.text("a", "A" * 1_000_000) is None
    problem = only_problem(checker)
    assert problem.startswith("a: too long: 1000000 characters (at most %d): 'AAAA" % MAX_TEXT_LENGTH)
    assert problem.endswith("... (1000002 characters)")
    assert len(problem) < 200


def test_multiline_text(checker):
    assert checker.text("a", "UPDATE x\n\tSET y = 0\r\n", multiline=True) == "UPDATE x\n\tSET y = 0"
    assert checker.text("a", "UPDATE x\x1b", multiline=True) is None
    assert only_problem(checker).startswith("a: contains a control character")


# ---------------------------------------------------------------------------------------------------- lists


def test_text_list(checker):
    assert checker.text_list("a", ["staging", " testing "]) == ["staging", "testing"]
    assert checker.text_list("a", ("staging",)) == ["staging"]
    assert checker.text_list("a", None) == []
    assert checker.text_list("a", []) == []
    assert checker.problems == []


@pytest.mark.parametrize("value", ["staging", "", "s", b"staging"])
def test_a_string_is_not_a_list(checker, value):
    assert checker.text_list("a", value) is None
    problem = only_problem(checker)
    assert problem.startswith("a: expected a list, got the string ")
    assert '(a string is not a list of its characters): give a list, -e \'{"a": ["a", "b"]}\'' in problem


@pytest.mark.parametrize(
    ("value", "shown_as"), [({"staging": True}, "a dict of 1 item(s)"), (7, "an int 7"), (True, "a bool True")]
)
def test_other_non_lists(checker, value, shown_as):
    assert checker.text_list("a", value, hint='-e \'{"a": ["x"]}\'') is None
    assert only_problem(checker) == 'a: expected a list, got %s: give a list, -e \'{"a": ["x"]}\'' % shown_as


def test_bad_items_are_each_named_and_the_good_ones_kept(checker):
    assert checker.text_list("a", ["staging", "", 3, ["x"], "testing"]) == ["staging", "testing"]
    assert checker.problems == [
        "a[1]: is empty",
        "a[2]: expected a string, got an int 3",
        "a[3]: expected a string, got a list of 1 item(s)",
    ]


def test_list_bounds(checker):
    assert checker.text_list("a", ["x"] * (MAX_ITEMS + 1)) is None
    assert only_problem(checker) == "a: too many items: %d (at most %d)" % (MAX_ITEMS + 1, MAX_ITEMS)


def test_required_list(checker):
    assert checker.text_list("a", None, required=True) is None
    assert checker.text_list("b", [], required=True) is None
    assert checker.problems == [
        'a: is required: a list, -e \'{"a": ["a", "b"]}\'',
        'b: is empty: give at least one item, -e \'{"b": ["a", "b"]}\'',
    ]


# ------------------------------------------------------------------------------------------ booleans, integers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("False", False),
        ("yes", True),
        ("no", False),
        ("on", True),
        ("off", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        (None, False),
        ("", False),
    ],
)
def test_boolean(checker, value, expected):
    assert checker.boolean("a", value) is expected
    assert checker.problems == []


@pytest.mark.parametrize(
    ("value", "shown_as"),
    [("maybe", "a string 'maybe'"), (2, "an int 2"), (["true"], "a list of 1 item(s)"), (0.5, "a float 0.5")],
)
def test_bad_boolean(checker, value, shown_as):
    assert checker.boolean("a", value) is None
    assert only_problem(checker) == "a: expected true or false, got %s" % shown_as


def test_integer(checker):
    assert checker.integer("a", 30, 16, 1, 100) == 30
    assert checker.integer("a", "30", 16, 1, 100) == 30
    assert checker.integer("a", None, 16, 1, 100) == 16
    assert checker.integer("a", "", 16, 1, 100) == 16
    assert checker.problems == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, "a: expected an integer, got a bool True"),
        ("3.5", "a: expected an integer, got a string '3.5'"),
        ("-3", "a: expected an integer, got a string '-3'"),
        (
            "9" * 5000,
            "a: expected an integer, got a string '99999999999999999999999999999999999999999999999999999999999",
        ),
        (0, "a: expected an integer from 1 to 100, got 0"),
        (101, "a: expected an integer from 1 to 100, got 101"),
        ([1], "a: expected an integer, got a list of 1 item(s)"),
    ],
)
def test_bad_integer(checker, value, expected):
    assert checker.integer("a", value, 16, 1, 100) is None
    assert only_problem(checker).startswith(expected)


# ---------------------------------------------------------------------------------------------------- points in time


@pytest.mark.parametrize(
    ("value", "utc"),
    [
        ("2026-11-17T10:30:00+01:00", "2026-11-17T09:30:00+00:00"),
        ("2026-11-17T10:30+01:00", "2026-11-17T09:30:00+00:00"),
        ("2026-11-17T09:30:00Z", "2026-11-17T09:30:00+00:00"),
        ("2026-11-17T09:30:00z", "2026-11-17T09:30:00+00:00"),
        ("2026-11-17T09:30:00.123456-05:00", "2026-11-17T14:30:00.123456+00:00"),
        (" 2026-11-18T01:00:00+01:00 ", "2026-11-18T00:00:00+00:00"),
        (_dt.datetime(2026, 11, 17, 10, 30, tzinfo=_dt.timezone(_dt.timedelta(hours=1))), "2026-11-17T09:30:00+00:00"),
    ],
)
def test_point_in_time(checker, value, utc):
    point = checker.point_in_time("a", value, required=True, now=NOW)
    assert point.astimezone(UTC).isoformat() == utc
    assert checker.problems == []


def test_now_itself_is_not_in_the_future(checker):
    assert checker.point_in_time("a", "2026-11-18T01:00:00+01:00", now=NOW) == NOW


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "2026-11-17T10:30:00",
            "a: '2026-11-17T10:30:00' has no UTC offset, which is ambiguous across daylight-saving changes: add one, "
            "e.g. 2026-11-26T14:30:00+01:00",
        ),
        (
            "yesterday",
            "a: 'yesterday' is not a strict ISO 8601 time with a UTC offset (expected e.g. 2026-11-26T14:30:00+01:00 "
            "or 2026-11-26T13:30:00Z)",
        ),
        ("now", "a: 'now' is not a strict ISO 8601 time with a UTC offset"),
        ("2026-11-17 10:30:00+01:00", "a: '2026-11-17 10:30:00+01:00' is not a strict ISO 8601 time"),
        ("20261117T103000+0100", "a: '20261117T103000+0100' is not a strict ISO 8601 time"),
        ("2026-11-17", "a: '2026-11-17' is not a strict ISO 8601 time"),
        ("2026-W47-2T10:30:00+01:00", "a: '2026-W47-2T10:30:00+01:00' is not a strict ISO 8601 time"),
        ("2026-11-17T10:30:00+0100", "a: '2026-11-17T10:30:00+0100' is not a strict ISO 8601 time"),
        ("2026-11-17T10:30:00+01:00\n", None),
        ("2026-13-17T10:30:00+01:00", "a: '2026-13-17T10:30:00+01:00' is not a valid date and time: month must be"),
        ("2026-02-30T10:30:00+01:00", "a: '2026-02-30T10:30:00+01:00' is not a valid date and time: day is out of"),
        ("2026-11-17T10:30:00+25:00", "a: '2026-11-17T10:30:00+25:00' is not a valid date and time: "),
        ("2026-11-17T24:30:00+01:00", "a: '2026-11-17T24:30:00+01:00' is not a valid date and time: "),
        (
            "2026-11-18T00:30:00Z",
            "a: 2026-11-18T00:30:00+00:00 is in the future (now is 2026-11-18T00:00:00+00:00)",
        ),
        ("2999-01-01T00:00:00+01:00", "a: 2998-12-31T23:00:00+00:00 is in the future"),
        (1763371800, "a: expected an ISO 8601 time with a UTC offset (e.g. 2026-11-26T14:30:00+01:00), got an int"),
        (
            ["2026-11-17T10:30:00+01:00"],
            "a: expected an ISO 8601 time with a UTC offset (e.g. 2026-11-26T14:30:00+01:00), got a list of 1 item(s)",
        ),
        (_dt.datetime(2026, 11, 17, 10, 30), "a: '2026-11-17 10:30:00' has no UTC offset: add one"),
        (
            _dt.date(2026, 11, 17),
            "a: expected an ISO 8601 time with a UTC offset (e.g. 2026-11-26T14:30:00+01:00), got a",
        ),
    ],
)
def test_bad_point_in_time(checker, value, expected):
    point = checker.point_in_time("a", value, required=True, now=NOW)
    if expected is None:  # stripped: a trailing line break of a vars file is not a problem
        assert point is not None and checker.problems == []
        return
    assert point is None
    assert only_problem(checker).startswith(expected)


def test_huge_point_in_time_is_shown_as_an_excerpt(checker):
    assert checker.point_in_time("a", "2026-11-17T10:30:00+01:00" * 40000, now=NOW) is None
    problem = only_problem(checker)
    assert problem.endswith(
        "... (1000002 characters) is not a strict ISO 8601 time with a UTC offset (expected e.g. "
        "2026-11-26T14:30:00+01:00 or 2026-11-26T13:30:00Z)"
    )
    assert len(problem) < 250


def test_required_point_in_time(checker):
    assert checker.point_in_time("a", None, required=True, hint="the time to restore") is None
    assert checker.point_in_time("b", "") is None
    assert checker.problems == [
        "a: is required: ISO 8601 with a UTC offset, e.g. 2026-11-26T14:30:00+01:00; the time to restore"
    ]


# ---------------------------------------------------------------------------------------------------- one_of


def test_one_of(checker):
    assert checker.one_of("a", "v1", ["v1", "v2"], "a version") == "v1"
    assert checker.one_of("a", None, ["v1"], "a version") is None
    assert checker.one_of("a", "v22", ["v1", "v2"], "a version") is None
    assert checker.one_of("b", "x", [], "a version") is None
    assert checker.problems == [
        "a: 'v22' is not a version (known: v1, v2) (did you mean 'v2'?)",
        "b: 'x' is not a version (known: none)",
    ]


# ---------------------------------------------------------------------------------------------------- AWX jobs


@pytest.mark.parametrize(
    "job_vars, expected",
    [
        ({}, None),
        ({"awx_job_id": None, "tower_job_id": None}, None),
        ({"inventory_hostname": "localhost"}, None),
        ({"awx_job_id": 7}, 7),
        ({"tower_job_id": "x"}, "x"),
        ({"awx_job_id": 0}, 0),
        ({"awx_job_id": None, "tower_job_id": 12}, 12),
        ({"awx_job_id": 3, "tower_job_id": 12}, 3),
    ],
)
def test_awx_job_id(job_vars, expected):
    assert awx_job_id(job_vars) == expected
