# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: load and validate the tenant registry.

A registry is a directory::

    platform.yml          datacenters, networks, pools, machines, settings
    service_packs.yml     the service-pack catalogue
    tenants/<name>.yml    one file per tenant

``load_registry`` reads every file, checks each against its JSON Schema, then
checks the cross-references between files. Every problem found is collected;
if there is at least one, ``RegistryError`` is raised with all of them, and no
partial registry is ever returned.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat

from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt
from ansible_collections.divalto.cloud.plugins.module_utils.registry.fast_schema import accepts
from ansible_collections.divalto.cloud.plugins.module_utils.registry.schema import (
    PLATFORM_SCHEMA,
    SAFE_ID,
    SERVICE_PACKS_SCHEMA,
    TENANT_SCHEMA,
)
from ansible_collections.divalto.cloud.plugins.module_utils.registry.strict_yaml import (
    RegistryYamlError,
    load_yaml_file,
)


def _jsonschema():
    """The jsonschema module, imported on first use: a cache hit of the inventory plugin, which reads the model
    without the registry, does not pay for its import (about 0.1 s); ImportError when it is missing."""
    import jsonschema
    import jsonschema.validators

    return jsonschema


PLATFORM_FILE = "platform.yml"
SERVICE_PACKS_FILE = "service_packs.yml"
TENANTS_DIR = "tenants"
TENANT_SUFFIXES = (".yml", ".yaml")
# Bounds of one message (docs/registry.md, "Bounds"): a problem is at most about 1,700 characters, whatever the
# registry holds, and one file reports at most MAX_PROBLEMS_PER_FILE problems (then how many more there were).
FILE_LIMIT = 200
SUBJECT_LIMIT = 100
PATH_LIMIT = 300
EXPECTED_LIMIT = 1000
SEGMENT_LIMIT = 40
MAX_PROBLEMS_PER_FILE = 50


def clip(text, limit):
    """``text`` with every non-printable character escaped, cut to about ``limit`` characters."""
    text = text if isinstance(text, str) else str(text)
    head = text[: limit + 1]
    if len(text) <= limit and head.isprintable():
        return text
    shown = "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in head)
    if len(text) > limit or len(shown) > limit:
        return "%s... (%d characters)" % (shown[:limit], len(text))
    return shown


class Problem:
    """One thing wrong with the registry: where it is and what was expected.

    Every part is escaped and bounded (``clip``): a message never prints a whole value, file or document.
    """

    __slots__ = ("file", "subject", "path", "expected")

    def __init__(self, file, subject, path, expected):
        self.file = clip(file, FILE_LIMIT)
        self.subject = clip(subject, SUBJECT_LIMIT)
        self.path = clip(path, PATH_LIMIT)
        self.expected = clip(expected, EXPECTED_LIMIT)

    def sort_key(self):
        return (self.file, self.subject, self.path, self.expected)

    def as_dict(self):
        return {"file": self.file, "subject": self.subject, "path": self.path, "expected": self.expected}

    def __str__(self):
        parts = [self.file]
        if self.subject:
            parts.append(self.subject)
        if self.path:
            parts.append(self.path)
        return "%s: expected %s" % (": ".join(parts), self.expected)

    def __repr__(self):
        return "Problem(%r)" % str(self)


class RegistryError(Exception):
    """The registry is invalid; ``problems`` lists every problem of the load."""

    def __init__(self, problems):
        self.problems = sorted(problems, key=Problem.sort_key)
        count = len(self.problems)
        lines = ["invalid tenant registry: %d problem%s" % (count, "" if count == 1 else "s")]
        lines.extend("  - %s" % problem for problem in self.problems)
        super().__init__("\n".join(lines))


class Registry:
    """A validated registry: plain dicts, exactly as written in the files."""

    __slots__ = ("root", "platform", "service_packs", "tenants", "tenant_files")

    def __init__(self, root, platform, service_packs, tenants, tenant_files):
        self.root = root
        self.platform = platform
        self.service_packs = service_packs
        self.tenants = tenants
        self.tenant_files = tenant_files


