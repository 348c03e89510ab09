"""BIM models kept in the cache, keyed by the SHA-256 of the IFC file.

Two plain SQLite tables, created on the first save (an older cache gets them then; reading a
cache without them finds no model):

``cimview_bim_models``
    sha256 (primary key), file_name, schema, georef (JSON of :class:`GeoRef`), placement (JSON,
    NULL unless the user placed the model by hand: ``{"x", "y", "z", "rotation_deg", "crs"}``),
    report (JSON of :class:`LoadReport`), created_at (UTC ISO 8601), geometry (BLOB: the
    ``np.savez_compressed`` bytes of ``vertices``, ``triangles``, ``element_of_triangle``).
``cimview_bim_elements``
    sha256, id (the IFC step id), guid, ifc_class, name, parent, storey, has_geometry,
    properties (JSON ``{"attributes", "psets", "qtos"}``); primary key (sha256, id).

They are not registered in ``gpkg_contents``: GIS tools see only the map layers. Every write is
one transaction through :meth:`Cache.transaction`. Loading a model reads the geometry blob and
the element rows but not the properties, which :func:`properties` reads one element at a time.
"""

from __future__ import annotations

import io
import json
import math
import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np
from sqlalchemy import Connection

from store.bim.model import BimModel, Element, Geometry, LoadReport, messages_from_json
from store.bim.tessellate import georef_from_dict
from store.cache import Cache, utc_now
from store.errors import CacheError

MODELS = "cimview_bim_models"
ELEMENTS = "cimview_bim_elements"

_DDL = (
    f"""CREATE TABLE IF NOT EXISTS {MODELS} (
        sha256 TEXT PRIMARY KEY NOT NULL,
        file_name TEXT NOT NULL,
        schema TEXT NOT NULL,
        georef TEXT NOT NULL,
        placement TEXT,
        report TEXT NOT NULL,
        created_at TEXT NOT NULL,
        geometry BLOB NOT NULL)""",
    f"""CREATE TABLE IF NOT EXISTS {ELEMENTS} (
        sha256 TEXT NOT NULL REFERENCES {MODELS} (sha256) ON DELETE CASCADE,
        id INTEGER NOT NULL,
        guid TEXT,
        ifc_class TEXT NOT NULL,
        name TEXT,
        parent INTEGER,
        storey INTEGER,
        has_geometry INTEGER NOT NULL,
        properties TEXT NOT NULL,
        PRIMARY KEY (sha256, id)) WITHOUT ROWID""",
)

PLACEMENT_KEYS = ("x", "y", "z", "rotation_deg", "crs")


def _raw(conn: Connection) -> Any:
    raw = conn.connection.driver_connection
    assert raw is not None
    return raw


def _has_tables(raw: Any) -> bool:
    return raw.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                       (MODELS,)).fetchone() is not None


def _create(raw: Any) -> None:
    for sql in _DDL:
        raw.execute(sql)


# -- geometry bytes --------------------------------------------------------------------------------
def encode_geometry(geometry: Geometry) -> bytes:
    buf = io.BytesIO()
    np.savez_compressed(buf, vertices=np.asarray(geometry.vertices, np.float64),
                        triangles=np.asarray(geometry.triangles, np.int32),
                        element_of_triangle=np.asarray(geometry.element_of_triangle))
    return buf.getvalue()


def decode_geometry(data: bytes) -> Geometry:
    with np.load(io.BytesIO(data)) as npz:
        return Geometry(npz["vertices"], npz["triangles"], npz["element_of_triangle"])


