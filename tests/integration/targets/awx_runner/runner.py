# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the job templates that need no remote machine as AWX does: ansible-runner, AWX's private data directory.

    python runner.py COLLECTION_ROOT WORKDIR

For each job: WORKDIR/<job>/ holds project/ (a copy of the collection: the AWX project), inventory/hosts.json
(synced beforehand by ``ansible-inventory --list --export``, run through ansible-runner as AWX's inventory
update does) and inventory/hosts (the script AWX writes to hand the synced inventory to the job),
env/extravars, env/envvars, env/settings; ansible-runner writes artifacts/<ident>/ (status, rc, stdout,
job_events). Each job must end ``successful`` with the artifacts and reports it promises.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import sys

INVENTORY_SCRIPT = """#!/usr/bin/env python3
# Written like AWX does: hands the synced inventory (hosts.json) to the job.
import os, sys
if "--host" in sys.argv:
    print("{}")
else:
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "hosts.json"), encoding="utf-8") as f:
        sys.stdout.write(f.read())
"""

# A planning job: the patch plan of the synced inventory, computed on the controller only.
PLAN_PLAYBOOK = """---
- name: Plan the monthly patching waves (no machine is contacted)
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Gather the machines and pools of the cadence
      ansible.builtin.set_fact:
        plan_input: "{{ divalto_platform | divalto.cloud.patch_plan_input('monthly') }}"
    - name: Plan the waves
      divalto.cloud.rollout_plan:
        machines: "{{ plan_input.machines }}"
        pools: "{{ plan_input.pools }}"
      register: plan
    - name: Keep the plan as an artifact
      ansible.builtin.set_stats:
        data:
          wave_count: "{{ plan.wave_count }}"
          waves: "{{ plan.waves | map(attribute='machines') | list }}"
"""


def fail(message):
    print("awx_runner: %s" % message, file=sys.stderr)
    sys.exit(1)


def copy_project(root, destination):
    ignore = shutil.ignore_patterns("output", "__pycache__", ".git", ".venv", ".build")
    shutil.copytree(root, destination, ignore=ignore, symlinks=True)


def write_env(pdd, extravars, envvars):
    env = pdd / "env"
    env.mkdir(parents=True, exist_ok=True)
    (env / "extravars").write_text(json.dumps(extravars, indent=2), encoding="utf-8")
    (env / "envvars").write_text(json.dumps(envvars, indent=2), encoding="utf-8")
    # job_timeout bounds a whole job: the longest here runs one playbook against the example inventory with no
    # remote machine, seconds on an idle machine; 900 s leaves a loaded one a hundred times that, and a job that
    # reaches it is hung (check_artifacts then reports status "timeout" with the job's output). pexpect_timeout is
    # not a bound: it is how long each read waits for a prompt before looking again, until the job ends.
    (env / "settings").write_text(
        json.dumps({"idle_timeout": 0, "job_timeout": 900, "pexpect_timeout": 5, "suppress_ansible_output": True}),
        encoding="utf-8",
    )


def base_envvars(collections):
    return {
        "ANSIBLE_COLLECTIONS_PATH": collections,
        "ANSIBLE_FORCE_COLOR": "false",
        "ANSIBLE_NOCOLOR": "true",
        "ANSIBLE_RETRY_FILES_ENABLED": "false",
        "ANSIBLE_HOST_KEY_CHECKING": "false",
        "LANG": "C.UTF-8",
    }


def check_artifacts(runner_result, pdd, ident):
    artifacts = pdd / "artifacts" / ident
    status = (artifacts / "status").read_text(encoding="utf-8").strip() if (artifacts / "status").exists() else None
    if runner_result.status != "successful" or status != "successful":
        stdout = (
            (artifacts / "stdout").read_text(encoding="utf-8", errors="replace")
            if (artifacts / "stdout").exists()
            else ""
        )
        fail(
            "%s: runner status %s (artifact %s), rc %s\n%s"
            % (ident, runner_result.status, status, runner_result.rc, stdout[-6000:])
        )
    if (artifacts / "rc").read_text(encoding="utf-8").strip() != "0":
        fail("%s: artifacts/rc is not 0" % ident)
    if not (artifacts / "stdout").is_file():
        fail("%s: no artifacts/stdout" % ident)
    events = list((artifacts / "job_events").glob("*.json"))
    if not events:
        fail("%s: no job events" % ident)
    return artifacts, events


def sync_inventory(ansible_runner, root, work, collections):
    """AWX's inventory update: ansible-inventory --list --export on the project's plugin configuration."""
    pdd = work / "inventory_sync"
    copy_project(root, pdd / "project")
    write_env(pdd, {}, {})
    output = work / "hosts.json"
    envvars = dict(
        base_envvars(collections),
        ANSIBLE_INVENTORY_ENABLED="divalto.cloud.tenants",
        ANSIBLE_INVENTORY_UNPARSED_FAILED="true",
    )
    out, err, rc = ansible_runner.run_command(
        executable_cmd="ansible-inventory",
        cmdline_args=[
            "-i",
            str(pdd / "project" / "inventories" / "example" / "tenants.yml"),
            "--playbook-dir",
            str(pdd / "project" / "playbooks"),
            "--list",
            "--export",
            "--output",
            str(output),
        ],
        private_data_dir=str(pdd),
        envvars=envvars,
        quiet=True,
    )
    if rc != 0:
        fail("inventory sync: rc %s\n%s\n%s" % (rc, out, err))
    data = json.loads(output.read_text(encoding="utf-8"))
    if len(data["_meta"]["hostvars"]) < 2 or "divalto_platform" not in json.dumps(data["all"].get("vars", {})):
        fail("inventory sync: the export has no machines or no platform variables")
    print("inventory sync: %d machines, %d groups" % (len(data["_meta"]["hostvars"]), len(data) - 1))
    return output


