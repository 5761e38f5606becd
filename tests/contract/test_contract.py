# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Contract test: module arguments of every task against ansible-doc (tools/contract_check.py).

Run by `make contract` (python -m pytest tests/contract, with the Makefile's
ANSIBLE_COLLECTIONS_PATH). The fixtures under fixtures/ are small fake roles
and playbooks: bad/ holds known violations, clean/ none.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BAD = FIXTURES / "bad"
CLEAN = FIXTURES / "clean"
SCRIPT = REPO / "tools" / "contract_check.py"
COLLECTIONS = os.environ.get("ANSIBLE_COLLECTIONS_PATH") or str(REPO / ".build" / "collections")

# Every violation planted in fixtures/bad, in the order the checker prints them.
EXPECTED_BAD = [
    "playbooks/site.yml:A play with a misspelt keyword: play: unknown play keyword 'host' (did you mean 'hosts'?)",
    "playbooks/site.yml:Pre task with an unknown option: ansible.windows.win_ping: unknown option 'payload'",
    "playbooks/site.yml:Task with a missing required option: ansible.windows.win_file: missing required option 'path'",
    "playbooks/site.yml:Post task with a short name: debug: 'debug' is not a fully qualified collection name, "
    "which the project requires: write ansible.builtin.debug",
    "playbooks/site.yml:Handler with a bad choice: ansible.windows.win_service: option 'state': 'bounced' "
    "is not one of ['absent', 'paused', 'started', 'stopped', 'restarted']",
    "playbooks/site.yml:A short import_playbook: import_playbook: 'import_playbook' is not a fully qualified "
    "collection name, which the project requires: write ansible.builtin.import_playbook",
    "roles/web/handlers/main.yml:Restart the application pool: microsoft.iis.web_app_pool: option 'state': "
    "'bounced' is not one of ['absent', 'present', 'restarted', 'started', 'stopped']",
    "roles/web/handlers/main.yml:Handler without its required name: ansible.windows.win_service: "
    "unknown option 'service_name' (did you mean 'service_type'?)",
    "roles/web/handlers/main.yml:Handler without its required name: ansible.windows.win_service: "
    "missing required option 'name'",
    "roles/web/tasks/main.yml:Bad choice on a Windows service: ansible.windows.win_service: option 'start_mode': "
    "'sometimes' is not one of ['auto', 'delayed', 'disabled', 'manual']",
    "roles/web/tasks/main.yml:Unknown option on an IIS application pool: microsoft.iis.web_app_pool: "
    "unknown option 'managed_runtime_version'",
    "roles/web/tasks/main.yml:Missing required option of a template: ansible.builtin.template: "
    "missing required option 'dest'",
    "roles/web/tasks/main.yml:Wrong types on a firewall rule: community.windows.win_firewall_rule: "
    "option 'enabled' expects bool, got a string ('maybe')",
    "roles/web/tasks/main.yml:Wrong types on a firewall rule: community.windows.win_firewall_rule: "
    "option 'localport' expects str, got a list ([443, 8443])",
    "roles/web/tasks/main.yml:Bad choice and missing required option on a database: lowlydba.sqlserver.database: "
    "option 'recovery_model': 'Bulk' is not one of ['Full', 'Simple', 'BulkLogged']",
    "roles/web/tasks/main.yml:Bad choice and missing required option on a database: lowlydba.sqlserver.database: "
    "missing required option 'sql_instance'",
    "roles/web/tasks/main.yml:Short module name: win_service: 'win_service' is not a fully qualified collection "
    "name, which the project requires: write ansible.windows.win_service",
    "roles/web/tasks/main.yml:A boolean where a string is documented: ansible.windows.win_service: "
    "option 'name' expects str, got a boolean (True)",
    "roles/web/tasks/main.yml:A bad choice in a suboption: ansible.windows.win_service: "
    "option 'failure_actions[0].type': 'explode' is not one of ['none', 'reboot', 'restart', 'run_command']",
    "roles/web/tasks/main.yml:Unsafe text is never a template: ansible.windows.win_service: "
    "option 'start_mode': '{{ not_a_template }}' is not one of ['auto', 'delayed', 'disabled', 'manual']",
    "roles/web/tasks/main.yml:Free form arguments to a module without free form: ansible.builtin.template: "
    "free-form arguments are not accepted ('web.config.j2 C:\\\\inetpub\\\\web.config'): give named options",
    "roles/web/tasks/main.yml:Free form arguments to a module without free form: ansible.builtin.template: "
    "missing required option 'dest'",
    "roles/web/tasks/main.yml:Free form arguments to a module without free form: ansible.builtin.template: "
    "missing required option 'src'",
    "roles/web/tasks/main.yml:Unknown option merged from args: ansible.builtin.command: unknown option 'bogus'",
    "roles/web/tasks/main.yml:Local action with an unknown option: ansible.builtin.copy: unknown option 'bogus'",
    "roles/web/tasks/main.yml:Local action with a short name: copy: 'copy' is not a fully qualified collection "
    "name, which the project requires: write ansible.builtin.copy",
    "roles/web/tasks/main.yml:Misspelt task keyword: ansible.builtin.debug: "
    "unknown task keyword 'registr' (did you mean 'register'?)",
    "roles/web/tasks/main.yml:Listen in a task: task: 'listen' is a handler keyword, not valid in a task",
    "roles/web/tasks/main.yml:Bad meta action: ansible.builtin.meta: option 'free_form': 'flush_everything' is not "
    "one of ['clear_facts', 'clear_host_errors', 'end_host', 'end_play', 'flush_handlers', 'noop', "
    "'refresh_inventory', 'reset_connection', 'end_batch', 'end_role']",
    "roles/web/tasks/main.yml:No such module: community.windows.win_no_such_module: "
    "no such module in the installed collections (misspelt, or collection missing?)",
    "roles/web/tasks/main.yml:Undocumented module: ansible.builtin.async_wrapper: "
    "ansible-doc has no documentation for it (see docs/contract-tests.md, allow-list)",
    "roles/web/tasks/main.yml:Outer block: block: unknown block keyword 'become_usr' (did you mean 'become_user'?)",
    "roles/web/tasks/main.yml:Inner task with a bad choice: ansible.windows.win_file: option 'state': 'gone' "
    "is not one of ['absent', 'directory', 'file', 'touch']",
    "roles/web/tasks/main.yml:Deep task with an unknown option: ansible.windows.win_file: unknown option 'recurse'",
    "roles/web/tasks/main.yml:Deep task with a wrong type: ansible.windows.win_service: "
    "option 'force_dependent_services' expects bool, got a string ('often')",
]


