"""What a reader hands to the writer: the target of an import and batches of rows."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import shapely
from pyproj import CRS

from store.importers.options import ImportOptions
from store.importers.report import ImportReport
from store.raster import Grid


@dataclass
class Target:
    """Where the rows go: the input's CRS, the cache's CRS and what the cache already holds."""

    path: Path
    src_crs: CRS
    cache_crs: CRS
    options: ImportOptions
    report: ImportReport
    cache_vertical: str | None = None
    dem: Grid | None = None

    @property
    def source(self) -> str:
        """The source name stored with each row and hashed into gids: the file's name."""
        return printable(self.path.name)


@dataclass
class Batch:
    """Rows for one cache layer: geometries and columns (``gid`` included)."""

    layer: str
    geoms: np.ndarray
    columns: dict[str, Any] = field(default_factory=dict)


class Source(Protocol):
    """A parsed and validated input file, not yet in the cache CRS."""

    declared_crs: str | CRS | None

    def bounds(self) -> tuple[float, float, float, float]: ...

    def build(self, target: Target) -> list[Batch] | Grid: ...


def printable(path: str | os.PathLike[str]) -> str:
    """A file name as valid Unicode: bytes that are not UTF-8 (a name written by another
    system) become ``\\xff`` escapes, so that the name can be stored and printed."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def ground_z(geoms: np.ndarray, dem: Grid | None) -> np.ndarray:
    """Lowest DEM height under each geometry's vertices (NaN without a DEM or off the grid)."""
    out = np.full(len(geoms), np.nan)
    if dem is None or len(geoms) == 0:
        return out
    coords, idx = shapely.get_coordinates(geoms, return_index=True)
    z = dem.sample(coords[:, 0], coords[:, 1])
    low = np.full(len(geoms), np.inf)
    np.fmin.at(low, idx, z)
    return np.where(np.isfinite(low), low, np.nan)


def geometry_bounds(geoms: np.ndarray) -> tuple[float, float, float, float]:
    """Total bounds of the non-empty geometries (zeros when there are none)."""
    b = shapely.total_bounds(geoms)
    if not np.isfinite(b).all():
        return (0.0, 0.0, 0.0, 0.0)
    return tuple(float(v) for v in b)  # type: ignore[return-value]
