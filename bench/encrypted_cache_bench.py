"""Benchmark: the same work on a plain and on an encrypted cache (SQLCipher), print JSON.

    python bench/encrypted_cache_bench.py [--buildings 100000] [--cache-dir DIR] [--repeat 3]
                                          [--ifc FILE] [--platform URL]

Copies the sample city of N buildings (built under DIR unless there) twice, encrypts one copy
(``store.encrypt_cache``) and times, on both, alternating plain and encrypted runs and keeping
each one's best of ``--repeat``:

* ``open_and_read``: what the viewer reads when a cache opens: every layer with every column
  (``Cache.read``), and the DEM;
* ``viewer_tiles``: the buildings' merged tiles the viewer draws (``load_building_tiles``);
* ``search``: 300 queries of the search bench's mix (``store.search.search``);
* ``bim_cache``: an IFC model saved into the cache, then loaded back from it (``load_bim``);
* ``outbox``: 100 observations recorded with a 200 kB photo each, then the outbox listed;
* ``sync`` (only with ``--platform URL``): a full download of the platform into a new cache,
  plain and encrypted (the platform's own time is in both).

The issue's goal: every task on the encrypted cache within 1.3x of the plain one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import city_cache  # noqa: E402

from store import cipher  # noqa: E402
from store.cache import Cache  # noqa: E402
from store.encrypt_cache import encrypt_cache  # noqa: E402

PASSPHRASE = "bench passphrase 2026"
GOAL = 1.3


def open_and_read(path: Path) -> None:
    with Cache.open(path) as cache:
        for info in cache.layers():
            cache.read(info.name)
        cache.raster("dem")


def viewer_tiles(path: Path) -> None:
    from viewer.buildings_mesh import load_building_tiles
    from viewer.origin import Origin

    with Cache.open(path) as cache:
        load_building_tiles(cache, Origin.of_extent(cache.extent()))


def make_search(queries: list[str]) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        from store.search import search

        with Cache.open(path) as cache:
            for q in queries:
                search(cache, q, 10)
    return run


def make_bim(ifc: Path) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        from store.bim.loader import load_bim
        from store.bim.store import delete_model

        with Cache.open(path) as cache:
            first = load_bim(ifc, cache)
            again = load_bim(ifc, cache)
            assert again.report.from_cache, "not loaded back from the cache"
            delete_model(cache, first.report.sha256)
    return run


def make_outbox(photo: Path) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        from store.sync.outbox import outbox, record_observation

        with Cache.open(path) as cache:
            x0, y0, _, _ = cache.extent()
            for i in range(100):
                record_observation(cache, kind="other", x=x0 + i, y=y0 + i, text=f"bench {i}",
                                   photos=[photo])
            outbox(cache)
    return run


def make_sync(url: str, folder: Path) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        from store.sync.download import sync

        target = folder / f"sync-{os.getpid()}-{time.monotonic_ns()}.gpkg"
        summary = sync(url, target, files=False,
                       passphrase=PASSPHRASE if cipher.encrypted(path) else None)
        assert summary.complete, summary.to_dict()
        target.unlink()
    return run


def timed(task: Callable[[Path], None], path: Path) -> float:
    start = time.perf_counter()
    task(path)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--buildings", type=int, default=100_000)
    ap.add_argument("--cache-dir", type=Path, default=ROOT / "bench" / "out" / "cities")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--ifc", type=Path,
                    default=ROOT.parent / "shared" / "realdata" / "ifc" / "AC20-FZK-Haus.ifc")
    ap.add_argument("--platform", help="also time a full sync from this OGC API platform")
    args = ap.parse_args()
    source, built = city_cache(args.cache_dir, args.buildings)
    work = Path(tempfile.mkdtemp(prefix="cimview-cipher-bench-"))
    try:
        plain, enc = work / "plain.gpkg", work / "encrypted.gpkg"
        shutil.copy(source, plain)
        shutil.copy(source, enc)
        from store.search import ensure_index

        with Cache.open(plain) as cache:
            ensure_index(cache)
        shutil.copy(plain, enc)
        start = time.perf_counter()
        encrypt_cache(enc, PASSPHRASE)
        encrypt_s = time.perf_counter() - start
        start = time.perf_counter()
        cipher._keys.clear()
        cipher.unlock(enc, PASSPHRASE)
        unlock_s = time.perf_counter() - start
        with Cache.open(plain) as cache, cache.engine.connect() as conn:
            raw = conn.connection.driver_connection
            from search_bench import query_mix

            queries = [q for _, q, _ in query_mix(raw, 300)]
        photo = work / "photo.jpg"
        photo.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(200_000) + b"\xff\xd9")
        tasks: dict[str, Callable[[Path], None]] = {
            "open_and_read": open_and_read, "viewer_tiles": viewer_tiles,
            "search": make_search(queries), "outbox": make_outbox(photo)}
        if args.ifc.is_file():
            tasks["bim_cache"] = make_bim(args.ifc)
        if args.platform:
            tasks["sync"] = make_sync(args.platform, work)
        results: dict[str, dict[str, float]] = {}
        for name, task in tasks.items():
            best = {"plain": float("inf"), "encrypted": float("inf")}
            for _ in range(args.repeat):
                for kind, path in (("plain", plain), ("encrypted", enc)):
                    best[kind] = min(best[kind], timed(task, path))
            results[name] = {"plain_s": round(best["plain"], 3),
                             "encrypted_s": round(best["encrypted"], 3),
                             "ratio": round(best["encrypted"] / best["plain"], 3)}
        print(json.dumps({
            "buildings": args.buildings, "city_built_s": built,
            "cache_bytes": {"plain": plain.stat().st_size, "encrypted": enc.stat().st_size},
            "encrypt_s": round(encrypt_s, 2), "unlock_s": round(unlock_s, 3),
            "repeat": args.repeat, "tasks": results, "goal_ratio": GOAL,
            "goal_met": all(r["ratio"] <= GOAL for r in results.values()),
        }, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