def _load_checker():
    spec = importlib.util.spec_from_file_location("contract_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


cc = _load_checker()


@pytest.fixture(scope="module")
def docs():
    """One documentation cache for every fixture run (fixtures are no collection: no own-tree link)."""
    if not (Path(COLLECTIONS.split(os.pathsep)[0]) / "ansible_collections" / "ansible" / "windows").is_dir():
        pytest.fail(f"no installed collections at {COLLECTIONS}: run `make setup` or set ANSIBLE_COLLECTIONS_PATH")
    return cc.DocCache(COLLECTIONS)


def lines(report) -> list[str]:
    return [str(violation) for violation in report.violations]


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# --- The fixtures -----------------------------------------------------------


def test_bad_fixture_reports_every_planted_violation_and_nothing_else(docs):
    report = cc.check_tree(BAD, docs=docs)
    assert lines(report) == EXPECTED_BAD
    assert (report.files, report.tasks) == (3, 27)


def test_clean_fixture_has_no_violation(docs):
    report = cc.check_tree(CLEAN, docs=docs)
    assert lines(report) == []
    assert report.tasks == 29  # nested blocks, handlers and every play section were walked


def test_clean_fixture_warns_about_deprecated_forms_without_failing(docs):
    report = cc.check_tree(CLEAN, docs=docs)
    assert report.warnings == [
        "roles/web/tasks/main.yml:Module in the mapping form of local_action: ansible.builtin.copy: "
        "deprecated: Using a mapping for `action` is deprecated."
    ]


def test_violations_carry_their_line(docs):
    report = cc.check_tree(BAD, docs=docs)
    first = report.violations[0]
    assert (first.file, first.line, first.module) == ("playbooks/site.yml", 2, "play")


def test_allow_listed_undocumented_module_is_not_checked(docs, monkeypatch):
    monkeypatch.setattr(cc, "UNDOCUMENTED_ACTIONS", {"ansible.builtin.async_wrapper": "test: internal helper"})
    report = cc.check_tree(BAD, docs=docs)
    assert [line for line in EXPECTED_BAD if "async_wrapper" not in line] == lines(report)


# --- ansible-doc is called once, and its failures are exit status 2 ----------


def test_ansible_doc_runs_once_for_all_modules_and_is_cached():
    cache = cc.DocCache(COLLECTIONS)
    cc.check_tree(CLEAN, docs=cache)
    assert cache.calls == 1
    assert "ansible.windows.win_service" in cache.docs and "lowlydba.sqlserver.database" in cache.docs
    cc.check_tree(CLEAN, docs=cache)
    assert cache.calls == 1


def test_a_module_without_documentation_is_retried_out_of_the_batch():
    cache = cc.DocCache(COLLECTIONS)
    cache.fetch(["ansible.builtin.async_wrapper", "ansible.builtin.debug", "community.windows.win_no_such_module"])
    assert cache.calls == 2
    assert cache.undocumented == {"ansible.builtin.async_wrapper"}
    assert cache.missing == {"community.windows.win_no_such_module"}
    assert set(cache.docs) == {"ansible.builtin.debug"}


def test_ansible_doc_failure_is_exit_status_2(monkeypatch, capsys):
    def failing(self, names, env):
        return subprocess.CompletedProcess(["ansible-doc"], 1, stdout="", stderr="[ERROR]: broken collection")

    monkeypatch.setattr(cc.DocCache, "_run", failing)
    assert cc.main(["--root", str(CLEAN)]) == 2
    assert "ansible-doc failed (exit 1): [ERROR]: broken collection" in capsys.readouterr().err


def test_ansible_doc_printing_no_json_is_exit_status_2(monkeypatch, capsys):
    def garbled(self, names, env):
        return subprocess.CompletedProcess(["ansible-doc"], 0, stdout="not json", stderr="")

    monkeypatch.setattr(cc.DocCache, "_run", garbled)
    assert cc.main(["--root", str(CLEAN)]) == 2
    assert "ansible-doc printed no JSON" in capsys.readouterr().err


# --- Command line -------------------------------------------------------------


def test_cli_prints_one_line_per_violation_and_exits_1():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(BAD)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS},
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == EXPECTED_BAD
    assert "27 tasks in 3 files" in result.stderr


