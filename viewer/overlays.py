"""The 3D view's map furniture: a scale bar (bottom left) and a north arrow (top right).

Both are 2D actors in display pixels, never pickable, updated before each render by
:meth:`Overlays.update` (the scene calls it with the level of detail):

- the scale bar is a round length, 1, 2 or 5 × 10ⁿ m (:func:`round_length`), as long on
  screen as that length at the camera's focal point, labelled "200 m" or "2 km";
- the north arrow is the direction of grid north at the focal point as the camera sees it:
  it turns with the camera's azimuth and shortens as the camera tilts towards the horizon
  (looking straight down with north up, it points up at full length). Labelled "北" in
  Chinese, "N" otherwise.
"""

from __future__ import annotations

import math

import numpy as np
import vtk

from viewer.labels import text_property

#: Longest the scale bar may be on screen (pixels) and its place (from the bottom left).
SCALE_MAX_PX = 160.0
SCALE_MARGIN = (16.0, 14.0)
BAR_HEIGHT = 6.0
#: The north arrow's radius (pixels) and its centre's distance from the top right corner.
NORTH_RADIUS = 26.0
NORTH_MARGIN = (44.0, 58.0)
#: The arrow's shortest length (as a fraction) when the camera looks along the ground.
MIN_TILT = 0.35
INK = (0.1, 0.1, 0.1)
PAPER = (1.0, 1.0, 1.0)


def round_length(max_metres: float) -> float:
    """The longest of 1, 2, 5 × 10ⁿ metres not above ``max_metres`` (> 0)."""
    if not max_metres > 0 or not math.isfinite(max_metres):
        return 1.0
    n = math.floor(math.log10(max_metres))
    for mantissa in (5.0, 2.0, 1.0):
        value = mantissa * 10.0 ** n
        if value <= max_metres * (1 + 1e-9):
            return value
    return 10.0 ** n


def length_text(metres: float) -> str:
    """'200 m', '1 km', '0.5 m' — how the scale bar writes a round length."""
    if metres >= 1000:
        return f"{metres / 1000:g} km"
    return f"{metres:g} m"


def pixel_size(camera: vtk.vtkCamera, height_px: int) -> float:
    """Metres per screen pixel at the camera's focal point."""
    if camera.GetParallelProjection():
        world = 2.0 * camera.GetParallelScale()
    else:
        world = 2.0 * camera.GetDistance() * math.tan(math.radians(camera.GetViewAngle()) / 2)
    return world / max(int(height_px), 1)


def north_matrix(camera: vtk.vtkCamera) -> np.ndarray:
    """2×2 map from world (east, north) to screen (right, up) as the camera sees it."""
    d = np.array(camera.GetDirectionOfProjection(), dtype=float)
    up = np.array(camera.GetViewUp(), dtype=float)
    right = np.cross(d, up)
    n = np.linalg.norm(right)
    if n < 1e-12:
        return np.eye(2)
    right /= n
    up = np.cross(right, d)
    up /= np.linalg.norm(up)
    m = np.array([[right[0], right[1]], [up[0], up[1]]])
    # keep it legible when the camera looks at the horizon: foreshorten at most to MIN_TILT
    u, sigma, vt = np.linalg.svd(m)
    return u @ np.diag(np.maximum(sigma, MIN_TILT)) @ vt


def _poly_actor(rgb: tuple[float, float, float]) -> tuple[vtk.vtkActor2D, vtk.vtkPolyData]:
    poly = vtk.vtkPolyData()
    mapper = vtk.vtkPolyDataMapper2D()
    mapper.SetInputData(poly)
    actor = vtk.vtkActor2D()
    actor.SetMapper(mapper)
    actor.GetProperty().SetColor(*rgb)
    actor.SetPickable(False)
    return actor, poly


def _set(poly: vtk.vtkPolyData, points: np.ndarray, polys: list[list[int]] = (),
         lines: list[list[int]] = ()) -> None:
    pts = vtk.vtkPoints()
    for x, y in points:
        pts.InsertNextPoint(float(x), float(y), 0.0)
    poly.SetPoints(pts)
    for cells, setter in ((polys, poly.SetPolys), (lines, poly.SetLines)):
        arr = vtk.vtkCellArray()
        for cell in cells:
            arr.InsertNextCell(len(cell))
            for i in cell:
                arr.InsertCellPoint(i)
        setter(arr)
    poly.Modified()


def _text(size: int, bold: bool = False) -> vtk.vtkTextActor:
    actor = vtk.vtkTextActor()
    prop = text_property(actor.GetTextProperty(), size)
    prop.SetColor(*INK)
    prop.SetBold(bold)
    prop.SetBackgroundColor(*PAPER)
    prop.SetBackgroundOpacity(0.6)
    actor.SetPickable(False)
    return actor


