"""How much detail the 3D view draws: the screen-space error allowed and the memory budget.

The model owns these (``CityModel.lod``); the scene follows ``changed`` (as it follows
``model.colouring``), and the preferences dialog only views them.

Example
-------
>>> lod = LodSettings()
>>> seen = []
>>> _ = lod.changed.connect(seen.append)
>>> lod.update(max_sse=8)
>>> lod.max_sse, seen
(8.0, [('max_sse',)])
>>> lod.budget_bytes
536870912
"""

from __future__ import annotations

from dataclasses import dataclass, field

from layers.events import Signal
from layers.haze import VISIBILITY, VISIBILITY_RANGE
from layers.lod import MAX_SSE

#: The default byte budget of loaded tiles, in MiB (QGIS's 3D GPU memory limit is 500 MB,
#: CesiumJS's cache 512 MB).
BUDGET_MB = 512
#: What a user may choose (px; MiB).
SSE_RANGE = (1.0, 256.0)
BUDGET_RANGE = (64, 16384)


@dataclass
class LodSettings:
    """``max_sse``: the screen-space error (px) a drawn tile may show (Cesium's and QGIS's
    16 px); ``budget_mb``: memory for loaded tiles (least recently used tiles go first);
    ``far_coarser``: in a street-level view, far tiles stay coarser (CesiumJS's dynamic
    screen-space error, on by default there too: :func:`layers.lod.street_density`);
    ``haze``: in a street-level view the far city fades into the sky's colour and what is
    lost in it is not drawn (CesiumJS's fog, on by default there too); ``visibility_km``: how
    far in front of the camera the city is lost in it (:mod:`layers.haze`).
    """

    max_sse: float = MAX_SSE
    budget_mb: int = BUDGET_MB
    far_coarser: bool = True
    haze: bool = True
    visibility_km: float = VISIBILITY / 1000.0
    changed: Signal = field(default_factory=Signal, repr=False, compare=False)

    @property
    def visibility_m(self) -> float:
        return float(self.visibility_km) * 1000.0

    @property
    def budget_bytes(self) -> int:
        return int(self.budget_mb) * 1024 * 1024

    def update(self, *, max_sse: float | None = None, budget_mb: int | None = None,
               far_coarser: bool | None = None, haze: bool | None = None,
               visibility_km: float | None = None) -> None:
        """Change settings (clamped to the allowed ranges); emits ``changed(names)`` once."""
        names = []
        if max_sse is not None:
            value = min(max(float(max_sse), SSE_RANGE[0]), SSE_RANGE[1])
            if value != self.max_sse:
                self.max_sse, names = value, [*names, "max_sse"]
        if budget_mb is not None:
            value = int(min(max(int(budget_mb), BUDGET_RANGE[0]), BUDGET_RANGE[1]))
            if value != self.budget_mb:
                self.budget_mb, names = value, [*names, "budget_mb"]
        if far_coarser is not None and bool(far_coarser) != self.far_coarser:
            self.far_coarser, names = bool(far_coarser), [*names, "far_coarser"]
        if haze is not None and bool(haze) != self.haze:
            self.haze, names = bool(haze), [*names, "haze"]
        if visibility_km is not None:
            low, high = (v / 1000.0 for v in VISIBILITY_RANGE)
            value = min(max(float(visibility_km), low), high)
            if value != self.visibility_km:
                self.visibility_km, names = value, [*names, "visibility_km"]
        if names:
            self.changed.emit(tuple(names))
