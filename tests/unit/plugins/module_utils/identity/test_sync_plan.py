# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The DLMT sync's plan: adds, removals, leavers and their grace period, every refusal, the guard."""

from __future__ import annotations

import datetime as dt

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.identity.plan import MARKER
from ansible_collections.divalto.cloud.plugins.module_utils.identity.sync_plan import (
    Guard,
    SyncPlanError,
    sync_plan,
)

NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
BASE = "DC=cloud,DC=example,DC=net"
ACME = "OU=acme,OU=Tenants," + BASE
COBALT = "OU=cobalt,OU=Tenants," + BASE
OPEN = Guard(grace_days=0)


def person(name, ou=ACME, disabled=False, **attributes):
    return dict(
        {"dn": "CN=%s,%s" % (name, ou), "sAMAccountName": name, "userAccountControl": "514" if disabled else "512"},
        **attributes,
    )


def dn(name, ou=ACME):
    return "CN=%s,%s" % (name, ou)


USERS = [person("alice"), person("bob"), person("carol"), person("dave"), person("frank", COBALT)]


def groups(identity, members=None):
    """The model's groups as ldap_search returns them, marked; ``members``: group name -> account names."""
    members = members or {}
    found = []
    for record in identity["tenants"].values():
        ou = record["ou"]
        for name, group in record["groups"].items():
            entry = {"dn": group["dn"], "sAMAccountName": name, "adminDescription": MARKER}
            values = [dn(member, COBALT if member == "frank" else ou) for member in members.get(name, [])]
            if values:
                entry["member"] = values[0] if len(values) == 1 else values
            found.append(entry)
    return found


def export(*lines, exported_at=NOW - dt.timedelta(hours=2)):
    users = []
    for number, (account, tenant, profile, environments, enabled) in enumerate(lines, start=2):
        users.append(
            {
                "account": account,
                "tenant": tenant,
                "profile": profile,
                "environments": environments.split(),
                "enabled": enabled,
                "line": number,
            }
        )
    return {"source": "users.csv", "exported_at": exported_at, "exported_at_from": "exported_at line", "users": users}


FIRST = (
    ("alice", "acme", "full", "acme_production", True),
    ("bob", "acme", "full", "acme_production acme_staging", True),
    ("carol", "acme", "limited", "acme_production", True),
    ("frank", "cobalt", "full", "cobalt_production", True),
)
CONVERGED = {
    "gg_acme_production": ["alice", "bob", "carol"],
    "gg_acme_staging": ["bob"],
    "gl_acme_full": ["alice", "bob"],
    "gl_acme_limited": ["carol"],
    "gg_cobalt_production": ["frank"],
    "gl_cobalt_full": ["frank"],
}


def plan(identity, lines=FIRST, members=None, users=None, guard=OPEN, state=None, now=NOW, exported_at=None):
    dated = export(*lines, exported_at=exported_at or now - dt.timedelta(hours=2))
    return sync_plan(identity, dated, groups(identity, members), USERS if users is None else users, state, now, guard)


def days_later(days):
    """(now, exported_at) of a run ``days`` after NOW, on a fresh export."""
    later = NOW + dt.timedelta(days=days)
    return later, later - dt.timedelta(hours=1)


def test_an_empty_directory_gets_every_grant(identity):
    result = plan(identity)
    assert result["status"] == "ready" and result["refused"] == [] and result["guard"]["findings"] == []
    added = {(item["dn"].split(",")[0], tuple(item["members"])) for item in result["changes"]["add"]}
    assert added == {
        ("CN=gg_acme_production", (dn("alice"), dn("bob"), dn("carol"))),
        ("CN=gg_acme_staging", (dn("bob"),)),
        ("CN=gl_acme_full", (dn("alice"), dn("bob"))),
        ("CN=gl_acme_limited", (dn("carol"),)),
        ("CN=gg_cobalt_production", (dn("frank", COBALT),)),
        ("CN=gl_cobalt_full", (dn("frank", COBALT),)),
    }
    assert result["tenants"]["acme"]["licences"] == {
        "full": {"group": "gl_acme_full", "seats": 2, "named": 2, "over": 0},
        "limited": {"group": "gl_acme_limited", "seats": 1, "named": 1, "over": 0},
    }
    assert result["shown"]["cobalt"] == {"add": ["gg_cobalt_production: frank", "gl_cobalt_full: frank"]}
    assert result["quiet"] is False


