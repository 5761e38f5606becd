# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Restore test (private to the divalto.cloud collection; its API may change without notice).

Pure Python, no Ansible imports. What ``playbooks/backup_restore_test.yml`` computes:

* :func:`pick_environment`: the environment tested this week: the production environments sorted by key,
  one per ISO week in turn (consecutive weeks, across year ends, test consecutive environments), unless one
  is asked for;
* :func:`restore_test_report`: the verdict and its JSON / Markdown renderings. The test passes only when every
  step ran and succeeded: a step that was skipped, failed or left no result makes it FAILED, never passed;
* :func:`snapshot_files`, :func:`restored_files` and :func:`compare_restore`: what the
  ``divalto.cloud.backup_restore_compare`` module reads (``restic ls --json``, the restored tree) and its verdict.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import stat
from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

STEP_STATES = ("passed", "failed", "skipped")


class RestoreTestError(DivaltoError):
    """Arguments the restore test cannot use; names the argument."""


def _date(value, name):
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value[:10])
        except ValueError:
            pass
    raise RestoreTestError("%s: expected a date YYYY-MM-DD, got %r" % (name, value))


def week_index(day):
    """Number of ISO weeks since 0001-01-01 (a Monday): consecutive weeks give consecutive numbers."""
    day = _date(day, "day")
    return (day.toordinal() - 1) // 7


def pick_environment(environments, today, requested=None):
    """The key of the environment to test: ``requested`` when given, else this ISO week's production one."""
    if not isinstance(environments, Mapping) or not environments:
        raise RestoreTestError("environments: expected the divalto_environments inventory variable (a non-empty dict)")
    if requested:
        if requested not in environments:
            raise RestoreTestError(
                "restore_test_environment: %r is not an environment (known: %s)"
                % (requested, ", ".join(sorted(environments)))
            )
        return requested
    production = sorted(
        key
        for key, environment in environments.items()
        if isinstance(environment, Mapping) and environment.get("production")
    )
    if not production:
        raise RestoreTestError("environments: no production environment to rotate over")
    return production[week_index(today) % len(production)]


def _steps(steps):
    if not isinstance(steps, list):
        raise RestoreTestError("steps: expected a list of {name, part, state, message}, got %r" % (steps,))
    result = []
    for index, step in enumerate(steps):
        if not isinstance(step, Mapping) or not step.get("name"):
            raise RestoreTestError("steps[%d]: expected a mapping with a name, got %r" % (index, step))
        state = step.get("state")
        if state not in STEP_STATES:
            raise RestoreTestError(
                "steps[%d].state: expected one of %s, got %r" % (index, ", ".join(STEP_STATES), state)
            )
        result.append(
            {
                "name": step["name"],
                "part": step.get("part", "files"),
                "state": state,
                "message": str(step.get("message") or ""),
                "details": step.get("details") or {},
            }
        )
    return result


def restore_test_report(environment, steps, started, ended, required_parts=("files",)):
    """``{status, environment, started, ended, steps, failures, json, markdown}``.

    ``status`` is ``passed`` only when there are steps, every one ``passed``, and every part of
    ``required_parts`` (``sql``, ``files``) has at least one passed step; ``failed`` otherwise.
    """
    steps = _steps(steps)
    failures = [
        "%s: %s %s" % (step["part"], step["name"], step["state"]) + (": " + step["message"] if step["message"] else "")
        for step in steps
        if step["state"] != "passed"
    ]
    for part in required_parts or ():
        if not any(step["part"] == part and step["state"] == "passed" for step in steps):
            failures.append("%s: no passed step (the %s part did not run)" % (part, part))
    if not steps:
        failures.append("no step ran")
    status = "failed" if failures else "passed"
    document = {
        "kind": "backup_restore_test",
        "environment": environment,
        "status": status,
        "started": started,
        "ended": ended,
        "steps": steps,
        "failures": failures,
    }
    lines = [
        "# Backup restore test: %s" % environment,
        "",
        "**Result: %s**" % status.upper(),
        "",
        "Started %s, ended %s." % (started, ended),
        "",
        "| part | step | result | message |",
        "|---|---|---|---|",
    ]
    for step in steps:
        lines.append(
            "| %s | %s | %s | %s |"
            % (
                step["part"],
                step["name"],
                step["state"].upper(),
                step["message"].replace("|", "\\|").replace("\n", " "),
            )
        )
    if failures:
        lines.extend(["", "## Failures", ""] + ["- %s" % failure for failure in failures])
    document_json = json.dumps(document, indent=2, sort_keys=True)
    return dict(document, json=document_json + "\n", markdown="\n".join(lines) + "\n")


def snapshot_files(ls_output):
    """``{path: size}`` of the regular files of a snapshot, from ``restic ls --json <snapshot>`` (one JSON object a
    line: the snapshot, then its nodes)."""
    files = {}
    for number, line in enumerate((ls_output or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            node = json.loads(line)
        except ValueError:
            raise RestoreTestError(
                "restic ls output line %d: expected JSON, got %s" % (number, excerpt(line))
            ) from None
        if not isinstance(node, Mapping) or node.get("type") != "file":
            continue
        path, size = node.get("path"), node.get("size", 0)
        if not isinstance(path, str) or not path.startswith("/") or isinstance(size, bool) or not isinstance(size, int):
            raise RestoreTestError(
                "restic ls output line %d: expected a file node with an absolute path and a size, got %s"
                % (number, excerpt(line))
            )
        files[path] = size
    return files


def restored_files(target):
    """``{path: size}`` of the regular files under ``target``, each path as it was backed up (``/`` + the path
    relative to ``target``, where ``restic restore --target`` puts it). Symbolic links are not followed, as
    ``find -type f`` does not; a directory that cannot be read raises ``RestoreTestError``."""

    def refuse(error):
        raise RestoreTestError("restored tree %s: %s" % (excerpt(error.filename, 120), error.strerror))

    if not os.path.isdir(target):
        raise RestoreTestError("restored tree %s: not a directory" % excerpt(target, 120))
    files = {}
    for directory, _directories, names in os.walk(target, onerror=refuse):
        for name in names:
            path = os.path.join(directory, name)
            status = os.lstat(path)
            if stat.S_ISREG(status.st_mode):
                files["/" + os.path.relpath(path, target)] = status.st_size
    return files


def compare_restore(expected, restored):
    """Compare a snapshot's files (:func:`snapshot_files`) with the restored tree (:func:`restored_files`).

    Returns ``{ok, files, bytes, missing, unexpected, size_mismatch}``: every regular file of the snapshot must be
    restored with its recorded size, and nothing else may appear. (Content is verified by ``restic restore
    --verify``, against the snapshot's SHA-256 blob ids.)
    """
    for name, files in (("expected", expected), ("restored", restored)):
        if not isinstance(files, Mapping):
            raise RestoreTestError("%s: expected a mapping of path -> size, got %s" % (name, excerpt(files)))
    missing = sorted(set(expected) - set(restored))
    unexpected = sorted(set(restored) - set(expected))
    mismatch = sorted(path for path in set(expected) & set(restored) if expected[path] != restored[path])
    return {
        "ok": not (missing or unexpected or mismatch) and bool(expected),
        "files": len(expected),
        "bytes": sum(expected.values()),
        "missing": missing,
        "unexpected": unexpected,
        "size_mismatch": mismatch,
    }
