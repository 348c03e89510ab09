"""Sync with the city's CIM base platform (OGC API - Features).

* :mod:`store.sync.client`: :class:`Platform`, the HTTP client (paging, CRS and axis order,
  retries, resumable file downloads) and :class:`SyncError`;
* :mod:`store.sync.download`: :func:`sync`, download a work area into a cache and keep it up to
  date, page by page and resumable;
* :mod:`store.sync.state`: the sync state kept in the cache;
* :mod:`store.sync.credentials`: where the token comes from (file, environment, OS keyring);
* :mod:`store.sync.files`: the cache's files folder and the local names of platform files;
* :mod:`store.sync.outbox` and :mod:`store.sync.push`: field edits and observations going the
  other way.

Names load on first use (no ``requests`` import for a process that only reads a cache).
"""

from __future__ import annotations

import importlib
from typing import Any

_NAMES = {"Platform": "store.sync.client", "SyncError": "store.sync.client",
          "NotFound": "store.sync.client", "PreconditionFailed": "store.sync.client",
          "Cancelled": "store.sync.client",
          "sync": "store.sync.download", "SyncSummary": "store.sync.download",
          "LayerSummary": "store.sync.download"}
__all__ = list(_NAMES)


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(importlib.import_module(_NAMES[name]), name)
    raise AttributeError(f"module 'store.sync' has no attribute {name!r}")
