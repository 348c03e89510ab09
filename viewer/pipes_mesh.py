"""Underground pipelines as closed tubes and boxes, built for all segments at once with numpy.

Each pipeline feature (a LineString Z) gets a ring at every vertex: an n-gon of radius
diameter/2 for round pipes, a width × height rectangle for box sections (width horizontal,
height vertical). Rings sit in the plane bisecting the neighbouring segments (mitred, scaled so
the wall keeps its thickness at bends); consecutive rings are joined by quads and both ends are
capped, so a two-vertex segment has ``2 × sides`` points (8 for a box).

Depth reference (pipeline_classes.csv ``depth_reference``): the stored z is the crown (外顶) for
pressure pipes and duct banks, so the axis is z − r (z − height/2 for boxes); for drainage it is
the invert (内底), so the axis is z + r.

Per-class visibility: :func:`load_pipes_by_class` returns one mesh per class code (at most 8
actors), so the scene can toggle a class with ``actor.SetVisibility``; :func:`load_pipes` gives
one mesh for everything (or a subset of classes). Cell data ``fid`` (int64) maps a picked cell
back to its pipelines feature, ``class`` (uint8) indexes :func:`class_codes`; colour with
:func:`class_lut` (``dark_bg_rgb`` for the dark underground background, else ``rgb``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pyvista as pv
import shapely
import vtk

import resources
from layers.pipelines import PIPE_COLUMNS, pipe_rows
from viewer.origin import Origin

COLUMNS = PIPE_COLUMNS
DEFAULT_DIAMETER_MM = 200  # drawn when a feature has no usable size
MIN_MITRE_COS = 0.5  # bends sharper than 120° are not mitred further


def class_codes() -> tuple[str, ...]:
    """Pipeline class codes in dictionary order: the meaning of cell data ``class``."""
    return tuple(row["code"] for row in resources.dictionary("pipeline_classes"))


def class_colors(dark: bool = True) -> np.ndarray:
    """(n_classes, 3) uint8 colours: ``dark_bg_rgb`` when ``dark`` else ``rgb``."""
    key = "dark_bg_rgb" if dark else "rgb"
    rows = resources.dictionary("pipeline_classes")
    return np.array([[int(v) for v in row[key].split(",")] for row in rows], dtype=np.uint8)


def class_lut(dark: bool = True) -> vtk.vtkLookupTable:
    """An indexed lookup table for cell data ``class`` (range 0 … n_classes − 1)."""
    colors = class_colors(dark)
    lut = vtk.vtkLookupTable()
    lut.SetNumberOfTableValues(len(colors))
    for i, (r, g, b) in enumerate(colors):
        lut.SetTableValue(i, r / 255, g / 255, b / 255, 1.0)
    lut.SetTableRange(-0.5, len(colors) - 0.5)  # index i maps to table entry i exactly
    lut.IndexedLookupOff()
    lut.Build()
    return lut


def pipe_actor(mesh: pv.PolyData, *, dark: bool = True, opacity: float = 1.0) -> vtk.vtkActor:
    """An actor colouring ``mesh`` by its ``class`` cell data through :func:`class_lut`."""
    mapper = vtk.vtkPolyDataMapper()
    mapper.SetInputData(mesh)
    mapper.SetScalarModeToUseCellFieldData()
    mapper.SelectColorArray("class")
    mapper.SetLookupTable(class_lut(dark))
    mapper.SetScalarRange(-0.5, len(class_codes()) - 0.5)
    mapper.SetColorModeToMapScalars()
    mapper.ScalarVisibilityOn()
    actor = vtk.vtkActor()
    actor.SetMapper(mapper)
    actor.GetProperty().SetOpacity(opacity)
    return actor


def _invert_referenced() -> np.ndarray:
    rows = resources.dictionary("pipeline_classes")
    return np.array([row["depth_reference"] == "内底" for row in rows])


def _sizes(features: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(is_box, width_m, height_m) per feature; round pipes have width = height = diameter."""
    n = len(features)
    cols = features.columns

    def col(name: str) -> np.ndarray:
        vals = cols.get(name)
        if vals is None:
            return np.zeros(n)
        return np.array([v if v else 0 for v in vals], dtype=np.float64)

    dia, w, h = col("diameter_mm"), col("width_mm"), col("height_mm")
    sections = cols.get("section")
    if sections is not None:  # fill missing sizes from the section text ("DN300", "1000×800")
        for i in np.flatnonzero((dia <= 0) & ((w <= 0) | (h <= 0))):
            s = str(sections[i] or "").upper().replace("X", "×").replace("*", "×")
            try:
                if s.startswith("DN"):
                    dia[i] = float(s[2:])
                elif "×" in s:
                    w[i], h[i] = (float(p) for p in s.split("×")[:2])
            except ValueError:
                pass
    box = (w > 0) & (h > 0) & (dia <= 0)
    dia = np.where(dia > 0, dia, DEFAULT_DIAMETER_MM)
    width = np.where(box, w, dia) / 1000.0
    height = np.where(box, h, dia) / 1000.0
    return box, width, height


