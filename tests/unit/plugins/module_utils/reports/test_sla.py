# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import ServiceCalendar
from ansible_collections.divalto.cloud.plugins.module_utils.reports.sla import (
    SlaError,
    compute_sla,
    load_outages,
    merge_intervals,
    parse_outages,
    problems_message,
)

PARIS = ZoneInfo("Europe/Paris")
HOUR = 3600
DAY = 10 * HOUR
APRIL_2026 = 20 * DAY  # 22 weekdays - Good Friday - Easter Monday
ENV = "acme_production"


def service_hours(subdivision="57"):
    holidays = {"country": "FR", "subdivision": subdivision} if subdivision else {"country": "FR"}
    return {
        "timezone": "Europe/Paris",
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "start": "08:00",
        "end": "18:00",
        "holidays": holidays,
    }


@pytest.fixture(scope="module")
def cal():
    return ServiceCalendar.from_settings(service_hours())


def paris(*args):
    return dt.datetime(*args, tzinfo=PARIS)


def outage(start, end, environment=ENV, severity="critical", planned=False, waiver_reason=None):
    return {
        "environment": environment,
        "start": start,
        "end": end,
        "severity": severity,
        "planned": planned,
        "waiver_reason": waiver_reason,
    }


def april(cal, *records, environments=None):
    report = compute_sla(parse_outages(records), cal, paris(2026, 4, 1), paris(2026, 5, 1), environments=environments)
    return report["environments"]


def lost(cal, *records):
    return april(cal, *records)[ENV]["months"]["2026-04"]["outage_seconds"]


# ------------------------------------------------------------------------------------------------------ parsing

CSV_TEXT = """environment,start,end,severity,planned,waiver_reason,id
acme_production,2026-04-01T17:30:00+02:00,2026-04-02T09:00:00+02:00,critical,false,,INC-1
acme_production,2026-04-30T17:00:00Z,,Critical,yes,"patch night, agreed",INC-2
"""


def test_parse_csv_rows():
    first, second = parse_outages(csv.DictReader(io.StringIO(CSV_TEXT)), source="outages.csv")
    assert first.start == paris(2026, 4, 1, 17, 30) and first.end == paris(2026, 4, 2, 9, 0)
    assert (first.planned, first.waiver_reason, first.severity) == (False, None, "critical")
    assert first.record == "outages.csv record 0 (id INC-1)"
    assert second.end is None  # open
    assert (second.planned, second.waiver_reason, second.severity) == (True, "patch night, agreed", "critical")


def test_parse_json_objects():
    records = json.loads(
        '[{"environment": "acme_staging", "start": "2026-04-07T08:00:00Z", "end": null,'
        ' "severity": "major", "planned": true}]'
    )
    (parsed,) = parse_outages(records, source="outages.json")
    assert (parsed.environment, parsed.end, parsed.planned, parsed.counts) == ("acme_staging", None, True, False)


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {"start": "2026-04-02T10:00:00"},
            r"^outages\.json record 1: field 'start': timestamp '2026-04-02T10:00:00' has no UTC offset; add one such "
            r"as '\+01:00' or 'Z'$",
        ),
        ({"end": "2026-04-02 10:00"}, r"^outages\.json record 1: field 'end': timestamp '2026-04-02 10:00' has no UTC"),
        ({"end": "soon"}, r"^outages\.json record 1: field 'end': 'soon' is not an ISO-8601 timestamp"),
        (
            {"end": "2026-04-02T08:59:59+02:00"},
            r"^outages\.json record 1 \(environment acme_production\): end 2026-04-02T08:59:59\+02:00 is before start "
            r"2026-04-02T09:00:00\+02:00$",
        ),
        ({"severity": ""}, r"^outages\.json record 1: field 'severity' is required$"),
        ({"environment": None}, r"^outages\.json record 1: field 'environment' is required$"),
        ({"environment": 7}, r"^outages\.json record 1: field 'environment': expected a string, got 7$"),
        ({"planned": "maybe"}, r"^outages\.json record 1: field 'planned': expected true or false, got 'maybe'$"),
        ({"waiver_reason": 3}, r"^outages\.json record 1: field 'waiver_reason': expected a string, got 3$"),
        ({"waiver": "agreed"}, r"^outages\.json record 1: unknown field 'waiver' \(known fields: environment, start"),
        ({"id": "INC-9", "planned": 2}, r"^outages\.json record 1 \(id INC-9\): field 'planned': expected true or"),
    ],
)
def test_parse_errors_name_the_record_and_field(change, message):
    good = outage("2026-04-01T09:00:00+02:00", "2026-04-01T10:00:00+02:00")
    bad = dict(outage("2026-04-02T09:00:00+02:00", "2026-04-02T10:00:00+02:00"), **change)
    with pytest.raises(SlaError, match=message):
        parse_outages([good, bad], source="outages.json")


