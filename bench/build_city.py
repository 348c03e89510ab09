"""Benchmark: build the sample city and its cache at scale, print JSON.

    python bench/build_city.py [--buildings 100000] [--seed 2026] [--out bench/out]

Measures the whole build (generation + cache) in a child process: wall time, peak RSS and the
sizes of the cache and DEM. Then, as the baseline measured in the same run on the same rows, it
writes the city's buildings layer twice: through cimview's cache writer and through GDAL's
GeoPackage driver (pyogrio, with its spatial index), and reports both times and their ratio.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyogrio
import shapely

ROOT = Path(__file__).resolve().parents[1]


def build(out: Path, buildings: int, seed: int) -> dict:
    """Build the city in a child process; its wall time and peak RSS."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "sample_city", "--out", str(out), "--buildings", str(buildings),
         "--seed", str(seed), "--force"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"sample city build failed:\n{proc.stderr}")
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": round(seconds, 2), "peak_rss_mib": round(peak_kib / 1024, 1)}


def write_baseline(cache_path: Path, work: Path) -> dict:
    """Write the same buildings through cimview's writer and through GDAL; both timings."""
    from store.cache import Cache

    cols = ["name", "height", "floors_above", "use", "structure_code", "year_built", "tenure",
            "safety_grade", "address"]
    with Cache.open(cache_path) as cache:
        f = cache.read("buildings", cols)
    n = len(f)

    ours_path = work / "ours.gpkg"
    ours_path.unlink(missing_ok=True)
    start = time.perf_counter()
    with Cache.create(ours_path, "EPSG:4547") as c, c.transaction() as tx:
        tx.insert("buildings", f.geoms, f.columns, source="bench")
    ours = time.perf_counter() - start

    gdal_path = work / "gdal.gpkg"
    gdal_path.unlink(missing_ok=True)
    start = time.perf_counter()
    wkb = shapely.to_wkb(f.geoms)
    field_data = [np.array(f.columns[c], dtype=object) if isinstance(f.columns[c][0], str)
                  else np.array(f.columns[c], dtype=float) for c in cols]
    pyogrio.raw.write(gdal_path, wkb, field_data, cols, layer="buildings", driver="GPKG",
                      geometry_type="MultiPolygon", crs="EPSG:4547", encoding="UTF-8",
                      layer_options={"SPATIAL_INDEX": "YES"})
    gdal = time.perf_counter() - start
    return {"rows": n, "cimview_writer_s": round(ours, 2), "gdal_gpkg_writer_s": round(gdal, 2),
            "ratio_cimview_to_gdal": round(ours / gdal, 2) if gdal else None}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--buildings", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    p.add_argument("--keep", action="store_true", help="keep the built city")
    args = p.parse_args()
    out = args.out / f"city_{args.buildings}"
    result = {"benchmark": "build_city", "buildings": args.buildings, "seed": args.seed}
    result["build"] = build(out, args.buildings, args.seed)
    cache = out / "sample_city.gpkg"
    result["cache_mib"] = round(cache.stat().st_size / 2**20, 1)
    dem = out / "dem.tif"
    if dem.exists():
        result["dem_tif_mib"] = round(dem.stat().st_size / 2**20, 1)
    from store.cache import Cache

    with Cache.open(cache) as c:
        result["counts"] = {i.name: i.count for i in c.layers()}
    result["write_buildings"] = write_baseline(cache, out)
    for extra in ("ours.gpkg", "gdal.gpkg"):
        (out / extra).unlink(missing_ok=True)
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
