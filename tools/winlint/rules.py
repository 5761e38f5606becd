# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rules WL101 to WL106 and WL108: over PowerShell text (a task's script, a .ps1) and over one task.

WL107 (the SQL connection trust before the first SQL use) reads a whole file and is in :mod:`.trust`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from .discovery import (
    FILE_MODULES,
    RUNAS,
    WIN_POWERSHELL,
    WIN_SHELL,
    Files,
    Task,
    line_mapper,
    mapping,
    scalar,
    scalar_values,
    truthy,
)
from .powershell import (
    MARKER_DELEGATION,
    Script,
    command_end,
    first_statement,
    matching,
    split_top,
    tokens,
)
from .report import Finding, display, excerpt

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
ERROR_STOP = re.compile(
    r"""\$(?:global:|script:)?ErrorActionPreference\s*=\s*"""
    r"""(?:'stop'|"stop"|\[(?:System\.)?Management\.Automation\.ActionPreference\]::Stop(?!\w))""",
    re.I,
)
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
DELEGATION_HINT = (
    "(become: true with become_method: runas, the module's credentials, or # windows-lint: delegation <how>)"
)


def sets_stop_first(script: Script) -> bool:
    return ERROR_STOP.match(script.code, first_statement(script)) is not None


def dbatools_calls(script: Script) -> list[re.Match[str]]:
    return list(DBA_CALL.finditer(script.bare))


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


# --- one task: WL101, WL105, WL106, WL108 -----------------------------------------------------------------


def check_task(task: Task, lines: list[str], files: Files) -> list[Finding]:
    """The findings of one task of a file whose text is ``lines``."""
    if task.module == WIN_POWERSHELL:
        return check_powershell_task(task, lines, files)
    if task.module == WIN_SHELL:
        return check_shell_task(task)
    if task.module in FILE_MODULES:
        return check_file_module(task, lines)
    return []


def check_powershell_task(task: Task, lines: list[str], files: Files) -> list[Finding]:
    script = files.task_script(task)
    findings = check_error_action(task, script, files)
    unc_parameters = set() if delegated(task, lines) else _unc_parameters(task)
    if script is None:
        # The .ps1 of a path: task is linted as a file; only what the task passes in is checked here.
        path_script = files.path_script(task) if unc_parameters else None
        if path_script is not None:
            findings += check_unc_commands(path_script, unc_parameters, literals=False)
        return findings
    findings += check_dbatools(script) + check_result_append(script) + check_uncast(script)
    if not delegated(task, lines):
        findings += check_unc_commands(script, unc_parameters)
    findings += check_jinja(script, "script")
    return findings


def check_error_action(task: Task, script: Script | None, files: Files) -> list[Finding]:
    if (scalar(task.args.get("error_action")) or "").strip().lower() == "stop":
        return []
    if script is None and "path" in task.args:
        script = files.path_script(task)
        if script is None:
            name = excerpt(scalar(task.args.get("path")) or "?")
            message = f"win_powershell without error_action: stop, and its script file {name} was not found"
            return [Finding(display(task.path), task.line, "WL101", message)]
    if script is not None and sets_stop_first(script):
        return []
    message = "win_powershell without error_action: stop (or $ErrorActionPreference = 'Stop' first in the script)"
    return [Finding(display(task.path), task.line, "WL101", message)]


def check_shell_task(task: Task) -> list[Finding]:
    message = "win_shell: use ansible.windows.win_powershell with error_action: stop"
    findings = [Finding(display(task.path), task.line, "WL108", message)]
    node = task.args.get("_raw_params") or task.args.get("cmd")
    if isinstance(node, yaml.ScalarNode):
        findings += check_jinja(Script(node.value, display(task.path), line_mapper(node)), "win_shell command")
    return findings


def _unc_parameters(task: Task) -> set[str]:
    parameters = mapping(task.args.get("parameters"))
    return {name for name, node in parameters.items() if any(unc_like(v) for v in scalar_values(node))}


def check_file_module(task: Task, lines: list[str]) -> list[Finding]:
    if delegated(task, lines) or _has_credentials(task):
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


def _has_credentials(task: Task) -> bool:
    user = any(name in task.args for name in ("username", "user_name", "user"))
    return user and any(name in task.args for name in ("password", "user_password"))


def delegated(task: Task, lines: list[str]) -> bool:
    """Credential delegation (the double hop): become with runas, or the marker comment above the task or a scope."""
    method = (scalar(task.inherited("become_method")) or "").strip().lower()
    become = task.inherited("become")
    if (truthy(become) or "{{" in (scalar(become) or "")) and method in RUNAS:
        return True
    nodes = [task.node, *(pair[0] for pair in task.scopes)]
    return any(_marker_above(lines, node.start_mark.line) for node in nodes)


def _marker_above(lines: list[str], index: int) -> bool:
    for line in reversed(lines[:index]):
        if not line.strip().startswith("#"):
            return False
        if MARKER_DELEGATION.search(line):
            return True
    return False
