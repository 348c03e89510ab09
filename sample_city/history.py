"""The sample city's past and planned future (issue 16), consistent with its housing data.

* **An urban village demolished in 2012, towers by 2016**: the tower compound nearest the
  centre stands since 2014–2016; under it, village houses (城中村, 1982–1998, 自建房, 3–7
  storeys) that stood until 2012, kept as history.
* **A road widened**: the widest road named once stands since 2015 at its width; before, the
  same road 40 % narrower.
* **A pipeline replaced**: a water main of cast iron (1988) was replaced in 2018 by the
  polyethylene main of today.
* **Smart poles installed since 2019**: each pole stands from its ``install_year``.
* **The proposal, planned for 2027 in 方案A**, as a white model of its footprint and height;
  **a larger alternative in 方案B** (a third more floor plate, 40 % taller, 2028); each
  removes the old walk-ups its footprint covers the year before (cimview_scenario_ends).

Only history and planned features are added: the city of now is what it was. Everything is
derived from the city's own seeded generators, so a build is repeatable.
"""

from __future__ import annotations

import uuid
from typing import Any

import numpy as np
import shapely
import shapely.affinity

from sample_city.model import LayerData

VILLAGE_ENDED = "2012"
SCENARIOS = (("方案A", "现行报建方案：{name}", "2027", 1.0, 1.0),
             ("方案B", "更大体量的比选方案：{name}", "2028", 1.15, 1.4))
_NS = uuid.UUID("5a1e7c1e-0000-4000-8000-000000000016")


def _gid(*parts: Any) -> str:
    return str(uuid.uuid5(_NS, "|".join(str(p) for p in parts)))


def _extend(layer: LayerData, geoms: list[Any], rows: dict[str, list[Any]]) -> None:
    """Append rows to a layer: columns it has and the rows lack are NULL (and the reverse)."""
    n = len(geoms)
    old = len(layer)
    for key in set(layer.columns) | set(rows):
        before = list(layer.columns[key]) if key in layer.columns else [None] * old
        layer.columns[key] = before + list(rows.get(key, [None] * n))
    layer.geoms = list(layer.geoms) + list(geoms)


def _tower_compound(city: Any) -> tuple[int, np.ndarray] | None:
    """The parcel of towers nearest the centre, and its buildings' rows."""
    b = city.buildings
    cx, cy = city.frame.domain.centroid.coords[0]
    best = None
    for p in np.unique(b.parcel):
        rows = np.flatnonzero(b.parcel == p)
        if len(rows) < 2 or not set(b.btype[rows]) <= {"tower"}:
            continue
        d = city.layout.parcels[int(p)].geom.centroid.distance(shapely.Point(cx, cy))
        if best is None or d < best[0]:
            best = (d, int(p), rows)
    return None if best is None else (best[1], best[2])


def _village_houses(parcel: shapely.Geometry, rng: np.random.Generator) -> list[shapely.Polygon]:
    inner = parcel.buffer(-4.0)
    x0, y0, x1, y1 = inner.bounds
    xs = np.arange(x0, x1 - 8, 11.0)
    ys = np.arange(y0, y1 - 8, 12.5)
    gx, gy = np.meshgrid(xs, ys)
    gx, gy = gx.ravel(), gy.ravel()
    w = rng.uniform(7.0, 9.5, len(gx))
    d = rng.uniform(8.0, 10.5, len(gx))
    boxes = shapely.box(gx, gy, gx + w, gy + d)
    keep = shapely.within(boxes, inner) & (rng.random(len(gx)) > 0.08)
    return list(boxes[keep])


