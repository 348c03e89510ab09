"""The BIM theme: where a loaded model stands in the city and which white models it replaces.

No Qt, no VTK: the footprint is computed from the model's tessellated geometry in the cache
CRS, and the white models (buildings layer) under it are found through the R*Tree.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import CRS

from store.bim.georef import to_cache
from store.bim.model import BimModel, GeoRef
from store.cache import Cache
from store.crs import epsg_code

#: What the viewer needs of store.bim, through this module (the viewer never imports store/).
__all__ = ["BimModel", "GeoRef", "MIN_OVERLAP_M2", "NOT_MASS", "buildings_under", "epsg_code",
           "footprint", "to_cache"]

#: Classes that are not part of the building's mass: a site's terrain or a grid would make the
#: footprint the whole site.
NOT_MASS = ("IfcSite", "IfcGeographicElement", "IfcAnnotation", "IfcGrid", "IfcVirtualElement",
            "IfcOpeningElement", "IfcSpace")
#: A white model counts as replaced when this much of it (m²) is under the BIM: an old building
#: cannot stand where the new one will, even in part; one that only touches the outline stays.
MIN_OVERLAP_M2 = 1.0


def footprint(model: BimModel, cache_crs: CRS | str) -> shapely.Geometry:
    """The model's outline on the map (cache CRS): the union of the plan outlines (convex hulls)
    of its building elements. Empty when nothing is tessellated."""
    g = model.geometry
    if len(g.triangles) == 0:
        return shapely.Polygon()
    classes = {i: e.ifc_class for i, e in model.elements.items()}
    keep = np.array([classes.get(int(e)) not in NOT_MASS for e in g.element_of_triangle])
    if not keep.any():
        keep[:] = True
    order = np.argsort(g.element_of_triangle[keep], kind="stable")  # grouped by element
    tris = g.triangles[keep][order]
    owner = g.element_of_triangle[keep][order]
    used = np.unique(tris)
    xy = np.full((len(g.vertices), 2), np.nan)
    xy[used] = to_cache(model.georef, g.vertices[used], cache_crs)[:, :2]
    _, group = np.unique(owner, return_inverse=True)
    points = xy[tris.reshape(-1)]
    hulls = shapely.convex_hull(shapely.multipoints(points, indices=np.repeat(group, 3)))
    hulls = hulls[shapely.area(hulls) > 0]
    return shapely.union_all(hulls) if len(hulls) else shapely.Polygon()


def buildings_under(cache: Cache, outline: shapely.Geometry,
                    min_overlap: float = MIN_OVERLAP_M2) -> list[int]:
    """fids of the white models the BIM replaces: those overlapping its outline by at least
    ``min_overlap`` square metres."""
    if outline.is_empty:
        return []
    f = cache.read("buildings", bbox=outline.bounds)
    if not len(f):
        return []
    overlap = shapely.area(shapely.intersection(f.geoms, outline))
    return [int(v) for v in f.fids[overlap >= min_overlap]]