def test_cli_exits_0_on_a_clean_tree(capsys):
    assert cc.main(["--root", str(CLEAN), "--collections-path", COLLECTIONS]) == 0
    assert capsys.readouterr().out == ""


def test_cli_json(capsys):
    assert cc.main(["--root", str(BAD), "--json", "--collections-path", COLLECTIONS]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["tasks"] == 27
    assert len(document["violations"]) == len(EXPECTED_BAD)
    assert document["violations"][1] == {
        "file": "playbooks/site.yml",
        "line": 6,
        "module": "ansible.windows.win_ping",
        "problem": "unknown option 'payload'",
        "task": "Pre task with an unknown option",
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--root", "/nonexistent/contract"], "/nonexistent/contract: not a directory"),
        (["--no-such-flag"], "unrecognized arguments: --no-such-flag"),
    ],
)
def test_cli_usage_errors_exit_2(argv, message, capsys):
    assert cc.main(argv) == 2
    assert message in capsys.readouterr().err


def test_cli_root_without_roles_or_playbooks_exits_2(tmp_path, capsys):
    assert cc.main(["--root", str(tmp_path)]) == 2
    assert "neither roles/ nor playbooks/ found: nothing to check" in capsys.readouterr().err


# --- Structure problems ---------------------------------------------------------


