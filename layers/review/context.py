"""What every check reads: the BIM where it stands, its parcel, the neighbours, the cache.

Built once per review by :func:`layers.review.site.build_context`; checks read it and may leave
results for later checks and for the report in ``outputs`` (e.g. ``outputs["sunlight"]``, a
:class:`~layers.review.result.SunlightReceivers`) and rows in ``parameters``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from store.bim.georef import to_cache
from store.bim.model import BimModel
from store.cache import Cache
from store.messages import Message

Progress = Callable[[float, Message], None]
Cancel = Callable[[], bool]


class ReviewCancelled(Exception):
    """The user cancelled the review: nothing is reported."""


@dataclass
class ReviewContext:
    """The inputs of a review.

    ``parcel`` holds the parcel's fields (code, land_use_code, area, height_limit, far_max,
    density_max, green_min, setback_road, setback_side, ...) and ``parcel_geom`` its polygon,
    both in the cache CRS; ``found_by`` is ``"location"`` or ``"code"``. ``footprint`` is the
    BIM's outline on the map; ``replaced`` the fids of the white models the proposal replaces
    (they are left out of "the city with the proposal" and of the neighbours). ``progress``
    takes a fraction *within the current check* and a message; ``cancel`` is polled by long
    checks, which raise :class:`ReviewCancelled`."""

    cache: Cache
    model: BimModel
    ifc_path: Path
    crs: str
    parcel: dict[str, Any]
    parcel_geom: shapely.Geometry
    found_by: str
    footprint: shapely.Geometry
    replaced: list[int] = field(default_factory=list)
    progress: Progress = field(default=lambda fraction, message: None)
    cancel: Cancel = field(default=lambda: False)
    parameters: list[dict[str, Any]] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def map_vertices(self) -> np.ndarray:
        """The BIM's tessellated vertices (V, 3) in the cache CRS (x, y, z), float64."""
        v = self.model.geometry.vertices
        if len(v) == 0:
            return np.zeros((0, 3))
        return to_cache(self.model.georef, v, self.crs)

    def check_cancel(self) -> None:
        """Raise :class:`ReviewCancelled` when the user has asked to stop."""
        if self.cancel():
            raise ReviewCancelled()

    def add_parameter(self, name: str, value: Any, unit: str = "", source: str = "") -> None:
        """A row of the report's parameter table (``name`` is a key the app words)."""
        self.parameters.append({"name": name, "value": value, "unit": unit, "source": source})
