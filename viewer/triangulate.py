"""Vectorised polygon triangulation and VTK mesh assembly (no per-polygon Python loops).

Polygons are triangulated with shapely's constrained Delaunay triangulation (GEOS), which keeps
holes open and only ever uses the input vertices. Each vertex carries its own index in the z
ordinate through the triangulation, so a triangle maps back to the original (3D) vertices by a
plain array lookup.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv
import shapely
from shapely.errors import GEOSException
from vtkmodules.util.numpy_support import numpy_to_vtk
from vtkmodules.vtkCommonCore import VTK_ID_TYPE, vtkPoints
from vtkmodules.vtkCommonDataModel import vtkCellArray

#: The two axes kept when a plane is projected along its dominant normal axis (cyclic order).
_KEEP = np.array([[1, 2], [2, 0], [0, 1]])


def ring_coordinates(polys: np.ndarray, *, include_z: bool = False
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All ring vertices of polygons at once: (coords, ring of vertex, polygon of ring).

    Rings come exterior first, then the holes; each ring repeats its first vertex at the end.
    """
    rings, ring_poly = shapely.get_rings(polys, return_index=True)
    coords, ring = shapely.get_coordinates(rings, include_z=include_z, return_index=True)
    return coords, ring, ring_poly


def ring_edges(ring: np.ndarray) -> np.ndarray:
    """Index of the first vertex of every ring edge (edge j runs from vertex j to j + 1)."""
    return np.flatnonzero(ring[:-1] == ring[1:])


def newell_normals(coords: np.ndarray, ring: np.ndarray, ring_poly: np.ndarray,
                   n_polys: int) -> np.ndarray:
    """Per polygon, twice the vector area of its exterior ring (Newell's method), shape (n, 3)."""
    first = np.ones(len(ring_poly), dtype=bool)
    first[1:] = ring_poly[1:] != ring_poly[:-1]
    j = ring_edges(ring)
    j = j[first[ring[j]]]
    poly = ring_poly[ring[j]]
    c = np.cross(coords[j], coords[j + 1])  # sums to the Newell normal over a closed ring
    return np.stack([np.bincount(poly, c[:, k], minlength=n_polys) for k in range(3)], axis=1)


def _cdt(polys: np.ndarray) -> np.ndarray:
    """constrained_delaunay_triangles, isolating polygons GEOS refuses (by bisection)."""
    try:
        return shapely.constrained_delaunay_triangles(polys)
    except GEOSException:
        if len(polys) > 1:
            mid = len(polys) // 2
            return np.concatenate([_cdt(polys[:mid]), _cdt(polys[mid:])])
    # One polygon GEOS cannot triangulate as is: repair it, else leave it out.
    parts = shapely.get_parts(shapely.make_valid(polys[0]))
    parts = parts[shapely.get_type_id(parts) == 3]
    try:
        tris = shapely.get_parts(shapely.constrained_delaunay_triangles(parts))
    except GEOSException:
        tris = np.array([], dtype=object)
    return np.array([shapely.geometrycollections(tris)], dtype=object)


