"""The one error boundary of import, sync, push and BIM loading: a failure becomes a sentence.

Everything cimview expects to go wrong raises a :class:`~store.errors.CimviewError` that names
the file and the problem. Anything else escaping an entry point (a parser's ``KeyError`` on a
file nobody anticipated, ``OSError`` from a full disk, SQLite's "database or disk is full") is
a bug or an environment problem, but the user still gets a sentence naming the file, never a
traceback: :func:`boundary` turns it into a ``CimviewError`` and writes the traceback to the
log (``CIMVIEW_LOG``, default ``~/.cache/cimview/errors.log``) for the developers.

Examples
--------
>>> with boundary("a.geojson"):  # doctest: +SKIP
...     import_it("a.geojson")
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from store.errors import CacheError, CimviewError, InputError

_log = logging.getLogger("cimview")


class DiskFull(CacheError):
    """The disk (or the cache's size limit) is full: nothing was written."""


def log_path() -> Path:
    """Where tracebacks behind boundary messages are written."""
    default = Path.home() / ".cache" / "cimview" / "errors.log"
    return Path(os.environ.get("CIMVIEW_LOG", default))


def translate(exc: BaseException, path: str | Path | None) -> CimviewError:
    """The ``CimviewError`` a user should see for ``exc`` raised while working on ``path``."""
    if isinstance(exc, CimviewError):
        return exc
    if _disk_full(exc):
        return DiskFull("the disk is full: nothing was written", path=path)
    if isinstance(exc, MemoryError):
        return InputError(path, "too large to read into memory")
    if isinstance(exc, UnicodeError):
        return InputError(path, "text that is not valid Unicode ({error})", error=_short(exc))
    if isinstance(exc, PermissionError):
        return InputError(exc.filename or path, "permission denied")
    if isinstance(exc, OSError):
        return InputError(exc.filename or path, "cannot be read or written: {error}",
                          error=exc.strerror or _short(exc))
    _record(exc, path)
    return InputError(path, "could not be processed ({kind}: {error}); the details are in {log}",
                      kind=type(exc).__name__, error=_short(exc), log=str(log_path()))


@contextmanager
def boundary(path: str | Path | None,
             passing: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Run the block; any exception leaves it as a :class:`CimviewError` naming ``path``,
    except those of the classes ``passing`` (e.g. a cancellation, which is no failure)."""
    try:
        yield
    except CimviewError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit, *passing):
        raise
    except BaseException as exc:  # noqa: BLE001 - this is the boundary
        raise translate(exc, path) from exc


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return True
    inner = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(inner, _sqlite_errors()):
        code = getattr(inner, "sqlite_errorcode", None)
        return code == sqlite3.SQLITE_FULL or "disk is full" in str(inner)
    return False


def _sqlite_errors() -> tuple[type[BaseException], ...]:
    from store.cipher import Error

    return Error


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _record(exc: BaseException, path: str | Path | None) -> None:
    try:
        target = log_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as out:
            out.write(f"--- {path}\n")
            out.write("".join(traceback.format_exception(exc)))
    except OSError:
        _log.exception("error boundary: %s", path)
