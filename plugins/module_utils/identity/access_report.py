# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the access review's files, ``access_review-<time, compact UTC>`` ``.json`` (for machines,
the next review's previous one), ``.md`` and ``.html`` (for the people who sign it off; self-contained), written by
the access_review action on the controller (``write_review``), and the bounded result it returns instead of the
review (``review_result``: a review of 2,000 tenants is about 75 MB of JSON, which a task result would carry into
the job's events).

The people's version is one ``core.report_document`` document: the summary, the findings, the diff against the
previous review, then per tenant and environment the members of its group, its service accounts, its shares, its
recorded SQL access and its client SFTP accounts, and per tenant its licence groups and backup vault keys.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core import report_document
from ansible_collections.divalto.cloud.plugins.module_utils.core.report_files import ensure_directory, write_if_changed
from ansible_collections.divalto.cloud.plugins.module_utils.core.request import MAX_PROBLEMS
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_review import TENANT_WIDE
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_sources import REVIEW_KIND

MEMBER_HEADER = ("account", "kind", "enabled", "last logon", "flags", "dn")
GRANT_HEADER = ("tenant", "environment", "path", "principal", "detail")


def summary(review: Mapping[str, Any]) -> dict[str, int]:
    """Counts for the summary and the playbook's output."""
    return {
        "tenants": len(review["tenants"]),
        "environments": sum(len(t["environments"]) for t in review["tenants"].values()),
        "grants": len(review["grants"]),
        "findings": len(review["findings"]),
        "added": len(review["diff"]["added"]),
        "removed": len(review["diff"]["removed"]),
    }


def shown_findings(review: Mapping[str, Any]) -> list[str]:
    """The findings as lines for the job's output: at most MAX_PROBLEMS, then how many more (the files list all)."""
    lines = [
        "%s %s: %s (%s): %s" % (f["tenant"], _environment(f["environment"]), f["principal"], f["path"], f["why"])
        for f in review["findings"]
    ]
    if len(lines) <= MAX_PROBLEMS:
        return lines
    return lines[:MAX_PROBLEMS] + ["... and %d more (the review lists them all)" % (len(lines) - MAX_PROBLEMS)]


def _environment(env: str) -> str:
    return "(tenant-wide)" if env == TENANT_WIDE else env


def _member_rows(members: list[Mapping[str, Any]]) -> list[tuple[Any, ...]]:
    rows = []
    for member in members:
        enabled = "" if member["enabled"] is None else "yes" if member["enabled"] else "no"
        first = ("!" if member["flags"] else "") + member["account"]
        rows.append((first, member["kind"], enabled, member["last_logon"] or "never", member["flags"], member["dn"]))
    return rows


def _grant_rows(grants: list[Mapping[str, str]]) -> list[tuple[str, ...]]:
    return [(g["tenant"], _environment(g["environment"]), g["path"], g["principal"], g["detail"]) for g in grants]


def _sql_sections(title: str, sql: Mapping[str, Any]) -> list[dict[str, Any]]:
    if sql["status"] != "recorded":
        return [
            {
                "title": title,
                "level": 4,
                "lines": ["%s (recorded only: no recording for this environment)" % sql["status"]],
            }
        ]
    lines = [
        "recorded at %s from %s%s"
        % (sql["recorded_at"], sql["source"], ", instance " + sql["instance"] if sql["instance"] else "")
    ]
    return [
        {
            "title": title + ": logins",
            "level": 4,
            "lines": lines,
            "header": ("login", "type", "disabled"),
            "rows": [
                (("!" if login["disabled"] else "") + login["name"], login["type"], login["disabled"])
                for login in sql["logins"]
            ],
        },
        {
            "title": title + ": database users",
            "level": 4,
            "header": ("database", "user", "login", "roles"),
            "rows": [(u["database"], u["name"], u["login"], u["roles"]) for u in sql["database_users"]],
        },
    ]


def document(review: Mapping[str, Any]) -> dict[str, Any]:
    """The review as a ``core.report_document`` document."""
    counts = summary(review)
    diff = review["diff"]
    sections: list[dict[str, Any]] = [
        {
            "title": "Findings",
            "header": ("tenant", "environment", "path", "principal", "finding"),
            "rows": [
                ("!" + f["tenant"], _environment(f["environment"]), f["path"], f["principal"], f["why"])
                for f in review["findings"]
            ],
        },
    ]
    if diff["previous"] is None:
        sections.append(
            {"title": "Changes since the previous review", "lines": ["no previous review: this is the first"]}
        )
    else:
        since = "previous review: %s (%s)" % (diff["previous"], diff["previous_time"])
        sections.append(
            {
                "title": "Granted since the previous review",
                "lines": [since],
                "header": GRANT_HEADER,
                "rows": _grant_rows(diff["added"]),
            }
        )
        sections.append(
            {"title": "Removed since the previous review", "header": GRANT_HEADER, "rows": _grant_rows(diff["removed"])}
        )
    for tenant, record in review["tenants"].items():
        sections.append({"title": "Tenant %s" % tenant, "lines": ["OU: %s" % record["ou"]]})
        for env, item in record["environments"].items():
            group = item["group"]
            prefix = "%s %s" % (tenant, env)
            sections.append(
                {
                    "title": "%s (%s): group %s" % (prefix, item["key"], group["name"]),
                    "level": 3,
                    "lines": [] if group["found"] else ["the group is not in the directory"],
                    "header": MEMBER_HEADER,
                    "rows": _member_rows(group["members"]),
                    "empty": "no member",
                }
            )
            sections.append(
                {
                    "title": prefix + ": service accounts",
                    "level": 4,
                    "header": MEMBER_HEADER,
                    "rows": _member_rows(item["service_accounts"]),
                }
            )
            sections.append(
                {
                    "title": prefix + ": shares",
                    "level": 4,
                    "header": ("share", "file server", "group", "rights"),
                    "rows": [(s["share"], s["server"], s["group"], s["rights"]) for s in item["shares"]],
                }
            )
            sections += _sql_sections(prefix + ": SQL Server", item["sql"])
            sections.append(
                {
                    "title": prefix + ": client SFTP",
                    "level": 4,
                    "lines": ["%s: %s" % (item["sftp"]["status"], item["sftp"]["why"])],
                    "header": ("account", "name", "rights", "keys"),
                    "rows": [
                        (
                            a["account"],
                            a["name"],
                            ["%s %s" % (target, right) for target, right in a["grants"].items()],
                            ["%s %s" % (k["fingerprint"], k["comment"]) for k in a["public_keys"]],
                        )
                        for a in item["sftp"]["accounts"]
                    ],
                    "empty": "no account",
                }
            )
        for name, licence in record["licence_groups"].items():
            sections.append(
                {
                    "title": "%s: licence group %s (profile %s, %s seat(s))"
                    % (tenant, name, licence["profile"], licence["seats"]),
                    "level": 3,
                    "lines": [] if licence["members"] is not None else ["the group is not in the directory"],
                    "header": MEMBER_HEADER,
                    "rows": _member_rows(licence["members"] or []),
                    "empty": "no member",
                }
            )
        vault = record["vault"]
        sections.append(
            {
                "title": "%s: backup vault account %s" % (tenant, vault["account"] or "(none)"),
                "level": 3,
                "lines": []
                if vault["status"] == "recorded"
                else ["keys %s (backup_vault_authorized_keys not given)" % vault["status"]],
                "header": ("fingerprint", "type", "comment"),
                "rows": [(k["fingerprint"], k["type"], k["comment"]) for k in vault["public_keys"]],
            }
        )
    return {
        "title": "Access review, %s" % review["time"],
        "facts": [
            ("time", review["time"]),
            ("tenants, environments", "%d, %d" % (counts["tenants"], counts["environments"])),
            ("grants", counts["grants"]),
            ("findings", counts["findings"]),
            ("unused period", "%d day(s) without a logon" % review["unused_days"]),
            (
                "since the previous review",
                "%d granted, %d removed" % (counts["added"], counts["removed"])
                if diff["previous"]
                else "no previous review",
            ),
        ],
        "sections": sections,
    }


def report_files(review: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """``{json|markdown|html: (file name, text)}`` of ``review`` (with its ``diff``)."""
    base = "%s-%s" % (REVIEW_KIND, review["time"].replace("-", "").replace(":", ""))
    people = document(review)
    return {
        "json": (base + ".json", json.dumps(review, indent=2, sort_keys=True) + "\n"),
        "markdown": (base + ".md", report_document.render_markdown(people)),
        "html": (base + ".html", report_document.render_html(people)),
    }


# The files hold accounts, DNs and key fingerprints: readable by their owner and group only.
FILE_MODE = 0o640


def write_review(review: Mapping[str, Any], dest: str, check_mode: bool) -> tuple[dict[str, str], list[str]]:
    """Write ``review``'s files into ``dest`` (created when missing), each only when its content differs, atomically
    (``core.report_files``); in check mode nothing is written. ``({json|markdown|html: path}, the paths written, or
    that would be in check mode)``. ``ReportFilesError`` or ``OSError`` when ``dest`` cannot be used."""
    files = report_files(review)
    paths = {kind: os.path.join(dest, name) for kind, (name, _text) in files.items()}
    ensure_directory(dest, check_mode)
    written = [
        paths[kind]
        for kind, (_name, text) in sorted(files.items())
        if write_if_changed(paths[kind], text, check_mode, mode=FILE_MODE)
    ]
    return paths, written


def flag_counts(review: Mapping[str, Any]) -> dict[str, int]:
    """Flag -> how many findings carry it."""
    return dict(sorted(Counter(f["flag"] for f in review["findings"]).items()))


def review_result(review: Mapping[str, Any], paths: Mapping[str, str], written: list[str]) -> dict[str, Any]:
    """What the access_review action returns instead of the review (the files hold it whole): the counts, the
    counts per flag, at most MAX_PROBLEMS findings as lines, the diff with at most MAX_PROBLEMS grants added and as
    many removed, the files' paths and those written."""
    diff = review["diff"]
    return {
        "summary": summary(review),
        "flags": flag_counts(review),
        "findings": shown_findings(review),
        "diff": {
            "previous": diff["previous"],
            "previous_time": diff["previous_time"],
            "added": diff["added"][:MAX_PROBLEMS],
            "removed": diff["removed"][:MAX_PROBLEMS],
        },
        "json_path": paths["json"],
        "markdown_path": paths["markdown"],
        "html_path": paths["html"],
        "written": written,
    }
