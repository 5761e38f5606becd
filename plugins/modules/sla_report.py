#!/usr/bin/python
# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import annotations

DOCUMENTATION = r"""
module: sla_report
author: divalto.cloud engineering (@divalto-cloud)
version_added: 0.1.0
short_description: compute the availability of production environments and write the SLA report
description:
  - Reads an outage export (CSV or JSON), computes the availability of each environment inside service hours
    for the whole period, per calendar year and per calendar month, and writes C(sla.json), C(sla.csv) and
    C(sla.html) into O(dest).
  - Availability = (service time - critical outage time) / service time. Only outages of severity C(critical)
    count; a planned outage with a non-empty C(waiver_reason) does not count; overlapping outages are merged;
    only the part inside service hours (minus public holidays) counts. See C(docs/sla.md).
  - The HTML report is self-contained (inline CSS and SVG chart, no external resource). All three files are
    deterministic, so a file is rewritten (and the task changed) only when the report changed.
  - Runs on the controller, with C(delegate_to) V(localhost).
options:
  outages:
    description:
      - Path to the outage export on the controller, C(.csv) (header line with the field names) or C(.json)
        (a list of objects), encoded in UTF-8 (a byte that is not UTF-8 is an error naming its line).
      - Fields C(environment), C(start), C(end), C(severity) (required; C(end) may be empty, or null in JSON, for
        an outage still open, but never left out), C(planned), C(waiver_reason), C(id), C(description);
        timestamps are ISO-8601 with a V(T) and an offset or V(Z), e.g. V(2026-04-02T09:15:00+02:00).
      - Every problem of the file (missing columns, naive or malformed timestamps, unknown environments, rows of
        the wrong length...) is collected, then the task fails listing them (the first 50, then how many more),
        each naming the file, the line (CSV) or record and the column.
      - An empty file, a CSV header alone or an empty JSON list is an error unless O(allow_empty).
    type: path
    required: true
  allow_empty:
    description:
      - Accept an export without any outage (an empty file, a header alone, an empty JSON list); every
        environment then gets 100 %. Off by default, so that a truncated export never passes for a perfect year.
    type: bool
    default: false
  service_hours:
    description: The C(service_hours) section of the platform registry (C(platform.yml)).
    type: dict
    required: true
  environments:
    description:
      - The environment keys to report, usually the production ones. Environments without outages get 100 %;
        outages of other environments of O(known_environments) are ignored.
    type: list
    elements: str
    required: true
  known_environments:
    description:
      - Every environment key of the inventory. An outage of an environment not in this list (a typo) is an
        error, never silently dropped. Must contain O(environments).
      - When omitted, O(environments) (then every outage must be of a reported environment).
    type: list
    elements: str
  period_start:
    description: Start of the report period (included), ISO-8601 with an offset, e.g. V(2026-01-01T00:00:00+01:00).
    type: str
    required: true
  period_end:
    description: End of the report period (excluded), ISO-8601 with an offset.
    type: str
    required: true
  target:
    description: The availability guaranteed, between 0 and 1.
    type: float
    default: 0.994
  dest:
    description: Directory receiving C(sla.json), C(sla.csv) and C(sla.html); created when missing.
    type: path
    required: true
notes:
  - Needs the C(holidays) Python package on the controller.
extends_documentation_fragment:
  - divalto.cloud.report_files
"""

EXAMPLES = r"""
- name: Write the SLA report of last year
  divalto.cloud.sla_report:
    outages: /srv/exports/outages.csv
    service_hours: "{{ divalto_platform.service_hours }}"
    environments: "{{ divalto_environments | dict2items | selectattr('value.production') | map(attribute='key') }}"
    known_environments: "{{ divalto_environments | list }}"
    period_start: "2025-01-01T00:00:00+01:00"
    period_end: "2026-01-01T00:00:00+01:00"
    dest: /srv/reports/sla-2025
  delegate_to: localhost
  run_once: true
"""

