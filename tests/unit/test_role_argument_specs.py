# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every role's meta/argument_specs.yml agrees with its defaults, for every entry point.

Ansible takes a role variable's value from defaults/, never from the
argument spec's ``default``; the two must say the same thing, and every
public default must be documented by an option.
"""

from __future__ import annotations

import pathlib

import pytest
import yaml

COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[2]
ROLES = sorted(path for path in (COLLECTION_ROOT / "roles").glob("*") if path.is_dir())


def _load(path):
    if not path.is_file():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _entry_points():
    for role in ROLES:
        specs = _load(role / "meta" / "argument_specs.yml")
        if specs is None:
            yield pytest.param(role, None, None, id="%s (no argument_specs)" % role.name)
            continue
        for entry, spec in sorted(specs.get("argument_specs", {}).items()):
            yield pytest.param(role, entry, spec, id="%s:%s" % (role.name, entry))


def _defaults(role, entry):
    """What Ansible loads for an entry point: defaults/main.yml, then defaults/<entry>.yml over it."""
    values = dict(_load(role / "defaults" / "main.yml") or {})
    if entry != "main":
        values.update(_load(role / "defaults" / ("%s.yml" % entry)) or {})
    return values


@pytest.mark.parametrize("role, entry, spec", list(_entry_points()))
def test_argument_specs_defaults_equal_role_defaults(role, entry, spec):
    assert spec is not None, "%s: roles need meta/argument_specs.yml" % role.name
    options = spec.get("options") or {}
    defaults = _defaults(role, entry)
    public = {name: value for name, value in defaults.items() if not name.startswith("__")}
    undocumented = sorted(set(public) - set(options))
    assert not undocumented, "%s:%s: defaults without an option in argument_specs: %s" % (
        role.name,
        entry,
        undocumented,
    )
    mismatched = {
        name: {"argument_specs": option.get("default"), "defaults": defaults.get(name, "<missing>")}
        for name, option in options.items()
        if "default" in option and (name not in defaults or option["default"] != defaults[name])
    }
    assert not mismatched, "%s:%s: argument_specs defaults differ from defaults/: %s" % (role.name, entry, mismatched)
    without_default = sorted(
        name
        for name, option in options.items()
        if "default" not in option and name in defaults and not option.get("required")
    )
    assert not without_default, "%s:%s: options set in defaults/ but without a default in argument_specs: %s" % (
        role.name,
        entry,
        without_default,
    )


@pytest.mark.parametrize("role", ROLES, ids=lambda role: role.name)
def test_role_variables_are_prefixed(role):
    names = set((_load(role / "defaults" / "main.yml") or {}).keys())
    specs = _load(role / "meta" / "argument_specs.yml") or {}
    for spec in specs.get("argument_specs", {}).values():
        names.update((spec.get("options") or {}).keys())
    stray = sorted(name for name in names if not name.startswith((role.name + "_", "__" + role.name + "_")))
    assert not stray, "%s: role variables must start with %s_: %s" % (role.name, role.name, stray)
