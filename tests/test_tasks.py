"""The task runner: results on the GUI thread, errors in words, cancel, stale results dropped,
shutdown waits."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("PySide6")

from app.tasks import Cancelled, TaskRunner  # noqa: E402
from store.errors import InputError  # noqa: E402


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.shutdown(5000)


def _wait(qtbot, condition, timeout=10_000):
    qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)


def test_progress_and_result_arrive_on_the_gui_thread_in_order(qtbot, runner):
    seen: list[tuple] = []
    gui = threading.current_thread()

    def work(task):
        assert threading.current_thread() is not gui
        for i in range(3):
            task.progress((i + 1) / 3, f"step {i + 1}")
        return 42

    runner.start("job", work,
                 progress=lambda f, m: seen.append(("progress", round(f, 2), m,
                                                    threading.current_thread() is gui)),
                 done=lambda r: seen.append(("done", r, threading.current_thread() is gui)),
                 ended=lambda: seen.append(("ended",)))
    _wait(qtbot, lambda: seen and seen[-1] == ("ended",))
    assert seen == [("progress", 0.33, "step 1", True), ("progress", 0.67, "step 2", True),
                    ("progress", 1.0, "step 3", True), ("done", 42, True), ("ended",)]
    assert not runner.is_running("job")


def test_a_failure_is_worded_and_names_the_file(qtbot, runner):
    messages: list[str] = []

    def work(task):
        raise InputError("/data/roads.geojson", "feature {fid} has no geometry", fid=7)

    task = runner.start("import", work, failed=messages.append,
                        done=lambda r: messages.append("done?"))
    _wait(qtbot, lambda: messages)
    assert messages == ["/data/roads.geojson: feature 7 has no geometry"]
    assert isinstance(task.error, InputError)


def test_a_bug_is_reported_with_its_type(qtbot, runner):
    messages: list[str] = []
    runner.start("x", lambda task: 1 / 0, failed=messages.append)
    _wait(qtbot, lambda: messages)
    assert messages == ["ZeroDivisionError: division by zero"]


def test_cancel_stops_the_work_it_polls(qtbot, runner):
    seen: list[str] = []
    started = threading.Event()

    def work(task):
        started.set()
        while True:
            task.check()  # raises Cancelled once asked
            time.sleep(0.01)

    runner.start("sync", work, cancelled=lambda: seen.append("cancelled"),
                 done=lambda r: seen.append("done"), ended=lambda: seen.append("ended"))
    assert started.wait(5)
    assert runner.cancel("sync")
    _wait(qtbot, lambda: "ended" in seen)
    assert seen == ["cancelled", "ended"]
    assert not runner.cancel("sync")  # nothing runs any more


def test_a_newer_task_of_the_same_key_supersedes_the_older(qtbot, runner):
    seen: list[str] = []
    release = threading.Event()

    def slow(task):
        release.wait(5)  # ignores its cancel: finishes late, with a stale result
        return "old"

    first = runner.start("scene", slow, done=seen.append, ended=lambda: seen.append("end old"))
    runner.start("scene", lambda task: "new", done=seen.append,
                 ended=lambda: seen.append("end new"))
    assert first.is_cancelled()  # the older one was asked to stop
    _wait(qtbot, lambda: "end new" in seen)
    release.set()
    assert runner.wait(5000)
    qtbot.wait(50)  # let any queued delivery of the old task arrive
    assert seen == ["new", "end new"]


def test_other_keys_run_side_by_side(qtbot, runner):
    seen: set[str] = set()
    for key in ("scene", "bim", "sync"):
        runner.start(key, lambda task, k=key: k, done=seen.add)
    _wait(qtbot, lambda: len(seen) == 3)
    assert seen == {"scene", "bim", "sync"}


def test_shutdown_cancels_and_waits_and_delivers_nothing_more(qtbot, qapp):
    runner = TaskRunner()
    seen: list[str] = []
    stopped = threading.Event()

    def work(task):
        while not task.is_cancelled():
            time.sleep(0.01)
        stopped.set()
        raise Cancelled

    runner.start("long", work, cancelled=lambda: seen.append("cancelled"),
                 ended=lambda: seen.append("ended"))
    time.sleep(0.05)
    assert runner.shutdown(5000)
    assert stopped.is_set()
    qtbot.wait(50)
    assert seen == []
    with pytest.raises(RuntimeError):
        runner.start("late", lambda task: None)
