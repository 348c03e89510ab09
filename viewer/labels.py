"""Labels of a vectors layer (``Style.label_field``), drawn near the camera only.

:func:`label_anchors` places one label per distinct text (a road made of several segments is
named once): mid-way along the longest line of that name, on the surface of the largest
polygon, or at the point; draped a little above the terrain (:data:`LABEL_LIFT`).
:class:`Labels` keeps a fixed pool of :data:`MAX_LABELS` 2D texts (never one actor per
feature) and, before each render (:meth:`Labels.frame`), gives them to the nearest anchors
within ``label_distance`` metres of the camera, in front of it, and places each at its
anchor's projection: labels stay the same size in pixels and are never cut by a building
in front (as Cesium's labels with ``disableDepthTestDistance``). Texts use a CJK font
(:func:`cjk_font`) so Chinese names show as characters. Labels are never pickable.
"""

from __future__ import annotations

import glob
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import vtk

from layers import palette
from layers.render import feature_labels

#: Labels shown at once (the nearest ones); pixels of the text; metres above the ground.
MAX_LABELS = 40
FONT_SIZE = 15
LABEL_LIFT = 2.5
TEXT_RGB = palette.rgbf("label_text")
HALO_RGB = palette.rgbf("label_halo")
HALO_OPACITY = 0.7
#: CJK fonts looked for, best first (fontconfig names), then files by pattern.
FONT_NAMES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
              "WenQuanYi Micro Hei", "Noto Sans CJK")
FONT_GLOBS = ("/usr/share/fonts/**/NotoSansCJK*Regular*", "/usr/share/fonts/**/wqy-*",
              "/usr/share/fonts/**/*CJK*", "/usr/local/share/fonts/**/*CJK*",
              "/Library/Fonts/*Song*", "C:/Windows/Fonts/msyh.tt*")


@cache
def cjk_font() -> str | None:
    """The path of a font file with Chinese characters (fontconfig first), or None."""
    if shutil.which("fc-match"):
        for name in FONT_NAMES:
            try:
                out = subprocess.run(["fc-match", "-f", "%{file}", f"{name}:lang=zh-cn"],
                                     capture_output=True, text=True, timeout=5).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                break
            low = out.lower()
            if out and Path(out).is_file() and any(k in low for k in ("cjk", "wqy", "han",
                                                                         "hei", "song")):
                return out
    for pattern in FONT_GLOBS:
        found = sorted(glob.glob(pattern, recursive=True))
        if found:
            return found[0]
    return None


def text_property(prop: vtk.vtkTextProperty, size: int = FONT_SIZE) -> vtk.vtkTextProperty:
    """Set a text property to the CJK font (when there is one) at ``size`` pixels."""
    font = cjk_font()
    if font:
        prop.SetFontFamily(vtk.VTK_FONT_FILE)
        prop.SetFontFile(font)
    prop.SetFontSize(size)
    return prop


def label_anchors(data: Any, style: Any, drape: Any = None, groups: np.ndarray | None = None
                  ) -> tuple[np.ndarray, list[str], np.ndarray]:
    """One anchor (world x, y, z: (n, 3) float64), text and feature fid per distinct label of
    a layer's features (none when the style labels nothing): on its biggest feature. With
    ``groups`` (a number per feature: its lifespan, :meth:`layers.lifespans.Lifespans.groups`)
    one per distinct label and group, so a road rebuilt under its old name keeps a label at
    every time."""
    texts = feature_labels(style, data.columns) if len(data) else None
    none = np.zeros((0, 3)), [], np.zeros(0, np.int64)
    if not texts:
        return none
    text = np.asarray(texts, dtype=object)
    has = np.flatnonzero(text != "")
    if not len(has):
        return none
    geoms = np.asarray(data.geoms)[has]
    if data.geometry == "line":
        size = shapely.length(geoms)
    elif data.geometry == "polygon":
        size = shapely.area(geoms)
    else:
        size = np.zeros(len(has))
    keys = text[has].astype(str)
    if groups is not None:
        keys = np.char.add(np.char.add(keys, "\x00"), np.asarray(groups)[has].astype(str))
    _, group = np.unique(keys, return_inverse=True)
    group = group.reshape(-1)
    order = np.lexsort((-size, group))  # per name, the biggest first
    first = order[np.r_[True, group[order][1:] != group[order][:-1]]]
    chosen = geoms[first]
    if data.geometry == "line":
        merged = shapely.line_merge(chosen)
        parts, which = shapely.get_parts(merged, return_index=True)
        longest = np.lexsort((-shapely.length(parts), which))
        keep = longest[np.r_[True, which[longest][1:] != which[longest][:-1]]]
        points = shapely.line_interpolate_point(parts[keep], 0.5, normalized=True)
    elif data.geometry == "polygon":
        points = shapely.point_on_surface(chosen)
    else:
        points = shapely.get_point(chosen, 0) if shapely.get_type_id(chosen[0]) == 4 else chosen
    xyz = shapely.get_coordinates(points, include_z=bool(data.has_z))
    if data.has_z and xyz.shape[1] == 3:
        z = np.where(np.isfinite(xyz[:, 2]), xyz[:, 2], 0.0)
    elif drape is not None:
        z = drape(xyz[:, :2])
    else:
        z = np.zeros(len(xyz))
    anchors = np.column_stack([xyz[:, :2], z + LABEL_LIFT])
    fids = np.asarray(data.fids, np.int64)[has][first]
    return anchors, [str(t) for t in text[has][first]], fids


