"""Benchmark: download a city from the local base platform, then sync 1% of changes; print JSON.

    python bench/sync_bench.py [--buildings 100000] [--cache-dir DIR] [--layers buildings]
                               [--change 0.01] [--limit 1000] [--keep]

Builds the sample city of N buildings (or reuses DIR/city_N/sample_city.gpkg), copies it with
only ``--layers`` kept (the others emptied) into DIR/platform_N_<layers>, starts a throw-away
PostGIS cluster (``sample_city.postgis_cluster``), exports the copy into it as the local
platform (``sample_city.platform``: pygeoapi's PostgreSQL provider) and serves it on free ports
(``tools/platform_server.py``). Measured, with :func:`store.sync.download.sync`:

* **full**: the first download into a new cache (seconds, bytes, requests, pages; the goal
  for 100,000 buildings: ≤ 60 s, ``full_met``);
* **incremental**: after ``--change`` of the features of every layer changed on the platform
  (a new height/name/code, a new version and ``updated_at``), the next sync (seconds, bytes,
  fetched, changed), and the ratios to the full download (the goal: ≤ 5% in both);
* **no change**: one more sync with nothing changed (the floor of an incremental sync);
* **page throughput** of the full download: pages, features and MB per second.

The exported stamps are moved one hour back, as on a platform loaded earlier: with a freshly
built city they would be seconds old, and the sync's overlap window (two minutes before the
watermark) would then legitimately fetch every feature again. ``platform_export_s`` is the
export into PostGIS (COPY), not part of any sync.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import city_cache  # noqa: E402

from store.cache import Cache  # noqa: E402
from store.schema import LAYERS  # noqa: E402
from store.sync.client import Platform  # noqa: E402
from store.sync.download import SYNC_LAYERS, sync  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def source_copy(cache_path: Path, work: Path, layers: list[str]) -> Path:
    """A copy of the cache holding only ``layers`` (the others emptied), with its DEM and
    proposals beside it (made once)."""
    copy = work / cache_path.name
    if copy.is_file():
        return copy
    work.mkdir(parents=True, exist_ok=True)
    tmp = work / f".{cache_path.name}.part"
    shutil.copyfile(cache_path, tmp)
    for extra in ("dem.tif", "proposals"):  # assets: the DEM and the proposal IFCs
        src = cache_path.parent / extra
        if src.is_dir():
            shutil.copytree(src, work / extra, dirs_exist_ok=True)
        elif src.is_file():
            shutil.copyfile(src, work / extra)
    with Cache.open(tmp) as cache, cache.engine.connect() as conn:
        raw = conn.connection.driver_connection
        raw.execute("BEGIN IMMEDIATE")
        for name in LAYERS:
            if name not in layers:
                raw.execute(f'DELETE FROM "{name}"')
        raw.execute("COMMIT")
    os.replace(tmp, copy)
    return copy


def age(db: dict, layers: list[str], by: timedelta) -> None:
    """Move every updated_at back by ``by`` (a platform loaded earlier)."""
    import psycopg2

    with psycopg2.connect(**db) as conn, conn.cursor() as cur:
        for name in layers:
            cur.execute(
                f"""UPDATE "{name}" SET updated_at = to_char(
                      (updated_at::timestamptz - %s::interval) AT TIME ZONE 'UTC',
                      'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')""", [f"{int(by.total_seconds())} s"])
    conn.close()


def change(db: dict, layers: list[str], share: float, seed: int = 11) -> dict[str, int]:
    """Change ``share`` of each layer's features on the platform, as the platform would: new
    values, version + 1, updated_at = now."""
    import psycopg2

    from sample_city import platform as plat
    from sample_city.platform_db import columns

    rng = random.Random(seed)
    counts = {}
    with psycopg2.connect(**db) as conn, conn.cursor() as cur:
        for name in layers:
            cur.execute(f'SELECT id FROM "{name}" ORDER BY id')
            keys = [r[0] for r in cur.fetchall()]
            picked = rng.sample(keys, max(1, round(len(keys) * share))) if keys else []
            cols = dict(columns(name))
            if "height" in cols:
                what = "height = round((height + 1.0)::numeric, 2)"
            elif "name" in cols:
                what = "name = COALESCE(name, '') || '（改）'"
            else:
                what = "code = COALESCE(code, '') || '-X'"
            cur.execute(f'UPDATE "{name}" SET {what}, version = COALESCE(version, 1) + 1, '
                        f"updated_at = %s WHERE id = ANY(%s)", [plat.stamp(), picked])
            counts[name] = len(picked)
    conn.close()
    return counts


def serve(out: Path) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "tools" / "platform_server.py"),
                             "--quiet", str(out)], stdout=subprocess.PIPE, text=True,
                            cwd=str(ROOT))
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("ready"):
        proc.terminate()
        raise SystemExit(f"the platform did not start: {line!r}")
    return proc, line.split()[1]


def run(url: str, cache: Path, **kw: object) -> dict:
    client = Platform(url, timeout=600)
    try:
        summary = sync(url, cache, platform=client, **kw)
    finally:
        client.close()
    d = summary.to_dict()
    return {"seconds": d["seconds"], "client_seconds": d["apply_seconds"],
            "bytes": d["bytes"], "file_bytes": d["file_bytes"],
            "requests": d["requests"], "mode": d["mode"], "complete": d["complete"],
            **{k: d["totals"][k] for k in ("pages", "fetched", "new", "updated", "unchanged",
                                           "retired")}}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--buildings", type=int, default=100_000)
    p.add_argument("--cache-dir", type=Path, default=ROOT / "bench" / "out")
    p.add_argument("--layers", default="buildings",
                   help="comma-separated layers served and synced (default: buildings)")
    p.add_argument("--change", type=float, default=0.01, help="share of features changed")
    p.add_argument("--limit", type=int, default=1000, help="page size asked for")
    p.add_argument("--keep", action="store_true", help="keep the downloaded cache")
    args = p.parse_args()
    layers = [s.strip() for s in args.layers.split(",") if s.strip()]
    bad = [name for name in layers if name not in SYNC_LAYERS]
    if bad:
        raise SystemExit(f"not platform layers: {bad}")
    path, built = city_cache(args.cache_dir, args.buildings)
    source = source_copy(path, args.cache_dir / f"platform_{args.buildings}_{'-'.join(layers)}",
                         layers)
    result: dict = {"buildings": args.buildings, "layers": layers, "city_build_s": built,
                    "page_limit": args.limit}
    with Cache.open(path) as cache:
        result["features"] = {name: cache.count(name) for name in layers}
    from sample_city import platform as plat
    from sample_city.postgis_cluster import Cluster

    tmp = Path(tempfile.mkdtemp(prefix="sync_bench_", dir=args.cache_dir))
    target = tmp / "synced.gpkg"
    cluster = Cluster.start()
    proc = None
    try:
        t0 = time.perf_counter()
        plat.export(source, tmp / "platform", db=cluster.params(), port=free_port(),
                    files_port=free_port())
        result["platform_export_s"] = round(time.perf_counter() - t0, 2)
        age(cluster.params(), layers, timedelta(hours=1))
        proc, url = serve(tmp / "platform")
        result["full"] = run(url, target, collections=layers, limit=args.limit)
        result["changed_on_platform"] = change(cluster.params(), layers, args.change)
        result["incremental"] = run(url, target, collections=layers, limit=args.limit)
        result["no_change"] = run(url, target, collections=layers, limit=args.limit)
        full, inc = result["full"], result["incremental"]
        result["incremental_vs_full"] = {
            "seconds": round(inc["seconds"] / full["seconds"], 4),
            "bytes": round(inc["bytes"] / full["bytes"], 4),
            "goal": 0.05,
        }
        result["incremental_vs_full"]["met"] = all(
            result["incremental_vs_full"][k] <= 0.05 for k in ("seconds", "bytes"))
        result["cache_bytes"] = target.stat().st_size
        result["page_throughput"] = {  # the full download's pages, as the client saw them
            "pages_per_s": round(full["pages"] / full["seconds"], 2),
            "features_per_s": round(full["fetched"] / full["seconds"], 1),
            "mb_per_s": round(full["bytes"] / 1e6 / full["seconds"], 2),
            "s_per_page": round(full["seconds"] / max(1, full["pages"]), 3),
        }
        result["full_goal_s"] = 60.0
        result["full_met"] = result["full"]["seconds"] <= 60.0
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        cluster.stop()
        if args.keep:
            result["cache"] = str(target)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
            for leftover in tmp.parent.glob(f".{target.name}*"):
                leftover.unlink(missing_ok=True)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