class _Collector:
    """Accumulates problems so that one load reports all of them.

    ``blamed`` holds, per file, the field paths that a YAML or schema problem already names: a cross-reference
    check then says nothing more about them (their value is wrong; what it refers to is beside the point).
    """

    def __init__(self):
        self.problems = []
        self.blamed = {}
        self.per_file = {}
        self.cross_checking = False

    def add(self, file, subject, path, expected):
        if self.cross_checking and self.is_blamed(file, path):
            return
        count = self.per_file.get(file, 0) + 1
        self.per_file[file] = count
        if count <= MAX_PROBLEMS_PER_FILE:
            self.problems.append(Problem(file, subject, path, expected))

    def blame(self, file, path):
        self.blamed.setdefault(file, set()).add(path)

    def is_blamed(self, file, path):
        for blamed in self.blamed.get(file, ()):
            if not blamed or path == blamed or path.startswith((blamed + ".", blamed + "[")):
                return True
        return False

    def summarise(self):
        """One last problem per file that had more than MAX_PROBLEMS_PER_FILE."""
        for file, count in sorted(self.per_file.items()):
            if count > MAX_PROBLEMS_PER_FILE:
                self.problems.append(
                    Problem(
                        file,
                        "",
                        "",
                        "fewer problems: %d more not shown (%d in all)" % (count - MAX_PROBLEMS_PER_FILE, count),
                    )
                )


def _visible(name):
    return not name.startswith(".")


def tenant_files(root):
    """Sorted paths of the tenant files of a registry directory (``*.yml`` and ``*.yaml``, not hidden)."""
    directory = os.path.join(root, TENANTS_DIR)
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(os.path.join(directory, name) for name in names if name.endswith(TENANT_SUFFIXES) and _visible(name))


def registry_files(root):
    """Every file that makes up a registry, in a stable order."""
    return [os.path.join(root, PLATFORM_FILE), os.path.join(root, SERVICE_PACKS_FILE)] + tenant_files(root)


def fingerprint(root):
    """A cheap digest of the registry's entries: names, types, sizes, inodes, modification and change times.

    Used as the inventory cache's validity check: any edit, addition, removal or renaming of a registry file
    changes it, and so does any other entry appearing in tenants/ (which the load refuses), without reading the
    files. The change time (ctime) catches an edit that restores the modification time (``cp -p``,
    ``touch -r``), the inode a file replaced by another of the same size and times. Links are not followed.
    """
    digest = hashlib.sha256()
    directory = os.path.join(root, TENANTS_DIR)
    for path in (os.path.join(root, PLATFORM_FILE), os.path.join(root, SERVICE_PACKS_FILE), directory):
        try:
            info = os.lstat(path)
        except OSError:
            digest.update(("%s:missing\n" % path).encode("utf-8", "surrogateescape"))
            continue
        digest.update(_stamp(path, info))
    try:
        with os.scandir(directory) as scan:
            entries = sorted((entry for entry in scan if _visible(entry.name)), key=lambda entry: entry.name)
    except OSError:
        entries = []
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            digest.update(("%s:missing\n" % entry.path).encode("utf-8", "surrogateescape"))
            continue
        digest.update(_stamp(entry.path, info))
    return digest.hexdigest()


def _stamp(path, info):
    return (
        "%s:%o:%d:%d:%d:%d\n" % (path, info.st_mode, info.st_size, info.st_ino, info.st_mtime_ns, info.st_ctime_ns)
    ).encode("utf-8", "surrogateescape")


def _segment(item):
    if isinstance(item, str):
        return clip(item, SEGMENT_LIMIT)
    return clip(excerpt(item, SEGMENT_LIMIT), SEGMENT_LIMIT)


def field_path(items):
    """A dotted field path (``environments.production.addons[2]``); each key is escaped and cut short."""
    parts = []
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            parts.append("[%d]" % item)
        elif parts:
            parts.append("." + _segment(item))
        else:
            parts.append(_segment(item))
    return clip("".join(parts), PATH_LIMIT)


def _excerpts(values, limit=5):
    """At most ``limit`` excerpts of ``values``, then how many more there were."""
    values = sorted(values, key=lambda value: (type(value).__name__, excerpt(value)))
    shown = ", ".join(excerpt(value, SEGMENT_LIMIT) for value in values[:limit])
    if len(values) > limit:
        shown += " and %d more" % (len(values) - limit)
    return shown


