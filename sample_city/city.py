"""Build the demo city 珠湾区 and write it as a cimview cache (plus dem.tif and proposal IFCs).

Randomness comes from ``np.random.SeedSequence(seed).spawn(8)`` children in a fixed order:
terrain, layout, buildings, addresses, pipelines, poles, ifc, map (water names and ponds, the
orthophoto's tones and textures; added last, so the other streams draw what they always drew).
The district grows with the number of buildings at a constant density; exactly N buildings are
kept, parcels nearest the centre first (parcels left without buildings at the edge stay as 空地).
"""

from __future__ import annotations

import math
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from sqlalchemy import insert

from resources import lookup
from sample_city import history
from sample_city import names as nm
from sample_city.addresses import admin_areas, generate_addresses
from sample_city.buildings import Buildings, assign_attributes, generate_footprints
from sample_city.layout import CLASS_DIGIT, Frame, Layout, Parcel, generate_layout
from sample_city.model import CENTRE_LONLAT, CRS, VERTICAL_CRS, LayerData, Terrain, gids
from sample_city.ortho import Ortho, generate_ortho
from sample_city.ortho import to_geotiff as ortho_geotiff
from sample_city.pipelines import generate_pipelines
from sample_city.poles import generate_poles
from sample_city.proposal_ifc import write_proposal
from sample_city.terrain import Landform, generate_terrain
from sample_city.water import water_layer
from store.cache import creating, utc_now
from store.errors import CacheError
from store.raster import put_dem, to_geotiff
from store.schema import scenario_ends_table, scenarios_table

DEFAULT_SEED = 2026
DEFAULT_BUILDINGS = 4000
CACHE_NAME = "sample_city.gpkg"
SOURCE = "sample_city"
DENSITY = 700.0  # buildings per km² of district: 4,000 buildings on about 2.4 km × 2.4 km
#: A redevelopment's homes need the sun: the proposal goes first to an old compound with no
#: building taller than this (m) within SKY_CLEAR m of its red line (away from the CBD towers).
TALL_NEAR_PROPOSAL = 40.0
SKY_CLEAR = 250.0
STREAMS = ("terrain", "layout", "buildings", "addresses", "pipelines", "poles", "ifc", "map")


class CityExists(CacheError):
    """The output cache exists and --force was not given."""


@dataclass
class City:
    """Everything generated for one seed and size, before it is written."""

    frame: Frame
    terrain: Terrain
    layout: Layout
    buildings: Buildings
    layers: dict[str, LayerData]
    ifc_seed: int
    landform: Landform
    map_rng: np.random.Generator


def centre() -> tuple[float, float]:
    """The district centre in EPSG:4547 (easting, northing)."""
    to_gk = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    x, y = to_gk.transform(*CENTRE_LONLAT)
    return float(x), float(y)


def generate(buildings: int = DEFAULT_BUILDINGS, seed: int = DEFAULT_SEED) -> City:
    """Generate the city in memory (no files): terrain, roads, parcels, buildings, addresses."""
    if buildings < 1:
        raise ValueError("the city needs at least one building")
    seqs = dict(zip(STREAMS, np.random.SeedSequence(seed).spawn(len(STREAMS)), strict=True))
    cx, cy = centre()
    half = 500.0 * math.sqrt(buildings / DENSITY)
    for _attempt in range(8):
        rng = {k: np.random.default_rng(s) for k, s in seqs.items()}
        angle = math.radians(rng["layout"].uniform(2.0, 6.0) * rng["layout"].choice([-1, 1]))
        frame = Frame(cx, cy, angle, half)
        terrain, landform = generate_terrain(frame.domain, rng["terrain"])
        layout = generate_layout(frame, landform, rng["layout"])
        found = generate_footprints(layout, rng["buildings"])
        total = len(found)
        if total >= buildings and (total <= 1.3 * buildings or _attempt >= 5):
            kept = _keep(found, layout.parcels, buildings)
            if kept is not None:
                break
        # Resize the district to the density actually reached and try again.
        half *= math.sqrt(max(buildings * 1.08, 1.0) / max(total, 1)) * (1.02 if total < buildings
                                                                        else 1.0)
    else:
        raise RuntimeError(f"could not lay out {buildings} buildings")
    b = found.take(kept)
    _retire_empty(layout, b)
    b.attrs["gid"] = np.array(gids(rng["buildings"], len(b)), dtype=object)
    assign_attributes(b, layout.parcels, terrain, rng["buildings"])
    admin = admin_areas(layout, rng["addresses"])
    addresses, per_building = generate_addresses(b, layout, admin, rng["addresses"])
    layers = {"buildings": _buildings_layer(b, per_building), "addresses": addresses,
              "roads": _roads_layer(layout)}
    layers["pipelines"], layers["pipe_points"] = generate_pipelines(
        layout.roads, terrain, rng["pipelines"])
    layers["poles"], layers["pole_devices"] = generate_poles(layout.roads, terrain, rng["poles"])
    layers["water"] = water_layer(landform, layout, terrain.grid.bounds(), rng["map"])
    return City(frame, terrain, layout, b, layers, int(rng["ifc"].integers(0, 2**31 - 1)),
                landform, rng["map"])


