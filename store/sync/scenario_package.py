"""A planning scenario as one platform feature, so that a scenario travels whole.

The platform's ``scenarios`` collection holds one feature per scenario (id: the scenario's
gid). Its properties are the scenario's ``name``, ``parent`` (the gid it builds on),
``description`` and ``created_at``, its ``ends`` (``[{"feature": gid, "valid_to": when}]``:
recorded features it plans to remove) and its ``features``: every planned feature, as
``{"layer", "id", "geometry" (GeoJSON, CRS84), "properties"}`` with the layer's columns (its
``valid_from`` the planned time). The feature's geometry is the box of its planned features
(a point at the city's centre when it plans none). The layer collections stay the recorded
city's; planned features never mix into them.

:func:`package` makes the feature from a cache, :func:`unpack` checks one received (nothing
in it is trusted: names, layers, columns, geometries, sizes), :func:`store` writes it into a
cache in one transaction, and :func:`digest` tells whether a scenario changed since it was
last pushed or downloaded (kept in the cache's meta, ``scenario_digest:<gid>``).

Example
-------
>>> digest({"properties": {"name": "方案A", "features": [], "ends": []}})[:12]
'6aa5b3e5a1b4'
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from sqlalchemy import delete, insert, select, text

from store.errors import CimviewError
from store.lifespan import parse_when
from store.scenarios import Scenario, validate_name
from store.schema import LAYERS, meta_table, scenario_ends_table, scenarios_table

#: The platform collection of scenarios.
COLLECTION = "scenarios"
#: The most planned features one scenario may carry, and recorded features it may remove.
MAX_FEATURES = 20_000
MAX_ENDS = 100_000
#: Columns a planned feature does not carry (the cache's own, or the scenario itself).
SKIPPED = frozenset({"fid", "geom", "source", "local_edit", "scenario"})
#: What :func:`digest` covers: what the scenario is, not when the platform stored it.
CONTENT = ("name", "parent", "description", "ends", "features")
#: The cache meta key of a scenario's digest when last pushed or downloaded.
META = "scenario_digest:"
SOURCE = "platform"


def columns(layer: str) -> list[str]:
    """The columns a planned feature of ``layer`` carries."""
    return [c.name for c in LAYERS[layer].table.c if c.name not in SKIPPED]


def digest(feature: Mapping[str, Any]) -> str:
    """SHA-256 of a scenario feature's content (:data:`CONTENT`), in canonical JSON."""
    props = feature.get("properties") or {}
    content = {k: props.get(k) for k in CONTENT}
    raw = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                     default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def package(cache: Any, scenario: Scenario, to_lonlat: Transformer) -> dict[str, Any]:
    """The platform feature of ``scenario`` (a scenario of ``cache``); ``to_lonlat`` from the
    cache CRS to CRS84."""
    t = scenarios_table
    with cache.engine.connect() as conn:
        row = conn.execute(select(t.c.created_at, t.c.updated_at)
                           .where(t.c.gid == scenario.gid)).one()
        ends = [{"feature": f, "valid_to": v} for f, v in conn.execute(
            select(scenario_ends_table.c.feature_gid, scenario_ends_table.c.valid_to)
            .where(scenario_ends_table.c.scenario_gid == scenario.gid)
            .order_by(scenario_ends_table.c.feature_gid))]
    planned: list[dict[str, Any]] = []
    boxes = []
    for layer, spec in LAYERS.items():
        if layer == "building_solids":
            continue
        names = columns(layer)
        feats = cache.read(layer, names, where="t.scenario = :s", params={"s": scenario.gid},
                           at=None)
        if not len(feats):
            continue
        geoms = shapely.transform(np.asarray(feats.geoms, dtype=object),
                                  lambda xy: _lonlat(xy, to_lonlat), include_z=spec.has_z)
        boxes.append(shapely.total_bounds(geoms))
        for i, g in enumerate(geoms):
            props = {c: _json_value(feats.columns[c][i]) for c in names if c != "gid"}
            planned.append({"layer": layer, "id": feats.columns["gid"][i],
                            "geometry": json.loads(shapely.to_geojson(g)),
                            "properties": props})
    planned.sort(key=lambda f: (f["layer"], f["id"]))
    if boxes:
        b = np.array(boxes)
        geometry = json.loads(shapely.to_geojson(shapely.box(
            b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max())))
    else:
        extent = cache.extent() or (0.0, 0.0, 0.0, 0.0)
        lon, lat = to_lonlat.transform((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2)
        geometry = {"type": "Point", "coordinates": [round(lon, 9), round(lat, 9)]}
    return {"type": "Feature", "id": scenario.gid, "geometry": geometry, "properties": {
        "name": scenario.name, "parent": scenario.parent_gid,
        "description": scenario.description, "created_at": row.created_at,
        "updated_at": row.updated_at, "ends": ends, "features": planned}}


def _lonlat(xy: np.ndarray, t: Transformer) -> np.ndarray:
    lon, lat = t.transform(xy[:, 0], xy[:, 1])
    out = [np.round(lon, 9), np.round(lat, 9)]
    if xy.shape[1] == 3:
        out.append(xy[:, 2])
    return np.column_stack(out)


def _json_value(v: Any) -> Any:
    if isinstance(v, float) and v != v:
        return None
    if isinstance(v, bytes):
        return v.hex()
    return v


@dataclass
class Unpacked:
    """A received scenario, checked: what :func:`store` writes."""

    scenario: Scenario
    created_at: str | None
    updated_at: str | None
    ends: list[tuple[str, str]]
    #: layer → (geometries in the cache CRS, columns incl. gid)
    features: dict[str, tuple[np.ndarray, dict[str, list[Any]]]] = field(default_factory=dict)
    digest: str = ""


def unpack(feature: Any, to_cache: Transformer) -> Unpacked:
    """Check a received scenario feature and bring its geometries into the cache CRS
    (``to_cache`` from CRS84). CimviewError saying what is wrong."""
    if not isinstance(feature, Mapping) or not isinstance(feature.get("properties"), Mapping):
        raise CimviewError("not a scenario feature")
    gid = feature.get("id")
    if not isinstance(gid, str) or not 0 < len(gid) <= 100:
        raise CimviewError("a scenario without a usable id")
    p = feature["properties"]
    name = validate_name(p.get("name") or "")
    parent = p.get("parent")
    if parent is not None and (not isinstance(parent, str) or len(parent) > 100):
        raise CimviewError("scenario {name}: its parent is not a scenario id", name=name)
    description = p.get("description")
    description = str(description)[:2000] if description is not None else None
    ends_raw = p.get("ends") or []
    planned = p.get("features") or []
    if not isinstance(ends_raw, list) or not isinstance(planned, list):
        raise CimviewError("scenario {name}: ends and features must be lists", name=name)
    if len(ends_raw) > MAX_ENDS or len(planned) > MAX_FEATURES:
        raise CimviewError("scenario {name}: more than {n} planned features or removals",
                           name=name, n=MAX_FEATURES)
    ends = []
    for e in ends_raw:
        when = parse_when(e.get("valid_to")) if isinstance(e, Mapping) else None
        if when is None or not isinstance(e.get("feature"), str):
            raise CimviewError("scenario {name}: a removal without a feature or a time",
                               name=name)
        ends.append((e["feature"], when))
    by_layer: dict[str, list[Mapping[str, Any]]] = {}
    for f in planned:
        layer = f.get("layer") if isinstance(f, Mapping) else None
        if layer not in LAYERS or layer == "building_solids":
            raise CimviewError("scenario {name}: a planned feature of an unknown layer {layer}",
                               name=name, layer=repr(layer))
        if not isinstance(f.get("id"), str) or not isinstance(f.get("properties"), Mapping):
            raise CimviewError("scenario {name}: a planned feature without id or properties",
                               name=name)
        by_layer.setdefault(layer, []).append(f)
    out = Unpacked(Scenario(gid, name, parent, description), _text(p.get("created_at")),
                   _text(p.get("updated_at")), ends, digest=digest(feature))
    for layer, feats in by_layer.items():
        spec = LAYERS[layer]
        try:
            geoms = shapely.from_geojson([json.dumps(f.get("geometry")) for f in feats])
        except (shapely.errors.GEOSException, ValueError, TypeError):
            raise CimviewError("scenario {name}: a planned {layer} feature's geometry is not "
                               "GeoJSON", name=name, layer=layer) from None
        if shapely.is_missing(geoms).any() or not shapely.is_valid_input(geoms).all():
            raise CimviewError("scenario {name}: a planned {layer} feature has no geometry",
                               name=name, layer=layer)
        coords = shapely.get_coordinates(geoms)
        if not np.isfinite(coords).all() or (np.abs(coords[:, 0]) > 180).any() or \
                (np.abs(coords[:, 1]) > 90).any():
            raise CimviewError("scenario {name}: planned {layer} coordinates are not longitude "
                               "and latitude", name=name, layer=layer)
        geoms = shapely.transform(geoms, lambda xy: _cache_xy(xy, to_cache),
                                  include_z=spec.has_z)
        names = columns(layer)
        cols: dict[str, list[Any]] = {"gid": [str(f["id"]) for f in feats]}
        for c in names:
            if c != "gid":
                cols[c] = [_plain(f["properties"].get(c)) for f in feats]
        cols["scenario"] = [gid] * len(feats)
        out.features[layer] = (geoms, cols)
    return out


def _cache_xy(xy: np.ndarray, t: Transformer) -> np.ndarray:
    x, y = t.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y, *([xy[:, 2]] if xy.shape[1] == 3 else [])])


