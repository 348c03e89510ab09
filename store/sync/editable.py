"""Which of the platform's collections take edits, and what the platform calls them.

OGC API - Features Part 4 has a server say what it accepts through ``OPTIONS`` on a collection's
items (``Allow: HEAD, GET, POST``); a collection document may also say so itself (an
``editable`` member, or a link with a transactional relation such as ``create-form`` or
``edit``). pygeoapi, the local platform, answers ``OPTIONS`` from its ``editable`` provider
setting and refuses writes elsewhere with 400 "Collection is not editable".

What the platform said is kept in the cache (``cimview_platform_collections``: one row per
platform URL and collection, with the title and when it was asked), so a field worker offline
is told at once that an edit cannot be delivered, instead of finding out at the next push.

Examples
--------
>>> allows_writes("HEAD, GET, POST")
True
>>> declared({"id": "roads", "links": [{"rel": "items", "href": "x"}]}) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from store.cache import Cache, utc_now

TABLE = "cimview_platform_collections"
#: Link relations that announce a collection taking new or changed features.
EDIT_RELS = frozenset({"create-form", "edit", "edit-form",
                       "http://www.opengis.net/def/rel/ogc/1.0/create-form"})
#: At most this many collections are asked about (one OPTIONS request each).
MAX_COLLECTIONS = 200
_DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    url TEXT NOT NULL,          -- the platform's landing page
    collection TEXT NOT NULL,
    title TEXT,                 -- the platform's title of the collection
    editable INTEGER,           -- 1 takes edits, 0 read-only, NULL the platform did not say
    checked_at TEXT NOT NULL,
    PRIMARY KEY (url, collection))"""


@dataclass(frozen=True)
class CollectionInfo:
    """What the platform says of one collection."""

    id: str
    title: str
    editable: bool | None  # None: the platform did not say (or could not be asked)


def allows_writes(allow: str | None) -> bool:
    """Whether an ``Allow`` header lists a write method (POST, PUT, PATCH or DELETE)."""
    methods = {m.strip().upper() for m in (allow or "").split(",")}
    return bool(methods & {"POST", "PUT", "PATCH", "DELETE"})


def declared(doc: Mapping[str, Any]) -> bool | None:
    """What a collection document says of itself: True, False, or None when it is silent."""
    flag = doc.get("editable")
    if isinstance(flag, bool):
        return flag
    links = doc.get("links")
    if isinstance(links, list):
        for link in links[:1000]:
            if isinstance(link, Mapping) and str(link.get("rel", "")) in EDIT_RELS:
                return True
    return None


def title_of(doc: Mapping[str, Any], cid: str) -> str:
    """The collection's title as the platform gives it (its id when it has none)."""
    title = doc.get("title")
    return title.strip() if isinstance(title, str) and title.strip() else cid


def probe(client: Any, collections: Mapping[str, Mapping[str, Any]]) -> dict[str, CollectionInfo]:
    """Ask the platform (a :class:`store.sync.client.Platform`) which collections take edits.

    The document's own word first; otherwise ``OPTIONS`` on the items (one request per
    collection, at most :data:`MAX_COLLECTIONS`). A collection the platform could not be asked
    about is ``editable=None``."""
    from store.sync.client import SyncError

    out: dict[str, CollectionInfo] = {}
    for cid, doc in list(collections.items())[:MAX_COLLECTIONS]:
        verdict = declared(doc)
        if verdict is None:
            try:
                response = client.request("OPTIONS", client.items_url(cid))
                verdict = allows_writes(response.headers.get("Allow"))
            except SyncError:
                verdict = None
        out[cid] = CollectionInfo(cid, title_of(doc, cid), verdict)
    return out


def remember(cache: Cache, url: str, infos: Mapping[str, CollectionInfo]) -> None:
    """Keep what the platform said in the cache (replacing what it said before)."""
    now = utc_now()
    url = url.rstrip("/")
    with cache.transaction() as tx:
        tx.conn.execute(text(_DDL))
        tx.conn.execute(text(f"DELETE FROM {TABLE} WHERE url = :u"), {"u": url})
        for info in infos.values():
            tx.conn.execute(
                text(f"INSERT INTO {TABLE} (url, collection, title, editable, checked_at) "
                     "VALUES (:u, :c, :t, :e, :at)"),
                {"u": url, "c": info.id, "t": info.title,
                 "e": None if info.editable is None else int(info.editable), "at": now})


def known(cache: Cache, url: str | None = None) -> dict[str, CollectionInfo]:
    """What the platform (``url``; default: the one asked last) said, by collection id."""
    with cache.engine.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                   "AND name = :n"), {"n": TABLE}).first()
        if exists is None:
            return {}
        if url is None:
            row = conn.execute(text(f"SELECT url FROM {TABLE} ORDER BY checked_at DESC "
                                    "LIMIT 1")).first()
            if row is None:
                return {}
            url = str(row[0])
        rows = conn.execute(text(f"SELECT collection, title, editable FROM {TABLE} "
                                 "WHERE url = :u"), {"u": url.rstrip("/")}).all()
    return {str(c): CollectionInfo(str(c), str(t or c), None if e is None else bool(e))
            for c, t, e in rows}


def can_edit(cache: Cache, collection: str, url: str | None = None) -> bool | None:
    """True or False as the platform said; None when it has not said (never asked)."""
    info = known(cache, url).get(collection)
    return None if info is None else info.editable