def run_job(
    ansible_runner, root, work, collections, synced, ident, playbook, extravars, extra_files=None, job_type="run"
):
    pdd = work / ident
    copy_project(root, pdd / "project")
    for relative, text in (extra_files or {}).items():
        (pdd / "project" / relative).write_text(text, encoding="utf-8")
    inventory = pdd / "inventory"
    inventory.mkdir(parents=True)
    shutil.copy(synced, inventory / "hosts.json")
    (inventory / "hosts").write_text(INVENTORY_SCRIPT, encoding="utf-8")
    os.chmod(inventory / "hosts", 0o755)
    envvars = dict(
        base_envvars(collections), ANSIBLE_INVENTORY_ENABLED="script", DIVALTO_REPORT_DIR=str(pdd / "reports")
    )
    write_env(pdd, extravars, envvars)
    cmdline = "--check" if job_type == "check" else None
    result = ansible_runner.run(
        private_data_dir=str(pdd),
        playbook=playbook,
        inventory=str(inventory / "hosts"),
        ident=ident,
        cmdline=cmdline,
        quiet=True,
    )
    artifacts, events = check_artifacts(result, pdd, ident)
    print("%s: %s, %d events, rc %s" % (ident, result.status, len(events), result.rc))
    return pdd, artifacts, result


def main(argv):
    try:
        import ansible_runner
    except ImportError as exc:
        fail("ansible-runner is not importable by %s (make setup installs it into .venv): %s" % (sys.executable, exc))
    root = pathlib.Path(argv[1]).resolve()
    work = pathlib.Path(argv[2]).resolve()
    work.mkdir(parents=True)
    collections = os.environ.get("ANSIBLE_COLLECTIONS_PATH", "")
    synced = sync_inventory(ansible_runner, root, work, collections)

    pdd, _artifacts, _result = run_job(
        ansible_runner, root, work, collections, synced, "platform_summary", "playbooks/platform_summary.yml", {}
    )
    summary = json.loads((pdd / "reports" / "platform_summary.json").read_text(encoding="utf-8"))
    if not summary.get("tenants"):
        fail("platform_summary: the summary lists no tenant")

    pdd, artifacts, _result = run_job(
        ansible_runner,
        root,
        work,
        collections,
        synced,
        "patch_plan",
        "playbooks/awx_runner_plan.yml",
        {},
        {"playbooks/awx_runner_plan.yml": PLAN_PLAYBOOK},
    )
    custom = {}
    for event in sorted((artifacts / "job_events").glob("*.json")):
        data = json.loads(event.read_text(encoding="utf-8"))
        if data.get("event") == "playbook_on_stats":  # set_stats data, as AWX stores it on the job
            custom = data.get("event_data", {}).get("artifact_data", {})
    if int(custom.get("wave_count", 0)) < 2 or not custom.get("waves"):
        fail("patch_plan: no waves in the artifact data of the playbook_on_stats event: %r" % (custom,))
    print("patch_plan: %s waves" % custom["wave_count"])

    # In AWX the project is /runner/project (the schedule's path); here it is this job's project/.
    year = {
        "sla_report_outages": str(work / "sla_report" / "project" / "inventories" / "example" / "outages.csv"),
        "sla_report_period_start": "2025-01-01T00:00:00+01:00",
        "sla_report_period_end": "2026-01-01T00:00:00+01:00",
    }
    pdd, _artifacts, _result = run_job(
        ansible_runner, root, work, collections, synced, "sla_report", "playbooks/sla_report.yml", year
    )
    for name in ("sla.json", "sla.csv", "sla.html"):
        if not (pdd / "project" / "reports" / name).is_file():  # sla_report_dir: playbook_dir/../reports
            fail("sla_report: reports/%s was not written" % name)
    csv = (pdd / "project" / "reports" / "sla.csv").read_text(encoding="utf-8")
    if "acme_production,month,2025-03,756000,5400,99.2857,false" not in csv.splitlines():
        fail("sla_report: the hand-checked March 2025 figure of acme_production is missing")

    # Compliance on recorded data: the histories the compliance unit tests record (no machine is contacted).
    compliance = root / "playbooks" / "backup_compliance.yml"
    fixtures = root / "tests" / "unit" / "plugins" / "module_utils" / "fixtures" / "backup_compliance"
    if compliance.is_file() and (fixtures / "recorded_sql_history.json").is_file():
        history = work / "recorded_history"
        history.mkdir()
        shutil.copy(fixtures / "recorded_sql_history.json", history / "sql_history.json")
        shutil.copy(fixtures / "recorded_restic_snapshots.json", history / "restic_snapshots.json")
        recorded = {"backup_compliance_history_dir": str(history), "backup_compliance_now": "2026-11-23T10:30:00+01:00"}
        pdd, _artifacts, _result = run_job(
            ansible_runner,
            root,
            work,
            collections,
            synced,
            "backup_compliance",
            "playbooks/backup_compliance.yml",
            recorded,
        )
        reports = pdd / "project" / "reports"  # backup_compliance_report_dir: playbook_dir/../reports
        for name in ("backup_compliance.json", "backup_compliance.md", "backup_compliance.html"):
            if not (reports / name).is_file():
                fail("backup_compliance: reports/%s was not written" % name)
        statuses = {
            key: env["status"]
            for key, env in json.loads((reports / "backup_compliance.json").read_text(encoding="utf-8"))[
                "environments"
            ].items()
        }
        if statuses.get("acme_production") != "compliant":
            fail("backup_compliance: acme_production is not compliant on the recorded data: %r" % statuses)
    else:
        print("backup_compliance: SKIPPED (playbooks/backup_compliance.yml or its recorded history not present)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
