# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

import json
import pathlib
import shutil

import pytest
from ansible.module_utils.testing import patch_module_args

from ansible_collections.divalto.cloud.plugins.modules import sla_report as module

FIXTURES = pathlib.Path(__file__).parents[1] / "module_utils" / "fixtures" / "sla"
SERVICE_HOURS = {
    "timezone": "Europe/Paris",
    "days": ["mon", "tue", "wed", "thu", "fri"],
    "start": "08:00",
    "end": "18:00",
    "holidays": {"country": "FR", "subdivision": "57"},
}
ENVIRONMENTS = ["acme_production", "beta_production", "cobalt_production"]
# The fixture has an outage of acme_staging: known, not reported.
KNOWN = ENVIRONMENTS + ["acme_staging"]
HEADER = "environment,start,end,severity,planned,waiver_reason\n"
GOOD_ROW = "acme_production,2026-04-08T10:00:00+02:00,2026-04-08T11:00:00+02:00,critical,false,\n"


def run(capsys, tmp_path, **args):
    params = {
        "outages": str(FIXTURES / "outages.csv"),
        "service_hours": SERVICE_HOURS,
        "environments": ENVIRONMENTS,
        "known_environments": KNOWN,
        "period_start": "2026-03-01T00:00:00+01:00",
        "period_end": "2026-05-01T00:00:00+02:00",
        "dest": str(tmp_path / "reports"),
    }
    params.update(args)
    with patch_module_args(params), pytest.raises(SystemExit) as exit_info:
        module.main()
    result = json.loads(capsys.readouterr().out)
    assert ("failed" in result) == (exit_info.value.code == 1)
    return result


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_writes_the_three_files_and_is_idempotent(capsys, tmp_path):
    result = run(capsys, tmp_path)
    assert "failed" not in result and result["changed"] is True
    dest = tmp_path / "reports"
    assert result["files"] == [str(dest / n) for n in ("sla.csv", "sla.html", "sla.json")]
    assert result["changed_files"] == result["files"]
    assert (dest / "sla.csv").read_text() == (FIXTURES / "sla.csv").read_text()
    assert (dest / "sla.html").read_text() == (FIXTURES / "sla.html").read_text()
    assert json.loads((dest / "sla.json").read_text()) == result["report"]
    assert (dest / "sla.csv").stat().st_mode & 0o777 == 0o644
    assert result["non_compliant"] == []
    assert result["msg"] == (
        "3 environments, 0 below 99.4 % over 2026-03-01T00:00:00+01:00 to 2026-05-01T00:00:00+02:00"
    )
    again = run(capsys, tmp_path)
    assert again["changed"] is False and again["changed_files"] == []


def test_check_mode_computes_and_writes_nothing(capsys, tmp_path):
    result = run(capsys, tmp_path, _ansible_check_mode=True)
    assert result["changed"] is True
    assert result["report"]["environments"]["acme_production"]["months"]["2026-04"]["outage_seconds"] == 5400
    assert not (tmp_path / "reports").exists()


def test_json_export_and_target(capsys, tmp_path):
    records = [
        {
            "environment": "beta_production",
            "start": "2026-04-08T10:00:00+02:00",
            "end": "2026-04-08T11:13:00+02:00",
            "severity": "critical",
        }
    ]
    path = write(tmp_path, "outages.json", json.dumps(records))
    result = run(
        capsys,
        tmp_path,
        outages=path,
        period_start="2026-04-01T00:00:00+02:00",
        target=0.995,
        environments=["beta_production"],
    )
    assert result["non_compliant"] == ["beta_production"]
    assert result["msg"].startswith("1 environments, 1 below 99.5 % over 2026-04-01T00:00:00+02:00")


def test_missing_file(capsys, tmp_path):
    result = run(capsys, tmp_path, outages=str(tmp_path / "nowhere.csv"))
    assert result["msg"] == "outages: file not found: %s" % (tmp_path / "nowhere.csv")


def test_unknown_extension(capsys, tmp_path):
    path = write(tmp_path, "outages.txt", HEADER)
    assert run(capsys, tmp_path, outages=path)["msg"] == "outages: expected a .csv or .json file, got %s" % path


def test_csv_row_with_too_many_fields_names_the_line(capsys, tmp_path):
    path = write(tmp_path, "outages.csv", HEADER + GOOD_ROW + GOOD_ROW.strip() + ",extra\n")
    assert run(capsys, tmp_path, outages=path)["msg"] == "outages.csv line 3 (record 1): 7 fields, the header has 6"


def test_bad_csv_row_names_the_record(capsys, tmp_path):
    path = write(tmp_path, "outages.csv", HEADER + GOOD_ROW + "acme_production,,,critical,false,\n")
    assert run(capsys, tmp_path, outages=path)["msg"] == "outages.csv line 3 (record 1): column 'start' is required"


def test_naive_timestamp_in_the_export(capsys, tmp_path):
    path = write(tmp_path, "outages.csv", HEADER + GOOD_ROW.replace("T10:00:00+02:00", "T10:00:00"))
    assert run(capsys, tmp_path, outages=path)["msg"] == (
        "outages.csv line 2 (record 0): column 'start': timestamp '2026-04-08T10:00:00' has no UTC offset;"
        " add one such as '+01:00' or 'Z'"
    )


