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
HEADER = "environment,start,end,severity,planned,waiver_reason\n"
GOOD_ROW = "acme_production,2026-04-08T10:00:00+02:00,2026-04-08T11:00:00+02:00,critical,false,\n"


def run(capsys, tmp_path, **args):
    params = {
        "outages": str(FIXTURES / "outages.csv"),
        "service_hours": SERVICE_HOURS,
        "environments": ENVIRONMENTS,
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
    assert run(capsys, tmp_path, outages=path)["msg"] == "outages.csv record 1: field 'start' is required"


def test_naive_timestamp_in_the_export(capsys, tmp_path):
    path = write(tmp_path, "outages.csv", HEADER + GOOD_ROW.replace("T10:00:00+02:00", "T10:00:00"))
    assert run(capsys, tmp_path, outages=path)["msg"] == (
        "outages.csv record 0: field 'start': timestamp '2026-04-08T10:00:00' has no UTC offset;"
        " add one such as '+01:00' or 'Z'"
    )


def test_naive_period(capsys, tmp_path):
    assert run(capsys, tmp_path, period_end="2026-05-01")["msg"] == (
        "period_end: timestamp '2026-05-01' has no UTC offset; add one such as '+01:00' or 'Z'"
    )


def test_end_before_start(capsys, tmp_path):
    path = write(tmp_path, "outages.csv", HEADER + GOOD_ROW.replace("T11:00:00", "T09:00:00"))
    assert run(capsys, tmp_path, outages=path)["msg"] == (
        "outages.csv record 0 (environment acme_production): end 2026-04-08T09:00:00+02:00 is before start"
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
    assert run(capsys, tmp_path, outages=path)["msg"] == "outages.json: expected a JSON list of outage objects"


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
