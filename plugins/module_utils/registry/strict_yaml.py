# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: strict YAML loading of tenant-registry files.

PyYAML silently keeps the last of two equal keys; the registry must not, since
a duplicated machine or environment would vanish from the platform. This
loader refuses duplicate keys and reports both line numbers.
"""

from __future__ import annotations

try:
    import yaml

    _BaseLoader = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    HAS_YAML = True
except ImportError:  # pragma: no cover - PyYAML ships with ansible-core
    yaml = None
    _BaseLoader = object
    HAS_YAML = False


class RegistryYamlError(Exception):
    """A registry file is not well-formed YAML or repeats a key."""

    def __init__(self, path, message, line=None):
        self.path = path
        self.line = line
        where = "%s:%s" % (path, line) if line else path
        super().__init__("%s: %s" % (where, message))
        self.message = message


if HAS_YAML:

    class _StrictLoader(_BaseLoader):
        """SafeLoader (C-accelerated when available) that rejects duplicate keys."""

    def _construct_mapping(loader, node, deep=False):
        seen = {}
        for key_node, _value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "duplicate key %r (first at line %d, again at line %d)" % (key, seen[key], line),
                    key_node.start_mark,
                )
            seen[key] = line
        return loader.construct_mapping(node, deep=deep)

    _StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_file(path):
    """Return the parsed content of one registry file, or raise RegistryYamlError."""
    if not HAS_YAML:  # pragma: no cover
        raise RegistryYamlError(path, "PyYAML is required to read the tenant registry")
    try:
        with open(path, "rb") as handle:
            return yaml.load(handle, Loader=_StrictLoader)  # noqa: S506 - strict safe loader
    except OSError as exc:
        raise RegistryYamlError(path, "cannot read file: %s" % exc.strerror) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        raise RegistryYamlError(path, problem, line=line) from exc
