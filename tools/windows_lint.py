#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Windows lint: the rules of docs/windows.md that a machine can check (issue #13, item 11).

    python tools/windows_lint.py [PATH ...]

Without PATH: the repository's roles/ and playbooks/. A directory is searched for ``*.yml``/``*.yaml``
files (read as task lists or playbooks; files whose top level is not a list are skipped) and ``*.ps1``
files. Every task is read, blocks (block/rescue/always) at any depth included, and the pre_tasks, tasks,
post_tasks and handlers of plays. Prints ``path:line: RULE message`` per finding and a summary line;
exit status 0 without findings, 1 with findings, 2 on a usage error.

Rules
  WL100  a YAML file that cannot be parsed (nothing in it could be checked).
  WL101  error discipline: a win_powershell task needs ``error_action: stop`` or a script whose first
         statement is ``$ErrorActionPreference = 'Stop'`` (for ``path:``, the .ps1 is found as Ansible
         would: files/ of the role or of a folder above the task file); a .ps1 must set it before any
         other statement. Comments, ``#Requires``, ``using``, attributes such as ``[CmdletBinding()]``
         and the ``param()`` block may come first.
  WL102  every ``<Verb>-Dba*`` call (dbatools) carries ``-EnableException`` unless the script sets
         ``$PSDefaultParameterValues['*-Dba*:EnableException'] = $true`` before its first dbatools
         call. A call that splats (``@args``) passes when the script has an ``EnableException = $true``
         entry. Set-DbatoolsInsecureConnection and Get-DbatoolsConfigValue have no such parameter
         (dbatools' source): exempt.
  WL103  ``$Ansible.Result +=`` (the result starts as a hashtable: assign ``$Ansible.Result = @(...)``).
  WL104  an LSN (BigInteger) or DateTime property leaves a win_powershell script uncast (Windows
         PowerShell 5.1's JSON loses both). Every win_powershell script and .ps1 is checked, not only
         those assigning ``$Ansible.Result``: win_powershell serialises the pipeline output (``output``)
         the same way. Heuristic, see below.
  WL105  a UNC path read from the WinRM session without delegation (the double hop): Test-Path,
         Get-ChildItem, Get-Item, Get-Content or Copy-Item given a ``\\\\server`` literal, or a
         win_powershell parameter whose value is UNC-like; win_package/win_copy/win_get_url/win_unzip/
         win_robocopy/win_stat/win_find/win_file/win_template with a UNC-like path (a ``\\\\`` literal,
         or a Jinja expression holding four backslashes or the word ``unc``/``share``). Delegation is
         ``become: true`` (or a templated ``become``: delegation when it applies) with ``become_method:
         runas`` on the task, an enclosing block or the play; the module's own credentials
         (``username``/``user_name``/``user`` and ``password``); or a comment ``# windows-lint:
         delegation <how>`` on the line(s) just above the task (or block, or play). In a .ps1, the same
         comment on the line(s) above the command.
  WL106  Jinja (``{{`` or ``{%``) in a win_powershell ``script:`` or a win_shell command: values reach
         PowerShell only through ``parameters:``.
  WL107  per YAML file: the first lowlydba.sqlserver task, or win_powershell script calling dbatools,
         comes before any task that sets the SQL connection trust (a script calling Set-DbatoolsConfig
         and naming ``sql.connection.trustcert``, or calling Set-DbatoolsInsecureConnection, or passing
         ``-TrustServerCertificate``) or imports/includes ``sql_trust`` (import_role/include_role
         ``tasks_from``, import_tasks/include_tasks file). One finding per file, at the first use.
  WL108  win_shell: use win_powershell with ``error_action: stop`` (win_shell reports success after a
         statement error).

Limits (heuristics on text, not a PowerShell parser)
  * Comments and string literals (here-strings included) are recognised; ``$(...)`` inside double-quoted
    strings is treated as string text. A command's arguments run to ``|``, ``;``, an unbalanced closing
    bracket or the end of a line not ending with ``,`` or a backtick.
  * WL104 looks at hashtable literals (``@{...}``, so ``[pscustomobject]@{...}``, ``[ordered]@{...}`` and
    Select-Object calculated properties) and at Select-Object property lists (``-Property``,
    ``-ExpandProperty`` or positional). A hashtable entry is flagged when its value (or an element of
    an array value, or the body of a ``{ }`` script block) is exactly a member access ending in a
    risky property, optionally behind a cast that keeps the type (``[datetime]``, ``[bigint]``,
    ``[object]``): ``$_.FirstLsn``, ``$row.Info.LastFullBackup``. Anything else passes:
    ``[string]$_.FirstLsn``, ``$_.Start.ToString('o')``, ``([datetime]$b.End).ToUniversalTime().ToString('o')``,
    ``$_.Start -gt $cutoff``. Hashtables assigned to a variable that is later splatted (``@name``) are
    parameters, not output, and are skipped. Not seen: ``Select-Object *``, objects emitted whole
    (``$rows``), ``ForEach-Object { $_.Start }``. Risky names: ending in ``Lsn`` (any case) or ``Date``
    (not ``Is...``/``Has...``), and Start, End, LastBackup, LastFullBackup, LastDiffBackup,
    LastLogBackup, StartTime, EndTime, CreationTime, LastWriteTime, LastAccessTime, LastBootUpTime,
    InstalledOn.
  * WL105 cannot know what a variable holds at run time: only literals, win_powershell parameters and
    the module arguments listed above are looked at. ``\\\\?\\`` and ``\\\\.\\`` paths are local.
    win_copy's ``src`` counts only with ``remote_src: true`` (otherwise it is on the controller).
  * WL107 is per file and in document order (pre_tasks, tasks, post_tasks, handlers of each play):
    trust set by an earlier file, by a play's ``roles:`` or by a role included whole does not count;
    import ``tasks_from: sql_trust`` explicitly. The .ps1 of a ``path:`` task counts as its script.
  * Modules are recognised by their key (FQCN or short name); the ``action:``/``local_action:`` forms
    are not read.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
EXCERPT = 60
MARKER_DELEGATION = re.compile(r"#\s*windows-lint:\s*delegation\s+\S")

# --- module names -----------------------------------------------------------------------------------------

WIN_POWERSHELL = "win_powershell"
WIN_SHELL = "win_shell"
LOWLYDBA_PREFIX = "lowlydba.sqlserver."
# module -> the arguments holding a path the module reads or writes from the WinRM session
FILE_MODULES = {
    "win_package": ("path",),
    "win_copy": ("src", "dest"),
    "win_get_url": ("dest",),
    "win_unzip": ("src", "dest"),
    "win_robocopy": ("src", "dest"),
    "win_stat": ("path",),
    "win_find": ("paths",),
    "win_file": ("path",),
    "win_template": ("dest",),
}
INCLUDE_ROLE = ("import_role", "include_role")
INCLUDE_TASKS = ("import_tasks", "include_tasks")
_COLLECTIONS = {
    "ansible.windows": (
        WIN_POWERSHELL,
        WIN_SHELL,
        "win_package",
        "win_copy",
        "win_get_url",
        "win_stat",
        "win_find",
        "win_file",
        "win_template",
    ),
    "community.windows": ("win_unzip", "win_robocopy"),
    "ansible.builtin": INCLUDE_ROLE + INCLUDE_TASKS,
    "ansible.legacy": INCLUDE_ROLE + INCLUDE_TASKS,
}
MODULES = {f"{prefix}.{name}": name for prefix, names in _COLLECTIONS.items() for name in names}
MODULES.update({name: name for names in _COLLECTIONS.values() for name in names})
PLAY_KEYS = ("hosts", "import_playbook", "ansible.builtin.import_playbook")
PLAY_SECTIONS = ("pre_tasks", "tasks", "post_tasks", "handlers")
BLOCK_SECTIONS = ("block", "rescue", "always")
TRUE_WORDS = {"true", "yes", "on", "1"}
RUNAS = {"runas", "ansible.builtin.runas"}

# --- PowerShell patterns ----------------------------------------------------------------------------------

DBA_VERBS = (
    "Get|Set|New|Remove|Invoke|Test|Restore|Backup|Copy|Add|Start|Stop|Find|Update|Export|Import|Connect|"
    "Disconnect|Repair|Sync|Mount|Dismount|Enable|Disable|Measure|Move|Rename|Reset|Resume|Suspend|Watch|"
    "Select|Read|Write|Clear|Save|Install|Uninstall|Register|Unregister|Expand|Join|Grant|Revoke|Deny"
)
DBA_CALL = re.compile(rf"(?<![\w$.-])(?:{DBA_VERBS})-Dba\w+", re.I)
# dbatools commands without an EnableException parameter (read in dbatools' source)
NO_ENABLE_EXCEPTION = {"set-dbatoolsinsecureconnection", "get-dbatoolsconfigvalue"}
ENABLE_EXCEPTION_ARG = re.compile(r"(?<![\w-])-EnableException(?![\w-])(?!:\s*\$false)", re.I)
SPLAT = re.compile(r"(?<![\w$])@\w+", re.I)
SPLAT_ENABLE_EXCEPTION = re.compile(r"(?<![\w-])EnableException\s*=\s*\$true", re.I)
DEFAULT_ENABLE_EXCEPTION = re.compile(r"""['"]\*-Dba\*:EnableException['"]\s*\]?\s*=\s*\$true""", re.I)
DEFAULT_PARAMETER_VALUES = re.compile(r"\$PSDefaultParameterValues", re.I)
TRUST_COMMAND = re.compile(
    r"(?<![\w$.-])Set-DbatoolsInsecureConnection(?![\w-])|(?<![\w-])-TrustServerCertificate(?![\w-])", re.I
)
SET_CONFIG = re.compile(r"(?<![\w$.-])Set-DbatoolsConfig(?![\w-])", re.I)
TRUSTCERT = re.compile(r"sql\.connection\.trustcert", re.I)
ERROR_STOP = re.compile(
    r"""\$(?:global:|script:)?ErrorActionPreference\s*=\s*"""
    r"""(?:'stop'|"stop"|\[(?:System\.)?Management\.Automation\.ActionPreference\]::Stop(?!\w))""",
    re.I,
)
PARAM_BLOCK = re.compile(r"param\s*\(", re.I)
USING = re.compile(r"using\s+(?:namespace|module|assembly)\b[^\n]*", re.I)
RESULT_APPEND = re.compile(r"\$Ansible\.Result\s*\+=", re.I)
JINJA = re.compile(r"\{\{|\{%")
SELECT_OBJECT = re.compile(r"(?<![\w.$-])(?:Select-Object|select)(?![\w-])", re.I)
HASHTABLE = re.compile(r"@\{")
ASSIGNED_HASHTABLE = re.compile(r"\$(\w+)\s*=\s*(?:\[\w+\]\s*)?$")
FILE_COMMANDS = re.compile(r"(?<![\w$.-])(?:Test-Path|Get-ChildItem|Get-Item|Get-Content|Copy-Item)(?![\w-])", re.I)
UNC_LITERAL = re.compile(r"""(?<![\w\\$])['"]?\\\\(?![?.]\\)[^\\\s'"]""")
RISKY_VALUE = re.compile(r"(?:\[(?P<cast>[\w.]+)\]\s*)?\$[\w:?]+(?:\.\w+)*\.(?P<prop>\w+)")
TYPE_KEEPING_CASTS = {
    "datetime",
    "system.datetime",
    "datetimeoffset",
    "system.datetimeoffset",
    "bigint",
    "numerics.biginteger",
    "system.numerics.biginteger",
    "object",
    "system.object",
    "psobject",
}
RISKY_NAMES = {
    "start",
    "end",
    "lastbackup",
    "lastfullbackup",
    "lastdiffbackup",
    "lastlogbackup",
    "starttime",
    "endtime",
    "creationtime",
    "lastwritetime",
    "lastaccesstime",
    "lastbootuptime",
    "installedon",
}
SELECT_PROPERTY_LISTS = ("-property",)
SELECT_EXPAND = "-expandproperty"
SELECT_SWITCHES = ("-unique", "-wait", "-caseinsensitive")
UNC_WORD = re.compile(r"(?<![a-z])(?:unc|share)(?![a-z])", re.I)
OPENERS, CLOSERS = "([{", ")]}"
DELEGATION_HINT = (
    "(become: true with become_method: runas, the module's credentials, or # windows-lint: delegation <how>)"
)
TRUST_MESSAGE = "dbatools/lowlydba used before the SQL connection trust is set (roles/sqlserver/tasks/sql_trust.yml)"


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


# --- PowerShell text --------------------------------------------------------------------------------------


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


def sets_stop_first(script: Script) -> bool:
    return ERROR_STOP.match(script.code, first_statement(script)) is not None


def dbatools_calls(script: Script) -> list[re.Match[str]]:
    return list(DBA_CALL.finditer(script.bare))


def sets_trust(script: Script) -> bool:
    """Set-DbatoolsInsecureConnection, -TrustServerCertificate, or Set-DbatoolsConfig with sql.connection.trustcert."""
    if TRUST_COMMAND.search(script.bare):
        return True
    return SET_CONFIG.search(script.bare) is not None and TRUSTCERT.search(script.code) is not None


def check_error_stop_ps1(script: Script) -> list[Finding]:
    if sets_stop_first(script):
        return []
    message = "script does not set $ErrorActionPreference = 'Stop' before its first statement"
    return [script.finding(first_statement(script), "WL101", message)]


def _default_enable_exception(script: Script, before: int) -> bool:
    for match in DEFAULT_PARAMETER_VALUES.finditer(script.code, 0, before):
        statement_end = command_end(script.bare, match.end())
        if DEFAULT_ENABLE_EXCEPTION.search(script.code, match.end(), max(statement_end, match.end())):
            return True
    return False


def check_dbatools(script: Script) -> list[Finding]:
    calls = dbatools_calls(script)
    if not calls or _default_enable_exception(script, calls[0].start()):
        return []
    splat_ok = SPLAT_ENABLE_EXCEPTION.search(script.code) is not None
    findings = []
    for call in calls:
        if call.group(0).lower() in NO_ENABLE_EXCEPTION:
            continue
        args = script.code[call.end() : command_end(script.bare, call.end())]
        if ENABLE_EXCEPTION_ARG.search(args) or (
            splat_ok and SPLAT.search(script.bare, call.end(), call.end() + len(args))
        ):
            continue
        message = f"{call.group(0)} without -EnableException: dbatools turns a failure into a warning"
        findings.append(script.finding(call.start(), "WL102", message))
    return findings


def check_result_append(script: Script) -> list[Finding]:
    message = "$Ansible.Result += (the result starts as a hashtable): assign $Ansible.Result = @(...)"
    return [script.finding(match.start(), "WL103", message) for match in RESULT_APPEND.finditer(script.bare)]


def check_jinja(script: Script, what: str) -> list[Finding]:
    findings, lines = [], set()
    for match in JINJA.finditer(script.text):
        line = script.line(match.start())
        if line in lines:
            continue
        lines.add(line)
        start = script.text.rfind("\n", 0, match.start()) + 1
        end = script.text.find("\n", match.start())
        snippet = excerpt(script.text[start : len(script.text) if end < 0 else end])
        message = f"Jinja in the {what}: pass values through parameters: ({snippet})"
        findings.append(script.finding(match.start(), "WL106", message))
    return findings


# --- WL104: LSN and DateTime values leaving the script uncast ----------------------------------------------


def risky_property(name: str) -> bool:
    lower = name.lower()
    if lower.endswith("lsn") or lower in RISKY_NAMES:
        return True
    return name.endswith("Date") and not lower.startswith(("is", "has"))


def _strip_wrappers(bare: str, start: int, end: int) -> tuple[int, int]:
    """Span without surrounding whitespace and enclosing (), @(), {} pairs."""
    while True:
        while start < end and bare[start].isspace():
            start += 1
        while end > start and bare[end - 1].isspace():
            end -= 1
        opening = start + 1 if bare.startswith("@(", start) else start
        if opening < end and bare[opening] in "({" and matching(bare, opening) == end - 1:
            start, end = opening + 1, end - 1
            continue
        return start, end


def _uncast_elements(script: Script, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, expression) of each array element of the value span that is an uncast risky property."""
    start, end = _strip_wrappers(script.bare, start, end)
    found = []
    for begin, stop in split_top(script.bare, start, end, ","):
        begin, stop = _strip_wrappers(script.bare, begin, stop)
        match = RISKY_VALUE.fullmatch(script.code, begin, stop)
        if match is None or not risky_property(match.group("prop")):
            continue
        cast = (match.group("cast") or "").lower()
        if not cast or cast in TYPE_KEEPING_CASTS:
            found.append((begin, match.group(0)))
    return found


def _splatted(script: Script, opening: int) -> bool:
    assigned = ASSIGNED_HASHTABLE.search(script.bare, 0, opening)
    if assigned is None or assigned.end() != opening:
        return False
    return re.search(rf"(?<![\w$])@{assigned.group(1)}\b", script.bare, re.I) is not None


def _hashtable_values(script: Script, opening: int, close: int) -> Iterator[tuple[int, int]]:
    for begin, stop in split_top(script.bare, opening + 2, close, ";\n"):
        equals = script.bare.find("=", begin, stop)
        if equals > begin:
            yield equals + 1, stop


def check_hashtables(script: Script) -> list[Finding]:
    findings = []
    for match in HASHTABLE.finditer(script.bare):
        close = matching(script.bare, match.start() + 1)
        if close is None or _splatted(script, match.start()):
            continue
        for begin, stop in _hashtable_values(script, match.start(), close):
            for offset, expression in _uncast_elements(script, begin, stop):
                findings.append(script.finding(offset, "WL104", _uncast_message(expression)))
    return findings


def _uncast_message(what: str) -> str:
    return f"{excerpt(what)} leaves uncast (BigInteger/DateTime): use [string]$x.Lsn or $x.Start.ToString('o')"


def _select_properties(script: Script, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, name) of the properties a Select-Object call lists (-Property, -ExpandProperty, positional)."""
    found: list[tuple[int, str]] = []
    pending: str | None = None  # kind of the next value, set by a parameter: "props" or "skip"
    current: str | None = None  # kind of the list being read, continued by a comma
    positional_done = continued = False
    for begin, stop in tokens(script.bare, start, end):
        word = script.code[begin:stop]
        if word == ",":
            continued = True
            continue
        if re.fullmatch(r"-[a-z]+:?", word.lower()):
            pending, current, continued = _select_target(word.lower().rstrip(":")), None, False
            continue
        if continued and current is not None:
            kind = current
        elif pending is not None:
            kind, pending = pending, None
        else:
            kind = "skip" if positional_done else "props"
            positional_done = True
        current, continued = kind, False
        if kind == "props":
            found.append((begin, word.strip("'\"")))
    return found


def _select_target(parameter: str) -> str | None:
    if SELECT_EXPAND.startswith(parameter) and len(parameter) > 3:
        return "props"
    if any(name.startswith(parameter) for name in SELECT_PROPERTY_LISTS):
        return "props"
    if any(name.startswith(parameter) for name in SELECT_SWITCHES):
        return None
    return "skip"


def check_select_object(script: Script) -> list[Finding]:
    findings = []
    for match in SELECT_OBJECT.finditer(script.bare):
        end = command_end(script.bare, match.end())
        names = [pair[1] for pair in _select_properties(script, match.end(), end) if risky_property(pair[1])]
        if names:
            message = f"Select-Object emits {excerpt(', '.join(names))} uncast (BigInteger/DateTime): "
            message += "use calculated properties with [string]$_.Lsn or $_.Start.ToString('o')"
            findings.append(script.finding(match.start(), "WL104", message))
    return findings


def check_uncast(script: Script) -> list[Finding]:
    return sorted(check_hashtables(script) + check_select_object(script))


# --- WL105: UNC paths -------------------------------------------------------------------------------------


def unc_like(value: str) -> bool:
    """A UNC path literal, or a Jinja expression that looks like one (four backslashes, 'unc', 'share')."""
    plain = value.strip().strip("'\"")
    if plain.startswith("\\\\") and not plain.startswith(("\\\\?\\", "\\\\.\\")):
        return True
    return any("\\\\\\\\" in expr or UNC_WORD.search(expr) for expr in re.findall(r"\{\{(.*?)\}\}", value, re.S))


def check_unc_commands(script: Script, unc_parameters: set[str], literals: bool = True) -> list[Finding]:
    """File commands given a UNC literal (if ``literals``) or one of the UNC-like parameters."""
    variables = [re.compile(rf"\${re.escape(name)}\b", re.I) for name in sorted(unc_parameters)]
    findings = []
    for match in FILE_COMMANDS.finditer(script.bare):
        end = command_end(script.bare, match.end())
        args = script.code[match.end() : end]
        literal = literals and UNC_LITERAL.search(args) is not None
        if not (literal or any(variable.search(args) for variable in variables)):
            continue
        if script.marker_above(match.start()):
            continue
        what = excerpt(script.code[match.start() : end])
        message = f"UNC path read from the WinRM session without delegation: {what} {DELEGATION_HINT}"
        findings.append(script.finding(match.start(), "WL105", message))
    return findings


def check_ps1(script: Script) -> list[Finding]:
    findings = check_error_stop_ps1(script)
    findings += check_dbatools(script) + check_result_append(script) + check_uncast(script)
    findings += check_unc_commands(script, set())
    return findings


# --- YAML ---------------------------------------------------------------------------------------------------


def mapping(node: yaml.Node | None) -> dict[str, yaml.Node]:
    """The keys of a mapping node (merge keys resolved), or {} for anything else."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    keys: dict[str, yaml.Node] = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "<<":
            merged = [value] if isinstance(value, yaml.MappingNode) else getattr(value, "value", [])
            for source in merged:
                for name, item in mapping(source).items():
                    keys.setdefault(name, item)
        elif isinstance(key, yaml.ScalarNode):
            keys[key.value] = value
    return keys


def scalar(node: yaml.Node | None) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


def truthy(node: yaml.Node | None) -> bool:
    return (scalar(node) or "").strip().lower() in TRUE_WORDS


def scalar_values(node: yaml.Node | None) -> list[str]:
    if isinstance(node, yaml.SequenceNode):
        return [value for item in node.value for value in scalar_values(item)]
    value = scalar(node)
    return [] if value is None else [value]


def line_mapper(node: yaml.ScalarNode) -> Callable[[int], int]:
    """File line (1-based) of each line of a scalar: exact for literal block scalars, else the scalar's line."""
    first = node.start_mark.line + 1
    if node.style == "|":
        return lambda index: first + 1 + index
    if node.style == ">":
        return lambda index: first + 1
    return lambda index: first


@dataclass
class Task:
    path: Path
    node: yaml.MappingNode
    keys: dict[str, yaml.Node]
    scopes: tuple[tuple[yaml.MappingNode, dict[str, yaml.Node]], ...]  # (node, keys): enclosing blocks, the play
    module: str | None = None
    module_key: str | None = None
    args: dict[str, yaml.Node] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, value in self.keys.items():
            if key in MODULES or key.startswith(LOWLYDBA_PREFIX):
                self.module, self.module_key = MODULES.get(key, key), key
                self.args = mapping(value) or ({"_raw_params": value} if scalar(value) is not None else {})
                for name, item in mapping(self.keys.get("args")).items():
                    self.args.setdefault(name, item)
                return

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1

    def inherited(self, keyword: str) -> yaml.Node | None:
        for keys in (self.keys, *(pair[1] for pair in self.scopes)):
            if keyword in keys:
                return keys[keyword]
        return None


def items_of(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


Scopes = tuple[tuple[yaml.MappingNode, dict[str, yaml.Node]], ...]


def iter_tasks(items: list[yaml.Node], path: Path, scopes: Scopes) -> Iterator[Task]:
    """The tasks of a task list, in order, blocks (block, rescue, always) opened at any depth."""
    for item in items:
        keys = mapping(item)
        if not keys:
            continue
        if any(section in keys for section in BLOCK_SECTIONS):
            for section in BLOCK_SECTIONS:
                yield from iter_tasks(items_of(keys.get(section)), path, ((item, keys), *scopes))
        else:
            yield Task(path, item, keys, scopes)


def iter_file_tasks(root: yaml.Node, path: Path) -> Iterator[Task]:
    """The tasks of a task file, or of each play of a playbook (pre_tasks, tasks, post_tasks, handlers)."""
    for item in items_of(root):
        keys = mapping(item)
        if not any(key in keys for key in PLAY_KEYS):
            yield from iter_tasks([item], path, ())
            continue
        for section in PLAY_SECTIONS:
            yield from iter_tasks(items_of(keys.get(section)), path, ((item, keys),))


# --- the linter ---------------------------------------------------------------------------------------------


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class Linter:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.report = Report()

    # files

    def lint(self, path: Path) -> None:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in (".yml", ".yaml", ".ps1"):
                    self.lint_file(child)
        else:
            self.lint_file(path)

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
            self.report.findings.extend(self.check_task(task, lines))
        self.report.findings.extend(self.check_trust_order(tasks))

    # tasks

    def check_task(self, task: Task, lines: list[str]) -> list[Finding]:
        if task.module == WIN_POWERSHELL:
            return self.check_powershell_task(task, lines)
        if task.module == WIN_SHELL:
            return self.check_shell_task(task)
        if task.module in FILE_MODULES:
            return self.check_file_module(task, lines)
        return []

    def task_script(self, task: Task) -> Script | None:
        node = task.args.get("script")
        if isinstance(node, yaml.ScalarNode):
            return Script(node.value, display(task.path), line_mapper(node))
        return None

    def path_script(self, task: Task) -> Script | None:
        """The .ps1 of a win_powershell ``path:`` task, found as Ansible finds it, or None."""
        name = scalar(task.args.get("path"))
        if not name or "{{" in name:
            return None
        file = self.find_file(task.path, name)
        if file is None:
            return None
        return Script(file.read_text(encoding="utf-8-sig"), display(file), lambda index: index + 1)

    def find_file(self, task_file: Path, name: str) -> Path | None:
        if Path(name).is_absolute():
            return Path(name) if Path(name).is_file() else None
        folder = task_file.resolve().parent
        for directory in (folder, *folder.parents):
            for candidate in (directory / "files" / name, directory / name):
                if candidate.is_file():
                    return candidate
            if directory == self.root or directory == Path(directory.anchor):
                break
        return None

    def check_powershell_task(self, task: Task, lines: list[str]) -> list[Finding]:
        script = self.task_script(task)
        findings = self.check_error_action(task, script)
        unc_parameters = set() if self.delegated(task, lines) else self.unc_parameters(task)
        if script is None:
            # The .ps1 of a path: task is linted as a file; only what the task passes in is checked here.
            path_script = self.path_script(task) if unc_parameters else None
            if path_script is not None:
                findings += check_unc_commands(path_script, unc_parameters, literals=False)
            return findings
        findings += check_dbatools(script) + check_result_append(script) + check_uncast(script)
        if not self.delegated(task, lines):
            findings += check_unc_commands(script, unc_parameters)
        findings += check_jinja(script, "script")
        return findings

    def check_error_action(self, task: Task, script: Script | None) -> list[Finding]:
        if (scalar(task.args.get("error_action")) or "").strip().lower() == "stop":
            return []
        if script is None and "path" in task.args:
            script = self.path_script(task)
            if script is None:
                name = excerpt(scalar(task.args.get("path")) or "?")
                message = f"win_powershell without error_action: stop, and its script file {name} was not found"
                return [Finding(display(task.path), task.line, "WL101", message)]
        if script is not None and sets_stop_first(script):
            return []
        message = "win_powershell without error_action: stop (or $ErrorActionPreference = 'Stop' first in the script)"
        return [Finding(display(task.path), task.line, "WL101", message)]

    def check_shell_task(self, task: Task) -> list[Finding]:
        message = "win_shell: use ansible.windows.win_powershell with error_action: stop"
        findings = [Finding(display(task.path), task.line, "WL108", message)]
        node = task.args.get("_raw_params") or task.args.get("cmd")
        if isinstance(node, yaml.ScalarNode):
            findings += check_jinja(Script(node.value, display(task.path), line_mapper(node)), "win_shell command")
        return findings

    def unc_parameters(self, task: Task) -> set[str]:
        parameters = mapping(task.args.get("parameters"))
        return {name for name, node in parameters.items() if any(unc_like(v) for v in scalar_values(node))}

    def check_file_module(self, task: Task, lines: list[str]) -> list[Finding]:
        if self.delegated(task, lines) or self.has_credentials(task):
            return []
        findings = []
        for name in FILE_MODULES[task.module or ""]:
            if name == "src" and task.module == "win_copy" and not truthy(task.args.get("remote_src")):
                continue
            for value in scalar_values(task.args.get(name)):
                if unc_like(value):
                    what = f"{task.module} {name}: {excerpt(value)}"
                    message = f"UNC path read from the WinRM session without delegation: {what} {DELEGATION_HINT}"
                    findings.append(Finding(display(task.path), task.line, "WL105", message))
        return findings

    @staticmethod
    def has_credentials(task: Task) -> bool:
        user = any(name in task.args for name in ("username", "user_name", "user"))
        return user and any(name in task.args for name in ("password", "user_password"))

    def delegated(self, task: Task, lines: list[str]) -> bool:
        method = (scalar(task.inherited("become_method")) or "").strip().lower()
        become = task.inherited("become")
        if (truthy(become) or "{{" in (scalar(become) or "")) and method in RUNAS:
            return True
        nodes = [task.node, *(pair[0] for pair in task.scopes)]
        return any(self.marker_above(lines, node.start_mark.line) for node in nodes)

    @staticmethod
    def marker_above(lines: list[str], index: int) -> bool:
        for line in reversed(lines[:index]):
            if not line.strip().startswith("#"):
                return False
            if MARKER_DELEGATION.search(line):
                return True
        return False

    # WL107

    def scripts_of(self, task: Task) -> list[Script]:
        if task.module != WIN_POWERSHELL:
            return []
        script = self.task_script(task) or self.path_script(task)
        return [] if script is None else [script]

    def is_trust(self, task: Task) -> bool:
        if task.module in INCLUDE_ROLE:
            return "sql_trust" in (scalar(task.args.get("tasks_from")) or "")
        if task.module in INCLUDE_TASKS:
            target = scalar(task.args.get("_raw_params")) or scalar(task.args.get("file")) or ""
            return "sql_trust" in target
        return any(sets_trust(script) for script in self.scripts_of(task))

    def uses_sql(self, task: Task) -> bool:
        if (task.module_key or "").startswith(LOWLYDBA_PREFIX):
            return True
        return any(dbatools_calls(script) for script in self.scripts_of(task))

    def check_trust_order(self, tasks: list[Task]) -> list[Finding]:
        for task in tasks:
            if self.is_trust(task):
                return []
            if self.uses_sql(task):
                return [Finding(display(task.path), task.line, "WL107", TRUST_MESSAGE)]
        return []


def lint_paths(paths: list[Path], root: Path = REPO) -> Report:
    linter = Linter(root)
    for path in paths:
        linter.lint(path)
    linter.report.findings.sort()
    return linter.report


def default_paths(root: Path = REPO) -> list[Path]:
    return [root / "roles", root / "playbooks"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="windows_lint.py", description=__doc__.splitlines()[0])
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
