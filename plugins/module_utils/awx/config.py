# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The declarative AWX configuration of the platform (private to divalto.cloud; its API may change without notice).

Pure Python, no Ansible imports. ``awx_config(platform, tenants, environments, service_packs, options)`` returns
everything playbooks/awx_configure.yml applies with the awx.awx modules, as plain data sorted for review:
organization, execution environment, project, credential types (with env injectors), credentials (placeholders:
secrets are never part of it), the inventory and its inventory source (the divalto.cloud.tenants plugin
configuration in the project), one job template per operational playbook (surveys in AWX's survey_spec format)
and the schedules (rrules from module_utils/awx/schedules.py). ``survey_problems`` checks a survey spec with
the rules AWX's API applies when a survey is saved.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.divalto.cloud.plugins.module_utils.awx.schedules import (
    ACCESS_REVIEW_DIR,
    DIRECTORY_SYNC_DIR,
    DLMT_EXPORT,
    build_schedules,
)
from ansible_collections.divalto.cloud.plugins.module_utils.core.topology import ENV_ORDER as ENVIRONMENT_TYPES

SURVEY_TYPES = ("text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect")

DEFAULT_OPTIONS = {
    "organization": "Divalto Cloud",
    "project": "divalto.cloud",
    "scm_url": "https://example.invalid/divalto/cloud.git",
    "scm_branch": "main",
    "inventory": "Divalto platform",
    "inventory_source": "Tenant registry",
    "inventory_source_path": "inventories/example/tenants.yml",
    "execution_environment": "divalto.cloud EE",
    "execution_environment_image": "registry.example.invalid/divalto/cloud-ee:0.1.0",
    "prefix": "divalto",
}

# Credential types: AWX injects the inputs into the job's environment; the playbooks and group_vars read them
# (docs/awx.md). Field ids are the names the injector templates use.
CREDENTIAL_TYPES = (
    {
        "name": "Divalto WinRM",
        "description": "Windows machines: WinRM user, password and transport (read from the environment by group_vars)",
        "kind": "cloud",
        "inputs": {
            "fields": [
                {"id": "username", "label": "User (DOMAIN\\user or user@DOMAIN)", "type": "string"},
                {"id": "password", "label": "Password", "type": "string", "secret": True},
                {
                    "id": "transport",
                    "label": "WinRM transport",
                    "type": "string",
                    "choices": ["kerberos", "ntlm", "credssp", "certificate"],
                    "default": "ntlm",
                },
            ],
            "required": ["username", "password"],
        },
        "injectors": {
            "env": {
                "DIVALTO_WINRM_USER": "{{ username }}",
                "DIVALTO_WINRM_PASSWORD": "{{ password }}",
                "DIVALTO_WINRM_TRANSPORT": "{{ transport }}",
            }
        },
    },
    {
        "name": "Divalto vault password",
        "description": "Ansible Vault password of the project's encrypted variables",
        "kind": "cloud",
        "inputs": {
            "fields": [{"id": "vault_password", "label": "Vault password", "type": "string", "secret": True}],
            "required": ["vault_password"],
        },
        "injectors": {
            "file": {"template.vault_password": "{{ vault_password }}"},
            "env": {"ANSIBLE_VAULT_PASSWORD_FILE": "{{ tower.filename.vault_password }}"},
        },
    },
    {
        "name": "Divalto restic repository",
        "description": "Password of the tenants' restic repositories in the backup vault",
        "kind": "cloud",
        "inputs": {
            "fields": [{"id": "restic_password", "label": "Repository password", "type": "string", "secret": True}],
            "required": ["restic_password"],
        },
        "injectors": {"env": {"RESTIC_PASSWORD": "{{ restic_password }}"}},
    },
)

# Credentials: non-secret inputs only; awx_configure.yml merges the secrets from awx_configure_credential_inputs
# and never overwrites secrets already stored (update_secrets: false).
CREDENTIALS = (
    {"name": "Divalto Windows", "credential_type": "Divalto WinRM", "inputs": {"transport": "ntlm"}},
    {"name": "Divalto Linux SSH", "credential_type": "Machine", "inputs": {"username": "ansible"}},
    {"name": "Divalto vault", "credential_type": "Divalto vault password", "inputs": {}},
    {"name": "Divalto restic", "credential_type": "Divalto restic repository", "inputs": {}},
    {"name": "Divalto controller", "credential_type": "Red Hat Ansible Automation Platform", "inputs": {}},
)
MACHINES = ("Divalto Windows", "Divalto Linux SSH", "Divalto vault")
# The database roles of an environment (import_database.yml's import_database).
DATABASE_ROLES = ("erp", "portal", "bi")
BACKUPS = MACHINES + ("Divalto restic",)


