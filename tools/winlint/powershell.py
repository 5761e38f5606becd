# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PowerShell text scanning: comments and strings masked, brackets matched, commands and their arguments delimited.

Heuristics on text, not a PowerShell parser (see the package's docstring for the limits).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .report import Finding

MARKER_DELEGATION = re.compile(r"#\s*windows-lint:\s*delegation\s+\S")
PARAM_BLOCK = re.compile(r"param\s*\(", re.I)
USING = re.compile(r"using\s+(?:namespace|module|assembly)\b[^\n]*", re.I)
OPENERS, CLOSERS = "([{", ")]}"


def _blank(out: list[str], start: int, end: int) -> None:
    for index in range(start, end):
        if out[index] != "\n":
            out[index] = " "


def _string_end(text: str, start: int) -> int:
    """Index just past the string literal opening at ``start`` (', " or a here-string @'/@")."""
    if text[start] == "@":
        quote = text[start + 1]
        end = re.compile(r"\n" + quote + "@").search(text, start + 2)
        return len(text) if end is None else end.end()
    quote, index = text[start], start + 1
    while index < len(text):
        char = text[index]
        if char == "`" and quote == '"':
            index += 2
            continue
        if char == quote:
            if text[index + 1 : index + 2] == quote:
                index += 2
                continue
            return index + 1
        index += 1
    return len(text)


def _is_here_string(text: str, index: int) -> bool:
    return text[index] == "@" and re.match(r"@['\"][ \t]*\r?\n", text[index:]) is not None


def mask(text: str, strings: bool) -> str:
    """``text`` with comments (and, if ``strings``, string contents) blanked; offsets and newlines kept."""
    out, index = list(text), 0
    while index < len(text):
        char = text[index]
        if text.startswith("<#", index):
            end = text.find("#>", index + 2)
            end = len(text) if end < 0 else end + 2
            _blank(out, index, end)
        elif char == "#" and (index == 0 or text[index - 1] in " \t\r\n;(){}|,="):
            end = text.find("\n", index)
            end = len(text) if end < 0 else end
            _blank(out, index, end)
        elif char in "'\"" or _is_here_string(text, index):
            end = _string_end(text, index)
            if strings:
                opening = 2 if char == "@" else 1
                _blank(out, index + opening, max(index + opening, end - opening))
        else:
            end = index + 1
        index = end
    return "".join(out)


def matching(bare: str, start: int) -> int | None:
    """Index of the bracket closing the one at ``start`` in string-masked text."""
    depth = 0
    for index in range(start, len(bare)):
        if bare[index] in OPENERS:
            depth += 1
        elif bare[index] in CLOSERS:
            depth -= 1
            if depth == 0:
                return index
    return None


def command_end(bare: str, start: int) -> int:
    """End of the arguments of a command whose name ends at ``start``."""
    depth = 0
    for index in range(start, len(bare)):
        char = bare[index]
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            if depth == 0:
                return index
            depth -= 1
        elif depth == 0 and (char in "|;" or (char == "\n" and bare[start:index].rstrip()[-1:] not in (",", "`"))):
            return index
    return len(bare)


def split_top(bare: str, start: int, end: int, separators: str) -> list[tuple[int, int]]:
    """Spans of ``bare[start:end]`` between separators outside brackets."""
    spans, depth, begin = [], 0, start
    for index in range(start, end):
        char = bare[index]
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth -= 1
        elif depth == 0 and char in separators:
            spans.append((begin, index))
            begin = index + 1
    spans.append((begin, end))
    return spans


def tokens(bare: str, start: int, end: int) -> list[tuple[int, int]]:
    """Argument tokens of ``bare[start:end]``: words outside brackets, each comma a token of its own."""
    spans = []
    for begin, stop in split_top(bare, start, end, " \t\r\n`,"):
        if begin < stop:
            spans.append((begin, stop))
        if stop < end and bare[stop] == ",":
            spans.append((stop, stop + 1))
    return spans


@dataclass
class Script:
    """PowerShell text with the file lines it comes from."""

    text: str
    path: str
    line_of: Callable[[int], int]
    code: str = field(init=False)
    bare: str = field(init=False)

    def __post_init__(self) -> None:
        self.code = mask(self.text, strings=False)
        self.bare = mask(self.text, strings=True)

    def line(self, offset: int) -> int:
        return self.line_of(self.text.count("\n", 0, offset))

    def finding(self, offset: int, rule: str, message: str) -> Finding:
        return Finding(self.path, self.line(offset), rule, message)

    def marker_above(self, offset: int) -> bool:
        """A ``# windows-lint: delegation`` comment on the line(s) just above the line of ``offset``."""
        lines = self.text[: self.text.rfind("\n", 0, offset) + 1].splitlines()
        for line in reversed(lines):
            if not line.strip().startswith("#"):
                return False
            if MARKER_DELEGATION.search(line):
                return True
        return False


def _skip_space(bare: str, index: int) -> int:
    while index < len(bare) and (bare[index].isspace() or bare[index] == ";"):
        index += 1
    return index


def first_statement(script: Script) -> int:
    """Offset of the first statement after comments, using statements, attributes and the param() block."""
    bare, index = script.bare, _skip_space(script.bare, 0)
    while (using := USING.match(bare, index)) is not None:
        index = _skip_space(bare, using.end())
    cursor = index
    while cursor < len(bare) and bare[cursor] == "[":
        close = matching(bare, cursor)
        if close is None:
            return index
        cursor = _skip_space(bare, close + 1)
    if (param := PARAM_BLOCK.match(bare, cursor)) is not None:
        close = matching(bare, param.end() - 1)
        if close is not None:
            return _skip_space(bare, close + 1)
    return index
