"""Instanced glyphs (vtkGlyph3DMapper): smart poles, manholes, valves and other pipe points.

One actor holds all instances; the geometry of each source is uploaded once and drawn per
point. Each instance keeps its feature id in point data ``fid``.

Picking: the mapper is set up with ``UseSelectionIds`` on the ``fid`` array, so a
``vtkHardwareSelector`` with cell association (see :func:`pick_glyph`) reports the feature fid
of the instance under the cursor as the selection node's id; verified offscreen (EGL). In VTK
9.7 ``vtkCellPicker`` and ``vtkPointPicker`` return nothing for a vtkGlyph3DMapper actor, and
``vtkPropPicker`` gives only the actor, not the instance.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
import vtk
from vtk.util.numpy_support import numpy_to_vtk, vtk_to_numpy

from layers.pipelines import pipe_point_rows
from layers.poles import UNKNOWN_STATUS_RGB, pole_rows, status_colours
from layers.style import style_colors
from viewer.origin import Origin
from viewer.pipes_mesh import class_codes, class_colors

#: Pole colours by status: ``resources/styles/pole_status.csv``, the table the legend reads.
POLE_STATUS_COLORS: dict[str, tuple[int, int, int]] = style_colors("pole_status")
UNKNOWN_STATUS_COLOR = UNKNOWN_STATUS_RGB
POLE_DIAMETER = 0.3  # m
DEFAULT_POLE_HEIGHT = 10.0  # m

# pipe point sources: 0 shaft (cylinder, base at 0), 1 cube, 2 sphere (all unit size)
SHAFT, CUBE, SPHERE = 0, 1, 2
MANHOLE_TYPES = frozenset({"检查井", "阀门井"})
MANHOLE_DIAMETER = 1.0  # m
VALVE_SIZE = 0.4  # m
HYDRANT = (0.3, 0.8)  # diameter, height above ground (m)
GULLY = (0.6, 0.4, 0.1)  # m
FITTING_SIZE = 0.5  # m (tees, reducers, outfalls)


def unit_cylinder(resolution: int = 12) -> vtk.vtkPolyData:
    """A capped cylinder along z, diameter 1, from z = 0 to z = 1 (with face normals)."""
    src = vtk.vtkCylinderSource()
    src.SetRadius(0.5)
    src.SetHeight(1.0)
    src.SetResolution(resolution)
    src.CappingOn()
    src.Update()
    out = vtk.vtkPolyData()
    out.DeepCopy(src.GetOutput())
    # the source's axis is y: rotate +90° about x (y → z, z → −y), then lift by 0.5
    pts = vtk_to_numpy(out.GetPoints().GetData()).astype(np.float32)
    pts = np.column_stack([pts[:, 0], -pts[:, 2], pts[:, 1] + 0.5])
    out.GetPoints().SetData(numpy_to_vtk(pts, deep=True))
    normals = out.GetPointData().GetNormals()
    if normals is not None:
        nv = vtk_to_numpy(normals)
        rotated = numpy_to_vtk(np.column_stack([nv[:, 0], -nv[:, 2], nv[:, 1]]).astype(
            np.float32), deep=True)
        rotated.SetName(normals.GetName() or "Normals")
        out.GetPointData().SetNormals(rotated)
    return out


def unit_cube() -> vtk.vtkPolyData:
    """A cube of side 1 centred on the origin."""
    src = vtk.vtkCubeSource()
    src.Update()
    return src.GetOutput()


def unit_sphere(resolution: int = 12) -> vtk.vtkPolyData:
    """A sphere of diameter 1 centred on the origin."""
    src = vtk.vtkSphereSource()
    src.SetRadius(0.5)
    src.SetThetaResolution(resolution)
    src.SetPhiResolution(resolution)
    src.Update()
    return src.GetOutput()


def glyph_actor(points_local: np.ndarray, *, source: vtk.vtkPolyData | Sequence[vtk.vtkPolyData],
                scale: float | np.ndarray, colors: np.ndarray, ids: np.ndarray,
                source_index: np.ndarray | None = None) -> vtk.vtkActor:
    """One actor drawing ``source`` at every point (n, 3) in scene coordinates.

    ``scale``: a float (uniform), (n,) per-instance factors, or (n, 3) per-axis factors.
    ``colors``: (n, 3) uint8 RGB. ``ids``: (n,) int64 feature fids, point data ``fid`` and the
    mapper's selection ids. Several sources: pass a sequence and ``source_index`` (n,) ints.
    """
    pts = np.ascontiguousarray(points_local, dtype=np.float32).reshape(-1, 3)
    n = len(pts)
    poly = vtk.vtkPolyData()
    vpts = vtk.vtkPoints()
    vpts.SetData(numpy_to_vtk(pts, deep=True))
    poly.SetPoints(vpts)
    pd = poly.GetPointData()
    fid = numpy_to_vtk(np.ascontiguousarray(ids, dtype=np.int64).reshape(n), deep=True,
                       array_type=vtk.VTK_ID_TYPE)
    fid.SetName("fid")
    pd.AddArray(fid)
    col = numpy_to_vtk(np.ascontiguousarray(colors, dtype=np.uint8).reshape(n, 3), deep=True)
    col.SetName("colors")
    pd.AddArray(col)

    mapper = vtk.vtkGlyph3DMapper()
    mapper.SetInputData(poly)
    sources = [source] if isinstance(source, vtk.vtkPolyData) else list(source)
    for i, src in enumerate(sources):
        mapper.SetSourceData(i, src)
    if source_index is not None and len(sources) > 1:
        si = numpy_to_vtk(np.ascontiguousarray(source_index, dtype=np.int32).reshape(n),
                          deep=True)
        si.SetName("source_index")
        pd.AddArray(si)
        mapper.SetSourceIndexArray("source_index")
        mapper.SourceIndexingOn()
        mapper.SetRange(0, len(sources) - 1)
    mapper.OrientOff()
    arr = np.asarray(scale, dtype=np.float32)
    if arr.ndim == 0:
        mapper.SetScaleModeToNoDataScaling()  # every instance scaled by the factor
        mapper.SetScaleFactor(float(arr))
    else:
        sc = numpy_to_vtk(np.ascontiguousarray(arr.reshape(n, -1)), deep=True)
        sc.SetName("scale")
        pd.AddArray(sc)
        mapper.ScalingOn()
        mapper.SetScaleArray("scale")
        if arr.ndim == 2 and arr.shape[1] == 3:
            mapper.SetScaleModeToScaleByVectorComponents()
        else:
            mapper.SetScaleModeToScaleByMagnitude()
        mapper.SetScaleFactor(1.0)
    mapper.SetScalarModeToUsePointFieldData()
    mapper.SelectColorArray("colors")
    mapper.SetColorModeToDirectScalars()
    mapper.ScalarVisibilityOn()
    mapper.SetSelectionIdArray("fid")
    mapper.UseSelectionIdsOn()

    actor = vtk.vtkActor()
    actor.SetMapper(mapper)
    return actor


def subset_points(poly: vtk.vtkPolyData, keep: np.ndarray) -> vtk.vtkPolyData:
    """The instances of a glyph mapper's input where keep (bool per point) is true, with
    their point arrays (fid, colours, scale, source index): what the time slider leaves of
    a tile's poles and manholes, without reading again. A plain ``vtkPolyData``."""
    keep = np.asarray(keep, dtype=bool)
    out = vtk.vtkPolyData()
    pts = vtk.vtkPoints()
    pts.SetData(numpy_to_vtk(np.ascontiguousarray(
        vtk_to_numpy(poly.GetPoints().GetData())[keep]), deep=True))
    out.SetPoints(pts)
    pd = poly.GetPointData()
    for i in range(pd.GetNumberOfArrays()):
        array = pd.GetArray(i)
        if array is None or array.GetName() is None:
            continue
        copy = numpy_to_vtk(np.ascontiguousarray(vtk_to_numpy(array)[keep]), deep=True,
                            array_type=array.GetDataType())
        copy.SetName(array.GetName())
        out.GetPointData().AddArray(copy)
    return out


