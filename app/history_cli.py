"""``cimview history``: the city over time, and what changed between two times.

    cimview history CACHE [--from 1980] [--to 2030] [--scenario 方案A] [--csv F] [--json]
    cimview history CACHE --compare 2010 2020 [--scenario 方案A] [--json]

Per year: the buildings standing at its end, their floor area and housing units (the recorded
city, with a scenario's planned buildings when ``--scenario`` names one). ``--compare``: what
appeared and what went between the two times, per layer, with counts.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path


def cmd_history(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="cimview history",
                                description="The city over time, or what changed between "
                                            "two times.")
    p.add_argument("cache", type=Path)
    p.add_argument("--from", dest="first", metavar="YEAR", help="first year (default: the "
                   "earliest the cache's dates name)")
    p.add_argument("--to", dest="last", metavar="YEAR",
                   help="last year (default: this year, or the furthest planned one)")
    p.add_argument("--scenario", metavar="NAME", help="with this scenario's planned features")
    p.add_argument("--compare", nargs=2, metavar=("T1", "T2"),
                   help="what appeared and went between two times (years or dates)")
    p.add_argument("--csv", type=Path, metavar="FILE", help="write the years as CSV")
    p.add_argument("--json", action="store_true", help="print JSON")
    args = p.parse_args(argv)
    from layers import timeline
    from store import lifespan, scenarios
    from store.cache import Cache

    for value in [args.first, args.last, *(args.compare or [])]:
        if value is not None and lifespan.parse_when(value) is None:
            p.error(f"{value!r}: not a year, date or time (e.g. 2010, 2010-06-30)")
    with Cache.open(args.cache) as cache:
        if args.scenario:
            cache.scenarios = scenarios.chain(cache, scenarios.find(cache, args.scenario).gid)
        if args.compare:
            t1, t2 = (lifespan.instant(v) for v in args.compare)
            changes = timeline.compare(cache, t1, t2)
            if args.json:
                print(json.dumps({"from": t1, "to": t2, "scenario": args.scenario, "layers": {
                    c.layer: {"new": len(c.new), "gone": len(c.gone), "new_gids": c.new,
                              "gone_gids": c.gone} for c in changes}}, ensure_ascii=False,
                    indent=2))
            else:
                print(f"{t1} → {t2}")
                for c in changes:
                    print(f"  {c.layer:12s} +{len(c.new):<6d} -{len(c.gone)}")
            return 0
        first, last = cache.time_span()
        this_year = datetime.now(UTC).year
        start = args.first or (first[:4] if first else str(this_year - 30))
        end = args.last or str(max(this_year, int(last[:4]) if last else this_year))
        rows = timeline.timeline(cache, timeline.years_between(start, end))
    if args.csv:
        timeline.write_csv(rows, args.csv)
    if args.json:
        print(json.dumps({"scenario": args.scenario, "years": [asdict(r) for r in rows]},
                         ensure_ascii=False, indent=2))
    elif not args.csv:
        print(f"{'year':>6s} {'buildings':>10s} {'floor area m²':>15s} {'units':>8s}")
        for r in rows:
            print(f"{r.year:>6d} {r.buildings:>10d} {r.floor_area:>15,.0f} {r.units:>8d}")
    return 0
