"""BIM geometry in the scene: float64 until the scene origin is taken off, so map-scale models
(the float32 stress file, at 4.5e6 m) keep their millimetres."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from vtk.util.numpy_support import vtk_to_numpy

from store.bim.loader import load_bim
from viewer.bim_mesh import BimMesh, world_vertices
from viewer.origin import Origin


def test_map_scale_model_is_exact_to_a_millimetre_after_the_origin_shift(realdata: Path) -> None:
    model = load_bim(realdata / "ifc" / "linear-placement-of-signal.ifc")
    assert model.georef.map_crs == "EPSG:3065"
    world = world_vertices(model, model.georef, "EPSG:3065")
    assert world[:, 1].max() > 4.5e6  # map-scale northings: float32 spacing there is 0.5 m
    naive = np.abs(world.astype(np.float32).astype(np.float64) - world)[:, :2]
    assert naive.max() > 0.05  # cast to float32 directly, points would move by centimetres
    lo, hi = world.min(axis=0), world.max(axis=0)
    origin = Origin.of_extent((lo[0], lo[1], hi[0], hi[1]))
    mesh = BimMesh(model, model.georef, "EPSG:3065", origin)
    drawn = origin.to_world(vtk_to_numpy(mesh.mesh.GetPoints().GetData()).astype(np.float64))
    assert drawn.shape == world.shape
    assert float(np.abs(drawn - world).max()) < 1e-3
