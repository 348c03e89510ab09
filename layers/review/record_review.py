"""A finished review goes into the cache's trail (:mod:`store.audit`): what was reviewed against
which rules and parcel, the outcome, and the reports written with their SHA-256.

Examples
--------
>>> record_review(cache, result, outputs=[Path("report.pdf")])    # doctest: +SKIP
True
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from store import audit
from store.errors import CimviewError

_log = logging.getLogger("cimview")


def review_details(result: Any, outputs: Iterable[Path] = ()) -> dict[str, Any]:
    """The trail entry's details of a :class:`~layers.review.result.ReviewResult` (small: names,
    hashes and counts, never the findings' text)."""
    counts: dict[str, int] = {}
    for finding in result.findings:
        counts[finding.status] = counts.get(finding.status, 0) + 1
    files = []
    for path in outputs:
        path = Path(path)
        if path.is_file():
            files.append({"file": path.name, "sha256": audit.file_sha256(path)})
    return {"ifc": Path(str(result.model.get("file", ""))).name,
            "ifc_sha256": result.model.get("sha256"),
            "ruleset": result.ruleset.get("name"), "ruleset_version": result.ruleset.get("version"),
            "parcel": result.parcel.get("code"), "status": result.status,
            "findings": dict(sorted(counts.items())), "reports": files}


def record_review(cache: Any, result: Any, *, outputs: Iterable[Path] = ()) -> bool:
    """Append a ``review`` entry for ``result`` to ``cache``'s trail. False (logged) when the
    cache cannot be written (a read-only copy): the review itself stands."""
    if getattr(cache, "read_only", False):
        return False
    try:
        audit.record(cache, "review", **review_details(result, outputs))
    except CimviewError as exc:
        _log.warning("review not recorded in the trail of %s: %s", cache.path, exc)
        return False
    return True


__all__ = ["record_review", "review_details"]
