# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWX configuration: a template per operational playbook, valid surveys, injectors, the golden review file."""

from __future__ import annotations

import copy
import pathlib
import re

import pytest
import yaml

from ansible_collections.divalto.cloud.plugins.module_utils.awx.config import (
    CREDENTIAL_TYPES,
    awx_config,
    survey_problems,
    to_review_yaml,
)
from ansible_collections.divalto.cloud.plugins.module_utils.awx.schedules import awx_rrule_problems

ROOT = pathlib.Path(__file__).resolve().parents[5]
GOLDEN = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "awx_config" / "example.yml"
# AWX's own credential types the configuration uses (not declared by it).
BUILTIN_CREDENTIAL_TYPES = ("Machine", "Red Hat Ansible Automation Platform")
# /tmp/interfaces.md: the operational playbooks and their main extra vars asked by the surveys.
INTERFACE_PLAYBOOKS = {
    "patch_monthly": {"patch_ring", "patch_force_window", "patch_force_reason"},
    "patch_quarterly": {"patch_ring", "patch_force_window", "patch_force_reason"},
    "hotfix_rollout": {"hotfix_version", "hotfix_tenant", "hotfix_force_window", "hotfix_force_reason"},
    "restore": {"restore_tenant", "restore_source", "restore_target", "restore_point_in_time"},
    "dr_failover": {"dr_confirm"},
    "dr_drill": {"dr_tenant"},
    "backup_compliance": set(),
    "backup_restore_test": {"restore_test_environment"},
    "sla_report": {"sla_report_outages", "sla_report_year"},
    "asset_inventory": set(),
    "storage_report": set(),
    "health_check": {"health_check_zabbix_server"},
    "awx_configure": set(),
    "access_review": {"access_review_report_dir"},
}


@pytest.fixture
def variables(example_model):
    return copy.deepcopy(example_model["vars"])


@pytest.fixture
def config(variables):
    return build(variables)


def build(variables, options=None):
    return awx_config(
        variables["divalto_platform"],
        variables["divalto_tenants"],
        variables["divalto_environments"],
        variables["divalto_service_packs"],
        options,
    )


def templates_by_playbook(config):
    return {pathlib.Path(t["playbook"]).stem: t for t in config["job_templates"]}


def test_every_operational_playbook_has_a_job_template(config):
    templates = templates_by_playbook(config)
    assert set(INTERFACE_PLAYBOOKS) <= set(templates)
    for stem, questions in INTERFACE_PLAYBOOKS.items():
        spec = templates[stem]["survey_spec"]
        asked = {q["variable"] for q in spec["spec"]} if spec else set()
        assert asked == questions, stem
        assert templates[stem]["survey_enabled"] is bool(questions)


def test_every_job_template_playbook_exists(config):
    missing = [t["playbook"] for t in config["job_templates"] if not (ROOT / t["playbook"]).is_file()]
    assert missing == [], "job templates whose playbook is not in playbooks/: %s" % missing


def test_every_existing_playbook_has_a_job_template(config):
    """Every playbook at the top of playbooks/ runs on its own and has a job template; playbooks/parts/ holds what
    other playbooks import, each imported by one of them and none with a template of its own."""
    playbooks = sorted((ROOT / "playbooks").glob("*.yml"))
    imported = set()
    for path in playbooks:
        for play in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            target = (
                play.get("ansible.builtin.import_playbook", play.get("import_playbook"))
                if isinstance(play, dict)
                else None
            )
            if target:
                imported.add(str(pathlib.PurePosixPath(target)))
    parts = {"parts/%s" % path.name for path in (ROOT / "playbooks" / "parts").glob("*.yml")}
    assert imported == parts
    templates = set(templates_by_playbook(config))
    assert {path.stem for path in playbooks} <= templates
    assert not {pathlib.PurePosixPath(part).stem for part in parts} & templates


def test_surveys_are_valid_for_awx(config):
    for template in config["job_templates"]:
        if template["survey_enabled"]:
            assert survey_problems(template["survey_spec"]) == [], template["name"]
            assert template["survey_spec"]["name"] == template["name"]


