# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Service-calendar filters; documented in is_service_time.yml, service_seconds.yml, in_maintenance_window.yml."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import (
    CalendarError,
    ServiceCalendar,
    parse_timestamp,
)


def _calendar(filter_name, service_hours, maintenance_windows=None):
    try:
        return ServiceCalendar.from_settings(service_hours, maintenance_windows)
    except CalendarError as exc:
        raise AnsibleFilterError("%s: invalid settings: %s" % (filter_name, exc)) from exc


def is_service_time(value, service_hours):
    """True when the moment ``value`` is inside service hours."""
    calendar = _calendar("is_service_time", service_hours)
    try:
        return calendar.is_service_time(parse_timestamp(value, "is_service_time: input"))
    except CalendarError as exc:
        raise AnsibleFilterError(str(exc)) from exc


def service_seconds(value, service_hours):
    """Seconds of service time between the two moments of the list ``value``."""
    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__") or len(value) != 2:
        raise AnsibleFilterError("service_seconds: input: expected a list [start, end], got %r" % (value,))
    calendar = _calendar("service_seconds", service_hours)
    try:
        start = parse_timestamp(value[0], "service_seconds: input[0] (start)")
        end = parse_timestamp(value[1], "service_seconds: input[1] (end)")
        return calendar.service_seconds(start, end)
    except CalendarError as exc:
        raise AnsibleFilterError("service_seconds: %s" % exc) from exc


def in_maintenance_window(value, ring, service_hours, maintenance_windows):
    """The window of ``ring`` open at the moment ``value`` as {start, end, ring}, or None."""
    calendar = _calendar("in_maintenance_window", service_hours, maintenance_windows)
    try:
        occurrence = calendar.in_maintenance_window(ring, parse_timestamp(value, "in_maintenance_window: input"))
    except CalendarError as exc:
        raise AnsibleFilterError("in_maintenance_window: %s" % exc) from exc
    return None if occurrence is None else occurrence.to_dict()


class FilterModule:
    """Service-calendar filters of divalto.cloud."""

    def filters(self):
        return {
            "is_service_time": is_service_time,
            "service_seconds": service_seconds,
            "in_maintenance_window": in_maintenance_window,
        }