def test_parse_rejects_non_mapping():
    with pytest.raises(
        SlaError, match=r"^outages record 0: expected a mapping with fields environment, start, severity"
    ):
        parse_outages([["acme_production", "2026-04-01T09:00:00Z"]])


def test_parse_lists_every_problem_of_every_record():
    records = [
        outage("2026-04-01T09:00:00", "soon", environment="acme_prod"),
        outage("2026-04-01T09:00:00+02:00", "2026-04-01T10:00:00+02:00", severity=""),
    ]
    with pytest.raises(SlaError) as info:
        parse_outages(records, source="outages.json", known_environments=[ENV])
    assert info.value.problems == [
        "outages.json record 0: field 'start': timestamp '2026-04-01T09:00:00' has no UTC offset; add one such as"
        " '+01:00' or 'Z'",
        "outages.json record 0: field 'end': 'soon' is not an ISO-8601 timestamp (expected e.g."
        " '2026-03-29T08:00:00+02:00' or '...Z')",
        "outages.json record 0: environment 'acme_prod' is not an environment of the inventory (did you mean"
        " 'acme_production'?)",
        "outages.json record 1: field 'severity' is required",
    ]
    assert str(info.value).splitlines()[0] == "outages.json: 4 problems"


def test_known_environments_not_reported_are_accepted():
    (parsed,) = parse_outages(
        [outage("2026-04-01T09:00:00Z", None, environment="acme_staging")], known_environments=[ENV, "acme_staging"]
    )
    assert parsed.environment == "acme_staging"


def test_problems_message_is_bounded():
    assert problems_message("x.csv", ["only one"]) == "only one"
    text = problems_message("x.csv", ["p%d" % i for i in range(5)], limit=2)
    assert text == "x.csv: 5 problems\n  - p0\n  - p1\n  ... and 3 more"


def test_load_csv_names_lines_and_columns():
    data = (CSV_TEXT + "acme_production,2026-04-02T10:00:00,,critical,false,,INC-3\n").encode()
    with pytest.raises(SlaError, match=r"^outages\.csv line 4 \(record 2, id INC-3\): column 'start': timestamp"):
        load_outages(data, "outages.csv")


def test_load_counts_lines_of_quoted_multiline_fields():
    data = (
        b"environment,start,end,severity,description\n"
        b'acme_production,2026-04-01T09:00:00Z,,critical,"two\nlines"\n'
        b"\n"
        b"acme_production,2026-04-01T09:00:00,,critical,\n"
    )
    with pytest.raises(SlaError, match=r"^outages\.csv line 5 \(record 1\): column 'start'"):
        load_outages(data, "outages.csv")


def test_load_valid_csv_is_unchanged():
    first, second = load_outages(CSV_TEXT.encode(), "outages.csv", known_environments=[ENV])
    assert first.record == "outages.csv line 2 (record 0, id INC-1)"
    assert second.end is None and second.waiver_reason == "patch night, agreed"


def test_load_allows_empty_only_when_asked():
    with pytest.raises(SlaError, match=r"^outages\.csv: a header line and no outage; a report without any outage"):
        load_outages(b"environment,start,end,severity\n", "outages.csv")
    assert load_outages(b"environment,start,end,severity\n", "outages.csv", allow_empty=True) == []
    assert load_outages(b"", "outages.json", allow_empty=True) == []


def test_load_reports_the_first_undecodable_line():
    data = b"environment,start,end,severity\nacme_production,2026-04-01T09:00:00Z,,critical\n"
    data += "acme_production,2026-04-02T09:00:00Z,,critiqu\u00e9\n".encode("cp1252")
    with pytest.raises(SlaError, match=r"^outages\.csv line 3: not UTF-8 \(byte 0xe9 at byte 46 of the line\)"):
        load_outages(data, "outages.csv")


def test_merge_intervals():
    assert merge_intervals([(5, 6), (1, 3), (2, 4), (4, 5), (8, 9)]) == [(1, 6), (8, 9)]


# ------------------------------------------------------------------------------------------------------ outages


def test_outage_across_a_night(cal):
    # Wednesday 17:30 to Thursday 09:00: 30 min + 1 h
    assert lost(cal, outage("2026-04-01T17:30:00+02:00", "2026-04-02T09:00:00+02:00")) == 1.5 * HOUR


