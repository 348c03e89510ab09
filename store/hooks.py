"""Transaction hooks: derived tables kept in step with the layers inside every write.

The cache (:mod:`store.cache`) writes layers; other modules keep tables derived from them in
the same file (the search index, :mod:`store.search.index`). They must change in the same
transaction as the rows they follow, so the cache calls each registered hook at four moments:

* ``created(raw)`` — a new cache is being created (inside its creating transaction);
* ``pause_insert(raw, layer) -> token`` — a bulk insert into ``layer`` starts (a hook may drop
  per-row triggers; it returns what it needs to resume, or None);
* ``resume_insert(raw, layer, token, first, last)`` — the rows fid first..last are in;
* ``before_commit(raw)`` — the transaction is about to commit.

A derived table registers itself (``register(hook)``) when its module is imported; the cache
imports none of them, so the dependency runs one way: ``store.search.index → store.hooks``.
:data:`BUILTIN` names the modules every cache needs: they are imported on the first use of
:func:`hooks`, as entry points are, so a process that writes a cache always keeps its index.
"""

from __future__ import annotations

import importlib
import sqlite3
from typing import Any, Protocol

#: Modules holding derived tables every cache keeps: imported on first use (they register).
BUILTIN = ("store.search.index",)


class TransactionHook(Protocol):
    """What a derived table does inside the cache's write transactions."""

    def created(self, raw: sqlite3.Connection) -> None: ...

    def pause_insert(self, raw: sqlite3.Connection, layer: str) -> Any: ...

    def resume_insert(self, raw: sqlite3.Connection, layer: str, token: Any, first: int,
                      last: int) -> None: ...

    def before_commit(self, raw: sqlite3.Connection) -> None: ...


_hooks: list[TransactionHook] = []
_loaded = False


def register(hook: TransactionHook) -> None:
    """Add a hook (once: registering the same object again does nothing)."""
    if not any(h is hook for h in _hooks):
        _hooks.append(hook)


def unregister(hook: TransactionHook) -> None:
    """Remove a hook (nothing when it is not registered)."""
    _hooks[:] = [h for h in _hooks if h is not hook]


def hooks() -> list[TransactionHook]:
    """The registered hooks, in registration order (the built-in ones loaded first)."""
    global _loaded
    if not _loaded:
        for name in BUILTIN:
            importlib.import_module(name)
        _loaded = True
    return list(_hooks)
