"""The head of a cache's trail as the platform kept it from the last push (``docs/audit.md``).

Each push carries the trail's head (``Cimview-Trail-Head``); a platform that keeps them answers
``GET {landing}/cimview/trail-heads/{trail_id}`` with the last one it received::

    {"trail": "…", "count": 42, "sha256": "…", "device": "…", "received_at": "…"}

and 404 when it holds none for that trail. ``cimview audit CACHE --platform URL`` verifies the
local trail against it: a trail cut short, or rewritten wholesale, no longer holds that head.

Examples
--------
>>> kept = platform_head("https://cim.example.gov.cn/ogcapi", trail)      # doctest: +SKIP
>>> audit.verify(rows, known=kept.head)                                   # doctest: +SKIP
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from store.audit import Head
from store.sync.client import NotFound, Platform, SyncError

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_TRAIL = re.compile(r"^[0-9A-Za-z-]{1,64}$")


@dataclass(frozen=True)
class KeptHead:
    """A head the platform kept: the head, the device that pushed it, and when it arrived."""

    head: Head
    device: str
    received_at: str


def parse_kept(doc: Any, trail: str) -> KeptHead | None:
    """The platform's answer as a :class:`KeptHead`; None unless it is one for ``trail``
    (nothing the platform sends is trusted: types, lengths and the hash's form are checked).

    Examples
    --------
    >>> parse_kept({"trail": "t1", "count": 3, "sha256": "a" * 64}, "t1").head.count
    3
    >>> parse_kept({"trail": "t2", "count": 3, "sha256": "a" * 64}, "t1") is None
    True
    """
    if not isinstance(doc, dict) or doc.get("trail") != trail:
        return None
    count, sha = doc.get("count"), doc.get("sha256")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        return None
    if not isinstance(sha, str) or not _HEX64.match(sha):
        return None
    device = doc.get("device") if isinstance(doc.get("device"), str) else ""
    when = doc.get("received_at") if isinstance(doc.get("received_at"), str) else ""
    return KeptHead(Head(count, sha), device[:200], when[:64])


def platform_head(url: str, trail: str, *, token: str | None = None,
                  timeout: float = 15) -> KeptHead | None:
    """The head the platform at ``url`` kept for ``trail`` (None when it keeps none). Raises
    :class:`~store.sync.client.SyncError` when the platform cannot be asked."""
    if not _TRAIL.match(trail):
        raise ValueError(f"not a trail id: {trail!r}")
    with Platform(url, token, timeout=timeout, retries=1) as client:
        try:
            doc, _ = client.get_json(f"{client.url.rstrip('/')}/cimview/trail-heads/"
                                     f"{quote(trail, safe='')}")
        except NotFound:
            return None
    kept = parse_kept(doc, trail)
    if kept is None:
        raise SyncError(url, "the platform's trail head is not one (expected trail, count and "
                             "sha256)")
    return kept


__all__ = ["KeptHead", "parse_kept", "platform_head"]