class Labels:
    """A pool of billboard texts given to the anchors nearest the camera.

    ``anchors`` are in scene (local) coordinates; ``distance`` is the layer's
    ``label_distance`` (m). ``shown`` maps anchor index → actor for the labels on screen.
    """

    def __init__(self, anchors: np.ndarray, texts: list[str], distance: float,
                 max_labels: int = MAX_LABELS) -> None:
        self.anchors = np.asarray(anchors, dtype=np.float64).reshape(-1, 3)
        self.texts = list(texts)
        self.distance = float(distance)
        self.enabled = True
        self.opacity = 1.0
        self.renderer: vtk.vtkRenderer | None = None
        self.actors = [self._make() for _ in range(min(max_labels, len(self.texts)))]
        self.shown: dict[int, vtk.vtkTextActor] = {}

    def _make(self) -> vtk.vtkTextActor:
        actor = vtk.vtkTextActor()
        prop = text_property(actor.GetTextProperty())
        prop.SetColor(*TEXT_RGB)
        prop.SetBackgroundColor(*HALO_RGB)
        prop.SetBackgroundOpacity(HALO_OPACITY)
        prop.SetJustificationToCentered()
        prop.SetVerticalJustificationToCentered()
        actor.SetPickable(False)
        actor.SetVisibility(False)
        return actor

    def attach(self, renderer: vtk.vtkRenderer) -> None:
        self.renderer = renderer
        for actor in self.actors:
            renderer.AddActor(actor)

    def detach(self) -> None:
        if self.renderer is not None:
            for actor in self.actors:
                self.renderer.RemoveActor(actor)
        self.renderer = None

    def set_enabled(self, on: bool) -> None:
        """Show labels (near the camera, from the next frame) or hide them all."""
        self.enabled = bool(on)
        if not on:
            for actor in self.actors:
                actor.SetVisibility(False)
            self.shown = {}

    def set_opacity(self, opacity: float) -> None:
        self.opacity = float(opacity)
        for actor in self.actors:
            actor.GetTextProperty().SetOpacity(self.opacity)
            actor.GetTextProperty().SetBackgroundOpacity(HALO_OPACITY * self.opacity)

    def nearest(self, position: np.ndarray, direction: np.ndarray) -> np.ndarray:
        """Indices of the anchors to label from a camera at ``position`` looking along
        ``direction``: within ``distance``, in front, the nearest MAX_LABELS."""
        if not len(self.anchors) or not self.actors:
            return np.zeros(0, dtype=np.int64)
        rel = self.anchors - position
        d2 = np.einsum("ij,ij->i", rel, rel)
        ok = np.flatnonzero((d2 <= self.distance ** 2) & (rel @ direction > 0))
        if len(ok) > len(self.actors):
            ok = ok[np.argpartition(d2[ok], len(self.actors) - 1)[:len(self.actors)]]
        return np.sort(ok)

    def frame(self, camera: vtk.vtkCamera) -> bool:
        """Give the pool to the nearest anchors; True when what is shown changed."""
        if not self.enabled or self.renderer is None:
            return False
        pos = np.array(camera.GetPosition())
        direction = np.array(camera.GetDirectionOfProjection())
        near = self.nearest(pos, direction)
        screen = self.project(camera, self.anchors[near])
        w, h = self.renderer.GetSize()
        inside = ((screen[:, 0] > -50) & (screen[:, 0] < w + 50) & (screen[:, 1] > -20)
                  & (screen[:, 1] < h + 20))
        near, screen = self._declutter(near[inside], screen[inside], pos)
        want = set(near.tolist())
        changed = want != set(self.shown)
        kept = {i: a for i, a in self.shown.items() if i in want}
        free = [a for a in self.actors if a not in kept.values()]
        for i in sorted(want - set(kept)):
            actor = free.pop()
            actor.SetInput(self.texts[i])
            kept[i] = actor
        for actor in free:
            actor.SetVisibility(False)
        for i, (x, y) in zip(near.tolist(), screen, strict=True):
            kept[i].SetPosition(float(x), float(y))
            kept[i].SetVisibility(True)
        self.shown = kept
        return changed

    def _declutter(self, idx: np.ndarray, screen: np.ndarray, pos: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
        """Nearest first, leave out a label whose box would overlap one already placed."""
        if len(idx) < 2:
            return idx, screen
        rel = self.anchors[idx] - pos
        order = np.argsort(np.einsum("ij,ij->i", rel, rel))
        half_w = np.array([len(self.texts[i]) for i in idx]) * FONT_SIZE * 0.55 + 4
        half_h = FONT_SIZE * 0.75
        placed: list[int] = []
        for k in order.tolist():
            x, y = screen[k]
            if all(abs(x - screen[j, 0]) > half_w[k] + half_w[j] or abs(y - screen[j, 1])
                   > 2 * half_h for j in placed):
                placed.append(k)
        keep = np.array(sorted(placed), dtype=np.int64)
        return idx[keep], screen[keep]

    def project(self, camera: vtk.vtkCamera, points: np.ndarray) -> np.ndarray:
        """Display pixels (x, y) of scene points, through the renderer's camera."""
        if not len(points) or self.renderer is None:
            return np.zeros((0, 2))
        m = camera.GetCompositeProjectionTransformMatrix(
            self.renderer.GetTiledAspectRatio(), -1, 1)
        mat = np.array([[m.GetElement(r, c) for c in range(4)] for r in range(4)])
        hom = np.column_stack([points, np.ones(len(points))]) @ mat.T
        ndc = hom[:, :2] / hom[:, 3:4]
        w, h = self.renderer.GetSize()
        ox, oy = self.renderer.GetOrigin()
        return np.column_stack([ox + (ndc[:, 0] + 1) * w / 2, oy + (ndc[:, 1] + 1) * h / 2])

    def visible_texts(self) -> list[str]:
        """The texts on screen now."""
        return [self.texts[i] for i in sorted(self.shown)]


__all__ = ["Labels", "cjk_font", "label_anchors", "text_property"]
