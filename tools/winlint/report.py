# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reporting: a finding, the report of a run, and how paths and excerpts are shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

EXCERPT = 60


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule} {self.message}"


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    tasks: int = 0
    scripts: int = 0

    def summary(self) -> str:
        if not self.findings:
            return f"windows-lint: no findings in {self.tasks} tasks and {self.scripts} scripts"
        files = len({finding.path for finding in self.findings})
        return f"windows-lint: {len(self.findings)} findings in {files} files"


def excerpt(text: str) -> str:
    """At most EXCERPT characters of ``text``, whitespace collapsed."""
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 3] + "..."


def display(path: Path) -> str:
    """``path`` relative to the working directory when it is below it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
