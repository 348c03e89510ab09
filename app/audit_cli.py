"""``cimview audit CACHE [--verify] [--json] [--against COUNT:HASH]``: the cache's trail.

Lists the trail (:mod:`store.audit`) oldest first and verifies it: every edited, deleted or
reordered entry is named with its position. ``--against`` checks the trail also holds a head
known from elsewhere (the one the platform kept from the last push), which is what catches a
trail cut short at its end or rewritten wholesale. Exit status 1 when it does not verify.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path


def cmd_audit(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="cimview audit",
        description="List and verify the cache's tamper-evident trail: imports, syncs, pushes, "
                    "local edits, observations (and exports, reviews, key changes), each with "
                    "its time (UTC), user and device, chained by SHA-256. Changes nothing. "
                    "Exit status 0 when the trail verifies, 1 when not.")
    p.add_argument("cache", type=Path)
    p.add_argument("--verify", action="store_true",
                   help="print only the verification (not every entry)")
    p.add_argument("--against", metavar="COUNT:HASH",
                   help="a head known from elsewhere (the platform's) the trail must hold")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lang", help="zh_CN or en (default: the system's)")
    args = p.parse_args(argv)
    from app.messages import use_language, word
    from store import audit
    from store.boundary import boundary
    from store.cache import Cache

    known = audit.Head.parse(args.against) if args.against else None
    with boundary(args.cache), Cache.open(args.cache) as cache, cache.engine.connect() as conn:
        rows = audit.entries(conn)
        trail = audit.trail_id(conn)
    problems = audit.verify(rows, known)
    ok = not problems
    if args.json:
        out = {"cache": str(args.cache), "trail_id": trail, "count": len(rows),
               "head": str(audit.head(rows)), "verified": ok,
               "problems": [pr.to_dict() for pr in problems]}
        if not args.verify:
            out["entries"] = rows
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0 if ok else 1
    use_language(args.lang)
    if not args.verify:
        for r in rows:
            details = r["details"] if isinstance(r["details"], str) else json.dumps(
                r["details"], ensure_ascii=False, sort_keys=True)
            print(f"{r['seq']:>6}  {r['at']}  {r['user']}@{r['device']}  {r['kind']}  {details}")
    for pr in problems:
        print(f"  {word(pr.message)}")
    print(f"{args.cache}: {word(audit.summary(rows, problems))}")
    return 0 if ok else 1
