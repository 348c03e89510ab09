"""What an import did: counts, repairs, rejections and warnings, as JSON and as a short text.

Invariant: ``features_read == imported + len(rejected)``. A feature is read once; it is either
written to the cache (``imported``, possibly after a repair listed in ``repaired``) or rejected
with a reason. ``replaced`` counts imported features whose gid already existed in the cache.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from store.messages import Message, as_message


@dataclass
class ImportReport:
    """The outcome of one ``import_file`` call."""

    file: str
    kind: str = ""  # footprints / cityjson / dem
    format: str = ""  # GeoJSON, CityJSON 2.0, CityJSONSeq, GeoPackage, Shapefile, GeoTIFF
    cache: str = ""
    created_cache: bool = False
    cache_crs: str = ""
    source_crs: str = ""
    features_read: int = 0
    imported: int = 0
    replaced: int = 0
    repaired: list[dict[str, str]] = field(default_factory=list)  # {feature, problem}
    rejected: list[dict[str, str]] = field(default_factory=list)  # {feature, reason}
    warnings: list[str] = field(default_factory=list)
    estimated_heights: int = 0
    object_types: dict[str, int] = field(default_factory=dict)  # CityJSON: types read
    seconds: float = 0.0

    def reject(self, feature: str, reason: str, **values: Any) -> None:
        """``feature`` is not imported, for ``reason`` (a template with ``values``)."""
        self.rejected.append({"feature": str(feature), "reason": _said(reason, values)})

    def repair(self, feature: str, problem: str, **values: Any) -> None:
        """``feature`` was imported after repairing ``problem`` (a template with ``values``)."""
        self.repaired.append({"feature": str(feature), "problem": _said(problem, values)})

    def warn(self, message: str, **values: Any) -> None:
        """A warning (a template with ``values``), listed once."""
        said = _said(message, values)
        if said not in self.warnings:
            self.warnings.append(said)

    def check(self) -> None:
        """Assert the counting invariant (a bug if it fails, never the user's fault)."""
        if self.features_read != self.imported + len(self.rejected):
            raise AssertionError(
                f"import report: read {self.features_read} != imported {self.imported} "
                f"+ rejected {len(self.rejected)}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (what ``--json`` prints and the cache's import log keeps)."""
        out = asdict(self)
        out["seconds"] = round(self.seconds, 3)
        return out


def _said(text: str, values: dict[str, Any]) -> Message:
    return Message(text, **values) if values else as_message(text)
