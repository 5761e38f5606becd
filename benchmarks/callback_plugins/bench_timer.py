# Copyright: (c) 2026, divalto.cloud engineering
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wall time of every task of a playbook run, for benchmarks/playbook_scale.py."""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: bench_timer
type: aggregate
short_description: Wall time and host results of every task, as JSON lines (benchmarks/playbook_scale.py)
description:
  - Appends one JSON object per task to the file named by the BENCH_TIMER_OUTPUT environment variable, with
    the play, the task, its role, its start and end (time.perf_counter of the controller, in seconds) and
    how many hosts it was ok, changed, failed, skipped or unreachable on; then one object for the whole run.
  - A task ends when the next task, the next play or the run's statistics start.
requirements:
  - enabled in callbacks_enabled, and BENCH_TIMER_OUTPUT set
"""

STATUSES = ("ok", "changed", "failed", "skipped", "unreachable")


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._output = os.environ.get("BENCH_TIMER_OUTPUT")
        self._play = None
        self._task = None
        self._records = []
        self._started = None

    def _close_task(self):
        if self._task is not None:
            self._task["end"] = time.perf_counter()
            self._records.append(self._task)
            self._task = None

    def v2_playbook_on_play_start(self, play):
        now = time.perf_counter()
        self._close_task()
        self._started = now if self._started is None else self._started
        self._play = play.get_name()

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close_task()
        role = task._role.get_name() if task._role else None
        self._task = {"play": self._play, "task": task.get_name(), "role": role, "action": task.action}
        self._task.update(dict.fromkeys(STATUSES, 0), start=time.perf_counter())

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def _count(self, result, status):
        if self._task is not None:
            self._task[status] += 1
            if status == "ok" and result._result.get("changed"):
                self._task["changed"] += 1

    def v2_runner_on_ok(self, result):
        self._count(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._count(result, "failed")

    def v2_runner_on_skipped(self, result):
        self._count(result, "skipped")

    def v2_runner_on_unreachable(self, result):
        self._count(result, "unreachable")

    def v2_playbook_on_stats(self, stats):
        self._close_task()
        if not self._output:
            return
        run = {"run": True, "start": self._started, "end": time.perf_counter()}
        with open(self._output, "a", encoding="utf-8") as handle:
            for record in self._records + [run]:
                handle.write(json.dumps(record) + "\n")