def _class_index(codes: Iterable[object] | None, n: int) -> np.ndarray:
    table = {c: i for i, c in enumerate(class_codes())}
    other = table.get("QT", len(table) - 1)
    if codes is None:
        return np.full(n, other, dtype=np.uint8)
    return np.array([table.get(c, other) for c in codes], dtype=np.uint8)


def pipe_mesh(features: Any, origin: Origin, *, sides: int = 8) -> pv.PolyData:
    """Closed tubes / boxes for pipelines rows (``fids``, ``geoms``, ``columns``: see
    ``COLUMNS``; e.g. :func:`layers.pipelines.pipe_rows`), in local coordinates.

    Cell data: ``fid`` (int64 feature fid), ``class`` (uint8 index into :func:`class_codes`).
    """
    n = len(features)
    cls = _class_index(features.columns.get("class_code"), n)
    box, width, height = _sizes(features)
    lines = shapely.remove_repeated_points(np.asarray(features.geoms, dtype=object), 1e-3)
    xyz, owner = shapely.get_coordinates(lines, include_z=True, return_index=True)
    counts = np.bincount(owner, minlength=n)
    keep = counts[owner] >= 2
    xyz, owner = xyz[keep], owner[keep]
    xyz = np.where(np.isnan(xyz), 0.0, xyz)
    # axis height from the depth reference: crown → down by half the height, invert → up
    half_h = height[owner] / 2
    xyz[:, 2] += np.where(_invert_referenced()[cls[owner]], half_h, -half_h)
    local = origin.to_local(xyz).astype(np.float64)

    parts = []
    theta = 2 * np.pi * np.arange(sides) / sides
    round_prof = np.column_stack([np.cos(theta), np.sin(theta)]) / 2  # unit diameter
    box_prof = np.array([[0.5, -0.5], [0.5, 0.5], [-0.5, 0.5], [-0.5, -0.5]])
    for is_box, prof in ((False, round_prof), (True, box_prof)):
        sel = box[owner] == is_box
        if sel.any():
            parts.append(_sweep(local[sel], owner[sel], prof, width, height, vertical=is_box))
    mesh = _assemble(parts)
    fid = np.asarray(features.fids, dtype=np.int64)
    if mesh.n_cells:
        mesh.cell_data["fid"] = fid[mesh.cell_data["_owner"]]
        mesh.cell_data["class"] = cls[mesh.cell_data["_owner"]]
        del mesh.cell_data["_owner"]
        mesh.set_active_scalars("class", preference="cell")
    else:
        mesh.cell_data["fid"] = np.zeros(0, np.int64)
        mesh.cell_data["class"] = np.zeros(0, np.uint8)
    return mesh


def _sweep(pts: np.ndarray, owner: np.ndarray, prof: np.ndarray, width: np.ndarray,
           height: np.ndarray, *, vertical: bool
           ) -> tuple[np.ndarray, tuple[np.ndarray, ...], np.ndarray]:
    """Rings along polylines (grouped consecutively by ``owner``): (points, faces, cell owner).

    ``prof`` is the ring in a unit (u, v) frame; u is scaled by width, v by height. u is the
    horizontal perpendicular of the tangent; v is the world vertical for boxes, else u × t.
    """
    k = len(prof)
    first = np.r_[True, owner[1:] != owner[:-1]]
    last = np.r_[owner[1:] != owner[:-1], True]
    seg = np.diff(pts, axis=0)
    seg_len = np.linalg.norm(seg, axis=1, keepdims=True)
    seg /= np.where(seg_len > 0, seg_len, 1.0)  # zero only across polylines (unused)
    d_out = np.vstack([seg, seg[-1:]])  # direction leaving each vertex
    d_in = np.vstack([seg[:1], seg])  # direction arriving at each vertex
    d_out[last] = d_in[last]
    d_in[first] = d_out[first]
    t = d_in + d_out
    t /= np.linalg.norm(t, axis=1, keepdims=True)
    ez = np.array([0.0, 0.0, 1.0])
    u = np.cross(t, ez)
    un = np.linalg.norm(u, axis=1)
    flat = un < 1e-6  # vertical run: any horizontal perpendicular will do
    u[flat] = (1.0, 0.0, 0.0)
    u /= np.where(flat, 1.0, un)[:, None]
    v = np.broadcast_to(ez, u.shape).copy() if vertical else np.cross(u, t)
    if vertical:
        v[flat] = np.cross(u[flat], t[flat])
    # mitre: stretch the offset along the bend normal by 1 / cos(half the bend angle)
    cos_half = np.clip(np.einsum("ij,ij->i", t, d_in), MIN_MITRE_COS, 1.0)
    bend = d_out - d_in
    bn = np.linalg.norm(bend, axis=1)
    bend /= np.where(bn > 1e-9, bn, 1.0)[:, None]
    w, h = width[owner][:, None], height[owner][:, None]
    offs = (prof[None, :, 0:1] * (w * u)[:, None, :] + prof[None, :, 1:2] * (h * v)[:, None, :])
    along = np.einsum("rkj,rj->rk", offs, bend)
    offs += ((1.0 / cos_half - 1.0)[:, None] * along)[:, :, None] * bend[:, None, :]
    ring_pts = (pts[:, None, :] + offs).reshape(-1, 3)

    # side quads between consecutive rings of the same polyline
    j = np.flatnonzero(~last)
    a = j[:, None] * k + np.arange(k)[None, :]
    b = j[:, None] * k + (np.arange(k)[None, :] + 1) % k
    quads = np.stack([a, b, b + k, a + k], axis=-1).reshape(-1, 4)
    quad_owner = np.repeat(owner[j], k)
    # caps: the first ring reversed (facing backwards), the last ring as is
    f, e = np.flatnonzero(first), np.flatnonzero(last)
    caps = np.vstack([f[:, None] * k + np.arange(k)[::-1], e[:, None] * k + np.arange(k)])
    cap_owner = np.concatenate([owner[f], owner[e]])
    return ring_pts, (_padded(quads), _padded(caps)), np.concatenate([quad_owner, cap_owner])


