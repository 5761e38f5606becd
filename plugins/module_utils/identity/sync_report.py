# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the run report of the DLMT membership sync (JSON for machines, Markdown for people).

``directory_sync-<the plan's time, compact UTC>.json`` and ``.md``: the run's status, the export read, the guard
(findings, override and its reason), then per tenant the memberships added and removed, the leavers (why, first
seen, when their grace ends, removed or pending), the refusals and the licence counts against the subscription.
A run with nothing to say (``quiet``: nothing to change, refuse or stop, no leaver) writes no report, so that a
second run changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError

KIND = "directory_sync"
STATUSES = ("planned", "applied", "partial", "refused", "stopped", "failed")
STATUS_TEXT = {
    "planned": "dry run: nothing was changed (directory_sync_apply=true applies the plan)",
    "applied": "applied",
    "partial": "applied in the other tenants; nothing was changed in the refused tenant(s)",
    "refused": "refused: nothing was changed",
    "stopped": "stopped by the guard: nothing was changed (directory_allow_mass_removal=true with a reason overrides)",
    "failed": "failed while applying: the directory may be partly changed; run the sync again",
}


class SyncReportError(DivaltoError):
    """The report cannot be made from what it was given."""


def build_report(plan: Mapping[str, Any], status: str, error: str = "") -> dict[str, Any]:
    """The report of a run whose plan is ``plan`` and whose outcome is ``status`` (:data:`STATUSES`)."""
    if status not in STATUSES:
        raise SyncReportError("status: expected one of %s, got %r" % (", ".join(STATUSES), str(status)[:40]))
    missing = [key for key in ("now", "export", "tenants", "refused", "guard", "quiet") if key not in plan]
    if missing:
        raise SyncReportError("plan: not the plan of directory_sync_plan (no %s)" % ", ".join(missing))
    tenants = plan["tenants"]
    return {
        "kind": KIND,
        "status": status,
        "time": plan["now"],
        "error": error,
        "export": plan["export"],
        "guard": plan["guard"],
        "refused": plan["refused"],
        "refused_tenants": plan.get("refused_tenants", []),
        "summary": {
            kind: sum(len(tenant[kind]) for tenant in tenants.values())
            for kind in ("add", "remove", "leavers", "refused")
        },
        "licence_overuse": [
            dict(licence, tenant=name, profile=profile)
            for name, tenant in sorted(tenants.items())
            for profile, licence in sorted(tenant["licences"].items())
            if licence["over"]
        ],
        "tenants": tenants,
    }


def worth_writing(plan: Mapping[str, Any], status: str) -> bool:
    """Whether a run has anything to report: not a quiet plan that was planned or applied as it was."""
    return status in ("partial", "refused", "stopped", "failed") or not plan["quiet"]


def report_files(report: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """``{json: (file name, text), markdown: (file name, text)}`` of ``report``."""
    stamp = report["time"].replace("-", "").replace(":", "")
    base = "%s-%s" % (KIND, stamp)
    return {
        "json": (base + ".json", json.dumps(report, indent=2, sort_keys=True) + "\n"),
        "markdown": (base + ".md", render_markdown(report)),
    }


def _table(header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    if not rows:
        return ["none", ""]
    lines = ["| %s |" % " | ".join(header), "|" + " --- |" * len(header)]
    lines.extend("| %s |" % " | ".join(_cell(value) for value in row) for row in rows)
    return lines + [""]


def _cell(value: Any) -> str:
    text = ", ".join(value) if isinstance(value, list) else "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Mapping[str, Any]) -> str:
    """The report for the people who read it."""
    export, guard = report["export"], report["guard"]
    lines = [
        "# DLMT membership sync, %s" % report["time"],
        "",
        "- status: **%s**, %s" % (report["status"], STATUS_TEXT[report["status"]]),
        "- export: `%s`, exported at %s (%s), %d user(s)"
        % (
            export["source"],
            export["exported_at"] or "unknown",
            export["exported_at_from"] or "no date",
            export["users"],
        ),
        "- grace period of leavers: %g day(s); guard: more than %g%% of a group's members (and at least %d), "
        "an empty export, an export older than %g hours"
        % (
            guard["grace_days"],
            guard["max_removal_share"] * 100,
            guard["mass_removal_min"],
            guard["max_export_age_hours"],
        ),
    ]
    if report["error"]:
        lines.append("- error: %s" % _cell(report["error"]))
    if report["refused_tenants"]:
        lines.append(
            "- refused tenant(s), nothing changed there (the other tenants proceed): %s"
            % ", ".join(report["refused_tenants"])
        )
    if guard["overridden"]:
        lines.append("- **guard overridden** (directory_allow_mass_removal), reason: %s" % _cell(guard["reason"]))
    lines += ["", "## Guard", ""] + _table(("finding", "why"), [(f["what"], f["why"]) for f in guard["findings"]])
    lines += ["## Refused", ""] + _table(
        ("tenant", "account", "line", "why"),
        [(r["tenant"], r["account"], r["line"], r["why"]) for r in report["refused"]],
    )
    lines += ["## Licence over-use", ""] + _table(
        ("tenant", "profile", "named", "seats"),
        [(item["tenant"], item["profile"], item["named"], item["seats"]) for item in report["licence_overuse"]],
    )
    for name, tenant in sorted(report["tenants"].items()):
        applied = report["status"] == "applied" or (
            report["status"] == "partial" and name not in report["refused_tenants"]
        )
        removed = "removed" if applied else "to remove"
        lines += ["## Tenant %s" % name, "", "### Added", ""]
        lines += _table(("group", "account", "dn"), [(i["group"], i["account"], i["dn"]) for i in tenant["add"]])
        lines += ["### Removed (no longer granted)", ""]
        lines += _table(("group", "account", "dn"), [(i["group"], i["account"], i["dn"]) for i in tenant["remove"]])
        lines += ["### Leavers", ""]
        lines += _table(
            ("account", "why", "groups", "first seen", "grace ends", "membership"),
            [
                (
                    i["account"],
                    i["why"],
                    i["groups"],
                    i["first_seen"],
                    i["due"],
                    removed if i["grace_over"] else "kept (grace)",
                )
                for i in tenant["leavers"]
            ],
        )
        lines += ["### Licences", ""]
        lines += _table(
            ("profile", "group", "named", "seats"),
            [(profile, i["group"], i["named"], i["seats"]) for profile, i in sorted(tenant["licences"].items())],
        )
    return "\n".join(lines).rstrip("\n") + "\n"
