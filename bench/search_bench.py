"""Benchmark: address search on the sample city, print JSON.

    python bench/search_bench.py [--buildings 1000000] [--cache-dir DIR] [--queries 400]
                                 [--scan 20] [--rebuild]

Builds the sample city of N buildings (or reuses DIR/city_N/sample_city.gpkg), builds its search
index (timed: a full rebuild, as after a bulk import; ``--rebuild`` forces one when the cache
already has an index) and reports the index's size from SQLite's dbstat. Then runs a fixed query
mix drawn from the address library with a fixed seed — full addresses, addresses without
prefixes, road + door, compound + building + unit in Chinese numerals and with 幢/座/号楼,
the dash form, pinyin initials + door, one-character typos, two-character prefixes as typed,
building names and pole codes — and reports p50/p95/max latency per query (warm, one thread).
In the same run it times the naive way, ``SELECT … WHERE full_address LIKE '%query%'`` over the
address table, on the first ``--scan`` queries of the mix, and reports the speed-up on p50 and
p95. Top-1 accuracy of the mix is reported too (the expected hit is the address the query was
made from).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import city_cache  # noqa: E402

from store.cache import Cache  # noqa: E402
from store.search import build_index, has_index, search  # noqa: E402

CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """12 → 十二, 103 → 一百零三 (as people write small numbers)."""
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    if n < 100:
        return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + CN[rest] if rest < 10 else
                                     (CN[rest // 10] + "十" + (CN[rest % 10] if rest % 10 else "")))
        return CN[n // 100] + "百" + tail
    return str(n)


def typo(name: str, rng: random.Random) -> str:
    """One character of the name (not a numeral: 二十八期 is read as 28期) replaced."""
    inner = [i for i in range(1, len(name) - 1) if name[i] not in CN + "十百"] or [1]
    i = rng.choice(inner)
    return name[:i] + ("露" if name[i] != "露" else "霞") + name[i + 1:]


def query_mix(raw, n: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """(kind, query, expected full address or name) drawn from the library."""
    from store.search.pinyin import pinyin

    rng = random.Random(seed)
    top = raw.execute("SELECT max(fid) FROM addresses").fetchone()[0]
    out: list[tuple[str, str, str]] = []
    cols = ("fid, level, province, city, district, street, community, road, compound, door_no, "
            "building_no, unit_no, full_address")
    while len(out) < n:
        fid = rng.randint(1, top)
        r = raw.execute(f"SELECT {cols} FROM addresses WHERE fid = ?", (fid,)).fetchone()
        if r is None:
            continue
        (_, level, prov, city, dist, street, comm, road, compound, door, bno, uno, full) = r
        short = full.removeprefix(f"{prov}{city}{dist}")
        k = len(out) % 10
        if level == "门牌" and not compound:
            d = int(door.rstrip("号"))
            queries = [("full", full), ("no_prefix", short), ("road_door", f"{road}{door}"),
                       ("numerals", f"{road}{cn_number(d)}号"),
                       ("initials", f"{pinyin(road)[1]}{door}"),
                       ("typo", f"{typo(road, rng)}{door}") if len(road) >= 4 else None,
                       ("prefix2", road[:2]) if k == 6 else None]
        elif level in ("楼栋", "单元") and compound:
            b = int(bno.rstrip("栋"))
            u = int(uno.rstrip("单元")) if uno else None
            tail = f"{cn_number(u)}单元" if u else ""
            queries = [("full", full), ("compound", f"{compound}{bno}{uno or ''}"),
                       ("numerals", f"{compound}{cn_number(b)}幢{tail}"),
                       ("synonym", f"{compound}{b}号楼{uno or ''}"),
                       ("dash", f"{compound}{b}-{u}-1001") if u else None,
                       ("typo_building", f"{typo(compound, rng)}{bno}")
                       if len(compound) >= 4 else None]
        else:
            continue
        kind, q = rng.choice([x for x in queries if x])
        expected = full
        if kind == "prefix2":
            expected = road
        elif kind == "typo_building":  # the query names the building, not its unit
            expected = full.removesuffix(uno or "")
        out.append((kind, q, expected))
    names = raw.execute("SELECT name FROM buildings WHERE name IS NOT NULL AND name NOT LIKE "
                        "'%栋' LIMIT 2000").fetchall()
    poles = raw.execute("SELECT code FROM poles LIMIT 2000").fetchall()
    for i in range(max(1, n // 20)):
        out.append(("building_name", names[(i * 37) % len(names)][0],
                    names[(i * 37) % len(names)][0]))
        out.append(("pole_code", poles[(i * 53) % len(poles)][0], poles[(i * 53) % len(poles)][0]))
    return out


def correct(hit, kind: str, expected: str) -> bool:
    if kind == "prefix2":  # as typed: any name starting with the two characters
        return (hit.name or hit.full_address).startswith(expected[:2]) or any(
            m.value.startswith(expected[:2]) for m in hit.matched)
    if kind in ("building_name", "pole_code"):
        return hit.name == expected
    return hit.full_address == expected


def measure(cache_path: Path, n_queries: int, n_scan: int, rebuild: bool) -> dict:
    with Cache.open(cache_path) as cache:
        with cache.engine.connect() as conn:
            raw = conn.connection.driver_connection
            indexed = has_index(raw)
            n_addresses = raw.execute("SELECT count(*) FROM addresses").fetchone()[0]
        build = None
        if rebuild or not indexed:
            build = build_index(cache)
        with cache.engine.connect() as conn:
            raw = conn.connection.driver_connection
            sizes = dict(raw.execute(
                "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'cimview_search%' "
                "OR name LIKE 'cimview_addresses_%' OR name LIKE 'cimview_buildings_%' "
                "OR name LIKE 'cimview_roads_%' OR name LIKE 'cimview_poles_%' "
                "OR name LIKE 'cimview_parcels_%' GROUP BY name").fetchall())
            names = raw.execute("SELECT count(*) FROM cimview_search_names").fetchone()[0]
            mix = query_mix(raw, n_queries)
        for _, q, _ in mix[:50]:  # warm the page cache and the pinyin tables
            search(cache, q)
        lat, ok, top5, by_kind = [], 0, 0, {}
        misses = []
        for kind, q, expected in mix:
            t = time.perf_counter()
            hits = search(cache, q, 10)
            lat.append((time.perf_counter() - t) * 1000)
            good = bool(hits) and correct(hits[0], kind, expected)
            ok += good
            top5 += any(correct(h, kind, expected) for h in hits[:5])
            k = by_kind.setdefault(kind, [0, 0])
            k[0] += good
            k[1] += 1
            if not good and len(misses) < 10:
                misses.append({"kind": kind, "query": q, "expected": expected,
                               "got": hits[0].full_address if hits else None})
        scan = []
        with cache.engine.connect() as conn:
            raw = conn.connection.driver_connection
            for _, q, _ in mix[:n_scan]:
                t = time.perf_counter()
                raw.execute("SELECT fid, full_address FROM addresses WHERE full_address "
                            "LIKE '%' || ? || '%'", (q,)).fetchall()
                scan.append((time.perf_counter() - t) * 1000)
    lat_a, scan_a = np.array(lat), np.array(scan)
    p50, p95 = float(np.percentile(lat_a, 50)), float(np.percentile(lat_a, 95))
    s50, s95 = float(np.percentile(scan_a, 50)), float(np.percentile(scan_a, 95))
    return {
        "addresses": n_addresses, "names_indexed": names,
        "index_build_s": build["seconds"] if build else None,
        "index_bytes": int(sum(sizes.values())),
        "index_bytes_by_table": {k: int(v) for k, v in sorted(sizes.items())},
        "queries": len(mix),
        "search_ms": {"p50": round(p50, 2), "p95": round(p95, 2),
                      "max": round(float(lat_a.max()), 2), "mean": round(float(lat_a.mean()), 2)},
        "like_scan_ms": {"queries": len(scan), "p50": round(s50, 1), "p95": round(s95, 1)},
        "speedup_p50": round(s50 / p50, 1), "speedup_p95": round(s95 / p95, 1),
        "top1": round(ok / len(mix), 4),
        "top5": round(top5 / len(mix), 4),
        "top1_by_kind": {k: round(v[0] / v[1], 3) for k, v in sorted(by_kind.items())},
        "goal": {"p95_ms": 20, "speedup": 50},
        "misses": misses,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--buildings", type=int, default=1_000_000)
    p.add_argument("--cache-dir", type=Path, default=ROOT / "bench" / "out")
    p.add_argument("--queries", type=int, default=400)
    p.add_argument("--scan", type=int, default=20, help="queries timed as a LIKE scan")
    p.add_argument("--rebuild", action="store_true", help="rebuild the index even if present")
    args = p.parse_args()
    path, built = city_cache(args.cache_dir, args.buildings)
    result = {"buildings": args.buildings, "city_build_s": built,
              **measure(path, args.queries, args.scan, args.rebuild)}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
