"""``cimview export-3dtiles``: a cache's buildings and pipelines as 3D Tiles 1.1, meshed with the
viewer's own functions.

The tiling, placement, metadata and files are :mod:`layers.tileset_export` (Qt- and VTK-free);
this module gives it the meshes (:class:`ViewerMeshes`): a buildings tile as the viewer draws it
(:func:`viewer.buildings_mesh.lod_tile_mesh`: LOD1 extrusions or LOD2 solids near, roof-less
boxes and merged blocks far), pipes as tubes and box sections
(:func:`viewer.pipes_mesh.pipe_mesh`), triangulated, each triangle with its feature's fid.
See docs/3dtiles.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from layers.tileset_export import (
    LAYERS,
    LEAF_FEATURES,
    BBox,
    ExportSummary,
    MeshArrays,
    Progress,
    write_tileset,
)
from viewer.origin import Origin

__all__ = ["ViewerMeshes", "export_3dtiles", "mesh_arrays"]


def mesh_arrays(mesh: Any, origin: Origin, normals: bool = True) -> MeshArrays | None:
    """A viewer mesh (scene-local around ``origin``, cell data ``fid`` and, for flat-shaded
    meshes, ``Normals``) as triangles in the cache CRS (float64); None without a triangle."""
    if mesh is None or mesh.n_cells == 0:
        return None
    tri_mesh = mesh.triangulate()
    faces = np.asarray(tri_mesh.faces).reshape(-1, 4)
    if not len(faces):
        return None
    points = origin.to_world(np.asarray(tri_mesh.points, np.float64))
    nor = None
    if normals and "Normals" in tri_mesh.cell_data:
        nor = np.asarray(tri_mesh.cell_data["Normals"], np.float64).reshape(-1, 3)
    return MeshArrays(points, faces[:, 1:].astype(np.int64),
                      np.asarray(tri_mesh.cell_data["fid"], np.int64), nor)


class ViewerMeshes:
    """:class:`layers.tileset_export.Meshes` made by the viewer's functions."""

    def buildings(self, cache: Any, tree: Any, key: str,
                  origin: tuple[float, float]) -> MeshArrays | None:
        from viewer.buildings_mesh import lod_tile_mesh

        o = Origin(*origin)
        return mesh_arrays(lod_tile_mesh(cache, tree, key, o), o)

    def pipelines(self, cache: Any, bbox: BBox, fids: np.ndarray,
                  origin: tuple[float, float]) -> MeshArrays | None:
        from layers.pipelines import pipe_rows
        from viewer.pipes_mesh import pipe_mesh, subset

        rows = pipe_rows(cache, bbox)
        rows = subset(rows, np.flatnonzero(np.isin(rows.fids, fids)))
        o = Origin(*origin)
        # tubes share their rings' points between sides and caps: no flat normals (readers
        # shade them from the triangles)
        return mesh_arrays(pipe_mesh(rows, o), o, normals=False)


def export_3dtiles(cache_path: str | Path, out: str | Path, *,
                   layers: Iterable[str] = LAYERS, bbox: BBox | None = None,
                   force: bool = False, progress: Progress | None = None,
                   leaf_features: int = LEAF_FEATURES) -> ExportSummary:
    """Write the cache's ``layers`` (within ``bbox``, cache CRS) as a 3D Tiles 1.1 tileset in
    the folder ``out``; see :func:`layers.tileset_export.write_tileset`."""
    return write_tileset(cache_path, out, ViewerMeshes(), layers=layers, bbox=bbox,
                         force=force, progress=progress, leaf_features=leaf_features)
