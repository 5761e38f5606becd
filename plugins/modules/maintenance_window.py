#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: maintenance_window
author: divalto.cloud engineering (@divalto-cloud)
version_added: 0.1.0
short_description: gate a play on the maintenance windows of a ring
description:
  - Succeeds without change when the current time is inside a maintenance window of O(ring).
  - Outside a window it fails with a message naming the ring, the current local time and the next window; with
    O(wait=true) it first sleeps until the next window opens, when that happens within O(wait_timeout).
  - With O(force=true) and a written O(reason) it succeeds outside a window and returns a RV(log_entry) to keep in
    the run report. Inside a window O(force) is not needed and RV(forced) is V(false).
  - Windows are local wall-clock times in the service time zone; a window whose end is not after its start
    crosses midnight and belongs to the day it starts on. On daylight saving time change nights a window
    20:00-06:00 lasts 9 or 11 hours; a local time that does not exist (02:30 on the spring-forward day) is moved
    forward by the length of the gap.
  - Runs wherever Python runs; usually on the controller, with C(delegate_to) V(localhost) and C(run_once).
options:
  ring:
    description: The ring about to be maintained, V(nonprod) or V(prod).
    type: str
    required: true
  service_hours:
    description:
      - The C(service_hours) section of the platform registry (C(platform.yml)), used to check that no C(prod)
        window overlaps service hours.
    type: dict
    required: true
  maintenance_windows:
    description:
      - The C(maintenance_windows) section of the platform registry, rings V(nonprod) and V(prod), each a non-empty
        list of C({days, start, end}) (days V(mon) to V(sun), quoted V(HH:MM) times).
    type: dict
    required: true
  now:
    description:
      - The moment to evaluate instead of the current time, an ISO-8601 timestamp with an offset or V(Z).
      - For tests and for replaying a decision. When waiting, time advances from this moment by the time slept.
    type: str
  wait:
    description: Outside a window, wait for the next one when it opens within O(wait_timeout).
    type: bool
    default: false
  wait_timeout:
    description: The longest wait in seconds, from 0 to 86400 (24 hours).
    type: int
    default: 3600
  force:
    description: Succeed outside a window. Requires O(reason); the decision is returned in RV(log_entry).
    type: bool
    default: false
  reason:
    description: Why maintenance runs outside a window. Required and non-empty when O(force=true).
    type: str
notes:
  - The C(holidays) Python package is not needed by this module; when it is installed the C(holidays) settings
    are validated too.
attributes:
  check_mode:
    support: full
    description: Evaluates the window exactly as a normal run, but never waits; reports the wait it would make.
  diff_mode:
    support: none
    description: Nothing is changed, so there is no diff.
seealso:
  - plugin: divalto.cloud.maintenance_windows
    plugin_type: lookup
  - plugin: divalto.cloud.in_maintenance_window
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Wait (at most an hour) for the production maintenance window
  divalto.cloud.maintenance_window:
    ring: prod
    service_hours: "{{ platform.service_hours }}"
    maintenance_windows: "{{ platform.maintenance_windows }}"
    wait: true
    wait_timeout: 3600
  delegate_to: localhost
  run_once: true

- name: Hotfix production now, outside its window
  divalto.cloud.maintenance_window:
    ring: prod
    service_hours: "{{ platform.service_hours }}"
    maintenance_windows: "{{ platform.maintenance_windows }}"
    force: true
    reason: "INC-4711: invoicing blocked for every tenant, hotfix approved by the duty manager"
  delegate_to: localhost
  run_once: true
  register: __gate

- name: Record the forced decision in the run report
  ansible.builtin.set_fact:
    run_report_entries: "{{ run_report_entries | default([]) + [__gate.log_entry] }}"
  when: __gate.forced
"""

RETURN = r"""
ring:
  description: The ring evaluated.
  returned: always
  type: str
  sample: prod
now:
  description: The moment of the decision (after any wait), ISO-8601 in the service time zone.
  returned: always
  type: str
  sample: "2026-03-28T20:00:00+01:00"
in_window:
  description: Whether a window of the ring is open at RV(now).
  returned: always
  type: bool
  sample: true
window:
  description: The open window, or V(None) outside a window.
  returned: always
  type: dict
  sample: {"start": "2026-03-28T20:00:00+01:00", "end": "2026-03-29T06:00:00+02:00", "ring": "prod"}
next_window:
  description: The next window of the ring to start after RV(now).
  returned: always
  type: dict
  sample: {"start": "2026-03-29T06:00:00+02:00", "end": "2026-03-29T14:00:00+02:00", "ring": "prod"}
seconds_to_next_window:
  description: Seconds from RV(now) to the start of RV(next_window).
  returned: always
  type: float
  sample: 36000.0
waited_seconds:
  description: Seconds slept waiting for the window (always 0 in check mode).
  returned: always
  type: float
  sample: 1800.0
forced:
  description: Whether the gate was passed outside a window because of O(force).
  returned: always
  type: bool
  sample: false
reason:
  description: The reason given for forcing.
  returned: when forced
  type: str
  sample: "INC-4711: invoicing blocked, hotfix approved by the duty manager"
