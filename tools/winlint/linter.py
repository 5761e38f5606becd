# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run: every file given is read once, its tasks or its script checked by the rules, the findings sorted."""

from __future__ import annotations

from pathlib import Path

import yaml

from .discovery import Files, iter_file_tasks, lint_files
from .powershell import Script
from .report import Finding, Report, display
from .rules import check_ps1, check_task
from .trust import check_trust_order

REPO = Path(__file__).resolve().parents[2]


class Linter:
    def __init__(self, root: Path) -> None:
        self.files = Files(root)
        self.report = Report()

    def lint(self, path: Path) -> None:
        for file in lint_files(path):
            self.lint_file(file)

    def lint_file(self, path: Path) -> None:
        if path.suffix.lower() == ".ps1":
            self.lint_ps1(path)
        else:
            self.lint_yaml(path)

    def lint_ps1(self, path: Path) -> None:
        self.report.scripts += 1
        script = Script(path.read_text(encoding="utf-8-sig"), display(path), lambda index: index + 1)
        self.report.findings.extend(check_ps1(script))

    def lint_yaml(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(error, "problem", None) or str(error)
            self.report.findings.append(Finding(display(path), line, "WL100", f"cannot parse YAML: {problem}"))
            return
        if not isinstance(root, yaml.SequenceNode):
            return
        lines = text.splitlines()
        tasks = list(iter_file_tasks(root, path))
        self.report.tasks += len(tasks)
        for task in tasks:
            self.report.findings.extend(check_task(task, lines, self.files))
        self.report.findings.extend(check_trust_order(tasks, self.files))


def lint_paths(paths: list[Path], root: Path = REPO) -> Report:
    """Lint ``paths`` (files or directories); ``root`` bounds the search of the .ps1 of a ``path:`` task."""
    linter = Linter(root)
    for path in paths:
        linter.lint(path)
    linter.report.findings.sort()
    return linter.report


def default_paths(root: Path = REPO) -> list[Path]:
    return [root / "roles", root / "playbooks"]
