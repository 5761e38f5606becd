# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
name: maintenance_windows
author: divalto.cloud engineering (@divalto-cloud)
version_added: 0.1.0
short_description: list the next maintenance windows of a ring
description:
  - Returns the next O(count) occurrences of the maintenance windows of each ring given, in start order, from the
    C(maintenance_windows) section of the platform registry.
  - A window already open at O(after) is returned first, with its real start (before O(after)).
  - Windows are local wall-clock times in the service time zone; a window whose end is not after its start crosses
    midnight and belongs to the day it starts on. On daylight saving time change nights a window 20:00-06:00 lasts
    9 or 11 hours. A local time that does not exist (02:30 on the spring-forward day) is moved forward by the
    length of the gap.
  - Adjacent windows (Saturday 20:00-06:00 then Sunday 06:00-14:00) are returned separately, never merged.
options:
  _terms:
    description: Rings, V(nonprod) or V(prod). The windows of several rings are concatenated, ring by ring.
    type: list
    elements: str
    required: true
  count:
    description: How many windows to return per ring.
    type: int
    default: 1
  after:
    description:
      - The moment to start from, an ISO-8601 timestamp with an offset or V(Z).
      - Defaults to the current time on the controller.
    type: str
  service_hours:
    description:
      - The C(service_hours) section of the platform registry, see P(divalto.cloud.is_service_time#filter).
      - Needed to check that no C(prod) window overlaps service hours.
    type: dict
    required: true
  maintenance_windows:
    description:
      - The C(maintenance_windows) section of the platform registry, rings V(nonprod) and V(prod), each a non-empty
        list of C({days, start, end}).
    type: dict
    required: true
seealso:
  - module: divalto.cloud.maintenance_window
  - plugin: divalto.cloud.in_maintenance_window
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Show the next three production windows from 1 December 2026
  ansible.builtin.debug:
    msg: >-
      {{ lookup('divalto.cloud.maintenance_windows', 'prod', count=3, after='2026-12-01T00:00:00+01:00',
                service_hours=platform.service_hours, maintenance_windows=platform.maintenance_windows) }}
  # [{start: '2026-12-05T20:00:00+01:00', end: '2026-12-06T06:00:00+01:00', ring: prod},
  #  {start: '2026-12-06T06:00:00+01:00', end: '2026-12-06T14:00:00+01:00', ring: prod},
  #  {start: '2026-12-12T20:00:00+01:00', end: '2026-12-13T06:00:00+01:00', ring: prod}]

- name: Next window of each ring
  ansible.builtin.set_fact:
    next_windows: >-
      {{ query('divalto.cloud.maintenance_windows', 'nonprod', 'prod',
               service_hours=platform.service_hours, maintenance_windows=platform.maintenance_windows) }}
"""

RETURN = r"""
_list:
  description: The windows, ring by ring, each in start order.
  type: list
  elements: dict
  contains:
    start:
      description: Start of the window, ISO-8601 in the service time zone with its offset.
      type: str
      sample: "2026-12-05T20:00:00+01:00"
    end:
      description: End of the window (excluded), ISO-8601 in the service time zone with its offset.
      type: str
      sample: "2026-12-06T06:00:00+01:00"
    ring:
      description: The ring the window belongs to.
      type: str
      sample: prod
"""

import datetime

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import (
    CalendarError,
    ServiceCalendar,
    parse_timestamp,
)


def _utcnow():
    return datetime.datetime.now(datetime.UTC)


class LookupModule(LookupBase):
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        after = self.get_option("after")
        try:
            calendar = ServiceCalendar.from_settings(
                self.get_option("service_hours"), self.get_option("maintenance_windows")
            )
            moment = _utcnow() if after is None else parse_timestamp(after, "after")
            result = []
            for ring in terms:
                occurrences = calendar.next_windows(ring, moment, self.get_option("count"))
                result.extend(o.to_dict() for o in occurrences)
        except CalendarError as exc:
            raise AnsibleLookupError("divalto.cloud.maintenance_windows: %s" % exc) from exc
        return result
