"""The view of the ``review`` layer: the plan review drawn in the city (``model.review``).

What it draws, each one actor whose data is replaced when the review session changes:

- ``redline``   the parcel's red line, draped on the terrain (red);
- ``setback``   the setback line: where a building may stand (orange);
- ``shadow``    the ground shadow of the city and the proposal at the session's time on the
  standard day (translucent dark), for the dock's time slider;
- ``receivers`` the sunlight receivers coloured by their hours with the proposal, on the
  legend's ramp (:func:`layers.review.session.sunlight_legend`);
- the selected finding, in the selection's yellow: its too-close red-line edge
  (``finding_edges``), its neighbour buildings (``finding_buildings``), its receivers
  (``finding_receivers``, drawn larger) and its failing BIM elements (``finding_elements``).

The view follows ``model.review.changed`` itself (attached: connected), on the GUI thread;
the window renders after changing the session. Nothing here reads ``store/``: the geometry is
the session's :class:`~layers.review.session.ReviewScene`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyvista as pv
import shapely
import vtk

from layers import palette
from viewer.views.base import View
from viewer.views.vectors import Drape, line_paths, polygon_meshes

if TYPE_CHECKING:
    from layers.model import CityModel
    from layers.review.session import ReviewSession

RED_LINE_RGB = (230, 0, 18)
SETBACK_RGB = (255, 140, 0)
SHADOW_RGB = (25, 30, 60)
SHADOW_OPACITY = 0.45
HIGHLIGHT_RGB = palette.SELECTION
#: Lift above the terrain of draped lines and the shadow (m), and their depth offsets.
LIFT = 0.35
RECEIVER_SIZE = 9.0
SELECTED_RECEIVER_SIZE = 16.0
#: The parts, bottom first (their keys in ``parts``).
PARTS = ("shadow", "redline", "setback", "receivers", "finding_buildings", "finding_elements",
         "finding_edges", "finding_receivers")


def _actor(kind: str) -> vtk.vtkActor:
    mapper = vtk.vtkPolyDataMapper()
    mapper.SetInputData(vtk.vtkPolyData())
    mapper.SetResolveCoincidentTopologyToPolygonOffset()
    if kind == "fill":
        mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(-2.0, -8.0)
    elif kind == "line":
        mapper.SetRelativeCoincidentTopologyLineOffsetParameters(-2.0, -12.0)
    else:
        mapper.SetRelativeCoincidentTopologyPolygonOffsetParameters(-1.0, -4.0)
    mapper.SetRelativeCoincidentTopologyPointOffsetParameter(-8.0 if kind == "chosen" else -2.0)
    actor = vtk.vtkActor()
    actor.SetMapper(mapper)
    actor.SetPickable(False)
    return actor


def _lines(xyz: np.ndarray, counts: np.ndarray) -> pv.PolyData:
    if not len(xyz):
        return pv.PolyData()
    cells = []
    start = 0
    for n in counts:
        cells.append(np.r_[n, np.arange(start, start + n)])
        start += n
    return pv.PolyData(np.asarray(xyz, np.float32), lines=np.concatenate(cells).astype(np.int64))


class ReviewView(View):
    """The review's red line, setback line, shadow, receivers and selected finding."""

    kind = "review"
    #: Built where it is asked for: the geometry is the session's, already computed.
    build_in_place = True

    def __init__(self, layer: Any, origin: Any) -> None:
        super().__init__(layer, origin)
        self.parts: dict[str, vtk.vtkActor] = {}
        self.drape: Drape | None = None
        self._connected: ReviewSession | None = None

    # -- the protocol --------------------------------------------------------------------------
    def build(self, model: CityModel) -> None:
        super().build(model)
        self.parts = {}
        for key in PARTS:
            kind = "fill" if key in ("shadow",) else "line" if key in (
                "redline", "setback", "finding_edges") else "chosen" \
                if key == "finding_receivers" else "solid"
            self.parts[key] = _actor(kind)
        self.actors = {self.layer.name: [self.parts[k] for k in PARTS]}
        self._style()
        self.refresh(("result", "scene"))

    def attach(self, renderer: vtk.vtkRenderer) -> None:
        super().attach(renderer)
        session = self.session
        if session is not None and self._connected is not session:
            session.changed.connect(self._changed)
            self._connected = session

    def detach(self) -> None:
        if self._connected is not None:
            self._connected.changed.disconnect(self._changed)
            self._connected = None
        super().detach()

    def update(self, what: str) -> bool:
        if what == "opacity":
            for key, actor in self.parts.items():
                base = SHADOW_OPACITY if key == "shadow" else 1.0
                actor.GetProperty().SetOpacity(base * self.layer.opacity)
            return True
        if what == "bim":
            return True
        return super().update(what)

    # -- following the session -----------------------------------------------------------------
    @property
    def session(self) -> ReviewSession | None:
        return getattr(self.model, "review", None) if self.model is not None else None

    def _changed(self, names: tuple[str, ...]) -> None:
        self.refresh(names)

    def refresh(self, names: tuple[str, ...] | list[str]) -> None:
        """Replace what changed: everything for a new result or scene, the shadow for a new
        time, the finding's parts for a new selection."""
        names = set(names)
        whole = bool({"result", "scene"} & names)
        session = self.session
        scene = session.scene if session is not None else None
        if whole:
            grid = scene.grid if scene is not None else None
            self.drape = Drape(grid)
            self._outlines()
            self._receivers()
        if whole or {"time", "shadows"} & names:
            self._shadow()
        if whole or "selected" in names:
            self._finding()

    def _set(self, key: str, poly: pv.PolyData | None) -> None:
        mapper = self.parts[key].GetMapper()
        mapper.SetInputData(poly if poly is not None else vtk.vtkPolyData())
        mapper.Modified()

    def poly(self, key: str) -> vtk.vtkPolyData:
        """The data drawn by one part (for tests and snapshots)."""
        return self.parts[key].GetMapper().GetInput()

    def _draped_lines(self, geoms: list[shapely.Geometry]) -> pv.PolyData | None:
        parts = shapely.get_parts(np.asarray([g for g in geoms if g is not None],
                                             dtype=object))
        polygons = parts[shapely.get_type_id(parts) == 3] if len(parts) else parts
        polygons = polygons[~shapely.is_empty(polygons)] if len(polygons) else polygons
        if not len(polygons):
            return None
        boundaries = shapely.boundary(polygons)
        xyz, counts, _ = line_paths(boundaries, False, self.drape)
        xyz = self.origin.to_local(xyz) + np.array([0.0, 0.0, LIFT])
        return _lines(xyz, counts)

    def _outlines(self) -> None:
        scene = self.session.scene if self.session is not None else None
        if scene is None:
            self._set("redline", None)
            self._set("setback", None)
            return
        self._set("redline", self._draped_lines([scene.parcel]))
        self._set("setback", self._draped_lines([scene.setback]))

    def _shadow(self) -> None:
        session = self.session
        shade = session.shadow() if session is not None else None
        if shade is None or shade.is_empty:
            self._set("shadow", None)
            return
        geoms = shapely.get_parts(np.asarray([shade], dtype=object))
        (xyz, tris, _), _ = polygon_meshes(geoms, False, self.drape)
        if not len(tris):
            self._set("shadow", None)
            return
        pts = self.origin.to_local(xyz) + np.array([0.0, 0.0, LIFT * 0.5])
        faces = np.column_stack([np.full(len(tris), 3), tris]).astype(np.int64).ravel()
        self._set("shadow", pv.PolyData(np.asarray(pts, np.float32), faces=faces))

    def _receivers(self) -> None:
        session = self.session
        s = session.result.sunlight if session is not None and session.result else None
        if s is None or not len(s):
            self._set("receivers", None)
            return
        from layers.review.session import hours_colours

        poly = pv.PolyData(np.asarray(self.origin.to_local(np.asarray(s.points, float)),
                                      np.float32))
        poly.point_data["rgb"] = hours_colours(s.hours_with, session.legend())
        self._set("receivers", poly)
        mapper = self.parts["receivers"].GetMapper()
        mapper.SetScalarModeToUsePointFieldData()
        mapper.SelectColorArray("rgb")
        mapper.SetColorModeToDirectScalars()
        mapper.ScalarVisibilityOn()

    def receiver_colours(self) -> np.ndarray:
        """The colour each receiver is drawn in ((n, 3) uint8; empty without receivers)."""
        from vtk.util.numpy_support import vtk_to_numpy

        array = self.poly("receivers").GetPointData().GetArray("rgb")
        return vtk_to_numpy(array).copy() if array is not None else np.zeros((0, 3), np.uint8)

    # -- the selected finding ------------------------------------------------------------------
    def _finding(self) -> None:
        session = self.session
        finding = session.finding if session is not None else None
        scene = session.scene if session is not None else None
        shapes = finding.shapes if finding is not None else {}
        self._set("finding_edges", self._edges(shapes.get("edges") or []))
        self._set("finding_buildings", self._buildings(scene, shapes.get("buildings") or []))
        self._set("finding_receivers", self._chosen_receivers(shapes.get("receivers") or []))
        self._set("finding_elements", self._elements(
            scene, finding.elements if finding is not None else []))

    def _edges(self, edges: list) -> pv.PolyData | None:
        segs = [np.asarray(e, float) for e in edges]
        segs = [s for s in segs if s.ndim == 2 and len(s) >= 2]
        if not segs:
            return None
        xyz = np.vstack([s[:, :3] if s.shape[1] >= 3 else
                         np.column_stack([s[:, :2], np.full(len(s), np.nan)]) for s in segs])
        missing = ~np.isfinite(xyz[:, 2])
        if missing.any() and self.drape is not None:
            xyz[missing, 2] = self.drape(xyz[missing, :2])
        counts = np.array([len(s) for s in segs])
        return _lines(self.origin.to_local(xyz) + np.array([0.0, 0.0, LIFT * 2]), counts)

    def _buildings(self, scene: Any, fids: list) -> pv.PolyData | None:
        if scene is None or not fids or not len(scene.prisms):
            return None
        wanted = {int(f) for f in fids}
        parts = []
        p = scene.prisms
        for outline, base, top, fid in zip(p.outlines, p.base, p.top, p.fids, strict=True):
            if int(fid) not in wanted:
                continue
            for part in shapely.get_parts(outline):
                ring = np.asarray(part.exterior.coords)[:-1]
                if len(ring) < 3:
                    continue
                pts = self.origin.to_local(np.column_stack([ring, np.full(len(ring), base)]))
                face = pv.PolyData(pts.astype(np.float32),
                                   faces=np.r_[len(ring), np.arange(len(ring))])
                solid = face.extrude((0.0, 0.0, float(max(top - base, 0.5)) + 0.3),
                                     capping=True)
                parts.append(solid.triangulate())
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else pv.merge(parts)

    def _chosen_receivers(self, indices: list) -> pv.PolyData | None:
        session = self.session
        s = session.result.sunlight if session is not None and session.result else None
        if s is None or not indices:
            return None
        i = np.asarray([int(v) for v in indices if 0 <= int(v) < len(s)], np.int64)
        if not len(i):
            return None
        pts = self.origin.to_local(np.asarray(s.points, float)[i]) + np.array([0, 0, 0.15])
        return pv.PolyData(np.asarray(pts, np.float32))

    def _elements(self, scene: Any, guids: list) -> pv.PolyData | None:
        if scene is None or not guids or not len(scene.bim_triangles):
            return None
        ids = np.array([scene.elements[g] for g in guids if g in scene.elements], np.int64)
        if not len(ids):
            return None
        keep = np.isin(scene.bim_element_of_triangle, ids)
        tris = np.asarray(scene.bim_triangles)[keep]
        if not len(tris):
            return None
        used, inverse = np.unique(tris, return_inverse=True)
        pts = self.origin.to_local(np.asarray(scene.bim_vertices, float)[used])
        faces = np.column_stack([np.full(len(tris), 3), inverse.reshape(-1, 3)])
        return pv.PolyData(np.asarray(pts, np.float32), faces=faces.astype(np.int64).ravel())

    # -- looks ---------------------------------------------------------------------------------
    def _style(self) -> None:
        def rgb(c: tuple[int, int, int]) -> tuple[float, float, float]:
            return tuple(v / 255 for v in c)  # type: ignore[return-value]

        for key, actor in self.parts.items():
            prop = actor.GetProperty()
            prop.LightingOff()
            prop.BackfaceCullingOff()
            if key == "redline":
                prop.SetColor(*rgb(RED_LINE_RGB))
                prop.SetLineWidth(4.0)
            elif key == "setback":
                prop.SetColor(*rgb(SETBACK_RGB))
                prop.SetLineWidth(2.5)
            elif key == "shadow":
                prop.SetColor(*rgb(SHADOW_RGB))
                prop.SetOpacity(SHADOW_OPACITY)
            elif key == "receivers":
                prop.SetPointSize(RECEIVER_SIZE)
                prop.SetRenderPointsAsSpheres(True)
            elif key == "finding_receivers":
                prop.SetColor(*rgb(HIGHLIGHT_RGB))
                prop.SetPointSize(SELECTED_RECEIVER_SIZE)
                prop.SetRenderPointsAsSpheres(True)
            elif key == "finding_edges":
                prop.SetColor(*rgb(HIGHLIGHT_RGB))
                prop.SetLineWidth(7.0)
            else:  # neighbour buildings, BIM elements
                prop.SetColor(*rgb(HIGHLIGHT_RGB))
                prop.SetOpacity(0.85)
