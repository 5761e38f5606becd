# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""tools/winlint (run as tools/windows_lint.py): for each rule, a bad example giving exactly its finding and good
examples giving none."""

from __future__ import annotations

import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / "tools" / "windows_lint.py"

# Sets the SQL connection trust first, so that a dbatools or lowlydba task after it is no WL107.
TRUST = """\
- name: Trust the SQL Server certificate
  ansible.builtin.import_role:
    name: divalto.cloud.sqlserver
    tasks_from: sql_trust
"""


def _load():
    """The package tools/winlint and its command line (tools/ on the path, as tools/windows_lint.py puts it)."""
    if str(REPO / "tools") not in sys.path:
        sys.path.insert(0, str(REPO / "tools"))
    return importlib.import_module("winlint"), importlib.import_module("winlint.__main__")


wl, cli = _load()


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def lint(root: Path, *paths: Path) -> list:
    return wl.lint_paths(list(paths), root=root).findings


def found(root: Path, *paths: Path) -> list[tuple[str, int]]:
    return [(finding.rule, finding.line) for finding in lint(root, *paths)]


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line of ``path`` containing ``needle``."""
    hits = [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return hits[nth - 1]


def tasks(root: Path, body: str, trust: bool = True, name: str = "roles/r/tasks/main.yml") -> Path:
    return write(root, name, (TRUST if trust else "") + textwrap.dedent(body))


def powershell(script: str, extra: str = "error_action: stop") -> str:
    """A win_powershell task running ``script`` (a literal block scalar)."""
    indented = textwrap.indent(textwrap.dedent(script), " " * 8)
    return f"- name: Run a script\n  ansible.windows.win_powershell:\n    {extra}\n    script: |\n{indented}"


# --- reading files ------------------------------------------------------------------------------------------


def test_unparsable_yaml_is_a_finding(tmp_path):
    path = write(tmp_path, "roles/r/tasks/main.yml", "- name: [unclosed\n")
    assert [finding[0] for finding in found(tmp_path, path)] == ["WL100"]


def test_every_task_list_is_read(tmp_path):
    shell = "ansible.windows.win_shell: Get-Date"
    path = write(
        tmp_path,
        "playbooks/site.yml",
        f"""\
        - name: A play
          hosts: all
          pre_tasks:
            - name: pre
              {shell}
          tasks:
            - name: block
              block:
                - name: in block
                  {shell}
              rescue:
                - name: in rescue
                  {shell}
              always:
                - name: nested
                  block:
                    - name: in always, nested
                      {shell}
          post_tasks:
            - name: post
              {shell}
          handlers:
            - name: handler
              win_shell: Get-Date
        """,
    )
    expected = [line_of(path, f"- name: {name}") for name in ("pre", "in block", "in rescue", "in always", "post")]
    expected.append(line_of(path, "- name: handler"))
    assert found(tmp_path, path) == [("WL108", line) for line in sorted(expected)]


def test_script_lines_are_file_lines(tmp_path):
    path = tasks(
        tmp_path,
        powershell(
            """\
            param()

            # a comment
            Get-DbaDatabase -SqlInstance localhost
            """
        ),
    )
    assert found(tmp_path, path) == [("WL102", line_of(path, "Get-DbaDatabase"))]


def test_files_outside_task_lists_are_skipped(tmp_path):
    path = write(tmp_path, "roles/r/defaults/main.yml", "r_value: 1\n")
    assert wl.lint_paths([path], root=tmp_path).findings == []


# --- WL101 error discipline ---------------------------------------------------------------------------------


def test_wl101_script_without_error_stop(tmp_path):
    path = tasks(tmp_path, powershell("$Ansible.Changed = $false\nGet-HotFix\n", extra="depth: 2"), trust=False)
    assert found(tmp_path, path) == [("WL101", line_of(path, "- name: Run a script"))]


def test_wl101_statement_before_error_stop(tmp_path):
    script = "param([string]$A)\n$Ansible.Changed = $false\n$ErrorActionPreference = 'Stop'\n"
    path = tasks(tmp_path, powershell(script, extra="depth: 2"), trust=False)
    assert found(tmp_path, path) == [("WL101", line_of(path, "- name: Run a script"))]


@pytest.mark.parametrize(
    "extra, script",
    [
        ("error_action: stop", "Get-HotFix\n"),
        ("error_action: Stop", "Get-HotFix\n"),
        (
            "depth: 2",
            """\
            #Requires -Version 5.1
            # comment
            [CmdletBinding(SupportsShouldProcess)]
            param (
                [Parameter(Mandatory)][string]$Site  # the site
            )
            $ErrorActionPreference = "Stop"
            Get-HotFix
            """,
        ),
        ("depth: 2", "$ErrorActionPreference = [System.Management.Automation.ActionPreference]::Stop\n"),
    ],
)
def test_wl101_good(tmp_path, extra, script):
    path = tasks(tmp_path, powershell(script, extra=extra), trust=False)
    assert found(tmp_path, path) == []


def test_wl101_path_script_is_read(tmp_path):
    write(tmp_path, "roles/r/files/good.ps1", "[CmdletBinding()]\nparam()\n$ErrorActionPreference = 'Stop'\n")
    write(tmp_path, "roles/r/files/bad.ps1", "param()\nGet-HotFix\n")
    body = """\
    - name: good
      ansible.windows.win_powershell:
        path: good.ps1
    - name: bad
      ansible.windows.win_powershell:
        path: bad.ps1
    - name: missing
      ansible.windows.win_powershell:
        path: missing.ps1
    """
    path = tasks(tmp_path, body, trust=False)
    assert found(tmp_path, path) == [("WL101", line_of(path, "name: bad")), ("WL101", line_of(path, "name: missing"))]


def test_wl101_ps1(tmp_path):
    bad = write(tmp_path, "roles/r/files/bad.ps1", "# header\nparam()\nGet-HotFix\n$ErrorActionPreference = 'Stop'\n")
    good = write(
        tmp_path, "roles/r/files/good.ps1", "# header\n<# block\n comment #>\n$ErrorActionPreference = 'Stop'\n"
    )
    assert found(tmp_path, bad, good) == [("WL101", 3)]


# --- WL102 dbatools -EnableException --------------------------------------------------------------------------


def test_wl102_call_without_enable_exception(tmp_path):
    script = """\
    $rows = Get-DbaDbBackupHistory -SqlInstance localhost -Since (Get-Date).AddDays(-2) |
        Where-Object { $_.Type -eq 'Full' }
    Invoke-DbaQuery -SqlInstance localhost -Query 'SELECT 1' -EnableException
    """
    path = tasks(tmp_path, powershell(script))
    assert found(tmp_path, path) == [("WL102", line_of(path, "Get-DbaDbBackupHistory"))]


def test_wl102_default_set_after_the_first_call(tmp_path):
    script = """\
    Get-DbaDatabase -SqlInstance localhost
    $PSDefaultParameterValues['*-Dba*:EnableException'] = $true
    """
    path = tasks(tmp_path, powershell(script))
    assert found(tmp_path, path) == [("WL102", line_of(path, "Get-DbaDatabase"))]


@pytest.mark.parametrize(
    "script",
    [
        "Get-DbaDatabase -SqlInstance localhost -EnableException\n",
        "Get-DbaDatabase -SqlInstance localhost `\n    -EnableException\n",
        "@(Get-DbaDatabase -SqlInstance localhost -ExcludeDatabase @('master',\n    'model') -EnableException)\n",
        "$PSDefaultParameterValues['*-Dba*:EnableException'] = $true\nGet-DbaDatabase -SqlInstance localhost\n",
        '$PSDefaultParameterValues["*-Dba*:EnableException"]=$true\nGet-DbaDatabase -SqlInstance localhost\n',
        "$common = @{ SqlInstance = 'x'; EnableException = $true }\nGet-DbaDatabase @common\n",
        "Write-Output 'Get-DbaDatabase fails' # Get-DbaDatabase -SqlInstance x\n",
        "Set-DbatoolsInsecureConnection -SessionOnly\n",
    ],
)
def test_wl102_good(tmp_path, script):
    path = tasks(tmp_path, powershell(script))
    assert found(tmp_path, path) == []


def test_wl102_ps1(tmp_path):
    bad = write(tmp_path, "roles/r/files/bad.ps1", "$ErrorActionPreference = 'Stop'\nNew-DbaDatabase -SqlInstance x\n")
    good = write(
        tmp_path,
        "roles/r/files/good.ps1",
        "param()\n$ErrorActionPreference = 'Stop'\n$PSDefaultParameterValues['*-Dba*:EnableException'] = $true\n"
        "New-DbaDatabase -SqlInstance x\n",
    )
    assert found(tmp_path, bad, good) == [("WL102", 2)]


# --- WL103 $Ansible.Result += ---------------------------------------------------------------------------------


def test_wl103_result_append(tmp_path):
    path = tasks(tmp_path, powershell("Get-HotFix | ForEach-Object { $Ansible.Result += @($_.HotFixID) }\n"))
    assert found(tmp_path, path) == [("WL103", line_of(path, "$Ansible.Result +="))]


def test_wl103_good(tmp_path):
    script = "$Ansible.Result = @(Get-HotFix | ForEach-Object { $_.HotFixID })\n# never $Ansible.Result += x\n"
    path = tasks(tmp_path, powershell(script))
    assert found(tmp_path, path) == []


# --- WL104 LSN and DateTime leaving uncast ---------------------------------------------------------------------


def test_wl104_select_object_list(tmp_path):
    script = """\
    @(Get-DbaDbBackupHistory -SqlInstance x -EnableException |
        Select-Object Database, Type, Start, FirstLsn,
            IsCopyOnly)
    """
    path = tasks(tmp_path, powershell(script))
    findings = lint(tmp_path, path)
    assert [(f.rule, f.line) for f in findings] == [("WL104", line_of(path, "Select-Object"))]
    assert "Start, FirstLsn" in findings[0].message


@pytest.mark.parametrize(
    "script, needle",
    [
        ("$Ansible.Result = @($rows | ForEach-Object { [pscustomobject]@{ Lsn = $_.FirstLsn } })\n", "Lsn ="),
        ("$h | Select-Object Database, @{n = 'Start'; e = { $_.Start } }\n", "Select-Object"),
        ("$Ansible.Result = [ordered]@{\n    Name = $db.Name\n    Last = [datetime]$db.LastFullBackup\n}\n", "Last ="),
        ("$h | Select-Object -ExpandProperty CreateDate\n", "Select-Object"),
        ("$Ansible.Result = @{ Times = @($a.Start, $a.End.ToString('o')) }\n", "Times"),
    ],
)
def test_wl104_bad(tmp_path, script, needle):
    path = tasks(tmp_path, powershell(script))
    assert found(tmp_path, path) == [("WL104", line_of(path, needle))]


@pytest.mark.parametrize(
    "script",
    [
        # the shapes of playbooks/parts/dr_history.yml and roles/sql_backup/files/backup_history.ps1
        "$h | Select-Object Database, Type, @{n = 'Path'; e = { @($_.FullName) } },\n"
        "    @{n = 'Start'; e = { $_.Start.ToString('o') } }, @{n = 'End'; e = { $_.End.ToString(\"o\") } },\n"
        "    @{n = 'FirstLsn'; e = { [string]$_.FirstLsn } }\n",
        "$Ansible.Result = @(foreach ($b in $rows) {\n    [ordered]@{\n"
        "        Start    = ([datetime]$b.Start).ToUniversalTime().ToString('o')\n"
        "        LastLsn  = [string]$b.LastLsn\n        Fresh    = $b.End -gt $cutoff\n    }\n})\n",
        "$p = @{ SqlInstance = 'x'; Since = $last.End }\nGet-DbaDbBackupHistory @p -EnableException\n",
        "Get-ChildItem C:\\x | Sort-Object LastWriteTime | Select-Object -First 1 -Property Name, Length\n",
        "$Ansible.Diff = @{ before = @{ directory = $current }; after = @{ IsUpToDate = $x.IsUpToDate } }\n",
    ],
)
def test_wl104_good(tmp_path, script):
    path = tasks(tmp_path, powershell(script))
    assert found(tmp_path, path) == []


def test_wl104_ps1(tmp_path):
    script = "$ErrorActionPreference = 'Stop'\n$Ansible.Result = @{ LastBackup = $db.LastBackup }\n"
    bad = write(tmp_path, "roles/r/files/bad.ps1", script)
    good = write(tmp_path, "roles/r/files/good.ps1", script.replace("$db.LastBackup", "$db.LastBackup.ToString('o')"))
    assert found(tmp_path, bad, good) == [("WL104", 2)]


# --- WL105 UNC paths without delegation ------------------------------------------------------------------------

UNC_SCRIPT = "if (-not (Test-Path -LiteralPath '\\\\backup01\\sql\\x.bak')) { throw 'missing' }\n"


def test_wl105_unc_literal_in_a_script(tmp_path):
    path = tasks(tmp_path, powershell(UNC_SCRIPT), trust=False)
    findings = lint(tmp_path, path)
    assert [(f.rule, f.line) for f in findings] == [("WL105", line_of(path, "Test-Path"))]
    assert "Test-Path -LiteralPath '\\\\backup01\\sql\\x.bak'" in findings[0].message


def test_wl105_unc_parameter_in_a_script(tmp_path):
    body = """\
    - name: List the backups
      ansible.windows.win_powershell:
        error_action: stop
        parameters:
          Path: "{{ sql_backup_share_root }}"
        script: |
          param([string]$Path)
          Get-ChildItem -LiteralPath $Path -Recurse
    """
    path = tasks(tmp_path, body, trust=False)
    assert found(tmp_path, path) == [("WL105", line_of(path, "Get-ChildItem"))]


@pytest.mark.parametrize(
    "body",
    [
        r"""
        - name: Install
          ansible.windows.win_package:
            path: \\files01\pkgs\setup.msi
        """,
        r"""
        - name: Install
          win_package:
            path: "{{ hpf_package_share }}\\{{ hpf_package }}"
        """,
        r"""
        - name: Copy
          ansible.windows.win_copy:
            src: '{{ "\\\\" ~ vault }}\x'
            dest: C:\x
            remote_src: true
        """,
        r"""
        - name: Unzip
          community.windows.win_unzip:
            src: '{{ unc_root }}\x.zip'
            dest: C:\x
        """,
    ],
)
def test_wl105_unc_module_argument(tmp_path, body):
    path = tasks(tmp_path, body, trust=False)
    assert found(tmp_path, path) == [("WL105", line_of(path, "- name:"))]


@pytest.mark.parametrize(
    "body",
    [
        # become with runas on the task
        powershell(UNC_SCRIPT) + "  become: true\n  become_method: runas\n",
        # ... on an enclosing block
        "- name: Block\n  become: true\n  become_method: ansible.builtin.runas\n  block:\n"
        + textwrap.indent(powershell(UNC_SCRIPT), "    "),
        # the module's own credentials
        "- name: Install\n  ansible.windows.win_package:\n    path: \\\\files01\\pkgs\\setup.msi\n"
        "    username: DOM\\svc\n    password: '{{ vault_password }}'\n",
        # the marker comment
        "# windows-lint: delegation Kerberos constrained delegation to files01 (docs/windows.md)\n"
        "- name: Install\n  ansible.windows.win_package:\n    path: \\\\files01\\pkgs\\setup.msi\n",
        # local paths
        "- name: Install\n  ansible.windows.win_package:\n    path: D:\\pkgs\\setup.msi\n",
        powershell("Test-Path -LiteralPath '\\\\?\\C:\\very\\long' | Out-Null\n"),
        # win_copy's src is on the controller unless remote_src
        "- name: Copy\n  ansible.windows.win_copy:\n    src: '{{ share_files }}/x'\n    dest: C:\\x\n",
    ],
)
def test_wl105_good(tmp_path, body):
    path = tasks(tmp_path, body, trust=False)
    assert found(tmp_path, path) == []


def test_wl105_play_become(tmp_path):
    task = textwrap.indent(powershell(UNC_SCRIPT), "    ")
    play = f"- name: Play\n  hosts: all\n  become: true\n  become_method: runas\n  tasks:\n{task}"
    path = write(tmp_path, "playbooks/site.yml", play)
    assert found(tmp_path, path) == []


def test_wl105_ps1(tmp_path):
    script = "$ErrorActionPreference = 'Stop'\n" + UNC_SCRIPT
    bad = write(tmp_path, "roles/r/files/bad.ps1", script)
    marked = "$ErrorActionPreference = 'Stop'\n# windows-lint: delegation CredSSP\n" + UNC_SCRIPT
    good = write(tmp_path, "roles/r/files/good.ps1", marked)
    assert found(tmp_path, bad, good) == [("WL105", 2)]


# --- WL106 Jinja in the script ---------------------------------------------------------------------------------


def test_wl106_jinja_in_a_script(tmp_path):
    path = tasks(tmp_path, powershell("$site = '{{ item.site }}'\nWrite-Output $site\n"), trust=False)
    assert found(tmp_path, path) == [("WL106", line_of(path, "{{ item.site }}"))]


def test_wl106_good(tmp_path):
    body = powershell("param([string]$Site)\nWrite-Output $Site\n") + "    parameters:\n      Site: '{{ item.site }}'\n"
    path = tasks(tmp_path, body, trust=False)
    assert found(tmp_path, path) == []


def test_wl106_jinja_in_a_win_shell_command(tmp_path):
    path = tasks(tmp_path, "- name: Shell\n  ansible.windows.win_shell: echo {{ x }}\n", trust=False)
    assert found(tmp_path, path) == [("WL108", 1), ("WL106", 2)]


# --- WL107 SQL connection trust before first use -----------------------------------------------------------------

LOWLYDBA = "- name: Set the memory\n  lowlydba.sqlserver.memory:\n    sql_instance: localhost\n    max: 4096\n"


def test_wl107_lowlydba_before_trust(tmp_path):
    path = tasks(tmp_path, LOWLYDBA + LOWLYDBA + TRUST, trust=False)
    assert found(tmp_path, path) == [("WL107", 1)]


def test_wl107_dbatools_script_before_trust(tmp_path):
    body = "- name: Note\n  ansible.builtin.debug:\n    msg: x\n" + powershell(
        "Get-DbaDatabase -SqlInstance x -EnableException\n"
    )
    path = tasks(tmp_path, body, trust=False)
    assert found(tmp_path, path) == [("WL107", line_of(path, "- name: Run a script"))]


@pytest.mark.parametrize(
    "trust",
    [
        TRUST,
        "- name: Trust\n  ansible.builtin.include_role:\n    name: divalto.cloud.sqlserver\n"
        "    tasks_from: sql_trust.yml\n",
        "- name: Trust\n  ansible.builtin.import_tasks: ../../sqlserver/tasks/sql_trust.yml\n",
        "- name: Trust\n  include_tasks:\n    file: sql_trust.yml\n",
        powershell("Set-DbatoolsInsecureConnection -SessionOnly\n"),
        powershell(
            "$name = 'sql.connection.trustcert'\n"
            "Set-DbatoolsConfig -FullName $name -Value $true -Register -EnableException\n"
        ),
        powershell("Connect-DbaInstance -SqlInstance x -TrustServerCertificate -EnableException | Out-Null\n"),
    ],
)
def test_wl107_good(tmp_path, trust):
    path = tasks(tmp_path, trust + LOWLYDBA, trust=False)
    assert found(tmp_path, path) == []


def test_wl107_playbook_pre_tasks_set_trust(tmp_path):
    pre = textwrap.indent(TRUST, "    ")
    use = textwrap.indent(LOWLYDBA, "    ")
    path = write(tmp_path, "playbooks/sql.yml", f"- name: Play\n  hosts: sql\n  tasks:\n{use}  pre_tasks:\n{pre}")
    assert found(tmp_path, path) == []


def test_wl107_path_script_calling_dbatools(tmp_path):
    write(tmp_path, "roles/r/files/history.ps1", "$ErrorActionPreference = 'Stop'\nGet-DbaDatabase -EnableException\n")
    body = "- name: History\n  ansible.windows.win_powershell:\n    path: history.ps1\n"
    path = tasks(tmp_path, body, trust=False)
    assert found(tmp_path, path) == [("WL107", 1)]


# WL107 follows include_tasks/import_tasks ...


def test_wl107_sql_in_an_included_file_before_trust(tmp_path):
    write(tmp_path, "roles/r/tasks/sql.yml", "- name: Note\n  ansible.builtin.debug:\n    msg: x\n" + LOWLYDBA)
    body = "- name: SQL\n  ansible.builtin.include_tasks: sql.yml\n" + TRUST
    path = tasks(tmp_path, body, trust=False)
    findings = lint(tmp_path, path)
    assert [(f.rule, f.line) for f in findings] == [("WL107", 1)]
    assert findings[0].message.endswith("(in %s:4)" % wl.report.display(tmp_path / "roles/r/tasks/sql.yml"))


@pytest.mark.parametrize(
    "name, include",
    [
        # relative to the including file's directory
        ("roles/r/tasks/trust.yml", "ansible.builtin.import_tasks: trust.yml"),
        # a task file of a subdirectory including one of the role's tasks/ directory
        ("roles/r/tasks/trust.yml", "include_tasks:\n    file: trust.yml"),
        # nested: an included file including the trust
        ("roles/r/tasks/sub/outer.yml", "ansible.builtin.include_tasks: sub/outer.yml"),
    ],
)
def test_wl107_trust_in_an_included_file(tmp_path, name, include):
    write(tmp_path, "roles/r/tasks/trust.yml", TRUST)
    write(tmp_path, "roles/r/tasks/sub/outer.yml", "- name: Outer\n  ansible.builtin.import_tasks: ../trust.yml\n")
    where = "roles/r/tasks/sub/main.yml" if "file:" in include else "roles/r/tasks/main.yml"
    path = tasks(tmp_path, f"- name: Trust\n  {include}\n" + LOWLYDBA, trust=False, name=where)
    assert found(tmp_path, path) == []


def test_wl107_playbook_include_relative_to_the_playbook(tmp_path):
    write(tmp_path, "playbooks/tasks/sql.yml", LOWLYDBA)
    task = "    - name: SQL\n      ansible.builtin.import_tasks: tasks/sql.yml\n"
    path = write(tmp_path, "playbooks/site.yml", f"- name: Play\n  hosts: sql\n  tasks:\n{task}")
    assert found(tmp_path, path) == [("WL107", 4)]


def test_wl107_include_cycles_and_missing_files_end(tmp_path):
    write(tmp_path, "roles/r/tasks/a.yml", "- name: B\n  ansible.builtin.include_tasks: b.yml\n")
    write(tmp_path, "roles/r/tasks/b.yml", "- name: A\n  ansible.builtin.include_tasks: a.yml\n" + LOWLYDBA)
    body = (
        "- name: A\n  ansible.builtin.include_tasks: a.yml\n"
        "- name: Templated\n  ansible.builtin.include_tasks: '{{ os }}.yml'\n"
        "- name: Missing\n  ansible.builtin.include_tasks: missing.yml\n"
    )
    path = tasks(tmp_path, body, trust=False)
    assert found(tmp_path, path) == [("WL107", 1)]


# ... and delegate_to: trust is per machine, the controller neither sets nor needs it.

DELEGATED_TRUST = TRUST.replace(
    "    tasks_from: sql_trust\n", "    tasks_from: sql_trust\n    apply:\n      delegate_to: '{{ partner }}'\n"
).replace("import_role", "include_role")


def test_wl107_trust_on_another_machine_does_not_count(tmp_path):
    use = LOWLYDBA + "  delegate_to: '{{ partner }}'\n"
    path = tasks(tmp_path, TRUST + use, trust=False)
    findings = lint(tmp_path, path)
    assert [(f.rule, f.line) for f in findings] == [("WL107", line_of(path, "- name: Set the memory"))]
    assert findings[0].message.endswith(" on {{ partner }}")


def test_wl107_trust_delegated_to_localhost_does_not_count(tmp_path):
    trust = powershell("Set-DbatoolsInsecureConnection -SessionOnly\n") + "  delegate_to: localhost\n"
    path = tasks(tmp_path, trust + LOWLYDBA, trust=False)
    assert found(tmp_path, path) == [("WL107", line_of(path, "- name: Set the memory"))]


def test_wl107_trust_for_the_play_host_does_not_count_for_a_delegated_include(tmp_path):
    write(tmp_path, "roles/r/tasks/sql.yml", LOWLYDBA)
    body = (
        TRUST + "- name: SQL\n  ansible.builtin.include_tasks:\n    file: sql.yml\n    apply:\n      delegate_to: x\n"
    )
    path = tasks(tmp_path, body, trust=False)
    assert found(tmp_path, path) == [("WL107", line_of(path, "- name: SQL"))]


@pytest.mark.parametrize(
    "body",
    [
        # trust applied to the partner, then a use delegated to it (Jinja spacing does not matter)
        DELEGATED_TRUST + LOWLYDBA + "  delegate_to: '{{partner}}'\n",
        # a block delegated to the partner: trust and use both run there
        "- name: On the partner\n  delegate_to: '{{ partner }}'\n  block:\n"
        + textwrap.indent(TRUST + LOWLYDBA, "    "),
        # an import delegated to the partner: the tasks it imports run there
        "- name: Trust the partner\n  ansible.builtin.import_tasks: trust.yml\n  delegate_to: '{{ partner }}'\n"
        + LOWLYDBA
        + "  delegate_to: '{{ partner }}'\n",
        # a use on the controller needs no trust; delegated to the play's own host, it is the play's host
        LOWLYDBA + "  delegate_to: localhost\n" + TRUST + LOWLYDBA + "  delegate_to: '{{ inventory_hostname }}'\n",
    ],
)
def test_wl107_delegation_good(tmp_path, body):
    write(tmp_path, "roles/r/tasks/trust.yml", TRUST)
    path = tasks(tmp_path, body, trust=False)
    assert found(tmp_path, path) == []


# --- WL108 win_shell --------------------------------------------------------------------------------------------


def test_wl108_win_shell(tmp_path):
    path = tasks(tmp_path, "- name: Shell\n  win_shell: Get-Date\n", trust=False)
    assert found(tmp_path, path) == [("WL108", 1)]


def test_wl108_good(tmp_path):
    path = tasks(tmp_path, powershell("Get-Date\n"), trust=False)
    assert found(tmp_path, path) == []


# --- output -------------------------------------------------------------------------------------------------------


def test_main_output_and_status(tmp_path, capsys):
    long_name = "x" * 200
    bad = tasks(tmp_path, powershell(f"$v = '{{{{ {long_name} }}}}'\n"), trust=False)
    assert cli.main([str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "windows-lint: 1 findings in 1 files"
    assert lines[0].startswith(f"{bad}:{line_of(bad, long_name)}: WL106 ")
    assert long_name not in lines[0] and len(lines[0]) < len(str(bad)) + 150

    good = tasks(tmp_path, powershell("Get-Date\n"), trust=False, name="roles/g/tasks/main.yml")
    ps1 = write(tmp_path, "roles/g/files/x.ps1", "$ErrorActionPreference = 'Stop'\n")
    assert cli.main([str(good), str(ps1)]) == 0
    assert capsys.readouterr().out == "windows-lint: no findings in 1 tasks and 1 scripts\n"


def test_main_missing_path(tmp_path, capsys):
    assert cli.main([str(tmp_path / "nowhere")]) == 2


def test_runs_as_a_script(tmp_path):
    good = tasks(tmp_path, powershell("Get-Date\n"), trust=False)
    result = subprocess.run([sys.executable, str(SCRIPT), str(good)], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, "windows-lint: no findings in 1 tasks and 0 scripts\n")