def _padded(cells: np.ndarray) -> np.ndarray:
    """Legacy VTK cell layout rows: [n, i0, …, in−1]."""
    return np.column_stack([np.full(len(cells), cells.shape[1]), cells]).astype(np.int64)


def _assemble(parts: list[tuple[np.ndarray, tuple[np.ndarray, ...], np.ndarray]]
              ) -> pv.PolyData:
    """One PolyData from sweep parts (point ids offset per part)."""
    if not parts:
        return pv.PolyData()
    pts_all, face_chunks, owners = [], [], []
    base = 0
    for pts, faces, owner in parts:
        for block in faces:
            shifted = block.copy()
            shifted[:, 1:] += base
            face_chunks.append(shifted.ravel())
        pts_all.append(pts)
        owners.append(owner)
        base += len(pts)
    mesh = pv.PolyData(np.vstack(pts_all).astype(np.float32),
                       faces=np.concatenate(face_chunks))
    mesh.cell_data["_owner"] = np.concatenate(owners)
    return mesh


def load_pipes(cache: Any, origin: Origin, bbox: tuple[float, float, float, float] | None = None,
               classes: Iterable[str] | None = None, *, sides: int = 8) -> pv.PolyData:
    """Pipelines of a cache (within bbox, of the given class codes) as one mesh."""
    return pipe_mesh(pipe_rows(cache, bbox, classes), origin, sides=sides)


def meshes_by_class(feats: Any, origin: Origin, *, sides: int = 8) -> dict[str, pv.PolyData]:
    """One mesh per class code present in pipeline rows (split by class), for per-class
    actors."""
    codes = np.array(feats.columns["class_code"], dtype=object)
    out: dict[str, pv.PolyData] = {}
    for code in dict.fromkeys(codes.tolist()):
        idx = np.flatnonzero(codes == code)
        sub = type(feats)(feats.fids[idx], feats.geoms[idx],
                          {c: [feats.columns[c][i] for i in idx] for c in COLUMNS})
        out[str(code)] = pipe_mesh(sub, origin, sides=sides)
    return out


def subset(feats: Any, idx: np.ndarray) -> Any:
    """The pipeline rows at positions ``idx`` (same columns)."""
    return type(feats)(feats.fids[idx], feats.geoms[idx],
                       {c: [feats.columns[c][i] for i in idx] for c in feats.columns})


def pipe_lines(features: Any, origin: Origin) -> pv.PolyData:
    """Pipelines as polylines along their stored z, in local coordinates (what a far tile draws
    of its mains: a few bytes a vertex, no tube). Cell data as :func:`pipe_mesh`."""
    n = len(features)
    cls = _class_index(features.columns.get("class_code"), n)
    xyz, owner = shapely.get_coordinates(np.asarray(features.geoms, dtype=object),
                                         include_z=True, return_index=True)
    counts = np.bincount(owner, minlength=n)
    keep = counts[owner] >= 2
    xyz, owner = np.where(np.isnan(xyz[keep]), 0.0, xyz[keep]), owner[keep]
    used = np.flatnonzero(np.bincount(owner, minlength=n) >= 2)
    if len(used):
        starts = np.searchsorted(owner, used)
        sizes = np.bincount(owner, minlength=n)[used]
        cells = [np.concatenate([[k], np.arange(s, s + k)]) for s, k in zip(starts, sizes,
                                                                              strict=True)]
        mesh = pv.PolyData(origin.to_local(xyz).astype(np.float32),
                           lines=np.concatenate(cells).astype(np.int64))
    else:
        mesh = pv.PolyData()
    fid = np.asarray(features.fids, dtype=np.int64)
    mesh.cell_data["fid"] = fid[used]
    mesh.cell_data["class"] = cls[used]
    return mesh


def load_pipes_by_class(cache: Any, origin: Origin,
                        bbox: tuple[float, float, float, float] | None = None, *,
                        sides: int = 8) -> dict[str, pv.PolyData]:
    """One mesh per class code present in a cache (read once, split by class)."""
    return meshes_by_class(pipe_rows(cache, bbox), origin, sides=sides)