def triangulate_rings(uv: np.ndarray, ring: np.ndarray,
                      ring_poly: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Triangulate polygons given by their ring vertices in 2D.

    ``uv`` (n, 2) are the vertices as returned by :func:`ring_coordinates` (closed rings),
    ``ring`` the ring of each vertex and ``ring_poly`` the polygon of each ring. Returns
    (triangles (m, 3) of vertex indices into ``uv``, polygon of each triangle (m,)); triangle
    orientation is whatever GEOS produced. Degenerate polygons and holes give no triangles.
    """
    none = np.empty((0, 3), dtype=np.int64), np.empty(0, dtype=np.int64)
    if len(uv) == 0:
        return none
    last = np.ones(len(ring), dtype=bool)
    last[:-1] = ring[:-1] != ring[1:]  # each ring's closing vertex: it must not enter a triangle
    ring_ok = np.bincount(ring[~last], minlength=len(ring_poly)) >= 3
    exterior = np.ones(len(ring_poly), dtype=bool)
    exterior[1:] = ring_poly[1:] != ring_poly[:-1]
    poly_ok = np.zeros(ring_poly.max() + 1, dtype=bool)
    poly_ok[ring_poly[exterior]] = ring_ok[exterior]
    ring_keep = np.flatnonzero(ring_ok & poly_ok[ring_poly])
    if len(ring_keep) == 0:
        return none
    kept = np.zeros(len(ring_poly), dtype=bool)
    kept[ring_keep] = True
    keep = np.flatnonzero(~last & kept[ring])
    xyz = np.column_stack([uv[keep], keep.astype(np.float64)])
    rings = shapely.linearrings(xyz, indices=np.searchsorted(ring_keep, ring[keep]))
    which, slot = np.unique(ring_poly[ring_keep], return_inverse=True)
    polys = shapely.polygons(rings, indices=slot)
    ok = np.flatnonzero(shapely.area(polys) > 0)
    tris = _cdt(polys[ok])
    corners, tri_poly = shapely.get_coordinates(tris, include_z=True, return_index=True)
    corners = corners.reshape(-1, 4, 3)[:, :3]
    owner = which[ok[tri_poly[::4]]]
    # GEOS adds no vertices, but a repaired polygon may have: drop triangles using any.
    z = corners[:, :, 2]
    known = np.all(np.isfinite(z) & (z >= 0) & (z < len(uv)) & (z == np.rint(z)), axis=1)
    corners, owner = corners[known], owner[known]
    vid = corners[:, :, 2].astype(np.int64)
    tol = 1e-6 * (1.0 + np.abs(corners[:, :, :2]))
    same = np.all(np.abs(uv[vid] - corners[:, :, :2]) <= tol, axis=(1, 2))
    return vid[same], owner[same]


def triangulate_planar(coords: np.ndarray, ring: np.ndarray, ring_poly: np.ndarray,
                       n_polys: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Triangulate planar 3D polygons (with holes) by projecting each on its dominant plane.

    Returns (triangles (m, 3) of vertex indices into ``coords``, oriented counter-clockwise
    around the polygon's Newell normal; polygon of each triangle; unit normal per polygon).
    """
    normal = newell_normals(coords, ring, ring_poly, n_polys)
    length = np.linalg.norm(normal, axis=1)
    unit = normal / np.where(length > 0, length, 1.0)[:, None]
    axis = np.argmax(np.abs(normal), axis=1)
    keep = _KEEP[axis[ring_poly[ring]]]
    uv = np.take_along_axis(coords, keep, axis=1)
    tri, owner = triangulate_rings(uv, ring, ring_poly)
    p = coords[tri]
    facing = np.einsum("ij,ij->i", np.cross(p[:, 1] - p[:, 0], p[:, 2] - p[:, 0]), normal[owner])
    flip = facing < 0
    tri[flip] = tri[flip][:, ::-1]
    return tri, owner, unit


def polydata(points: np.ndarray, offsets: np.ndarray, connectivity: np.ndarray,
             cell_data: dict[str, np.ndarray] | None = None,
             normals: np.ndarray | None = None) -> pv.PolyData:
    """A PolyData of polygons from float32 points and VTK's offsets/connectivity arrays."""
    pts = vtkPoints()
    pts.SetData(numpy_to_vtk(np.ascontiguousarray(points, dtype=np.float32), deep=True))
    cells = vtkCellArray()
    cells.SetData(numpy_to_vtk(np.ascontiguousarray(offsets, dtype=np.int64), deep=True,
                               array_type=VTK_ID_TYPE),
                  numpy_to_vtk(np.ascontiguousarray(connectivity, dtype=np.int64), deep=True,
                               array_type=VTK_ID_TYPE))
    mesh = pv.PolyData()
    mesh.SetPoints(pts)
    mesh.SetPolys(cells)
    arrays = dict(cell_data or {})
    if normals is not None:
        arrays["Normals"] = np.asarray(normals, dtype=np.float32).reshape(-1, 3)
    for name, values in arrays.items():  # through VTK: pyvista refuses empty arrays
        vtk_array = numpy_to_vtk(np.ascontiguousarray(values), deep=True)
        vtk_array.SetName(name)
        mesh.GetCellData().AddArray(vtk_array)
    if normals is not None:
        mesh.GetCellData().SetActiveNormals("Normals")
    return mesh
