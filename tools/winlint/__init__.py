# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Windows lint: the rules of docs/windows.md that a machine can check (issue #13, item 11).

    python tools/windows_lint.py [PATH ...]        (or, from tools/: python -m winlint [PATH ...])

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
  WL107  per YAML file: the first lowlydba.sqlserver task, or win_powershell script calling dbatools, on a
         machine comes before any task that sets the SQL connection trust on that machine (a script calling
         Set-DbatoolsConfig and naming ``sql.connection.trustcert``, or calling Set-DbatoolsInsecureConnection,
         or passing ``-TrustServerCertificate``) or imports/includes ``sql_trust`` (import_role/include_role
         ``tasks_from``, import_tasks/include_tasks file). include_tasks/import_tasks are followed into the file
         they name (relative to the including file's directory, then to the tasks/ directory of its role). A
         task runs on the play's host unless delegated (``delegate_to`` on it, on a block or an import above it,
         or in the ``apply:`` of an include): delegated to a machine, it sets or needs that machine's trust;
         delegated to localhost, neither. One finding per file, at the first use (or at the include leading to
         it, naming the included file and line).
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
  * WL107 is per file and in document order (pre_tasks, tasks, post_tasks, handlers of each play), included
    task files expanded in place: trust set by an earlier file, by a play's ``roles:``, by a role included
    whole or through a templated include file name does not count; import ``tasks_from: sql_trust``
    explicitly. An included file is also linted on its own. Machines are told apart by the text of
    ``delegate_to`` (``{{ inventory_hostname }}`` is the play's host): trust set for ``{{ a }}`` does not
    count for ``{{ b }}``, even if both name the same machine at run time. The .ps1 of a ``path:`` task
    counts as its script.
  * Modules are recognised by their key (FQCN or short name); the ``action:``/``local_action:`` forms
    are not read.

Package layout: ``report`` (findings, the run's report), ``powershell`` (PowerShell text scanning),
``discovery`` (files, tasks, what a task refers to), ``rules`` (WL101 to WL106, WL108), ``trust`` (WL107),
``linter`` (one run over files), ``__main__`` (the command line); ``tools/windows_lint.py`` is the entry point.
"""

from __future__ import annotations

from .linter import REPO, Linter, default_paths, lint_paths
from .report import Finding, Report

DESCRIPTION = __doc__.splitlines()[0]

__all__ = ["DESCRIPTION", "REPO", "Finding", "Linter", "Report", "default_paths", "lint_paths"]
