"""3D Tiles in a work area: the tiles of a platform tileset that cover the area, for offline use.

A platform announces a tileset as an asset of kind ``tileset`` (its ``href`` the root
tileset.json, ``layer``/``title``/``tileset_kind`` naming it). :func:`download_tileset` walks
the tileset through :class:`~store.tiles.http_source.HttpSource` (the sync client's requests:
token to the platform's origin only, retries, deadlines) with :class:`~store.tiles.tileset.
Tileset` (external tilesets and implicit tiling expand as met) and keeps, level by level
(coarse levels first), the tiles whose bounding volume, carried into the cache CRS, meets the
work area, with their ancestors. What it may take is bounded: tiles, bytes in all, depth, and
bytes per file. It writes each kept tile's content at its tileset path in a staging folder
inside the cache's files folder (names checked by :func:`store.sync.files.local_name`), then a
tileset.json that references only what was fetched (explicit tiles, transforms and bounding
volumes as the platform's), and swaps the folder into place: ``<files>/tilesets/<layer>/``.
The local copy is registered in the cache (:mod:`store.tiles.registry`) and opens without a
network. :func:`sync_tileset` is the hook :mod:`store.sync.download` calls per asset.
"""

from __future__ import annotations

import json
import math
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer

from store.boundary import DiskFull
from store.cache import utc_now
from store.errors import CimviewError, InputError
from store.messages import Message, msg
from store.sync import state
from store.sync.client import Cancelled, Platform, SyncError
from store.sync.files import UnsafeName, files_dir, local_name
from store.tiles.http_source import HttpSource, folder_url
from store.tiles.registry import register_tileset
from store.tiles.source import join_uri
from store.tiles.tileset import Limits, Tile, Tileset, world_volume
from store.tiles.volume import BoundingVolume

KIND = "tileset"
"""The asset kind of a tileset on the platform."""
MAX_TILES = 20_000
MAX_BYTES = 4 << 30
MAX_DEPTH = 24
MAX_GLTF_FILES = 64
"""Files (buffers, images) one .gltf content may reference."""
FOLDER = "tilesets"
FREE_MARGIN = 64 << 20
"""Bytes left free on the disk after every file written."""
"""Where tilesets go inside the cache's files folder."""


@dataclass
class TilesResult:
    """What one tileset download did: tiles and bytes kept, what stopped it, where it went."""

    layer: str
    url: str
    folder: str = ""
    tiles: int = 0
    skipped: int = 0
    files: int = 0
    bytes: int = 0
    stopped: str | None = None  # "tiles", "bytes" or "depth" when a bound was reached
    warnings: list[Message] = field(default_factory=list)


# -- where a tile is -----------------------------------------------------------------------------
class Footprints:
    """Bounding volumes of a tileset (ECEF frame) as polygons in the cache CRS."""

    def __init__(self, crs: CRS):
        self.from_ecef = Transformer.from_crs("EPSG:4978", crs.to_3d(), always_xy=True)
        self.from_lonlat = Transformer.from_crs("OGC:CRS84", crs, always_xy=True)

    def polygon(self, bv: BoundingVolume, world: np.ndarray) -> Any:
        """The volume's outline in the cache CRS; None when it is not on the earth (a tileset
        in a local frame): where it stands is unknown."""
        if bv.kind == "region":
            w, s, e, n = (math.degrees(v) for v in bv.values[:4])
            ring = shapely.segmentize(shapely.box(w, s, e, n), max(e - w, n - s) / 8 or 1e-6)
            return shapely.transform(ring, lambda xy: np.column_stack(
                self.from_lonlat.transform(xy[:, 0], xy[:, 1])))
        vol = world_volume(bv, world)
        v = np.asarray(vol.values, dtype=np.float64)
        axes = v[3:].reshape(3, 3) if vol.kind == "box" else np.eye(3) * v[3]
        signs = np.array([[i, j, k] for i in (-1, 1) for j in (-1, 1) for k in (-1, 1)], float)
        corners = v[:3] + signs @ axes
        radius = np.linalg.norm(corners, axis=1)
        if not ((radius > 6.2e6) & (radius < 6.5e6)).any():
            return None
        x, y, _ = self.from_ecef.transform(corners[:, 0], corners[:, 1], corners[:, 2])
        pts = np.column_stack([x, y])
        if not np.isfinite(pts).all():
            return None
        return shapely.convex_hull(shapely.multipoints(pts))