def test_a_converged_directory_changes_nothing_and_is_quiet(identity):
    result = plan(identity, members=CONVERGED)
    assert result["changes"] == {"add": [], "remove": []}
    assert result["quiet"] is True and result["shown"] == {}
    assert result["state"] == {"version": 1, "exported_at": "2026-12-01T06:00:00Z", "leavers": {}}


def test_a_moved_user_changes_group_at_once(identity):
    moved = (("alice", "acme", "full", "acme_staging", True),) + FIRST[1:]
    result = plan(identity, moved, CONVERGED)
    acme = result["tenants"]["acme"]
    assert acme["add"] == [{"group": "gg_acme_staging", "account": "alice", "dn": dn("alice")}]
    assert acme["remove"] == [{"group": "gg_acme_production", "account": "alice", "dn": dn("alice")}]
    assert acme["leavers"] == []
    assert result["changes"]["remove"] == [{"dn": "CN=gg_acme_production," + ACME, "members": [dn("alice")]}]


@pytest.mark.parametrize(
    ("lines", "users", "why"),
    [
        (FIRST[1:], USERS, "not in DLMT's export"),
        ((("alice", "acme", "full", "acme_production", False),) + FIRST[1:], USERS, "disabled in DLMT's export"),
        (FIRST, [person("alice", disabled=True)] + USERS[1:], "disabled in AD"),
    ],
)
def test_a_leaver_keeps_its_memberships_for_the_grace_period(identity, lines, users, why):
    guard = Guard(grace_days=7)
    first = plan(identity, lines, CONVERGED, users, guard)
    (leaver,) = first["tenants"]["acme"]["leavers"]
    assert leaver == {
        "account": "alice",
        "dn": dn("alice"),
        "why": why,
        "first_seen": "2026-12-01T08:00:00Z",
        "due": "2026-12-08T08:00:00Z",
        "grace_over": False,
        "groups": ["gg_acme_production", "gl_acme_full"],
    }
    assert first["changes"]["remove"] == [] and first["quiet"] is False
    assert first["state"]["leavers"] == {
        dn("alice").lower(): {"account": "alice", "dn": dn("alice"), "first_seen": "2026-12-01T08:00:00Z"}
    }
    # Six days later, from the state kept: still kept. Seven days later: removed, and out of the state.
    later = plan(identity, lines, CONVERGED, users, guard, first["state"], *days_later(6))
    assert later["tenants"]["acme"]["leavers"][0]["first_seen"] == "2026-12-01T08:00:00Z"
    assert later["changes"]["remove"] == [] and later["state"]["leavers"] == first["state"]["leavers"]
    assert later["state"]["exported_at"] == "2026-12-07T07:00:00Z"
    over = plan(identity, lines, CONVERGED, users, guard, first["state"], *days_later(7))
    assert over["tenants"]["acme"]["leavers"][0]["grace_over"] is True
    assert sorted(item["dn"].split(",")[0] for item in over["changes"]["remove"]) == [
        "CN=gg_acme_production",
        "CN=gl_acme_full",
    ]
    assert over["state"]["leavers"] == {}


def test_a_first_seen_in_the_future_is_capped_at_now(identity):
    state = {"version": 1, "leavers": {dn("alice").lower(): {"first_seen": "2027-06-01T00:00:00Z"}}}
    result = plan(identity, FIRST[1:], CONVERGED, state=state, guard=Guard(grace_days=7))
    (leaver,) = result["tenants"]["acme"]["leavers"]
    assert leaver["first_seen"] == "2026-12-01T08:00:00Z" and leaver["due"] == "2026-12-08T08:00:00Z"
    assert result["state"]["leavers"][dn("alice").lower()]["first_seen"] == "2026-12-01T08:00:00Z"


def test_a_disabled_account_gets_no_grant(identity):
    result = plan(identity, users=[person("alice", disabled=True)] + USERS[1:])
    assert all(dn("alice") not in item["members"] for item in result["changes"]["add"])


def test_a_member_that_is_no_user_of_the_domain_is_a_leaver(identity):
    members = dict(CONVERGED, gg_acme_staging=["bob", "ghost"])
    result = plan(identity, members=members)
    (leaver,) = result["tenants"]["acme"]["leavers"]
    assert leaver["account"] == dn("ghost") and leaver["why"] == "not in DLMT's export"
    assert result["changes"]["remove"] == [{"dn": "CN=gg_acme_staging," + ACME, "members": [dn("ghost")]}]