class Overlays:
    """The scale bar and the north arrow of one renderer (``lang``: "zh_CN" or "en")."""

    def __init__(self, renderer: vtk.vtkRenderer, lang: str = "zh_CN") -> None:
        self.renderer = renderer
        self.lang = lang
        self.metres = 0.0  # the scale bar's length now
        self.bar_pixels = 0.0
        self.north = np.array([0.0, 1.0])  # the arrow's screen vector (right, up), unit radius
        self.bar, self._bar = _poly_actor(INK)
        self.bar_back, self._bar_back = _poly_actor(PAPER)
        self.bar_back.GetProperty().SetOpacity(0.75)
        self.bar_text = _text(13)
        self.arrow_dark, self._arrow_dark = _poly_actor(INK)
        self.arrow_light, self._arrow_light = _poly_actor(PAPER)
        self.north_text = _text(15, bold=True)
        self.north_text.GetTextProperty().SetJustificationToCentered()
        self.north_text.GetTextProperty().SetVerticalJustificationToCentered()
        self.north_text.GetTextProperty().SetBackgroundOpacity(0.5)  # legible underground
        self.visible = True
        for actor in self.actors:
            renderer.AddViewProp(actor)

    @property
    def actors(self) -> list[vtk.vtkProp]:
        return [self.bar_back, self.bar, self.bar_text, self.arrow_light, self.arrow_dark,
                self.north_text]

    @property
    def scale_text(self) -> str:
        return self.bar_text.GetInput() or ""

    def set_visible(self, on: bool) -> None:
        self.visible = bool(on)
        for actor in self.actors:
            actor.SetVisibility(self.visible)

    def remove(self) -> None:
        for actor in self.actors:
            self.renderer.RemoveViewProp(actor)

    def update(self, lang: str | None = None) -> None:
        """Fit both to the renderer's camera and size (call before each render)."""
        if lang is not None:
            self.lang = lang
        w, h = self.renderer.GetSize()
        if w <= 0 or h <= 0:
            return
        camera = self.renderer.GetActiveCamera()
        self._scale_bar(pixel_size(camera, h))
        self._north_arrow(north_matrix(camera), w, h)

    def _scale_bar(self, metres_per_px: float) -> None:
        max_px = min(SCALE_MAX_PX, 0.3 * self.renderer.GetSize()[0])
        metres = round_length(metres_per_px * max_px)
        px = metres / metres_per_px if metres_per_px > 0 else 0.0
        self.metres, self.bar_pixels = metres, px
        x0, y0 = SCALE_MARGIN
        hgt = BAR_HEIGHT
        # an outlined bar, its left half filled, on a light background
        pts = np.array([[x0, y0], [x0 + px, y0], [x0 + px, y0 + hgt], [x0, y0 + hgt],
                        [x0 + px / 2, y0], [x0 + px / 2, y0 + hgt]])
        _set(self._bar, pts, lines=[[0, 1, 2, 3, 0]], polys=[[0, 4, 5, 3]])
        _set(self._bar_back, np.array([[x0 - 6, y0 - 6], [x0 + px + 6, y0 - 6],
                                       [x0 + px + 6, y0 + hgt + 22], [x0 - 6, y0 + hgt + 22]]),
             polys=[[0, 1, 2, 3]])
        self.bar.GetProperty().SetLineWidth(2.0)
        self.bar_text.SetInput(length_text(metres))
        self.bar_text.SetPosition(x0 + 2, y0 + hgt + 2)

    def _north_arrow(self, m: np.ndarray, w: int, h: int) -> None:
        r = NORTH_RADIUS
        cx, cy = w - NORTH_MARGIN[0], h - NORTH_MARGIN[1]
        shape = np.array([[0.0, 1.0], [-0.5, -0.7], [0.0, -0.35], [0.5, -0.7]])
        screen = shape @ m.T * r + [cx, cy]
        self.north = m @ np.array([0.0, 1.0])
        _set(self._arrow_dark, screen, polys=[[0, 1, 2]])
        _set(self._arrow_light, screen, polys=[[0, 2, 3]])
        self.arrow_dark.GetProperty().SetLineWidth(1.5)
        tip = np.array([cx, cy]) + m @ np.array([0.0, 1.45]) * r
        self.north_text.SetInput("北" if self.lang.lower().startswith("zh") else "N")
        self.north_text.SetPosition(float(tip[0]), float(tip[1]))

    def angle(self) -> float:
        """The arrow's direction on screen, degrees anticlockwise from straight up."""
        return math.degrees(math.atan2(-self.north[0], self.north[1]))


__all__ = ["Overlays", "length_text", "north_matrix", "pixel_size", "round_length"]
