"""Where tileset bytes come from: a :class:`TileSource` reads a relative uri, bounded.

Trust nothing: a uri that leaves the tileset's folder (``..``, an absolute path, another
scheme or host) is refused, and no read returns more than ``max_bytes``. A URL source can
implement the same :class:`TileSource` protocol later.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit

from store.errors import InputError

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest single tileset file or tile read (bytes)."""


class TileSource(Protocol):
    """Reads files of one tileset by uri relative to its root; ``name(uri)`` says it to users."""

    def read(self, uri: str) -> bytes: ...

    def name(self, uri: str) -> str: ...


def join_uri(base: str, uri: str) -> str:
    """``uri`` relative to the file ``base`` (both relative to the tileset root), normalised.

    Raises ``ValueError`` when the result is absolute, has a scheme or leaves the root.

    Examples
    --------
    >>> join_uri("city/tileset.json", "ll.b3dm")
    'city/ll.b3dm'
    >>> join_uri("a/tileset.json", "../b/c.glb")
    'b/c.glb'
    """
    parts = urlsplit(uri)
    if parts.scheme or parts.netloc or uri.startswith(("/", "\\")) or "\\" in uri:
        raise ValueError(uri)
    path = unquote(parts.path)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), path))
    if joined == ".." or joined.startswith("../") or joined.startswith("/") or joined == ".":
        raise ValueError(uri)
    return joined


class FolderSource:
    """Files of a tileset in a local folder; reads never leave ``root``.

    Parameters
    ----------
    root : folder holding the tileset (its tileset.json and content).
    max_bytes : largest file read; a larger one raises :class:`InputError`.
    """

    def __init__(self, root: str | Path, max_bytes: int = MAX_FILE_BYTES):
        self.root = Path(root).resolve()
        self.max_bytes = max_bytes

    def name(self, uri: str) -> str:
        return str(self.root / uri)

    def read(self, uri: str) -> bytes:
        path = (self.root / uri).resolve()
        if not path.is_relative_to(self.root):  # symlinks out of the folder
            raise InputError(self.name(uri), "the uri leaves the tileset folder {root}",
                             root=str(self.root))
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise InputError(self.name(uri), "cannot read the file: {why}",
                             why=exc.strerror or type(exc).__name__) from exc
        if size > self.max_bytes:
            raise InputError(self.name(uri), "the file has {size} bytes, more than the "
                             "{limit} allowed", size=size, limit=self.max_bytes)
        with path.open("rb") as f:
            data = f.read(self.max_bytes + 1)
        if len(data) > self.max_bytes:
            raise InputError(self.name(uri), "the file has {size} bytes, more than the "
                             "{limit} allowed", size=len(data), limit=self.max_bytes)
        return data
