#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Windows lint: the rules of docs/windows.md that a machine can check (issue #13, item 11).

    python tools/windows_lint.py [PATH ...]

The entry point ``make lint`` calls; the lint itself is the package tools/winlint/ (its docstring lists the
rules and their limits).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from winlint import Finding, Report, default_paths, lint_paths  # noqa: E402  (tools/ is on the path only now)
from winlint.__main__ import main  # noqa: E402

__all__ = ["Finding", "Report", "default_paths", "lint_paths", "main"]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