def pick_glyph(renderer: vtk.vtkRenderer, x: int, y: int, actor: vtk.vtkActor | None = None,
               *, tolerance: int = 2) -> int | None:
    """The fid of the glyph instance at display pixel (x, y) (origin bottom-left), or None.

    A vtkHardwareSelector captures the renderer once (one extra render), then the pixel and
    growing squares up to ``tolerance`` pixels around it are looked up; with ``actor`` only its
    instances count. Cell association is required: with point association VTK renders only
    the glyphs' vertices into the selection buffer, so clicks on a face find nothing.
    """
    sel = vtk.vtkHardwareSelector()
    sel.SetRenderer(renderer)
    w, h = renderer.GetSize()
    ox, oy = renderer.GetOrigin()
    sel.SetArea(ox, oy, ox + w - 1, oy + h - 1)
    sel.SetFieldAssociation(vtk.vtkDataObject.FIELD_ASSOCIATION_CELLS)
    if not sel.CaptureBuffers():
        return None
    try:
        for r in range(tolerance + 1):
            result = sel.GenerateSelection(max(x - r, ox), max(y - r, oy),
                                           min(x + r, ox + w - 1), min(y + r, oy + h - 1))
            for i in range(result.GetNumberOfNodes()):
                node = result.GetNode(i)
                prop = node.GetProperties().Get(vtk.vtkSelectionNode.PROP())
                if actor is not None and prop is not actor:
                    continue
                if prop is None or not isinstance(prop.GetMapper(), vtk.vtkGlyph3DMapper):
                    continue
                ids = node.GetSelectionList()
                if ids is not None and ids.GetNumberOfTuples():
                    return int(ids.GetTuple1(0))
    finally:
        sel.ClearBuffers()
    return None