# ------------------------------------------------------------------------------------------------ surveys


def _question(variable, name, description, kind, required, default="", **extra):
    question = {
        "question_name": name,
        "question_description": description,
        "variable": variable,
        "type": kind,
        "required": required,
        "default": default,
    }
    if kind in ("text", "textarea", "password"):
        question.setdefault("min", 0)
        question.setdefault("max", 1024)
    question.update(extra)
    return question


def _choice(variable, name, description, choices, default="", required=True):
    return _question(variable, name, description, "multiplechoice", required, default, choices=list(choices))


def _force_questions(prefix):
    return [
        _choice(
            prefix + "_force_window",
            "Force outside the maintenance window?",
            "Run production outside its maintenance window; the reason below is required and logged.",
            ["false", "true"],
            "false",
        ),
        _question(
            prefix + "_force_reason",
            "Reason for forcing the window",
            "Written reason, logged with your user name (required when forcing).",
            "textarea",
            False,
            max=500,
        ),
    ]


def _survey(name, questions):
    return {"name": name, "description": "", "spec": questions}


def _tenant_choices(tenants, with_all):
    names = sorted(str(t) for t in tenants)
    return (["all"] if with_all else []) + names


def _job_templates(tenants, environments, service_packs):
    tenant_all = _tenant_choices(tenants, True)
    tenant_one = _tenant_choices(tenants, False)
    versions = sorted(str(v) for v in service_packs)
    production = sorted(k for k, e in environments.items() if isinstance(e, Mapping) and e.get("production"))
    point_in_time = _question(
        "restore_point_in_time",
        "Point in time",
        "ISO 8601 with offset, e.g. 2026-03-29T10:15:00+02:00; empty: the latest backup.",
        "text",
        False,
        min=0,
        max=40,
    )
    rings = _choice(
        "patch_ring", "Ring", "Machines to patch: all, non-production or production.", ["all", "nonprod", "prod"], "all"
    )
    # (playbook stem, description, credentials, survey questions, ask_limit_on_launch)
    return (
        (
            "access_review",
            "Access review: who can reach each environment, and through what",
            ("Divalto vault",),
            [
                _question(
                    "access_review_report_dir",
                    "Report directory",
                    "Persistent path of the reviews on the execution environment (a volume): the previous review is"
                    " read there.",
                    "text",
                    True,
                    ACCESS_REVIEW_DIR,
                    max=255,
                )
            ],
            False,
        ),
        ("asset_inventory", "Asset inventory snapshot and diff", MACHINES, [], True),
        ("awx_configure", "Apply this AWX configuration (AWX as code)", ("Divalto controller",), [], False),
        ("backup_compliance", "Backup compliance against the policy", BACKUPS, [], False),
        ("backup_configure", "Configure the backups from the policy", BACKUPS, [], True),
        (
            "backup_export",
            "Publish a tenant's D+1 backup packages for download",
            MACHINES,
            [
                _choice("export_tenant", "Tenant", "Tenant whose environments are packaged.", tenant_one),
                _question(
                    "export_days",
                    "Days",
                    "How many days the packages stay published; empty: the platform's default.",
                    "integer",
                    False,
                    "",
                    min=1,
                    max=90,
                ),
            ],
            False,
        ),
        (
            "backup_restore_test",
            "Restore test of one production environment",
            BACKUPS,
            [
                _choice(
                    "restore_test_environment",
                    "Environment",
                    "Production environment to restore; empty: the rotation by ISO week.",
                    production,
                    required=False,
                )
            ],
            False,
        ),
        (
            "commission_environment",
            "Commission one environment of the registry",
            MACHINES,
            [_choice("environment_key", "Environment", "Environment to create.", sorted(environments))],
            False,
        ),
        (
            "decommission_environment",
            "Decommission one environment after a final backup",
            MACHINES,
            [
                _choice("environment_key", "Environment", "Environment to remove.", sorted(environments)),
                _question("confirm", "Confirm", "Type the environment key again.", "text", True, max=64),
            ],
            False,
        ),
        (
            "directory_sync",
            "Tenants' group memberships from DLMT's export",
            ("Divalto vault",),
            [
                _question(
                    "directory_sync_export",
                    "DLMT export",
                    "Path of DLMT's CSV export of users on the execution environment.",
                    "text",
                    True,
                    DLMT_EXPORT,
                    max=255,
                ),
                _question(
                    "directory_sync_report_dir",
                    "Report directory",
                    "Persistent path of the run reports and the leavers' state on the execution environment (a"
                    " volume): the grace period of a leaver is counted there.",
                    "text",
                    True,
                    DIRECTORY_SYNC_DIR,
                    max=255,
                ),
                _choice(
                    "directory_sync_apply",
                    "Apply?",
                    "false: a dry run that shows and reports the plan; true: apply it.",
                    ["false", "true"],
                    "false",
                ),
                _choice(
                    "directory_allow_mass_removal",
                    "Override the mass-removal guard?",
                    "Apply although a group loses many members or the export is empty or stale (reason below).",
                    ["false", "true"],
                    "false",
                ),
                _question(
                    "directory_allow_mass_removal_reason",
                    "Reason for the override",
                    "Written reason, kept in the run report (required with the override).",
                    "textarea",
                    False,
                    max=500,
                ),
            ],
            False,
        ),
        (
            "dr_drill",
            "Disaster-recovery drill in the recovery datacenter",
            BACKUPS,
            [_choice("dr_tenant", "Tenant", "Tenant to drill, or all.", tenant_all, "all")],
            False,
        ),
        (
            "dr_failover",
            "Disaster-recovery failover to the recovery datacenter",
            BACKUPS,
            [_question("dr_confirm", "Confirm", "Type the recovery datacenter name.", "text", True, max=16)],
            False,
        ),
        (
            "health_check",
            "Health check of every machine",
            BACKUPS,
            [
                _question(
                    "health_check_zabbix_server",
                    "Zabbix server",
                    "Optional: register the machines in this Zabbix server.",
                    "text",
                    False,
                    max=255,
                )
            ],
            True,
        ),
        (
            "hotfix_rollout",
            "Hotfix rollout ring by ring",
            MACHINES,
            [
                _choice("hotfix_version", "Version", "Catalogue version to roll out.", versions),
                _choice("hotfix_tenant", "Tenant", "Tenant to roll out to, or all.", tenant_all, "all"),
            ]
            + _force_questions("hotfix"),
            False,
        ),
        (
            "import_database",
            "Import a client's database into a non-production environment",
            BACKUPS,
            [
                _choice("import_tenant", "Tenant", "Tenant whose environment receives the database.", tenant_one),
                _choice(
                    "import_target",
                    "Target environment",
                    "Non-production environment type whose database is replaced.",
                    [t for t in ENVIRONMENT_TYPES if t != "production"],
                ),
                _question(
                    "import_file",
                    "Backup file",
                    "Name of the .bak file the client put into the target's exchange/in directory.",
                    "text",
                    True,
                    max=200,
                ),
                _question(
                    "import_sha256",
                    "SHA-256",
                    "The checksum the client gave (64 hex digits); empty: the file <file>.sha256 next to it.",
                    "text",
                    False,
                    max=64,
                ),
                _choice(
                    "import_database", "Database", "Which database of the target is replaced.", DATABASE_ROLES, "erp"
                ),
                _question(
                    "import_confirm",
                    "Confirmation",
                    "The target environment's key (<tenant>_<type>): its database is replaced.",
                    "text",
                    True,
                    max=128,
                ),
                _question(
                    "import_reason", "Reason", "Why (the ticket), kept in the report.", "textarea", True, max=500
                ),
            ],
            False,
        ),
        (
            "offboard_tenant",
            "End a tenant's contract: return, decommission, erase (one step per run)",
            BACKUPS,
            [
                _question(
                    "confirm",
                    "Tenant",
                    "The tenant's name, in full (it may have left the registry already).",
                    "text",
                    True,
                    max=64,
                ),
                _question(
                    "offboard_returned",
                    "Return acknowledged",
                    "The tenant's name again, once the client has its data and its tenant file is removed; empty"
                    " otherwise.",
                    "text",
                    False,
                    max=64,
                ),
                _question(
                    "offboard_retention_days",
                    "Retention days",
                    "How long the backups are kept after the decommissioning.",
                    "integer",
                    False,
                    30,
                    min=1,
                    max=3650,
                ),
            ],
            False,
        ),
        ("patch_monthly", "Monthly patching (OS updates)", MACHINES, [rings] + _force_questions("patch"), True),
        (
            "patch_quarterly",
            "Quarterly patching (SQL Server, HPF)",
            MACHINES,
            [rings] + _force_questions("patch"),
            True,
        ),
        ("platform_summary", "Summary of the platform from the registry", (), [], False),
        (
            "restore",
            "Restore an environment of a tenant",
            BACKUPS,
            [
                _choice("restore_tenant", "Tenant", "Tenant whose environment is restored.", tenant_one),
                _choice("restore_source", "Source environment", "Environment type to restore from.", ENVIRONMENT_TYPES),
                _choice(
                    "restore_target",
                    "Target environment",
                    "Environment type to restore into; empty: the source.",
                    ENVIRONMENT_TYPES,
                    required=False,
                ),
                point_in_time,
            ],
            False,
        ),
        ("site", "Converge the whole platform to the registry", MACHINES, [], True),
        (
            "sla_report",
            "Service level report",
            (),
            [
                _question(
                    "sla_report_outages",
                    "Outage export",
                    "Path of the outage export (CSV or JSON); the project is /runner/project in the EE.",
                    "text",
                    True,
                    "/runner/project/inventories/example/outages.csv",
                    max=255,
                ),
                _question(
                    "sla_report_year",
                    "Year",
                    "Year of the report; empty: last year.",
                    "integer",
                    False,
                    "",
                    min=2000,
                    max=2100,
                ),
            ],
            False,
        ),
        ("storage_report", "Storage usage against the quotas", MACHINES, [], False),
        (
            "switch_service_pack",
            "Switch the environments of a tenant to a service pack",
            MACHINES,
            [
                _choice("tenant", "Tenant", "Tenant whose environments move.", tenant_one),
                _question(
                    "switch_environments",
                    "Environments",
                    "Environment types to move.",
                    "multiselect",
                    True,
                    "",
                    choices=list(ENVIRONMENT_TYPES),
                ),
                _choice(
                    "switch_version", "Version", "Catalogue version; empty: the registry's.", versions, required=False
                ),
            ],
            False,
        ),
    )


