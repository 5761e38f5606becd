#!/usr/bin/env python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check every task's module arguments against ``ansible-doc`` of the installed collections.

    python tools/contract_check.py [--root DIR] [--json] [--collections-path PATHS]

Reads, as written and without running Ansible, the tasks of roles/*/tasks and
roles/*/handlers (every YAML file, subfolders included) and the plays of
playbooks/*.yml (pre_tasks, tasks, post_tasks, handlers), blocks included at
any depth. Each task's module must be a fully qualified collection name; its
arguments (inline ``k=v``, ``args:``, ``action:``/``local_action:`` forms, as
ansible's own ModuleArgsParser merges them) must be documented options or
aliases, every required option must be there, and every value that is not a
template must have the documented type and be one of the documented choices
(suboptions too). Task, block and play keywords come from ansible's own
attribute definitions. The documentation of every module used is read with
one ``ansible-doc -t module --json`` call. docs/contract-tests.md tells what
is checked and what is not.

Prints one line per violation, ``file:task-name: module: problem`` (or a JSON
document with --json). Exit status: 0 no violation, 1 violations, 2 usage or
documentation error (ansible-doc failed, nothing to check under --root).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml
from ansible.errors import AnsibleError
from ansible.module_utils.common import validation
from ansible.parsing.mod_args import ModuleArgsParser
from ansible.playbook.block import Block
from ansible.playbook.handler import Handler
from ansible.playbook.play import Play
from ansible.playbook.playbook_include import PlaybookInclude
from ansible.playbook.task import Task

try:  # ansible-core 2.19 captures Display warnings in this (private) context.
    from ansible._internal._display_utils import DeferredWarningContext
except ImportError:  # pragma: no cover - other ansible-core versions: warnings go to stderr
    DeferredWarningContext = None

# Keywords, from ansible's attribute definitions so they follow ansible-core.
TASK_KEYWORDS = frozenset(Task.fattributes)
HANDLER_KEYWORDS = TASK_KEYWORDS | frozenset(Handler.fattributes)
BLOCK_KEYWORDS = frozenset(Block.fattributes)
PLAY_KEYWORDS = frozenset(Play.fattributes)
IMPORT_PLAYBOOK_KEYWORDS = frozenset(PlaybookInclude.fattributes)
# The task keys that name no module besides the keywords (ModuleArgsParser's own list).
ACTION_KEYS = frozenset(("action", "local_action"))
IMPORT_PLAYBOOK_NAMES = frozenset(
    ("import_playbook", "ansible.builtin.import_playbook", "ansible.legacy.import_playbook")
)

# Modules (or action plugins) that ansible-doc has no documentation for, and
# why they may be used anyway: their arguments are then not checked at all.
# Keep it short; docs/contract-tests.md says how to add an entry.
UNDOCUMENTED_ACTIONS: dict[str, str] = {}

# Actions whose arguments are free keys besides the documented options.
FREE_KEY_ACTIONS: dict[str, str] = {
    "ansible.builtin.set_fact": "every key is a fact to set (the documented key_value is a placeholder)",
    "ansible.builtin.add_host": "keys other than name and groups become variables of the new host",
}

# Where ansible-doc disagrees with what the action plugin really accepts
# (module, option) -> replacement keys of the option's documentation.
DOC_OVERRIDES: dict[tuple[str, str], dict] = {
    # The action plugin validates msg as type raw (any value, lists included).
    ("ansible.builtin.debug", "msg"): {"type": "raw"},
    # The action plugin takes any value for msg.
    ("ansible.builtin.fail", "msg"): {"type": "raw"},
    # The action plugin accepts a string or a list of strings.
    ("ansible.builtin.assert", "fail_msg"): {"type": "raw"},
    ("ansible.builtin.assert", "success_msg"): {"type": "raw"},
    # The action plugins take the real characters as well as the escaped forms documented.
    ("ansible.builtin.template", "newline_sequence"): {"choices": ["\\n", "\\r", "\\r\\n", "\n", "\r", "\r\n"]},
    ("ansible.windows.win_template", "newline_sequence"): {"choices": ["\\n", "\\r", "\\r\\n", "\n", "\r", "\r\n"]},
    # A comma-separated set of InheritanceFlags names ("ContainerInherit, ObjectInherit"), as the doc says.
    ("ansible.windows.win_acl", "inherit"): {"type": "flags"},
    # Documented as str, but TaskInclude requires a mapping of task keywords.
    ("ansible.builtin.include_tasks", "apply"): {"type": "dict"},
    ("ansible.builtin.include_role", "apply"): {"type": "dict"},
}

# Documentation placeholders that are no real option (free form arguments, set_fact's keys).
FREE_FORM_OPTIONS = ("free_form", "free-form")
PSEUDO_OPTIONS = frozenset(FREE_FORM_OPTIONS + ("key_value",))

FQCN_RE = re.compile(r"^[A-Za-z0-9_]+\.[A-Za-z0-9_]+\.[A-Za-z0-9_.]+$")
MISSING_DOC_RE = re.compile(r"module (\S+) Missing documentation")


class DocError(Exception):
    """ansible-doc could not document the modules (exit status 2)."""


class UsageError(Exception):
    """Bad command line or nothing to check (exit status 2)."""


@dataclass(frozen=True)
class Violation:
    file: str
    task: str
    module: str
    problem: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.task}: {self.module}: {self.problem}"


# --- YAML ------------------------------------------------------------------


class LineDict(dict):
    """A mapping that remembers the line it starts on."""

    line: int | None = None


class VaultedValue(str):
    """A ``!vault`` value: a string whose content is unknown until run time."""


class UnsafeText(str):
    """An ``!unsafe`` value: never templated, taken literally."""


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader plus line numbers and Ansible's ``!vault`` and ``!unsafe`` tags."""


def _construct_mapping(loader, node):
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.update(loader.construct_mapping(node, deep=True))
    return data


def _construct_vault(loader, node):
    return VaultedValue(loader.construct_scalar(node))


def _construct_unsafe(loader, node):
    if isinstance(node, yaml.ScalarNode):
        return UnsafeText(loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return _construct_mapping(loader, node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("!vault", _construct_vault)
_Loader.add_constructor("!unsafe", _construct_unsafe)


def load_yaml(path: Path):
    """Load one YAML document the way Ansible reads it (tags kept as markers)."""
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass


def is_unknown(value) -> bool:
    """True when a value is only known at run time: a template or a vaulted string."""
    if isinstance(value, VaultedValue):
        return True
    if isinstance(value, UnsafeText):
        return False
    return isinstance(value, str) and ("{{" in value or "{%" in value)


# --- Collecting tasks ------------------------------------------------------


@dataclass
class TaskRef:
    file: str
    name: str
    line: int | None
    data: dict
    handler: bool


class Collector:
    """Walks roles/ and playbooks/ under a root, gathering tasks and structural violations."""

    def __init__(self, root: Path):
        self.root = root
        self.tasks: list[TaskRef] = []
        self.violations: list[Violation] = []
        self.files = 0

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _load(self, path: Path):
        self.files += 1
        try:
            return load_yaml(path)
        except yaml.YAMLError as exc:
            problem = " ".join(str(exc).split())
            self.violations.append(Violation(self._rel(path), "(file)", "yaml", f"cannot parse: {problem}"))
            return None

    def collect(self) -> None:
        roles = self.root / "roles"
        playbooks = self.root / "playbooks"
        if not roles.is_dir() and not playbooks.is_dir():
            raise UsageError(f"{self.root}: neither roles/ nor playbooks/ found: nothing to check")
        for role in sorted(p for p in roles.glob("*") if p.is_dir()) if roles.is_dir() else []:
            for section, handler in (("tasks", False), ("handlers", True)):
                for path in _yaml_files(role / section, recursive=True):
                    self._task_file(path, handler)
        for path in _yaml_files(playbooks, recursive=False):
            self._playbook(path)

    def _task_file(self, path: Path, handler: bool) -> None:
        data = self._load(path)
        rel = self._rel(path)
        if data is None:
            return
        if not isinstance(data, list):
            self.violations.append(Violation(rel, "(file)", "tasks", "a task file must be a list of tasks"))
            return
        self._tasks(rel, data, handler)

    def _playbook(self, path: Path) -> None:
        data = self._load(path)
        rel = self._rel(path)
        if data is None:
            return
        if not isinstance(data, list):
            self.violations.append(Violation(rel, "(file)", "playbook", "a playbook must be a list of plays"))
            return
        for item in data:
            if not isinstance(item, dict):
                self.violations.append(Violation(rel, "(file)", "playbook", f"a play must be a mapping, not {item!r}"))
                continue
            label = _label(item, "play")
            line = getattr(item, "line", None)
            imports = [key for key in item if key in IMPORT_PLAYBOOK_NAMES]
            if imports:
                self._import_playbook(rel, label, item, imports, line)
                continue
            for key in item:
                if key not in PLAY_KEYWORDS:
                    self.violations.append(
                        Violation(
                            rel, label, "play", f"unknown play keyword {key!r}{_suggest(key, PLAY_KEYWORDS)}", line
                        )
                    )
            for section, handler in (("pre_tasks", False), ("tasks", False), ("post_tasks", False), ("handlers", True)):
                if item.get(section) is not None:
                    self._section(rel, label, section, item[section], handler)

    def _import_playbook(self, rel: str, label: str, item: dict, imports: list[str], line: int | None) -> None:
        module = imports[0]
        if module != "ansible.builtin.import_playbook":
            problem = (
                f"{module!r} is not a fully qualified collection name, which the project requires: "
                "write ansible.builtin.import_playbook"
            )
            self.violations.append(Violation(rel, label, module, problem, line))
        for key in item:
            if key not in IMPORT_PLAYBOOK_KEYWORDS and key not in imports:
                problem = f"unknown import_playbook keyword {key!r}{_suggest(key, IMPORT_PLAYBOOK_KEYWORDS)}"
                self.violations.append(Violation(rel, label, module, problem, line))

    def _section(self, rel: str, owner: str, section: str, tasks, handler: bool) -> None:
        if not isinstance(tasks, list):
            self.violations.append(Violation(rel, owner, section, f"{section} must be a list of tasks"))
            return
        self._tasks(rel, tasks, handler)

    def _tasks(self, rel: str, tasks: list, handler: bool) -> None:
        for item in tasks:
            if not isinstance(item, dict):
                self.violations.append(Violation(rel, "(task)", "task", f"a task must be a mapping, not {item!r}"))
                continue
            if any(key in item for key in ("block", "rescue", "always")):
                self._block(rel, item, handler)
            else:
                self.tasks.append(TaskRef(rel, _label(item, "task"), getattr(item, "line", None), item, handler))

    def _block(self, rel: str, item: dict, handler: bool) -> None:
        label = _label(item, "block")
        for key in item:
            if key not in BLOCK_KEYWORDS:
                problem = f"unknown block keyword {key!r}{_suggest(key, BLOCK_KEYWORDS)}"
                self.violations.append(Violation(rel, label, "block", problem, getattr(item, "line", None)))
        for section in ("block", "rescue", "always"):
            if item.get(section) is not None:
                self._section(rel, label, section, item[section], handler)


def _yaml_files(folder: Path, recursive: bool) -> list[Path]:
    if not folder.is_dir():
        return []
    found = []
    for pattern in ("*.yml", "*.yaml"):
        found.extend(folder.rglob(pattern) if recursive else folder.glob(pattern))
    return sorted(path for path in found if path.is_file())


def _label(item: dict, kind: str) -> str:
    name = item.get("name")
    if isinstance(name, str) and name.strip():
        return " ".join(name.split())
    line = getattr(item, "line", None)
    return f"(unnamed {kind}, line {line})" if line else f"(unnamed {kind})"


def _suggest(word: str, candidates) -> str:
    close = difflib.get_close_matches(str(word), sorted(str(c) for c in candidates), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- Parsing a task's module and arguments ---------------------------------


@dataclass
class ParsedTask:
    ref: TaskRef
    module: str
    args: dict
    deprecations: list[str]


def _parse_args(data: dict):
    """ModuleArgsParser's (module, args), with the deprecation warnings it raises captured, not printed."""
    if DeferredWarningContext is None:  # pragma: no cover
        return ModuleArgsParser(data).parse(skip_action_validation=True)[:2], []
    with DeferredWarningContext(variables={}) as context:
        module, args, _delegate_to = ModuleArgsParser(data).parse(skip_action_validation=True)
    notes = [" ".join(str(item.event.msg).split()) for item in context.get_deprecation_warnings()]
    return (module, args), notes


def parse_task(ref: TaskRef) -> tuple[ParsedTask | None, list[Violation]]:
    """Find a task's module and merged arguments, with ansible's ModuleArgsParser."""
    data = dict(ref.data)
    problems = []
    keywords = HANDLER_KEYWORDS if ref.handler else TASK_KEYWORDS

    def violation(module: str, problem: str) -> Violation:
        return Violation(ref.file, ref.name, module, problem, ref.line)

    if not ref.handler and "listen" in data:
        problems.append(violation("task", "'listen' is a handler keyword, not valid in a task"))
        del data["listen"]
    candidates = [key for key in data if key not in keywords and key not in ACTION_KEYS and not key.startswith("with_")]
    if len(candidates) > 1:
        modules = [key for key in candidates if FQCN_RE.match(str(key))]
        others = [key for key in candidates if key not in modules]
        if len(modules) == 1:
            for key in others:
                problems.append(violation(modules[0], f"unknown task keyword {key!r}{_suggest(key, keywords)}"))
                del data[key]
        else:
            names = ", ".join(repr(key) for key in candidates)
            problems.append(violation("task", f"several modules or unknown task keywords: {names}"))
            return None, problems
    try:
        (module, args), notes = _parse_args(data)
    except AnsibleError as exc:
        message = " ".join(str(getattr(exc, "message", None) or exc).split())
        problems.append(violation("task", message))
        return None, problems
    return ParsedTask(ref, str(module), dict(args or {}), notes), problems


# --- Module documentation --------------------------------------------------


class DocCache:
    """Module documentation from ansible-doc, fetched in one batch and kept for the run."""

    def __init__(self, collections_path: str, root: Path | None = None):
        self.collections_path = collections_path
        self.root = root
        self.docs: dict[str, dict] = {}
        self.undocumented: set[str] = set()  # exists, but ansible-doc has no documentation
        self.missing: set[str] = set()  # ansible-doc could not find it
        self.calls = 0

    def fetch(self, names) -> None:
        """Document every name not yet known, with a single ansible-doc call (retried without broken docs)."""
        wanted = sorted(set(names) - set(self.docs) - self.undocumented - self.missing)
        if not wanted:
            return
        with tempfile.TemporaryDirectory(prefix="contract-check-") as tmp:
            env = self._env(Path(tmp))
            while wanted:
                result = self._run(wanted, env)
                if result.returncode == 0:
                    docs = _parse_doc_output(result.stdout)
                    for name in wanted:
                        if name in docs:
                            self.docs[name] = docs[name].get("doc") or {}
                        else:
                            self.missing.add(name)
                    return
                broken = [name for name in MISSING_DOC_RE.findall(result.stderr) if name in wanted]
                if not broken:
                    raise DocError(f"ansible-doc failed (exit {result.returncode}): {result.stderr.strip()}")
                self.undocumented.update(broken)
                wanted = [name for name in wanted if name not in broken]

    def _run(self, names: list[str], env: dict) -> subprocess.CompletedProcess:
        self.calls += 1
        command = [sys.executable, "-m", "ansible.cli.doc", "-t", "module", "--json", *names]
        try:
            return subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=600)
        except (OSError, subprocess.SubprocessError) as exc:
            raise DocError(f"cannot run ansible-doc: {exc}") from exc

    def _env(self, tmp: Path) -> dict:
        env = dict(os.environ)
        paths = [self.collections_path] if self.collections_path else []
        own = _own_collection_link(self.root, tmp) if self.root else None
        if own:
            paths.insert(0, own)
        env["ANSIBLE_COLLECTIONS_PATH"] = os.pathsep.join(paths)
        env["ANSIBLE_COLLECTIONS_SCAN_SYS_PATH"] = "False"
        env["ANSIBLE_DEPRECATION_WARNINGS"] = "False"
        env["ANSIBLE_NOCOLOR"] = "1"
        env.setdefault("LANG", "C.UTF-8")
        return env


def _parse_doc_output(stdout: str) -> dict:
    try:
        docs = json.loads(stdout) if stdout.strip() else {}
    except ValueError as exc:
        raise DocError(f"ansible-doc printed no JSON: {exc}") from exc
    if not isinstance(docs, dict):
        raise DocError("ansible-doc printed no JSON mapping")
    return docs


def _own_collection_link(root: Path, tmp: Path) -> str | None:
    """When root is a collection (galaxy.yml), expose its working tree ahead of the installed copy."""
    galaxy = root / "galaxy.yml"
    if not galaxy.is_file():
        return None
    try:
        meta = yaml.safe_load(galaxy.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return None
    namespace, name = meta.get("namespace"), meta.get("name")
    if not (isinstance(namespace, str) and isinstance(name, str)):
        return None
    link = tmp / "ansible_collections" / namespace / name
    link.parent.mkdir(parents=True)
    link.symlink_to(root.resolve(), target_is_directory=True)
    return str(tmp)


# --- Checking arguments against the documentation --------------------------


def _kind(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return "a string"


def _check_text(value):
    # AnsibleModule turns numbers into strings; a boolean or a collection is a mistake.
    if isinstance(value, (bool, dict, list)):
        raise TypeError("not a string")
    return str(value)


def _check_number(checker):
    def check(value):
        if isinstance(value, bool):
            raise TypeError("not a number")
        return checker(value)

    return check


SCALAR_CHECKERS = {
    "str": _check_text,
    "path": _check_text,
    "sid": _check_text,
    "bool": validation.check_type_bool,
    "int": _check_number(validation.check_type_int),
    "float": _check_number(validation.check_type_float),
    "raw": validation.check_type_raw,
    "json": validation.check_type_jsonarg,
    "jsonarg": validation.check_type_jsonarg,
    "bytes": validation.check_type_bytes,
    "bits": validation.check_type_bits,
}


def _convert(value, type_name):
    """The value as AnsibleModule would convert it, or raise TypeError/ValueError."""
    checker = SCALAR_CHECKERS.get(type_name)
    if checker is None:
        return value
    return checker(value)


def _choices(spec: dict) -> list | None:
    choices = spec.get("choices")
    if isinstance(choices, dict):
        return list(choices)
    return choices if isinstance(choices, list) and choices else None


def _in_choices(value, converted, choices: list) -> bool:
    if value in choices or converted in choices:
        return True
    return str(value) in {str(choice) for choice in choices}


def check_value(value, spec: dict, label: str) -> list[str]:
    """Problems of one option's value against its documentation (templates and vault values skipped)."""
    if value is None or is_unknown(value):
        return []
    type_name = spec.get("type")
    if type_name == "list":
        return _check_list(value, spec, label)
    if type_name == "dict":
        return _check_dict(value, spec, label)
    if type_name == "flags":
        return _check_flags(value, spec, label)
    try:
        converted = _convert(value, type_name)
    except (TypeError, ValueError):
        return [f"option {label!r} expects {type_name}, got {_kind(value)} ({value!r})"]
    choices = _choices(spec)
    if choices and not _in_choices(value, converted, choices):
        return [f"option {label!r}: {value!r} is not one of {choices}"]
    return []


def _check_list(value, spec: dict, label: str) -> list[str]:
    if isinstance(value, dict):
        return [f"option {label!r} expects list, got a mapping"]
    if not isinstance(value, list):
        if isinstance(value, bool) or spec.get("elements") == "dict":
            return [f"option {label!r} expects list, got {_kind(value)} ({value!r})"]
        value = validation.check_type_list(value)
    problems = []
    element = dict(spec)
    element["type"] = spec.get("elements")
    for index, item in enumerate(value):
        problems.extend(check_value(item, element, f"{label}[{index}]"))
    return problems


def _check_flags(value, spec: dict, label: str) -> list[str]:
    # Our own type (DOC_OVERRIDES): a string of comma-separated names, each one of the choices.
    if not isinstance(value, str):
        return [f"option {label!r} expects comma-separated names, got {_kind(value)} ({value!r})"]
    choices = _choices(spec) or []
    wrong = [name.strip() for name in value.split(",") if name.strip() not in choices]
    if choices and wrong:
        return [f"option {label!r}: {', '.join(repr(name) for name in wrong)} not among {choices}"]
    return []


def _check_dict(value, spec: dict, label: str) -> list[str]:
    if not isinstance(value, dict):
        try:
            validation.check_type_dict(value)
        except (TypeError, ValueError):
            return [f"option {label!r} expects dict, got {_kind(value)} ({value!r})"]
        return []
    suboptions = spec.get("suboptions")
    if not isinstance(suboptions, dict):
        return []
    return check_options(value, suboptions, prefix=f"{label}.")


def check_options(args: dict, options: dict, prefix: str = "", free_keys: bool = False) -> list[str]:
    """Problems of a set of arguments against documented options: names, required, types, choices."""
    if "_variable_params" in args:  # args: "{{ a_mapping }}": known only at run time
        return []
    names: dict[str, str] = {}
    for option, spec in options.items():
        if option in PSEUDO_OPTIONS:
            continue
        names[option] = option
        for alias in (spec or {}).get("aliases") or []:
            names[alias] = option
    free_form = next((option for option in FREE_FORM_OPTIONS if option in options), None)
    problems = []
    given = set()
    for key, value in args.items():
        key = str(key)
        if key == "_raw_params" and key not in names:
            if free_form:
                given.add(free_form)
                problems.extend(check_value(value, options[free_form] or {}, free_form))
            else:
                problems.append(f"free-form arguments are not accepted ({value!r}): give named options")
            continue
        option = names.get(key)
        if option is None:
            if not free_keys:
                problems.append(f"unknown option {prefix}{key!r}{_suggest(key, names)}")
            continue
        given.add(option)
        problems.extend(check_value(value, options[option] or {}, f"{prefix}{key}"))
    for option, spec in options.items():
        spec = spec or {}
        if option in PSEUDO_OPTIONS and option != free_form:
            continue
        if spec.get("required") is True and option not in given:
            problems.append(f"missing required option {prefix}{option!r}")
    return problems


def module_options(module: str, doc: dict) -> dict:
    """The documented options of a module, with DOC_OVERRIDES applied."""
    options = {name: dict(spec or {}) for name, spec in (doc.get("options") or {}).items()}
    for (overridden, option), replacement in DOC_OVERRIDES.items():
        if overridden == module and option in options:
            options[option].update(replacement)
    return options


def is_fqcn(name: str) -> bool:
    """namespace.collection.name, and not the ansible.legacy pseudo collection."""
    return bool(FQCN_RE.match(name)) and not name.startswith("ansible.legacy.")


def check_parsed(task: ParsedTask, docs: DocCache) -> list[Violation]:
    ref, module = task.ref, task.module

    def violations(problems: list[str]) -> list[Violation]:
        return [Violation(ref.file, ref.name, module, problem, ref.line) for problem in problems]

    if not is_fqcn(module):
        resolved = (docs.docs.get(module) or {}).get("plugin_name")
        if isinstance(resolved, str) and is_fqcn(resolved):
            hint = f"write {resolved}"
        else:
            hint = "write <namespace>.<collection>.<module>"
        return violations([f"{module!r} is not a fully qualified collection name, which the project requires: {hint}"])
    if module in UNDOCUMENTED_ACTIONS:
        return []
    if module in docs.undocumented:
        return violations(["ansible-doc has no documentation for it (see docs/contract-tests.md, allow-list)"])
    if module not in docs.docs:
        return violations(["no such module in the installed collections (misspelt, or collection missing?)"])
    options = module_options(module, docs.docs[module])
    return violations(check_options(task.args, options, free_keys=module in FREE_KEY_ACTIONS))


# --- Running ---------------------------------------------------------------


@dataclass
class Report:
    violations: list[Violation]
    files: int
    tasks: int
    modules: int
    warnings: list[str]


def default_collections_path(root: Path) -> str:
    """ANSIBLE_COLLECTIONS_PATH, else the collections `make setup` installs under the root."""
    env = os.environ.get("ANSIBLE_COLLECTIONS_PATH")
    if env:
        return env
    return str(root / ".build" / "collections")


def check_tree(root, collections_path: str | None = None, docs: DocCache | None = None) -> Report:
    """Check every task under root; raise UsageError or DocError when it cannot."""
    root = Path(root)
    if not root.is_dir():
        raise UsageError(f"{root}: not a directory")
    collector = Collector(root)
    collector.collect()
    violations = list(collector.violations)
    parsed = []
    warnings = []
    for ref in collector.tasks:
        task, problems = parse_task(ref)
        violations.extend(problems)
        if task is not None:
            parsed.append(task)
            warnings.extend(f"{ref.file}:{ref.name}: {task.module}: deprecated: {note}" for note in task.deprecations)
    if docs is None:
        docs = DocCache(collections_path or default_collections_path(root), root)
    # Short names too: ansible-doc resolves them, which tells the FQCN to suggest.
    modules = {task.module for task in parsed}
    docs.fetch(modules - set(UNDOCUMENTED_ACTIONS))
    for task in parsed:
        violations.extend(check_parsed(task, docs))
    violations.sort(key=lambda violation: (violation.file, violation.line or 0))
    return Report(violations, collector.files, len(collector.tasks), len(modules), warnings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--root", default=".", help="folder holding roles/ and playbooks/ (default: .)")
    parser.add_argument("--json", action="store_true", help="print a JSON document instead of lines")
    parser.add_argument(
        "--collections-path",
        help="collections to document modules from (default: ANSIBLE_COLLECTIONS_PATH, else ROOT/.build/collections)",
    )
    try:
        options = parser.parse_args(argv)
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    try:
        report = check_tree(Path(options.root), options.collections_path)
    except (UsageError, DocError) as exc:
        print(f"contract_check: error: {exc}", file=sys.stderr)
        return 2
    if options.json:
        document = {
            "violations": [asdict(violation) for violation in report.violations],
            "files": report.files,
            "tasks": report.tasks,
            "modules": report.modules,
            "warnings": report.warnings,
        }
        print(json.dumps(document, indent=2, sort_keys=True))
    else:
        for violation in report.violations:
            print(violation)
    for warning in report.warnings:
        print(f"contract_check: warning: {warning}", file=sys.stderr)
    print(
        f"contract_check: {report.tasks} tasks in {report.files} files, {report.modules} modules: "
        f"{len(report.violations)} violation(s)",
        file=sys.stderr,
    )
    return 1 if report.violations else 0


if __name__ == "__main__":
    sys.exit(main())
