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

from ansible_collections.divalto.cloud.plugins.module_utils.registry.schema import (
    PLATFORM_SCHEMA,
    SERVICE_PACKS_SCHEMA,
    TENANT_SCHEMA,
)
from ansible_collections.divalto.cloud.plugins.module_utils.registry.strict_yaml import (
    RegistryYamlError,
    load_yaml_file,
)

try:
    from jsonschema import Draft202012Validator

    HAS_JSONSCHEMA = True
    JSONSCHEMA_IMPORT_ERROR = None
except ImportError as _exc:  # pragma: no cover - exercised only without jsonschema
    Draft202012Validator = None
    HAS_JSONSCHEMA = False
    JSONSCHEMA_IMPORT_ERROR = _exc

PLATFORM_FILE = "platform.yml"
SERVICE_PACKS_FILE = "service_packs.yml"
TENANTS_DIR = "tenants"
TENANT_SUFFIXES = (".yml", ".yaml")


class Problem:
    """One thing wrong with the registry: where it is and what was expected."""

    __slots__ = ("file", "subject", "path", "expected")

    def __init__(self, file, subject, path, expected):
        self.file = file
        self.subject = subject
        self.path = path
        self.expected = expected

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
    """Accumulates problems so that one load reports all of them."""

    def __init__(self):
        self.problems = []

    def add(self, file, subject, path, expected):
        self.problems.append(Problem(file, subject, path, expected))


def tenant_files(root):
    """Sorted paths of the tenant files of a registry directory."""
    directory = os.path.join(root, TENANTS_DIR)
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return sorted(
        os.path.join(directory, name) for name in names if name.endswith(TENANT_SUFFIXES) and not name.startswith(".")
    )


def registry_files(root):
    """Every file that makes up a registry, in a stable order."""
    return [os.path.join(root, PLATFORM_FILE), os.path.join(root, SERVICE_PACKS_FILE)] + tenant_files(root)


def fingerprint(root):
    """A cheap digest of the registry's file names, sizes and modification times.

    Used as the inventory cache's validity check: any edit, addition or removal
    of a registry file changes it, without reading the files.
    """
    digest = hashlib.sha256()
    for path in registry_files(root):
        try:
            info = os.stat(path)
        except OSError:
            digest.update(("%s:missing\n" % path).encode("utf-8"))
            continue
        digest.update(("%s:%d:%d\n" % (path, info.st_size, info.st_mtime_ns)).encode("utf-8"))
    return digest.hexdigest()


def _json_path(error_path):
    parts = []
    for item in error_path:
        if isinstance(item, int):
            parts.append("[%d]" % item)
        elif parts:
            parts.append(".%s" % item)
        else:
            parts.append(str(item))
    return "".join(parts)


def _describe_schema_error(error):
    """Turn one jsonschema error into (field path, what was expected)."""
    path = _json_path(error.absolute_path)
    validator = error.validator
    if validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        return path, "only known keys (%s), got unknown %s" % (
            ", ".join(allowed) or "none",
            ", ".join(repr(key) for key in unknown),
        )
    if validator == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        return path, "required key%s %s, which %s missing" % (
            "s" if len(missing) > 1 else "",
            ", ".join(map(repr, missing)),
            "are" if len(missing) > 1 else "is",
        )
    if validator == "dependentRequired":
        missing = [key for key in error.validator_value if key not in error.instance]
        return path, "%s together with the keys that need it, which %s missing" % (
            ", ".join(map(repr, missing)),
            "are" if len(missing) > 1 else "is",
        )
    if validator == "propertyNames":
        return path, "a key that is %s, got %r" % (_expected_of(error.schema, "key"), error.instance)
    return path, "%s, got %r" % (_expected_of(error.schema, validator, error), error.instance)


