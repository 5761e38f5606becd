# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The divalto.cloud.backup_file_removals action: what left a file server, from the stored model."""

from __future__ import annotations

from ansible_collections.divalto.cloud.plugins.action.backup_file_removals import ActionModule


def file_server(platform, os_family):
    return next(name for name in platform.machines(role="file") if platform.machine(name)["os"] == os_family)


def placed_on(platform, name):
    pair = platform.machine(name)["ha_pair"]
    return sorted(key for key, record in platform.environments.items() if record["placement"]["files"] == pair)


def test_every_environment_of_the_pair_is_kept_and_the_others_removed(run_action, host_vars, example_platform):
    name = file_server(example_platform, "linux")
    placed = placed_on(example_platform, name)
    elsewhere = sorted(set(example_platform.environments) - set(placed))
    assert placed and elsewhere
    installed = {
        "units": ["divalto-backup-%s-code.timer" % key for key in (placed[0], elsewhere[0])],
        "passwords": [placed[0], elsewhere[0]],
        "keys": ["bk_%s" % example_platform.environments[placed[0]]["tenant"], "bk_nobodyhere"],
    }
    result = run_action(ActionModule, {"installed": installed}, host_vars(name), check_mode=True)
    assert result["changed"] is False
    assert result["timers"] == result["units"] == ["divalto-backup-%s-code.timer" % elsewhere[0]]
    assert result["password_files"] == [elsewhere[0]]
    assert result["key_files"] == ["bk_nobodyhere"]


def test_a_windows_file_server_reads_tasks(run_action, host_vars, example_platform):
    name = file_server(example_platform, "windows")
    placed = placed_on(example_platform, name)
    installed = {"tasks": ["divalto-backup-%s-files" % placed[0], "divalto-backup-gone_production-files"]}
    result = run_action(ActionModule, {"installed": installed}, host_vars(name))
    assert result["tasks"] == ["divalto-backup-gone_production-files"]


def test_a_hostile_name_is_a_clean_failure(run_action, host_vars, example_platform):
    name = file_server(example_platform, "linux")
    result = run_action(
        ActionModule, {"installed": {"units": ["../x"]}}, host_vars(name), action="backup_file_removals"
    )
    assert result["failed"] is True
    assert result["msg"] == "backup_file_removals: installed.units[0]: expected a file or task name, got '../x'"
