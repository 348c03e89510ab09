"""The cache's list of 3D Tiles layers (倾斜摄影 reality meshes, the platform's white models …).

``cimview_tilesets`` is a plain SQLite table (registered nowhere in ``gpkg_contents``, so GIS
tools ignore it), created by the first :func:`register_tileset`; one row per tileset layer:

- ``name``: the layer's key (primary key); ``title``: what the layer list shows;
- ``uri``: where the tileset is: an ``http(s)`` URL, or a local path (``/``-separated)
  relative to the cache's folder, e.g. ``reality`` beside ``sample_city.gpkg`` or
  ``work.files/tilesets/reality`` inside a work area's files folder. Either names the folder
  holding ``tileset.json``, or the root tileset file itself (a name ending in ``.json``);
- ``kind``: ``reality`` (a reality mesh), ``buildings`` …; ``updated_at``: UTC ISO 8601.

:func:`open_source` turns a row into the :class:`~store.tiles.source.TileSource` its tiles are
read from, and :attr:`TilesetEntry.root` is the root file's uri within it::

    entry = list_tilesets(cache)[0]
    tileset = Tileset(open_source(cache.path, entry), entry.root)

A local path never leaves the cache's folder: an absolute path, ``..`` or a symbolic link out
of it is refused (:class:`~store.errors.CacheError` naming the layer).
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Column, MetaData, Table, Text, delete, inspect, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from store.cache import Cache, utc_now
from store.errors import CacheError, CimviewError
from store.tiles.source import FolderSource, TileSource

TABLE = "cimview_tilesets"
ROOT_FILE = "tileset.json"
"""The root tileset file of a uri that names a folder."""
KINDS = ("reality", "buildings", "pipelines", "other")

_meta = MetaData()
tilesets_table = Table(
    TABLE, _meta,
    Column("name", Text, primary_key=True),
    Column("title", Text),
    Column("uri", Text, nullable=False),
    Column("kind", Text, nullable=False, server_default="reality"),
    Column("updated_at", Text),
)
_T = tilesets_table


@dataclass(frozen=True)
class TilesetEntry:
    """One 3D Tiles layer of the cache (see the module docstring for ``uri``)."""

    name: str
    title: str | None
    uri: str
    kind: str = "reality"
    updated_at: str | None = None

    @property
    def is_url(self) -> bool:
        """Whether the tileset is read over HTTP(S)."""
        return is_url(self.uri)

    @property
    def root(self) -> str:
        """The root tileset file's uri within :func:`open_source`'s source.

        Examples
        --------
        >>> TilesetEntry("r", None, "reality").root
        'tileset.json'
        >>> TilesetEntry("r", None, "https://cim.example/tiles/city/root.json?v=2").root
        'root.json'
        """
        return split_uri(self.uri)[1]

    @property
    def label(self) -> str:
        """The title, or the name when there is none."""
        return self.title or self.name


def is_url(uri: str) -> bool:
    """Whether ``uri`` is an http(s) URL (anything else is a local path)."""
    return urlsplit(uri).scheme.lower() in ("http", "https")


def split_uri(uri: str) -> tuple[str, str]:
    """``(folder, root file)`` of a tileset uri: a ``.json`` name is the root file itself,
    anything else a folder holding ``tileset.json``.

    Examples
    --------
    >>> split_uri("work.files/tilesets/reality")
    ('work.files/tilesets/reality', 'tileset.json')
    >>> split_uri("reality/tileset.json")
    ('reality', 'tileset.json')
    >>> split_uri("http://h:5001/tilesets/reality/tileset.json")
    ('http://h:5001/tilesets/reality/', 'tileset.json')
    """
    if is_url(uri):
        parts = urlsplit(uri)
        path = parts.path
        if path.lower().endswith(".json"):
            folder, file = posixpath.split(path)
            base = parts._replace(path=folder.rstrip("/") + "/", query="", fragment="")
            return base.geturl(), file
        base = parts._replace(path=path.rstrip("/") + "/", query="", fragment="")
        return base.geturl(), ROOT_FILE
    clean = uri.replace("\\", "/").rstrip("/")
    if clean.lower().endswith(".json"):
        folder, file = posixpath.split(clean)
        return folder or ".", file
    return clean or ".", ROOT_FILE


def validate(name: object, uri: object, kind: object) -> tuple[str, str, str]:
    """The name, uri and kind stripped; :class:`CimviewError` saying what is wrong."""
    if not isinstance(name, str) or not name.strip():
        raise CimviewError("a tileset layer needs a name, not {name}", name=repr(name)[:80])
    if not isinstance(uri, str) or not uri.strip():
        raise CimviewError("tileset {name}: its location {uri} is not a folder or a URL",
                           name=name.strip(), uri=repr(uri)[:200])
    if not isinstance(kind, str) or not kind.strip():
        raise CimviewError("tileset {name}: its kind {kind} is not a word",
                           name=name.strip(), kind=repr(kind)[:80])
    uri = uri.strip()
    scheme = urlsplit(uri).scheme.lower()
    if scheme and len(scheme) > 1 and scheme not in ("http", "https"):  # c: is a drive letter
        raise CimviewError("tileset {name}: {uri} is neither a local folder nor an http(s) "
                           "URL", name=name.strip(), uri=uri[:200])
    if is_url(uri) and not urlsplit(uri).hostname:
        raise CimviewError("tileset {name}: the URL {uri} names no host", name=name.strip(),
                           uri=uri[:200])
    return name.strip(), uri, kind.strip()


# -- API -------------------------------------------------------------------------------------------
def register_tileset(cache: Cache, name: str, uri: str, title: str | None = None,
                     kind: str = "reality") -> TilesetEntry:
    """Add the tileset layer ``name`` (one transaction), replacing a row of that name."""
    name, uri, kind = validate(name, uri, kind)
    row = {"title": title, "uri": uri, "kind": kind, "updated_at": utc_now()}
    stmt = sqlite_insert(_T).values(name=name, **row)
    stmt = stmt.on_conflict_do_update(index_elements=[_T.c.name], set_=row)
    with cache.transaction() as tx:
        _T.create(tx.conn, checkfirst=True)
        tx.conn.execute(stmt)
    return TilesetEntry(name, title, uri, kind, row["updated_at"])


def list_tilesets(cache: Cache) -> list[TilesetEntry]:
    """Every tileset layer, by name; ``[]`` when the cache has none (or no table yet)."""
    with cache.engine.connect() as conn:
        if not inspect(conn).has_table(TABLE):
            return []
        rows = conn.execute(select(_T).order_by(_T.c.name)).mappings().all()
    return [TilesetEntry(r["name"], r["title"], r["uri"], r["kind"] or "reality",
                         r["updated_at"]) for r in rows]


def get_tileset(cache: Cache, name: str) -> TilesetEntry | None:
    """The tileset layer ``name``, or None."""
    return next((e for e in list_tilesets(cache) if e.name == name), None)


def remove_tileset(cache: Cache, name: str) -> bool:
    """Remove the tileset layer ``name`` from the list (its files stay); whether it was there."""
    with cache.engine.connect() as conn:
        if not inspect(conn).has_table(TABLE):
            return False
    with cache.transaction() as tx:
        return tx.conn.execute(delete(_T).where(_T.c.name == name)).rowcount > 0


def local_folder(cache_path: str | os.PathLike[str], entry: TilesetEntry) -> Path:
    """The folder of a local tileset, resolved against the cache's folder.

    Raises :class:`CacheError` naming the cache and the layer when the path leaves the cache's
    folder (absolute elsewhere, ``..``, a symbolic link out of it)."""
    base = Path(cache_path).resolve().parent
    folder, _ = split_uri(entry.uri)
    target = (base / folder).resolve()
    if target != base and not target.is_relative_to(base):
        raise CacheError("tileset {name}: its folder {uri} is outside the cache's folder "
                         "{base}: refused", path=cache_path, name=entry.name, uri=entry.uri,
                         base=str(base))
    return target


def open_source(cache_path: str | os.PathLike[str], entry: TilesetEntry,
                **http: object) -> TileSource:
    """The source the tiles of ``entry`` are read from: a :class:`FolderSource` confined to
    its folder (inside the cache's folder), or an :class:`~store.tiles.http_source.HttpSource`
    for a URL (``http`` keywords, e.g. ``token`` or ``timeout``, are passed to it). No token
    is looked up here: a URL in a cache is not trusted with one; the caller that knows the
    platform passes it (:func:`store.sync.credentials.token_for`)."""
    if entry.is_url:
        from store.tiles.http_source import HttpSource  # only when a URL is opened

        return HttpSource(split_uri(entry.uri)[0], **http)  # type: ignore[arg-type]
    return FolderSource(local_folder(cache_path, entry))


__all__ = ["ROOT_FILE", "TABLE", "TilesetEntry", "get_tileset", "is_url", "list_tilesets",
           "local_folder", "open_source", "register_tileset", "remove_tileset", "split_uri",
           "tilesets_table"]
