# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Validation of the tenant registry: one test per class of error, message asserted."""

from __future__ import annotations

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import (
    RegistryError,
    fingerprint,
    load_registry,
)

ACME = "tenants/acme.yml"
PLATFORM = "platform.yml"


def problems_of(registry):
    with pytest.raises(RegistryError) as caught:
        load_registry(str(registry.root))
    return [str(problem) for problem in caught.value.problems]


def assert_problem(registry, expected):
    found = problems_of(registry)
    assert expected in found, "\n".join(found)
    return found


def test_example_registry_is_valid(registry):
    loaded = load_registry(str(registry.root))
    assert sorted(loaded.tenants) == ["acme", "breizhfood", "cobalt", "dentelles"]
    assert loaded.tenant_files["acme"] == "tenants/acme.yml"
    assert "v2026_erpx13_p223a" in loaded.service_packs


def test_unknown_key_in_tenant(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["production"].update(colour="blue"))
    assert_problem(
        registry,
        "tenants/acme.yml: tenant acme: environments.production: expected only known keys "
        "(addons, hostnames, placement, service_pack, storage_extensions, telnet_port, wpf_port), got unknown 'colour'",
    )


def test_unknown_key_in_machine(registry):
    registry.edit(PLATFORM, lambda doc: doc["machines"]["app-par1-01"].update(rack="B4"))
    found = problems_of(registry)
    assert len(found) == 1
    assert found[0].startswith("platform.yml: platform: machines.app-par1-01: expected only known keys (")
    assert found[0].endswith("got unknown 'rack'")


def test_duplicate_tenant(registry):
    """A tenant is its file name: a copy under another name declares the wrong tenant, .yml and .yaml clash."""
    registry.write("tenants/acmecopy.yml", registry.read(ACME))
    registry.write("tenants/acme.yaml", registry.read(ACME))
    found = problems_of(registry)
    assert "tenants/acme.yml: tenant acme: expected one file per tenant (also tenants/acme.yaml)" in found, found
    assert (
        "tenants/acmecopy.yml: tenant acmecopy: tenant: expected the tenant its file is named after ('acmecopy'), "
        "got 'acme'" in found
    ), found


def test_duplicate_environment(registry):
    text = registry.path(ACME).read_text(encoding="utf-8")
    registry.write_text(ACME, text.replace("  testing:\n", "  staging:\n"))
    found = problems_of(registry)
    assert len(found) == 1
    assert found == [
        "tenants/acme.yml: tenant acme: environments: expected well-formed YAML: duplicate key 'staging' "
        "(first at line 18, again at line 24)"
    ]


def test_duplicate_machine(registry):
    text = registry.path(PLATFORM).read_text(encoding="utf-8")
    registry.write_text(PLATFORM, text.replace("  app-par1-02:\n", "  app-par1-01:\n"))
    found = problems_of(registry)
    assert any(
        "platform.yml: platform: machines: expected well-formed YAML: duplicate key 'app-par1-01'" in p for p in found
    ), found


def test_placement_on_unknown_pool(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["staging"]["placement"].update(pool="app-par9-z"))
    assert_problem(
        registry,
        "tenants/acme.yml: tenant acme: environments.staging.placement.pool: "
        "expected a pool declared under pools, got 'app-par9-z'",
    )


def test_placement_on_a_machine_instead_of_its_pair(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["production"]["placement"].update(sql="sql-par1-01"))
    assert_problem(
        registry,
        "tenants/acme.yml: tenant acme: environments.production.placement.sql: expected the name of an HA pair "
        "of role sql, got machine 'sql-par1-01' (name its pair instead)",
    )


def test_placement_on_wrong_role(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["production"]["placement"].update(files="sql-par1-a"))
    assert_problem(
        registry,
        "tenants/acme.yml: tenant acme: environments.production.placement.files: "
        "expected an HA pair of role file, got 'sql-par1-a' of role sql",
    )