def build(out: Path, *, buildings: int = DEFAULT_BUILDINGS, seed: int = DEFAULT_SEED,
          force: bool = False, reality: bool = True) -> dict[str, Any]:
    """Generate the city; write out/sample_city.gpkg, out/dem.tif, out/ortho.tif,
    out/proposals/*.ifc and, with ``reality``, the district's reality-mesh 3D Tiles in
    out/reality/ (registered in the cache, :mod:`sample_city.reality_mesh`).

    Refuses (CityExists) when the cache exists, unless ``force``: then everything is rebuilt
    beside the old files and moved into place only when complete.
    """
    t0 = time.perf_counter()
    out = Path(out)
    target = out / CACHE_NAME
    if target.exists() and not force:
        raise CityExists(f"{target} exists; use --force to rebuild it")
    out.mkdir(parents=True, exist_ok=True)
    city = generate(buildings, seed)
    staging = out / f".proposals.{os.getpid()}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    tmp_cache = out / f".{CACHE_NAME}.{os.getpid()}.new"
    tmp_dem = out / f".dem.tif.{os.getpid()}.partial"
    tmp_ortho = out / f".ortho.tif.{os.getpid()}.partial"
    try:
        proposal = _write_proposal(city, staging, city.ifc_seed)
        city.layers["parcels"] = _parcels_layer(city.layout, city.terrain, proposal)
        # the past under today's city, and the proposal's future in two scenarios
        past = history.add_history(city, np.random.default_rng([seed, 16]),
                                   city.terrain.height)
        scenarios, planned, ends = history.planned(
            proposal, proposal["ground"] if proposal else 0.0, city.layers["buildings"])
        ortho = make_ortho(city)
        ortho_tif = ortho_geotiff(ortho)
        with creating(tmp_cache, CRS, vertical_crs=VERTICAL_CRS, name=nm.CITY_NAME) as cache:
            with cache.transaction() as tx:
                for name, data in city.layers.items():
                    tx.insert(name, data.geoms, data.columns, source=SOURCE)
                for name, data in past.items():
                    tx.insert(name, data.geoms, data.columns, source=SOURCE)
                now = utc_now()
                for row in scenarios:
                    tx.conn.execute(insert(scenarios_table).values(
                        **row, created_at=now, updated_at=now))
                if planned is not None:
                    tx.insert("buildings", planned.geoms, planned.columns, source=SOURCE)
                if ends:
                    tx.conn.execute(insert(scenario_ends_table), ends)
                put_dem(tx, city.terrain.grid, source=SOURCE)
                _, rows, cols = ortho.rgb.shape
                tx.put_raster("ortho", "ortho", ortho_tif, crs=ortho.crs, width=cols,
                              height=rows, transform=tuple(ortho.transform)[:6], nodata=None,
                              min_z=None, max_z=None, source=SOURCE)
                tx.set_meta("sample_city", f"seed={seed} buildings={buildings}")
            cache.close()
        tmp_dem.write_bytes(to_geotiff(city.terrain.grid))
        tmp_ortho.write_bytes(ortho_tif)
        os.replace(tmp_cache, target)
        os.replace(tmp_dem, out / "dem.tif")
        os.replace(tmp_ortho, out / "ortho.tif")
        final = out / "proposals"
        if final.exists():
            shutil.rmtree(final)
        staging.rename(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        tmp_cache.unlink(missing_ok=True)
        tmp_dem.unlink(missing_ok=True)
        tmp_ortho.unlink(missing_ok=True)
    mesh = None
    if reality:
        from sample_city.reality_mesh import build_for_city

        mesh = build_for_city(target, out / "reality")
    grid = city.terrain.grid
    return {
        "cache": str(target), "dem": str(out / "dem.tif"), "seed": seed,
        "layers": {name: len(data) for name, data in city.layers.items()},
        "extent": [round(v, 1) for v in city.frame.domain.bounds],
        "dem_cells": list(grid.values.shape), "dem_cell_m": grid.cell,
        "dem_z": [round(float(grid.values.min()), 1), round(float(grid.values.max()), 1)],
        "ortho": str(out / "ortho.tif"), "ortho_px": [rows, cols],
        "ortho_cell_m": round(ortho.cell, 2), "ortho_mb": round(len(ortho_tif) / 1e6, 1),
        "proposal": proposal, "reality": mesh, "seconds": round(time.perf_counter() - t0, 1),
    }


def make_ortho(city: City) -> Ortho:
    """The city's orthophoto-like raster (see :mod:`sample_city.ortho`)."""
    b = city.buildings
    kinds = [city.layout.parcels[int(p)].kind for p in b.parcel]
    forest = shapely.intersection(city.landform.hill_core, city.frame.domain)
    return generate_ortho(city.layout, city.terrain, b.geoms, kinds,
                          np.asarray(b.attrs["height"], dtype=float),
                          np.asarray(city.layers["water"].geoms), forest, city.map_rng)


# -- helpers -------------------------------------------------------------------------------------
def _keep(b: Buildings, parcels: list[Parcel], n: int) -> np.ndarray | None:
    """Indices of exactly n buildings, whole parcels nearest the centre first; a compound or
    village may be cut short at the end. None when that cannot make n."""
    keep: list[np.ndarray] = []
    need = n
    starts = np.flatnonzero(np.r_[True, b.parcel[1:] != b.parcel[:-1]])
    ends = np.r_[starts[1:], len(b)]
    for s, e in zip(starts, ends, strict=True):
        size = e - s
        if size <= need:
            keep.append(np.arange(s, e))
            need -= size
        elif parcels[int(b.parcel[s])].kind in ("village", "compound", "old"):
            keep.append(np.arange(s, s + need))
            need = 0
        if need == 0:
            return np.concatenate(keep)
    return None


def _retire_empty(layout: Layout, b: Buildings) -> None:
    """Parcels left without buildings become 空地; their village lanes go."""
    used = set(b.parcel.tolist())
    dropped: set[str] = set()
    for i, p in enumerate(layout.parcels):
        if p.kind in ("park", "vacant") or i in used:
            continue
        p.kind, p.status = "vacant", "空地"
        dropped.update(p.road_gids)
        p.road_gids = []
    layout.roads = [r for r in layout.roads if r.gid not in dropped]



def _buildings_layer(b: Buildings, per_building: dict[str, list]) -> LayerData:
    n = len(b)
    a = b.attrs
    cols: dict[str, Any] = {k: a[k] for k in (
        "gid", "height", "height_estimated", "ground_z", "floors_above", "floors_below", "use",
        "use_code", "structure_code", "year_built", "floor_area", "tenure", "safety_grade",
        "assessed_on", "lod")}
    cols["units"] = [int(u) if r else None for u, r in zip(a["units"], a["is_residential"],
                                                          strict=True)]
    cols["name"] = list(b.names)
    cols["code"] = per_building["code"]
    cols["address_gid"] = per_building["address_gid"]
    cols["address"] = per_building["address"]
    cols["parent_gid"] = [a["gid"][p] if p >= 0 else None for p in b.parent]
    # standing since the year it was built (store.lifespan): the city at 1990 has fewer
    cols["valid_from"] = [f"{int(y):04d}" for y in a["year_built"]]
    geoms = shapely.multipolygons(b.geoms, indices=np.arange(n)) if n else b.geoms
    return LayerData(geoms, cols)


def _roads_layer(layout: Layout) -> LayerData:
    roads = layout.roads
    serial = {name: i for i, name in enumerate(dict.fromkeys(r.name for r in roads), 1)}
    return LayerData([r.line for r in roads], {
        "gid": [r.gid for r in roads], "name": [r.name for r in roads],
        "code": [f"{nm.DISTRICT_CODE}{CLASS_DIGIT[r.road_class]}{serial[r.name]:05d}"
                 for r in roads],
        "road_class": [r.road_class for r in roads], "width": [r.width for r in roads]})


def _ground(terrain: Terrain, geom: shapely.Geometry) -> float:
    xy = shapely.get_coordinates(geom)
    return round(float(np.nanmin(terrain.height(xy[:, 0], xy[:, 1]))), 2)


def _proposal_parcels(city: City) -> list[Parcel]:
    """Parcels for the proposal: an old walk-up compound to be redeveloped (旧改) of 0.7–2.6 ha
    first, so that the BIM has white models to replace — one with open sky (no building taller
    than TALL_NEAR_PROPOSAL within SKY_CLEAR m) before one beside the CBD towers, whose shadows
    would leave the proposal's own homes short of 大寒 sunlight; then vacant
    residential/business parcels of that size; then any vacant parcel; nearest the centre
    first in each group. On such a parcel, among old homes close by, the sample proposal takes
    sunlight from a neighbour (the review's sunlight rule fails for real) while its own homes
    keep theirs."""
    centre = shapely.Point(city.frame.cx, city.frame.cy)
    b = city.buildings
    tall = b.geoms[np.asarray(b.attrs["height"], float) > TALL_NEAR_PROPOSAL]
    tree = shapely.STRtree(tall)

    def rank(p: Parcel) -> tuple[int, float, str]:
        sized = 7000 <= p.area <= 26000
        open_sky = not len(tree.query(p.geom, predicate="dwithin", distance=SKY_CLEAR))
        group = (0 if p.kind == "old" and sized and open_sky else
                 1 if p.kind == "old" and sized else
                 2 if sized and p.land_use_code in ("R2", "B2") else 3)
        return (group, p.geom.centroid.distance(centre), p.code)

    return sorted((p for p in city.layout.parcels if p.status == "空地" or p.kind == "old"),
                  key=rank)


def _write_proposal(city: City, folder: Path, seed: int) -> dict[str, Any] | None:
    """The proposal's IFC on the first parcel of _proposal_parcels it fits on (None: none)."""
    for parcel in _proposal_parcels(city):
        kind = "住宅" if parcel.land_use_code == "R2" else "商务办公"
        name = (f"{parcel.name}更新改造项目（方案）" if parcel.kind == "old" and parcel.name
                else f"{parcel.code}地块{kind}项目（方案）")
        path = folder / f"{parcel.code}.ifc"
        try:
            summary = dict(write_proposal(path, parcel.geom, _ground(city.terrain, parcel.geom),
                                          seed=seed, name=name, height_limit=parcel.controls[0]))
        except ValueError:  # the parcel is too small or its height limit too low
            continue
        if parcel.kind == "old" and not shapely.intersects(
                city.buildings.geoms, shapely.from_wkt(summary["footprint_wkt"])).any():
            path.unlink()  # a redevelopment that replaces nothing: try the next parcel
            continue
        summary["file"] = f"proposals/{path.name}"
        summary["parcel"] = parcel.code
        summary["name"] = name
        summary["ground"] = _ground(city.terrain, parcel.geom)
        return summary
    return None


def _parcels_layer(layout: Layout, terrain: Terrain, proposal: dict[str, Any] | None
                   ) -> LayerData:
    uses = lookup("land_uses")
    ps = layout.parcels
    geoms = np.array([p.geom for p in ps], dtype=object)
    return LayerData(shapely.multipolygons(geoms, indices=np.arange(len(ps))), {
        "gid": [p.gid for p in ps],
        "code": [p.code for p in ps], "status": [p.status for p in ps],
        "land_use_code": [p.land_use_code for p in ps],
        "land_use": [uses[p.land_use_code]["name"] for p in ps],
        "area": [round(p.area, 1) for p in ps],
        "height_limit": [p.controls[0] for p in ps], "far_max": [p.controls[1] for p in ps],
        "density_max": [p.controls[2] for p in ps], "green_min": [p.controls[3] for p in ps],
        "setback_road": [p.controls[4] for p in ps], "setback_side": [p.controls[5] for p in ps],
        "proposal": [proposal["file"] if proposal and proposal["parcel"] == p.code else None
                     for p in ps]})