def test_naive_period(capsys, tmp_path):
    assert run(capsys, tmp_path, period_end="2026-05-01")["msg"] == (
        "period_end: timestamp '2026-05-01' has no UTC offset; add one such as '+01:00' or 'Z'"
    )


def test_end_before_start(capsys, tmp_path):
    path = write(tmp_path, "outages.csv", HEADER + GOOD_ROW.replace("T11:00:00", "T09:00:00"))
    assert run(capsys, tmp_path, outages=path)["msg"] == (
        "outages.csv line 2 (record 0, environment acme_production): end 2026-04-08T09:00:00+02:00 is before start"
        " 2026-04-08T10:00:00+02:00"
    )


def test_period_end_before_start(capsys, tmp_path):
    assert run(capsys, tmp_path, period_end="2026-02-01T00:00:00+01:00")["msg"] == (
        "period_end (2026-01-31T23:00:00+00:00) must be after period_start (2026-02-28T23:00:00+00:00)"
    )


def test_invalid_json(capsys, tmp_path):
    path = write(tmp_path, "outages.json", "[{")
    assert run(capsys, tmp_path, outages=path)["msg"].startswith("outages.json: not valid JSON: ")


def test_json_not_a_list(capsys, tmp_path):
    path = write(tmp_path, "outages.json", "{}")
    assert run(capsys, tmp_path, outages=path)["msg"] == (
        "outages.json: expected a JSON list of outage objects, got {}"
    )


def test_bad_service_hours(capsys, tmp_path):
    result = run(capsys, tmp_path, service_hours=dict(SERVICE_HOURS, end="07:00"))
    assert result["msg"].startswith("service_hours.end: expected a time after service_hours.start (08:00)")


def test_dest_is_a_file(capsys, tmp_path):
    path = write(tmp_path, "reports", "")
    assert run(capsys, tmp_path, dest=path)["msg"] == "dest: %s exists and is not a directory" % path


def test_only_changed_files_are_rewritten(capsys, tmp_path):
    run(capsys, tmp_path)
    dest = tmp_path / "reports"
    (dest / "sla.html").write_text("old")
    shutil.copy(FIXTURES / "sla.csv", dest / "sla.csv")
    result = run(capsys, tmp_path)
    assert result["changed_files"] == [str(dest / "sla.html")]


# ------------------------------------------------------------------------------------- refused exports (#14)


def test_csv_without_an_end_column_is_refused(capsys, tmp_path):
    # without it every outage would be open-ended, clipped to the end of the period
    path = write(
        tmp_path, "outages.csv", "environment,start,severity\nacme_production,2026-04-08T10:00:00+02:00,critical\n"
    )
    result = run(capsys, tmp_path, outages=path)
    assert result["msg"] == (
        "outages.csv line 1: missing column end (the header needs environment, start, end, severity;"
        " an empty end means an outage still open)"
    )
    assert not (tmp_path / "reports").exists()


def test_missing_and_unknown_columns_are_named_together(capsys, tmp_path):
    path = write(tmp_path, "outages.csv", "environment,begin,finish,severity\n")
    assert run(capsys, tmp_path, outages=path)["problems"] == [
        "outages.csv line 1: missing columns start, end (the header needs environment, start, end, severity;"
        " an empty end means an outage still open)",
        "outages.csv line 1: unknown columns 'begin', 'finish' (known columns: environment, start, severity, end,"
        " planned, waiver_reason, id, description)",
    ]


def test_json_object_without_end_is_refused(capsys, tmp_path):
    record = {"environment": "acme_production", "start": "2026-04-08T10:00:00+02:00", "severity": "critical"}
    path = write(tmp_path, "outages.json", json.dumps([record]))
    assert run(capsys, tmp_path, outages=path)["msg"] == (
        "outages.json record 0: field 'end' is missing: give it empty (null in JSON) for an outage still open,"
        " never leave it out"
    )


def test_unknown_environment_is_an_error_not_dropped(capsys, tmp_path):
    path = write(tmp_path, "outages.csv", HEADER + GOOD_ROW.replace("acme_production", "acme_prodution"))
    result = run(capsys, tmp_path, outages=path)
    assert result["msg"] == (
        "outages.csv line 2 (record 0): environment 'acme_prodution' is not an environment of the inventory"
        " (did you mean 'acme_production'?)"
    )


def test_known_environments_default_to_the_reported_ones(capsys, tmp_path):
    result = run(capsys, tmp_path, known_environments=None)
    assert result["msg"] == (
        "outages.csv line 7 (record 5, id INC-6): environment 'acme_staging' is not an environment of the inventory"
    )


def test_reported_environments_must_be_known(capsys, tmp_path):
    result = run(capsys, tmp_path, known_environments=["acme_production"])
    assert result["msg"] == (
        "environments: beta_production, cobalt_production not in known_environments;"
        " report only environments of the inventory"
    )


