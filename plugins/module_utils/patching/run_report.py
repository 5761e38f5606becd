# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run reports of patching and hotfix rollouts (private to the divalto.cloud collection; API may change).

Pure Python, no Ansible imports. A run report says, per machine (or per environment for hotfixes), what a
rollout did: the wave or ring, the final state, what was installed, how many reboots, when it started and ended,
and any maintenance window that was forced, with its reason. It is written as JSON (for machines) and Markdown
(for people), to ``<dest>/<kind>-<started, UTC, compact>.json`` and ``.md``, e.g.
``patch_monthly-20261129T150442Z.json``.

Record fields (anything else is an error naming the record index and the field):

* ``subject`` (required, non-empty str): the machine or environment key;
* ``subject_type``: ``machine`` (default) or ``environment``;
* ``wave`` (int >= 1) or ``ring`` (non-empty str): at least one of them;
* ``state`` (required): one of :data:`STATES`;
* ``installed`` (list of str, default []), ``reboots`` (int >= 0, default 0);
* ``started``, ``ended`` (ISO 8601 with an offset; ``ended`` not before ``started``); the duration in seconds is
  computed when both are given;
* ``message`` (str), ``from_version``, ``to_version`` (str);
* ``haproxy`` (list of dicts): HAProxy observations (``show stat`` rows) recorded while the machine was handled;
* ``details`` (dict): anything else the caller wants to keep, copied as is. ``details.downgrade``
  (``{from, to, reason}``, set by the hotfix rollout when ``hotfix_allow_downgrade`` moved an environment back to
  an older version) is checked and listed in the Markdown under "Forced downgrades" with its reason.
  ``details.last_proxy_drain`` (``{datacenter, reason}``, set by the patching rollout when
  ``patch_allow_last_proxy_drain`` let a wave drain the only DMZ proxy of a datacenter that serves environments)
  is checked likewise and listed under "Forced last-proxy drains".

A machine is *left drained* when its final state is ``drained`` or ``failed`` (a failed machine is never put
back in service by the rollout); the summary lists them so that the next run can refuse to start.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.report_files import write_if_changed

STATES = ("done", "failed", "untouched", "rolled_back", "drained", "unchanged", "planned")
LEFT_DRAINED_STATES = ("failed", "drained")
RUN_STATUSES = ("succeeded", "failed", "planned")
SUBJECT_TYPES = ("machine", "environment")
RECORD_FIELDS = (
    "subject",
    "subject_type",
    "wave",
    "ring",
    "state",
    "installed",
    "reboots",
    "started",
    "ended",
    "message",
    "from_version",
    "to_version",
    "haproxy",
    "details",
)
FORCED_FIELDS = ("ring", "reason", "at", "user", "next_window", "wave")
_KIND_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class RunReportError(DivaltoError):
    """Invalid report input."""


def parse_instant(value, what):
    """Parse an ISO 8601 timestamp with an offset (or ``Z``) into an aware datetime."""
    if isinstance(value, _dt.datetime):
        result = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            result = _dt.datetime.fromisoformat(text)
        except ValueError:
            raise RunReportError(f"{what}: {value!r} is not an ISO 8601 timestamp") from None
    else:
        raise RunReportError(f"{what}: expected an ISO 8601 timestamp, got {value!r}")
    if result.tzinfo is None or result.utcoffset() is None:
        raise RunReportError(f"{what}: {value!r} has no UTC offset")
    return result


