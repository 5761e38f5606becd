# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Load a role's Python script (``roles/<role>/files/<name>``, no ``.py``) as a module, for its tests."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import pathlib
from types import ModuleType

ROOT = pathlib.Path(__file__).resolve().parents[3]


def load_script(role: str, name: str) -> ModuleType:
    """The module of ``roles/<role>/files/<name>``, executed once (its ``main`` is not run)."""
    path = ROOT / "roles" / role / "files" / name
    loader = importlib.machinery.SourceFileLoader(name.replace("-", "_"), str(path))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module
