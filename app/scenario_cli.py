"""``cimview scenario``: list a cache's planning scenarios, add one, or plan removals in one.

    cimview scenario CACHE [--json]                              the scenarios
    cimview scenario CACHE add NAME [--on PARENT] [--description TEXT]
    cimview scenario CACHE remove NAME --layer LAYER --fid FID [--fid FID …] --at YEAR

Planned features go into a scenario on import (``cimview import FILE --into CACHE --scenario
方案A --planned 2027``) and are seen with ``--scenario`` (``info``, ``--screenshot``) or the
window's time bar.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path


def cmd_scenario(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="cimview scenario",
                                description="List a cache's planning scenarios, add one, or "
                                "plan the removal of features in one.")
    p.add_argument("cache", type=Path)
    p.add_argument("action", nargs="?", choices=["list", "add", "remove"], default="list")
    p.add_argument("name", nargs="?", help="the scenario's name (add, remove), e.g. 方案A")
    p.add_argument("--on", metavar="PARENT", help="the scenario it builds on (add)")
    p.add_argument("--description", help="what the scenario plans (add)")
    p.add_argument("--layer", help="the layer of the features to remove (remove)")
    p.add_argument("--fid", type=int, action="append", default=[],
                   help="a feature to remove (remove; repeat for more)")
    p.add_argument("--at", metavar="WHEN", help="when they are removed: a year or date "
                   "(remove)")
    p.add_argument("--json", action="store_true", help="print JSON")
    args = p.parse_args(argv)
    from store import scenarios
    from store.cache import Cache

    with Cache.open(args.cache) as cache:
        if args.action == "add":
            if not args.name:
                p.error("add: give the scenario's name")
            made = scenarios.create(cache, args.name, parent=args.on,
                                    description=args.description)
            print(json.dumps({"gid": made.gid, "name": made.name, "on": args.on},
                             ensure_ascii=False) if args.json else made.name)
            return 0
        if args.action == "remove":
            from layers.plan_removal import plan_removal

            if not (args.name and args.layer and args.fid and args.at):
                p.error("remove: give the scenario's name, --layer, --fid and --at")
            n = plan_removal(cache, args.name, args.layer, args.fid, args.at)
            print(json.dumps({"removed": n, "scenario": args.name, "at": args.at},
                             ensure_ascii=False) if args.json else n)
            return 0
        found = scenarios.list_scenarios(cache)
    names = {s.gid: s.name for s in found}
    if args.json:
        print(json.dumps([{"gid": s.gid, "name": s.name, "on": names.get(s.parent_gid or ""),
                           "description": s.description} for s in found],
                         ensure_ascii=False, indent=2))
        return 0
    for s in found:
        on = f"  (on {names.get(s.parent_gid or '', '?')})" if s.parent_gid else ""
        print(f"{s.name}{on}{'  ' + s.description if s.description else ''}")
    return 0
