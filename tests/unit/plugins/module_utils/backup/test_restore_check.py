# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""backup.restore_check over replayed outputs of roles/restore/files/sql_restore.ps1 (Windows PowerShell 5.1)."""

from __future__ import annotations

import copy
import json
import pathlib

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restore_check import RestoreCheckError, check_restore
from ansible_collections.divalto.cloud.plugins.module_utils.core.powershell import PowerShellResultError

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "powershell"
FULL = "\\\\vault-sxb1-01\\sqlbackup\\sql-par1-a\\FULL\\acme_production_erp_FULL_20261122_210002.bak"
LOG = "\\\\vault-sxb1-01\\sqlbackup\\sql-par1-a\\LOG\\acme_production_erp_LOG_20261123_101502.trn"
PLAN = {
    "source_database": "acme_production_erp",
    "target_database": "acme_staging_erp",
    "full": {"kind": "full", "last_lsn": "41000000012300001", "paths": [FULL]},
    "differential": None,
    "logs": [{"kind": "log", "last_lsn": "41000000045600001", "paths": [LOG]}],
    "files": [FULL, LOG],
    "restore_time": "10:15:00 11/23/2026",
}


def replay(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def refusal(result, plan=None):
    plan = PLAN if plan is None else plan
    with pytest.raises(RestoreCheckError) as error:
        check_restore(result, plan)
    return str(error.value)


def test_a_point_in_time_restore_as_planned():
    checked = check_restore(replay("sql_restore_point_in_time.json"), PLAN)
    assert checked["database"] == "acme_staging_erp" and checked["state"] == "ONLINE"
    assert [row["file"] for row in checked["restored"]] == [FULL, LOG]


def test_paths_compare_without_case_and_with_either_slash():
    result = replay("sql_restore_point_in_time.json")
    result["Restored"][1]["File"] = LOG.upper().replace("\\", "/")
    assert len(check_restore(result, PLAN)["restored"]) == 2


def test_a_restore_that_did_nothing_fails():
    assert refusal(replay("sql_restore_nothing.json")) == (
        "acme_staging_erp was not restored as planned: nothing was restored (msdb has no restore of it)"
    )


def test_a_log_left_out_and_the_wrong_point_are_named():
    result = replay("sql_restore_point_in_time.json")
    result["Restored"] = result["Restored"][:1]
    assert refusal(result) == (
        "acme_staging_erp was not restored as planned: planned files not restored: %s; the last backup restored"
        " ends at LSN 41000000012300001, the plan's at 41000000045600001" % LOG
    )


def test_a_restore_to_another_point_or_from_another_chain_fails():
    result = replay("sql_restore_point_in_time.json")
    result["Restored"][1]["StopAt"] = "2026-11-23T10:14:00"
    result["Restored"][0]["File"] = "D:\\elsewhere\\other.bak"
    message = refusal(result)
    assert "planned files not restored: %s" % FULL in message
    assert "files restored that are not in the plan: D:\\elsewhere\\other.bak" in message
    assert message.endswith("it stopped at 2026-11-23T10:14:00, the plan says 2026-11-23T10:15:00")


def test_to_the_end_of_the_last_backup():
    plan = dict(copy.deepcopy(PLAN), restore_time=None)
    result = replay("sql_restore_point_in_time.json")
    assert refusal(result, plan).endswith("it stopped at 2026-11-23T10:15:00, the plan says the end of the last backup")
    for row in result["Restored"]:
        row["StopAt"] = ""
    assert check_restore(result, plan)["state"] == "ONLINE"


def test_a_database_left_restoring_fails():
    result = replay("sql_restore_point_in_time.json")
    result["State"] = "RESTORING"
    assert refusal(result) == "acme_staging_erp was not restored as planned: the database is RESTORING, not ONLINE"


@pytest.mark.parametrize(
    ("result", "error", "message"),
    [
        (None, RestoreCheckError, "result: expected the object the restore script returns, got None"),
        ({"Database": "x", "State": 1}, PowerShellResultError, "result.State: expected a string, got the integer 1"),
        (
            {"Database": "x", "State": "ONLINE", "Restored": {"Type": "D", "LastLsn": {"IsPowerOfTwo": False}}},
            PowerShellResultError,
            "result.Restored[0].LastLsn: got a BigInteger",
        ),
    ],
)
def test_malformed_results_name_the_field(result, error, message):
    with pytest.raises(error) as raised:
        check_restore(result, PLAN)
    assert str(raised.value).startswith(message)


def test_a_malformed_plan_is_refused():
    assert refusal(replay("sql_restore_point_in_time.json"), dict(PLAN, files=[])).startswith("plan: files:")
    assert "restore_time 'soon' is not" in refusal(
        replay("sql_restore_point_in_time.json"), dict(PLAN, restore_time="soon")
    )


def test_restored_sets_cut_by_the_task_depth_are_named():
    """The default depth (2) writes each restored set as its type name: refused, never read as nothing restored."""
    with pytest.raises(PowerShellResultError) as raised:
        check_restore(replay("sql_restore_depth_2.json")["result"], PLAN)
    assert str(raised.value) == (
        "result.Restored[0]: expected an object, got 'System.Collections.Specialized.OrderedDictionary'"
    )


def test_one_restored_set_alone_is_a_list_of_one():
    result = replay("sql_restore_point_in_time.json")
    result["Restored"] = result["Restored"][0]
    result["Restored"]["StopAt"] = ""
    plan = dict(PLAN, files=[FULL], logs=[], restore_time=None)
    assert [row["file"] for row in check_restore(result, plan)["restored"]] == [FULL]


def test_a_stop_point_not_cast_is_refused_or_differs():
    """stop_at left a datetime: win_powershell's ISO 8601 (seven fraction digits) differs from the plan's; the
    \\/Date(ms)\\/ of ConvertTo-Json and an integer are refused with the field named."""
    result = replay("sql_restore_stop_at_not_cast.json")["result"]
    assert refusal(result).endswith("it stopped at 2026-11-23T10:15:00.0000000, the plan says 2026-11-23T10:15:00")
    for value, message in (
        ("\\/Date(1795425300000)\\/", "result.Restored[1].StopAt: got a DateTime as ConvertTo-Json writes it"),
        (1795425300000, "result.Restored[1].StopAt: expected a string, got the integer"),
    ):
        result["Restored"][1]["StopAt"] = value
        with pytest.raises(PowerShellResultError) as raised:
            check_restore(result, PLAN)
        assert str(raised.value).startswith(message)