@pytest.mark.parametrize(
    "name, text, what",
    [
        ("outages.csv", "", "the file is empty"),
        ("outages.csv", "\n\n", "the file is empty"),
        ("outages.csv", HEADER, "a header line and no outage"),
        ("outages.json", "[]", "an empty list"),
        ("outages.json", "", "the file is empty"),
    ],
)
def test_an_export_without_outages_is_refused_unless_allowed(capsys, tmp_path, name, text, what):
    path = write(tmp_path, name, text)
    assert run(capsys, tmp_path, outages=path)["msg"] == (
        "%s: %s; a report without any outage needs allow_empty=true (playbook: -e sla_report_allow_empty=true),"
        " so that an empty or truncated export never passes for 100 %% availability" % (name, what)
    )
    result = run(capsys, tmp_path, outages=path, allow_empty=True)
    assert "failed" not in result and result["non_compliant"] == []
    assert {env["total"]["availability"] for env in result["report"]["environments"].values()} == {1.0}


def test_latin1_export_names_the_file_and_line(capsys, tmp_path):
    path = tmp_path / "outages.csv"
    path.write_bytes((HEADER + GOOD_ROW + GOOD_ROW.replace(",\n", "planned, caf\u00e9\n")).encode("latin-1"))
    assert run(capsys, tmp_path, outages=str(path))["msg"] == (
        "outages.csv line 3: not UTF-8 (byte 0xe9 at byte 95 of the line); save the export as UTF-8"
        " (it looks like Latin-1 or Windows-1252)"
    )


def test_utf8_with_a_byte_order_mark_is_read(capsys, tmp_path):
    path = tmp_path / "outages.csv"
    path.write_bytes(("\ufeff" + HEADER + GOOD_ROW).encode("utf-8"))
    result = run(capsys, tmp_path, outages=str(path))
    assert result["report"]["environments"]["acme_production"]["total"]["outage_seconds"] == 3600


def test_every_problem_of_the_file_is_listed_at_once(capsys, tmp_path):
    rows = [
        GOOD_ROW,
        GOOD_ROW.replace("T10:00:00+02:00", "T10:00:00"),  # line 3: naive start
        GOOD_ROW.replace("acme_production", "acme_prod"),  # line 4: unknown environment
        GOOD_ROW.strip() + ",extra\n",  # line 5: too many fields
        GOOD_ROW.replace("false", "maybe").replace("T11:00:00+02:00", "tomorrow"),  # line 6: two problems
    ]
    result = run(capsys, tmp_path, outages=write(tmp_path, "outages.csv", HEADER + "".join(rows)))
    assert result["msg"] == "\n".join(
        [
            "outages.csv: 5 problems",
            "  - outages.csv line 3 (record 1): column 'start': timestamp '2026-04-08T10:00:00' has no UTC offset;"
            " add one such as '+01:00' or 'Z'",
            "  - outages.csv line 4 (record 2): environment 'acme_prod' is not an environment of the inventory"
            " (did you mean 'acme_production'?)",
            "  - outages.csv line 5 (record 3): 7 fields, the header has 6",
            "  - outages.csv line 6 (record 4): column 'end': '2026-04-08tomorrow' is not an ISO-8601 timestamp"
            " (expected e.g. '2026-03-29T08:00:00+02:00' or '...Z')",
            "  - outages.csv line 6 (record 4): column 'planned': expected true or false, got 'maybe'",
        ]
    )
    assert len(result["problems"]) == 5


def test_the_list_is_bounded(capsys, tmp_path):
    bad = GOOD_ROW.replace("T10:00:00+02:00", "T10:00:00")
    result = run(capsys, tmp_path, outages=write(tmp_path, "outages.csv", HEADER + bad * 60))
    lines = result["msg"].splitlines()
    assert lines[0] == "outages.csv: 60 problems"
    assert len(lines) == 52 and lines[-1] == "  ... and 10 more"
    assert lines[50].startswith("  - outages.csv line 51 (record 49): column 'start'")
    assert len(result["problems"]) == 60


def test_a_long_value_is_shown_as_an_excerpt(capsys, tmp_path):
    long = "2026-04-08T10:00:00" + "x" * 1000
    result = run(
        capsys,
        tmp_path,
        outages=write(tmp_path, "outages.csv", HEADER + GOOD_ROW.replace("2026-04-08T10:00:00+02:00", long, 1)),
    )
    assert len(result["msg"]) < 250
    assert result["msg"].endswith(
        "... (1021 characters) is not an ISO-8601 timestamp (expected e.g. '2026-03-29T08:00:00+02:00' or '...Z')"
    )


@pytest.mark.parametrize("value", ["2026-04-08 10:00:00+02:00", "20260408T100000+0200", "2026-04-08T10+02:00"])
def test_timestamps_are_strict(capsys, tmp_path, value):
    path = write(tmp_path, "outages.csv", HEADER + GOOD_ROW.replace("2026-04-08T10:00:00+02:00", value))
    assert run(capsys, tmp_path, outages=path)["msg"] == (
        "outages.csv line 2 (record 0): column 'start': '%s' is not an ISO-8601 timestamp"
        " (expected e.g. '2026-03-29T08:00:00+02:00' or '...Z')" % value
    )
