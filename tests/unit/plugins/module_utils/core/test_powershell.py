# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""core.powershell: the shapes Windows PowerShell 5.1's ConvertTo-Json really produces, accepted or refused."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.core import powershell as ps


def test_null_is_an_empty_list_and_a_lone_object_a_list_of_one():
    assert ps.records(None, "result") == []
    assert ps.records({"Name": "x"}, "result") == [{"Name": "x"}]
    assert ps.records([{"Name": "x"}, {"Name": "y"}], "result") == [{"Name": "x"}, {"Name": "y"}]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x", "result: expected a list of objects, got 'x'"),
        ([{"Name": "x"}, 3], "result[1]: expected an object, got 3"),
    ],
)
def test_records_refuse_other_shapes(value, message):
    with pytest.raises(ps.PowerShellResultError, match=r"^%s$" % message.replace("[", r"\[").replace("]", r"\]")):
        ps.records(value, "result")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1, "r.State: expected a string, got the integer 1 (an enum not cast with [string] in the script)"),
        (
            {"IsPowerOfTwo": False, "IsZero": False, "IsOne": False, "IsEven": True, "Sign": 1},
            "r.State: got a BigInteger as ConvertTo-Json writes it (the number is lost): cast it with [string]",
        ),
        (
            "\\/Date(1764000000000)\\/",
            "r.State: got a DateTime as ConvertTo-Json writes it (\\/Date(1764000000000)\\/)",
        ),
        ("/Date(1764000000000+0100)/", "r.State: got a DateTime as ConvertTo-Json writes it"),
        (
            {"Type": "Microsoft.SqlServer.Management.Smo.AvailabilityReplicaRole", "String": "Primary", "Value": 1},
            "r.State: expected a string, got the enum 'Primary' as win_powershell writes it (not cast with [string]",
        ),
        (None, "r.State: expected a non-empty string, got None"),
        ("", "r.State: expected a non-empty string, got ''"),
        (True, "r.State: expected a non-empty string, got True"),
        (["x"] * 500, "r.State: expected a string, got a list of 500 item(s)"),
    ],
)
def test_string_refuses_what_a_script_forgot_to_cast(value, message):
    with pytest.raises(ps.PowerShellResultError) as error:
        ps.string({"State": value}, "State", "r")
    assert str(error.value).startswith(message)


def test_string_and_boolean_accept_cast_values():
    assert ps.string({"State": "Online"}, "State", "r") == "Online"
    assert ps.boolean({"Present": False}, "Present", "r") is False
    with pytest.raises(ps.PowerShellResultError, match=r"^r\.Present: expected true or false, got 'False'$"):
        ps.boolean({"Present": "False"}, "Present", "r")
