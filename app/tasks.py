"""One runner for the window's worker threads: a scene build, a search index, an import, a BIM
load, a sync, a push.

A task is a plain function ``work(task) -> result`` run on a thread of its own (a Python
thread: it keeps one interpreter state from start to end, which libraries with thread-local
state, like pyproj's context, need; a QThreadPool thread gets a fresh one per call).
It reports with ``task.progress(fraction, message)`` and polls ``task.is_cancelled()`` (or hands
``task.cancel_event`` to a library that takes a :class:`threading.Event`); raising
:class:`Cancelled` ends it as cancelled. Everything the caller gets back arrives on the GUI
thread, in this order: any number of ``progress(fraction, message)``, then exactly one of
``done(result)``, ``failed(message)`` (the error worded for the user: a
:class:`~store.errors.CimviewError` through :func:`app.messages.word_error`, anything else with
its type named) or ``cancelled()``, then ``ended()``.

Tasks have a key ("scene", "bim", "sync" …). Starting a task whose key is running cancels the
older one and *supersedes* it: nothing more from the older one reaches its callbacks, so a slow
first load can never overwrite a newer one. :meth:`TaskRunner.shutdown` (the window's
``closeEvent``) cancels everything and waits for the threads.

Examples
--------
>>> runner = TaskRunner()                                       # doctest: +SKIP
>>> runner.start("import", lambda task: import_file(f, cache),  # doctest: +SKIP
...              done=show_report, failed=show_error)
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.messages import sentence

#: How long closing the window waits for the tasks to stop (ms).
SHUTDOWN_WAIT_MS = 10_000
#: Worker threads for small queued jobs (tiles of the 3D view), and how many may wait.
POOL_THREADS = 2
MAX_QUEUED = 4096


class Cancelled(Exception):  # noqa: N818 - a state, not an error
    """Raised inside a task's work to end it as cancelled."""


