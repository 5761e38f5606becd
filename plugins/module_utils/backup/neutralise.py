# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: which neutralisation statements a copy runs, and why.

A restore into a non-production environment is neutralised (always: a request whose steps come out empty - an
empty ``restore_neutralise_steps``, or no option licensed and targeting a database of the target - is refused).
The statements come from the platform's ``neutralisation:`` settings (``core.neutralisation_policy``), per
option: an option without ``licensed_option`` runs for every copy, an option with one only when the target's
tenant licenses it (the environment record's ``options``, from the tenant's ``subscription.options``), and
either only when one of its statements targets a database the target has. The operator's
``restore_neutralise_steps`` replace the settings for one run (named as such in the plan and report).

:func:`copy_neutralisation` returns the steps (each with its ``option`` and ``reason``) that the restore plan maps
onto the target's databases, every option with whether it runs and why, and lines for the printed plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ansible_collections.divalto.cloud.plugins.module_utils.core.neutralisation_policy import neutralisation_settings

OVERRIDE = "restore_neutralise_steps"


def _none(target_key: str, why: str) -> dict[str, Any]:
    return {"target": target_key, "neutralised": False, "options": [], "steps": [], "summary": [why]}


def _steps(
    option: str, reason: str, statements: Sequence[Mapping[str, Any]], roles: Sequence[str]
) -> list[dict[str, Any]]:
    """The steps of ``statements`` that target one of ``roles`` (the target's databases): the others run nowhere."""
    return [
        {
            "name": statement["name"],
            "database": statement.get("database", "erp"),
            "sql": statement["sql"],
            "description": statement.get("description", ""),
            "option": option,
            "reason": reason,
        }
        for statement in statements
        if statement.get("database", "erp") in roles
    ]


def _no_database(target: Mapping[str, Any], roles: Sequence[str]) -> str:
    return "no statement targets a database of %s (it has %s)" % (target["key"], ", ".join(roles) or "none")


def copy_neutralisation(
    target: Mapping[str, Any],
    settings: Any = None,
    with_databases: bool = True,
    override: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """What a restore into ``target`` (its environment record) neutralises.

    ``settings``: the platform's ``neutralisation:`` section (``None``: the defaults); ``with_databases``: whether
    the restore replaces the target's databases; ``override``: the checked ``restore_neutralise_steps`` (``None``:
    not given). Returns ``{target, neutralised, options, steps, summary}``: ``options`` lists every option
    (``option``, ``licensed_option``, ``applied``, ``reason``, ``statements``: the names of those that run, or
    of all when the option does not), ``steps`` the
    statements that run (``name``, ``database`` role, ``sql``, ``description``, ``option``, ``reason``).
    An option counts as applied only when at least one of its statements targets a database the target has
    (``databases``, by role); a statement of a role the target lacks is not a step. ``neutralised`` false with
    ``steps`` empty for a non-production target whose databases are restored is refused by the request
    (``restore_request``): a copy never runs with nothing neutralised.
    Raises ``NeutralisationPolicyError`` for invalid settings.
    """
    key = target["key"]
    if target.get("production"):
        return _none(key, "neutralisation: none (production target)")
    if not with_databases:
        return _none(key, "neutralisation: none (no database is restored)")
    options = []
    steps: list[dict[str, Any]] = []
    roles = sorted(target.get("databases") or {})
    if override is not None:
        reason = "given with -e %s" % OVERRIDE
        steps = _steps(OVERRIDE, reason, override, roles)
        options.append(
            {
                "option": OVERRIDE,
                "licensed_option": None,
                "applied": bool(steps),
                "reason": reason if steps else _no_database(target, roles),
                "statements": [step["name"] for step in steps],
            }
        )
    else:
        licensed = set(target.get("options") or [])
        for option, entry in neutralisation_settings(settings).items():
            needed = entry["licensed_option"]
            if needed is None:
                applied, reason = True, "every copy"
            elif needed in licensed:
                applied, reason = True, "tenant %s licenses %s" % (target["tenant"], needed)
            else:
                applied, reason = False, "tenant %s does not license %s" % (target["tenant"], needed)
            names = [statement["name"] for statement in entry["statements"]]
            selected = _steps(option, reason, entry["statements"], roles) if applied else []
            if applied and not selected:
                applied, reason = False, _no_database(target, roles)
            options.append(
                {
                    "option": option,
                    "licensed_option": needed,
                    "applied": applied,
                    "reason": reason,
                    "statements": [step["name"] for step in selected] if applied else names,
                }
            )
            steps.extend(selected)
    summary = ["neutralisation of %s (not production):" % key]
    for option in options:
        if option["applied"]:
            summary.append("  %s (%s): %s" % (option["option"], option["reason"], ", ".join(option["statements"])))
        else:
            summary.append("  not %s: %s" % (option["option"], option["reason"]))
    return {
        "target": key,
        "neutralised": bool(steps),
        "options": options,
        "steps": steps,
        "summary": summary,
    }