# Refusals: each stops its tenant before any change there, named with its tenant, account and line.
def refusals(result):
    tenants = {item["tenant"] for item in result["refused"]}
    assert result["refused_tenants"] == sorted(tenants) and tenants
    touched = [item["dn"] for kind in ("add", "remove") for item in result["changes"][kind]]
    assert result["status"] == ("partial" if touched else "refused")
    assert not [dn for dn in touched for tenant in tenants if dn.endswith(",OU=%s,OU=Tenants,%s" % (tenant, BASE))]
    return [item["message"] for item in result["refused"]]


def test_a_refused_tenant_changes_nothing_and_the_others_proceed(identity):
    # acme over-uses its limited profile (dave): acme's moves and leavers wait; cobalt's leaver goes.
    members = dict(CONVERGED, gg_cobalt_production=["frank", "gina"])
    lines = (
        ("alice", "acme", "full", "acme_staging", True),
        FIRST[1],
        FIRST[2],
        ("dave", "acme", "limited", "acme_production", True),
        FIRST[3],
    )
    result = plan(
        identity, lines, members, USERS + [person("gina", COBALT)], Guard(grace_days=0, max_run_removal_share=0.5)
    )
    assert result["status"] == "partial" and result["refused_tenants"] == ["acme"]
    assert result["changes"] == {
        "add": [],
        "remove": [{"dn": "CN=gg_cobalt_production," + COBALT, "members": [dn("gina", COBALT)]}],
    }
    # What acme would have done is still shown; nothing of it is applied.
    assert result["tenants"]["acme"]["add"] and result["tenants"]["acme"]["remove"]
    assert refusals(result) == ["tenant acme: 2 enabled named users of profile limited, the subscription licenses 1"]


def test_a_leaver_of_a_refused_tenant_keeps_its_date(identity):
    state = {"version": 1, "leavers": {dn("carol").lower(): {"first_seen": "2026-11-01T08:00:00Z"}}}
    lines = FIRST[:2] + (("carol", "acme", "limited", "acme_production", False), ("zoe", "acme", "full", "", True))
    result = plan(identity, lines, CONVERGED, state=state, guard=Guard(grace_days=7))
    assert result["status"] == "refused" and result["tenants"]["acme"]["leavers"][0]["grace_over"] is True
    assert result["state"]["leavers"][dn("carol").lower()]["first_seen"] == "2026-11-01T08:00:00Z"


def test_refused_a_user_placed_in_another_tenants_group(identity):
    lines = FIRST[:3] + (("frank", "cobalt", "full", "cobalt_production acme_production", True),)
    assert refusals(plan(identity, lines)) == [
        "tenant cobalt: frank (line 5) is placed in another tenant's group: gg_acme_production (tenant acme)"
    ]


def test_refused_an_account_outside_its_tenants_ou(identity):
    users = USERS + [person("mallory", "CN=Users," + BASE)]
    lines = FIRST + (("mallory", "acme", "limited", "", False),)
    assert refusals(plan(identity, lines, users=users)) == [
        "tenant acme: mallory (line 6) is outside the tenant's OU: %r" % ("CN=mallory,CN=Users," + BASE)
    ]


@pytest.mark.parametrize(
    "where",
    [
        "CN=eve\\,OU=acme,OU=Tenants," + BASE,  # one RDN "eve,OU=acme", in OU=Tenants itself
        "CN=eve\\2C OU=acme,OU=Tenants," + BASE,
        "CN=eve+OU=acme,OU=Tenants," + BASE,
    ],
)
def test_refused_an_account_whose_dn_only_looks_like_its_tenants_ou(identity, where):
    users = USERS + [{"dn": where, "sAMAccountName": "eve", "userAccountControl": "512"}]
    lines = FIRST + (("eve", "acme", "limited", "", False),)
    (message,) = refusals(plan(identity, lines, users=users))
    assert message.startswith("tenant acme: eve (line 6) is outside the tenant's OU")


def test_an_account_in_a_sub_ou_or_another_case_is_inside(identity):
    users = USERS + [person("eve", "OU=Staff,ou=ACME,ou=tenants," + BASE.lower())]
    lines = FIRST + (("eve", "acme", "limited", "", False),)
    assert plan(identity, lines, users=users)["status"] == "ready"


def test_refused_an_account_in_another_tenants_ou(identity):
    lines = FIRST[:3] + (("frank", "acme", "full", "acme_production", True),)
    assert refusals(plan(identity, lines))[0].startswith("tenant acme: frank (line 5) is outside the tenant's OU")


