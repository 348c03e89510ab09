"""What a loaded BIM model is, independent of Qt and VTK: its georeferencing, its elements and
their tree, its tessellated geometry and the report of the load.

Coordinates: ``Geometry.vertices`` are in the model's *project* coordinate system converted to
metres (the IFC world coordinates times the length-unit scale), float64. ``GeoRef.to_map``
takes those to the map CRS (easting, northing, height); :func:`store.bim.georef.to_cache`
takes them on to the cache CRS. Nothing is cast to float32 before a scene origin is taken
off (viewer side).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from store.messages import Message, as_message


def messages_to_json(items: list[str]) -> list[Any]:
    """Sentences as JSON: a Message as {"text", "template", "values"}, so that it is a Message
    again after the worker process or the cache (:func:`messages_from_json`)."""
    return [{"text": str(m), "template": m.template, "values": m.values}
            if isinstance(m, Message) and m.values else str(m) for m in items]


def messages_from_json(items: list[Any]) -> list[Message]:
    """What :func:`messages_to_json` wrote (plain strings too: older caches)."""
    out = []
    for item in items or ():
        if isinstance(item, dict):
            try:
                out.append(Message(item["template"], **item.get("values", {})))
            except (KeyError, IndexError, ValueError, TypeError):
                out.append(as_message(str(item.get("text", ""))))
        else:
            out.append(as_message(str(item)))
    return out


@dataclass
class GeoRef:
    """How the model is tied to the map, and the parameters used.

    ``method``: "IfcMapConversion" (IFC4/IFC4X3), "IfcRigidOperation" (IFC4X3, a translation
    only), "ePSet_MapConversion" (IFC2X3 property sets, on IfcProject or IfcSite; ``source``
    says which), "IfcSite RefLatitude/RefLongitude"
    (``approximate`` True), "manual" (placed by the user, saved with the model) or "none".
    ``rotation_deg`` is the angle of the model's x axis from grid east, counter-clockwise
    (from XAxisAbscissa/XAxisOrdinate). ``scale`` is the scale actually applied from project
    metres to map units; ``scale_declared`` what the file said; ``anomalies`` lists every
    correction or doubt in plain words (e.g. a Scale of 1000 that contradicts mm → m units)."""

    method: str
    map_crs: str | None = None          # e.g. "EPSG:25832"
    eastings: float = 0.0
    northings: float = 0.0
    orthogonal_height: float = 0.0
    rotation_deg: float = 0.0
    scale: float = 1.0
    scale_declared: float | None = None
    unit_scale: float = 1.0             # project length unit in metres (mm → 0.001)
    approximate: bool = False
    source: str | None = None           # e.g. "IfcSite" for an ePSet found on the site
    anomalies: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: anomalies as :func:`messages_to_json` writes them."""
        return dict(self.__dict__) | {"anomalies": messages_to_json(self.anomalies)}

    def to_map(self, xyz: np.ndarray) -> np.ndarray:
        """Project metres (N, 3) → map CRS (E, N, H), float64 (a Helmert transform)."""
        xyz = np.asarray(xyz, dtype=np.float64).reshape(-1, 3)
        a = np.radians(self.rotation_deg)
        c, s = np.cos(a) * self.scale, np.sin(a) * self.scale
        out = np.empty_like(xyz)
        out[:, 0] = self.eastings + c * xyz[:, 0] - s * xyz[:, 1]
        out[:, 1] = self.northings + s * xyz[:, 0] + c * xyz[:, 1]
        out[:, 2] = self.orthogonal_height + xyz[:, 2] * self.scale
        return out


@dataclass
class Element:
    """One IFC object of the tree: a spatial element (project, site, building, storey, space)
    or a product. ``parent`` is the id of its container or aggregate (None for the project);
    ``storey`` the id of the storey it is on, if any. ids are the IFC step ids (#123)."""

    id: int
    guid: str
    ifc_class: str
    name: str | None
    parent: int | None
    storey: int | None
    has_geometry: bool = False


@dataclass
class Geometry:
    """All tessellated elements merged: vertices (V, 3) float64 in project metres, triangles
    (T, 3) int32 into them, and per triangle the element id it belongs to."""

    vertices: np.ndarray
    triangles: np.ndarray
    element_of_triangle: np.ndarray


@dataclass
class LoadReport:
    """What the load did. ``products_with_body`` counts IfcProducts that have a "Body" or
    "Facetation" representation (IfcOpeningElement excluded: it is cut out of its host; IfcSpace
    and a site's terrain included);
    ``tessellated`` + len(``failed``) == ``products_with_body``. ``failed`` rows are
    {"id", "guid", "class", "name", "error"}."""

    file: str
    sha256: str
    schema: str
    products_with_body: int = 0
    tessellated: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    threads: int = 1
    from_cache: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: warnings as :func:`messages_to_json` writes them."""
        return dict(self.__dict__) | {"warnings": messages_to_json(self.warnings)}


@dataclass
class BimModel:
    """A loaded model: georeferencing, elements (by id), geometry and report. Properties of an
    element come from :func:`store.bim.store.properties` (kept in the cache)."""

    path: str
    sha256: str
    schema: str
    georef: GeoRef
    elements: dict[int, Element]
    geometry: Geometry
    report: LoadReport
    placement: dict[str, Any] | None = None  # a manual placement saved with the model