def test_structural_problems_are_violations(tmp_path, docs):
    write(tmp_path, "roles/r/tasks/main.yml", "---\n- name: broken\n  ansible.builtin.debug: [\n")
    write(tmp_path, "roles/r/tasks/mapping.yml", "---\nname: not a list\n")
    write(tmp_path, "roles/r/tasks/empty.yml", "---\n")
    write(
        tmp_path,
        "roles/r/handlers/main.yml",
        "---\n- just a string\n- name: Two modules\n  ansible.builtin.debug: {}\n  ansible.builtin.fail: {}\n"
        "- name: No module\n  when: true\n- name: Tasks not a list\n  block: {}\n",
    )
    write(tmp_path, "playbooks/site.yml", "---\nhosts: all\n")
    write(tmp_path, "playbooks/list.yml", "---\n- a string\n- name: Play\n  hosts: all\n  tasks: nope\n")
    report = cc.check_tree(tmp_path, docs=docs)
    problems = [(violation.file, violation.module, violation.problem) for violation in report.violations]
    assert ("playbooks/site.yml", "playbook", "a playbook must be a list of plays") in problems
    assert ("playbooks/list.yml", "playbook", "a play must be a mapping, not 'a string'") in problems
    assert ("playbooks/list.yml", "tasks", "tasks must be a list of tasks") in problems
    assert ("roles/r/tasks/mapping.yml", "tasks", "a task file must be a list of tasks") in problems
    assert ("roles/r/handlers/main.yml", "task", "a task must be a mapping, not 'just a string'") in problems
    assert (
        "roles/r/handlers/main.yml",
        "task",
        "several modules or unknown task keywords: 'ansible.builtin.debug', 'ansible.builtin.fail'",
    ) in problems
    assert ("roles/r/handlers/main.yml", "task", "no module/action detected in task.") in problems
    assert ("roles/r/handlers/main.yml", "block", "block must be a list of tasks") in problems
    yaml_errors = [problem for file, module, problem in problems if module == "yaml"]
    assert len(yaml_errors) == 1 and yaml_errors[0].startswith("cannot parse: ")
    assert len(problems) == 9


def test_own_collection_modules_come_from_the_working_tree(tmp_path, docs):
    """A root with a galaxy.yml is linked ahead of the installed collections: new modules are found."""
    write(tmp_path, "galaxy.yml", "---\nnamespace: contractfake\nname: tree\nversion: 1.0.0\n")
    write(
        tmp_path,
        "plugins/modules/fake.py",
        '#!/usr/bin/python\nDOCUMENTATION = r"""\nmodule: fake\nshort_description: Fake\n'
        "description: [Fake.]\nauthor: [nobody]\noptions:\n  size:\n    description: [Size.]\n    type: int\n"
        '    required: true\n"""\nEXAMPLES = ""\nRETURN = ""\n',
    )
    write(tmp_path, "playbooks/site.yml", "---\n- name: P\n  hosts: all\n  tasks:\n    - name: T\n")
    (tmp_path / "playbooks" / "site.yml").write_text(
        "---\n- name: P\n  hosts: all\n  tasks:\n    - name: T\n      contractfake.tree.fake:\n        size: big\n",
        encoding="utf-8",
    )
    report = cc.check_tree(tmp_path, collections_path=COLLECTIONS)
    assert lines(report) == [
        "playbooks/site.yml:T: contractfake.tree.fake: option 'size' expects int, got a string ('big')"
    ]


# --- Values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "spec", "problems"),
    [
        ("{{ x }}", {"type": "int", "choices": [1]}, []),
        ("{% if a %}1{% endif %}", {"type": "bool"}, []),
        (cc.VaultedValue("$ANSIBLE_VAULT;1.1;AES256"), {"type": "int"}, []),
        (None, {"type": "int", "choices": [1]}, []),
        ("8", {"type": "int"}, []),
        (True, {"type": "int"}, ["option 'o' expects int, got a boolean (True)"]),
        (1.5, {"type": "float"}, []),
        ("yes", {"type": "bool"}, []),
        (3, {"type": "str"}, []),
        ({"a": 1}, {"type": "str"}, ["option 'o' expects str, got a mapping ({'a': 1})"]),
        ("a,b", {"type": "list", "elements": "str", "choices": ["a", "b"]}, []),
        (["a", "c"], {"type": "list", "choices": ["a", "b"]}, ["option 'o[1]': 'c' is not one of ['a', 'b']"]),
        ({"a": 1}, {"type": "list"}, ["option 'o' expects list, got a mapping"]),
        ("x", {"type": "list", "elements": "dict"}, ["option 'o' expects list, got a string ('x')"]),
        (
            [1, "{{ n }}", "two"],
            {"type": "list", "elements": "int"},
            ["option 'o[2]' expects int, got a string ('two')"],
        ),
        ("a=1 b=2", {"type": "dict"}, []),
        (
            ["a"],
            {"type": "dict"},
            ["option 'o' expects dict, got a list (['a'])"],
        ),
        (
            {"n": "x"},
            {"type": "dict", "suboptions": {"n": {"type": "int"}, "m": {"required": True}}},
            [
                "option 'o.n' expects int, got a string ('x')",
                "missing required option o.'m'",
            ],
        ),
        (1, {"type": "str", "choices": ["1", "2"]}, []),
        ("b", {"type": "str", "choices": {"a": "first", "c": "third"}}, ["option 'o': 'b' is not one of ['a', 'c']"]),
        (cc.UnsafeText("{{ x }}"), {"type": "str", "choices": ["a"]}, ["option 'o': '{{ x }}' is not one of ['a']"]),
        ({"k": [1]}, {"type": "raw"}, []),
        ("ContainerInherit, ObjectInherit", {"type": "flags", "choices": ["ContainerInherit", "ObjectInherit"]}, []),
        (
            "ContainerInherit,Bogus",
            {"type": "flags", "choices": ["ContainerInherit", "ObjectInherit"]},
            ["option 'o': 'Bogus' not among ['ContainerInherit', 'ObjectInherit']"],
        ),
        (
            ["ContainerInherit"],
            {"type": "flags"},
            ["option 'o' expects comma-separated names, got a list (['ContainerInherit'])"],
        ),
        ("anything", {"type": "no-such-type"}, []),
    ],
)
def test_check_value(value, spec, problems):
    assert cc.check_value(value, spec, "o") == problems