def _describe_schema_error(error):
    """Turn one jsonschema error into (field path, what was expected, blamed field paths)."""
    path = field_path(error.absolute_path)
    validator = error.validator
    if validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in allowed]
        return (
            path,
            "only known keys (%s), got unknown %s" % (", ".join(allowed) or "none", _excerpts(unknown)),
            [field_path(list(error.absolute_path) + [key]) for key in unknown],
        )
    if validator in ("required", "dependentRequired") and isinstance(error.instance, dict):
        if validator == "required":
            missing = [key for key in error.validator_value if key not in error.instance]
            expected = "required key%s %s, which %s missing" % (
                "s" if len(missing) > 1 else "",
                ", ".join(map(repr, missing)),
                "are" if len(missing) > 1 else "is",
            )
        else:
            missing = [key for key in error.validator_value if key not in error.instance]
            expected = "%s together with the keys that need it, which %s missing" % (
                ", ".join(map(repr, missing)),
                "are" if len(missing) > 1 else "is",
            )
        return path, expected, [field_path(list(error.absolute_path) + [key]) for key in missing]
    if validator == "propertyNames":
        return path, "a key that is %s, got %s" % (_expected_of(error.schema, "key"), excerpt(error.instance)), [path]
    return path, "%s, got %s" % (_expected_of(error.schema, validator, error), excerpt(error.instance)), [path]


_VALIDATOR_SENTENCES = {
    "type": lambda value: "a value of type %s" % value,
    "minimum": lambda value: "a number >= %s" % value,
    "maximum": lambda value: "a number <= %s" % value,
    "minItems": lambda value: "a list of at least %s item(s)" % value,
    "maxItems": lambda value: "a list of at most %s item(s)" % value,
    "uniqueItems": lambda value: "a list without repeated items",
    "minLength": lambda value: "a string of at least %s character(s)" % value,
    "maxLength": lambda value: "a string of at most %s character(s)" % value,
    "minProperties": lambda value: "a mapping with at least %s entries" % value,
    "maxProperties": lambda value: "a mapping with at most %s entries" % value,
    "pattern": lambda value: "a string matching %s" % value,
    "format": lambda value: "a valid %s" % value,
}


def _expected_of(schema, validator, error=None):
    if "x-expected" in schema:
        return schema["x-expected"]
    if "enum" in schema:
        return "one of %s" % ", ".join(map(str, schema["enum"]))
    if validator in _VALIDATOR_SENTENCES and error is not None:
        if validator == "maxItems" and schema.get("minItems") == error.validator_value:
            return "a list of exactly %s item(s)" % error.validator_value
        return _VALIDATOR_SENTENCES[validator](error.validator_value)
    # jsonschema's own message quotes the whole value: never shown.
    return "a value valid for %s" % validator


def _schema_problems(validator, document, file, subject, collector):
    seen = set()
    for error in sorted(validator.iter_errors(document), key=lambda err: [_segment(p) for p in err.absolute_path]):
        path, expected, blamed = _describe_schema_error(error)
        for field in blamed:
            collector.blame(file, field)
        if (path, expected) not in seen:
            seen.add((path, expected))
            collector.add(file, subject, path, expected)


def _relative(root, path):
    return os.path.relpath(path, root) if root else path


_TENANT_NAME = re.compile(SAFE_ID["pattern"])


def _tenant_name_matches(name):
    return isinstance(name, str) and _TENANT_NAME.search(name) is not None


def _scan_tenants(root, shown, collector):
    """[(tenant, path)] of the tenant files; every other entry of tenants/ is a problem (docs/registry.md)."""
    directory = os.path.join(root, TENANTS_DIR)
    shown_directory = _relative(shown, directory)
    try:
        info = os.lstat(directory)
    except OSError:
        collector.add(shown_directory, "", "", "a directory of tenant files (<tenant>.yml)")
        return []
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        collector.add(
            shown_directory,
            "",
            "",
            "a directory of tenant files, not a symbolic link (symbolic links are refused inside the registry)",
        )
        return []
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:
        collector.add(shown_directory, "", "", "a readable directory (%s)" % exc.strerror)
        return []
    found = []
    stems = {}
    for name in names:
        if not _visible(name):
            continue
        path = os.path.join(directory, name)
        stem, suffix = os.path.splitext(name)
        shown_path = _relative(shown, path)
        if suffix not in TENANT_SUFFIXES:
            if suffix.lower() in TENANT_SUFFIXES:
                expected = "a tenant file name ending in .yml or .yaml, in lowercase (else the tenant would vanish)"
            else:
                expected = "only tenant files <tenant>.yml in tenants/ (any other entry is refused), got %s" % excerpt(
                    name
                )
            collector.add(shown_path, "", "", expected)
            continue
        if not _tenant_name_matches(stem):
            collector.add(
                shown_path,
                "",
                "",
                "a file named <tenant>.yml whose <tenant> is %s, got %s" % (SAFE_ID["x-expected"], excerpt(name)),
            )
            continue
        if stem in stems:
            collector.add(
                shown_path, "tenant %s" % stem, "", "one file per tenant (also %s)" % _relative(shown, stems[stem])
            )
            continue
        stems[stem] = path
        found.append((stem, path))
    return found


