"""The scene origin: geometry stays float64 until it is shifted here, then becomes float32.

CGCS2000 Gauss-Kruger coordinates are in the millions (float32 spacing at 2.5e6 m is 0.25 m), so
every mesh of a scene is built relative to one origin near the centre of the cache's extent. Heights
(z) are not shifted: they are 1985-datum metres, small enough for float32.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Origin:
    """A scene origin in the cache CRS (easting, northing)."""

    x: float
    y: float

    @classmethod
    def of_extent(cls, extent: tuple[float, float, float, float]) -> Origin:
        """The origin at the centre of an extent (minx, miny, maxx, maxy), rounded to 1 m."""
        x = round((extent[0] + extent[2]) / 2)
        y = round((extent[1] + extent[3]) / 2)
        return cls(float(x), float(y))

    def to_local(self, xyz: np.ndarray) -> np.ndarray:
        """float32 scene coordinates from an (n, 2) or (n, 3) float64 array in the cache CRS."""
        out = np.array(xyz, dtype=np.float64, copy=True)
        out[:, 0] -= self.x
        out[:, 1] -= self.y
        return out.astype(np.float32)

    def to_world(self, xyz: np.ndarray) -> np.ndarray:
        """Cache-CRS coordinates (float64) from scene coordinates."""
        out = np.array(xyz, dtype=np.float64, copy=True)
        out[..., 0] += self.x
        out[..., 1] += self.y
        return out
