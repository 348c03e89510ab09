"""Benchmark: adding a 100,000-feature GeoPackage as a layer (read, reproject, style), print JSON.

    python bench/vector_layer_bench.py [--features 100000] [--naive-sample 10000] [--repeat 3]

Writes a GeoPackage with pyogrio into a temporary folder: ``footprints`` (N building-like
polygons of 5–9 vertices in lon/lat, EPSG:4326, so they are reprojected to the sample city's
EPSG:4547) and ``points`` (N points already in EPSG:4547), each with text, integer and float
fields (Chinese values). Then times, for each table, what adding it as a layer costs before the
viewer draws: :func:`layers.vectors.read_layer` (read, decode, family, validity, plausibility,
reprojection) and the style (``categorise`` + ``feature_colours``, and ``graduate`` +
``feature_colours``); then the draw step of ``viewer/views/vectors.py`` (meshing the layer
off the GUI thread, as the scene does; without a DEM, and without the GPU upload).

The baseline, in the same run: the way one writes it without thinking of numpy — rows from
SQLite one by one, each GeoPackage blob decoded, each geometry reprojected with
``shapely.ops.transform`` and each feature's class found with ``StyleClass.matches`` — on a
sample of min(N, naive-sample) features, scaled linearly to N. The issue's goal: a
100,000-feature GeoPackage layer draws within 3 s of being added.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from pyproj import Transformer

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from layers import render  # noqa: E402
from layers.layer import Source, Style  # noqa: E402
from layers.vectors import read_layer  # noqa: E402

MAP_CRS = "EPSG:4547"
GOAL_S = 3.0
USES = np.array(["住宅", "商业", "办公", "工业", "教育", "医疗", "文化", "混合"], dtype=object)


def footprints(n: int, rng: np.random.Generator) -> np.ndarray:
    """n footprint-like polygons (rotated rectangles, some with a notch) around 113.3°E 23.1°N."""
    lon = 113.20 + rng.uniform(0, 0.2, n)
    lat = 23.05 + rng.uniform(0, 0.12, n)
    w = rng.uniform(8, 40, n) / 102_000  # metres → degrees of longitude at 23°N, roughly
    h = rng.uniform(8, 30, n) / 111_000
    notch = rng.random(n) < 0.4
    a = rng.uniform(0, np.pi / 2, n)
    # unit shapes: a rectangle, or an L (notched) polygon, both closed and counter-clockwise
    rect = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], dtype=float)
    ell = np.array([[0, 0], [1, 0], [1, 0.6], [0.6, 0.6], [0.6, 1], [0, 1], [0, 0]], dtype=float)
    out = np.empty(n, dtype=object)
    for shape, sel in ((rect, ~notch), (ell, notch)):
        idx = np.flatnonzero(sel)
        k = len(shape)
        xy = np.broadcast_to(shape, (len(idx), k, 2)).copy()
        xy[..., 0] *= w[idx, None]
        xy[..., 1] *= h[idx, None]
        c, s = np.cos(a[idx])[:, None], np.sin(a[idx])[:, None]
        x = xy[..., 0] * c - xy[..., 1] * s + lon[idx, None]
        y = xy[..., 0] * s + xy[..., 1] * c + lat[idx, None]
        rings = shapely.linearrings(np.stack([x, y], axis=-1).reshape(-1, 2),
                                    indices=np.repeat(np.arange(len(idx)), k))
        out[idx] = shapely.polygons(rings)
    return out


def write_gpkg(path: Path, n: int) -> dict[str, float]:
    rng = np.random.default_rng(11)
    start = time.perf_counter()
    polys = footprints(n, rng)
    fields = [rng.choice(USES, n), rng.integers(1, 40, n).astype(np.int64),
              np.round(rng.uniform(3, 120, n), 1),
              np.array([f"楼栋{i}" for i in range(n)], dtype=object)]
    names = ["用途", "层数", "高度", "名称"]
    pyogrio.raw.write(path, shapely.to_wkb(polys), fields, names, geometry_type="Polygon",
                      crs="EPSG:4326", layer="footprints", driver="GPKG")
    x = 420_000 + rng.uniform(0, 20_000, n)
    y = 2_550_000 + rng.uniform(0, 13_000, n)
    pyogrio.raw.write(path, shapely.to_wkb(shapely.points(x, y)),
                      [rng.choice(USES, n), rng.uniform(0, 50, n)], ["类别", "数值"],
                      geometry_type="Point", crs=MAP_CRS, layer="points", driver="GPKG",
                      append=True)
    return {"write_s": round(time.perf_counter() - start, 2),
            "file_mib": round(path.stat().st_size / 2**20, 1)}


def draw_step(data, style: Style) -> dict:
    """Meshing the layer as ``viewer.views.vectors.VectorsView`` does off the GUI thread
    (filter, triangulation or ribbons, colours; no DEM: draped at z 0), when it is there.
    Uploading to the GPU and the first frame are not included."""
    try:
        from layers.layer import Layer
        from viewer.origin import Origin
        from viewer.views.vectors import VectorsView
    except Exception as exc:  # noqa: BLE001 - not written yet, or no VTK here
        return {"draw_step": f"viewer.views.vectors not importable: {exc}"}
    view = VectorsView(Layer("bench", "vectors", Source(), style=style),
                       Origin.of_extent(data.extent))
    t0 = time.perf_counter()
    view.mesh(data, None)
    took = time.perf_counter() - t0
    cells = sum(p.poly.GetNumberOfCells() for p in view.parts)
    return {"draw_step": "viewer.views.vectors.VectorsView.mesh (no DEM; no GPU upload)",
            "mesh_s": round(took, 3), "actors": len(view.parts), "cells": int(cells)}


def ours(path: Path, table: str, fields: tuple[str, str], repeat: int) -> dict:
    cat_field, num_field = fields
    best: dict[str, float] = {}
    n, first = 0, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        data = read_layer(Source(path=str(path), sublayer=table), MAP_CRS)
        t1 = time.perf_counter()
        first = t1 - t0 if first is None else first
        classes = render.categorise(data.columns[cat_field])
        style = Style(mode="categorised", field=cat_field, classes=classes)
        render.feature_colours(style, data.columns, len(data))
        t2 = time.perf_counter()
        gclasses = render.graduate(data.columns[num_field], 5)
        gstyle = Style(mode="graduated", field=num_field, classes=gclasses)
        render.feature_colours(gstyle, data.columns, len(data))
        t3 = time.perf_counter()
        for key, value in (("read_layer_s", t1 - t0), ("categorised_s", t2 - t1),
                           ("graduated_s", t3 - t2), ("total_s", t2 - t0)):
            best[key] = min(best.get(key, float("inf")), value)
        n = len(data)
    out = {"features": n, "first_read_layer_s": round(first or 0.0, 3),
           **{k: round(v, 3) for k, v in best.items()},
           "us_per_feature": round(best["total_s"] / max(n, 1) * 1e6, 2)}
    out.update(draw_step(data, style))
    if "mesh_s" in out:
        out["total_with_mesh_s"] = round(out["total_s"] + out["mesh_s"], 3)
    # what the user waits for the first time (a fresh process: imports, PROJ's database)
    out["first_total_s"] = round(out["first_read_layer_s"] + out["categorised_s"]
                                 + out.get("mesh_s", 0.0), 3)
    return out


def naive(path: Path, table: str, src: str, field: str, sample: int, total: int) -> dict:
    """Rows one by one from SQLite, each blob decoded, reprojected and classified alone."""
    import warnings

    import shapely.ops
    import shapely.wkb

    data = read_layer(Source(path=str(path), sublayer=table), MAP_CRS)  # for the classes only
    classes = render.categorise(data.columns[field])
    other = (160, 160, 160)
    tr = Transformer.from_crs(src, MAP_CRS, always_xy=True)
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    cur = conn.execute(f'SELECT * FROM "{table}" ORDER BY fid LIMIT {int(sample)}')
    names = [d[0] for d in cur.description]
    g = names.index("geom")
    geoms, rows, colours = [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # shapely.ops.transform, the classic
        for row in cur:
            blob = row[g]
            envelope = (0, 32, 48, 48, 64)[(blob[3] >> 1) & 7]
            geom = shapely.wkb.loads(bytes(blob[8 + envelope:]))
            if src != MAP_CRS:
                geom = shapely.ops.transform(tr.transform, geom)
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
            attrs = dict(zip(names, row, strict=True))
            del attrs["geom"]
            geoms.append(geom)
            rows.append(attrs)
            colours.append(next((c.rgb for c in classes if c.matches(attrs[field])), other))
    conn.close()
    took = time.perf_counter() - start
    return {"sample_features": len(geoms), "sample_s": round(took, 3),
            "extrapolated_s": round(took * total / max(len(geoms), 1), 2),
            "note": f"measured on {len(geoms)} features, scaled linearly to {total}"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--features", type=int, default=100_000)
    ap.add_argument("--naive-sample", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3, help="best of this many reads")
    args = ap.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="vector_layer_bench_"))
    try:
        path = root / "layer.gpkg"
        written = write_gpkg(path, args.features)
        results = {}
        for table, src, fields in (("footprints", "EPSG:4326", ("用途", "高度")),
                                   ("points", MAP_CRS, ("类别", "数值"))):
            mine = ours(path, table, fields, args.repeat)
            base = naive(path, table, src, fields[0], args.naive_sample, args.features)
            results[table] = {"source_crs": src, "ours": mine, "naive": base,
                              "speedup": round(base["extrapolated_s"] / mine["total_s"], 1),
                              "within_goal": mine["first_total_s"] < GOAL_S}
            print(f"{table}: done", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps({
        "python": sys.version.split()[0], "shapely": shapely.__version__,
        "pyogrio": pyogrio.__version__, "gdal": pyogrio.__gdal_version_string__,
        "features": args.features, "map_crs": MAP_CRS, "goal_s": GOAL_S, "gpkg": written,
        "tables": results,
    }, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