log_entry:
  description: The forced decision, to write into the run report.
  returned: when forced
  type: dict
  contains:
    time:
      description: When the gate was forced, ISO-8601 in the service time zone.
      type: str
    ring:
      description: The ring.
      type: str
    reason:
      description: The reason given.
      type: str
    user:
      description: The user running the module, V(None) when unknown.
      type: str
    next_window:
      description: The window the change did not wait for.
      type: dict
  sample:
    time: "2026-03-27T14:05:00+01:00"
    ring: prod
    reason: "INC-4711: invoicing blocked, hotfix approved by the duty manager"
    user: awx
    next_window: {"start": "2026-03-28T20:00:00+01:00", "end": "2026-03-29T06:00:00+02:00", "ring": "prod"}
msg:
  description: What was decided.
  returned: always
  type: str
  sample: "ring prod: inside maintenance window 2026-03-28T20:00:00+01:00 to 2026-03-29T06:00:00+02:00"
"""

import datetime
import getpass
import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import (
    CalendarError,
    ServiceCalendar,
    evaluate_gate,
    parse_timestamp,
)

MAX_WAIT_TIMEOUT = 24 * 3600


class Clock:
    """The real UTC clock, or a virtual one started at ``now`` that advances by the time slept."""

    def __init__(self, start=None):
        self._start = start
        self._slept = 0.0

    def now(self):
        if self._start is None:
            return datetime.datetime.now(datetime.timezone.utc)
        return self._start + datetime.timedelta(seconds=self._slept)

    def sleep(self, seconds):
        time.sleep(seconds)
        self._slept += seconds


def _user():
    try:
        return getpass.getuser()
    except Exception:  # no login name in containers without a passwd entry
        return None


def _span(occurrence):
    return "%s to %s" % (occurrence.to_dict()["start"], occurrence.to_dict()["end"])


def _result(calendar, decision, waited, forced=False):
    return {
        "changed": False,
        "ring": decision.ring,
        "now": calendar.local(decision.now).isoformat(),
        "in_window": decision.is_open,
        "window": decision.current.to_dict() if decision.is_open else None,
        "next_window": decision.next_window.to_dict(),
        "seconds_to_next_window": decision.seconds_until_next,
        "waited_seconds": waited,
        "forced": forced,
    }


def _duration(seconds):
    minutes = int(seconds) // 60
    return "%d s (%d h %02d min)" % (seconds, minutes // 60, minutes % 60)


def _outside(calendar, decision):
    return "ring %s: not inside a maintenance window at %s; next window %s opens in %s" % (
        decision.ring,
        calendar.describe_local(decision.now),
        _span(decision.next_window),
        _duration(decision.seconds_until_next),
    )


def run(module, clock):
    p = module.params
    if not 0 <= p["wait_timeout"] <= MAX_WAIT_TIMEOUT:
        module.fail_json(msg="wait_timeout: expected 0 to %d seconds, got %d" % (MAX_WAIT_TIMEOUT, p["wait_timeout"]))
    if p["force"] and not p["reason"].strip():
        module.fail_json(msg="force=true needs a non-empty reason explaining why ring %s is maintained now" % p["ring"])
    try:
        calendar = ServiceCalendar.from_settings(p["service_hours"], p["maintenance_windows"])
        if p["now"]:
            clock = Clock(parse_timestamp(p["now"], "now"))
        decision = evaluate_gate(calendar, p["ring"], clock.now())
    except CalendarError as exc:
        module.fail_json(msg="ring %s: %s" % (p["ring"], exc))

    waited = 0.0
    if not decision.is_open and p["force"]:
        result = _result(calendar, decision, waited, forced=True)
        result["reason"] = p["reason"]
        result["log_entry"] = {
            "time": result["now"],
            "ring": p["ring"],
            "reason": p["reason"],
            "user": _user(),
            "next_window": result["next_window"],
        }
        result["msg"] = "%s; forced: %s" % (_outside(calendar, decision), p["reason"])
        module.exit_json(**result)
    while not decision.is_open:
        if not p["wait"]:
            module.fail_json(msg=_outside(calendar, decision) + "; use wait=true, or force=true with a reason")
        if decision.seconds_until_next > p["wait_timeout"] - waited:
            module.fail_json(msg="%s, beyond wait_timeout=%d s" % (_outside(calendar, decision), p["wait_timeout"]))
        if module.check_mode:
            result = _result(calendar, decision, waited)
            result["msg"] = "check mode: %s; would wait for it" % _outside(calendar, decision)
            module.exit_json(**result)
        delay = decision.seconds_until_next
        clock.sleep(delay)
        waited += delay
        decision = evaluate_gate(calendar, p["ring"], clock.now())
    result = _result(calendar, decision, waited)
    result["msg"] = "ring %s: inside maintenance window %s" % (p["ring"], _span(decision.current))
    module.exit_json(**result)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            ring=dict(type="str", required=True),
            service_hours=dict(type="dict", required=True),
            maintenance_windows=dict(type="dict", required=True),
            now=dict(type="str"),
            wait=dict(type="bool", default=False),
            wait_timeout=dict(type="int", default=3600),
            force=dict(type="bool", default=False),
            reason=dict(type="str"),
        ),
        required_if=[("force", True, ["reason"])],
        supports_check_mode=True,
    )
    run(module, Clock())


if __name__ == "__main__":
    main()
