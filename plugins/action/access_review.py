# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access_review action; documented in plugins/modules/access_review.py."""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.backup.restic import account as vault_account
from ansible_collections.divalto.cloud.plugins.module_utils.core.report_files import ReportFilesError
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import parse_timestamp
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_report import review_result, write_review
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_request import require_report_dir
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_review import access_review, review_diff
from ansible_collections.divalto.cloud.plugins.module_utils.identity.access_sources import (
    MAX_BYTES,
    REVIEW_KIND,
    REVIEW_MAX_BYTES,
    AccessReviewError,
    parse_previous,
    parse_sql_recording,
    parse_vault_keys,
)
from ansible_collections.divalto.cloud.plugins.plugin_utils.controller_action import ControllerAction


def _read(path: str, what: str, limit: int = MAX_BYTES) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise AccessReviewError("%s: cannot read %s: %s" % (what, path, exc.strerror or exc)) from None


def latest_review(report_dir: str) -> str:
    """The newest ``access_review-*.json`` in ``report_dir`` (names sort by time), or '' when there is none."""
    if not report_dir or not os.path.isdir(report_dir):
        return ""
    names = sorted(n for n in os.listdir(report_dir) if n.startswith(REVIEW_KIND + "-") and n.endswith(".json"))
    return os.path.join(report_dir, names[-1]) if names else ""


def read_sql(sql_dir: str, keys: list[str], now: _dt.datetime) -> dict[str, Any]:
    """Environment key -> its recorded SQL access, from ``sql_dir/<key>.json``; a JSON file of no environment is
    refused (a misnamed recording would otherwise be silently left out)."""
    if not sql_dir:
        return {}
    if not os.path.isdir(sql_dir):
        raise AccessReviewError("sql_dir: %s is not a directory" % sql_dir)
    files = sorted(name for name in os.listdir(sql_dir) if name.endswith(".json"))
    unknown = [name for name in files if name[: -len(".json")] not in keys]
    if unknown:
        raise AccessReviewError(
            "sql_dir: %s is not named after an environment of the model (<environment key>.json)"
            % os.path.join(sql_dir, unknown[0])
        )
    recorded = {}
    for name in files:
        path = os.path.join(sql_dir, name)
        recorded[name[: -len(".json")]] = parse_sql_recording(_read(path, "sql_dir"), path, name[: -len(".json")], now)
    return recorded


class ActionModule(ControllerAction):
    """The access review, from the directory's entries, the model and the recorded inputs, with its diff, written
    into ``report_dir`` on the controller; the result is bounded (``access_report.review_result``)."""

    ARGUMENT_SPEC = {
        "identity": {"type": "dict", "required": True},
        "environments": {"type": "dict", "default": {}},
        "groups": {"type": "list", "elements": "raw", "required": True},
        "accounts": {"type": "list", "elements": "raw", "required": True},
        "sql_dir": {"type": "str", "default": ""},
        "vault_keys": {"type": "raw"},
        "previous": {"type": "str", "default": ""},
        "report_dir": {"type": "str", "required": True},
        "report_dir_given": {"type": "bool", "default": False},
        "unused_days": {"type": "int", "default": 90},
        "now": {"type": "str"},
    }

    def run(self, tmp: Any = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        """ControllerAction's run; changed when a file of the review was written (or would be, in check mode)."""
        result = super().run(tmp, task_vars)
        if not result.get("failed"):
            result["changed"] = bool(result["written"])
        return result

    def evaluate(self, args: dict[str, Any], task_vars: dict[str, Any]) -> dict[str, Any]:
        require_report_dir(args["report_dir_given"], task_vars)
        if not args["report_dir"]:
            raise AccessReviewError("report_dir: empty; the review is written there")
        now = parse_timestamp(args["now"], "now") if args["now"] else _dt.datetime.now(_dt.UTC)
        now = now.replace(microsecond=0)
        identity = args["identity"]
        tenants = sorted(identity.get("tenants") or {})
        keys = sorted(
            key
            for key, record in args["environments"].items()
            if isinstance(record, dict) and record.get("tenant") in tenants
        )
        sql = read_sql(args["sql_dir"], keys, now)
        given = parse_vault_keys(args["vault_keys"], tenants) if args["vault_keys"] is not None else None
        vault = {
            tenant: {"account": vault_account(tenant), "public_keys": None if given is None else given.get(tenant, [])}
            for tenant in tenants
        }
        previous_path = args["previous"] or latest_review(args["report_dir"])
        if args["previous"] and not os.path.isfile(previous_path):
            raise AccessReviewError("previous: %s is not a file" % previous_path)
        previous = (
            parse_previous(_read(previous_path, "previous", REVIEW_MAX_BYTES), previous_path, now)
            if previous_path
            else None
        )
        review = access_review(
            identity, args["environments"], args["groups"], args["accounts"], sql, vault, now, args["unused_days"]
        )
        review["diff"] = review_diff(previous, review["grants"])
        review["sources"] = {
            "sql": "recorded only (%s)" % args["sql_dir"] if args["sql_dir"] else "not recorded",
            "vault_keys": "given" if args["vault_keys"] is not None else "not recorded",
            "sftp": "the registry (client_access)",
        }
        try:
            paths, written = write_review(review, args["report_dir"], bool(self._task.check_mode))
        except (ReportFilesError, OSError) as exc:
            raise AccessReviewError("cannot write the review in %s: %s" % (args["report_dir"], exc)) from None
        return review_result(review, paths, written)