def covers(footprints: Footprints, tile: Tile, area: Any) -> bool:
    """Whether the tile's bounding volume meets the area (True when the area is None or the
    tile's place is unknown)."""
    if area is None:
        return True
    poly = footprints.polygon(tile.bounding_volume, tile.world)
    return poly is None or bool(shapely.intersects(poly, area))


# -- the download --------------------------------------------------------------------------------
def download_tileset(client: Platform, href: str, dest: Path, *, layer: str, area: Any,
                     crs: CRS, max_tiles: int = MAX_TILES, max_bytes: int = MAX_BYTES,
                     max_depth: int = MAX_DEPTH, cancel: Callable[[], bool] | None = None,
                     extras: Mapping[str, Any] | None = None) -> TilesResult:
    """Fetch the tiles of the tileset at ``href`` that cover ``area`` (cache CRS, None: all)
    into ``dest`` (a folder made afresh: written beside it and swapped in when complete).

    Raises :class:`~store.sync.client.SyncError` (the network, the server) or
    :class:`~store.errors.InputError` (a tileset cimview cannot read), naming the URL;
    :class:`~store.sync.client.Cancelled` when ``cancel()`` becomes true."""
    url = client.file_url(href)
    base = folder_url(url)
    root_uri = PurePosixPath(url.split("?", 1)[0].split("#", 1)[0]).name
    if not root_uri.lower().endswith(".json"):
        root_uri = "tileset.json"
    source = HttpSource(base, platform=client)
    result = TilesResult(layer=layer, url=url)
    tileset = Tileset(source, root_uri, Limits())  # the reader's bounds; ours below
    foot = Footprints(crs)
    staging = dest.with_name(f".{dest.name}.partial")
    _clear(staging)
    staging.mkdir(parents=True)
    try:
        written: set[str] = set()
        kept: dict[int, dict[str, Any]] = {}  # id(tile) -> its JSON node
        level = [(tileset.root, None)]
        depth = 0
        while level and result.stopped is None:
            following: list[tuple[Tile, dict[str, Any] | None]] = []
            for tile, parent in level:
                if cancel is not None and cancel():
                    raise Cancelled(url, "cancelled")
                if not covers(foot, tile, area):
                    result.skipped += 1
                    continue
                if result.tiles >= max_tiles:
                    result.stopped = "tiles"
                    break
                node = _node(tile, tileset)
                for uri in tile.content_uris:
                    got = _fetch(source, uri, staging, written, max_bytes - result.bytes)
                    if got is None:
                        result.stopped = "bytes"
                        break
                    result.bytes += got
                    result.files += 1
                    if uri.lower().endswith(".gltf"):
                        result.bytes += _fetch_gltf_parts(source, uri, staging, written,
                                                          max_bytes - result.bytes, result)
                if result.stopped:
                    break
                if tile.content_uris:
                    key = "contents" if len(tile.content_uris) > 1 else "content"
                    rel = [{"uri": u} for u in tile.content_uris]
                    node[key] = rel if key == "contents" else rel[0]
                result.tiles += 1
                if parent is None:
                    kept[0] = node
                else:
                    parent.setdefault("children", []).append(node)
                if depth + 1 > max_depth:
                    if tileset.children(tile):
                        result.stopped = "depth"
                    continue
                following.extend((kid, node) for kid in tileset.children(tile))
            level = following
            depth += 1
        if 0 not in kept:
            raise InputError(url, "no tile of the tileset covers the work area")
        doc = {"asset": _asset(tileset, url, extras),
               "geometricError": tileset.geometric_error, "root": kept[0]}
        (staging / "tileset.json").write_text(
            json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        result.bytes += (staging / "tileset.json").stat().st_size
        _swap(staging, dest)
    finally:
        _clear(staging)
    if result.stopped == "tiles":
        result.warnings.append(msg(
            "tileset {layer}: the download stopped at its limit of {limit} tiles; finer "
            "levels of the work area are missing", layer=layer, limit=max_tiles))
    elif result.stopped == "bytes":
        result.warnings.append(msg(
            "tileset {layer}: the download stopped at its limit of {limit} bytes ({tiles} "
            "tiles); finer levels of the work area are missing", layer=layer,
            limit=max_bytes, tiles=result.tiles))
    elif result.stopped == "depth":
        result.warnings.append(msg(
            "tileset {layer}: the download stopped at its limit of {limit} levels; finer "
            "levels of the work area are missing", layer=layer, limit=max_depth))
    result.folder = str(dest)
    return result


def _node(tile: Tile, tileset: Tileset) -> dict[str, Any]:
    node: dict[str, Any] = {
        "boundingVolume": {tile.bounding_volume.kind: list(tile.bounding_volume.values)},
        "geometricError": tile.geometric_error, "refine": tile.refine}
    if not np.allclose(tile.transform, np.eye(4)):
        node["transform"] = [float(v) for v in tile.transform.T.ravel()]
    return node


def _asset(tileset: Tileset, url: str, extras: Mapping[str, Any] | None) -> dict[str, Any]:
    asset: dict[str, Any] = {"version": tileset.version}
    if tileset.gltf_up_axis != "Y":
        asset["gltfUpAxis"] = tileset.gltf_up_axis
    asset["extras"] = {"cimview": {"source": url, **(extras or {})}}
    return asset


def _fetch(source: HttpSource, uri: str, staging: Path, written: set[str], room: int
           ) -> int | None:
    """Write one file of the tileset (once) under ``staging``; its bytes, None past ``room``."""
    if uri in written:
        return 0
    target = staging / local_name(uri)  # staging is new: no link in it leads out
    data = source.read(uri)
    if len(data) > room:
        return None
    free = shutil.disk_usage(staging).free
    if len(data) + FREE_MARGIN > free:
        raise DiskFull("the disk is full: {needed} bytes needed for {name}, {free} free; "
                       "nothing of this tileset was kept", path=staging.parent,
                       needed=len(data) + FREE_MARGIN, name=uri, free=free)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as fh:
        fh.write(data)
    written.add(uri)
    return len(data)


def _fetch_gltf_parts(source: HttpSource, uri: str, staging: Path, written: set[str],
                      room: int, result: TilesResult) -> int:
    """The buffers and images a .gltf content names by relative uri (bounded)."""
    try:
        doc = json.loads((staging / local_name(uri)).read_bytes())
    except (ValueError, OSError):
        return 0
    refs = [item.get("uri") for key in ("buffers", "images")
            for item in (doc.get(key) or []) if isinstance(item, dict)]
    refs = [r for r in refs if isinstance(r, str) and r and not r.startswith("data:")]
    total = 0
    for ref in refs[:MAX_GLTF_FILES]:
        try:
            part = join_uri(uri, ref)
        except ValueError:
            continue  # outside the tileset: the reader refuses it too
        got = _fetch(source, part, staging, written, room - total)
        if got is None:
            result.stopped = "bytes"
            break
        total += got
        result.files += 1
    return total


def _swap(staging: Path, dest: Path) -> None:
    """Put ``staging`` where ``dest`` is, the old copy removed only once the new is there."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    old = dest.with_name(f".{dest.name}.old")
    _clear(old)
    if dest.exists() or dest.is_symlink():
        os.replace(dest, old)
    os.replace(staging, dest)
    _clear(old)


def _clear(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


# -- the sync's hook -----------------------------------------------------------------------------
def layer_name(props: Mapping[str, Any], path: str) -> str:
    """The tileset layer's name: the asset's ``layer``, else its folder's name.

    Examples
    --------
    >>> layer_name({}, "tilesets/reality/tileset.json")
    'reality'
    """
    name = props.get("layer")
    if isinstance(name, str) and name.strip():
        return name.strip()[:100]
    parts = PurePosixPath(path).parts
    return parts[-2] if len(parts) >= 2 else PurePosixPath(path).stem


def sync_tileset(run: Any, feature: Mapping[str, Any], props: Mapping[str, Any],
                 name: str) -> bool:
    """Download one announced tileset in a sync (``run`` is the sync's run); False when
    cancelled. A tileset that cannot be taken is refused with its reason; a network or
    platform failure stops the sync (it resumes later)."""
    kind = KIND
    entry: dict[str, Any] = {"name": name, "kind": kind, "bytes": 0,
                             "size": props.get("bytes"), "status": "unchanged"}
    href = props.get("href")
    try:
        if not run._asset_wanted(feature, props):
            return True
        layer = layer_name(props, name)
        rel = local_name(f"{FOLDER}/{layer}")
        folder = files_dir(run.final)
        dest = folder / rel
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise UnsafeName("{folder} is not a plain folder: the platform file {name} is "
                             "not written there", folder=str(folder), name=name)
        area_wkt = "" if run.polygon is None else shapely.to_wkt(run.polygon, rounding_precision=2)
        sha = str(props.get("sha256") or "")
        if _unchanged(dest, sha, area_wkt):
            run.summary.files.append(entry)
            _register(run, layer, dest, props)
            return True
        got = download_tileset(run.client, href if isinstance(href, str) else "", dest,
                               layer=layer, area=run.polygon, crs=run.cache.crs,
                               cancel=run.cancelled,
                               extras={"sha256": sha, "area": area_wkt})
    except Cancelled:
        return False
    except SyncError as exc:
        if exc.status is None or exc.status >= 500 or exc.status in (408, 429):
            raise
        run._refuse(entry, msg("{url}: {problem}", url=exc.url, problem=exc.problem))
        return True
    except CimviewError as exc:  # an unsafe name, an unreadable tileset, a full disk
        if exc.path:
            reason = msg("tileset {name}: {where}: {problem}", name=name, where=exc.path,
                         problem=exc.problem)
        else:
            reason = msg("tileset {name}: {problem}", name=name, problem=exc.problem)
        run._refuse(entry, reason)
        return True
    for warning in got.warnings:
        run.warn(warning)
    _register(run, layer, dest, props)
    with run.cache.transaction() as tx:  # what cimview wrote in the files folder
        raw = tx.conn.connection.driver_connection
        state.ensure(raw)
        state.save_file(raw, {"name": name, "kind": kind, "sha256": sha, "bytes": got.bytes,
                              "href": got.url, "stored": dest.relative_to(
                                  run.final.parent).as_posix(), "updated_at": utc_now()})
    entry.update(bytes=got.bytes, status="downloaded", tiles=got.tiles,
                 stored=dest.relative_to(run.final.parent).as_posix())
    run.summary.files.append(entry)
    run.summary.file_bytes += got.bytes
    run.emit({"stage": "files", "name": name, "file": name, "kind": kind,
              "bytes": got.bytes, "status": "downloaded"})
    return True


def _unchanged(dest: Path, sha: str, area_wkt: str) -> bool:
    """Whether ``dest`` holds this version of the tileset for this area already."""
    try:
        doc = json.loads((dest / "tileset.json").read_text(encoding="utf-8"))
        mark = doc["asset"]["extras"]["cimview"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(sha) and mark.get("sha256") == sha and mark.get("area") == area_wkt


def _register(run: Any, layer: str, dest: Path, props: Mapping[str, Any]) -> None:
    title = props.get("title")
    kind = props.get("tileset_kind")
    register_tileset(run.cache, layer, dest.relative_to(run.final.parent).as_posix(),
                     title=title if isinstance(title, str) and title.strip() else None,
                     kind=kind if isinstance(kind, str) and kind.strip() else "reality")


__all__ = ["KIND", "Footprints", "TilesResult", "covers", "download_tileset", "layer_name",
           "sync_tileset"]
