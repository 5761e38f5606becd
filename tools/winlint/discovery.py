# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Discovery: the files to lint, the tasks of a task file or playbook, and the files a task refers to.

A task is read from the YAML node tree (so that every finding has its line): blocks (block/rescue/always) at any
depth, and the pre_tasks, tasks, post_tasks and handlers of plays. :class:`Files` finds, as Ansible does, the
``.ps1`` of a win_powershell ``path:`` task and the task file of an ``include_tasks``/``import_tasks``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .powershell import Script
from .report import display

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


def lint_files(path: Path) -> list[Path]:
    """``path`` itself, or the ``*.yml``/``*.yaml``/``*.ps1`` files below the directory ``path``, sorted."""
    if not path.is_dir():
        return [path]
    return [
        child
        for child in sorted(path.rglob("*"))
        if child.is_file() and child.suffix.lower() in (".yml", ".yaml", ".ps1")
    ]


def role_directory(folder: Path) -> Path | None:
    """The role (``roles/<name>``) ``folder`` is in, or None."""
    for directory in (folder, *folder.parents):
        if directory.parent.name == "roles":
            return directory
    return None


class Files:
    """Finds and reads the files tasks refer to, below ``root`` (the repository)."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._roots: dict[Path, yaml.Node | None] = {}

    def find_file(self, task_file: Path, name: str) -> Path | None:
        """A win_powershell ``path:``: files/ of the role or of a folder above the task file, up to the root."""
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

    def task_script(self, task: Task) -> Script | None:
        """The ``script:`` of a win_powershell task, or None."""
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

    def include_file(self, task: Task) -> Path | None:
        """The task file an include_tasks/import_tasks names, as Ansible finds it; None when templated or absent.

        A relative name is looked for in the including file's directory, then in the tasks/ directory of the
        role the including file belongs to.
        """
        name = scalar(task.args.get("_raw_params")) or scalar(task.args.get("file"))
        if not name or "{{" in name or "{%" in name:
            return None
        if Path(name).is_absolute():
            candidates = [Path(name)]
        else:
            folder = task.path.resolve().parent
            candidates = [folder / name]
            role = role_directory(folder)
            if role is not None:
                candidates.append(role / "tasks" / name)
        for candidate in candidates:
            if candidate.is_file():
                return candidate.resolve()
        return None

    def included_tasks(self, path: Path, scopes: Scopes) -> list[Task] | None:
        """The tasks of the task file ``path`` as included under ``scopes``; None when it is not a task list."""
        if path not in self._roots:
            try:
                self._roots[path] = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                self._roots[path] = None
        root = self._roots[path]
        if not isinstance(root, yaml.SequenceNode):
            return None
        return list(iter_tasks(items_of(root), path, scopes))