def test_outage_across_a_weekend(cal):
    # Friday 17:00 to Monday 09:00 (10 and 13 April, no holiday): 1 h + 1 h
    assert lost(cal, outage("2026-04-10T17:00:00+02:00", "2026-04-13T09:00:00+02:00")) == 2 * HOUR


def test_outage_spanning_good_friday_easter_weekend():
    record = outage("2026-04-02T17:00:00+02:00", "2026-04-07T08:30:00+02:00")
    moselle = ServiceCalendar.from_settings(service_hours("57"))
    national = ServiceCalendar.from_settings(service_hours(None))
    # Thursday 17:00-18:00, Good Friday free (Alsace-Moselle), weekend, Easter Monday, Tuesday 08:00-08:30
    assert lost(moselle, record) == 1.5 * HOUR
    # nationally Good Friday is a working day: 10 h more
    assert lost(national, record) == 11.5 * HOUR


def test_overlapping_outages_are_merged(cal):
    assert (
        lost(
            cal,
            outage("2026-04-08T10:00:00+02:00", "2026-04-08T11:00:00+02:00"),
            outage("2026-04-08T10:30:00+02:00", "2026-04-08T12:00:00+02:00"),
            outage("2026-04-08T10:45:00+02:00", "2026-04-08T10:50:00+02:00"),
        )
        == 2 * HOUR
    )


def test_adjacent_outages_are_merged_and_counted_once(cal):
    assert (
        lost(
            cal,
            outage("2026-04-08T10:00:00+02:00", "2026-04-08T11:00:00+02:00"),
            outage("2026-04-08T09:00:00Z", "2026-04-08T10:00:00Z"),  # 11:00-12:00 Paris
        )
        == 2 * HOUR
    )


def test_outages_of_other_environments_are_not_merged(cal):
    report = april(
        cal,
        outage("2026-04-08T10:00:00+02:00", "2026-04-08T11:00:00+02:00"),
        outage("2026-04-08T10:00:00+02:00", "2026-04-08T11:00:00+02:00", environment="beta_production"),
    )
    assert sorted(report) == [ENV, "beta_production"]
    assert [report[e]["total"]["outage_seconds"] for e in sorted(report)] == [HOUR, HOUR]


@pytest.mark.parametrize(
    "severity, planned, waiver, counted",
    [
        ("critical", False, None, HOUR),
        ("CRITICAL", False, None, HOUR),
        ("major", False, None, 0),
        ("minor", True, None, 0),
        ("critical", True, None, HOUR),  # planned maintenance inside service hours counts...
        ("critical", True, "  ", HOUR),  # ...a blank waiver is no waiver...
        ("critical", True, "CAB-12: migration asked by the client", 0),  # ...a waiver excludes it
        ("critical", False, "CAB-12", HOUR),  # a waiver on an unplanned outage has no effect
    ],
)
def test_what_counts(cal, severity, planned, waiver, counted):
    record = outage(
        "2026-04-08T10:00:00+02:00",
        "2026-04-08T11:00:00+02:00",
        severity=severity,
        planned=planned,
        waiver_reason=waiver,
    )
    assert lost(cal, record) == counted


def test_open_outage_is_clipped_to_the_report_end(cal):
    # Thursday 30 April 17:00 Paris, still open: 1 h until 18:00, then nothing until the end of the report
    assert lost(cal, outage("2026-04-30T15:00:00Z", None)) == HOUR


def test_outage_before_the_period_is_clipped(cal):
    # Tuesday 31 March 17:00 to Wednesday 1 April 09:00: only the April hour counts
    assert lost(cal, outage("2026-03-31T17:00:00+02:00", "2026-04-01T09:00:00+02:00")) == HOUR


# ------------------------------------------------------------------------------------------------------ totals


def test_month_budget_boundary_is_compliant(cal):
    # 0.6 % of 200 h = 72 min exactly
    report = april(cal, outage("2026-04-08T10:00:00+02:00", "2026-04-08T11:12:00+02:00"))[ENV]["months"]["2026-04"]
    assert report == {
        "service_seconds": APRIL_2026,
        "outage_seconds": 72 * 60,
        "availability": 0.994,
        "compliant": True,
    }


def test_one_second_over_budget_is_not_compliant(cal):
    report = april(cal, outage("2026-04-08T10:00:00+02:00", "2026-04-08T11:12:01+02:00"))[ENV]["total"]
    assert report["outage_seconds"] == 72 * 60 + 1
    assert report["availability"] == pytest.approx(1 - 4321 / APRIL_2026)
    assert report["compliant"] is False


