# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The command line: ``python tools/windows_lint.py [PATH ...]`` (or ``python -m winlint`` from tools/)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DESCRIPTION
from .linter import default_paths, lint_paths


def main(argv: list[str] | None = None) -> int:
    """Print the findings and a summary; 0 without findings, 1 with findings, 2 on a usage error."""
    parser = argparse.ArgumentParser(prog="windows_lint.py", description=DESCRIPTION)
    parser.add_argument("paths", nargs="*", type=Path, help="files or directories (default: roles/ and playbooks/)")
    options = parser.parse_args(argv)
    paths = options.paths or default_paths()
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        print(f"windows-lint: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    report = lint_paths(paths)
    for finding in report.findings:
        print(finding)
    print(report.summary())
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
