"""A tile's bounding volume as written in tileset.json."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BoundingVolume:
    """A bounding volume as written: ``kind`` is box (12), region (6) or sphere (4 numbers)."""

    kind: str
    values: tuple[float, ...]