def load_registry(root, display_root=None):
    """Load, validate and return the registry at ``root``.

    ``display_root`` is the directory that file names in messages are shown
    relative to (default: the registry directory itself).
    """
    try:
        _jsonschema()
    except ImportError as exc:  # pragma: no cover - exercised only without jsonschema
        raise RegistryError([Problem(root, "", "", "the jsonschema Python package is required (%s)" % exc)]) from None
    if not os.path.isdir(root):
        raise RegistryError([Problem(root, "", "", "a registry directory (with platform.yml and tenants/)")])
    shown = display_root or root
    collector = _Collector()

    def read(path, schema, subject):
        """(document or None, whether it passed its schema)."""
        name = _relative(shown, path)
        try:
            document = load_yaml_file(path)
        except RegistryYamlError as exc:
            where = field_path(exc.field)
            if exc.expected:
                expected = exc.expected
            else:
                expected = "well-formed YAML: %s" % exc.message
            if exc.line and "line %d" % exc.line not in expected:
                expected += " (line %d)" % exc.line
            collector.add(name, subject, where, expected)
            collector.blame(name, where)
            return None, False
        if document is None:
            collector.add(name, subject, "", "a YAML mapping, got an empty file")
            return None, False
        if accepts(schema)(document):  # the fast check: jsonschema runs only for its messages (fast_schema.py)
            return (document if isinstance(document, dict) else None), True
        before = collector.per_file.get(name, 0)
        _schema_problems(_validator(schema), document, name, subject, collector)
        valid = collector.per_file.get(name, 0) == before
        return (document if isinstance(document, dict) else None), valid

    platform, platform_valid = read(os.path.join(root, PLATFORM_FILE), PLATFORM_SCHEMA, "platform")
    catalogue, catalogue_valid = read(os.path.join(root, SERVICE_PACKS_FILE), SERVICE_PACKS_SCHEMA, "service packs")
    tenants = {}
    files = {}
    before = len(collector.problems)
    found = _scan_tenants(root, shown, collector)
    if not found and len(collector.problems) == before:
        collector.add(_relative(shown, os.path.join(root, TENANTS_DIR)), "", "", "at least one tenant file (*.yml)")
    for stem, path in found:
        document, _valid = read(path, TENANT_SCHEMA, "tenant %s" % stem)
        if document is None:
            continue
        name = _relative(shown, path)
        declared = document.get("tenant")
        if _tenant_name_matches(declared) and declared != stem:
            collector.add(
                name,
                "tenant %s" % stem,
                "tenant",
                "the tenant its file is named after (%s), got %s" % (excerpt(stem), excerpt(declared)),
            )
            collector.blame(name, "tenant")
        tenants[stem] = document
        files[stem] = name

    service_packs = catalogue.get("service_packs") if catalogue is not None else None
    if platform is not None and isinstance(service_packs, dict):
        # Imported here: module_utils of the checks pull in the calendar and backup policies.
        from ansible_collections.divalto.cloud.plugins.module_utils.registry.checks import check_registry

        # Every document that is a mapping is cross-checked, even with schema problems: a schema error must not
        # hide a cross-reference error of the same file. Checks that cannot read invalid data are then skipped,
        # and nothing more is said about a field already reported.
        tolerant = bool(collector.problems) or not (platform_valid and catalogue_valid)
        registry = Registry(root, platform, service_packs, tenants, files)
        collector.cross_checking = True
        check_registry(registry, collector, _relative(shown, os.path.join(root, PLATFORM_FILE)), tolerant=tolerant)
    if collector.problems:
        collector.summarise()
        raise RegistryError(collector.problems)
    return Registry(root, platform, service_packs, tenants, files)


def _is_integer(_checker, instance):
    """Only a Python int is an integer: not a bool, and not a float such as 2301.0 (jsonschema accepts both)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


_VALIDATORS = {}
_VALIDATOR_CLASS = []


def _validator(schema):
    jsonschema = _jsonschema()
    if not _VALIDATOR_CLASS:
        draft = jsonschema.Draft202012Validator
        _VALIDATOR_CLASS.append(
            jsonschema.validators.extend(draft, type_checker=draft.TYPE_CHECKER.redefine("integer", _is_integer))
        )
    key = id(schema)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = _VALIDATOR_CLASS[0](schema, format_checker=jsonschema.FormatChecker(formats=("date",)))
    return _VALIDATORS[key]
