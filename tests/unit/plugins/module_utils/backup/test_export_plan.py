# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the D+1 backup package of an environment holds: the newest FULL of each database, the same night's snapshots.

The share follows Ola Hallengren's layout below the vault's SQL backup share:
``<share>/<HA pair>/<server$instance>/<database>/FULL/<server>_<database>_FULL_<yyyymmdd>_<hhmmss>[_<n>].bak``
(``\\\\<vault>\\<share>\\<HA pair>`` is the jobs' ``@Directory``, see sql_backup_jobs.py); full_backups reads the
paths below the pair's directory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from zoneinfo import ZoneInfo

import pytest

from ansible_collections.divalto.cloud.plugins.module_utils.backup.export_plan import (
    ExportPlanError,
    full_backups,
    parse_sha256sums,
    plan_package,
    readme,
    same_night_snapshot,
    sha256sums,
)

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC
SHARE = "/srv/sqlbackup"
PAIR = "sql-par1-a"
SERVER = "SQLPAR1A$AG1"
RECORD = {
    "key": "acme_production",
    "tenant": "acme",
    "placement": {"pool": "app-par1-a", "sql": PAIR, "files": "fs-par1-a"},
    "databases": {"erp": "acme_production_erp", "portal": "acme_production_portal"},
}
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PAIR_ROOT = SHARE + "/" + PAIR


def backup(database, stamp, kind="FULL", stripe=None, server=SERVER, pair=PAIR):
    """The path of a backup file that Ola Hallengren's job writes for ``database`` at ``stamp`` (yyyymmdd_hhmmss)."""
    suffix = "" if stripe is None else "_%d" % stripe
    return "%s/%s/%s/%s/%s/%s_%s_%s_%s%s.bak" % (
        SHARE,
        pair,
        server,
        database,
        kind,
        server,
        database,
        kind,
        stamp,
        suffix,
    )


def snapshot(snapshot_id, time, key="acme_production", data_set="files"):
    return {
        "id": snapshot_id * 8,
        "short_id": snapshot_id * 8,
        "time": time,
        "tags": ["env:%s" % key, "set:%s" % data_set],
    }


def week(stamp="20261129_220000"):
    """The backup files of the example week: the Sunday full of both databases and the noise around them."""
    return [
        backup("acme_production_erp", "20261122_220000"),
        backup("acme_production_erp", stamp),
        backup("acme_production_erp", "20261130_220000", kind="DIFF"),
        backup("acme_production_erp", "20261130_080000", kind="LOG"),
        backup("acme_production_erp", "20261130_030000", kind="FULL_COPY_ONLY"),
        backup("acme_production_portal", "20261122_220500"),
        backup("acme_production_portal", stamp[:-2] + "30"),
        backup("acme_staging_erp", "20261130_010000"),
    ]


SNAPSHOTS = {
    "code": [
        snapshot("a", "2026-11-22T22:06:00+01:00", data_set="code"),
        snapshot("b", "2026-11-29T22:00:03.123456789+01:00", data_set="code"),
        snapshot("c", "2026-11-30T22:00:03+01:00", data_set="code"),
    ],
    "files": [
        snapshot("h", "2026-11-22T22:30:00+01:00"),
        snapshot("d", "2026-11-29T22:30:01.123456789+01:00"),
        snapshot("e", "2026-11-29T21:30:00+01:00"),
        snapshot("f", "2026-11-30T22:30:00+01:00"),
    ],
}


# full_backups: the FULL directory of one database, grouped by time, in the SQL Server's wall clock.


def test_only_the_full_backups_of_the_database_count():
    fulls = full_backups(week(), PAIR_ROOT, "acme_production_erp", PARIS)
    assert fulls == [
        {
            "time": dt.datetime(2026, 11, 22, 22, 0, tzinfo=PARIS),
            "files": [backup("acme_production_erp", "20261122_220000")],
            "whole": True,
        },
        {
            "time": dt.datetime(2026, 11, 29, 22, 0, tzinfo=PARIS),
            "files": [backup("acme_production_erp", "20261129_220000")],
            "whole": True,
        },
    ]


def test_the_stripes_of_a_striped_backup_are_one_backup():
    stripes = [backup("acme_production_erp", "20261129_220000", stripe=number) for number in (2, 1, 3)]
    (full,) = full_backups(
        stripes + [backup("acme_production_erp", "20261129_220001", kind="DIFF")],
        PAIR_ROOT,
        "acme_production_erp",
        PARIS,
    )
    assert full["files"] == sorted(stripes)
    assert full["time"].isoformat() == "2026-11-29T22:00:00+01:00"


def test_files_outside_the_root_or_of_another_depth_are_ignored():
    files = [
        backup("acme_production_erp", "20261129_220000").replace(SHARE, "/srv/other"),
        "%s/acme_production_erp/FULL/x_acme_production_erp_FULL_20261129_220000.bak" % PAIR_ROOT,
        backup("acme_production_erp", "20261129_220000", server="SQLPAR1A/AG1"),
        backup("acme_production_erp", "20261129_220000", pair="sql-par1-b"),
        backup("acme_production_erp", "20261129_220000") + ".tmp",
        backup("acme_production_erp", "20261399_220000"),
        None,
    ]
    assert full_backups(files, PAIR_ROOT, "acme_production_erp", PARIS) == []


@pytest.mark.parametrize(
    "stamp, offset",
    [
        # Fall back on Sunday 25 October 2026 at 03:00 CEST: the Saturday night is summer time, the Sunday winter.
        ("20261024_220000", "+02:00"),
        ("20261025_220000", "+01:00"),
        # Spring forward on Sunday 29 March 2026 at 02:00 CET.
        ("20260328_220000", "+01:00"),
        ("20260329_220000", "+02:00"),
    ],
)
def test_the_wall_clock_across_the_daylight_saving_changes(stamp, offset):
    (full,) = full_backups([backup("acme_production_erp", stamp)], PAIR_ROOT, "acme_production_erp", PARIS)
    assert full["time"].isoformat() == "%s-%s-%sT%s:%s:%s%s" % (
        stamp[:4],
        stamp[4:6],
        stamp[6:8],
        stamp[9:11],
        stamp[11:13],
        stamp[13:],
        offset,
    )


def test_the_two_saturday_nights_of_the_spring_forward_weekend_are_23_hours_apart():
    fulls = full_backups(
        [backup("acme_production_erp", "20260328_220000"), backup("acme_production_erp", "20260329_220000")],
        PAIR_ROOT,
        "acme_production_erp",
        PARIS,
    )
    assert fulls[1]["time"].astimezone(UTC) - fulls[0]["time"].astimezone(UTC) == dt.timedelta(hours=23)


# same_night_snapshot


def test_the_snapshot_of_the_same_night():
    start = dt.datetime(2026, 11, 29, 22, 0, tzinfo=PARIS)
    assert same_night_snapshot(SNAPSHOTS["files"], "acme_production", "files", start)["id"] == "dddddddd"
    # Nanoseconds as restic writes them.
    assert same_night_snapshot(SNAPSHOTS["code"], "acme_production", "code", start)["id"] == "bbbbbbbb"


def test_the_first_snapshot_of_the_night_and_only_with_both_tags():
    start = dt.datetime(2026, 11, 29, 22, 0, tzinfo=PARIS)
    snapshots = [
        snapshot("x", "2026-11-29T22:10:00+01:00", key="acme_staging"),
        snapshot("y", "2026-11-29T22:10:00+01:00", data_set="code"),
        snapshot("l", "2026-11-30T04:00:00+01:00"),
        snapshot("k", "2026-11-29T23:00:00+01:00"),
    ]
    assert same_night_snapshot(snapshots, "acme_production", "files", start)["id"] == "kkkkkkkk"


def test_a_snapshot_at_the_full_counts_one_a_day_later_does_not():
    start = dt.datetime(2026, 11, 29, 22, 0, tzinfo=PARIS)
    at_start = snapshot("s", "2026-11-29T21:00:00Z")
    a_day_later = snapshot("t", "2026-11-30T22:00:00+01:00")
    assert same_night_snapshot([a_day_later, at_start], "acme_production", "files", start) is at_start
    with pytest.raises(ExportPlanError, match="no files snapshot in the night"):
        same_night_snapshot([a_day_later], "acme_production", "files", start)


def test_the_snapshot_of_the_fall_back_night():
    # As plan_package gives it: the full's time read back from its ISO text, a fixed offset (20:00 UTC).
    start = dt.datetime.fromisoformat("2026-10-24T22:00:00+02:00")
    snapshots = [snapshot("n", "2026-10-25T21:30:00+01:00"), snapshot("m", "2026-10-24T22:30:00.5+02:00")]
    assert same_night_snapshot(snapshots, "acme_production", "files", start)["id"] == "mmmmmmmm"
    # 24 hours later is 2026-10-25 20:00 UTC: 21:00 in Paris (winter time), 23 wall-clock hours after the full.
    late = [snapshot("n", "2026-10-25T21:00:00+01:00")]
    with pytest.raises(
        ExportPlanError, match="to 2026-10-25T22:00:00\\+02:00\\); the latest snapshots: 2026-10-25T21:00"
    ):
        same_night_snapshot(late, "acme_production", "files", start)
    just_in = [snapshot("o", "2026-10-25T20:59:59+01:00")]
    assert same_night_snapshot(just_in, "acme_production", "files", start)["id"] == "oooooooo"


def test_no_snapshot_that_night_names_the_latest():
    start = dt.datetime(2026, 12, 6, 22, 0, tzinfo=PARIS)
    with pytest.raises(ExportPlanError) as caught:
        same_night_snapshot(SNAPSHOTS["files"], "acme_production", "files", start)
    assert str(caught.value) == (
        "acme_production: no files snapshot in the night of the full backup (2026-12-06T22:00:00+01:00 to "
        "2026-12-07T22:00:00+01:00); the latest snapshots: 2026-11-29T21:30:00+01:00, "
        "2026-11-29T22:30:01.123456+01:00, 2026-11-30T22:30:00+01:00"
    )
    with pytest.raises(ExportPlanError, match="the latest snapshots: none$"):
        same_night_snapshot([], "acme_production", "files", start)


def test_a_snapshot_without_a_time_is_an_error():
    with pytest.raises(ExportPlanError, match="^acme_production files snapshots: snapshots\\[1\\]"):
        same_night_snapshot(
            [SNAPSHOTS["files"][0], {"id": "x"}], "acme_production", "files", dt.datetime(2026, 11, 29, tzinfo=UTC)
        )


# plan_package


@pytest.mark.parametrize(
    "change, message",
    [
        ({"days": 0}, "days: expected a number of days from 1 to 90, got 0"),
        ({"days": 91}, "days: expected a number of days from 1 to 90, got 91"),
        ({"days": True}, "days: expected a number of days from 1 to 90, got True"),
        ({"days": "7"}, "days: expected a number of days from 1 to 90, got '7'"),
        ({"now": dt.datetime(2026, 11, 30, 9, 0)}, "now: expected an aware date and time, got "),
        ({"now": "2026-11-30T09:00:00+00:00"}, "now: expected an aware date and time, got "),
        ({"timezone": "Europe/Lutece"}, "timezone: unknown time zone 'Europe/Lutece'"),
        ({"timezone": "../etc/passwd"}, "timezone: unknown time zone"),
        ({"record": dict(RECORD, key="Acme Production")}, "record: expected an environment record with a key"),
        ({"record": None}, "record: expected an environment record with a key, got None"),
    ],
)
def test_arguments_a_package_cannot_be_planned_from(change, message):
    arguments = {"record": RECORD, "now": NOW, "days": 7, "timezone": "Europe/Paris"}
    arguments.update(change)
    with pytest.raises(ExportPlanError) as caught:
        plan_package(
            arguments["record"], week(), SHARE, SNAPSHOTS, arguments["now"], arguments["days"], arguments["timezone"]
        )
    assert str(caught.value).startswith(message)


def test_a_database_without_a_full_is_named_with_its_path():
    files = [path for path in week() if "/acme_production_erp/" not in path]
    with pytest.raises(ExportPlanError) as caught:
        plan_package(RECORD, files, SHARE, SNAPSHOTS, NOW, 7, "Europe/Paris")
    assert str(caught.value) == (
        "acme_production: database acme_production_erp has no FULL backup under "
        "/srv/sqlbackup/sql-par1-a/*/acme_production_erp/FULL"
    )


def test_the_package_of_the_last_full():
    plan = plan_package(RECORD, week(), SHARE, SNAPSHOTS, NOW, 7, "Europe/Paris")
    assert plan == {
        "key": "acme_production",
        "tenant": "acme",
        "name": "acme_production_20261129",
        "full_time": "2026-11-29T22:00:00+01:00",
        "created": "2026-11-30T09:00:00+00:00",
        "expires": "2026-12-07T09:00:00+00:00",
        "databases": [
            {
                "database": "acme_production_erp",
                "time": "2026-11-29T22:00:00+01:00",
                "files": [
                    {
                        "source": backup("acme_production_erp", "20261129_220000"),
                        "name": "databases/SQLPAR1A$AG1_acme_production_erp_FULL_20261129_220000.bak",
                    }
                ],
            },
            {
                "database": "acme_production_portal",
                "time": "2026-11-29T22:00:30+01:00",
                "files": [
                    {
                        "source": backup("acme_production_portal", "20261129_220030"),
                        "name": "databases/SQLPAR1A$AG1_acme_production_portal_FULL_20261129_220030.bak",
                    }
                ],
            },
        ],
        "snapshots": [
            {
                "data_set": "code",
                "id": "bbbbbbbb",
                "short_id": "bbbbbbbb",
                "time": "2026-11-29T22:00:03.123456+01:00",
                "name": "files/code.zip",
            },
            {
                "data_set": "files",
                "id": "dddddddd",
                "short_id": "dddddddd",
                "time": "2026-11-29T22:30:01.123456+01:00",
                "name": "files/files.zip",
            },
        ],
    }


def test_a_full_after_now_is_not_packaged():
    # Built on Sunday at 22:00:10 UTC: the erp full of 22:00 Paris time (21:00 UTC) is done, not next week's.
    files = week() + [backup("acme_production_erp", "20261206_220000")]
    plan = plan_package(RECORD, files, SHARE, SNAPSHOTS, NOW, 7, "Europe/Paris")
    assert [entry["time"] for entry in plan["databases"]] == ["2026-11-29T22:00:00+01:00", "2026-11-29T22:00:30+01:00"]
    early = dt.datetime(2026, 11, 29, 21, 0, 10, tzinfo=UTC)
    # The portal's full of 22:00:30 is after now: its newest is the week before's, and a package holds one night,
    # not this week's erp with last week's portal.
    with pytest.raises(ExportPlanError, match="^acme_production: the newest FULL backups of its databases are not of"):
        plan_package(RECORD, week(), SHARE, SNAPSHOTS, early, 7, "Europe/Paris")


def test_a_full_older_than_eight_days_is_refused():
    late = dt.datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    with pytest.raises(ExportPlanError, match="more than 8 days before 2026-12-08T09:00:00\\+00:00: the weekly fulls"):
        plan_package(RECORD, week(), SHARE, SNAPSHOTS, late, 7, "Europe/Paris")


def test_a_striped_full_with_a_gap_is_refused():
    stripes = [backup("acme_production_erp", "20261129_220000", stripe=number) for number in (1, 3)]
    files = [path for path in week() if "acme_production_erp_FULL_20261129" not in path] + stripes
    with pytest.raises(ExportPlanError, match="the newest FULL backup of acme_production_erp .* is not whole"):
        plan_package(RECORD, files, SHARE, SNAPSHOTS, NOW, 7, "Europe/Paris")


def test_a_striped_full_is_packaged_whole():
    stripes = [backup("acme_production_erp", "20261129_220000", stripe=number) for number in (1, 2)]
    files = [path for path in week() if "acme_production_erp_FULL_20261129" not in path] + stripes
    plan = plan_package(RECORD, files, SHARE, SNAPSHOTS, NOW, 7, "Europe/Paris")
    assert [item["name"] for item in plan["databases"][0]["files"]] == [
        "databases/SQLPAR1A$AG1_acme_production_erp_FULL_20261129_220000_1.bak",
        "databases/SQLPAR1A$AG1_acme_production_erp_FULL_20261129_220000_2.bak",
    ]


def test_the_name_is_the_local_date_of_the_full_on_the_fall_back_weekend():
    files = [backup("acme_production_erp", "20261025_003000"), backup("acme_production_portal", "20261025_003000")]
    snapshots = {"files": [snapshot("g", "2026-10-25T01:00:00+02:00")]}
    monday = dt.datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
    plan = plan_package(RECORD, files, SHARE, snapshots, monday, 90, "Europe/Paris", data_sets=["files"])
    # 00:30 in Paris is still the 24th in UTC: the package is named after the SQL Server's date.
    assert plan["name"] == "acme_production_20261025"
    assert plan["full_time"] == "2026-10-25T00:30:00+02:00"
    assert plan["expires"] == "2027-01-24T09:00:00+00:00"
    assert [entry["data_set"] for entry in plan["snapshots"]] == ["files"]


def test_a_data_set_without_a_snapshot_that_night():
    snapshots = dict(SNAPSHOTS, code=[snapshot("c", "2026-11-30T22:00:03+01:00", data_set="code")])
    with pytest.raises(
        ExportPlanError,
        match="^acme_production: no code snapshot in the night of the full backup \\(2026-11-29T22:00:00\\+01:00 to "
        "2026-11-30T22:00:00\\+01:00\\); the latest snapshots: 2026-11-30T22:00:03\\+01:00$",
    ):
        plan_package(RECORD, week(), SHARE, snapshots, NOW, 7, "Europe/Paris")


def test_the_readme_names_every_file_and_the_expiry():
    plan = plan_package(RECORD, week(), SHARE, SNAPSHOTS, NOW, 7, "Europe/Paris")
    text = readme(plan)
    for entry in plan["databases"]:
        assert entry["database"] in text
        for item in entry["files"]:
            assert item["name"] in text
    assert "files/code.zip: snapshot bbbbbbbb" in text
    assert "files/files.zip: snapshot dddddddd" in text
    assert "removed from the download area on 2026-12-07T09:00:00+00:00." in text


def test_the_readme_of_a_plan():
    plan = {
        "key": "acme_production",
        "full_time": "2026-11-29T22:00:00+01:00",
        "expires": "2026-12-07T09:00:00+00:00",
        "databases": [
            {
                "database": "acme_production_erp",
                "files": [{"name": "databases/e_1.bak"}, {"name": "databases/e_2.bak"}],
            },
            {"database": "acme_production_portal", "files": [{"name": "databases/p.bak"}]},
        ],
        "snapshots": [{"name": "files/files.zip", "short_id": "dddddddd", "time": "2026-11-29T22:30:01+01:00"}],
    }
    text = readme(plan)
    assert text.startswith("Backup package of environment acme_production\n")
    assert "taken on 2026-11-29T22:00:00+01:00" in text
    assert "    acme_production_erp (databases/e_1.bak, databases/e_2.bak)\n" in text
    assert "    acme_production_portal (databases/p.bak)\n" in text
    assert "    files/files.zip: snapshot dddddddd of 2026-11-29T22:30:01+01:00\n" in text
    assert "sha256sum -c SHA256SUMS" in text
    assert "This package is removed from the download area on 2026-12-07T09:00:00+00:00.\n" in text


# SHA256SUMS

DIGEST = hashlib.sha256(b"erp").hexdigest()


def test_sha256sums_round_trip():
    entries = [("README.txt", DIGEST), ("databases/a b.bak", "0" * 64), ("files/code.zip", "f" * 64)]
    text = sha256sums(reversed(entries))
    assert text.splitlines()[0] == DIGEST + "  README.txt"
    assert text.endswith("\n")
    assert parse_sha256sums(text) == dict(entries)


def test_sha256sums_binary_marker_is_read():
    assert parse_sha256sums("%s *files/code.zip\n" % DIGEST) == {"files/code.zip": DIGEST}


@pytest.mark.parametrize(
    "line",
    [
        DIGEST + "  ../etc/shadow",
        DIGEST + "  databases/../../x",
        DIGEST + "  /etc/shadow",
        DIGEST[:63] + "  README.txt",
        DIGEST.upper() + "  README.txt",
        DIGEST + " README.txt",
        DIGEST + "  ",
        "README.txt",
    ],
)
def test_sha256sums_lines_refused(line):
    with pytest.raises(
        ExportPlanError, match="^SHA256SUMS line 2: expected '<sha256>  <name>', got " + re.escape(repr(line[:10]))[:-1]
    ):
        parse_sha256sums("%s  README.txt\n%s\n" % (DIGEST, line))