# -- writing ---------------------------------------------------------------------------------------
def save_model(cache: Cache, model: BimModel,
               properties: Mapping[int, Mapping[str, Any]] | None = None) -> None:
    """Store a model (replacing one with the same sha256) and its elements' properties, in one
    transaction. A manual placement already saved for that sha256 is kept unless the model
    carries its own. The georeferencing stored is the file's own: a model whose georef is the
    applied manual placement (method "manual") keeps the stored one."""
    properties = properties or {}
    report = model.report.to_dict() | {"from_cache": False}
    blob = encode_geometry(model.geometry)
    rows = [(model.sha256, e.id, e.guid, e.ifc_class, e.name, e.parent, e.storey,
             int(bool(e.has_geometry)),
             json.dumps(properties.get(e.id, {}), ensure_ascii=False, allow_nan=False))
            for e in model.elements.values()]
    with cache.transaction() as tx:
        raw = _raw(tx.conn)
        _create(raw)
        old = raw.execute(f"SELECT placement, georef FROM {MODELS} WHERE sha256 = ?",
                          (model.sha256,)).fetchone()
        placement = (json.dumps(validate_placement(model.placement))
                     if model.placement is not None else (old[0] if old else None))
        georef = (old[1] if old and model.georef.method == "manual"
                  else json.dumps(model.georef.to_dict(), ensure_ascii=False, allow_nan=False))
        raw.execute(f"DELETE FROM {ELEMENTS} WHERE sha256 = ?", (model.sha256,))
        raw.execute(f"DELETE FROM {MODELS} WHERE sha256 = ?", (model.sha256,))
        raw.execute(
            f"INSERT INTO {MODELS} (sha256, file_name, schema, georef, placement, report, "
            "created_at, geometry) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (model.sha256, _file_name(model.path), model.schema,
             georef,
             placement, json.dumps(report, ensure_ascii=False, allow_nan=False), utc_now(),
             blob))
        raw.executemany(
            f"INSERT INTO {ELEMENTS} (sha256, id, guid, ifc_class, name, parent, storey, "
            "has_geometry, properties) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def validate_placement(placement: Mapping[str, Any]) -> dict[str, Any]:
    """A clean copy of a manual placement, or ValueError: x, y, z and rotation_deg finite
    numbers (map CRS units and degrees counter-clockwise from grid east), crs a non-empty
    string such as "EPSG:4547" or None (the cache CRS)."""
    if not isinstance(placement, Mapping):
        raise ValueError(f"placement must be a dict with keys {', '.join(PLACEMENT_KEYS)}")
    unknown = sorted(str(k) for k in placement if k not in PLACEMENT_KEYS)
    missing = [k for k in ("x", "y") if k not in placement]
    if unknown or missing:
        raise ValueError("placement: " + "; ".join(
            p for p in (f"missing {', '.join(missing)}" if missing else "",
                        f"unknown {', '.join(unknown)}" if unknown else "") if p))
    out: dict[str, Any] = {}
    for key in ("x", "y", "z", "rotation_deg"):
        value = placement.get(key, 0.0)
        if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                or not math.isfinite(float(value)):
            raise ValueError(f"placement {key}: {value!r} is not a finite number")
        out[key] = float(value)
    crs = placement.get("crs")
    if crs is not None and (not isinstance(crs, str) or not crs.strip()):
        raise ValueError(f"placement crs: {crs!r} is not a CRS name such as 'EPSG:4547'")
    out["crs"] = crs.strip() if isinstance(crs, str) else None
    return out


def save_placement(cache: Cache, sha256: str, placement: Mapping[str, Any] | None) -> None:
    """Save (or with None, clear) the manual placement of a cached model. CacheError when the
    cache holds no model with that sha256; ValueError for a bad placement."""
    clean = None if placement is None else validate_placement(placement)
    with cache.transaction() as tx:
        raw = _raw(tx.conn)
        found = _has_tables(raw) and raw.execute(
            f"UPDATE {MODELS} SET placement = ? WHERE sha256 = ?",
            (None if clean is None else json.dumps(clean), sha256)).rowcount
        if not found:
            raise CacheError("no BIM model with SHA-256 {sha256}", path=cache.path,
                             sha256=sha256)


def delete_model(cache: Cache, sha256: str) -> bool:
    """Remove a model and its elements; whether it was there."""
    with cache.transaction() as tx:
        raw = _raw(tx.conn)
        if not _has_tables(raw):
            return False
        raw.execute(f"DELETE FROM {ELEMENTS} WHERE sha256 = ?", (sha256,))
        return raw.execute(f"DELETE FROM {MODELS} WHERE sha256 = ?", (sha256,)).rowcount > 0


# -- reading ---------------------------------------------------------------------------------------
def has_model(cache: Cache, sha256: str) -> bool:
    with cache.engine.connect() as conn:
        raw = _raw(conn)
        return _has_tables(raw) and raw.execute(
            f"SELECT 1 FROM {MODELS} WHERE sha256 = ?", (sha256,)).fetchone() is not None


def load_model(cache: Cache, sha256: str) -> BimModel | None:
    """The cached model with that file hash, or None. ``path`` is the file name it was saved
    from; ``georef`` is the file's own; ``placement`` the saved manual placement, if any
    (:func:`store.bim.loader.load_bim` applies it). ``report.from_cache`` is True."""
    with cache.engine.connect() as conn:
        raw = _raw(conn)
        if not _has_tables(raw):
            return None
        row = raw.execute(
            f"SELECT file_name, schema, georef, placement, report, geometry FROM {MODELS} "
            "WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            return None
        rows = raw.execute(
            f"SELECT id, guid, ifc_class, name, parent, storey, has_geometry FROM {ELEMENTS} "
            "WHERE sha256 = ?", (sha256,)).fetchall()
    file_name, schema, georef, placement, report, blob = row
    try:
        geometry = decode_geometry(bytes(blob))
        report_dict = json.loads(report)
        known = LoadReport.__dataclass_fields__
        load_report = LoadReport(**{k: v for k, v in report_dict.items() if k in known})
        load_report.warnings = messages_from_json(load_report.warnings)
        model = BimModel(
            path=file_name, sha256=sha256, schema=schema,
            georef=georef_from_dict(json.loads(georef)),
            elements=_ordered(rows), geometry=geometry, report=load_report,
            placement=json.loads(placement) if placement else None)
    except (ValueError, TypeError, KeyError, OSError) as exc:
        raise CacheError("BIM model {name} ({sha256}…) is damaged in the cache: {error}",
                         path=cache.path, name=str(file_name), sha256=sha256[:12],
                         error=str(exc)) from None
    model.report.from_cache = True
    return model


def _ordered(rows: list[tuple[Any, ...]]) -> dict[int, Element]:
    """Elements parent first, in the order the loader walked them (depth-first, by id)."""
    elements = {r[0]: Element(id=r[0], guid=r[1], ifc_class=r[2], name=r[3], parent=r[4],
                              storey=r[5], has_geometry=bool(r[6])) for r in rows}
    children: dict[int | None, list[int]] = {}
    for e in elements.values():
        parent = e.parent if e.parent in elements else None
        children.setdefault(parent, []).append(e.id)
    roots = sorted(children.get(None, []),
                   key=lambda i: (elements[i].ifc_class != "IfcProject", i))
    out: dict[int, Element] = {}
    stack = list(reversed(roots))
    while stack:
        eid = stack.pop()
        if eid in out:
            continue
        out[eid] = elements[eid]
        stack.extend(reversed(sorted(children.get(eid, []))))
    for eid, e in elements.items():  # anything on a cycle
        out.setdefault(eid, e)
    return out


def properties(cache: Cache, sha256: str, element_id: int) -> dict[str, Any]:
    """{"attributes": {...}, "psets": {...}, "qtos": {...}} of one element; empty sections
    when the cache does not have that element."""
    empty: dict[str, Any] = {"attributes": {}, "psets": {}, "qtos": {}}
    with cache.engine.connect() as conn:
        raw = _raw(conn)
        if not _has_tables(raw):
            return empty
        row = raw.execute(f"SELECT properties FROM {ELEMENTS} WHERE sha256 = ? AND id = ?",
                          (sha256, int(element_id))).fetchone()
    if row is None:
        return empty
    return empty | json.loads(row[0])


def list_models(cache: Cache) -> list[dict[str, Any]]:
    """Every cached model, oldest first: sha256, file_name, schema, created_at, georef method,
    placement, products_with_body, tessellated, failed (count), elements."""
    with cache.engine.connect() as conn:
        raw = _raw(conn)
        if not _has_tables(raw):
            return []
        rows = raw.execute(
            f"SELECT m.sha256, m.file_name, m.schema, m.created_at, m.georef, m.placement, "
            f"m.report, (SELECT count(*) FROM {ELEMENTS} e WHERE e.sha256 = m.sha256) "
            f"FROM {MODELS} m ORDER BY m.created_at, m.sha256").fetchall()
    out = []
    for sha, name, schema, created, georef, placement, report, n in rows:
        rep = json.loads(report)
        out.append({"sha256": sha, "file_name": name, "schema": schema, "created_at": created,
                    "georef_method": json.loads(georef).get("method"),
                    "placement": json.loads(placement) if placement else None,
                    "products_with_body": rep.get("products_with_body"),
                    "tessellated": rep.get("tessellated"),
                    "failed": len(rep.get("failed") or []), "elements": n})
    return out