def test_placement_on_unknown_pair(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["production"]["placement"].update(files="fs-nowhere"))
    assert_problem(
        registry,
        "tenants/acme.yml: tenant acme: environments.production.placement.files: "
        "expected an HA pair of role file declared by the machines, got unknown 'fs-nowhere'",
    )


def test_placement_across_datacenters(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["production"]["placement"].update(sql="sql-sxb1-a"))
    assert_problem(
        registry,
        "tenants/acme.yml: tenant acme: environments.production.placement: "
        "expected pool, sql and files in one datacenter, got par1, sxb1",
    )


def test_incomplete_ha_pair(registry):
    registry.edit(PLATFORM, lambda doc: doc["machines"]["sql-par1-02"].update(ha_member="primary"))
    assert_problem(
        registry,
        "platform.yml: HA pair sql-par1-a: machines.*.ha_pair=sql-par1-a: expected exactly one primary and one "
        "secondary member, got primary: sql-par1-01, sql-par1-02; secondary: none",
    )


def test_ha_pair_without_member_role(registry):
    registry.edit(PLATFORM, lambda doc: doc["machines"]["fs-par1-02"].pop("ha_member"))
    found = problems_of(registry)
    assert (
        "platform.yml: platform: machines.fs-par1-02: expected 'ha_member' together with the keys that need "
        "it, which is missing" in found
    )


def test_invalid_service_pack_version(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["testing"].update(service_pack="13.2-hotfix"))
    assert_problem(
        registry,
        "tenants/acme.yml: tenant acme: environments.testing.service_pack: expected a service-pack version such as "
        "v2026_erpx13_p223a (v<year>_<product><major>_p<patch>[level]), got '13.2-hotfix'",
    )


def test_service_pack_missing_from_catalogue(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["testing"].update(service_pack="v2027_erpx14_p001"))
    assert_problem(
        registry,
        "tenants/acme.yml: tenant acme: environments.testing.service_pack: "
        "expected a version of the service-pack catalogue, got 'v2027_erpx14_p001'",
    )


def test_storage_overcommit(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["production"]["storage_extensions"].update(database_gb=900))
    assert_problem(
        registry,
        "platform.yml: HA pair sql-par1-a: machines.sql-par1-01.capacity.storage_gb: expected at least 1120 GB to "
        "hold the quotas placed on HA pair sql-par1-a (acme_production, acme_staging, acme_testing, "
        "breizhfood_production, breizhfood_training, breizhfood_setup, cobalt_production, dentelles_production, "
        "dentelles_staging, dentelles_testing, dentelles_training, dentelles_setup), has 1000 GB: "
        "storage overcommitted",
    )


@pytest.mark.parametrize("name", ["Acme", "acme-industries", "a", "acme_prod", "x" * 17])
def test_unsafe_tenant_name(registry, name):
    registry.edit(ACME, lambda doc: doc.update(tenant=name))
    found = problems_of(registry)
    assert found == [
        "tenants/acme.yml: tenant acme: tenant: expected a safe identifier: a lowercase letter then 1 to 15 lowercase "
        "letters or digits, not a Windows reserved name (it becomes part of database names, AD groups, directory "
        "and Ansible group names), got %r" % name
    ]


def test_unknown_environment_type(registry):
    registry.edit(ACME, lambda doc: doc["environments"].update(sandbox=doc["environments"]["testing"]))
    assert_problem(
        registry,
        "tenants/acme.yml: tenant acme: environments: expected one of production, staging, testing, "
        "training, setup, got 'sandbox'",
    )


def test_production_is_required(registry):
    registry.edit(ACME, lambda doc: doc["environments"].pop("production"))
    assert_problem(
        registry,
        "tenants/acme.yml: tenant acme: environments: expected required key 'production', which is missing",
    )


def test_telnet_port_required_with_terminals(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["testing"].pop("telnet_port"))
    assert_problem(
        registry,
        "tenants/acme.yml: tenant acme: environments.testing.telnet_port: "
        "expected a Telnet port: the subscription has terminals",
    )