def add_history(city: Any, rng: np.random.Generator, terrain_height: Any
                ) -> dict[str, LayerData]:
    """The village, the widened road, the replaced main and the poles' installation: the
    present rows' dates are set in ``city.layers``; the rows of what is gone are returned,
    per layer."""
    buildings = city.layers["buildings"]
    past: dict[str, LayerData] = {}
    found = _tower_compound(city)
    if found is not None:
        parcel, rows = found
        years = rng.integers(2014, 2017, len(rows))
        year_built = list(buildings.columns["year_built"])
        valid_from = list(buildings.columns["valid_from"])
        for r, y in zip(rows.tolist(), years.tolist(), strict=True):
            year_built[r] = max(int(year_built[r]), y)
            valid_from[r] = f"{year_built[r]:04d}"
        buildings.columns["year_built"] = year_built
        buildings.columns["valid_from"] = valid_from
        houses = _village_houses(city.layout.parcels[parcel].geom, rng)
        n = len(houses)
        if n:
            floors = rng.integers(3, 8, n)
            built = rng.integers(1982, 1999, n)
            xy = np.array([h.centroid.coords[0] for h in houses])
            ground = np.round(terrain_height(xy[:, 0], xy[:, 1]), 2)
            past["buildings"] = LayerData([], {})
            _extend(past["buildings"], [shapely.MultiPolygon([h]) for h in houses], {
                "gid": [_gid("village", parcel, i) for i in range(n)],
                "height": np.round(floors * 3.0, 1).tolist(),
                "height_estimated": [0] * n, "ground_z": ground.tolist(),
                "floors_above": floors.tolist(), "use_code": ["10"] * n,
                "use": ["住宅"] * n, "structure_code": [4] * n,
                "year_built": built.tolist(), "tenure": ["自建房"] * n,
                "floor_area": [round(h.area * f, 1) for h, f in zip(houses, floors.tolist(),
                                                                    strict=True)],
                "units": [max(1, int(h.area * f / 60)) for h, f in zip(houses, floors.tolist(),
                                                                      strict=True)],
                "safety_grade": ["C"] * n, "lod": ["1"] * n,
                "valid_from": [f"{y:04d}" for y in built.tolist()],
                "valid_to": [VILLAGE_ENDED] * n})
    roads = city.layers["roads"]
    names = list(roads.columns["name"])
    once = [i for i, nm in enumerate(names) if names.count(nm) == 1]
    if once:
        widths = np.array([roads.columns["width"][i] for i in once], dtype=float)
        i = once[int(np.argmax(widths))]
        roads.columns["valid_from"] = [("2015" if j == i else None) for j in range(len(roads))]
        old = {k: [v[i]] for k, v in roads.columns.items()}
        old.update(gid=[_gid("road", roads.columns["gid"][i])], valid_from=[None],
                   valid_to=["2015"], width=[round(float(roads.columns["width"][i]) * 0.6, 1)])
        past["roads"] = LayerData([], {})
        _extend(past["roads"], [roads.geoms[i]], old)
    pipes = city.layers["pipelines"]
    classes = list(pipes.columns["class_code"])
    mains = [i for i, c in enumerate(classes) if c == "JS"]
    if mains:
        i = mains[len(mains) // 2]
        n = len(pipes)
        pipes.columns["valid_from"] = [("2018" if j == i else None) for j in range(n)]
        year = list(pipes.columns["year"]) if "year" in pipes.columns else [None] * n
        year[i] = 2018
        pipes.columns["year"] = year
        material = list(pipes.columns["material_code"])
        material[i] = "PE"
        pipes.columns["material_code"] = material
        old = {k: [v[i]] for k, v in pipes.columns.items()}
        old.update(gid=[_gid("pipe", pipes.columns["gid"][i])], valid_from=["1988"],
                   valid_to=["2018"], material_code=["ZT"], year=[1988])
        past["pipelines"] = LayerData([], {})
        _extend(past["pipelines"], [pipes.geoms[i]], old)
    poles = city.layers.get("poles")
    if poles is not None and "install_year" in poles.columns:  # smart poles: since 2019
        poles.columns["valid_from"] = [f"{int(y):04d}" for y in poles.columns["install_year"]]
    return past


def planned(proposal: dict[str, Any] | None, ground: float, buildings: LayerData) -> tuple[
        list[dict[str, Any]], LayerData | None, list[dict[str, Any]]]:
    """The scenarios (rows for cimview_scenarios), their planned buildings, and the recorded
    buildings each removes first (rows for cimview_scenario_ends: what the new footprint
    covers, gone by the year before)."""
    if proposal is None:
        return [], None, []
    standing = np.array([v is None for v in buildings.columns.get(
        "valid_to", [None] * len(buildings))], dtype=bool)
    ends: list[dict[str, Any]] = []
    foot = shapely.from_wkt(proposal["footprint_wkt"])
    rows, geoms = [], []
    cols: dict[str, list[Any]] = {k: [] for k in (
        "gid", "name", "height", "height_estimated", "ground_z", "floors_above", "floor_area",
        "use", "lod", "valid_from", "scenario")}
    for name, description, year, scale, taller in SCENARIOS:
        gid = _gid("scenario", name)
        rows.append({"gid": gid, "name": name, "parent_gid": None,
                     "description": description.format(name=proposal.get("name", ""))})
        shape = shapely.affinity.scale(foot, scale, scale) if scale != 1.0 else foot
        covered = shapely.intersects(np.asarray(buildings.geoms, dtype=object), shape)
        ends += [{"scenario_gid": gid, "feature_gid": buildings.columns["gid"][i],
                  "valid_to": str(int(year) - 1)} for i in np.flatnonzero(covered & standing)]
        geoms.append(shape if shape.geom_type == "MultiPolygon"
                     else shapely.MultiPolygon([shape]))
        height = round(float(proposal["height"]) * taller, 1)
        cols["gid"].append(_gid("planned", name))
        cols["name"].append(f"{proposal.get('name', '')}（{name}）")
        cols["height"].append(height)
        cols["height_estimated"].append(0)
        cols["ground_z"].append(round(float(ground), 2))
        floors = int(round(height * proposal["storeys"] / max(float(proposal["height"]), 1.0)))
        cols["floors_above"].append(floors)
        cols["floor_area"].append(round(shape.area * floors, 1))
        cols["use"].append(None)
        cols["lod"].append("1")
        cols["valid_from"].append(year)
        cols["scenario"].append(gid)
    return rows, LayerData(geoms, cols), ends