def test_year_and_month_totals(cal):
    records = parse_outages(
        [
            outage("2026-04-08T10:00:00+02:00", "2026-04-08T12:00:00+02:00"),  # 2 h in April
            outage("2026-07-13T17:00:00+02:00", "2026-07-15T09:00:00+02:00"),  # 1 h + 14 July + 1 h in July
        ]
    )
    report = compute_sla(records, cal, paris(2026, 1, 1), paris(2027, 1, 1))
    env = report["environments"][ENV]
    assert list(env["months"]) == ["2026-%02d" % m for m in range(1, 13)]
    assert env["months"]["2026-07"]["service_seconds"] == 22 * DAY  # 23 weekdays - 14 July
    assert env["months"]["2026-07"]["outage_seconds"] == 2 * HOUR
    assert env["months"]["2026-03"] == {
        "service_seconds": 22 * DAY,
        "outage_seconds": 0,
        "availability": 1.0,
        "compliant": True,
    }
    year = env["years"]["2026"]
    assert year["service_seconds"] == 251 * DAY
    assert year["outage_seconds"] == 4 * HOUR
    assert year["availability"] == pytest.approx(1 - 4 / 2510)
    assert year["compliant"] is True
    assert env["total"] == year
    assert report["period"] == {"start": "2026-01-01T00:00:00+01:00", "end": "2027-01-01T00:00:00+01:00"}
    assert report["target"] == 0.994


def test_period_across_two_years(cal):
    report = compute_sla([], cal, paris(2025, 12, 1), paris(2026, 2, 1), environments=[ENV])["environments"][ENV]
    # December 2025: 23 weekdays - 25 and 26 December; January 2026: 22 weekdays - 1 January
    assert {k: v["service_seconds"] for k, v in report["months"].items()} == {"2025-12": 21 * DAY, "2026-01": 21 * DAY}
    assert {k: v["service_seconds"] for k, v in report["years"].items()} == {"2025": 21 * DAY, "2026": 21 * DAY}


def test_partial_month_is_cut_to_the_period(cal):
    report = compute_sla([], cal, paris(2026, 4, 15), paris(2026, 5, 1), environments=[ENV])["environments"][ENV]
    assert report["months"]["2026-04"]["service_seconds"] == 12 * DAY


def test_no_service_time_means_full_availability(cal):
    # a weekend: nothing promised, so an outage costs nothing
    records = parse_outages([outage("2026-04-04T09:00:00+02:00", "2026-04-05T09:00:00+02:00")])
    total = compute_sla(records, cal, paris(2026, 4, 4), paris(2026, 4, 6))["environments"][ENV]["total"]
    assert total == {"service_seconds": 0, "outage_seconds": 0, "availability": 1.0, "compliant": True}


def test_requested_environments(cal):
    report = april(
        cal,
        outage("2026-04-08T10:00:00+02:00", "2026-04-08T11:00:00+02:00", environment="other_production"),
        environments=[ENV, "beta_production"],
    )
    assert sorted(report) == [ENV, "beta_production"]
    assert report[ENV]["total"]["availability"] == 1.0


def test_custom_target(cal):
    records = parse_outages([outage("2026-04-08T10:00:00+02:00", "2026-04-08T11:12:00+02:00")])
    report = compute_sla(records, cal, paris(2026, 4, 1), paris(2026, 5, 1), target=0.995)
    assert report["environments"][ENV]["total"]["compliant"] is False


@pytest.mark.parametrize(
    "start, end, target, message",
    [
        (paris(2026, 5, 1), paris(2026, 4, 1), 0.994, r"^period_end \(2026-03-31T22:00:00\+00:00\) must be after"),
        (dt.datetime(2026, 4, 1), paris(2026, 5, 1), 0.994, r"^period_start: naive datetime 2026-04-01T00:00:00 has"),
        (paris(2026, 4, 1), paris(2026, 5, 1), 99.4, r"^target: expected a number between 0 and 1, got 99\.4$"),
    ],
)
def test_compute_errors(cal, start, end, target, message):
    with pytest.raises(SlaError, match=message):
        compute_sla([], cal, start, end, target=target)


def test_raw_records_are_parsed(cal):
    records = [outage("2026-04-08T10:00:00+02:00", "2026-04-08T11:00:00+02:00")]
    report = compute_sla(records, cal, paris(2026, 4, 1), paris(2026, 5, 1))
    assert report["environments"][ENV]["total"]["outage_seconds"] == HOUR


def test_environments_must_be_a_list(cal):
    with pytest.raises(SlaError, match=r"^environments: expected a list of environment names, got the string 'acme'$"):
        compute_sla([], cal, paris(2026, 4, 1), paris(2026, 5, 1), environments="acme")
