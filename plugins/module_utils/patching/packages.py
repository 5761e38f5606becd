# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Private to divalto.cloud: the Debian packages installed on a Linux machine, and what a patch run installed.

The ``divalto.cloud.package_versions`` module reads dpkg's own database with :data:`DPKG_QUERY_FORMAT` before and
after ``ansible.builtin.apt``; :func:`parse_dpkg_query` reads the answer strictly and :func:`newly_installed` names
every package whose version is new, as ``"<package> <version>"`` (the run report's ``installed``). What dpkg
records is read, not what apt printed.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.core.errors import DivaltoError
from ansible_collections.divalto.cloud.plugins.module_utils.core.text import excerpt

# One line per package: its name (":<arch>" for a foreign architecture), version and status ("ii " installed).
DPKG_QUERY_FORMAT = "${binary:Package}\\t${Version}\\t${db:Status-Abbrev}\\n"


class PackageVersionsError(DivaltoError):
    """dpkg-query's answer, or versions handed back, are not what they should be."""


def parse_dpkg_query(stdout: str) -> dict[str, str]:
    """``{package: version}`` of the installed packages (status ``?i``), from ``dpkg-query -W -f`` with
    :data:`DPKG_QUERY_FORMAT`; packages only configured-away or removed are left out."""
    versions = {}
    for number, line in enumerate(stdout.splitlines(), start=1):
        fields = line.split("\t")
        if len(fields) != 3 or not fields[0] or len(fields[2]) < 2:
            raise PackageVersionsError(
                "dpkg-query line %d: expected '<package>\\t<version>\\t<status>', got %s" % (number, excerpt(line))
            )
        package, version, status = fields
        if status[1] == "i":
            if not version:
                raise PackageVersionsError(
                    "dpkg-query line %d: installed package without a version: %s" % (number, excerpt(line))
                )
            versions[package] = version
    return versions


def newly_installed(before: object, after: Mapping[str, str]) -> list[str]:
    """``"<package> <version>"`` of every package of ``after`` that ``before`` lacks or holds at another version,
    the architecture left out (one entry for a package installed for several)."""
    if not isinstance(before, Mapping) or not all(
        isinstance(name, str) and isinstance(version, str) for name, version in before.items()
    ):
        raise PackageVersionsError("since: expected a mapping of package -> version, got %s" % excerpt(before))
    return sorted(
        {
            "%s %s" % (package.split(":")[0], version)
            for package, version in after.items()
            if before.get(package) != version
        }
    )
