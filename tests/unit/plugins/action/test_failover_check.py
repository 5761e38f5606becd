# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The failover_check action: the verdict of patching.failover, as a task result."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.failover_check import ActionModule as FailoverCheck


def test_a_complete_takeover(run_action, host_vars):
    result = {"AvailabilityGroup": "ag", "Role": "Primary", "Databases": None}
    args = {"kind": "availability_groups", "result": result, "machine": "sql-par1-02"}
    outcome = run_action(FailoverCheck, args, host_vars("sql-par1-02"))
    assert outcome["changed"] is False and "failed" not in outcome
    assert outcome["availability_groups"] == [{"name": "ag", "role": "Primary", "databases": []}]


def test_an_incomplete_takeover_fails_the_task(run_action, host_vars):
    result = [{"Name": "files", "OwnerNode": "FS-PAR1-01", "State": "Online", "Node": "FS-PAR1-02"}]
    args = {"kind": "cluster_roles", "result": result, "machine": "fs-par1-02"}
    outcome = run_action(FailoverCheck, args, host_vars("fs-par1-02"), action="failover_check")
    assert outcome["failed"] is True
    assert outcome["msg"] == (
        "failover_check: the takeover by fs-par1-02 is not complete, its partner is not touched:"
        " files is owned by FS-PAR1-01, not by FS-PAR1-02"
    )
