"""A BIM model in the 3D view: one merged mesh, coloured by IFC class, with the reviewer's tools.

The tessellated model (:class:`store.bim.model.BimModel`) becomes ONE triangle mesh: vertices go
from project metres to the cache CRS in float64 (``store.bim.georef.to_cache``, or a manual
placement), the scene origin is taken off, and only then are they cast to float32. Every cell
(triangle) carries ``element`` (the IFC step id), ``class`` (an index into ``BimMesh.classes``),
``storey`` (the step id of its storey, -1 when none) and flat ``Normals``.

What is drawn is two views of that mesh, rebuilt with numpy whenever the state changes (a few
milliseconds for Office_A's 55,000 triangles, measured in tests/test_bim_gui.py): an opaque
actor and a translucent one (windows; everything but the selection in X-ray mode). Hiding a
class, isolating a storey or X-ray just select other triangles for the two views: VTK's
polydata mapper does not honour ``vtkGhostType`` blanking (VTK 9.7), and extracting triangle
subsets by index that share the one ``vtkPoints`` is as cheap as flipping a mask. The section
plane is a ``vtkPlane`` among the mappers' clipping planes, so moving it costs only a render.

Placement. A model tied to the map by a map conversion stands where (and as high as) its
georeferencing says. A manual placement (``placement_georef``) puts the centre of the model's
plan at a map point, turned by a rotation, with its project elevation 0 (±0.000) at a given
height. Nothing here imports Qt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pyvista as pv
import vtk
from vtk.util.numpy_support import numpy_to_vtk, vtk_to_numpy

from layers import palette
from layers.bim import BimModel, GeoRef
from viewer.origin import Origin

#: Georeferencing methods whose height is trusted (a map conversion, or the user's placement).
MAP_METHODS = ("IfcMapConversion", "IfcRigidOperation", "ePSet_MapConversion", "manual")
#: A georeferenced model farther than this outside the cache's extent (m) is not in this city.
EXTENT_MARGIN = 2000.0
#: X-ray: every element but the selected one drawn this opaque.
XRAY_OPACITY = 0.15


@dataclass(frozen=True)
class ClassStyle:
    """How an IFC class is drawn: colour (0–255), opacity, and shown by default."""

    rgb: tuple[int, int, int]
    opacity: float = 1.0
    shown: bool = True


#: Styles by IFC class: ``resources/styles/ifc_class.csv`` (through layers.palette).
CLASS_STYLES: dict[str, ClassStyle] = {
    key: ClassStyle(*style) for key, style in palette.ifc_classes().items()
    if not key.startswith("*")}
WALL = CLASS_STYLES["IfcWall"]
DEFAULT_STYLE = ClassStyle(*palette.ifc_classes()["*default"])
#: Building services (IfcFlowTerminal, IfcFlowSegment, IfcDistribution…): one blue.
SERVICES_STYLE = ClassStyle(*palette.ifc_classes()["*services"])


def class_style(ifc_class: str) -> ClassStyle:
    """The style of an IFC class (its own, a family's, or the default grey)."""
    style = CLASS_STYLES.get(ifc_class)
    if style is not None:
        return style
    if ifc_class.startswith(("IfcFlow", "IfcDistribution", "IfcEnergyConversion",
                             "IfcDuct", "IfcPipe", "IfcCable", "IfcLight", "IfcSanitary")):
        return SERVICES_STYLE
    return DEFAULT_STYLE


# -- placement ------------------------------------------------------------------------------------
def plan_centre(model: BimModel) -> tuple[float, float]:
    """Centre of the model's plan bounding box, project metres (the pivot of a placement)."""
    v = model.geometry.vertices
    if len(v) == 0:
        return 0.0, 0.0
    lo, hi = v[:, :2].min(axis=0), v[:, :2].max(axis=0)
    return float((lo[0] + hi[0]) / 2), float((lo[1] + hi[1]) / 2)


def make_placement(model: BimModel, x: float, y: float, rotation_deg: float, elevation: float,
                   crs: str | None) -> dict[str, Any]:
    """A manual placement that puts the centre of the model's plan at (x, y) in the cache CRS,
    its x axis turned rotation_deg counter-clockwise from grid east, its project elevation 0
    at height ``elevation``. In the form ``store.bim.store.save_placement`` keeps: where the
    project origin goes ({"x", "y", "z", "rotation_deg", "crs"}; crs None: the cache CRS)."""
    cx, cy = plan_centre(model)
    a = math.radians(rotation_deg)
    e = float(x) - (math.cos(a) * cx - math.sin(a) * cy)
    n = float(y) - (math.sin(a) * cx + math.cos(a) * cy)
    return {"x": e, "y": n, "z": float(elevation), "rotation_deg": float(rotation_deg),
            "crs": crs}


def placement_georef(placement: dict[str, Any]) -> GeoRef:
    """The GeoRef (method "manual") of a saved placement: the project origin at (x, y, z) of
    its CRS (None: the cache CRS), turned rotation_deg from grid east, scale 1."""
    p = dict(placement)
    return GeoRef("manual", map_crs=p.get("crs") or None, eastings=float(p.get("x", 0.0)),
                  northings=float(p.get("y", 0.0)), orthogonal_height=float(p.get("z", 0.0)),
                  rotation_deg=float(p.get("rotation_deg", 0.0)), scale=1.0)


def placement_centre(georef: GeoRef, model: BimModel) -> tuple[float, float, float]:
    """Where a georef puts the centre of the model's plan (map units) and its elevation 0:
    the values of the manual placement dialog."""
    cx, cy = plan_centre(model)
    x, y, z = georef.to_map(np.array([[cx, cy, 0.0]]))[0]
    return float(x), float(y), float(z)


def world_vertices(model: BimModel, georef: GeoRef, cache_crs: Any) -> np.ndarray:
    """The model's vertices in the cache CRS (float64), through ``store.bim.georef.to_cache``
    (a manual placement, ``map_crs`` None, is already in the cache CRS)."""
    v = np.asarray(model.geometry.vertices, dtype=np.float64).reshape(-1, 3)
    if georef.map_crs is None:
        return georef.to_map(v)
    from layers.bim import to_cache

    return np.asarray(to_cache(georef, v, cache_crs), dtype=np.float64)


def crs_text(crs: Any) -> str | None:
    """'EPSG:4547' for a CRS with an EPSG code (or anything pyproj reads so), else None."""
    try:
        from pyproj import CRS

        from layers.bim import epsg_code

        code = epsg_code(CRS.from_user_input(crs))
    except Exception:
        return None
    return f"EPSG:{code}" if code else None


@dataclass
class Siting:
    """Where a model goes in a city: ``georef`` (the one to draw with), whether it is the
    file's own (``own``), a short ``note`` for the user (why it was placed the way it was) and
    whether the user should place it by hand (``needs_placement``)."""

    georef: GeoRef
    own: bool
    note: str = ""
    needs_placement: bool = False


def site_model(model: BimModel, cache_crs: Any, extent: tuple[float, float, float, float],
               ground: Callable[[float, float], float | None],
               fallback_xy: tuple[float, float]) -> Siting:
    """Decide where a model stands (see the module doc): a saved placement; else the file's
    map conversion, height included, when it lands in (or near) the city; else its approximate
    lat/lon position, dropped on the terrain (project elevation 0 on the terrain height at
    the plan centre); else — no georeferencing, or a position outside the city — provisionally
    at ``fallback_xy`` on the terrain, to be placed by hand. Notes are English keys the GUI
    translates: "saved", "georeferenced", "approximate", "outside", "none"."""
    crs = crs_text(cache_crs)
    if model.placement:  # the user's own, even over the file's georeferencing
        return Siting(placement_georef(model.placement), False, "saved")
    georef = model.georef
    if georef.method == "manual":
        return Siting(georef, False, "saved")
    if georef.method != "none" and len(model.geometry.vertices):
        try:
            xyz = world_vertices(model, georef, cache_crs)
        except Exception:  # a CRS pyproj cannot use: treat as not in this city
            xyz = np.full((1, 3), np.nan)
        inside = bool(np.all(np.isfinite(xyz))) and _near(xyz, extent)
        if inside and georef.method in MAP_METHODS and not georef.approximate:
            return Siting(georef, True, "georeferenced")
        if inside:  # lat/lon only: right place, unknown height and heading
            lo, hi = xyz[:, :2].min(axis=0), xyz[:, :2].max(axis=0)
            x, y = float((lo[0] + hi[0]) / 2), float((lo[1] + hi[1]) / 2)
            z = ground(x, y)
            placed = make_placement(model, x, y, georef.rotation_deg, z or 0.0, crs)
            return Siting(placement_georef(placed), False, "approximate")
        x, y = fallback_xy
        placed = make_placement(model, x, y, 0.0, ground(x, y) or 0.0, crs)
        return Siting(placement_georef(placed), False, "outside", True)
    x, y = fallback_xy
    placed = make_placement(model, x, y, 0.0, ground(x, y) or 0.0, crs)
    return Siting(placement_georef(placed), False, "none", True)


def _near(xyz: np.ndarray, extent: tuple[float, float, float, float]) -> bool:
    lo, hi = xyz[:, :2].min(axis=0), xyz[:, :2].max(axis=0)
    m = EXTENT_MARGIN
    return bool(hi[0] >= extent[0] - m and lo[0] <= extent[2] + m
                and hi[1] >= extent[1] - m and lo[1] <= extent[3] + m)


# -- mesh helpers ---------------------------------------------------------------------------------
def subset_cells(mesh: vtk.vtkPolyData, keep: np.ndarray) -> vtk.vtkPolyData:
    """A polydata of the cells of mesh where keep (bool per cell) is true, sharing mesh's
    points and point data, with its cell arrays subset: vertices, lines, polygons and strips
    alike (VTK numbers a polydata's cells in that order). A plain ``vtkPolyData``, not a
    pyvista one: a mapper's input replaced while the GUI renders is then freed without calling
    back into Python (a pyvista object leaves a Python "ghost" whose clean-up needs Python's
    lock, which a tile loader may hold: the window froze so)."""
    keep = np.asarray(keep, dtype=bool)
    out = vtk.vtkPolyData()
    out.SetPoints(mesh.GetPoints())
    out.GetPointData().ShallowCopy(mesh.GetPointData())  # normals, texture coordinates
    first = 0
    for get, put in ((mesh.GetVerts, out.SetVerts), (mesh.GetLines, out.SetLines),
                     (mesh.GetPolys, out.SetPolys), (mesh.GetStrips, out.SetStrips)):
        cells = get()
        n = cells.GetNumberOfCells() if cells is not None else 0
        if n:
            put(_kept_cells(cells, keep[first:first + n]))
        first += n
    cd = mesh.GetCellData()
    for i in range(cd.GetNumberOfArrays()):
        array = cd.GetArray(i)
        if array is None or array.GetName() is None:
            continue
        values = vtk_to_numpy(array)[keep]
        copy = numpy_to_vtk(np.ascontiguousarray(values), deep=True)
        copy.SetName(array.GetName())
        out.GetCellData().AddArray(copy)
    if cd.GetNormals() is not None:
        out.GetCellData().SetActiveNormals(cd.GetNormals().GetName())
    return out


def _kept_cells(cells: vtk.vtkCellArray, keep: np.ndarray) -> vtk.vtkCellArray:
    """The cells of a cell array where keep is true (numpy, no loop over cells)."""
    offsets = vtk_to_numpy(cells.GetOffsetsArray()).astype(np.int64)
    conn = vtk_to_numpy(cells.GetConnectivityArray()).astype(np.int64)
    sizes = np.diff(offsets)[keep]
    starts = offsets[:-1][keep]
    new_offsets = np.concatenate([[0], np.cumsum(sizes)])
    idx = np.repeat(starts - new_offsets[:-1], sizes) + np.arange(int(new_offsets[-1]))
    out = vtk.vtkCellArray()
    out.SetData(numpy_to_vtk(new_offsets, deep=True, array_type=vtk.VTK_ID_TYPE),
                numpy_to_vtk(conn[idx], deep=True, array_type=vtk.VTK_ID_TYPE))
    return out


def _triangle_normals(p: np.ndarray, tri: np.ndarray) -> np.ndarray:
    a, b, c = p[tri[:, 0]], p[tri[:, 1]], p[tri[:, 2]]
    n = np.cross(b - a, c - a)
    length = np.linalg.norm(n, axis=1)
    bad = length < 1e-12
    n[bad] = (0.0, 0.0, 1.0)
    length[bad] = 1.0
    return (n / length[:, None]).astype(np.float32)


def _mapper(poly: vtk.vtkPolyData, components: int) -> vtk.vtkPolyDataMapper:
    mapper = vtk.vtkPolyDataMapper()
    mapper.SetInputData(poly)
    mapper.SetScalarModeToUseCellFieldData()
    mapper.SelectColorArray("rgba" if components == 4 else "rgb")
    mapper.SetColorModeToDirectScalars()
    mapper.ScalarVisibilityOn()
    return mapper


class BimMesh:
    """One model in the scene: the merged mesh, its two actors and the reviewer's state.

    Coordinates given or returned are in the cache CRS (world) unless a name says local."""

    def __init__(self, model: BimModel, georef: GeoRef, cache_crs: Any, origin: Origin,
                 world: np.ndarray | None = None):
        self.model = model
        self.georef = georef
        self.origin = origin
        g = model.geometry
        world = world_vertices(model, georef, cache_crs) if world is None else world
        self.world_bounds = _bounds(world)
        local = origin.to_local(world) if len(world) else np.zeros((0, 3), np.float32)
        tri = np.asarray(g.triangles, dtype=np.int64).reshape(-1, 3)
        element = np.asarray(g.element_of_triangle, dtype=np.int64).reshape(-1)
        elements = model.elements
        names = [elements[int(e)].ifc_class if int(e) in elements else "IfcProduct"
                 for e in np.unique(element)]
        self.classes: list[str] = sorted(set(names))
        index = {c: i for i, c in enumerate(self.classes)}
        uniq, inv = np.unique(element, return_inverse=True)
        cls_of_uniq = np.array([index[elements[int(e)].ifc_class] if int(e) in elements
                                else index["IfcProduct"] for e in uniq], dtype=np.int32)
        st_of_uniq = np.array([elements[int(e)].storey if int(e) in elements
                               and elements[int(e)].storey is not None else -1 for e in uniq],
                              dtype=np.int64)
        self.cell_element = element
        self.cell_class = cls_of_uniq[inv] if len(uniq) else np.zeros(0, np.int32)
        self.cell_storey = st_of_uniq[inv] if len(uniq) else np.zeros(0, np.int64)
        styles = [class_style(c) for c in self.classes]
        self._class_rgb = np.array([s.rgb for s in styles], dtype=np.uint8).reshape(-1, 3)
        self._class_alpha = np.array([round(255 * s.opacity) for s in styles],
                                     dtype=np.uint8)
        self.hidden_classes: set[str] = {c for c, s in zip(self.classes, styles, strict=True)
                                         if not s.shown}
        self.storey: int | None = None
        self.xray = False
        self.selected: int | None = None
        self._element_cells: dict[int, np.ndarray] | None = None

        pts = vtk.vtkPoints()
        pts.SetData(numpy_to_vtk(np.ascontiguousarray(local, dtype=np.float32), deep=True))
        offsets = np.arange(0, 3 * len(tri) + 1, 3, dtype=np.int64)
        cells = vtk.vtkCellArray()
        cells.SetData(numpy_to_vtk(offsets, deep=True, array_type=vtk.VTK_ID_TYPE),
                      numpy_to_vtk(tri.ravel().copy(), deep=True, array_type=vtk.VTK_ID_TYPE))
        mesh = pv.PolyData()
        mesh.SetPoints(pts)
        mesh.SetPolys(cells)
        rgb = self._class_rgb[self.cell_class] if len(tri) else np.zeros((0, 3), np.uint8)
        alpha = self._class_alpha[self.cell_class] if len(tri) else np.zeros(0, np.uint8)
        for name, values in (("element", self.cell_element),
                             ("class", self.cell_class.astype(np.int32)),
                             ("storey", self.cell_storey),
                             ("rgb", rgb), ("rgba", np.column_stack([rgb, alpha])),
                             ("Normals", _triangle_normals(local.astype(np.float64), tri))):
            array = numpy_to_vtk(np.ascontiguousarray(values), deep=True)
            array.SetName(name)
            mesh.GetCellData().AddArray(array)
        mesh.GetCellData().SetActiveNormals("Normals")
        #: The one merged mesh (local coordinates), every triangle of the model.
        self.mesh = mesh
        self._opaque_poly = pv.PolyData()
        self._translucent_poly = pv.PolyData()
        self.opaque = vtk.vtkActor()
        self.opaque.SetMapper(_mapper(self._opaque_poly, 3))
        self.translucent = vtk.vtkActor()
        self.translucent.SetMapper(_mapper(self._translucent_poly, 4))
        self.translucent.ForceTranslucentOn()
        for actor in self.actors:
            prop = actor.GetProperty()
            prop.SetAmbient(0.3)  # faces away from both lights stay readable
            prop.SetDiffuse(0.75)
            prop.BackfaceCullingOff()
        self._plane: vtk.vtkPlane | None = None
        self.section: tuple[str, float] | None = None  # (orientation, world coordinate)
        self.update()

    # -- state ---------------------------------------------------------------------------------
    @property
    def actors(self) -> list[vtk.vtkActor]:
        return [self.opaque, self.translucent]

    @property
    def n_cells(self) -> int:
        return int(len(self.cell_element))

    def shown_mask(self) -> np.ndarray:
        """Cells shown (not hidden by class or storey isolation), bool per cell."""
        hidden = np.array([c in self.hidden_classes for c in self.classes] or [False])
        shown = ~hidden[self.cell_class] if self.n_cells else np.zeros(0, bool)
        if self.storey is not None:
            shown &= self.cell_storey == self.storey
        return shown

    def update(self) -> None:
        """Rebuild the two drawn views from the state (classes, storey, X-ray, selection)."""
        shown = self.shown_mask()
        if self.xray:
            solid = shown & (self.cell_element == (self.selected if self.selected is not None
                                                   else -2))
            glass = shown & ~solid
        else:
            translucent = self._class_alpha[self.cell_class] < 255 if self.n_cells \
                else np.zeros(0, bool)
            solid, glass = shown & ~translucent, shown & translucent
        opaque = subset_cells(self.mesh, solid)
        see = subset_cells(self.mesh, glass)
        if self.xray and see.GetNumberOfCells():
            rgba = vtk_to_numpy(see.GetCellData().GetArray("rgba"))
            rgba[:, 3] = min(int(255 * XRAY_OPACITY), 255)
        self._opaque_poly, self._translucent_poly = opaque, see
        self.opaque.GetMapper().SetInputData(opaque)
        self.translucent.GetMapper().SetInputData(see)

    def visible_cell_count(self) -> int:
        """Triangles drawn (both actors; the section plane not counted)."""
        return int(self._opaque_poly.GetNumberOfCells()
                   + self._translucent_poly.GetNumberOfCells())

    def set_class_visible(self, ifc_class: str, visible: bool) -> None:
        (self.hidden_classes.discard if visible else self.hidden_classes.add)(ifc_class)
        self.update()

    def set_hidden_classes(self, classes: Iterable[str]) -> None:
        self.hidden_classes = set(classes)
        self.update()

    def isolate_storey(self, storey: int | None) -> None:
        """Show one storey's elements only (None: all)."""
        self.storey = None if storey is None or int(storey) < 0 else int(storey)
        self.update()

    def set_xray(self, on: bool) -> None:
        self.xray = bool(on)
        self.update()

    def set_selected(self, element: int | None) -> None:
        """The selected element: drawn opaque in X-ray mode."""
        self.selected = None if element is None else int(element)
        if self.xray:
            self.update()

    # -- section -------------------------------------------------------------------------------
    def z_range(self) -> tuple[float, float]:
        b = self.world_bounds
        return b[4], b[5]

    def axis(self) -> np.ndarray:
        """The model's x axis on the map (unit vector, grid east-north)."""
        a = math.radians(self.georef.rotation_deg)
        return np.array([math.cos(a), math.sin(a)])

    def axis_range(self) -> tuple[float, float]:
        """Extent of the model along its x axis (world: dot product with ``axis``)."""
        b = self.world_bounds
        corners = np.array([[b[0], b[2]], [b[1], b[2]], [b[0], b[3]], [b[1], b[3]]])
        if self.n_cells:
            pts = self.origin.to_world(vtk_to_numpy(self.mesh.GetPoints().GetData()))
            d = pts[:, :2] @ self.axis()
        else:
            d = corners @ self.axis()
        return float(d.min()), float(d.max())

    def set_section(self, value: float | None, orientation: str = "horizontal") -> None:
        """Clip the model at a plane: 'horizontal' keeps what is below height ``value``;
        'vertical' keeps what lies before ``value`` along the model's x axis (world metres,
        see ``axis_range``). None removes the section. Moving the plane keeps the one
        ``vtkPlane`` (others, such as a highlight, may clip with it too)."""
        if value is None:
            for actor in self.actors:
                actor.GetMapper().RemoveAllClippingPlanes()
            self._plane, self.section = None, None
            return
        plane = self._plane
        if plane is None:
            plane = vtk.vtkPlane()
            for actor in self.actors:
                actor.GetMapper().AddClippingPlane(plane)
        if orientation == "vertical":
            ax = self.axis()
            b = self.world_bounds
            c = np.array([(b[0] + b[1]) / 2, (b[2] + b[3]) / 2])
            p = c + (float(value) - float(c @ ax)) * ax
            plane.SetOrigin(p[0] - self.origin.x, p[1] - self.origin.y, 0.0)
            plane.SetNormal(-ax[0], -ax[1], 0.0)
        else:
            orientation = "horizontal"
            plane.SetOrigin(0.0, 0.0, float(value))
            plane.SetNormal(0.0, 0.0, -1.0)
        for actor in self.actors:
            actor.GetMapper().Modified()
        self._plane, self.section = plane, (orientation, float(value))

    @property
    def section_plane(self) -> vtk.vtkPlane | None:
        return self._plane

    # -- elements ------------------------------------------------------------------------------
    def _cells_of(self, element: int) -> np.ndarray:
        if self._element_cells is None:
            order = np.argsort(self.cell_element, kind="stable")
            ids = self.cell_element[order]
            cut = np.flatnonzero(np.diff(ids)) + 1
            self._element_cells = {int(ids[s]): part for s, part in
                                   zip(np.concatenate([[0], cut]) if len(ids) else [],
                                       np.split(order, cut), strict=False)}
        return self._element_cells.get(int(element), np.zeros(0, np.int64))

    def has_geometry(self, element: int) -> bool:
        return len(self._cells_of(element)) > 0

    def element_mesh(self, element: int) -> pv.PolyData | None:
        """The triangles of one element (local coordinates, its own points), or None when it
        has none."""
        cells = self._cells_of(element)
        if not len(cells):
            return None
        tri = vtk_to_numpy(self.mesh.GetPolys().GetConnectivityArray()).reshape(-1, 3)[cells]
        used, local = np.unique(tri, return_inverse=True)
        pts = vtk_to_numpy(self.mesh.GetPoints().GetData())[used]
        faces = np.column_stack([np.full(len(tri), 3), local.reshape(-1, 3)]).ravel()
        return pv.PolyData(np.array(pts, dtype=np.float32), faces)

    def element_bounds(self, element: int) -> tuple[float, ...] | None:
        """World bounds (VTK order) of one element's triangles, or None."""
        cells = self._cells_of(element)
        if not len(cells):
            return None
        tri = vtk_to_numpy(self.mesh.GetPolys().GetConnectivityArray()).reshape(-1, 3)
        pts = vtk_to_numpy(self.mesh.GetPoints().GetData())[np.unique(tri[cells])]
        return _bounds(self.origin.to_world(pts.astype(np.float64)))

    def element_at(self, prop: Any, cell: int) -> int | None:
        """The element id of a picked cell of one of this model's actors, or None."""
        if prop is None or cell < 0 or prop not in self.actors:
            return None
        poly = prop.GetMapper().GetInput()
        array = poly.GetCellData().GetArray("element") if poly is not None else None
        if array is None or cell >= array.GetNumberOfTuples():
            return None
        return int(array.GetTuple1(cell))

    def centre(self) -> np.ndarray:
        b = self.world_bounds
        return np.array([(b[0] + b[1]) / 2, (b[2] + b[3]) / 2, (b[4] + b[5]) / 2])


def _bounds(world: np.ndarray) -> tuple[float, float, float, float, float, float]:
    if len(world) == 0:
        return (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    lo, hi = world.min(axis=0), world.max(axis=0)
    return (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]), float(lo[2]), float(hi[2]))


def model_with_georef(model: BimModel, georef: GeoRef) -> BimModel:
    """The same model drawn with another georeferencing (e.g. for layers.bim.footprint)."""
    return replace(model, georef=georef)


__all__ = ["CLASS_STYLES", "BimMesh", "ClassStyle", "Siting", "class_style", "make_placement",
           "placement_centre", "placement_georef", "site_model", "subset_cells",
           "world_vertices"]