# ------------------------------------------------------------------------------------------------ config


def _options(options):
    result = dict(DEFAULT_OPTIONS)
    for key, value in (options or {}).items():
        if key not in DEFAULT_OPTIONS:
            raise ValueError("awx_config: unknown option %r (known: %s)" % (key, ", ".join(sorted(DEFAULT_OPTIONS))))
        if value is not None:
            if not isinstance(value, str) or not value:
                raise ValueError("awx_config: option %s must be a non-empty string, got %r" % (key, value))
            result[key] = value
    return result


def template_name(opts, stem):
    return "%s %s" % (opts["prefix"], stem)


def awx_config(platform, tenants, environments, service_packs=None, options=None):
    """The whole AWX configuration as plain data (see the module docstring)."""
    for name, value in (("platform", platform), ("tenants", tenants), ("environments", environments)):
        if not isinstance(value, Mapping):
            raise ValueError(
                "awx_config: %s must be the divalto_%s mapping, got %r" % (name, name, type(value).__name__)
            )
    opts = _options(options)
    org = opts["organization"]
    templates = []
    for stem, description, credentials, questions, ask_limit in _job_templates(
        tenants, environments, service_packs or {}
    ):
        templates.append(
            {
                "name": template_name(opts, stem),
                "description": description,
                "organization": org,
                "project": opts["project"],
                "inventory": opts["inventory"],
                "playbook": "playbooks/%s.yml" % stem,
                "job_type": "run",
                "execution_environment": opts["execution_environment"],
                "credentials": sorted(credentials),
                "ask_limit_on_launch": ask_limit,
                "ask_variables_on_launch": False,
                "allow_simultaneous": False,
                "survey_enabled": bool(questions),
                "survey_spec": _survey(template_name(opts, stem), questions) if questions else {},
            }
        )
    names = {t["name"] for t in templates}
    schedules = []
    for schedule in build_schedules(platform):
        data = schedule.to_dict()
        data["name"] = "%s %s" % (opts["prefix"], schedule.name)
        data["unified_job_template"] = template_name(opts, schedule.job_template)
        data["organization"] = org
        if data["unified_job_template"] not in names:
            raise ValueError(
                "schedules.jobs.%s.job_template: %r is not a job template (known: %s)"
                % (schedule.name, schedule.job_template, ", ".join(sorted(n.split(" ", 1)[1] for n in names)))
            )
        schedules.append(data)
    return {
        "organization": {
            "name": org,
            "description": "Divalto infinity ERP cloud platform",
            "default_environment": opts["execution_environment"],
        },
        "execution_environment": {
            "name": opts["execution_environment"],
            "image": opts["execution_environment_image"],
            "pull": "missing",
            "description": "Built from execution-environment.yml (ansible-builder)",
        },
        "project": {
            "name": opts["project"],
            "organization": org,
            "scm_type": "git",
            "scm_url": opts["scm_url"],
            "scm_branch": opts["scm_branch"],
            "scm_clean": True,
            "scm_update_on_launch": True,
            "default_environment": opts["execution_environment"],
        },
        "credential_types": [dict(t) for t in CREDENTIAL_TYPES],
        "credentials": [dict(c, organization=org) for c in CREDENTIALS],
        "inventory": {"name": opts["inventory"], "organization": org, "description": "Machines of the tenant registry"},
        "inventory_source": {
            "name": opts["inventory_source"],
            "inventory": opts["inventory"],
            "organization": org,
            "source": "scm",
            "source_project": opts["project"],
            "source_path": opts["inventory_source_path"],
            "overwrite": True,
            "overwrite_vars": True,
            "update_on_launch": True,
            "update_cache_timeout": 0,
            "execution_environment": opts["execution_environment"],
        },
        "job_templates": templates,
        "schedules": schedules,
    }