def test_survey_choices_come_from_the_registry(config, variables):
    templates = templates_by_playbook(config)
    questions = {q["variable"]: q for q in templates["restore"]["survey_spec"]["spec"]}
    assert questions["restore_tenant"]["choices"] == sorted(variables["divalto_tenants"])
    assert questions["restore_source"]["choices"] == ["production", "staging", "testing", "training", "setup"]
    assert questions["restore_point_in_time"]["required"] is False
    hotfix = {q["variable"]: q for q in templates["hotfix_rollout"]["survey_spec"]["spec"]}
    assert hotfix["hotfix_tenant"]["choices"] == ["all"] + sorted(variables["divalto_tenants"])
    assert hotfix["hotfix_version"]["choices"] == sorted(variables["divalto_service_packs"])
    assert hotfix["hotfix_force_window"]["default"] == "false"
    assert hotfix["hotfix_force_reason"]["type"] == "textarea"


def test_credential_types_inject_their_own_fields(config):
    assert [t["name"] for t in config["credential_types"]] == [
        "Divalto WinRM",
        "Divalto vault password",
        "Divalto restic repository",
    ]
    for ctype in config["credential_types"]:
        fields = {f["id"] for f in ctype["inputs"]["fields"]}
        files = {key.split(".", 1)[1] for key in ctype["injectors"].get("file", {})}
        assert set(ctype["inputs"]["required"]) <= fields
        assert set(ctype["injectors"]) <= {"env", "file", "extra_vars"}
        assert ctype["injectors"]["env"], ctype["name"]
        for name, value in ctype["injectors"]["env"].items():
            assert re.match(r"^[A-Z][A-Z0-9_]*$", name)
            for ref in re.findall(r"{{\s*([\w.]+)\s*}}", value):
                assert ref in fields or (ref.startswith("tower.filename.") and ref.split(".")[2] in files), ref
    env = {name for t in config["credential_types"] for name in t["injectors"]["env"]}
    assert env == {
        "DIVALTO_WINRM_USER",
        "DIVALTO_WINRM_PASSWORD",
        "DIVALTO_WINRM_TRANSPORT",
        "ANSIBLE_VAULT_PASSWORD_FILE",
        "RESTIC_PASSWORD",
    }


def test_credentials_hold_no_secret_and_reference_known_types(config):
    types = {t["name"]: t for t in CREDENTIAL_TYPES}
    names = set()
    for credential in config["credentials"]:
        names.add(credential["name"])
        ctype = types.get(credential["credential_type"])
        assert ctype or credential["credential_type"] in BUILTIN_CREDENTIAL_TYPES
        if ctype:
            secrets = {f["id"] for f in ctype["inputs"]["fields"] if f.get("secret")}
            assert not secrets & set(credential["inputs"])
        assert "password" not in credential["inputs"]
    for template in config["job_templates"]:
        assert set(template["credentials"]) <= names, template["name"]


def test_inventory_source_is_the_tenants_plugin_from_the_project(config):
    source = config["inventory_source"]
    assert source["source"] == "scm"
    assert source["source_project"] == config["project"]["name"]
    assert source["inventory"] == config["inventory"]["name"]
    assert (source["overwrite"], source["overwrite_vars"], source["update_on_launch"]) == (True, True, True)
    plugin = yaml.safe_load((ROOT / source["source_path"]).read_text(encoding="utf-8"))
    assert plugin["plugin"] == "divalto.cloud.tenants"


def test_schedules_reference_templates_and_are_valid_rrules(config):
    names = {t["name"] for t in config["job_templates"]}
    assert len(config["schedules"]) == 9
    for schedule in config["schedules"]:
        assert schedule["unified_job_template"] in names
        assert awx_rrule_problems(schedule["rrule"]) == []
    ring = {s["name"]: s["ring"] for s in config["schedules"]}
    assert ring["divalto patch_monthly_prod"] == "prod"
    assert ring["divalto backup_compliance"] == "none"


def test_schedule_of_an_unknown_template_is_refused(variables):
    variables["divalto_platform"]["schedules"] = {"jobs": {"j": {"job_template": "nowhere", "hourly": 1}}}
    with pytest.raises(ValueError) as caught:
        build(variables)
    assert str(caught.value).startswith("schedules.jobs.j.job_template: 'nowhere' is not a job template (known: ")


def test_options(variables):
    config = build(variables, {"organization": "Ops", "prefix": "dc", "inventory_source_path": "inventories/x.yml"})
    assert config["organization"]["name"] == "Ops"
    assert config["job_templates"][0]["name"].startswith("dc ")
    assert config["inventory_source"]["source_path"] == "inventories/x.yml"
    assert all(c["organization"] == "Ops" for c in config["credentials"])
    with pytest.raises(ValueError) as caught:
        build(variables, {"colour": "blue"})
    assert str(caught.value).startswith("awx_config: unknown option 'colour' (known: execution_environment, ")
    with pytest.raises(ValueError) as caught:
        build(variables, {"prefix": ""})
    assert str(caught.value) == "awx_config: option prefix must be a non-empty string, got ''"


