"""What a review finds: one :class:`Finding` per rule, gathered in a :class:`ReviewResult`.

A finding is values and codes, not sentences: ``reason`` and ``notes`` are
:class:`~store.messages.Message` templates that ``app/`` words in the user's language; rule
titles come from the rule set in both languages.

Example
-------
>>> f = Finding(rule="height", status=FAIL, value=82.4, limit=80.0, unit="m", compare="<=")
>>> f.failed, f.assessed
(True, True)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from store.bim.model import messages_to_json
from store.messages import Message

#: A finding's status: the model meets the rule, breaks it, or lacks what the rule needs.
PASS, FAIL, NOT_ASSESSABLE = "pass", "fail", "not_assessable"
STATUSES = (PASS, FAIL, NOT_ASSESSABLE)


@dataclass
class Finding:
    """The outcome of one rule.

    ``value`` is what was measured (in ``unit``), ``limit`` what the rule allows, ``compare``
    how they relate for a pass (``"<="``, ``">="``). ``reason`` says why a rule is not
    assessable (always set then), or how the value was obtained (e.g. the GFA source).
    ``elements`` are the GlobalIds of failing BIM elements; ``location`` a map point (cache
    CRS, x y z) to fly to; ``shapes`` drawable evidence in the cache CRS, by kind:
    ``{"edges": [[[x, y, z], [x, y, z]], ...], "buildings": [fid, ...], "receivers": [i, ...]}``.
    ``details`` are the rows behind the value (per storey, per neighbour, per receiver), plain
    JSON-ready dicts; ``notes`` extra remarks (assumptions made, data used)."""

    rule: str
    status: str
    value: float | None = None
    limit: float | None = None
    unit: str = ""
    compare: str = ""
    clause: str = ""
    title_zh: str = ""
    title_en: str = ""
    reason: Message | None = None
    notes: list[Message] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    location: tuple[float, float, float] | None = None
    shapes: dict[str, Any] = field(default_factory=dict)
    details: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")
        if self.status == NOT_ASSESSABLE and self.reason is None:
            raise ValueError(f"rule {self.rule}: a not-assessable finding needs a reason")

    @property
    def failed(self) -> bool:
        return self.status == FAIL

    @property
    def assessed(self) -> bool:
        return self.status != NOT_ASSESSABLE

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (messages as :func:`~store.messages.messages_to_json` writes them)."""
        d = asdict(self)
        d["reason"] = messages_to_json([self.reason])[0] if self.reason is not None else None
        d["notes"] = messages_to_json(list(self.notes))
        d["location"] = list(self.location) if self.location is not None else None
        return _plain(d)


@dataclass
class SunlightReceivers:
    """Every sunlight receiver of a review, as arrays (one row per receiver).

    ``points`` (n, 3) cache CRS; ``normals`` (n, 3) outward facade normals; ``owner`` the
    building fid (−1 for the proposal itself); ``hours_with`` / ``hours_without`` the counted
    sunlight hours with and without the proposal (NaN where not computed); ``status`` per
    receiver: ``"pass"``, ``"fail"`` (below the standard because of the proposal),
    ``"existing"`` (already below it without the proposal). ``periods_with`` lists, per
    receiver, the sunlit periods counted as ``(start, end)`` Beijing-time ``"HH:MM"`` strings."""

    points: np.ndarray
    normals: np.ndarray
    owner: np.ndarray
    hours_with: np.ndarray
    hours_without: np.ndarray
    status: list[str]
    periods_with: list[list[tuple[str, str]]] = field(default_factory=list)
    periods_without: list[list[tuple[str, str]]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.points)


@dataclass
class ReviewResult:
    """A whole review: what was reviewed against what, and every finding in rule-set order.

    ``model`` {"file", "sha256", "schema", "project"}; ``ruleset`` {"name", "name_en",
    "version", "source", "file"}; ``parcel`` the parcel's fields (code, land use, area and
    controls) and how it was found (``"found_by"``: ``"location"`` or ``"code"``);
    ``parameters`` rows {"name", "value", "unit", "source"} for the report's parameter table;
    ``sources`` the data used (cache file, CRS, layers and their sources)."""

    model: dict[str, Any]
    ruleset: dict[str, Any]
    parcel: dict[str, Any]
    crs: str
    vertical_crs: str | None = None
    findings: list[Finding] = field(default_factory=list)
    parameters: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    sunlight: SunlightReceivers | None = None
    started: str = ""
    seconds: float = 0.0

    @property
    def status(self) -> str:
        """FAIL if any rule fails, else NOT_ASSESSABLE if any could not be assessed, else PASS."""
        statuses = {f.status for f in self.findings}
        return FAIL if FAIL in statuses else NOT_ASSESSABLE if NOT_ASSESSABLE in statuses else PASS

    def finding(self, rule: str) -> Finding | None:
        return next((f for f in self.findings if f.rule == rule), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: what ``cimview review --json`` prints."""
        d = {k: _plain(v) for k, v in self.__dict__.items()
             if k not in ("findings", "sunlight")}
        d["status"] = self.status
        d["findings"] = [f.to_dict() for f in self.findings]
        s = self.sunlight
        d["sunlight"] = None if s is None else {
            "points": s.points.round(3).tolist(), "owner": s.owner.tolist(),
            "hours_with": _nan_none(s.hours_with), "hours_without": _nan_none(s.hours_without),
            "status": list(s.status), "periods_with": _plain(s.periods_with),
            "periods_without": _plain(s.periods_without)}
        return d


def _nan_none(a: np.ndarray) -> list[float | None]:
    return [None if not np.isfinite(v) else round(float(v), 3) for v in np.asarray(a, float)]


def _plain(v: Any) -> Any:
    """numpy scalars/arrays and tuples → JSON types, recursively."""
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, np.ndarray):
        return _plain(v.tolist())
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, float) and not np.isfinite(v):
        return None
    return v
