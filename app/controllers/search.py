"""Search and reverse lookup in the window: the search box's answers, going to a hit, the
standard address of what was clicked.

A chosen hit is flown to, its building highlighted (or a red pin put on its point) and shown in
the Attributes dock; a hit chosen while the city is still being drawn is gone to once it is.
A click in the 3D view shows the clicked building's standard address, or the nearest one to the
clicked point and how far it is.

Words are translated in the ``MainWindow`` context, where they were before this controller.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt

from app.messages import sentence
from app.search_box import MAX_ROWS, level_label

if TYPE_CHECKING:
    from app.controllers.host import WindowHost

# Camera distance (m) to a search hit, by level; others get SEARCH_DISTANCE.
SEARCH_DISTANCES = {"门牌": 200.0, "楼栋": 250.0, "单元": 200.0, "建筑物": 250.0, "杆件": 120.0,
                    "街路巷": 700.0, "小区": 450.0, "地块": 450.0, "社区": 1500.0,
                    "街道": 2000.0}
SEARCH_DISTANCE = 300.0
# A reverse lookup closer than this (m) to the building's own address is that address.
OWN_ADDRESS_M = 0.5


def has_search_index(cache: Any) -> bool:
    """Whether a cache holds a usable search index (False when it cannot be read)."""
    try:
        from store.search import has_index

        return has_index(cache)
    except Exception:  # noqa: BLE001 - no engine, or an unreadable index: it is rebuilt
        return False


def building_of(cache: Any, hit: Any) -> Any:
    """The building a hit is about (its Features row: fid, footprint, ground_z, height), or
    None."""
    if cache is None:
        return None
    cols = ["ground_z", "height"]
    if hit.layer == "buildings":
        f = cache.read("buildings", cols, where="t.fid = :f", params={"f": int(hit.fid)})
    elif hit.building_gid:
        f = cache.read("buildings", cols, where="t.gid = :g", params={"g": hit.building_gid})
    else:
        return None
    return f if len(f) else None


class SearchController(QObject):
    """The search box, search hits and reverse lookup of one main window."""

    def __init__(self, window: WindowHost):
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.ready = False  # the search box answers
        self.pending_hit: Any = None  # a hit chosen before the city was drawn

    # -- the index -----------------------------------------------------------------------------
    def cache_opened(self, cache: Any) -> None:
        """A cache was opened: search answers at once when it has its index."""
        self.pending_hit = None
        self.set_ready(has_search_index(cache), "")

    def index_done(self, path: str, error: str) -> None:
        """The worker made sure of the index of the cache at ``path`` (error: why not)."""
        if Path(path) != self.window.cache_path:
            return  # a cache opened before this one
        if error and not self.ready:
            self.set_ready(False, error)
        elif not error:
            self.set_ready(True, "")

    def set_ready(self, ready: bool, error: str) -> None:
        self.ready = ready
        box = self.window.search_box
        if ready:
            box.set_search(self.search)
            self.window.search_ready.emit()
        elif error:
            box.set_search(None, QCoreApplication.translate(
                "MainWindow", "Search is not available: {0}").format(error))
        else:
            box.set_search(None, QCoreApplication.translate(
                "MainWindow", "Building the search index…"))

    def search(self, query: str) -> list[Any]:
        """The hits of a query in the open cache, best first."""
        from store.search import search

        cache = self.window.cache
        return [] if cache is None else list(search(cache, query, MAX_ROWS))

    def focus(self) -> None:
        """Ctrl+F: the keyboard to the search box, its text selected."""
        self.window.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.window.search_box.selectAll()

    # -- going to a hit ------------------------------------------------------------------------
    def ground(self, x: float, y: float) -> float:
        """The terrain height at a world point: the drawn terrain, else the DEM, else 0."""
        z = self.window.view.terrain_height(x, y)
        if z is None and self.window.cache is not None:
            from layers.terrain import height_at

            z = height_at(self.window.cache, x, y)
        return float(z) if z is not None else 0.0

    def activate_hit(self, hit: Any) -> None:
        """Go to a search hit: fly there, highlight its building (or put the red pin on its
        point when it has none: a road, a parcel, a pole, a place; and on a door's gate), and
        show it in the Attributes dock."""
        import shapely

        w = self.window
        cache, view = w.cache, w.view
        if cache is None:
            return
        building = building_of(cache, hit)
        building_fid = int(building.fids[0]) if building is not None else None
        if view.scene.data is None:  # the city is still being drawn: go there after
            self.pending_hit = hit
            w.attribute_panel.show_hit(cache, hit, w.lang, building_fid)
            return
        x, y = float(hit.x), float(hit.y)
        z = self.ground(x, y)
        if building is not None:
            roof = float(building.columns["ground_z"][0] or 0.0) \
                + float(building.columns["height"][0] or 0.0)
            if shapely.contains_xy(building.geoms[0], x, y) or hit.layer == "buildings":
                z = max(z, roof)
        view.scene.set_marker(None)
        view.clear_selection()  # emits cleared: the panel is refilled below
        highlighted = False
        if building_fid is not None:
            highlighted = view.highlight("buildings", building_fid)
        elif hit.layer == "poles":
            highlighted = view.highlight("poles", int(hit.fid))
        if not highlighted or hit.level == "门牌" or hit.layer == "poles":
            view.scene.set_marker((x, y, z))
        w.attribute_panel.show_hit(cache, hit, w.lang, building_fid)
        view.fly_to(np.array([x, y, z]),
                    distance=SEARCH_DISTANCES.get(hit.level, SEARCH_DISTANCE))
        w.statusBar().showMessage(QCoreApplication.translate("MainWindow", "{0} ({1})").format(
            hit.full_address or hit.name or "", level_label(hit.level)))
        view.setFocus(Qt.FocusReason.OtherFocusReason)  # F, T, Esc … act on the view

    def scene_drawn(self) -> None:
        """The city is drawn: go to the hit chosen while it was being drawn."""
        if self.pending_hit is not None:
            hit, self.pending_hit = self.pending_hit, None
            self.activate_hit(hit)

    # -- reverse lookup ------------------------------------------------------------------------
    def clicked_at(self, point: Any) -> None:
        """After a click in the 3D view: the clicked building's standard address, or the one
        nearest the clicked point (terrain, pipe, pole, pipe point), in the Attributes dock and
        the status bar."""
        from layers.catalog import feature_anchor

        w = self.window
        cache, view = w.cache, w.view
        if cache is None:
            return
        if view.scene.marker_position is not None:
            view.scene.set_marker(None)
            view.request_render()
        selection = view.selection
        if selection is not None and selection[0] == "bim":
            return  # an element of the BIM: its own attributes, no address
        gid: str | None = None
        xy: tuple[float, float] | None = None
        if point is not None:
            xy = (float(point[0]), float(point[1]))
        if selection is not None:
            layer, fid = selection
            if layer == "buildings":
                f = cache.read("buildings", ["gid"], where="t.fid = :f",
                               params={"f": int(fid)}, geometry=False)
                gid = f.columns["gid"][0] if len(f) else None
            if xy is None or layer not in ("buildings", "pipelines"):
                anchor = feature_anchor(cache, layer, fid)
                if anchor is not None:
                    xy = (anchor[0], anchor[1])
        if xy is None:
            return
        if selection is None and point is not None:
            w.attribute_panel.show_point(*point)
        self.reverse_lookup(xy[0], xy[1], building_gid=gid)

    def reverse_lookup(self, x: float, y: float, *, building_gid: str | None = None
                       ) -> tuple[Any, float] | None:
        """Show the standard address of a building (building_gid), or the nearest one to a
        world point with its distance, at the top of the Attributes dock and in the status
        bar; returns (Hit, distance) or None."""
        w = self.window
        if w.cache is None:
            return None
        try:
            from store.search import nearest_address

            found = nearest_address(w.cache, float(x), float(y), building_gid=building_gid)
        except Exception as exc:  # noqa: BLE001 - no engine or no index: picking goes on
            w.statusBar().showMessage(QCoreApplication.translate(
                "MainWindow", "No address lookup: {0}").format(sentence(exc)), 5000)
            return None
        if found is None:
            return None
        hit, distance = found
        level = level_label(hit.level)
        if building_gid and distance <= OWN_ADDRESS_M:
            label = QCoreApplication.translate("MainWindow", "Standard address")
            value = QCoreApplication.translate("MainWindow", "{0} ({1})").format(
                hit.full_address, level)
        else:
            label = QCoreApplication.translate("MainWindow", "Nearest standard address")
            value = QCoreApplication.translate("MainWindow", "{0} ({1}, {2:.0f} m)").format(
                hit.full_address, level, distance)
        w.attribute_panel.set_address(label, value)
        w.statusBar().showMessage(QCoreApplication.translate("MainWindow", "{0}: {1}").format(
            label, value))
        return hit, float(distance)
