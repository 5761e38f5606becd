# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: strict, bounded YAML loading of tenant-registry files.

A registry file is data written by many hands; it must not be able to hang, exhaust or mislead the loader. This
loader:

- reads regular files only, never through a symbolic link, and never more than ``MAX_FILE_BYTES`` (a FIFO, a
  device, a directory or a link named ``*.yml`` is refused before it is opened for reading);
- refuses duplicate keys (PyYAML silently keeps the last one: a duplicated machine or environment would vanish)
  and reports both line numbers, and accepts YAML merge keys (``<<: *defaults``), whose keys an explicit key
  overrides;
- bounds what aliases can do: the document, aliases expanded, may have at most
  ``NODE_FLOOR + NODES_PER_BYTE * file size`` nodes (a harmless file cannot have more nodes than bytes) and be at
  most ``MAX_DEPTH`` levels deep; an alias inside the node it names is refused;
- refuses numbers written with more than ``MAX_NUMBER_CHARACTERS`` characters (Python's integer conversion limit
  would otherwise escape as a bare ValueError) and reports any value PyYAML cannot construct (``2026-02-30``
  unquoted) with its field instead of crashing;
- accepts plain YAML values only (null, booleans, numbers, strings, timestamps, lists and mappings): no tags of
  other types, no sets or ordered maps.