def test_telnet_port_without_terminals(registry):
    registry.edit("tenants/cobalt.yml", lambda doc: doc["environments"]["production"].update(telnet_port=2390))
    assert_problem(
        registry,
        "tenants/cobalt.yml: tenant cobalt: environments.production.telnet_port: expected no Telnet port: "
        "the subscription has no terminals (subscription.terminals is false)",
    )


def test_telnet_port_duplicate_and_out_of_range(registry):
    def change(doc):
        doc["environments"]["staging"]["telnet_port"] = 2301
        doc["environments"]["testing"]["telnet_port"] = 2400

    registry.edit(ACME, change)
    found = problems_of(registry)
    assert found == [
        "tenants/acme.yml: tenant acme: environments.staging.telnet_port: "
        "expected a Telnet port of its own (2301 is also used by acme_production)",
        "tenants/acme.yml: tenant acme: environments.testing.telnet_port: "
        "expected a port in platform.ports.telnet_range [2300, 2399], got 2400",
    ]


def test_duplicate_hostname_across_tenants(registry):
    registry.edit(
        "tenants/cobalt.yml", lambda doc: doc["environments"]["production"].update(hostnames=["erp.acme-industries.fr"])
    )
    assert_problem(
        registry,
        "tenants/cobalt.yml: tenant cobalt: environments.production.hostnames: "
        "expected host names of its own (erp.acme-industries.fr is also used by acme_production)",
    )


def test_unknown_subscription_values(registry):
    def change(doc):
        doc["subscription"]["options"].append("crm")
        doc["subscription"]["users"]["guest"] = 3
        doc["subscription"]["languages"].append("pt")

    registry.edit(ACME, change)
    found = problems_of(registry)
    assert (
        "tenants/acme.yml: tenant acme: subscription.options: expected one of platform.licensed_options "
        "(payroll, wms, extranet_portal, ebics_ts, bi, edi), got 'crm'" in found
    )
    assert (
        "tenants/acme.yml: tenant acme: subscription.users: expected one of platform.user_profiles "
        "(full, limited, mobile, portal), got 'guest'" in found
    )
    assert (
        "tenants/acme.yml: tenant acme: subscription.languages: expected one of platform.languages "
        "(fr, en, de, es, it, nl), got 'pt'" in found
    )


def test_machine_address_outside_its_network_and_reused(registry):
    def change(doc):
        doc["machines"]["app-par1-01"]["address"] = "10.10.2.11"
        doc["machines"]["app-par1-02"]["address"] = "10.99.0.1"

    registry.edit(PLATFORM, change)
    found = problems_of(registry)
    assert (
        "platform.yml: machine app-par1-01: machines.app-par1-01.address: expected an address inside "
        "10.10.1.0/24 (zone processing, datacenter par1), got 10.10.2.11" in found
    )
    assert (
        "platform.yml: machine app-par1-01: machines.app-par1-01.address: expected an address of its own "
        "(10.10.2.11 is also used by sql-par1-01)"
        in found
        or "platform.yml: machine sql-par1-01: machines.sql-par1-01.address: expected an address of its own "
        "(10.10.2.11 is also used by app-par1-01)"
        in found
    )
    assert (
        "platform.yml: machine app-par1-02: machines.app-par1-02.address: expected an address inside "
        "10.10.1.0/24 (zone processing, datacenter par1), got 10.99.0.1" in found
    )


def test_role_not_allowed_in_zone(registry):
    registry.edit(
        PLATFORM,
        lambda doc: doc["machines"]["dmz-par1-01"].update(role="sql", ha_pair="sql-par1-x", ha_member="primary"),
    )
    assert_problem(
        registry,
        "platform.yml: machine dmz-par1-01: machines.dmz-par1-01.role: "
        "expected a role of zone dmz (reverse_proxy), got 'sql'",
    )


