# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import datetime as dt
import inspect
import os
from zoneinfo import ZoneInfo

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.filter import service_calendar as plugin

SERVICE_HOURS = {
    "timezone": "Europe/Paris",
    "days": ["mon", "tue", "wed", "thu", "fri"],
    "start": "08:00",
    "end": "18:00",
    "holidays": {"country": "FR", "subdivision": "57"},
}
WINDOWS = {
    "nonprod": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "19:00", "end": "07:00"}],
    "prod": [{"days": ["sat"], "start": "20:00", "end": "06:00"}, {"days": ["sun"], "start": "06:00", "end": "14:00"}],
}
FILTERS = plugin.FilterModule().filters()


def test_filters_are_registered():
    assert sorted(FILTERS) == ["in_maintenance_window", "is_service_time", "service_seconds"]


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_each_filter_has_matching_documentation(name):
    path = os.path.join(os.path.dirname(plugin.__file__), name + ".yml")
    with open(path, encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)
    assert sorted(doc) == ["DOCUMENTATION", "EXAMPLES", "RETURN"]
    assert doc["DOCUMENTATION"]["name"] == name
    positional = [p.strip() for p in doc["DOCUMENTATION"]["positional"].split(",")]
    assert positional == ["_input"] + list(inspect.signature(FILTERS[name]).parameters)[1:]
    assert set(positional) == set(doc["DOCUMENTATION"]["options"])


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-04-07T10:00:00+02:00", True),
        ("2026-04-03T10:00:00+02:00", False),  # Good Friday in Alsace-Moselle
        ("2026-07-14T08:00:00Z", False),  # 14 July
        ("2026-03-30T06:00:00Z", True),  # Monday 08:00 summer time
        (dt.datetime(2026, 3, 27, 17, 59, tzinfo=ZoneInfo("Europe/Paris")), True),
    ],
)
def test_is_service_time(value, expected):
    assert FILTERS["is_service_time"](value, SERVICE_HOURS) is expected


def test_is_service_time_rejects_naive_timestamp():
    with pytest.raises(
        AnsibleFilterError, match=r"^is_service_time: input: timestamp '2026-04-07T10:00:00' has no UTC"
    ):
        FILTERS["is_service_time"]("2026-04-07T10:00:00", SERVICE_HOURS)


def test_is_service_time_rejects_bad_settings():
    bad = dict(SERVICE_HOURS, days=["mon", "fry"])
    with pytest.raises(
        AnsibleFilterError, match=r"^is_service_time: invalid settings: service_hours\.days\[1\]: expected one of mon"
    ):
        FILTERS["is_service_time"]("2026-04-07T10:00:00Z", bad)


@pytest.mark.parametrize(
    "value, expected",
    [
        (["2026-04-01T00:00:00+02:00", "2026-05-01T00:00:00+02:00"], 720000),  # 20 service days
        (["2026-04-10T17:00:00+02:00", "2026-04-13T09:00:00+02:00"], 7200),  # Friday evening to Monday morning
        (("2026-03-27T12:00:00+01:00", "2026-03-30T12:00:00+02:00"), 36000),  # spring-forward weekend
    ],
)
def test_service_seconds(value, expected):
    assert FILTERS["service_seconds"](value, SERVICE_HOURS) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        (
            "2026-04-01T00:00:00Z",
            r"^service_seconds: input: expected a list \[start, end\], got '2026-04-01T00:00:00Z'$",
        ),
        (["2026-04-01T00:00:00Z"], r"^service_seconds: input: expected a list \[start, end\]"),
        (["2026-04-01T00:00:00Z", "2026-05-01"], r"^service_seconds: service_seconds: input\[1\] \(end\): timestamp "),
        (["2026-05-01T00:00:00Z", "2026-04-01T00:00:00Z"], r"^service_seconds: end \(2026-04-01T00:00:00\+00:00\) is "),
    ],
)
def test_service_seconds_errors(value, message):
    with pytest.raises(AnsibleFilterError, match=message):
        FILTERS["service_seconds"](value, SERVICE_HOURS)


def test_in_maintenance_window_returns_the_window():
    window = FILTERS["in_maintenance_window"]("2026-03-28T23:00:00+01:00", "prod", SERVICE_HOURS, WINDOWS)
    assert window == {"start": "2026-03-28T20:00:00+01:00", "end": "2026-03-29T06:00:00+02:00", "ring": "prod"}


def test_in_maintenance_window_returns_none_outside():
    assert FILTERS["in_maintenance_window"]("2026-03-27T14:00:00+01:00", "prod", SERVICE_HOURS, WINDOWS) is None


def test_in_maintenance_window_unknown_ring():
    with pytest.raises(AnsibleFilterError, match=r"^in_maintenance_window: unknown ring 'production': no maintenance"):
        FILTERS["in_maintenance_window"]("2026-03-28T23:00:00Z", "production", SERVICE_HOURS, WINDOWS)


def test_in_maintenance_window_bad_windows():
    bad = dict(WINDOWS, prod=[{"days": ["wed"], "start": "12:00", "end": "13:00"}])
    with pytest.raises(
        AnsibleFilterError,
        match=r"^in_maintenance_window: invalid settings: maintenance_windows\.prod"
        r"\[0\]: expected a window outside service hours",
    ):
        FILTERS["in_maintenance_window"]("2026-03-28T23:00:00Z", "prod", SERVICE_HOURS, bad)
