"""One writer per cache file, across processes: an advisory lock file beside the cache.

``CACHE.lock`` is held with ``flock`` for the whole of a long write (an import, a sync, a
push): the kernel releases it when the process dies, even by ``kill -9``, so a crash never
leaves a cache locked for good. The file names its holder (pid, host, what it is doing, since
when), so that a refused or waiting writer can say who it waits for. The lock file is removed
on release; a writer that opened a lock file which was removed meanwhile retries on the new one.

SQLite's own locks still protect every transaction; this lock only makes a second *long*
writer wait its turn visibly (or be refused) instead of failing after a busy timeout.

The lock is re-entrant within one thread (a sync holding it may write through
``Cache.transaction``, which takes it too); another thread of the same process waits for it
like another process does.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from store.errors import CimviewError

_held: dict[tuple[str, int], int] = {}  # (lock file, thread id) -> depth, in this process


class CacheBusy(CimviewError):
    """Another process holds the cache's writer lock: ``holder`` says who (may be empty)."""

    def __init__(self, path: str | Path, holder: dict[str, Any]):
        self.holder = holder
        super().__init__("busy: {purpose} by process {pid} since {since}", path=path,
                         purpose=holder.get("purpose", "?"), pid=holder.get("pid", "?"),
                         since=holder.get("since", "?"))


def held(cache: str | Path, *, this_thread: bool = False) -> bool:
    """Whether this process (or only this thread) holds the writer lock of ``cache``."""
    name = _key_name(lock_path(cache))
    me = threading.get_ident()
    return any(n == name and (not this_thread or t == me) for n, t in _held)


def lock_path(cache: str | Path) -> Path:
    """The lock file of ``cache``: ``CACHE.lock`` beside it."""
    cache = Path(cache)
    return cache.with_name(cache.name + ".lock")


def holder(cache: str | Path) -> dict[str, Any]:
    """Who holds the writer lock of ``cache`` now ({} when nobody does)."""
    path = lock_path(cache)
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return {}
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return {}
    finally:
        os.close(fd)


@contextmanager
def writer_lock(cache: str | Path, purpose: str, *, wait: float = 0.0,
                on_wait: Callable[[dict[str, Any]], None] | None = None,
                poll: float = 0.2) -> Iterator[None]:
    """Hold the writer lock of ``cache`` for the ``with`` block.

    Parameters
    ----------
    cache
        The cache file (it need not exist yet: a first sync locks the path it will create).
    purpose
        What the holder does, in a few words ("sync", "import a.geojson"): shown to others.
    wait
        Seconds to wait for a busy lock; 0 refuses at once. :class:`CacheBusy` after that.
    on_wait
        Called once, with the holder's details, when the lock is busy and we start waiting.
    poll
        Seconds between attempts while waiting.

    Examples
    --------
    >>> with writer_lock("work.gpkg", "sync"):  # doctest: +SKIP
    ...     pass
    """
    path = lock_path(cache)
    key = (_key_name(path), threading.get_ident())
    if key in _held:  # this thread holds it already: re-entered
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    start = time.monotonic()
    deadline = start + wait
    told = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = _read_holder(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise CacheBusy(cache, who) from None
            # The holder writes its details just after taking the lock: give it a moment.
            if not told and on_wait is not None and (who or time.monotonic() - start > 1):
                on_wait(who)
                told = True
            time.sleep(poll)
            continue
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if not same:  # removed by the previous holder between our open and our lock
            os.close(fd)
            continue
        break
    try:
        info = {"pid": os.getpid(), "host": socket.gethostname(), "purpose": purpose,
                "since": datetime.now(UTC).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)  # ASCII: a name may hold surrogates
        _held[key] = 1
        yield
    finally:
        _held.pop(key, None)
        with suppress(FileNotFoundError):
            os.unlink(path)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _key_name(path: Path) -> str:
    return os.path.join(os.path.realpath(path.parent), path.name)


def _read_holder(fd: int) -> dict[str, Any]:
    try:
        return json.loads(os.pread(fd, 4096, 0).decode() or "{}")
    except (OSError, ValueError):
        return {}
