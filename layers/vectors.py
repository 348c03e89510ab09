"""Features of a vector layer, read for drawing: geometries in the map's CRS and their fields.

:class:`VectorData` is what a ``vectors`` layer hands the viewer (which never reads a file or
the cache itself). Readers live beside it in this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Geometry families a vectors layer draws: points as symbols, lines and polygons draped.
GEOMETRIES = ("point", "line", "polygon")


@dataclass
class VectorData:
    """The features of one layer, ready to draw.

    ``geoms`` are shapely geometries in the map CRS (world coordinates, not shifted to the
    scene origin), all of one family ``geometry``; ``fids`` identify them (picking and the
    attribute table use the same ids); ``columns`` hold every field, one list or array per
    field in the order of ``fids``; ``has_z`` says whether the source gave heights (drawn at
    their own z) or not (draped on the terrain).
    """

    name: str
    geometry: str
    fids: np.ndarray
    geoms: np.ndarray
    columns: dict[str, Any] = field(default_factory=dict)
    has_z: bool = False
    crs: str = ""

    def __len__(self) -> int:
        return len(self.fids)

    @property
    def extent(self) -> tuple[float, float, float, float] | None:
        import shapely

        if not len(self.geoms):
            return None
        b = shapely.total_bounds(self.geoms)
        return float(b[0]), float(b[1]), float(b[2]), float(b[3])