@dataclass(eq=False)
class Task:
    """One unit of work. The work function gets it; the GUI thread may cancel it."""

    key: str
    id: int
    cancel_event: threading.Event = field(default_factory=threading.Event)
    _report: Callable[[int, float, str], None] | None = None
    #: The exception a failed task raised (None otherwise), for callers that need more than
    #: the message.
    error: BaseException | None = None

    def progress(self, fraction: float, message: Any = "") -> None:
        """Report progress (any thread): ``fraction`` 0..1, what is being done."""
        if self._report is not None:
            self._report(self.id, float(fraction), message)

    def cancel(self) -> None:
        """Ask the work to stop (thread-safe); it ends at its next check."""
        self.cancel_event.set()

    def is_cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` when cancelled: a check point inside a long work."""
        if self.cancel_event.is_set():
            raise Cancelled


@dataclass(eq=False)
class _Entry:
    task: Task
    work: Callable[[Task], Any]
    done: Callable[[Any], None] | None
    failed: Callable[[str], None] | None
    progress: Callable[[float, Any], None] | None
    cancelled: Callable[[], None] | None
    ended: Callable[[], None] | None
    word: Callable[[BaseException], str]


def naming(file: Any) -> Callable[[BaseException], str]:
    """A ``word`` for tasks on one file: the error worded, the file named when it is not."""

    def word(exc: BaseException) -> str:
        text = sentence(exc)
        name = getattr(file, "name", "")
        return text if str(file) in text or (name and name in text) else f"{file}: {text}"

    return word


class TaskRunner(QObject):
    """Runs tasks on worker threads; delivers their results on the GUI thread."""

    # Emitted on worker threads; the runner lives on the GUI thread, so Qt queues its slots.
    _progressed = Signal(int, float, object)
    _ended = Signal(int, str, object)
    _job_ended = Signal(object, object)  # (callback, value) of a queued job

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._threads: list[threading.Thread] = []
        self._ids = itertools.count(1)
        self._entries: dict[int, _Entry] = {}  # every task not yet ended
        self._current: dict[str, int] = {}  # key -> id of the task whose results count
        self._closed = False
        self._progressed.connect(self._on_progress)
        self._ended.connect(self._on_ended)
        # the queue of small jobs (submit): key -> (priority, seq, work, done, failed)
        self._jobs: dict[str, tuple[float, int, Callable[[], Any], Callable[[Any], None],
                                    Callable[[BaseException], None] | None]] = {}
        self._jobs_cv = threading.Condition()
        self._job_seq = itertools.count()
        self._pool: list[threading.Thread] = []
        self._job_ended.connect(self._on_job_ended)

    # -- small queued jobs (tiles) -------------------------------------------------------------
    def submit(self, key: str, work: Callable[[], Any], done: Callable[[Any], None],
               priority: float = 0.0,
               failed: Callable[[BaseException], None] | None = None) -> None:
        """Queue a small job (one tile of the 3D view) on the runner's pool of
        :data:`POOL_THREADS` threads, lowest ``priority`` first; ``done(result)`` or
        ``failed(exc)`` then runs on the GUI thread. A key already queued takes the new
        priority and callbacks instead of queueing twice; past :data:`MAX_QUEUED` waiting
        jobs the least urgent is dropped (its caller asks again next frame)."""
        if self._closed:
            return
        with self._jobs_cv:
            old = self._jobs.get(key)
            seq = old[1] if old is not None else next(self._job_seq)
            self._jobs[key] = (float(priority), seq, work, done, failed)
            if len(self._jobs) > MAX_QUEUED:
                worst = max(self._jobs, key=lambda k: self._jobs[k][:2])
                self._jobs.pop(worst)
            self._jobs_cv.notify()
        self._pool = [t for t in self._pool if t.is_alive()]
        while len(self._pool) < POOL_THREADS:
            thread = threading.Thread(target=self._pool_work, daemon=True,
                                      name=f"cimview pool {len(self._pool)}")
            self._pool.append(thread)
            self._threads.append(thread)
            thread.start()

    def queued(self) -> int:
        """Jobs waiting in the queue (not those running)."""
        with self._jobs_cv:
            return len(self._jobs)

    def _pool_work(self) -> None:
        while True:
            with self._jobs_cv:
                while not self._jobs and not self._closed:
                    self._jobs_cv.wait(0.5)
                if self._closed:
                    return
                key = min(self._jobs, key=lambda k: self._jobs[k][:2])
                _prio, _seq, work, done, failed = self._jobs.pop(key)
            try:
                result = work()
            except BaseException as exc:  # noqa: BLE001 - one bad tile must not stop the pool
                if failed is not None:
                    self._job_ended.emit(failed, exc.with_traceback(None))
            else:
                self._job_ended.emit(done, result)

    def _on_job_ended(self, callback: Callable[[Any], None], value: Any) -> None:
        if not self._closed:
            callback(value)

    def start(self, key: str, work: Callable[[Task], Any], *,
              done: Callable[[Any], None] | None = None,
              failed: Callable[[str], None] | None = None,
              progress: Callable[[float, Any], None] | None = None,
              cancelled: Callable[[], None] | None = None,
              ended: Callable[[], None] | None = None,
              word: Callable[[BaseException], str] = sentence) -> Task:
        """Run ``work(task)`` on a worker thread; a running task of the same key is cancelled
        and superseded. The callbacks run on the GUI thread (see the module docstring);
        ``word`` turns an exception into the message ``failed`` gets."""
        if self._closed:
            raise RuntimeError("the task runner is shut down")
        old = self._current.get(key)
        if old is not None and old in self._entries:
            self._entries[old].task.cancel()
        task = Task(key, next(self._ids), _report=self._progressed.emit)
        entry = _Entry(task, work, done, failed, progress, cancelled, ended, word)
        self._entries[task.id] = entry
        self._current[key] = task.id
        thread = threading.Thread(target=self._work, args=(entry,), daemon=True,
                                  name=f"cimview task {key} {task.id}")
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return task

    def _work(self, entry: _Entry) -> None:
        """On the worker thread: run the work, hand how it ended to the GUI thread."""
        task = entry.task
        try:
            result = entry.work(task)
        except Cancelled:
            self._ended.emit(task.id, "cancelled", None)
        except BaseException as exc:  # noqa: BLE001 - the window must survive a bug
            try:
                message = entry.word(exc)
            except Exception:  # noqa: BLE001 - a wording bug must not lose the error
                message = f"{type(exc).__name__}: {exc}"
            task.error = exc.with_traceback(None)  # no frames kept alive past the task
            self._ended.emit(task.id, "failed", message)
        else:
            self._ended.emit(task.id, "done", result)

    def current(self, key: str) -> Task | None:
        """The running task of a key whose results will be delivered, or None."""
        tid = self._current.get(key)
        entry = self._entries.get(tid) if tid is not None else None
        return entry.task if entry is not None else None

    def is_running(self, key: str) -> bool:
        return self.current(key) is not None

    def cancel(self, key: str) -> bool:
        """Ask the running task of a key to stop (it still ends with cancelled, or with its
        result when it was too far along); False when none runs."""
        task = self.current(key)
        if task is None:
            return False
        task.cancel()
        return True

    def shutdown(self, wait_ms: int = SHUTDOWN_WAIT_MS) -> bool:
        """Cancel every task and wait for the threads (the window is closing); nothing is
        delivered afterwards. True when all stopped within ``wait_ms``."""
        self._closed = True
        for entry in list(self._entries.values()):
            entry.task.cancel()
        self._current.clear()
        with self._jobs_cv:
            self._jobs.clear()
            self._jobs_cv.notify_all()
        return self.wait(wait_ms)

    def wait(self, wait_ms: int) -> bool:
        """Wait up to ``wait_ms`` for every worker thread to end; True when all have."""
        deadline = time.monotonic() + wait_ms / 1000
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._threads = [t for t in self._threads if t.is_alive()]
        return not self._threads

    # -- on the GUI thread ---------------------------------------------------------------------
    def _live(self, tid: int) -> _Entry | None:
        entry = self._entries.get(tid)
        if entry is None or self._closed or self._current.get(entry.task.key) != tid:
            return None  # superseded, or the window is closing
        return entry

    def _on_progress(self, tid: int, fraction: float, message: Any) -> None:
        entry = self._live(tid)
        if entry is not None and entry.progress is not None:
            entry.progress(fraction, message)

    def _on_ended(self, tid: int, how: str, value: Any) -> None:
        entry = self._live(tid)
        self._entries.pop(tid, None)
        if entry is None:
            return
        del self._current[entry.task.key]
        if how == "done" and entry.done is not None:
            entry.done(value)
        elif how == "failed" and entry.failed is not None:
            entry.failed(value)
        elif how == "cancelled" and entry.cancelled is not None:
            entry.cancelled()
        if entry.ended is not None:
            entry.ended()
