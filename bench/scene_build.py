"""Benchmark: building the city's LOD1 scene (read + triangulate + merge per tile), print JSON.

    python bench/scene_build.py [--sizes 10000 100000] [--cache-dir DIR] [--naive-sample 3000]

For each size N, builds the sample city cache (or reuses DIR/city_N/sample_city.gpkg), then times
``viewer.buildings_mesh.load_building_tiles`` on the whole cache, and, in the same run, the naive
way: per building a pyvista footprint polygon → ``extrude(capping=True)``, then one
``pyvista.merge``, on a sample of min(N, 3000) buildings extrapolated linearly to N (without the
cache read, which only makes the ratio conservative). Also reports the actors the scene needs
(one per tile) and the triangles per tile.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyvista as pv
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import city_cache  # noqa: E402

from store.cache import Cache, Features  # noqa: E402
from viewer.buildings_mesh import ROOF, WALL, Tile, load_building_tiles  # noqa: E402
from viewer.origin import Origin  # noqa: E402


def naive(features: Features, origin: Origin, rows: np.ndarray) -> tuple[float, int]:
    """Seconds for extrude-and-merge one PolyData per footprint polygon, and its cell count."""
    height = np.array(features.columns["height"], dtype=np.float64)
    ground = np.nan_to_num(np.array(features.columns["ground_z"], dtype=np.float64))
    start = time.perf_counter()
    meshes = []
    for i in rows:
        for poly in shapely.get_parts(features.geoms[i]):
            ring = shapely.get_coordinates(poly.exterior)[:-1]
            pts = np.column_stack([origin.to_local(ring), np.full(len(ring), ground[i])])
            face = pv.PolyData(pts, faces=np.concatenate([[len(ring)], np.arange(len(ring))]))
            meshes.append(face.extrude((0.0, 0.0, float(height[i])), capping=True))
    merged = pv.merge(meshes)
    return time.perf_counter() - start, merged.n_cells


def triangles(tile: Tile) -> int:
    """Triangles the GPU draws for a tile: roof triangles plus two per wall quad."""
    part = tile.mesh.cell_data["part"]
    return int(np.sum(part == ROOF) + 2 * np.sum(part == WALL))


def measure(cache_path: Path, sample: int, repeat: int) -> dict:
    with Cache.open(cache_path) as cache:
        origin = Origin.of_extent(cache.extent())
        n = cache.count("buildings")
        start = time.perf_counter()
        features = cache.read("buildings", ("height", "ground_z", "lod"))
        read_s = time.perf_counter() - start
        best, tiles = float("inf"), []
        for _ in range(repeat):
            tiles = []  # free the previous scene first
            start = time.perf_counter()
            tiles = load_building_tiles(cache, origin)
            best = min(best, time.perf_counter() - start)
    rows = np.random.default_rng(0).choice(len(features), size=min(n, sample), replace=False)
    naive_s, naive_cells = naive(features, origin, np.sort(rows))
    naive_total = naive_s * n / len(rows)
    per_tile = np.array([len(t.fids) for t in tiles])
    tris = np.array([triangles(t) for t in tiles])
    return {
        "buildings": n,
        "load_building_tiles_s": round(best, 3),
        "cache_read_s": round(read_s, 3),  # the same read, timed alone; part of the load
        "us_per_building": round(best / n * 1e6, 1),
        "naive": {
            "sample_buildings": len(rows),
            "sample_s": round(naive_s, 3),
            "sample_cells": naive_cells,
            "extrapolated_s": round(naive_total, 2),
            "note": f"measured on {len(rows)} buildings, scaled linearly to {n}; no cache read",
        },
        "speedup": round(naive_total / best, 1),
        "actors": len(tiles),
        "buildings_per_tile": {"min": int(per_tile.min()), "mean": round(per_tile.mean(), 1),
                               "max": int(per_tile.max())},
        "triangles_per_tile": {"mean": int(tris.mean()), "max": int(tris.max())},
        "triangles_total": int(tris.sum()),
        "mesh_mib": round(sum(t.mesh.actual_memory_size for t in tiles) / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--cache-dir", type=Path, help="reuse/keep caches here (city_N/)")
    ap.add_argument("--naive-sample", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=1, help="best of this many scene builds")
    args = ap.parse_args(argv)
    root = args.cache_dir or Path(tempfile.mkdtemp(prefix="scene_build_"))
    results = {}
    try:
        for n in args.sizes:
            path, built_s = city_cache(root, n)
            results[str(n)] = {"city_build_s": built_s, **measure(path, args.naive_sample,
                                                                   args.repeat)}
            print(f"{n}: done", file=sys.stderr, flush=True)
    finally:
        if args.cache_dir is None:
            shutil.rmtree(root, ignore_errors=True)
    sizes = [str(n) for n in args.sizes]
    print(json.dumps({
        "python": sys.version.split()[0], "vtk": pv.vtk_version_info.__str__(),
        "pyvista": pv.__version__, "shapely": shapely.__version__,
        "goal_speedup": 20, "sizes": results,
        "actors_by_size": {n: results[n]["actors"] for n in sizes},
    }, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