def _text(v: Any) -> str | None:
    return str(v)[:40] if v is not None else None


def _plain(v: Any) -> Any:
    """A property value as SQLite takes it: JSON scalars as they are, anything else as text."""
    if v is None or isinstance(v, str | int | float) and not isinstance(v, bool):
        return v
    if isinstance(v, bool):
        return int(v)
    return json.dumps(v, ensure_ascii=False)


def store(cache: Any, got: Unpacked) -> None:
    """Write a received scenario into ``cache`` in one transaction: its row (by gid; when a
    local scenario already has its name, it is named ``name (first 8 of its id)``), its
    removals and its planned features, replacing what the cache held of that scenario."""
    from store.cache import utc_now

    s = got.scenario
    now = utc_now()
    with cache.transaction() as tx:
        conn = tx.conn
        taken = conn.execute(select(scenarios_table.c.gid).where(
            scenarios_table.c.name == s.name, scenarios_table.c.gid != s.gid)).first()
        name = s.name if taken is None else f"{s.name} ({s.gid[:8]})"
        conn.execute(delete(scenarios_table).where(scenarios_table.c.gid == s.gid))
        conn.execute(insert(scenarios_table).values(
            gid=s.gid, name=name, parent_gid=s.parent_gid, description=s.description,
            created_at=got.created_at or now, updated_at=got.updated_at or now))
        conn.execute(delete(scenario_ends_table).where(
            scenario_ends_table.c.scenario_gid == s.gid))
        if got.ends:
            conn.execute(insert(scenario_ends_table), [
                {"scenario_gid": s.gid, "feature_gid": f, "valid_to": v} for f, v in got.ends])
        for layer, spec in LAYERS.items():
            if layer == "building_solids":
                continue
            conn.execute(text(f'DELETE FROM "{spec.name}" WHERE scenario = :s'), {"s": s.gid})
        for layer, (geoms, cols) in got.features.items():
            tx.delete(layer, cols["gid"])  # the same id held elsewhere: the scenario's wins
            tx.insert(layer, geoms, cols, source=SOURCE)
        tx.set_meta(META + s.gid, got.digest)
        tx.record("scenario_download", gid=s.gid, name=name,
                  features=sum(len(g) for g, _ in got.features.values()), ends=len(got.ends))


