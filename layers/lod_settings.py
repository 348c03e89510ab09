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
    screen-space error, on by default there too: :func:`layers.lod.street_density`)."""

    max_sse: float = MAX_SSE
    budget_mb: int = BUDGET_MB
    far_coarser: bool = True
    changed: Signal = field(default_factory=Signal, repr=False, compare=False)

    @property
    def budget_bytes(self) -> int:
        return int(self.budget_mb) * 1024 * 1024

    def update(self, *, max_sse: float | None = None, budget_mb: int | None = None,
               far_coarser: bool | None = None) -> None:
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
        if names:
            self.changed.emit(tuple(names))