def test_arguments_must_be_the_inventory_variables(variables):
    with pytest.raises(ValueError) as caught:
        awx_config(variables["divalto_platform"], [], variables["divalto_environments"])
    assert str(caught.value) == "awx_config: tenants must be the divalto_tenants mapping, got 'list'"


def test_golden_review_file(config, golden):
    """tests/.../fixtures/awx_config/example.yml is what `make awx-config` writes; `make golden` re-renders it."""
    golden(GOLDEN, to_review_yaml(config))


def test_review_file_is_stable(variables):
    assert to_review_yaml(build(variables)) == to_review_yaml(build(copy.deepcopy(variables)))


@pytest.mark.parametrize(
    "spec, problem",
    [
        ([], "survey spec must be a mapping"),
        ({"description": "", "spec": []}, "Field 'name' is missing from survey spec."),
        ({"name": "s", "description": "", "spec": {}}, "'spec' in survey spec must be a list."),
        ({"name": "s", "description": "", "spec": []}, "'spec' doesn't contain any items."),
        ({"name": "s", "description": "", "spec": ["q"]}, "survey question 0 is not a json object."),
        (
            {"name": "s", "description": "", "spec": [{"question_name": "q", "variable": "v", "required": True}]},
            "'type' missing from survey question 0.",
        ),
        (
            {
                "name": "s",
                "description": "",
                "spec": [{"question_name": "q", "variable": "v", "required": True, "type": "date"}],
            },
            "'date' in survey question 0 is not one of",
        ),
        (
            {
                "name": "s",
                "description": "",
                "spec": [
                    {"question_name": "q", "variable": "v", "required": True, "type": "text"},
                    {"question_name": "q", "variable": "v", "required": True, "type": "text"},
                ],
            },
            "'variable' 'v' duplicated in survey question 1.",
        ),
        (
            {
                "name": "s",
                "description": "",
                "spec": [{"question_name": "q", "variable": "v", "required": "yes", "type": "text"}],
            },
            "'required' in survey question 0 must be a boolean.",
        ),
        (
            {
                "name": "s",
                "description": "",
                "spec": [
                    {"question_name": "q", "variable": "v", "required": True, "type": "multiplechoice", "choices": []}
                ],
            },
            "'choices' in survey question 0 must be a non-empty list",
        ),
        (
            {
                "name": "s",
                "description": "",
                "spec": [
                    {
                        "question_name": "q",
                        "variable": "v",
                        "required": True,
                        "type": "multiplechoice",
                        "choices": "a\nb",
                        "default": "c",
                    }
                ],
            },
            "Default choice must be answered from the choices listed (survey question 0).",
        ),
        (
            {
                "name": "s",
                "description": "",
                "spec": [
                    {
                        "question_name": "q",
                        "variable": "v",
                        "required": True,
                        "type": "multiselect",
                        "choices": ["a", "b"],
                        "default": "a\nc",
                    }
                ],
            },
            "Default choice must be answered from the choices listed (survey question 0).",
        ),
        (
            {
                "name": "s",
                "description": "",
                "spec": [{"question_name": "q", "variable": "v", "required": True, "type": "integer", "default": "3"}],
            },
            "Value '3' for 'v' expected to be a number (survey question 0).",
        ),
        (
            {
                "name": "s",
                "description": "",
                "spec": [{"question_name": "q", "variable": "v", "required": True, "type": "text", "default": 3}],
            },
            "Value 3 for 'v' expected to be a string (survey question 0).",
        ),
        (
            {
                "name": "s",
                "description": "",
                "spec": [
                    {
                        "question_name": "q",
                        "variable": "v",
                        "required": True,
                        "type": "text",
                        "default": "abc",
                        "max": 2,
                    }
                ],
            },
            "Default for 'v' is not within min and max length (survey question 0).",
        ),
    ],
)
def test_survey_problems(spec, problem):
    problems = survey_problems(spec)
    assert problems and problems[0].startswith(problem)


def test_a_valid_survey_has_no_problem():
    spec = {
        "name": "s",
        "description": "",
        "spec": [
            {
                "question_name": "q",
                "variable": "v",
                "required": False,
                "type": "multiselect",
                "choices": ["a", "b"],
                "default": "a\nb",
            },
            {"question_name": "n", "variable": "n", "required": False, "type": "integer", "default": 3},
        ],
    }
    assert survey_problems(spec) == []
