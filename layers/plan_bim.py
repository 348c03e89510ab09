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
from sqlalchemy import delete, insert

from layers.bim import NOT_MASS, footprint, to_cache
from store import lifespan, scenarios
from store.cache import new_gids
from store.errors import CimviewError
from store.schema import scenario_ends_table


def add_bim_to_scenario(cache: Any, model: Any, scenario: str, when: str, *,
                        replaced: list[int] | tuple[int, ...] = (), georef: Any = None) -> str:
    """Insert the building ``model`` (a loaded :class:`store.bim.model.BimModel`, placed by
    ``georef`` when given, else by its own) into ``scenario`` (a name or gid) as planned for
    ``when`` (a year or date), ending the white models ``replaced`` (fids) then in that
    scenario. Returns the new building's gid. CimviewError when the model has no outline on
    the map or ``when`` is not a time."""
    planned = lifespan.parse_when(when)
    if planned is None:
        raise CimviewError("{when}: not a year, date or time", when=repr(when))
    s = scenarios.find(cache, scenario)
    placed = dataclasses.replace(model, georef=georef) if georef is not None else model
    outline = footprint(placed, cache.crs)
    if outline.is_empty:
        raise CimviewError("{file}: the model has no building elements to place on the map",
                           file=Path(model.path).name)
    ground, top = _heights(placed, cache.crs)
    storeys = sum(1 for e in model.elements.values() if e.ifc_class == "IfcBuildingStorey")
    name = Path(model.path).stem
    block = shapely.MultiPolygon(list(getattr(outline, "geoms", [outline])))
    gids = list(cache.read("buildings", ["gid"], where="t.fid IN (SELECT value FROM "
                           "json_each(:fids))", params={"fids": json.dumps(
                               [int(f) for f in replaced])}, at=None, geometry=False
                           ).columns["gid"]) if replaced else []
    gid = new_gids(1)[0]
    with cache.transaction() as tx:  # the building and what it replaces, together
        tx.insert("buildings", [block], {
            "gid": [gid], "name": [name], "height": [round(top - ground, 2)],
            "ground_z": [round(ground, 2)], "floors_above": [storeys or None],
            "lod": ["1"], "valid_from": [planned], "scenario": [s.gid],
            "attrs": [json.dumps({"ifc": Path(model.path).name, "sha256": model.sha256},
                                 ensure_ascii=False)]}, source="bim")
        if gids:
            tx.conn.execute(delete(scenario_ends_table).where(
                scenario_ends_table.c.scenario_gid == s.gid,
                scenario_ends_table.c.feature_gid.in_(gids)))
            tx.conn.execute(insert(scenario_ends_table), [
                {"scenario_gid": s.gid, "feature_gid": g, "valid_to": planned} for g in gids])
        tx.record("scenario_bim", scenario=s.gid, gid=gid, ifc=Path(model.path).name,
                  sha256=model.sha256, planned=planned, replaces=len(gids))
    return gid


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


__all__ = ["add_bim_to_scenario", "bim_stands"]
