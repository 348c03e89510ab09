"""What the measure tool draws over the city: the measured line or polygon, its points, the snap
marker and the values.

The overlay has a renderer of its own, one layer above the city's and sharing its camera, so
measurements are never hidden inside a building or the terrain, are never picked (its renderer
is not interactive and its actors are not pickable) and leave the city's actors untouched.
Points come in world coordinates (the cache CRS) and are shifted by the scene origin here.

Snap marker symbols: a vertex is a square (magenta), a point on an edge a round dot (cyan),
a plain surface point a small white dot.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import vtk

from layers import palette
from viewer.origin import Origin

LINE_RGB = palette.rgbf("measure_line")
FILL_RGB = palette.rgbf("measure_fill")
FILL_OPACITY = 0.3
POINT_RGB = palette.rgbf("measure_point")
LABEL_RGB = palette.rgbf("measure_label")
LABEL_BACKGROUND = palette.rgbf("measure_label_background")
#: Snap marker per kind: (rgb, size in pixels, round).
SNAP_STYLE = {"vertex": (palette.rgbf("snap_vertex"), 14.0, False),
              "edge": (palette.rgbf("snap_edge"), 13.0, True),
              "surface": (palette.rgbf("snap_surface"), 7.0, True)}

World = Sequence[float]


def _poly(points: np.ndarray, *, line: bool = False, closed: bool = False,
          polygon: bool = False) -> vtk.vtkPolyData:
    pts = vtk.vtkPoints()
    pts.SetDataTypeToDouble()
    for p in points:
        pts.InsertNextPoint(*p)
    poly = vtk.vtkPolyData()
    poly.SetPoints(pts)
    n = len(points)
    cells = vtk.vtkCellArray()
    if polygon and n >= 3:
        cells.InsertNextCell(n)
        for i in range(n):
            cells.InsertCellPoint(i)
        poly.SetPolys(cells)
    elif line and n >= 2:
        ids = list(range(n)) + ([0] if closed and n >= 3 else [])
        cells.InsertNextCell(len(ids))
        for i in ids:
            cells.InsertCellPoint(i)
        poly.SetLines(cells)
    else:
        for i in range(n):
            cells.InsertNextCell(1)
            cells.InsertCellPoint(i)
        poly.SetVerts(cells)
    return poly


def _actor(poly: vtk.vtkPolyData, rgb: tuple[float, float, float]) -> vtk.vtkActor:
    mapper = vtk.vtkPolyDataMapper()
    mapper.SetInputData(poly)
    mapper.ScalarVisibilityOff()
    actor = vtk.vtkActor()
    actor.SetMapper(mapper)
    actor.SetPickable(False)
    prop = actor.GetProperty()
    prop.SetColor(*rgb)
    prop.LightingOff()
    return actor


class MeasureOverlay:
    """The measure tool's drawing in one render window (see the module docstring)."""

    def __init__(self, renderer: vtk.vtkRenderer, origin: Origin | None = None):
        self.city_renderer = renderer
        self.origin = origin or Origin(0.0, 0.0)
        self.renderer = vtk.vtkRenderer()
        self.renderer.SetLayer(1)
        self.renderer.InteractiveOff()  # navigation and picking stay with the city's renderer
        self.renderer.SetActiveCamera(renderer.GetActiveCamera())
        self._window: vtk.vtkRenderWindow | None = None
        self._actors: list[vtk.vtkProp] = []
        self._snap: vtk.vtkActor | None = None
        self.snap_kind: str | None = None
        self.labels: list[str] = []

    # -- attaching -----------------------------------------------------------------------------
    def _attach(self) -> None:
        window = self.city_renderer.GetRenderWindow()
        if window is None or self._window is window:
            return
        window.SetNumberOfLayers(max(window.GetNumberOfLayers(), 2))
        window.AddRenderer(self.renderer)
        self._window = window

    def detach(self) -> None:
        """Remove everything and the overlay's renderer from the window."""
        self.clear()
        if self._window is not None:
            self._window.RemoveRenderer(self.renderer)
            self._window = None

    def set_origin(self, origin: Origin) -> None:
        self.origin = origin

    def _local(self, points: object) -> np.ndarray:
        p = np.asarray(points, dtype=np.float64).reshape(-1, 3).copy()
        p[:, 0] -= self.origin.x
        p[:, 1] -= self.origin.y
        return p

    # -- drawing -------------------------------------------------------------------------------
    def show(self, points: Sequence[World], *, closed: bool = False,
             cursor: World | None = None,
             labels: Sequence[tuple[World, str] | tuple[World, str, int]] = ()) -> None:
        """Draw the measured points joined by a line (a filled polygon when ``closed``), a
        rubber band from the last point to ``cursor``, and text ``labels`` at world points
        (each ``(point, text)`` or ``(point, text, pixels above the point)``)."""
        self._attach()
        self._remove(self._actors)
        self._actors = []
        local = self._local(points) if len(points) else np.zeros((0, 3))
        if closed and len(local) >= 3:
            fill = _actor(_poly(local, polygon=True), FILL_RGB)
            fill.GetProperty().SetOpacity(FILL_OPACITY)
            self._actors.append(fill)
        if len(local) >= 2:
            line = _actor(_poly(local, line=True, closed=closed), LINE_RGB)
            line.GetProperty().SetLineWidth(3.0)
            self._actors.append(line)
        if cursor is not None and len(local):
            ends = np.vstack([local[-1:], self._local(cursor)])
            if closed and len(local) >= 2:
                ends = np.vstack([ends, local[:1]])
            band = _actor(_poly(ends, line=True), LINE_RGB)
            band.GetProperty().SetLineWidth(1.5)
            band.GetProperty().SetOpacity(0.7)
            self._actors.append(band)
        if len(local):
            dots = _actor(_poly(local), POINT_RGB)
            dots.GetProperty().SetPointSize(7.0)
            dots.GetProperty().RenderPointsAsSpheresOn()
            self._actors.append(dots)
        self.labels = []
        for where, text, *above in labels:
            self._actors.append(self._label(where, text, above[0] if above else 8))
            self.labels.append(text)
        for actor in self._actors:
            self.renderer.AddViewProp(actor)

    def _label(self, where: World, text: str, above: int = 8
               ) -> vtk.vtkBillboardTextActor3D:
        label = vtk.vtkBillboardTextActor3D()
        label.SetInput(text)
        label.SetPosition(*self._local(where)[0])
        label.SetPickable(False)
        style = label.GetTextProperty()
        style.SetFontSize(15)
        style.SetColor(*LABEL_RGB)
        style.SetBackgroundColor(*LABEL_BACKGROUND)
        style.SetBackgroundOpacity(0.7)
        style.SetJustificationToCentered()
        style.SetVerticalJustificationToBottom()
        label.SetDisplayOffset(0, int(above))
        return label

    def set_snap(self, point: World | None, kind: str = "surface") -> None:
        """Show the snap marker at a world point, its symbol by kind (None hides it)."""
        self._attach()
        if self._snap is not None:
            self.renderer.RemoveViewProp(self._snap)
            self._snap = None
        self.snap_kind = None
        if point is None:
            return
        rgb, size, round_ = SNAP_STYLE.get(kind, SNAP_STYLE["surface"])
        marker = _actor(_poly(self._local(point)), rgb)
        marker.GetProperty().SetPointSize(size)
        marker.GetProperty().SetRenderPointsAsSpheres(round_)
        self.renderer.AddViewProp(marker)
        self._snap, self.snap_kind = marker, kind

    def clear(self) -> None:
        """Remove the drawing and the snap marker."""
        self._remove(self._actors)
        self._actors = []
        self.labels = []
        self.set_snap(None)

    def _remove(self, actors: list[vtk.vtkProp]) -> None:
        for actor in actors:
            self.renderer.RemoveViewProp(actor)

    @property
    def actors(self) -> list[vtk.vtkProp]:
        """Everything drawn now (the snap marker last)."""
        return self._actors + ([self._snap] if self._snap is not None else [])

    @property
    def snap_position(self) -> tuple[float, float, float] | None:
        """World position of the snap marker, or None."""
        if self._snap is None:
            return None
        x, y, z = self._snap.GetMapper().GetInput().GetPoint(0)
        return (x + self.origin.x, y + self.origin.y, z)


__all__ = ["SNAP_STYLE", "MeasureOverlay"]