def test_refused_an_environment_the_tenant_does_not_have(identity):
    lines = FIRST[:3] + (("frank", "cobalt", "full", "cobalt_staging", True),)
    assert refusals(plan(identity, lines)) == [
        "tenant cobalt: frank (line 5) is granted cobalt_staging, an environment the tenant does not have"
    ]


def test_refused_a_profile_the_subscription_does_not_license(identity):
    lines = FIRST[:3] + (("frank", "cobalt", "limited", "cobalt_production", True),)
    assert refusals(plan(identity, lines)) == [
        "tenant cobalt: frank (line 5) has profile limited, which the subscription does not license"
    ]


def test_refused_and_reported_more_named_users_than_licensed(identity):
    lines = FIRST + (("dave", "acme", "limited", "acme_production", True),)
    result = plan(identity, lines)
    assert refusals(result) == ["tenant acme: 2 enabled named users of profile limited, the subscription licenses 1"]
    assert result["tenants"]["acme"]["licences"]["limited"] == {
        "group": "gl_acme_limited",
        "seats": 1,
        "named": 2,
        "over": 1,
    }


def test_disabled_users_do_not_use_a_licence(identity):
    lines = FIRST + (("dave", "acme", "limited", "acme_production", False),)
    assert plan(identity, lines)["status"] == "ready"


def test_refused_an_enabled_account_the_directory_does_not_hold(identity):
    lines = FIRST + (("zoe", "acme", "limited", "", True),)
    found = refusals(plan(identity, lines, users=USERS))
    assert "tenant acme: zoe (line 6) is not in the directory (DLMT has not written it yet?)" in found


def test_refused_an_account_of_the_collection(identity):
    users = USERS + [person("acme_prd", adminDescription=MARKER)]
    lines = FIRST[:3] + (("acme_prd", "acme", "full", "", False),)
    assert refusals(plan(identity, lines, users=users)) == [
        "tenant acme: acme_prd (line 5) is an account of the collection (marked %s), not a person" % MARKER
    ]


def test_all_refusals_are_listed_at_once(identity):
    lines = (
        ("alice", "acme", "full", "acme_training", True),
        ("frank", "cobalt", "full", "acme_staging", True),
    )
    assert len(refusals(plan(identity, lines))) == 2


# The guard: stops unless overridden with a reason.
def test_a_mass_removal_stops_the_run(identity):
    members = dict(CONVERGED, gg_acme_production=["alice", "bob", "carol", "dave"])
    result = plan(identity, FIRST[:1] + FIRST[3:], members)  # bob, carol (and dave) gone
    assert result["status"] == "stopped" and result["changes"] == {"add": [], "remove": []}
    assert {"what": "mass_removal", "group": "gg_acme_production"}.items() <= result["guard"]["findings"][0].items()
    assert result["guard"]["findings"][0]["why"] == (
        "would remove 3 of the 4 members of gg_acme_production (more than 25%)"
    )


def test_few_removals_pass_the_guard(identity):
    # One removal of one member is 100 %, but fewer than mass_removal_min.
    members = dict(CONVERGED, gg_acme_staging=["bob", "dave"])
    assert plan(identity, members=members)["status"] == "ready"
    strict = Guard(grace_days=0, mass_removal_min=1, max_removal_share=0.4)
    assert plan(identity, members=members, guard=strict)["status"] == "stopped"


def test_a_single_member_group_emptied_stops_the_run(identity):
    # carol, alone in gl_acme_limited, disabled: 1 removal there, fewer than mass_removal_min, but all.
    lines = FIRST[:2] + (("carol", "acme", "limited", "acme_production", False),) + FIRST[3:]
    result = plan(identity, lines, CONVERGED, guard=Guard(grace_days=0, max_run_removal_share=1))
    assert result["status"] == "stopped" and result["changes"] == {"add": [], "remove": []}
    assert {
        "what": "mass_removal",
        "group": "gl_acme_limited",
        "why": "would remove all the 1 member(s) of gl_acme_limited",
    } in result["guard"]["findings"]


def test_a_leaver_alone_in_its_group_stops_the_run_once_its_grace_is_over(identity):
    members = dict(CONVERGED, gg_cobalt_production=["frank"])
    lines = FIRST[:3] + (("frank", "cobalt", "full", "", True),)
    result = plan(identity, lines, members, guard=Guard(grace_days=0, max_run_removal_share=1))
    assert result["status"] == "stopped"
    assert [item["group"] for item in result["guard"]["findings"]] == ["gg_cobalt_production"]


