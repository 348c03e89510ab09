"""Benchmark: the sunlight check's ray casting against a naive per-ray ``vtkOBBTree``, print JSON.

    python bench/sunlight_bench.py [--dir DIR] [--buildings 4000] [--baseline-rays N]

Builds (or reuses) the sample city of ``--buildings`` buildings under DIR (default
``bench/out``), loads its proposal where it stands and, in one run:

* ``check.seconds``: the whole ``sunlight_neighbours`` check as the review runs it (neighbours
  in the shadow reach, receivers, the occluders — terrain, white models, the BIM — and the rays with
  and without the proposal), with ``peak_traced_mb`` (tracemalloc, numpy included) and the
  process's ``max_rss_mb``;
* ``embree``: the rays of that check against the city's occluders (the ``base`` mesh), through
  :class:`layers.review.rays.Occluders` (Embree via embreex/trimesh): ``rays``, ``seconds``,
  ``rays_per_s``;
* ``baseline``: the same rays (all, or the first ``--baseline-rays``), the same mesh, one
  ``vtkOBBTree.IntersectWithLine`` per ray from the receiver to 5 km toward the sun (the tree
  built once, its build time apart); ``speedup`` = baseline seconds per ray / Embree's;
  ``agree`` the fraction of rays on which both say the same.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import city_cache  # noqa: E402


def context(cache_path: Path):
    """The sample proposal where it stands, as the review builds it."""
    from layers.bim import buildings_under, footprint
    from layers.review.context import ReviewContext
    from store.bim.loader import load_bim
    from store.cache import Cache

    cache = Cache.open(cache_path)
    parcels = cache.read("parcels", ("code", "proposal"), where="proposal IS NOT NULL")
    ifc = cache_path.parent / parcels.columns["proposal"][0]
    model = load_bim(ifc, cache)
    try:
        from layers.review.site import build_context

        return build_context(cache, model, ifc)
    except ImportError:
        fp = footprint(model, cache.crs)
        return ReviewContext(cache=cache, model=model, ifc_path=ifc, crs=cache.meta["crs"],
                             parcel={"code": parcels.columns["code"][0]},
                             parcel_geom=parcels.geoms[0], found_by="location", footprint=fp,
                             replaced=buildings_under(cache, fp))


def vtk_baseline(vertices: np.ndarray, triangles: np.ndarray, points: np.ndarray,
                 suns: np.ndarray) -> tuple[np.ndarray, float, float]:
    """Blocked per ray by vtkOBBTree.IntersectWithLine, the tree's build seconds, cast seconds."""
    import vtk
    from vtk.util.numpy_support import numpy_to_vtk, numpy_to_vtkIdTypeArray

    pts = vtk.vtkPoints()
    pts.SetData(numpy_to_vtk(np.ascontiguousarray(vertices, np.float64), deep=True))
    cells = vtk.vtkCellArray()
    offsets = np.arange(0, 3 * len(triangles) + 1, 3, dtype=np.int64)
    cells.SetData(numpy_to_vtkIdTypeArray(offsets, deep=True),
                  numpy_to_vtkIdTypeArray(np.ascontiguousarray(triangles, np.int64).ravel(),
                                          deep=True))
    poly = vtk.vtkPolyData()
    poly.SetPoints(pts)
    poly.SetPolys(cells)
    t0 = time.perf_counter()
    tree = vtk.vtkOBBTree()
    tree.SetDataSet(poly)
    tree.BuildLocator()
    built = time.perf_counter() - t0
    hits = vtk.vtkPoints()
    out = np.zeros(len(points), bool)
    ends = points + suns * 5000.0
    t0 = time.perf_counter()
    for i in range(len(points)):
        p = points[i].tolist()
        e = ends[i].tolist()
        out[i] = tree.IntersectWithLine(p, e, hits, None) != 0
    return out, built, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--buildings", type=int, default=4000)
    ap.add_argument("--baseline-rays", type=int, default=0,
                    help="cast only the first N rays through vtkOBBTree (0: all)")
    args = ap.parse_args(argv)
    import shutil

    from layers.review.check_sunlight import SunlightParams, check_neighbours, site_sun
    from layers.review.ruleset import DEFAULT_RULESET, Rule
    from layers.review.sunlight import facing_mask

    cache_path, build_s = city_cache(args.dir, args.buildings)
    work = args.dir / f"sunlight_{args.buildings}.gpkg"
    shutil.copy(cache_path, work)
    (args.dir / "proposals").mkdir(exist_ok=True)
    for f in (cache_path.parent / "proposals").glob("*.ifc"):
        shutil.copy(f, args.dir / "proposals" / f.name)
    ctx = context(work)
    row = next(r for r in json.loads(DEFAULT_RULESET.read_text(encoding="utf-8"))["rules"]
               if r["id"] == "sunlight_neighbours")
    rule = Rule(**{k: row[k] for k in ("id", "check", "title_zh", "title_en", "clause", "limit",
                                       "compare", "unit", "params")})
    t0 = time.perf_counter()
    check_neighbours(ctx, rule)
    check_s = time.perf_counter() - t0
    ctx.outputs.clear()  # again, traced for memory (tracemalloc slows it down)
    tracemalloc.start()
    finding = check_neighbours(ctx, rule)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    s = ctx.outputs["sunlight"]
    scene = ctx.outputs["sunlight_scene"]
    params = SunlightParams.from_params(rule.params, rule.id)
    c = ctx.footprint.centroid
    site = site_sun(ctx.crs, c.x, c.y, params)
    mask = facing_mask(s.normals, site.suns, min_sweep_deg=params.min_sweep_deg,
                       min_altitude_deg=params.min_altitude_deg)
    pi, si = np.nonzero(mask)
    points, suns = s.points[pi], site.suns[si]
    t0 = time.perf_counter()
    embree = scene.base.blocked(points, suns)
    embree_s = time.perf_counter() - t0
    n = len(points) if args.baseline_rays <= 0 else min(args.baseline_rays, len(points))
    mesh = scene.base._mesh
    local = np.asarray(mesh.vertices, np.float64)
    vtk_hit, built_s, vtk_s = vtk_baseline(local, np.asarray(mesh.faces),
                                           points[:n] - scene.base.origin, suns[:n])
    per_embree = embree_s / max(len(points), 1)
    per_vtk = vtk_s / max(n, 1)
    result = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "city": {"buildings": args.buildings, "build_s": build_s,
                 "replaced": len(ctx.replaced)},
        "check": {"status": finding.status, "value": finding.value,
                  "neighbours": len(finding.details), "receivers": len(s),
                  "seconds": round(check_s, 2), "peak_traced_mb": round(peak / 1e6, 1),
                  "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                                      1),
                  "occluders": scene.counts | {"triangles": scene.base.n_triangles}},
        "embree": {"rays": len(points), "seconds": round(embree_s, 3),
                   "rays_per_s": round(len(points) / max(embree_s, 1e-9))},
        "baseline": {"what": "vtkOBBTree.IntersectWithLine per ray", "rays": n,
                     "tree_build_s": round(built_s, 2), "seconds": round(vtk_s, 2),
                     "rays_per_s": round(n / max(vtk_s, 1e-9)),
                     "agree": round(float((vtk_hit == embree[:n]).mean()), 5)},
        "speedup": round(per_vtk / max(per_embree, 1e-12), 1),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
