"""View bookmarks kept in the cache: a named camera, the visible layers and underground mode.

A bookmark's camera is in world coordinates of the cache CRS (easting, northing, height), not in
the scene's local float32 coordinates, so it stays valid when the scene origin moves (another
extent, more data imported). The viewer converts with :class:`viewer.origin.Origin`.

Bookmarks live in the plain SQLite table ``cimview_bookmarks`` (see :mod:`store.schema`); camera
and layers are JSON text with the numbers written as JSON numbers, so they stay readable (and
editable) from any SQLite or GIS tool. Every write goes through :meth:`Cache.transaction`.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from store.cache import Cache, utc_now
from store.errors import CacheError
from store.schema import bookmarks_table

#: The camera's keys: three world points/vectors and the vertical view angle in degrees.
VECTOR_KEYS = ("position", "focal_point", "view_up")
CAMERA_KEYS = (*VECTOR_KEYS, "view_angle")

_T = bookmarks_table


@dataclass(frozen=True)
class Bookmark:
    """One saved view. camera: {"position": [e, n, h], "focal_point": [e, n, h],
    "view_up": [x, y, z], "view_angle": degrees}; times are UTC ISO 8601."""

    name: str
    camera: dict[str, Any]
    layers: list[str]
    underground: bool
    created_at: str
    updated_at: str


# -- validation ------------------------------------------------------------------------------------
def validate_name(name: object) -> str:
    """The bookmark name, surrounding whitespace removed; ValueError when empty or not a str."""
    if not isinstance(name, str):
        raise ValueError(f"bookmark name must be a string, not {type(name).__name__}")
    clean = name.strip()
    if not clean:
        raise ValueError("bookmark name must not be empty")
    return clean


def _number(key: str, value: object) -> float:
    # bool is an Integral; a camera coordinate given as True is surely a mistake.
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"camera {key}: {value!r} is not a number")
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"camera {key}: {value!r} is not a finite number")
    return out


def validate_camera(camera: object) -> dict[str, Any]:
    """A clean copy of a camera dict (plain floats, keys in a fixed order) or a ValueError
    saying what is wrong: missing or unknown keys, not three components, not finite numbers,
    position equal to focal point, a zero view-up vector, a view angle outside (0, 180)."""
    if not isinstance(camera, Mapping):
        raise ValueError(f"camera must be a dict with keys {', '.join(CAMERA_KEYS)}, "
                         f"not {type(camera).__name__}")
    missing = [k for k in CAMERA_KEYS if k not in camera]
    unknown = sorted(str(k) for k in camera if k not in CAMERA_KEYS)
    if missing or unknown:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(missing)}")
        if unknown:
            parts.append(f"unknown {', '.join(unknown)}")
        raise ValueError(f"camera: {'; '.join(parts)} (keys: {', '.join(CAMERA_KEYS)})")
    out: dict[str, Any] = {}
    for key in VECTOR_KEYS:
        value = camera[key]
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            raise ValueError(f"camera {key}: expected 3 numbers, got {value!r}")
        items = list(value)
        if len(items) != 3:
            raise ValueError(f"camera {key}: expected 3 numbers, got {len(items)}: {value!r}")
        out[key] = [_number(f"{key}[{i}]", v) for i, v in enumerate(items)]
    angle = _number("view_angle", camera["view_angle"])
    if not 0.0 < angle < 180.0:
        raise ValueError(f"camera view_angle: {angle} degrees is outside (0, 180)")
    out["view_angle"] = angle
    if out["position"] == out["focal_point"]:
        raise ValueError("camera: position and focal_point are the same point")
    if not any(out["view_up"]):
        raise ValueError("camera view_up: a zero vector has no direction")
    return out


def validate_layers(layers: object) -> list[str]:
    """Layer keys as a list of non-empty strings, duplicates dropped, order kept."""
    if isinstance(layers, str | bytes) or not isinstance(layers, Iterable):
        raise ValueError(f"layers must be a list of layer keys, not {layers!r}")
    out: list[str] = []
    for key in layers:
        if not isinstance(key, str) or not key.strip():
            raise ValueError(f"layers: {key!r} is not a layer key (e.g. 'buildings', "
                             "'pipelines:JS')")
        if key.strip() not in out:
            out.append(key.strip())
    return out


# -- API -------------------------------------------------------------------------------------------
def save_bookmark(cache: Cache, name: str, camera: Mapping[str, Any], layers: Iterable[str],
                  underground: bool = False) -> Bookmark:
    """Save a bookmark, replacing one of the same name (its created_at is kept)."""
    name = validate_name(name)
    cam = validate_camera(camera)
    keys = validate_layers(layers)
    now = utc_now()
    values = {"camera": json.dumps(cam, ensure_ascii=False, allow_nan=False),
              "layers": json.dumps(keys, ensure_ascii=False),
              "underground": int(bool(underground)), "updated_at": now}
    stmt = sqlite_insert(_T).values(name=name, created_at=now, **values)
    stmt = stmt.on_conflict_do_update(index_elements=[_T.c.name], set_=values)
    with cache.transaction() as tx:
        tx.conn.execute(stmt)
        bookmark = _get(tx.conn, name)
    assert bookmark is not None
    return bookmark


def bookmarks(cache: Cache) -> list[Bookmark]:
    """Every bookmark, oldest first."""
    query = select(_T).order_by(_T.c.created_at, _T.c.name)
    with cache.engine.connect() as conn:
        return [_decode(row) for row in conn.execute(query).mappings()]


def get_bookmark(cache: Cache, name: str) -> Bookmark | None:
    """The bookmark of that name, or None."""
    name = validate_name(name)
    with cache.engine.connect() as conn:
        return _get(conn, name)


def delete_bookmark(cache: Cache, name: str) -> bool:
    """Delete a bookmark; whether it existed."""
    name = validate_name(name)
    with cache.transaction() as tx:
        return tx.conn.execute(delete(_T).where(_T.c.name == name)).rowcount > 0


def rename_bookmark(cache: Cache, old: str, new: str, *, replace: bool = False) -> Bookmark | None:
    """Rename a bookmark; None when there is none called old. ValueError when new is taken by
    another bookmark, unless replace (which deletes that one)."""
    old, new = validate_name(old), validate_name(new)
    with cache.transaction() as tx:
        current = _get(tx.conn, old)
        if current is None:
            return None
        if new == old:
            return current
        if _get(tx.conn, new) is not None:
            if not replace:
                raise ValueError(f"a bookmark called {new!r} already exists")
            tx.conn.execute(delete(_T).where(_T.c.name == new))
        tx.conn.execute(update(_T).where(_T.c.name == old).values(name=new,
                                                                 updated_at=utc_now()))
        return _get(tx.conn, new)


# -- rows ------------------------------------------------------------------------------------------
def _get(conn: Connection, name: str) -> Bookmark | None:
    row = conn.execute(select(_T).where(_T.c.name == name)).mappings().first()
    return None if row is None else _decode(row)


def _decode(row: Mapping[str, Any]) -> Bookmark:
    try:
        camera = validate_camera(json.loads(row["camera"]))
        layers = validate_layers(json.loads(row["layers"]))
    except (TypeError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
        raise CacheError("bookmark {name!r} is damaged in the cache: {error}",
                         name=row["name"], error=str(exc)) from None
    return Bookmark(name=row["name"], camera=camera, layers=layers,
                    underground=bool(row["underground"]), created_at=row["created_at"],
                    updated_at=row["updated_at"])
