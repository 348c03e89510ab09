"""The model of what is open: one cache, its layers, and the state of the map.

:class:`CityModel` is what the viewer draws and what the app's controllers change (napari's
``ViewerModel``; QGIS's ``Qgs3DMapSettings``). It holds no Qt and no VTK: tests drive it
without a display, the window's widgets only view it, and a scene rebuilt from it needs
nothing re-applied from widgets.

Signals: ``opened(cache)`` after :meth:`open` (the layer list is then complete),
``selection_changed(selection)``, ``underground_changed(on)``, ``tool_changed(old, new)``,
``time_changed(when)`` (the time the city is shown at: None for now);
``layers``, ``colouring``, ``bim``, ``review`` and ``lod`` carry their own.

Example
-------
>>> model = CityModel()
>>> model.set_tool("measure_distance")
>>> model.tool
'measure_distance'
>>> model.select("buildings", [12])
>>> model.selection.fids
(12,)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from layers.colouring import BuildingColouring
from layers.events import Signal
from layers.layerlist import LayerList
from layers.lod_settings import LodSettings
from layers.review.session import ReviewSession

if TYPE_CHECKING:
    from layers.timeline import Comparison
    from store.cache import Cache

#: The terrain's opacity in underground mode until the user moves the slider.
UNDERGROUND_OPACITY = 0.3
#: The map tools; exactly one is active (QGIS's Qgs3DMapTool). A click does only what it says.
TOOLS = ("pick", "measure_distance", "measure_height", "measure_area", "measure_elevation",
         "place_bim", "draw_area")


@dataclass(frozen=True)
class Selection:
    """Selected features of one layer (fids in selection order); empty: nothing selected."""

    layer: str | None = None
    fids: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.fids)

    @property
    def fid(self) -> int | None:
        """The first selected fid (the one the attribute panel shows)."""
        return self.fids[0] if self.fids else None


@dataclass
class BimSession:
    """The BIM open over the city: its model, where it stands, how it is shown.

    ``replaced`` are fids of white models hidden under it; ``compare`` shows them again
    beside it; ``hidden_classes`` are IFC classes switched off; ``storey`` (None: all)
    isolates one storey; ``xray`` draws it translucent.
    """

    model: Any = None
    file: str | None = None
    georef: Any = None
    replaced: frozenset[int] = frozenset()
    compare: bool = False
    hidden_classes: frozenset[str] = frozenset()
    storey: int | None = None
    xray: bool = False
    changed: Signal = field(default_factory=Signal, repr=False, compare=False)

    @property
    def is_open(self) -> bool:
        return self.model is not None

    def update(self, **values: Any) -> None:
        """Change some fields; emits ``changed(names)`` once with the names that changed."""
        changed = [k for k, v in values.items() if getattr(self, k) != v]
        for k in changed:
            setattr(self, k, values[k])
        if changed:
            self.changed.emit(tuple(changed))

    def close(self) -> None:
        self.update(model=None, file=None, georef=None, replaced=frozenset(), compare=False,
                    hidden_classes=frozenset(), storey=None, xray=False)


class CityModel:
    """Everything the map shows, for one open cache (or none)."""

    def __init__(self, lang: str = "zh_CN") -> None:
        self.lang = lang
        self.cache: Cache | None = None
        self.grades: dict[str, Any] = {}  # table -> store.grades.Grade of the open cache
        self.layers = LayerList()
        self.colouring = BuildingColouring()
        self.bim = BimSession()
        #: The plan review shown (layers.review.session): its result, selection, shadow time.
        self.review = ReviewSession()
        #: How much detail the 3D view draws (screen-space error, memory budget).
        self.lod = LodSettings()
        self.selection = Selection()
        self.underground = False
        #: How underground mode shows the city: the terrain's (and draped layers') opacity,
        #: and whether the buildings are hidden.
        self.underground_opacity = UNDERGROUND_OPACITY
        self.hide_buildings_underground = False
        self.tool = "pick"
        #: the time the city is shown at, as the user gave it ("2010", "2010-06-30"), or None
        #: for now; every read of the open cache serves what stood then (store.lifespan)
        self.time: str | None = None
        #: the planning scenario shown with the recorded city (its gid), or None: nothing
        #: planned (store.scenarios)
        self.scenario: str | None = None
        #: what changed from an earlier time to the map's time (layers.timeline.Comparison),
        #: coloured as the buildings' theme while on; None: no comparison
        self.comparison: Comparison | None = None
        self.compare_from: str | None = None
        self._theme_before: Any = None
        self.opened = Signal()
        self.time_changed = Signal()
        self.comparison_changed = Signal()
        self.selection_changed = Signal()
        self.underground_changed = Signal()
        self.tool_changed = Signal()

    # -- the cache ---------------------------------------------------------------------------
    def open(self, cache: Cache, *, saved: bool = True) -> None:
        """Show ``cache``: its saved map (layers and styles) when it has one and ``saved``,
        else the default layers of what it holds."""
        from layers.defaults import default_layers
        from layers.grades import open_grades
        from layers.project import load_layers

        self.cache = cache
        cache.at = self._instant()
        self.scenario = None  # scenarios belong to one cache
        self.comparison, self.compare_from, self._theme_before = None, None, None
        cache.scenarios = ()
        self.grades = open_grades(cache)  # table -> data grade (store.grades)
        with self.layers.inserted.blocked(), self.layers.removed.blocked():
            self.layers.clear()
            layers = (load_layers(cache) if saved else None) or default_layers(cache)
            for layer in layers:
                self.layers.append(layer)
        self.selection = Selection()
        self.colouring.clear()
        self.bim.close()
        self.review.clear()
        self.opened.emit(cache)

    def save(self) -> None:
        """Keep the layers and their styles in the cache, for the next open."""
        from layers.project import save_layers

        if self.cache is not None:
            save_layers(self.cache, list(self.layers))

    # -- state -------------------------------------------------------------------------------
    def select(self, layer: str | None, fids: Iterable[int] = ()) -> None:
        """Select features of one layer (replacing the selection); no fids clears it."""
        ids = tuple(int(f) for f in fids)
        new = Selection(layer if ids else None, ids)
        if new != self.selection:
            self.selection = new
            self.selection_changed.emit(new)

    def clear_selection(self) -> None:
        self.select(None)

    def set_underground(self, on: bool) -> None:
        if bool(on) != self.underground:
            self.underground = bool(on)
            self.underground_changed.emit(self.underground)

    def set_underground_view(self, *, opacity: float | None = None,
                             hide_buildings: bool | None = None) -> None:
        """How underground mode shows the city (None keeps a setting); emits
        ``underground_changed`` when something changed."""
        changed = False
        if opacity is not None:
            value = min(max(float(opacity), 0.0), 1.0)
            changed |= value != self.underground_opacity
            self.underground_opacity = value
        if hide_buildings is not None:
            changed |= bool(hide_buildings) != self.hide_buildings_underground
            self.hide_buildings_underground = bool(hide_buildings)
        if changed:
            self.underground_changed.emit(self.underground)

    def set_time(self, when: str | None) -> None:
        """Show the city as it stood at ``when`` (a year: its end; a month, a date or an ISO
        time; None: now). ValueError when ``when`` is not a time.

        Examples
        --------
        >>> m = CityModel(); m.set_time("2010"); m.time
        '2010'
        """
        from store import lifespan

        if when is not None:
            lifespan.instant(when)  # ValueError for what is not a time
        if when != self.time:
            self.time = when
            if self.cache is not None:
                self.cache.at = self._instant()
            self.clear_selection()  # what was selected may not stand then
            self._compare()
            self.time_changed.emit(when)

    def set_scenario(self, scenario: str | None) -> None:
        """Show the planned features of ``scenario`` (a name or gid of the open cache's, and
        those it builds on) with the city; None: nothing planned. Emits ``time_changed``:
        what stands changes as with a time. CimviewError for an unknown scenario."""
        from store import scenarios

        gid = None
        if scenario is not None and self.cache is not None:
            gid = scenarios.find(self.cache, scenario).gid
        if gid != self.scenario:
            self.scenario = gid
            if self.cache is not None:
                self.cache.scenarios = scenarios.chain(self.cache, gid)
            self.clear_selection()
            self._compare()
            self.time_changed.emit(self.time)

    def set_compare(self, before: str | None) -> None:
        """Colour the buildings by what changed from ``before`` (a year, month, date or time)
        to the map's time, and draw the demolished ones too; None ends the comparison (the
        theme shown before comes back). Follows the map's time and scenario. ValueError when
        ``before`` is not a time.

        Examples
        --------
        >>> m = CityModel(); m.set_compare("2010"); m.compare_from
        '2010'
        """
        from store import lifespan

        if before is not None:
            lifespan.instant(before)
        if before != self.compare_from:
            self.compare_from = before
            self._compare()

    def _instant(self) -> str:
        from store import lifespan
        from store.cache import NOW

        return NOW if self.time is None else lifespan.instant(self.time)

    def set_theme(self, theme: Any) -> None:
        """Colour the buildings by ``theme`` (a Classification, e.g. a housing theme; None:
        white models). While two times are compared, the comparison keeps the colours and
        this theme comes when it ends."""
        if self.comparison is not None:
            self._theme_before = theme
        else:
            self.colouring.set_theme(theme)

    def _compare(self) -> None:
        """Compute the comparison again (time, scenario or start changed), or end it."""
        from layers.timeline import compare_buildings
        from store import lifespan

        was = self.comparison
        if self.compare_from is None or self.cache is None:
            self.comparison = None
            if was is not None and self.colouring.theme is was.theme:
                self.colouring.set_theme(self._theme_before)
        else:
            if was is None or self.colouring.theme is not was.theme:
                self._theme_before = self.colouring.theme
            self.comparison = compare_buildings(self.cache, lifespan.instant(self.compare_from),
                                                self.instant)
            self.colouring.set_theme(self.comparison.theme)
        if self.comparison is not None or was is not None:
            self.comparison_changed.emit(self.comparison)

    @property
    def instant(self) -> str:
        """The moment the map shows, as lifespan text (:func:`store.lifespan.instant`): this
        moment when it shows now."""
        from store import lifespan

        return lifespan.now() if self.time is None else lifespan.instant(self.time)

    def set_tool(self, tool: str) -> None:
        """Make ``tool`` the one active map tool (the previous one ends)."""
        if tool not in TOOLS:
            raise ValueError(f"unknown map tool {tool!r}; tools: {', '.join(TOOLS)}")
        if tool != self.tool:
            old, self.tool = self.tool, tool
            self.tool_changed.emit(old, tool)