RETURN = r"""
report:
  description: The computed report, as written to C(sla.json).
  returned: success
  type: dict
  contains:
    period:
      description: Start and end of the period, ISO-8601 in the service time zone.
      type: dict
    target:
      description: The target availability.
      type: float
    environments:
      description: Per environment, C(total), C(years) and C(months) buckets with C(service_seconds),
        C(outage_seconds), C(availability) and C(compliant).
      type: dict
  sample:
    period: {"start": "2025-01-01T00:00:00+01:00", "end": "2026-01-01T00:00:00+01:00"}
    target: 0.994
    environments:
      acme_production:
        total: {"service_seconds": 9036000.0, "outage_seconds": 5400.0, "availability": 0.9994, "compliant": true}
        years: {}
        months: {}
files:
  description: The three files of the report (written, or that would be written in check mode).
  returned: success
  type: list
  elements: str
  sample: ["/srv/reports/sla.csv", "/srv/reports/sla.html", "/srv/reports/sla.json"]
changed_files:
  description: The files whose content changed (or would change in check mode).
  returned: success
  type: list
  elements: str
  sample: ["/srv/reports/sla.json"]
non_compliant:
  description: The environments below target over the whole period.
  returned: success
  type: list
  elements: str
  sample: ["beta_production"]
problems:
  description: When the outage export is refused, every problem found in it (the message lists the first 50).
  returned: failure
  type: list
  elements: str
  sample: ["outages.csv line 3 (record 1): column 'start': timestamp '2026-04-02T10:00:00' has no UTC offset; ..."]
msg:
  description: A one-line summary.
  returned: always
  type: str
  sample: "4 environments, 1 below 99.4 % over 2025-01-01T00:00:00+01:00 to 2026-01-01T00:00:00+01:00"
"""

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.divalto.cloud.plugins.module_utils.core.report_files import (
    ReportFilesError,
    ensure_directory,
    write_if_changed,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.service_calendar import (
    CalendarError,
    ServiceCalendar,
    parse_timestamp,
)
from ansible_collections.divalto.cloud.plugins.module_utils.reports.sla import SlaError, compute_sla, load_outages
from ansible_collections.divalto.cloud.plugins.module_utils.reports.sla_render import (
    render_csv,
    render_html,
    render_json,
)


class ReportError(Exception):
    """A problem with the input files or the options."""


def read_export(path):
    """The bytes and the base name of the outage export ``path`` (a ``.csv`` or ``.json`` file)."""
    if not os.path.isfile(path):
        raise ReportError("outages: file not found: %s" % path)
    if os.path.splitext(path)[1].lower() not in (".csv", ".json"):
        raise ReportError("outages: expected a .csv or .json file, got %s" % path)
    with open(path, "rb") as handle:
        return handle.read(), os.path.basename(path)


def run(module):
    p = module.params
    try:
        known = p["environments"] if p["known_environments"] is None else p["known_environments"]
        not_known = sorted(set(p["environments"]) - set(known))
        if not_known:
            raise ReportError(
                "environments: %s not in known_environments; report only environments of the inventory"
                % ", ".join(not_known)
            )
        data, source = read_export(p["outages"])
        outages = load_outages(data, source, known_environments=known, allow_empty=p["allow_empty"])
        calendar = ServiceCalendar.from_settings(p["service_hours"])
        start = parse_timestamp(p["period_start"], "period_start")
        end = parse_timestamp(p["period_end"], "period_end")
        report = compute_sla(outages, calendar, start, end, target=p["target"], environments=p["environments"])
    except SlaError as exc:
        module.fail_json(msg=str(exc), problems=exc.problems)
    except (ReportError, CalendarError) as exc:
        module.fail_json(msg=str(exc))

    dest = p["dest"]
    try:
        ensure_directory(dest, module.check_mode)
    except ReportFilesError as exc:
        module.fail_json(msg=str(exc))
    contents = {"sla.csv": render_csv(report), "sla.html": render_html(report), "sla.json": render_json(report)}
    files = [os.path.join(dest, name) for name in sorted(contents)]
    changed_files = [
        path for path in files if write_if_changed(path, contents[os.path.basename(path)], module.check_mode)
    ]
    missed = sorted(name for name, env in report["environments"].items() if not env["total"]["compliant"])
    module.exit_json(
        changed=bool(changed_files),
        report=report,
        files=files,
        changed_files=changed_files,
        non_compliant=missed,
        msg="%d environments, %d below %s %% over %s to %s"
        % (
            len(report["environments"]),
            len(missed),
            ("%.3f" % (p["target"] * 100)).rstrip("0").rstrip("."),
            report["period"]["start"],
            report["period"]["end"],
        ),
    )


def main():
    module = AnsibleModule(
        argument_spec=dict(
            outages=dict(type="path", required=True),
            service_hours=dict(type="dict", required=True),
            environments=dict(type="list", elements="str", required=True),
            known_environments=dict(type="list", elements="str"),
            allow_empty=dict(type="bool", default=False),
            period_start=dict(type="str", required=True),
            period_end=dict(type="str", required=True),
            target=dict(type="float", default=0.994),
            dest=dict(type="path", required=True),
        ),
        supports_check_mode=True,
    )
    run(module)


if __name__ == "__main__":
    main()
