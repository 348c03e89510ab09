"""``cimview audit CACHE [--verify] [--json] [--against COUNT:HASH] [--platform URL]``.

Lists the trail (:mod:`store.audit`) oldest first and verifies it: every edited, deleted or
reordered entry is named with its position. ``--against`` checks the trail also holds a head
known from elsewhere (the one the platform kept from the last push), which is what catches a
trail cut short at its end or rewritten wholesale; ``--platform URL`` asks the platform for
it. Exit status 1 when it does not verify.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP

_KEPT = QT_TRANSLATE_NOOP("AuditCli", "the platform kept head {head} from {device} at {at}")
_NONE_KEPT = QT_TRANSLATE_NOOP("AuditCli", "the platform keeps no head for this trail (no push "
                                           "yet)")


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
    p.add_argument("--platform", metavar="URL",
                   help="ask the platform for the head it kept from this cache's last push, "
                        "and check the trail still holds it (token: $CIMVIEW_TOKEN or the "
                        "keyring)")
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
    kept = None
    if args.platform:
        from store.sync.credentials import token_for
        from store.sync.trail_head import platform_head

        if trail:
            kept = platform_head(args.platform, trail, token=token_for(args.platform))
        if kept is not None and known is None:
            known = kept.head
    problems = audit.verify(rows, known)
    ok = not problems
    if args.json:
        out = {"cache": str(args.cache), "trail_id": trail, "count": len(rows),
               "head": str(audit.head(rows)), "verified": ok,
               "checked_against": str(known) if known else None,
               "platform_head": ({"head": str(kept.head), "device": kept.device,
                                  "received_at": kept.received_at} if kept else None),
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
    if args.platform:
        from app.messages import translate_in

        print(translate_in("AuditCli", _KEPT).format(
            head=str(kept.head), device=kept.device, at=kept.received_at) if kept else
            translate_in("AuditCli", _NONE_KEPT))
    print(f"{args.cache}: {word(audit.summary(rows, problems))}")
    return 0 if ok else 1