def test_pool_rules(registry):
    def change(doc):
        doc["machines"]["app-par1-04"].pop("pool")
        doc["machines"]["app-par1-05"]["pool"] = "app-par1-z"
        doc["pools"]["app-par1-a"]["min_capacity"] = 3

    registry.edit(PLATFORM, change)
    found = problems_of(registry)
    assert (
        "platform.yml: machine app-par1-04: machines.app-par1-04.pool: "
        "expected an application pool: every app server belongs to one" in found
    )
    assert (
        "platform.yml: machine app-par1-05: machines.app-par1-05.pool: "
        "expected a pool declared under pools, got 'app-par1-z'" in found
    )
    assert "platform.yml: pool app-par1-b: pools.app-par1-b: expected at least one app server naming this pool" in found
    assert (
        "platform.yml: pool app-par1-a: pools.app-par1-a.min_capacity: expected a minimum capacity below the "
        "pool size (3 machines), so that one can be drained for patching, got 3" in found
    )


def test_datacenters_need_a_primary_and_a_recovery(registry):
    registry.edit(PLATFORM, lambda doc: doc["datacenters"]["sxb1"].update(role="primary"))
    assert_problem(
        registry,
        "platform.yml: platform: datacenters: expected exactly one datacenter with role primary and at least one "
        "with role recovery, got par1=primary, sxb1=primary",
    )


def test_broken_yaml_names_file_and_line(registry):
    registry.write_text("tenants/cobalt.yml", "tenant: cobalt\nname: [unclosed\n")
    found = problems_of(registry)
    assert len(found) == 1
    assert found[0].startswith("tenants/cobalt.yml: tenant cobalt: expected well-formed YAML: ")
    assert found[0].endswith("(line 3)")


def test_empty_file(registry):
    registry.write_text("tenants/cobalt.yml", "")
    assert problems_of(registry) == ["tenants/cobalt.yml: tenant cobalt: expected a YAML mapping, got an empty file"]


def test_no_tenant_files(registry):
    for path in registry.path("tenants").iterdir():
        path.unlink()
    assert problems_of(registry) == ["tenants: expected at least one tenant file (*.yml)"]


def test_missing_registry_directory(tmp_path):
    with pytest.raises(RegistryError) as caught:
        load_registry(str(tmp_path / "nowhere"))
    assert str(caught.value.problems[0]) == "%s: expected a registry directory (with platform.yml and tenants/)" % (
        tmp_path / "nowhere"
    )


def test_all_problems_of_one_load_are_reported_together(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["testing"].update(service_pack="v2027_erpx14_p001"))
    registry.edit("tenants/cobalt.yml", lambda doc: doc["environments"]["production"]["placement"].update(pool="x1"))
    registry.edit(PLATFORM, lambda doc: doc["machines"]["vault-sxb1-01"].update(address="10.20.0.31"))
    registry.edit("tenants/dentelles.yml", lambda doc: doc["subscription"].update(business_profile="Retail"))
    with pytest.raises(RegistryError) as caught:
        load_registry(str(registry.root))
    message = str(caught.value)
    assert message.splitlines()[0] == "invalid tenant registry: 4 problems"
    assert [p.file for p in caught.value.problems] == [
        "platform.yml",
        "tenants/acme.yml",
        "tenants/cobalt.yml",
        "tenants/dentelles.yml",
    ]
    assert "got 'Retail'" in message
    assert "expected an address inside 10.20.2.0/24 (zone data, datacenter sxb1), got 10.20.0.31" in message


def test_platform_schema_errors_still_report_tenant_schema_errors(registry):
    """Cross-references need a schema-valid platform; each file's own errors are still all reported."""
    registry.edit(PLATFORM, lambda doc: doc["machines"]["vault-sxb1-01"].update(os="solaris"))
    registry.edit("tenants/dentelles.yml", lambda doc: doc["subscription"].update(business_profile="Retail"))
    found = problems_of(registry)
    assert len(found) == 2
    assert (
        found[0] == "platform.yml: platform: machines.vault-sxb1-01.os: expected one of windows, linux, got 'solaris'"
    )
    assert found[1].startswith(
        "tenants/dentelles.yml: tenant dentelles: subscription.business_profile: expected a keyword"
    )


