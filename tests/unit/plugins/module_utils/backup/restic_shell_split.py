# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test helper: a faithful Python port of restic's ``SplitShellStrings``.

restic splits the value of ``-o sftp.command=...`` with ``backend.SplitShellStrings`` and runs ``args[0]`` with
``args[1:]`` (``buildSSHCommand`` in ``internal/backend/sftp/sftp.go``); no shell is involved. The splitter is
restic's ``internal/backend/shell_split.go`` (unchanged in substance since it was ``SplitShellArgs`` in
``internal/backend/sftp/split.go``). Ported line by line from
https://github.com/restic/restic/blob/master/internal/backend/shell_split.go so that the tests can check the exact
argv restic hands to ``ssh``. Its rules, which are NOT a POSIX shell's:

* outside quotes, whitespace (Go's ``unicode.IsSpace``) AND the backslash end a word; the backslash is dropped;
* ``'`` and ``"`` open a quoted word and the same quote closes it; the quote characters themselves are word
  boundaries, so ``a'b'c`` gives ``a``, ``b``, ``c`` (no concatenation) and ``''`` gives nothing;
* a character right after a backslash is never taken as a quote: outside quotes ``\\"x`` gives ``"x``; inside
  quotes the backslash is kept AND stops the next quote from closing (``"a\\"b"`` gives ``a\\"b``, ``"a\\"`` is
  unterminated); there is no other escape, nothing is ever unescaped (words are slices of the input);
* an unterminated quote and an empty command are errors.

Go iterates over runes of a UTF-8 string; Python strings are already code points, so the indices differ but the
slices are the same.
"""

from __future__ import annotations

# Go's unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0 in Latin-1, else the Unicode White_Space
# property (Go's unicode.White_Space table). Not Python's str.isspace(), which also accepts U+001C..U+001F.
GO_SPACES = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680"
    + "".join(chr(code) for code in range(0x2000, 0x200B))
    + "\u2028\u2029\u202f\u205f\u3000"
)


class ShellSplitError(ValueError):
    """The error SplitShellStrings returns (same messages as restic)."""


class _ShellSplitter:
    """``shellSplitter`` of shell_split.go."""

    def __init__(self):
        self.quote = ""  # Go: quote rune (0 when outside quotes)
        self.last_char = ""  # Go: lastChar rune

    def is_split_char(self, c):
        # only test for quotes if the last char was not a backslash
        if self.last_char != "\\":
            # quote ended
            if self.quote and c == self.quote:
                self.quote = ""
                return True
            # quote starts
            if not self.quote and c in ('"', "'"):
                self.quote = c
                return True

        self.last_char = c

        # within quote
        if self.quote:
            return False

        # outside quote
        return c == "\\" or c in GO_SPACES


def split_shell_strings(data):
    """``SplitShellStrings(data)``: the list of words, or :class:`ShellSplitError` with restic's message."""
    splitter = _ShellSplitter()
    strs = []

    # derived from strings.SplitFunc
    field_start = -1  # Set to -1 when looking for start of field.
    for i, c in enumerate(data):
        if splitter.is_split_char(c):
            if field_start >= 0:
                strs.append(data[field_start:i])
                field_start = -1
        elif field_start == -1:
            field_start = i
    if field_start >= 0:  # Last field might end at EOF.
        strs.append(data[field_start:])

    if splitter.quote == "'":
        raise ShellSplitError("single-quoted string not terminated")
    if splitter.quote == '"':
        raise ShellSplitError("double-quoted string not terminated")

    if not strs:
        raise ShellSplitError("command string is empty")

    return strs