def test_the_run_wide_limit_stops_many_small_removals(identity):
    # Each group loses at most one member (below mass_removal_min), 3 of the 9 memberships in all.
    members = dict(
        CONVERGED, gg_acme_production=["alice", "bob", "carol", "dave"], gl_acme_full=["alice", "bob", "dave"]
    )
    members["gg_acme_staging"] = ["bob", "dave"]
    result = plan(identity, FIRST, members, guard=Guard(grace_days=0, max_run_removal_share=0.2))
    assert result["status"] == "stopped"
    assert result["guard"]["findings"] == [
        {
            "what": "mass_removal",
            "group": None,
            "why": "would remove 3 of the 12 memberships of the managed groups (more than 20% in one run)",
        }
    ]
    assert plan(identity, FIRST, members, guard=Guard(grace_days=0))["status"] == "ready"


def test_a_tenant_missing_from_the_export_stops_the_run(identity):
    # cobalt's only line gone: frank is a leaver in his grace period, but a whole tenant dropped is suspicious.
    result = plan(identity, FIRST[:3], CONVERGED, guard=Guard(grace_days=7))
    assert result["status"] == "stopped" and result["changes"] == {"add": [], "remove": []}
    assert result["guard"]["findings"] == [
        {
            "what": "missing_tenant",
            "tenant": "cobalt",
            "why": "tenant cobalt has members in its managed groups but no line in users.csv",
        }
    ]
    # A tenant with no member yet may have no line.
    members = {name: value for name, value in CONVERGED.items() if "cobalt" not in name}
    assert plan(identity, FIRST[:3], members)["status"] == "ready"


def test_leavers_in_their_grace_period_do_not_count_for_the_guard(identity):
    result = plan(identity, FIRST[:1] + FIRST[3:], CONVERGED, guard=Guard(grace_days=1))
    assert result["status"] == "ready" and result["changes"]["remove"] == []


def test_the_override_applies_with_its_reason(identity):
    guard = Guard(grace_days=0, allow_mass_removal=True, reason="acme's staff left (ticket 4711)")
    result = plan(identity, FIRST[3:], CONVERGED, guard=guard)
    assert result["status"] == "ready" and result["guard"]["overridden"] is True
    assert result["guard"]["reason"] == "acme's staff left (ticket 4711)"
    assert result["changes"]["remove"]


def test_the_override_never_passes_a_refusal(identity):
    guard = Guard(grace_days=0, allow_mass_removal=True, reason="because")
    lines = FIRST + (("dave", "acme", "limited", "", True),)
    result = plan(identity, lines, guard=guard)
    assert result["status"] == "partial" and result["refused_tenants"] == ["acme"]
    assert [item["dn"] for item in result["changes"]["add"]] == [
        "CN=gg_cobalt_production," + COBALT,
        "CN=gl_cobalt_full," + COBALT,
    ]


def test_the_override_needs_a_reason(identity):
    with pytest.raises(SyncPlanError, match="allow_mass_removal needs a reason"):
        plan(identity, guard=Guard(allow_mass_removal=True, reason="  "))


def test_an_empty_export_stops_the_run(identity):
    result = plan(identity, (), CONVERGED)
    assert result["status"] == "stopped"
    assert [item["what"] for item in result["guard"]["findings"]][0] == "empty_export"


@pytest.mark.parametrize(
    ("exported_at", "status"),
    [(dt.timedelta(hours=25), "ready"), (dt.timedelta(hours=27), "stopped"), (None, "stopped")],
)
def test_a_stale_or_undated_export_stops_the_run(identity, exported_at, status):
    dated = export(*FIRST, exported_at=exported_at and NOW - exported_at)
    result = sync_plan(identity, dated, groups(identity, CONVERGED), USERS, None, NOW, Guard(max_export_age_hours=26))
    assert result["status"] == status
    if status == "stopped":
        assert result["guard"]["findings"][0]["what"] == "stale_export"