def pole_glyphs(cache: Any, origin: Origin, *, diameter: float = POLE_DIAMETER
                ) -> vtk.vtkActor | None:
    """Smart poles of a cache (see :func:`pole_actor`), read by :func:`layers.poles.pole_rows`."""
    return pole_actor(pole_rows(cache), origin, diameter=diameter)


def pole_actor(feats: Any, origin: Origin, *, diameter: float = POLE_DIAMETER
               ) -> vtk.vtkActor | None:
    """Smart poles as slim cylinders of their height standing on the ground, coloured by
    status (``resources/styles/pole_status.csv``); None without poles."""
    if len(feats) == 0:
        return None
    xyz = _point_xyz(feats.geoms)
    height = np.array([h if h and h > 0 else DEFAULT_POLE_HEIGHT for h in feats.columns["height"]],
                      dtype=np.float32)
    colors = status_colours(list(feats.columns["status"]))
    scale = np.column_stack([np.full(len(height), diameter), np.full(len(height), diameter),
                             height])
    return glyph_actor(origin.to_local(xyz), source=unit_cylinder(), scale=scale,
                       colors=colors, ids=feats.fids)


def pipe_point_glyphs(cache: Any, origin: Origin, *, dark: bool = True) -> vtk.vtkActor | None:
    """Pipe points of a cache (see :func:`pipe_point_actor`)."""
    return pipe_point_actor(pipe_point_rows(cache), origin, dark=dark)


def pipe_point_actor(feats: Any, origin: Origin, *, dark: bool = True) -> vtk.vtkActor | None:
    """Pipe points coloured by class: manholes as shafts from the pipe up to the ground,
    hydrants as posts above ground, gullies as flat boxes at the ground, valves as cubes and
    fittings (tees, reducers, outfalls) as spheres at the pipe; None without any."""
    if len(feats) == 0:
        return None
    n = len(feats)
    xyz = _point_xyz(feats.geoms)
    ptype = np.array(feats.columns["point_type"], dtype=object)
    ground = np.array([g if g is not None else np.nan for g in feats.columns["ground_z"]],
                      dtype=np.float64)
    ground = np.where(np.isfinite(ground), ground, xyz[:, 2])
    table = {c: i for i, c in enumerate(class_codes())}
    cls = np.array([table.get(c, len(table) - 1) for c in feats.columns["class_code"]],
                   dtype=np.int64)
    colors = class_colors(dark)[cls].reshape(n, 3)

    kind = np.full(n, SPHERE, dtype=np.int32)
    scale = np.full((n, 3), FITTING_SIZE, dtype=np.float32)
    pos = xyz.copy()
    manhole = np.isin(ptype, list(MANHOLE_TYPES))
    kind[manhole] = SHAFT
    scale[manhole] = np.column_stack([
        np.full(manhole.sum(), MANHOLE_DIAMETER), np.full(manhole.sum(), MANHOLE_DIAMETER),
        np.maximum(ground[manhole] - xyz[manhole, 2], 0.2)])
    valve = ptype == "阀门"
    kind[valve] = CUBE
    scale[valve] = VALVE_SIZE
    hydrant = ptype == "消防栓"
    kind[hydrant] = SHAFT
    scale[hydrant] = (HYDRANT[0], HYDRANT[0], HYDRANT[1])
    pos[hydrant, 2] = ground[hydrant]
    gully = ptype == "雨水篦"
    kind[gully] = CUBE
    scale[gully] = GULLY
    pos[gully, 2] = ground[gully] - GULLY[2] / 2
    return glyph_actor(origin.to_local(pos), source=[unit_cylinder(), unit_cube(), unit_sphere()],
                       scale=scale, colors=colors, ids=feats.fids, source_index=kind)


def _point_xyz(geoms: np.ndarray) -> np.ndarray:
    if len(geoms) == 0:
        return np.zeros((0, 3))
    xyz = shapely.get_coordinates(np.asarray(geoms, dtype=object), include_z=True)
    return np.where(np.isnan(xyz), 0.0, xyz)
