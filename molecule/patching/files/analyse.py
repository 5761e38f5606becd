#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks the observations of a rollout against its run report; prints a JSON verdict.

Arguments: the poller's log (haproxy_poller.py), the client's log (client_loop.py), the run report (JSON), the
pool's members (comma-separated) and its max_drained.
"""

from __future__ import annotations

import datetime
import json
import sys

OUT = ("MAINT", "DRAIN")


def _lines(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _epoch(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def main():
    polls, client = _lines(sys.argv[1]), _lines(sys.argv[2])
    with open(sys.argv[3], encoding="utf-8") as handle:
        report = json.load(handle)
    members, max_drained = sys.argv[4].split(","), int(sys.argv[5])
    samples = [p for p in polls if "servers" in p]

    def out_of_service(sample):
        return sorted(
            {key.split("/", 1)[1] for key, status in sample["servers"].items() if status.split(" ")[0] in OUT}
            & set(members)
        )

    drained = {}
    for record in report["records"]:
        if not record["started"] or not record["ended"]:
            continue
        start, end = _epoch(record["started"]), _epoch(record["ended"]) + 1
        inside = [s for s in samples if start <= s["t"] <= end]
        drained[record["subject"]] = {
            "samples": len(inside),
            "drained_samples": sum(1 for s in inside if record["subject"] in out_of_service(s)),
        }
    most = max((len(out_of_service(s)) for s in samples), default=0)
    run_start, run_end = _epoch(report["started"]), _epoch(report["ended"])
    verdict = {
        "poll_samples": len(samples),
        "poll_errors": sum(1 for p in polls if "error" in p),
        "drained_during_own_patch": drained,
        "max_drained_at_once": most,
        "max_drained_allowed": max_drained,
        "requests": len(client),
        "failed_requests": [c for c in client if not c.get("ok")][:20],
        "failed_request_count": sum(1 for c in client if not c.get("ok")),
        "served_by": sorted({c.get("body", "").split(" ")[0] for c in client if c.get("ok")}),
        "client_covers_run": bool(client) and client[0]["t"] <= run_start and client[-1]["t"] >= run_end,
        "poller_covers_run": bool(samples) and samples[0]["t"] <= run_start and samples[-1]["t"] >= run_end,
    }
    print(json.dumps(verdict, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