def test_whole_args_template_is_known_only_at_run_time():
    options = {"name": {"type": "str", "required": True}}
    assert cc.check_options({"_variable_params": "{{ args }}"}, options) == []
    assert cc.check_options({}, options) == ["missing required option 'name'"]


def test_doc_overrides_apply_to_their_module_only():
    doc = {"options": {"msg": {"type": "str"}, "var": {"type": "str"}}}
    assert cc.module_options("ansible.builtin.debug", doc)["msg"]["type"] == "raw"
    assert cc.module_options("ansible.builtin.debug", doc)["var"]["type"] == "str"
    assert cc.module_options("other.collection.debug", doc)["msg"]["type"] == "str"


@pytest.mark.parametrize("module", ["ansible.builtin.template", "ansible.windows.win_template"])
def test_newline_sequence_accepts_the_real_characters_too(module, docs):
    docs.fetch([module])
    options = cc.module_options(module, docs.docs[module])
    for sequence in ("\r\n", "\\r\\n", "\n"):
        assert cc.check_options({"src": "a", "dest": "b", "newline_sequence": sequence}, options) == []
    assert cc.check_options({"src": "a", "dest": "b", "newline_sequence": "\t"}, options) != []


def test_win_acl_inherit_takes_comma_separated_flags(docs):
    docs.fetch(["ansible.windows.win_acl"])
    options = cc.module_options("ansible.windows.win_acl", docs.docs["ansible.windows.win_acl"])
    args = {
        "path": "C:\\t",
        "user": "u",
        "rights": "Modify",
        "type": "allow",
        "inherit": "ContainerInherit, ObjectInherit",
    }
    assert cc.check_options(args, options) == []
    args["inherit"] = "ContainerInherit, Everything"
    assert cc.check_options(args, options) == [
        "option 'inherit': 'Everything' not among ['ContainerInherit', 'ObjectInherit']"
    ]


def test_keywords_are_ansibles_own():
    from ansible.playbook.block import Block
    from ansible.playbook.task import Task

    assert frozenset(Task.fattributes) == cc.TASK_KEYWORDS
    assert frozenset(Block.fattributes) == cc.BLOCK_KEYWORDS
    assert {"throttle", "timeout", "loop_control", "until"} <= cc.TASK_KEYWORDS
    assert "listen" in cc.HANDLER_KEYWORDS and "listen" not in cc.TASK_KEYWORDS


# --- The repository ------------------------------------------------------------------


def test_repository_roles_and_playbooks_honour_the_module_contract():
    report = cc.check_tree(REPO, collections_path=COLLECTIONS)
    assert report.tasks > 0, "no task found under roles/ and playbooks/: is the checker looking in the right place?"
    listing = "\n".join(lines(report))
    assert not report.violations, f"{len(report.violations)} contract violation(s):\n{listing}"
