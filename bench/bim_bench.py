"""Benchmark: opening IFC models through ``store.bim.load_bim``, print JSON.

    python bench/bim_bench.py [--dir DIR] [--threads N] [--repeat 3] [FILE_NAME ...]

For each IFC file of DIR (default ../shared/realdata/ifc), in the same run and with the same
number of geometry threads (default ``os.cpu_count()``):

* ``bare_s``: the bare ifcopenshell way, in this process: ``ifcopenshell.open`` and one pass of
  ``ifcopenshell.geom.iterator`` over the same products with the same settings (no properties,
  no merging, no subprocess, no cache);
* ``first_open_s``: ``load_bim`` into a fresh temporary cache, as the app does it: with the
  tessellation worker started ahead of need (``loader.prestart()``, the app starts one once
  its scene is up and another after each load), then hash, tree, properties, tessellation,
  merge, result files, cache write. Goal: at most 1.3 × ``bare_s``;
* ``first_open_cold_s``: the same with no worker waiting (the process is spawned first, as
  ``cimview inspect-bim`` does);
* ``reopen_s``: ``load_bim`` again, from the cache. Goal: at least 10 × faster than the first
  open.

Times are the best of ``--repeat`` runs (default 3; other work on the machine makes single runs
noisy). ``spawn_s`` is what starting the tessellation process costs by itself (a spawned
interpreter importing ifcopenshell and the loader's modules).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_DIR = ROOT.parent / "shared" / "realdata" / "ifc"


def bare(path: Path, threads: int) -> tuple[float, int]:
    """Seconds for open + one iterator pass, and the number of shapes it yielded."""
    import ifcopenshell
    import ifcopenshell.geom

    from store.bim.tessellate import body_products, geometry_settings, iterator_excludes

    f0 = ifcopenshell.open(str(path))  # the filter is computed outside the timing
    excludes = iterator_excludes(f0, body_products(f0))
    del f0
    start = time.perf_counter()
    f = ifcopenshell.open(str(path))
    it = ifcopenshell.geom.iterator(geometry_settings(), f, threads, exclude=excludes)
    n = 0
    if it.initialize():
        while True:
            it.get()
            n += 1
            if not it.next():
                break
    return time.perf_counter() - start, n


def _startup() -> None:
    import ifcopenshell.geom  # noqa: F401

    import store.bim.georef  # noqa: F401
    import store.bim.tessellate  # noqa: F401


def spawn_cost() -> float:
    ctx = multiprocessing.get_context("spawn")
    start = time.perf_counter()
    proc = ctx.Process(target=_startup)
    proc.start()
    proc.join()
    return time.perf_counter() - start


def bench_file(path: Path, threads: int, repeat: int, tmp: Path) -> dict:
    from store.bim import loader
    from store.bim.loader import load_bim
    from store.cache import Cache

    bare_times, first_times, cold_times, reopen_times = [], [], [], []
    shapes = 0
    model = None
    for i in range(repeat):
        seconds, shapes = bare(path, threads)
        bare_times.append(seconds)
        cache_path = tmp / f"{path.stem}_{i}.gpkg"
        with Cache.create(tmp / f"{path.stem}_{i}_cold.gpkg", "EPSG:4547") as cache:
            start = time.perf_counter()
            load_bim(path, cache, threads=threads)
            cold_times.append(time.perf_counter() - start)
        loader.prestart()
        time.sleep(2.0)  # the worker imports while the app is idle
        with Cache.create(cache_path, "EPSG:4547") as cache:
            start = time.perf_counter()
            model = load_bim(path, cache, threads=threads)
            first_times.append(time.perf_counter() - start)
            loader.stop_spare()  # no process starting beside the next measurements
            for _ in range(3):
                start = time.perf_counter()
                again = load_bim(path, cache, threads=threads)
                reopen_times.append(time.perf_counter() - start)
                assert again.report.from_cache
        cache_bytes = cache_path.stat().st_size
        cache_path.unlink()
    assert model is not None
    b, first, reopen = min(bare_times), min(first_times), min(reopen_times)
    cold = min(cold_times)
    r = model.report
    return {
        "file": path.name, "bytes": path.stat().st_size, "schema": model.schema,
        "elements": len(model.elements), "products_with_body": r.products_with_body,
        "tessellated": r.tessellated, "failed": len(r.failed),
        "triangles": len(model.geometry.triangles), "vertices": len(model.geometry.vertices),
        "iterator_shapes": shapes, "georef": model.georef.method,
        "bare_s": round(b, 3), "first_open_s": round(first, 3),
        "first_over_bare": round(first / b, 2), "first_open_cold_s": round(cold, 3),
        "cold_over_bare": round(cold / b, 2), "reopen_s": round(reopen, 4),
        "reopen_speedup": round(first / reopen, 1), "cache_bytes": cache_bytes,
        "goal_first_le_1_3x": first <= 1.3 * b, "goal_reopen_ge_10x": first >= 10 * reopen,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of .ifc files")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--repeat", type=int, default=3, help="runs per file; the best is kept")
    p.add_argument("files", nargs="*", help="only these file names")
    args = p.parse_args()
    import ifcopenshell

    files = sorted(args.dir.glob("*.ifc"))
    if args.files:
        files = [f for f in files if f.name in args.files]
    if not files:
        print(f"no .ifc files in {args.dir}", file=sys.stderr)
        return 1
    # The geometry kernel prints debugging lines on the C++ stdout (in the bare runs, which
    # are in this process): keep them out of the JSON.
    sys.stdout.flush()
    stdout = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bim_bench_") as tmp:
        spawn = min(spawn_cost() for _ in range(3))
        for path in files:
            rows.append(bench_file(path, args.threads, max(1, args.repeat), Path(tmp)))
            print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr)
    total_bare = sum(r["bare_s"] for r in rows)
    total_first = sum(r["first_open_s"] for r in rows)
    total_cold = sum(r["first_open_cold_s"] for r in rows)
    total_reopen = sum(r["reopen_s"] for r in rows)
    big = [r for r in rows if r["bare_s"] >= 1.0]
    out = {
        "ifcopenshell": ifcopenshell.version, "python": platform.python_version(),
        "cpus": os.cpu_count(), "threads": args.threads, "repeat": args.repeat,
        "spawn_s": round(spawn, 3),
        "files": rows,
        "total": {
            "bare_s": round(total_bare, 2), "first_open_s": round(total_first, 2),
            "first_over_bare": round(total_first / total_bare, 2),
            "first_open_cold_s": round(total_cold, 2),
            "cold_over_bare": round(total_cold / total_bare, 2),
            "reopen_s": round(total_reopen, 3),
            "reopen_speedup": round(total_first / total_reopen, 1),
            "first_over_bare_files_over_1s": round(
                sum(r["first_open_s"] for r in big) / sum(r["bare_s"] for r in big), 2)
            if big else None,
        },
    }
    print(json.dumps(out, ensure_ascii=False, indent=2), file=stdout)
    stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