def test_fingerprint_changes_with_any_file(registry):
    before = fingerprint(str(registry.root))
    assert fingerprint(str(registry.root)) == before
    registry.edit("tenants/cobalt.yml", lambda doc: doc.update(name="Cobalt Conseil SAS"))
    after_edit = fingerprint(str(registry.root))
    assert after_edit != before
    registry.path("tenants/cobalt.yml").unlink()
    assert fingerprint(str(registry.root)) not in (before, after_edit)


def test_calendar_settings_are_validated(registry):
    registry.edit(PLATFORM, lambda doc: doc["service_hours"]["holidays"].update(subdivision="GES"))
    found = problems_of(registry)
    assert len(found) == 1
    assert found[0].startswith("platform.yml: platform: service_hours.holidays.subdivision: expected ")
    assert "'GES'" in found[0]


def test_production_window_inside_service_hours_is_refused(registry):
    registry.edit(
        PLATFORM,
        lambda doc: doc["maintenance_windows"]["prod"].append({"days": ["wed"], "start": "12:00", "end": "13:00"}),
    )
    found = problems_of(registry)
    assert len(found) == 1
    assert found[0].startswith("platform.yml: platform: maintenance_windows.prod")


def test_addon_names_must_fit_the_implicit_file_encoding(registry):
    registry.edit(ACME, lambda doc: doc["environments"]["production"].update(addons=["Entrepôt", "Склад", "a/b"]))
    found = problems_of(registry)
    # Both: the schema error of addons[2] does not hide the encoding error of addons[1].
    assert found == [
        "tenants/acme.yml: tenant acme: environments.production.addons[1]: expected a name that iso-8859-1 can "
        "encode (the implicit file's encoding), got 'Склад'",
        "tenants/acme.yml: tenant acme: environments.production.addons[2]: expected an add-on directory name: 1 to 64 "
        'characters, none of \\ / : * ? " < > | or control characters, not . or .., not ending with a dot or a '
        "space, not starting with a space, not a Windows reserved name, got 'a/b'",
    ]
    registry.edit(ACME, lambda doc: doc["environments"]["production"].update(addons=["Entrepôt", "Склад"]))
    assert problems_of(registry) == [
        "tenants/acme.yml: tenant acme: environments.production.addons[1]: expected a name that iso-8859-1 can "
        "encode (the implicit file's encoding), got 'Склад'",
    ]


def test_zone_flows_are_checked(registry):
    registry.edit(
        PLATFORM,
        lambda doc: (
            doc["zone_flows"][0]["from"].update(zone="dmzz")
            if "zone" in doc["zone_flows"][0]["from"]
            else doc["zone_flows"][0].update({"from": {"zone": "dmzz"}})
        ),
    )
    found = problems_of(registry)
    assert len(found) == 1
    assert "zone_flows[0].from.zone: expected a zone (dmz, processing, data) or any, got 'dmzz'" in found[0]


def test_backup_policy_is_validated_with_the_registry(registry):
    # shape-valid (the schema accepts any datacenter name) but no such datacenter: reported at load
    registry.edit(PLATFORM, lambda doc: doc["backup"]["files"].update(copy_to="lon1"))
    found = problems_of(registry)
    assert len(found) == 1
    assert found[0].startswith(
        "platform.yml: platform: backup.files.copy_to: expected one of the datacenters par1, sxb1"
    )


def test_antivirus_policy_is_validated_with_the_registry(registry):
    # shape-valid (no mirror is allowed by the schema) but ClamAV would have no source of its standard databases
    registry.edit(PLATFORM, lambda doc: doc["antivirus"]["clamav"].update(mirrors=[]))
    found = problems_of(registry)
    assert len(found) == 1
    assert found[0].startswith("platform.yml: platform: antivirus.clamav.mirrors: expected one or more mirrors")


def test_antivirus_mirrors_are_urls(registry):
    registry.edit(PLATFORM, lambda doc: doc["antivirus"]["clamav"].update(mirrors=["http://m\nPrivateMirror evil"]))
    found = problems_of(registry)
    assert len(found) == 1 and "antivirus.clamav.mirrors[0]" in found[0] and "an http(s) URL" in found[0]
