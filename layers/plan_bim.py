"""Add a proposal BIM to a planning scenario: the building it proposes becomes a planned
building of the scenario (its LOD1 block: the BIM's outline, ground and top), standing from
the planned time, and the white models it replaces end then in that scenario
(``cimview_scenario_ends``), as the sample city's proposal does in 方案A.

Example
-------
>>> gid = add_bim_to_scenario(cache, model, "方案A", "2027", replaced=[12, 13])  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from layers.bim import NOT_MASS, footprint, to_cache
from layers.plan_building import plan_building
from store.errors import CimviewError


def add_bim_to_scenario(cache: Any, model: Any, scenario: str, when: str, *,
                        replaced: list[int] | tuple[int, ...] = (), georef: Any = None) -> str:
    """Insert the building ``model`` (a loaded :class:`store.bim.model.BimModel`, placed by
    ``georef`` when given, else by its own) into ``scenario`` (a name or gid) as planned for
    ``when`` (a year or date): its block, from its lowest to its highest point, its storeys as
    floors (:func:`layers.plan_building.plan_building`); the white models under it and those
    ``replaced`` (fids: what the BIM's view hides, or a cleared parcel's) end then in that
    scenario. Returns the new building's gid. CimviewError when the model has no outline on
    the map or ``when`` is not a time."""
    placed = dataclasses.replace(model, georef=georef) if georef is not None else model
    outline = footprint(placed, cache.crs)
    if outline.is_empty:
        raise CimviewError("{file}: the model has no building elements to place on the map",
                           file=Path(model.path).name)
    ground, top = _heights(placed, cache.crs)
    storeys = sum(1 for e in model.elements.values() if e.ifc_class == "IfcBuildingStorey")
    gids = list(cache.read("buildings", ["gid"], where="t.fid IN (SELECT value FROM "
                           "json_each(:fids))", params={"fids": json.dumps(
                               [int(f) for f in replaced])}, at=None, geometry=False
                           ).columns["gid"]) if replaced else []
    block = shapely.MultiPolygon(list(getattr(outline, "geoms", [outline])))
    return plan_building(cache, scenario, block, when, height=top - ground,
                         name=Path(model.path).stem, floors=storeys or None, ground_z=ground,
                         attrs={"ifc": Path(model.path).name, "sha256": model.sha256},
                         source="bim", also_ends=gids)


def bim_stands(cache: Any, sha256: str) -> bool | None:
    """Whether the proposal with this SHA-256 stands at the map's time in the scenario shown
    (``cache.at``, ``cache.scenarios``): None when the scenario shown (or none) does not plan
    it — an open BIM is then shown at any time, as the proposal under review — else whether
    its planned building stands then."""
    from sqlalchemy import text

    chain = tuple(getattr(cache, "scenarios", ()))
    if not chain:
        return None
    marks = ", ".join(f":_p{i}" for i in range(len(chain)))
    sql = (f"SELECT count(*) FROM buildings t WHERE t.scenario IN ({marks}) AND "
           "json_valid(t.attrs) AND json_extract(t.attrs, '$.sha256') = :sha")
    args = {"sha": sha256, **{f"_p{i}": g for i, g in enumerate(chain)}}
    with cache.engine.connect() as conn:
        if not conn.execute(text(sql), args).scalar():
            return None
        standing, when = cache.standing_sql()
        where = f" AND {standing}" if standing else ""
        return bool(conn.execute(text(sql + where), {**args, **when}).scalar())


@dataclasses.dataclass(frozen=True)
class PlannedBim:
    """A proposal BIM planned in a scenario: its file's ``name`` and ``sha256``, the planned
    building's ``gid``, when it is planned to stand (``valid_from``), the ``scenario``'s name,
    and whether its model is kept in the cache (``kept``: it opens without the IFC file)."""

    name: str
    sha256: str
    gid: str
    valid_from: str
    scenario: str
    kept: bool


def planned_bims(cache: Any) -> list[PlannedBim]:
    """The proposal BIMs planned in the scenarios shown (``cache.scenarios``: the one chosen
    and those it builds on), in planned order. A BIM added to a scenario keeps its model in
    the cache (its tessellation, element tree, properties and placement, stored when it was
    opened), so the scenario shows it again in another session, without the file."""
    from sqlalchemy import text

    from store.bim.store import has_model

    chain = tuple(getattr(cache, "scenarios", ()))
    if not chain:
        return []
    marks = ", ".join(f":_p{i}" for i in range(len(chain)))
    sql = ("SELECT t.gid, t.valid_from, json_extract(t.attrs, '$.ifc'), "
           "json_extract(t.attrs, '$.sha256'), s.name FROM buildings t "
           "JOIN cimview_scenarios s ON s.gid = t.scenario "
           f"WHERE t.scenario IN ({marks}) AND json_valid(t.attrs) AND "
           "json_extract(t.attrs, '$.sha256') IS NOT NULL ORDER BY t.valid_from, t.gid")
    with cache.engine.connect() as conn:
        rows = conn.execute(text(sql), {f"_p{i}": g for i, g in enumerate(chain)}).all()
    return [PlannedBim(str(name or sha[:12]), str(sha), str(gid), str(start or ""),
                       str(scenario), has_model(cache, str(sha)))
            for gid, start, name, sha, scenario in rows]


def kept_model(cache: Any, sha256: str) -> Any:
    """The model of a planned BIM as the cache keeps it (:func:`store.bim.loader.load_kept`),
    or CimviewError when it holds it no longer (its IFC file must be opened again)."""
    from store.bim.loader import load_kept

    model = load_kept(cache, sha256)
    if model is None:
        raise CimviewError("the BIM model {sha256}… is not kept in this cache: open its IFC "
                           "file", sha256=sha256[:12])
    return model


def _heights(model: Any, crs: Any) -> tuple[float, float]:
    """The lowest and highest point of the model's building elements (cache heights)."""
    g = model.geometry
    classes = {i: e.ifc_class for i, e in model.elements.items()}
    keep = np.array([classes.get(int(e)) not in NOT_MASS for e in g.element_of_triangle])
    if not keep.any():
        keep[:] = True
    used = np.unique(g.triangles[keep])
    z = to_cache(model.georef, g.vertices[used], crs)[:, 2]
    return float(np.nanmin(z)), float(np.nanmax(z))


__all__ = ["PlannedBim", "add_bim_to_scenario", "bim_stands", "kept_model", "planned_bims"]