# ------------------------------------------------------------------------------------------------ validation


def survey_problems(spec):
    """What AWX would refuse when this survey_spec is saved (empty list: accepted)."""
    if not isinstance(spec, Mapping):
        return ["survey spec must be a mapping"]
    problems = []
    for key, kind in (("name", str), ("description", str), ("spec", list)):
        if key not in spec:
            problems.append("Field '%s' is missing from survey spec." % key)
        elif not isinstance(spec[key], kind):
            problems.append("'%s' in survey spec must be a %s." % (key, kind.__name__))
    if problems:
        return problems
    if not spec["spec"]:
        problems.append("'spec' doesn't contain any items.")
    variables = set()
    for index, item in enumerate(spec["spec"]):
        where = "survey question %d" % index
        if not isinstance(item, Mapping):
            problems.append("%s is not a json object." % where)
            continue
        for key in ("type", "question_name", "variable", "required"):
            if key not in item:
                problems.append("'%s' missing from %s." % (key, where))
        kind = item.get("type")
        if kind is not None and kind not in SURVEY_TYPES:
            problems.append(
                "'%s' in %s is not one of '%s' allowed question types." % (kind, where, "', '".join(SURVEY_TYPES))
            )
        variable = item.get("variable")
        if variable in variables:
            problems.append("'variable' '%s' duplicated in %s." % (variable, where))
        variables.add(variable)
        if "required" in item and not isinstance(item["required"], bool):
            problems.append("'required' in %s must be a boolean." % where)
        default = item.get("default", "")
        if kind in ("multiplechoice", "multiselect"):
            choices = item.get("choices")
            if isinstance(choices, str):
                choices = choices.split("\n")
            if not isinstance(choices, list) or not choices:
                problems.append("'choices' in %s must be a non-empty list or newline-separated string." % where)
                continue
            chosen = default.split("\n") if kind == "multiselect" and isinstance(default, str) else [default]
            if default not in ("", None) and any(c not in choices for c in chosen):
                problems.append("Default choice must be answered from the choices listed (%s)." % where)
        elif kind in ("integer", "float"):
            if default not in ("", None) and (isinstance(default, bool) or not isinstance(default, (int, float))):
                problems.append("Value %r for '%s' expected to be a number (%s)." % (default, variable, where))
        elif kind in ("text", "textarea", "password"):
            if not isinstance(default, str):
                problems.append("Value %r for '%s' expected to be a string (%s)." % (default, variable, where))
            elif default and not item.get("min", 0) <= len(default) <= item.get("max", 1024):
                problems.append("Default for '%s' is not within min and max length (%s)." % (variable, where))
    return problems


# ------------------------------------------------------------------------------------------------ review file

REVIEW_HEADER = (
    "# Rendered by tools/awx-config (make awx-config) from the tenant registry: everything\n"
    "# playbooks/awx_configure.yml applies to AWX. Do not edit: change the registry, re-render, review the diff.\n"
)


def to_review_yaml(config):
    """``config`` as one stable YAML document (sorted keys, block style), with a header comment."""
    try:
        import yaml
    except ImportError as exc:  # PyYAML comes with ansible-core
        raise ValueError("awx_config: PyYAML is required to render the review file: %s" % exc) from None

    class IndentedDumper(yaml.SafeDumper):
        """Indents list items under their key, as yamllint's default indentation rule wants."""

        def increase_indent(self, flow=False, indentless=False):
            return super().increase_indent(flow, False)

    body = yaml.dump(
        config, Dumper=IndentedDumper, sort_keys=True, default_flow_style=False, allow_unicode=True, width=120
    )
    return REVIEW_HEADER + "---\n" + body
