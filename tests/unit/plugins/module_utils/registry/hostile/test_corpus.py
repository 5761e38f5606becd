# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A corpus of hostile and careless registries (issue #14): each is refused with the problem it should give, in a
bounded message naming file and field, or loads cleanly when it is harmless."""

from __future__ import annotations

import os

import pytest

ACME = "tenants/acme.yml"
COBALT = "tenants/cobalt.yml"
PLATFORM = "platform.yml"
PACKS = "service_packs.yml"
COBALT_TEXT = (
    "tenant: cobalt\n"
    "name: Cobalt Conseil\n"
    "subscription:\n"
    "  business_profile: services\n"
    "  users: {full: 5, portal: 10}\n"
    "environments:\n"
    "  production:\n"
    "    service_pack: v2026_erpx13_p223a\n"
    "    placement: {pool: app-par1-a, sql: sql-par1-a, files: fs-par1-a}\n"
)


def _text(registry, name, text):
    registry.path(name).write_text(text, encoding="utf-8")


def _append(registry, name, text):
    with open(str(registry.path(name)), "a", encoding="utf-8") as handle:
        handle.write(text)


def _cobalt_env(**values):
    """cobalt.yml with extra lines under environments.production (YAML text, 4 spaces)."""
    return COBALT_TEXT + "".join("    %s: %s\n" % item for item in values.items())


def _edit(name, change):
    return lambda registry: registry.edit(name, change)


def _env(name, **values):
    return _edit(name, lambda doc: doc["environments"]["production"].update(values))


def _platform(change):
    return _edit(PLATFORM, lambda doc: change(doc["platform"]))


def _job_extra_vars(value_text):
    """Replace the example's first job's extra_vars with ``value_text`` (YAML flow text)."""

    def change(registry):
        text = registry.path(PLATFORM).read_text(encoding="utf-8")
        text = text.replace("extra_vars: {patch_ring: nonprod}}", "extra_vars: %s}" % value_text, 1)
        registry.write_text(PLATFORM, text)

    return change


def _symlink(name, target):
    def change(registry):
        path = registry.path(name)
        if path.exists() or path.is_symlink():
            path.unlink()
        os.symlink(target, str(path))

    return change


def _alias_bomb(levels=9, width=9):
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        lines.append("a%d: &a%d [%s]" % (level, level, ", ".join(["*a%d" % (level - 1)] * width)))
    return "{%s}" % ", ".join(lines)


def _fifo(registry):
    os.mkfifo(str(registry.path("tenants/ghost.yml")))


def _directory(registry):
    registry.path("tenants/ghost.yml").mkdir()


def _merge_keys(registry):
    """app-par1-05 written as app-par1-04 (a YAML anchor) merged with its own address."""
    text = registry.path(PLATFORM).read_text(encoding="utf-8")
    before = "  app-par1-04:\n    {zone"
    assert before in text
    text = text.replace(before, "  app-par1-04:\n    &app4 {zone", 1)
    start = text.index("  app-par1-05:\n")
    end = text.index("  sql-par1-01:\n")
    text = text[:start] + "  app-par1-05: {<<: *app4, address: 10.10.1.15}\n" + text[end:]
    registry.write_text(PLATFORM, text)


# (id, change, substrings that one problem must contain; None: the registry must load cleanly)
CASES = [
    # Symbolic links, FIFOs, directories: never followed, never opened for reading
    (
        "symlink-to-passwd",
        _symlink("tenants/evil.yml", "/etc/passwd"),
        ["tenants/evil.yml: tenant evil: expected a regular file, got a symbolic link"],
    ),
    ("symlink-platform", _symlink(PLATFORM, "/etc/hostname"), ["platform.yml: platform: expected a regular file"]),
    ("symlink-inside", _symlink("tenants/cobalt2.yml", "cobalt.yml"), ["got a symbolic link"]),
    ("fifo", _fifo, ["tenants/ghost.yml: tenant ghost: expected a regular file, got a FIFO"]),
    ("directory-named-yml", _directory, ["tenants/ghost.yml: tenant ghost: expected a regular file, got a directory"]),
    # Messages never print whole values
    (
        "huge-name",
        _edit(ACME, lambda doc: doc.update(name="x" * 500000)),
        ["name: expected one line of text of 1 to 200"],
    ),
    ("huge-file", lambda r: _text(r, COBALT, "name: '%s'\n" % ("x" * 2000000)), ["a file of at most 1048576"]),
    (
        "huge-unknown-key",
        _edit(ACME, lambda doc: doc.update({"k" * 100000: 1})),
        ["only known keys", "... (100002 characters)"],
    ),
    (
        "many-unknown-keys",
        _edit(ACME, lambda doc: doc.update({"k%05d" % i: i for i in range(10000)})),
        ["and 9995 more"],
    ),
    (
        "many-bad-items",
        _env(ACME, hostnames=["BAD%d" % i for i in range(2000)]),
        ["fewer problems: "],
    ),
    # Alias bombs, recursion and nesting are bounded before anything is built
    ("alias-bomb-extra-vars", _job_extra_vars(_alias_bomb()), ["YAML nodes once aliases are expanded"]),
    ("alias-bomb-tenant", lambda r: _text(r, COBALT, "x: " + _alias_bomb() + "\n"), ["aliases are expanded"]),
    ("recursive-alias", _job_extra_vars("&r {a: [*r]}"), ["no recursive alias"]),
    ("recursive-merge", _job_extra_vars("&r {<<: *r}"), ["no recursive alias"]),
    ("deep-nesting", _job_extra_vars("[" * 40 + "]" * 40), ["nesting at most 32 levels deep"]),
    ("deep-block-nesting", lambda r: _text(r, COBALT, "".join(" " * i + "a:\n" for i in range(1200))), ["YAML"]),
    ("deep-flow-nesting", lambda r: _text(r, COBALT, "[" * 100000 + "]" * 100000), ["well-formed YAML"]),
    # Full match: no trailing newline in identifiers
    (
        "tenant-newline",
        lambda r: _text(r, COBALT, COBALT_TEXT.replace("tenant: cobalt", 'tenant: "cobalt\\n"')),
        ["tenant: expected a safe identifier"],
    ),
    (
        "machine-newline",
        _edit(PLATFORM, lambda doc: doc["machines"].update({"web-01\n": doc["machines"].pop("dmz-par1-02")})),
        ["machines: expected a host name"],
    ),
    (
        "pool-newline",
        _env(ACME, placement={"pool": "app-par1-a\n", "sql": "sql-par1-a", "files": "fs-par1-a"}),
        ["placement.pool: expected a host name"],
    ),
    (
        "version-newline",
        _env(ACME, service_pack="v2026_erpx13_p223a\n"),
        ["service_pack: expected a service-pack version"],
    ),
    (
        "hostname-newline",
        _env(ACME, hostnames=["erp.acme.fr\n"]),
        ["hostnames[0]: expected a fully qualified DNS name"],
    ),
    # Names unsafe on Windows or in paths
    (
        "tenant-file-con",
        lambda r: _text(r, "tenants/con.yml", COBALT_TEXT.replace("cobalt", "con")),
        ["tenants/con.yml: expected a file named <tenant>.yml"],
    ),
    (
        "tenant-nul-upper",
        lambda r: _text(r, COBALT, COBALT_TEXT.replace("tenant: cobalt", "tenant: NUL")),
        ["tenant: expected a safe identifier"],
    ),
    ("addon-lpt1", _env(ACME, addons=["LPT1"]), ["addons[0]: expected an add-on directory name"]),
    ("addon-con-ext", _env(ACME, addons=["con.txt"]), ["addons[0]: expected an add-on directory name"]),
    ("addon-dotdot", _env(ACME, addons=[".."]), ["addons[0]: expected an add-on directory name"]),
    ("addon-dot", _env(ACME, addons=["."]), ["addons[0]: expected an add-on directory name"]),
    ("addon-trailing-dot", _env(ACME, addons=["Logistique."]), ["addons[0]: expected an add-on directory name"]),
    ("addon-trailing-space", _env(ACME, addons=["Logistique "]), ["addons[0]: expected an add-on directory name"]),
    ("addon-newline", _env(ACME, addons=["Logistique\n"]), ["addons[0]: expected an add-on directory name"]),
    ("addon-line-separator", _env(ACME, addons=["a\u2028b"]), ["addons[0]: expected an add-on directory name"]),
    (
        "machine-aux",
        _edit(PLATFORM, lambda doc: doc["machines"].update({"aux": doc["machines"].pop("dmz-par1-02")})),
        ["machines: expected a host name"],
    ),
    ("keyword-prn", _platform(lambda p: p["user_profiles"].append("prn")), ["user_profiles[4]: expected a keyword"]),
    (
        "search-dir-dotdot",
        _platform(lambda p: p["service_pack_search_dirs"].append("..")),
        ["service_pack_search_dirs[3]: expected a relative directory path"],
    ),
    (
        "search-dir-traversal",
        _platform(lambda p: p["service_pack_search_dirs"].append("erp/../../x")),
        ["service_pack_search_dirs[3]"],
    ),
    (
        "search-dir-absolute",
        _platform(lambda p: p["service_pack_search_dirs"].append("/etc")),
        ["service_pack_search_dirs[3]"],
    ),
    (
        "search-dir-com1",
        _platform(lambda p: p["service_pack_search_dirs"].append("erp/COM1")),
        ["service_pack_search_dirs[3]"],
    ),
    (
        "share-con",
        _platform(lambda p: p.update(service_pack_share="CON")),
        ["service_pack_share: expected an SMB share name"],
    ),
    (
        "artifact-traversal",
        _edit(PACKS, lambda doc: next(iter(doc["service_packs"].values())).update(artifact="../../x.zip")),
        ["artifact: expected a file name"],
    ),
    (
        "control-char-in-name",
        _edit(ACME, lambda doc: doc.update(name="ACME\x1b[31m")),
        ["name: expected one line of text"],
    ),
    # Host names, numbers, dates
    (
        "hostname-254",
        _env(ACME, hostnames=[("a" * 62 + ".") * 4 + "frr"]),
        ["hostnames[0]: expected a fully qualified DNS name"],
    ),
    (
        "hostname-label-64",
        _env(ACME, hostnames=["a" * 64 + ".fr"]),
        ["hostnames[0]: expected a fully qualified DNS name"],
    ),
    (
        "telnet-float",
        lambda r: r.write_text(ACME, r.path(ACME).read_text(encoding="utf-8").replace("2301", "2301.0")),
        ["telnet_port: expected a value of type integer, got 2301.0"],
    ),
    ("telnet-bool", _env(ACME, telnet_port=True), ["telnet_port: expected a value of type integer, got True"]),
    (
        "users-float",
        _edit(ACME, lambda doc: doc["subscription"]["users"].update(full=40.0)),
        ["users.full: expected a value of type integer"],
    ),
    (
        "users-too-many",
        _edit(ACME, lambda doc: doc["subscription"]["users"].update(full=10**9)),
        ["users.full: expected a number <= 1000000"],
    ),
    (
        "every-months-float",
        _edit(PLATFORM, lambda doc: next(iter(doc["schedules"]["jobs"].values())).update(every_months=3.0)),
        ["every_months: expected one of 1, 2, 3, 4, 6, 12, got 3.0"],
    ),
    (
        "cpu-huge",
        _edit(PLATFORM, lambda doc: doc["machines"]["app-par1-01"]["capacity"].update(cpu=10**6)),
        ["capacity.cpu: expected a number <= 4096"],
    ),
    (
        "date-does-not-exist",
        _edit(PACKS, lambda doc: next(iter(doc["service_packs"].values())).update(released="2026-02-30")),
        ["released: expected a date YYYY-MM-DD that exists"],
    ),
    (
        "date-unquoted-bad",
        lambda r: _text(
            r, PACKS, r.path(PACKS).read_text(encoding="utf-8").replace('"2025-', "2025-", 1).replace('-30"', "-32", 1)
        ),
        ["service_packs."],
    ),
    (
        "anchor-bad-date",
        _edit(PLATFORM, lambda doc: doc["schedules"].update(anchor="2026-13-01")),
        ["schedules.anchor: expected a date"],
    ),
    (
        "integer-5000-digits",
        lambda r: _text(r, COBALT, _cobalt_env(telnet_port="9" * 5000)),
        ["environments.production.telnet_port: expected a number of at most 32 characters"],
    ),
    (
        "hex-5000-digits",
        lambda r: _text(r, COBALT, _cobalt_env(telnet_port="0x" + "f" * 5000)),
        ["telnet_port: expected a number of at most"],
    ),
    (
        "float-huge",
        lambda r: _text(r, COBALT, _cobalt_env(telnet_port="1e999")),
        ["telnet_port: expected a value of type integer"],
    ),
    (
        "nan",
        lambda r: _text(r, COBALT, _cobalt_env(telnet_port=".nan")),
        ["telnet_port: expected a value of type integer"],
    ),
    # File name and tenant
    (
        "tenant-mismatch",
        lambda r: _text(r, COBALT, COBALT_TEXT.replace("tenant: cobalt", "tenant: acme")),
        [
            "tenants/cobalt.yml: tenant cobalt: tenant: expected the tenant its file is named after ('cobalt'), "
            "got 'acme'"
        ],
    ),
    (
        "tenant-missing",
        lambda r: _text(r, COBALT, COBALT_TEXT.replace("tenant: cobalt\n", "")),
        ["required key 'tenant'"],
    ),
    (
        "upper-extension",
        lambda r: os.rename(str(r.path(COBALT)), str(r.path("tenants/cobalt.YML"))),
        ["tenants/cobalt.YML: expected a tenant file name ending in .yml or .yaml, in lowercase"],
    ),
    (
        "unexpected-file",
        lambda r: _text(r, "tenants/notes.txt", "hello"),
        ["tenants/notes.txt: expected only tenant files"],
    ),
    (
        "backup-file",
        lambda r: _text(r, "tenants/cobalt.yml~", COBALT_TEXT),
        ["tenants/cobalt.yml~: expected only tenant files"],
    ),
    ("hidden-file-ignored", lambda r: _text(r, "tenants/.gitkeep", ""), None),
    (
        "file-name-newline",
        lambda r: _text(r, "tenants/a\nb.yml", COBALT_TEXT),
        ["tenants/a\\nb.yml: expected a file named"],
    ),
    (
        "tenants-is-a-file",
        lambda r: (
            [p.unlink() for p in r.path("tenants").iterdir()] and r.path("tenants").rmdir() or _text(r, "tenants", "x")
        ),
        ["tenants: expected a directory of tenant files"],
    ),
    # One load reports every problem of every file
    (
        "schema-and-cross-same-file",
        _env(ACME, telnet_port="2301", service_pack="v2027_erpx14_p001"),
        ["telnet_port: expected a value of type integer"],
    ),
    (
        "platform-invalid-tenant-cross",
        lambda r: (_platform(lambda p: p.update(colour="x"))(r), _env(ACME, service_pack="v2027_erpx14_p001")(r)),
        ["expected a version of the service-pack catalogue"],
    ),
    # YAML features: merge keys accepted, duplicates still refused, other types refused
    ("merge-key", _merge_keys, None),
    ("merge-then-duplicate", _job_extra_vars("{<<: {a: 1}, b: 2, b: 3}"), ["duplicate key 'b'"]),
    ("merge-override", _job_extra_vars("{<<: [{a: 1}, {a: 2}], a: 3}"), None),
    ("merge-scalar", _job_extra_vars("{<<: 1}"), ["a mapping, or a list of mappings, after the merge key <<"]),
    ("set-tag", _job_extra_vars("!!set {a, b}"), ["a plain YAML mapping (no tag"]),
    ("python-tag", _job_extra_vars("!!python/object/apply:os.system [true]"), ["a plain YAML list (no tag"]),
    ("complex-key", _job_extra_vars("{? [a, b] : 1}"), ["a plain key"]),
    (
        "binary-name",
        lambda r: _text(r, COBALT, COBALT_TEXT.replace("name: Cobalt Conseil", "name: !!binary aGVsbG8=")),
        ["name: expected one line of text of 1 to 200"],
    ),
    (
        "invalid-utf8",
        lambda r: r.path(COBALT).write_bytes(b"tenant: cobalt\nname: \xff\xfe\x00\n"),
        ["well-formed YAML"],
    ),
    ("nul-byte", lambda r: r.path(COBALT).write_bytes(b"tenant: cobalt\x00\n"), ["well-formed YAML"]),
    ("document-is-list", lambda r: _text(r, COBALT, "- a\n- b\n"), ["expected a value of type object"]),
    ("two-documents", lambda r: _text(r, COBALT, COBALT_TEXT + "---\n" + COBALT_TEXT), ["well-formed YAML"]),
    (
        "empty-platform",
        lambda r: _text(r, PLATFORM, ""),
        ["platform.yml: platform: expected a YAML mapping, got an empty file"],
    ),
    (
        "int-keys",
        _edit(ACME, lambda doc: doc["subscription"].update(users={1: 2, "full": 3})),
        ["subscription.users: expected a keyword", "got 1"],
    ),
    ("unsortable-unknown-keys", _edit(ACME, lambda doc: doc.update({1: 2, "x": 3, None: 4})), ["only known keys"]),
]


@pytest.mark.parametrize("change, expected", [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_hostile_registry(registry, hostile, change, expected):
    change(registry)
    problems = hostile.load_outcome(registry.root)
    if expected is None:
        assert problems is None, "\n".join(map(str, problems))
        return
    assert problems is not None, "the hostile registry loaded"
    hostile.assert_well_reported(problems)
    texts = [str(problem) for problem in problems]
    assert any(all(part in text for part in expected) for text in texts), "\n".join(texts)
    assert len("\n".join(texts)) <= 60 * 2000


def test_symlinked_passwd_is_never_read(registry, hostile):
    os.symlink("/etc/passwd", str(registry.path("tenants/evil.yml")))
    message = "\n".join(map(str, hostile.load_outcome(registry.root)))
    assert "root:" not in message and "/bin/" not in message


def test_schema_error_does_not_hide_a_cross_reference_error_of_the_same_file(registry, hostile):
    _env(ACME, telnet_port="2301", service_pack="v2027_erpx14_p001")(registry)
    texts = [str(p) for p in hostile.load_outcome(registry.root)]
    assert texts == [
        "tenants/acme.yml: tenant acme: environments.production.service_pack: expected a version of the "
        "service-pack catalogue, got 'v2027_erpx14_p001'",
        "tenants/acme.yml: tenant acme: environments.production.telnet_port: expected a value of type integer, "
        "got '2301'",
    ], texts


def test_merge_keys_give_the_same_registry(registry):
    from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import load_registry

    before = load_registry(str(registry.root)).platform["machines"]
    _merge_keys(registry)
    after = load_registry(str(registry.root)).platform["machines"]
    assert after == before


def test_merge_key_semantics(registry):
    from ansible_collections.divalto.cloud.plugins.module_utils.registry.load import load_registry

    _job_extra_vars("{<<: [{a: 1, c: 1}, {a: 2, b: 2}], a: 3}")(registry)
    jobs = load_registry(str(registry.root)).platform["schedules"]["jobs"]
    assert jobs["patch_monthly_nonprod"]["extra_vars"] == {"a": 3, "b": 2, "c": 1}
