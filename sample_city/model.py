"""Plain data passed between the sample-city generators (no Qt, no VTK, no database)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from store.raster import Grid

#: Where the district lies: CGCS2000 / 3-degree GK CM 114E, heights in the 1985 datum.
CRS = "EPSG:4547"
VERTICAL_CRS = "EPSG:5737"
CENTRE_LONLAT = (113.30, 23.10)


@dataclass
class LayerData:
    """Rows for one cache layer: shapely geometries plus columns named as in store/schema.py."""

    geoms: list[Any] | np.ndarray
    columns: dict[str, list[Any] | np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.geoms)


@dataclass
class Road:
    """A road centreline: gid, Chinese name, class (主干路/次干路/支路/巷), width in metres."""

    gid: str
    name: str
    road_class: str
    width: float
    line: shapely.LineString


@dataclass
class Terrain:
    """The district's DEM (EPSG:4547, 1985 heights) with vectorised height sampling."""

    grid: Grid

    def height(self, x: np.ndarray | float, y: np.ndarray | float) -> np.ndarray:
        return self.grid.sample(np.atleast_1d(x), np.atleast_1d(y))


def gids(rng: np.random.Generator, n: int) -> list[str]:
    """n deterministic version-4 UUID strings drawn from rng."""
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    return [str(uuid.UUID(bytes=row.tobytes())) for row in raw]