def remove(cache: Any, gid: str) -> None:
    """Take a scenario the platform retired out of ``cache``, with its planned features."""
    with cache.transaction() as tx:
        conn = tx.conn
        for layer, spec in LAYERS.items():
            if layer != "building_solids":
                conn.execute(text(f'DELETE FROM "{spec.name}" WHERE scenario = :s'), {"s": gid})
        conn.execute(delete(scenario_ends_table).where(
            scenario_ends_table.c.scenario_gid == gid))
        conn.execute(delete(scenarios_table).where(scenarios_table.c.gid == gid))
        tx.set_meta(META + gid, "")
        tx.record("scenario_retired", gid=gid)


def last_digest(cache: Any, gid: str) -> str | None:
    """The digest of the scenario when last pushed or downloaded (None: never)."""
    with cache.engine.connect() as conn:
        value = conn.execute(select(meta_table.c.value).where(
            meta_table.c.key == META + gid)).scalar()
    return value or None


def remember(cache: Any, gid: str, value: str) -> None:
    """Keep the digest of a scenario just pushed."""
    with cache.transaction() as tx:
        tx.set_meta(META + gid, value)


def changed_locally(cache: Any, scenario: Scenario, to_lonlat: Transformer) -> bool:
    """Whether the scenario differs from what was last pushed or downloaded (or never was)."""
    return digest(package(cache, scenario, to_lonlat)) != last_digest(cache, scenario.gid)


__all__ = ["COLLECTION", "MAX_ENDS", "MAX_FEATURES", "Unpacked", "changed_locally", "columns",
           "digest", "last_digest", "package", "remember", "remove", "store", "unpack"]
