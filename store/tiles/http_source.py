"""Tileset files over HTTP(S): a :class:`~store.tiles.source.TileSource` for a tileset URL.

The HTTP itself is :class:`store.sync.client.Platform`'s (one code path for every request
cimview sends): per-attempt deadlines and socket timeouts, a bounded number of retries with
backoff after network errors, 429 and 5xx, redirects followed only on the tileset's origin,
bodies read in chunks and refused past a byte bound, errors as
:class:`~store.sync.client.SyncError` naming the URL. What this module adds is the tileset's
confinement: a uri is read only *below the tileset's folder URL*: another scheme, host or
port, an absolute path or a ``..`` that climbs out is refused (:class:`InputError` naming the
tileset URL) before any request, so a tileset cannot send cimview, or its token, elsewhere.
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import quote, urlsplit

from store.errors import CimviewError, InputError
from store.sync.client import Platform
from store.tiles.source import MAX_FILE_BYTES, join_uri

#: Seconds to connect and between reads of one tile; overall seconds for one attempt.
TIMEOUT, DEADLINE = 15.0, 120.0
#: Attempts after the first for one file.
RETRIES = 2


def folder_url(url: str) -> str:
    """The folder URL of a tileset: ``url`` itself (with a ``/``) or, for a ``.json`` file,
    the folder holding it; query and fragment dropped.

    Examples
    --------
    >>> folder_url("http://127.0.0.1:5001/tilesets/reality/tileset.json")
    'http://127.0.0.1:5001/tilesets/reality/'
    >>> folder_url("https://cim.example/3dtiles/city")
    'https://cim.example/3dtiles/city/'
    """
    text = str(url).strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname \
            or any(ord(c) < 33 for c in text):
        raise CimviewError("the tileset address {url} is not an http:// or https:// URL",
                           url=text[:200])
    path = parts.path or "/"
    if path.lower().endswith(".json"):
        path = posixpath.dirname(path)
    return parts._replace(path=path.rstrip("/") + "/", query="", fragment="").geturl()


class HttpSource:
    """The files of one tileset below ``base_url`` (its folder, or its root ``.json``).

    Parameters
    ----------
    base_url : the tileset's folder URL (or its tileset.json URL: its folder is taken).
    token : a bearer token, sent only to ``base_url``'s origin.
    platform : a ready :class:`~store.sync.client.Platform` client to send requests through
        (its session, token, retries, cancel); by default one is made for ``base_url``.
    max_bytes : the largest file read (default :data:`~store.tiles.source.MAX_FILE_BYTES`).
    timeout, retries, deadline, cancel : as :class:`~store.sync.client.Platform`'s.
    """

    def __init__(self, base_url: str, token: str | None = None, *,
                 platform: Platform | None = None, max_bytes: int = MAX_FILE_BYTES,
                 timeout: float = TIMEOUT, retries: int = RETRIES, deadline: float = DEADLINE,
                 cancel: Any = None):
        self.base = folder_url(base_url)
        self.max_bytes = int(max_bytes)
        self._own = platform is None
        self.platform = platform or Platform(self.base, token, timeout=timeout,
                                             retries=retries, deadline=deadline, cancel=cancel)
        self.deadline = deadline

    def close(self) -> None:
        if self._own:
            self.platform.close()

    def __enter__(self) -> HttpSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, uri: str) -> str:
        """The absolute URL of ``uri`` (relative to the tileset folder); InputError when it
        would leave the folder."""
        try:
            rel = join_uri("tileset.json", uri)
        except ValueError:
            raise InputError(self.base, "the uri {uri} leaves the tileset's address: not "
                             "fetched", uri=str(uri)[:200]) from None
        return self.base + quote(rel, safe="/")

    def name(self, uri: str) -> str:
        try:
            return self.url(uri)
        except InputError:
            return f"{self.base}{str(uri)[:200]}"

    def read(self, uri: str) -> bytes:
        """The bytes of ``uri``; :class:`~store.sync.client.SyncError` naming the URL when the
        server fails, :class:`InputError` when the file is larger than ``max_bytes``."""
        url = self.url(uri)
        reply = self.platform.request("GET", url, limit=self.max_bytes, cross_origin="refuse",
                                      deadline=self.deadline)
        if len(reply.content) > self.max_bytes:  # a compressed body decoded past the bound
            raise InputError(url, "the file has {size} bytes, more than the {limit} allowed",
                             size=len(reply.content), limit=self.max_bytes)
        return reply.content


__all__ = ["HttpSource", "folder_url"]
