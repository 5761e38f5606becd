# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The layers of plugins/module_utils: the core depends on nothing of ours, each capability on the core only.

Read from the source (every ``import`` and ``from ... import`` of every file, nested ones included), so that a
sideways import fails here, in the unit tier, and not in a review.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

MODULE_UTILS = pathlib.Path(__file__).resolve().parents[4] / "plugins" / "module_utils"
PREFIX = "ansible_collections.divalto.cloud.plugins.module_utils."
PACKAGES = sorted(p.name for p in MODULE_UTILS.iterdir() if p.is_dir() and not p.name.startswith("__"))


def _our_imports(path):
    """(line, package) of every import of a module_utils package of ours in ``path``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + ["%s.%s" % (node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            if name.startswith(PREFIX):
                found.append((node.lineno, name[len(PREFIX) :].split(".")[0]))
    return found


def test_every_module_is_in_a_package():
    flat = sorted(p.name for p in MODULE_UTILS.glob("*.py"))
    assert flat == [], "module_utils/%s: put it in the package of its capability (docs/architecture.md)" % flat


@pytest.mark.parametrize("package", PACKAGES)
def test_package_depends_on_core_only(package):
    allowed = {"core"} if package == "core" else {"core", package}
    sideways = [
        "%s:%d imports %s" % (path.relative_to(MODULE_UTILS), line, dep)
        for path in sorted((MODULE_UTILS / package).rglob("*.py"))
        for line, dep in _our_imports(path)
        if dep not in allowed
    ]
    assert sideways == []


def test_the_check_sees_a_sideways_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from ansible_collections.divalto.cloud.plugins.module_utils.network.haproxy import backend_name\n"
        "def f():\n    from ansible_collections.divalto.cloud.plugins.module_utils import backup\n"
    )
    assert _our_imports(bad) == [(1, "network"), (1, "network"), (3, "backup")]
    assert PACKAGES[0] != "" and "core" in PACKAGES and len(PACKAGES) >= 10