def compact_utc(instant):
    """``2026-11-29T16:04:42+01:00`` -> ``20261129T150442Z``."""
    return instant.astimezone(_dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _text(value, what, required=False):
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise RunReportError(f"{what}: expected a non-empty string, got {value!r}")
    return value


def _int(value, what, minimum):
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        else:
            raise RunReportError(f"{what}: expected an integer, got {value!r}")
    if value < minimum:
        raise RunReportError(f"{what}: must be at least {minimum}, got {value}")
    return value


def normalise_record(record, index):
    """Validate one record and return it with defaults and ``duration_seconds``."""
    where = f"records[{index}]"
    if not isinstance(record, Mapping):
        raise RunReportError(f"{where}: expected a mapping, got {type(record).__name__}")
    unknown = sorted(set(record) - set(RECORD_FIELDS))
    if unknown:
        raise RunReportError(f"{where}: unknown field(s) {', '.join(unknown)}")
    out = {"subject": _text(record.get("subject"), f"{where}.subject", required=True)}
    subject_type = record.get("subject_type") or "machine"
    if subject_type not in SUBJECT_TYPES:
        raise RunReportError(f"{where}.subject_type: {subject_type!r} is not one of {', '.join(SUBJECT_TYPES)}")
    out["subject_type"] = subject_type
    if record.get("wave") is None and record.get("ring") is None:
        raise RunReportError(f"{where}: needs a wave or a ring")
    out["wave"] = None if record.get("wave") is None else _int(record["wave"], f"{where}.wave", 1)
    out["ring"] = _text(record.get("ring"), f"{where}.ring")
    state = record.get("state")
    if state not in STATES:
        raise RunReportError(f"{where}.state: {state!r} is not one of {', '.join(STATES)}")
    out["state"] = state
    installed = record.get("installed") or []
    if not isinstance(installed, (list, tuple)) or not all(isinstance(item, str) for item in installed):
        raise RunReportError(f"{where}.installed: expected a list of strings, got {installed!r}")
    out["installed"] = list(installed)
    out["reboots"] = _int(record.get("reboots", 0) or 0, f"{where}.reboots", 0)
    started = ended = None
    if record.get("started") is not None:
        started = parse_instant(record["started"], f"{where}.started")
    if record.get("ended") is not None:
        ended = parse_instant(record["ended"], f"{where}.ended")
    if started and ended and ended < started:
        raise RunReportError(f"{where}: ended {record['ended']} is before started {record['started']}")
    out["started"] = started.isoformat() if started else None
    out["ended"] = ended.isoformat() if ended else None
    out["duration_seconds"] = int((ended - started).total_seconds()) if started and ended else None
    out["message"] = "" if record.get("message") is None else str(record["message"])
    for key in ("from_version", "to_version"):
        out[key] = _text(record.get(key), f"{where}.{key}")
    haproxy = record.get("haproxy") or []
    if not isinstance(haproxy, (list, tuple)) or not all(isinstance(item, Mapping) for item in haproxy):
        raise RunReportError(f"{where}.haproxy: expected a list of mappings")
    out["haproxy"] = [dict(item) for item in haproxy]
    details = record.get("details") or {}
    if not isinstance(details, Mapping):
        raise RunReportError(f"{where}.details: expected a mapping, got {type(details).__name__}")
    out["details"] = dict(details)
    if "downgrade" in details:
        downgrade = details["downgrade"]
        if not isinstance(downgrade, Mapping) or sorted(downgrade) != ["from", "reason", "to"]:
            raise RunReportError(f"{where}.details.downgrade: expected a mapping with from, to and reason")
        for key in ("from", "to", "reason"):
            _text(downgrade[key], f"{where}.details.downgrade.{key}", required=True)
        out["details"]["downgrade"] = dict(downgrade)
    if "last_proxy_drain" in details:
        drain = details["last_proxy_drain"]
        if not isinstance(drain, Mapping) or sorted(drain) != ["datacenter", "reason"]:
            raise RunReportError(f"{where}.details.last_proxy_drain: expected a mapping with datacenter and reason")
        for key in ("datacenter", "reason"):
            _text(drain[key], f"{where}.details.last_proxy_drain.{key}", required=True)
        out["details"]["last_proxy_drain"] = dict(drain)
    return out


def normalise_forced(entry, index):
    """Validate one forced-window entry ({ring, reason, at, user})."""
    where = f"forced_windows[{index}]"
    if not isinstance(entry, Mapping):
        raise RunReportError(f"{where}: expected a mapping, got {type(entry).__name__}")
    unknown = sorted(set(entry) - set(FORCED_FIELDS) - {"time"})
    if unknown:
        raise RunReportError(f"{where}: unknown field(s) {', '.join(unknown)}")
    at = entry.get("at", entry.get("time"))
    out = {
        "ring": _text(entry.get("ring"), f"{where}.ring", required=True),
        "reason": _text(entry.get("reason"), f"{where}.reason", required=True),
        "at": parse_instant(at, f"{where}.at").isoformat(),
        "user": None if entry.get("user") is None else str(entry["user"]),
    }
    if entry.get("wave") is not None:
        out["wave"] = _int(entry["wave"], f"{where}.wave", 1)
    if entry.get("next_window") is not None:
        out["next_window"] = entry["next_window"]
    return out


def summarise(records, forced_windows, status):
    """Counts per state, failed subjects and subjects left drained."""
    counts = {state: 0 for state in STATES}
    for record in records:
        counts[record["state"]] += 1
    return {
        "status": status,
        "subjects": len(records),
        "counts": {state: count for state, count in counts.items() if count},
        "failed": sorted(r["subject"] for r in records if r["state"] == "failed"),
        "left_drained": sorted(
            r["subject"] for r in records if r["state"] in LEFT_DRAINED_STATES and r["subject_type"] == "machine"
        ),
        "forced_windows": len(forced_windows),
        "reboots": sum(r["reboots"] for r in records),
    }


def build_report(kind, started, status, records, forced_windows=(), plan=None, ended=None):
    """Validate everything and return the report (a JSON-ready dict)."""
    if not isinstance(kind, str) or not _KIND_RE.match(kind):
        raise RunReportError(f"kind: {kind!r} must be lower-case letters, digits and underscores")
    start = parse_instant(started, "started")
    end = None if ended is None else parse_instant(ended, "ended")
    if end is not None and end < start:
        raise RunReportError(f"ended {ended} is before started {started}")
    if status not in RUN_STATUSES:
        raise RunReportError(f"status: {status!r} is not one of {', '.join(RUN_STATUSES)}")
    if not isinstance(records, (list, tuple)):
        raise RunReportError(f"records: expected a list, got {type(records).__name__}")
    if not isinstance(forced_windows, (list, tuple)):
        raise RunReportError(f"forced_windows: expected a list, got {type(forced_windows).__name__}")
    normalised = [normalise_record(record, index) for index, record in enumerate(records)]
    seen = set()
    for index, record in enumerate(normalised):
        key = (record["subject_type"], record["subject"])
        if key in seen:
            raise RunReportError(f"records[{index}]: {record['subject_type']} {record['subject']!r} appears twice")
        seen.add(key)
    forced = [normalise_forced(entry, index) for index, entry in enumerate(forced_windows)]
    if status == "succeeded" and any(r["state"] == "failed" for r in normalised):
        raise RunReportError("status: 'succeeded' but at least one record is failed")
    return {
        "kind": kind,
        "started": start.isoformat(),
        "ended": None if end is None else end.isoformat(),
        "duration_seconds": None if end is None else int((end - start).total_seconds()),
        "status": status,
        "summary": summarise(normalised, forced, status),
        "forced_windows": forced,
        "records": normalised,
        "plan": plan,
    }


def _cell(value):
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _duration(seconds):
    if seconds is None:
        return ""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def render_markdown(report):
    """The report for people: summary, forced windows, machines left drained, one row per subject."""
    summary = report["summary"]
    lines = [
        f"# Run report: {report['kind']}",
        "",
        f"- Status: **{report['status']}**",
        f"- Started: {report['started']}",
        f"- Ended: {report['ended'] or '-'}",
        f"- Duration: {_duration(report['duration_seconds']) or '-'}",
        f"- Subjects: {summary['subjects']} ("
        + (", ".join(f"{state} {count}" for state, count in summary["counts"].items()) or "none")
        + ")",
        f"- Reboots: {summary['reboots']}",
        "",
    ]
    if summary["left_drained"]:
        lines += [
            "## Left drained",
            "",
            "These machines are out of service in HAProxy; the next run refuses to start until they are dealt with:",
            "",
        ]
        lines += [f"- {name}" for name in summary["left_drained"]]
        lines.append("")
    lines += ["## Forced maintenance windows", ""]
    if report["forced_windows"]:
        lines += ["| ring | at | user | reason |", "|---|---|---|---|"]
        for entry in report["forced_windows"]:
            lines.append(
                f"| {_cell(entry['ring'])} | {_cell(entry['at'])} | {_cell(entry['user'])} | {_cell(entry['reason'])} |"
            )
    else:
        lines.append("None.")
    downgrades = [r for r in report["records"] if "downgrade" in (r.get("details") or {})]
    if downgrades:
        lines += ["", "## Forced downgrades", "", "| subject | state | from | to | reason |", "|---|---|---|---|---|"]
        for r in downgrades:
            entry = r["details"]["downgrade"]
            lines.append(
                "| "
                + " | ".join(_cell(v) for v in (r["subject"], r["state"], entry["from"], entry["to"], entry["reason"]))
                + " |"
            )
    drains = [r for r in report["records"] if "last_proxy_drain" in (r.get("details") or {})]
    if drains:
        lines += [
            "",
            "## Forced last-proxy drains",
            "",
            "The only DMZ proxy of a datacenter that serves environments was drained by its wave:",
            "",
            "| subject | datacenter | wave | state | reason |",
            "|---|---|---|---|---|",
        ]
        for r in drains:
            entry = r["details"]["last_proxy_drain"]
            cells = (r["subject"], entry["datacenter"], r["wave"], r["state"], entry["reason"])
            lines.append("| " + " | ".join(_cell(v) for v in cells) + " |")
    lines += [
        "",
        "## Subjects",
        "",
        "| subject | type | wave | ring | state | installed | reboots | duration | message |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["records"]:
        installed = ", ".join(r["installed"])
        if r["from_version"] or r["to_version"]:
            installed = (
                installed + " " if installed else ""
            ) + f"{r['from_version'] or '?'} -> {r['to_version'] or '?'}"
        lines.append(
            "| "
            + " | ".join(
                _cell(v)
                for v in (
                    r["subject"],
                    r["subject_type"],
                    r["wave"],
                    r["ring"],
                    r["state"],
                    installed,
                    r["reboots"],
                    _duration(r["duration_seconds"]),
                    r["message"],
                )
            )
            + " |"
        )
    return "\n".join(lines) + "\n"


def report_paths(dest, report):
    """``(json_path, markdown_path)`` of a report in ``dest``."""
    stem = f"{report['kind']}-{compact_utc(parse_instant(report['started'], 'started'))}"
    return os.path.join(dest, stem + ".json"), os.path.join(dest, stem + ".md")


def write_report(dest, report, check_mode=False):
    """Write the JSON and Markdown files (atomically, only when different). Returns (json, md, changed)."""
    if not isinstance(dest, str) or not dest:
        raise RunReportError("dest: a directory is required")
    if not os.path.isdir(dest):
        if os.path.exists(dest):
            raise RunReportError(f"dest: {dest} exists and is not a directory")
        if not check_mode:
            try:
                os.makedirs(dest, exist_ok=True)
            except OSError as error:
                raise RunReportError(f"dest: cannot create {dest}: {error}") from None
    json_path, md_path = report_paths(dest, report)
    json_text = json.dumps(report, indent=2, sort_keys=True) + "\n"
    changed = write_if_changed(json_path, json_text, check_mode)
    changed = write_if_changed(md_path, render_markdown(report), check_mode) or changed
    return json_path, md_path, changed