def test_an_export_older_than_the_last_applied_is_refused(identity):
    applied = plan(identity)["state"]  # exported at 06:00, kept by the applied run
    assert applied["exported_at"] == "2026-12-01T06:00:00Z"
    with pytest.raises(
        SyncPlanError,
        match=r"users.csv: exported at 2026-12-01T05:59:00Z, before the export last "
        r"applied \(2026-12-01T06:00:00Z, in the state\): an older export is never applied",
    ):
        plan(identity, state=applied, exported_at=NOW - dt.timedelta(hours=2, minutes=1))
    # The same export again, or a newer one, is applied.
    assert plan(identity, state=applied)["status"] == "ready"
    assert plan(identity, state=applied, exported_at=NOW - dt.timedelta(hours=1))["status"] == "ready"


def test_an_undated_export_after_a_dated_one_is_refused(identity):
    dated = export(*FIRST, exported_at=None)
    state = {"version": 1, "exported_at": "2026-12-01T06:00:00Z", "leavers": {}}
    with pytest.raises(SyncPlanError, match="at no date, before the export last applied"):
        sync_plan(identity, dated, groups(identity), USERS, state, NOW, OPEN)


def test_an_export_from_the_future_is_an_error(identity):
    with pytest.raises(SyncPlanError, match="after the controller's clock"):
        plan(identity, exported_at=NOW + dt.timedelta(hours=1))


# What the plan is computed from.
def test_a_missing_or_unmarked_group_stops_the_sync(identity):
    found = groups(identity)
    with pytest.raises(SyncPlanError, match="apply the directory role"):
        sync_plan(identity, export(*FIRST), found[1:], USERS, None, NOW, OPEN)
    del found[0]["adminDescription"]
    with pytest.raises(SyncPlanError, match="is not marked divalto.cloud:managed"):
        sync_plan(identity, export(*FIRST), found, USERS, None, NOW, OPEN)


def test_a_ranged_member_list_is_refused(identity):
    found = groups(identity)
    found[0]["member;range=0-1499"] = [dn("alice")]
    with pytest.raises(SyncPlanError, match="ranged member list"):
        sync_plan(identity, export(*FIRST), found, USERS, None, NOW, OPEN)


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"leavers": {}}, "state: expected {version: 1"),
        ({"version": 1, "leavers": {"x": "y"}}, "state: leavers"),
        ({"version": 1, "leavers": {"x": {"first_seen": "yesterday"}}}, "first_seen"),
        ({"version": 1, "leavers": {}, "exported_at": "last week"}, "state: exported_at"),
    ],
)
def test_a_bad_state_is_named(identity, state, message):
    with pytest.raises(SyncPlanError, match=message):
        plan(identity, state=state)


@pytest.mark.parametrize(
    ("users", "message"),
    [
        ("nope", "users must be the list of an ldap_search"),
        ([{"cn": "x"}], r"users\[0\] must be a mapping with a dn"),
        ([person("alice", userAccountControl="x")], "userAccountControl must be one integer"),
    ],
)
def test_bad_entries_are_named(identity, users, message):
    with pytest.raises(SyncPlanError, match=message):
        plan(identity, members=CONVERGED, users=users)


@pytest.mark.parametrize(
    ("guard", "message"),
    [(Guard(max_removal_share=1.5), "max_removal_share"), (Guard(grace_days=-1), "grace_days")],
)
def test_bad_settings_are_named(identity, guard, message):
    with pytest.raises(SyncPlanError, match=message):
        plan(identity, guard=guard)


def test_the_problems_for_the_failure_message_are_capped_and_dns_cut(identity):
    users = USERS + [person("u%02d" % number, "OU=%s,CN=Users,%s" % ("x" * 300, BASE)) for number in range(60)]
    lines = FIRST + tuple(("u%02d" % number, "acme", "limited", "", False) for number in range(60))
    result = plan(identity, lines, users=users)
    assert len(result["refused"]) == 60
    problems = result["problems"]
    assert len(problems) == 51 and problems[-1] == "... and 10 more (the run report lists them all)"
    assert problems[0].startswith("tenant acme: u00 (line 6) is outside the tenant's OU: 'CN=u00,OU=xxx")
    assert all(len(problem) < 200 for problem in problems)


def test_the_problems_list_refusals_then_findings(identity):
    lines = FIRST + (("dave", "acme", "limited", "", True),)
    result = plan(identity, lines, guard=Guard(grace_days=0, max_export_age_hours=1))
    assert result["problems"] == [
        "tenant acme: 2 enabled named users of profile limited, the subscription licenses 1",
        "users.csv was exported at 2026-12-01T06:00:00Z (exported_at line), 2.0 hours ago, more than 1",
    ]