_VALIDATOR_SENTENCES = {
    "type": lambda value: "a value of type %s" % value,
    "minimum": lambda value: "a number >= %s" % value,
    "maximum": lambda value: "a number <= %s" % value,
    "minItems": lambda value: "a list of at least %s item(s)" % value,
    "maxItems": lambda value: "a list of at most %s item(s)" % value,
    "uniqueItems": lambda value: "a list without repeated items",
    "minLength": lambda value: "a string of at least %s character(s)" % value,
    "minProperties": lambda value: "a mapping with at least %s entries" % value,
    "pattern": lambda value: "a string matching %s" % value,
}


def _expected_of(schema, validator, error=None):
    if "x-expected" in schema:
        return schema["x-expected"]
    if "enum" in schema:
        return "one of %s" % ", ".join(map(str, schema["enum"]))
    if validator in _VALIDATOR_SENTENCES and error is not None:
        return _VALIDATOR_SENTENCES[validator](error.validator_value)
    return error.message if error is not None else "a valid value"


def _schema_problems(validator, document, file, subject, collector):
    for error in sorted(validator.iter_errors(document), key=lambda err: list(map(str, err.absolute_path))):
        path, expected = _describe_schema_error(error)
        collector.add(file, subject, path, expected)


def _relative(root, path):
    return os.path.relpath(path, root) if root else path


def load_registry(root, display_root=None):
    """Load, validate and return the registry at ``root``.

    ``display_root`` is the directory that file names in messages are shown
    relative to (default: the registry directory itself).
    """
    if not HAS_JSONSCHEMA:
        raise RegistryError(
            [Problem(root, "", "", "the jsonschema Python package is required (%s)" % JSONSCHEMA_IMPORT_ERROR)]
        )
    if not os.path.isdir(root):
        raise RegistryError([Problem(root, "", "", "a registry directory (with platform.yml and tenants/)")])
    shown = display_root or root
    collector = _Collector()

    def read(path, schema, subject):
        name = _relative(shown, path)
        try:
            document = load_yaml_file(path)
        except RegistryYamlError as exc:
            collector.add(
                name, subject, "", "well-formed YAML: %s%s" % (exc.message, " (line %d)" % exc.line if exc.line else "")
            )
            return None
        if document is None:
            collector.add(name, subject, "", "a YAML mapping, got an empty file")
            return None
        before = len(collector.problems)
        _schema_problems(_validator(schema), document, name, subject, collector)
        return document if len(collector.problems) == before else None

    platform = read(os.path.join(root, PLATFORM_FILE), PLATFORM_SCHEMA, "platform")
    catalogue = read(os.path.join(root, SERVICE_PACKS_FILE), SERVICE_PACKS_SCHEMA, "service packs")
    tenants = {}
    files = {}
    paths = tenant_files(root)
    if not paths:
        collector.add(_relative(shown, os.path.join(root, TENANTS_DIR)), "", "", "at least one tenant file (*.yml)")
    for path in paths:
        stem = os.path.splitext(os.path.basename(path))[0]
        document = read(path, TENANT_SCHEMA, "tenant %s" % stem)
        if document is None:
            continue
        name = document["tenant"]
        if name in files:
            collector.add(
                _relative(shown, path),
                "tenant %s" % name,
                "tenant",
                "a tenant name used by one file only (also declared in %s)" % files[name],
            )
            continue
        tenants[name] = document
        files[name] = _relative(shown, path)

    if platform is not None and catalogue is not None:
        # Imported here: the cross-reference checks only make sense on documents
        # that passed their schema.
        from ansible_collections.divalto.cloud.plugins.module_utils.registry.checks import check_registry

        registry = Registry(root, platform, catalogue["service_packs"], tenants, files)
        check_registry(registry, collector, _relative(shown, os.path.join(root, PLATFORM_FILE)))
    if collector.problems:
        raise RegistryError(collector.problems)
    return Registry(root, platform, catalogue["service_packs"], tenants, files)


_VALIDATORS = {}


def _validator(schema):
    key = id(schema)
    if key not in _VALIDATORS:
        _VALIDATORS[key] = Draft202012Validator(schema)
    return _VALIDATORS[key]