Every refusal says where: the file, the line and, once the document is composed, the field path.
"""

from __future__ import annotations

import os
import stat

from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

try:
    import yaml

    _BaseLoader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    HAS_YAML = True
except ImportError:  # pragma: no cover - PyYAML ships with ansible-core
    yaml = None
    _BaseLoader = object
    HAS_YAML = False

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
NODE_FLOOR = 10000
NODES_PER_BYTE = 1
MAX_NUMBER_CHARACTERS = 32

_TAG = "tag:yaml.org,2002:"
_MAP, _SEQ, _MERGE = _TAG + "map", _TAG + "seq", _TAG + "merge"
_INT, _FLOAT, _STR = _TAG + "int", _TAG + "float", _TAG + "str"
_SCALAR_TAGS = frozenset(_TAG + kind for kind in ("null", "bool", "int", "float", "str", "timestamp", "binary"))
_FILE_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class RegistryYamlError(Exception):
    """A registry file cannot be read, is not well-formed YAML, repeats a key or exceeds a bound.

    ``message`` says what is wrong, ``line`` where (when known), ``field`` the path of keys and list indexes to
    the value (when known), and ``expected``, when set, is the sentence that replaces "well-formed YAML: ...".
    """

    def __init__(self, path, message, line=None, field=None, expected=None):
        self.path = path
        self.line = line
        self.field = tuple(field or ())
        self.expected = expected
        where = "%s:%s" % (path, line) if line else path
        super().__init__("%s: %s" % (where, message))
        self.message = message


class LoadStats:
    """What one load built: composed nodes, nodes once aliases are expanded, and the bound on the latter."""

    __slots__ = ("nodes", "expanded", "budget")

    def __init__(self):
        self.nodes = 0
        self.expanded = 0
        self.budget = 0


def node_budget(size):
    """The most nodes (aliases expanded) that a file of ``size`` bytes may hold."""
    return NODE_FLOOR + NODES_PER_BYTE * size


if HAS_YAML:

    class _StrictLoader(_BaseLoader):
        """SafeLoader (C-accelerated when available): composes; ``_Builder`` constructs."""


class _Refused(Exception):
    def __init__(self, expected, node, field, message=None):
        super().__init__(expected)
        self.expected = expected
        self.message = message
        self.line = node.start_mark.line + 1 if node is not None and node.start_mark is not None else None
        self.field = list(field)


class _Builder:
    """Constructs Python values from a composed node graph, within the bounds of the module docstring.

    Each node is built once (an alias reuses the value, as PyYAML does) and counts, toward the budget, as many
    nodes as its subtree holds: the work done is linear in the file, whatever the aliases.
    """

    def __init__(self, loader, budget, stats):
        self.loader = loader
        self.budget = budget
        self.stats = stats
        self.built = {}  # id(node) -> (value, expanded size, height)
        self.active = set()

    def _spend(self, count, node, field):
        self.stats.expanded += count
        if self.stats.expanded > self.budget:
            raise _Refused(
                "at most %d YAML nodes once aliases are expanded (%d plus %d per byte of the file): "
                "aliases must not multiply the document" % (self.budget, NODE_FLOOR, NODES_PER_BYTE),
                node,
                field,
            )

    def build(self, node, field):
        key = id(node)
        if key in self.built:
            value, size, height = self.built[key]
            if len(field) + height > MAX_DEPTH:
                raise _Refused("nesting at most %d levels deep, aliases expanded" % MAX_DEPTH, node, field)
            self._spend(size, node, field)
            return value, size, height
        if key in self.active:
            raise _Refused("no recursive alias (an alias inside the node it names)", node, field)
        if len(field) > MAX_DEPTH:
            raise _Refused("nesting at most %d levels deep" % MAX_DEPTH, node, field)
        self.stats.nodes += 1
        self._spend(1, node, field)
        self.active.add(key)
        try:
            if isinstance(node, yaml.ScalarNode):
                result = (self.scalar(node, field), 1, 0)
            elif isinstance(node, yaml.SequenceNode):
                result = self.sequence(node, field)
            else:
                result = self.mapping(node, field)
        finally:
            self.active.discard(key)
        self.built[key] = result
        return result

    def scalar(self, node, field):
        if node.tag == _STR:  # what PyYAML's construct_yaml_str returns, without its calls (most scalars)
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise _Refused("a plain YAML value (no tag %s)" % excerpt(node.tag), node, field)
        if node.tag in (_INT, _FLOAT) and len(node.value) > MAX_NUMBER_CHARACTERS:
            raise _Refused(
                "a number of at most %d characters, got %d characters" % (MAX_NUMBER_CHARACTERS, len(node.value)),
                node,
                field,
            )
        constructor = self.loader.yaml_constructors[node.tag]
        try:
            return constructor(self.loader, node)
        except yaml.YAMLError as exc:
            raise _Refused(
                "a valid %s value (%s)" % (node.tag[len(_TAG) :], excerpt(getattr(exc, "problem", None) or str(exc))),
                node,
                field,
            ) from None
        except (ValueError, OverflowError, TypeError) as exc:
            raise _Refused(
                "a valid %s value, got %s (%s)" % (node.tag[len(_TAG) :], excerpt(node.value), excerpt(str(exc))),
                node,
                field,
            ) from None

    def sequence(self, node, field):
        if node.tag != _SEQ:
            raise _Refused("a plain YAML list (no tag %s)" % excerpt(node.tag), node, field)
        items, size, height = [], 1, 0
        for index, child in enumerate(node.value):
            value, child_size, child_height = self.build(child, field + [index])
            items.append(value)
            size += child_size
            height = max(height, child_height + 1)
        return items, size, height

    def mapping(self, node, field):
        if node.tag != _MAP:
            raise _Refused("a plain YAML mapping (no tag %s)" % excerpt(node.tag), node, field)
        explicit, lines, merge_node = [], {}, None
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                if merge_node is not None:
                    raise _Refused("one merge key << per mapping", key_node, field)
                merge_node = value_node
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused("a plain key (a string or a number), got a list or mapping as key", key_node, field)
            key = self.scalar(key_node, field)
            self._spend(1, key_node, field)
            line = key_node.start_mark.line + 1
            if key in lines:
                message = "duplicate key %s (first at line %d, again at line %d)" % (excerpt(key), lines[key], line)
                raise _Refused("well-formed YAML: " + message, key_node, field, message=message)
            lines[key] = line
            explicit.append((key, value_node))
        result, size, height = {}, 1, 0
        if merge_node is not None:
            sources = merge_node.value if isinstance(merge_node, yaml.SequenceNode) else [merge_node]
            built = []
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    raise _Refused("a mapping, or a list of mappings, after the merge key <<", source, field)
                value, source_size, source_height = self.build(source, field)
                built.append(value)
                size += source_size
                height = max(height, source_height)
            for value in reversed(built):  # the first mapping listed wins, as in YAML's merge key
                result.update(value)
        for key, value_node in explicit:
            value, child_size, child_height = self.build(value_node, field + [key])
            result[key] = value
            size += child_size
            height = max(height, child_height + 1)
        return result, size, height


def _file_kind(mode):
    for test, name in _FILE_KINDS:
        if test(mode):
            return name
    return "not a regular file"


def read_regular_file(path, max_bytes=MAX_FILE_BYTES):
    """The bytes of ``path``: a regular file, not a symbolic link, of at most ``max_bytes`` bytes.

    The type is checked before the file is opened, and again on the open descriptor (opened without following a
    link and without blocking, so that a FIFO swapped in between cannot hang the load).
    """
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise RegistryYamlError(path, "cannot read file: %s" % exc.strerror) from None
    if stat.S_ISLNK(info.st_mode):
        raise _not_regular(path, "a symbolic link (symbolic links are refused inside the registry)")
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(path, _file_kind(info.st_mode))
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise RegistryYamlError(path, "cannot read file: %s" % exc.strerror) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path, _file_kind(info.st_mode))
        if info.st_size > max_bytes:
            raise _too_large(path, info.st_size, max_bytes)
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(descriptor, min(65536, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise _too_large(path, total, max_bytes)
        return b"".join(chunks)
    except OSError as exc:
        raise RegistryYamlError(path, "cannot read file: %s" % exc.strerror) from None
    finally:
        os.close(descriptor)


def _not_regular(path, kind):
    expected = "a regular file, got %s" % kind
    return RegistryYamlError(path, expected, expected=expected)


def _too_large(path, size, max_bytes):
    expected = "a file of at most %d bytes, got %s%d bytes" % (max_bytes, "at least " if size > max_bytes else "", size)
    return RegistryYamlError(path, expected, expected=expected)


def load_yaml_bytes(data, path="<registry file>", stats=None):
    """Parse the registry file content ``data`` (bytes or str) within the bounds; ``path`` names it in errors.

    ``stats`` (a ``LoadStats``), when given, receives the node counts: tests compare them with the bound.
    """
    if not HAS_YAML:  # pragma: no cover
        raise RegistryYamlError(path, "PyYAML is required to read the tenant registry")
    stats = stats if stats is not None else LoadStats()
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    stats.budget = node_budget(size)
    loader = _StrictLoader(data)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _Builder(loader, stats.budget, stats).build(node, [])[0]
    except _Refused as exc:
        raise RegistryYamlError(
            path,
            exc.message or exc.expected,
            line=exc.line,
            field=exc.field,
            expected=None if exc.message else exc.expected,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        raise RegistryYamlError(path, excerpt_text(problem), line=line) from None
    except RecursionError:  # pragma: no cover - only the pure-Python composer recurses; libyaml stops at 1000
        expected = "nesting at most %d levels deep" % MAX_DEPTH
        raise RegistryYamlError(path, expected, expected=expected) from None
    finally:
        loader.dispose()


def excerpt_text(text, limit=300):
    """A message from PyYAML, cut to ``limit`` characters (a tag or anchor name can be megabytes long)."""
    text = str(text)
    return text if len(text) <= limit else "%s... (%d characters)" % (text[:limit], len(text))


def load_yaml_file(path, max_bytes=MAX_FILE_BYTES, stats=None):
    """Return the parsed content of one registry file, or raise RegistryYamlError."""
    return load_yaml_bytes(read_regular_file(path, max_bytes), path, stats)
