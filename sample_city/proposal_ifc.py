"""A submitted proposal: a georeferenced IFC4 tower on its parcel, written with ifcopenshell.

The building is modelled in local engineering coordinates (origin at the footprint's first
corner, local X along the parcel's main direction, z = 0 at ground level) and tied to
EPSG:4547 / EPSG:5737 by an IfcMapConversion, as a plan reviewer's BIM submission would be.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ifcopenshell
import ifcopenshell.api.aggregate
import ifcopenshell.api.context
import ifcopenshell.api.feature
import ifcopenshell.api.geometry
import ifcopenshell.api.georeference
import ifcopenshell.api.pset
import ifcopenshell.api.root
import ifcopenshell.api.spatial
import ifcopenshell.api.unit
import ifcopenshell.guid
import ifcopenshell.util.geolocation
import numpy as np
import shapely
import shapely.ops
from pyproj import Transformer
from shapely import affinity

#: Planning constants: minimum setback from the parcel boundary, and the margin kept on top.
SETBACK = 5.0
SETBACK_MARGIN = 0.5
WALL_THICKNESS = 0.25
SLAB_DEPTH = 0.2
MIN_SIDE = 12.0  # the smallest tower footprint side worth modelling, metres
#: Landscaping: green areas cover this share of the parcel (above the sample parcels' 25–30 %
#: minimums), kept this far inside the red line and this far from the tower.
GREEN_SHARE = 0.32
GREEN_INSET = 1.0
GREEN_CLEAR = 6.0
GREEN_THICKNESS = 0.1
#: The ground floor stands this far above the highest ground around it (室内外高差).
PLINTH = 0.3
#: Fire-resistance rating (耐火等级) stated in Pset_BuildingCommon: a high-rise must be 一/二级.
FIRE_RATING = "一级"

_OCCUPANCY = {
    # occupancy: (Pset OccupancyType, land use, typical storey height, first-storey height,
    #             footprint length range, footprint depth range)
    "住宅": ("Residential", "R2 二类居住用地", 3.0, 3.6, (32.0, 48.0), (15.0, 20.0)),
    "办公": ("Office", "B2 商务用地", 3.6, 3.6, (38.0, 54.0), (22.0, 30.0)),
}
#: Ground-floor doors by wall index: main entrance on the first (long) side, one at the back.
_DOORS = {
    0: ("主入口", 1.8, 2.4, "DOUBLE_DOOR_SINGLE_SWING"),
    2: ("次入口", 1.0, 2.1, "SINGLE_SWING_LEFT"),
}
_GUID_NS = uuid.UUID("7d7b3f0e-3c1a-4b53-9a53-6b1c0c1f2a11")
_TO_GEOGRAPHIC = Transformer.from_crs("EPSG:4547", "EPSG:4490", always_xy=True)


def main_direction(polygon: shapely.Polygon) -> float:
    """Angle (radians, in (-pi/2, pi/2]) of the longer side of the polygon's oriented envelope."""
    env = shapely.oriented_envelope(polygon)
    pts = np.asarray(env.exterior.coords)[:3]
    edges = [pts[1] - pts[0], pts[2] - pts[1]]
    dx, dy = max(edges, key=lambda v: float(np.hypot(*v)))
    angle = math.atan2(dy, dx)
    if angle <= -math.pi / 2:
        angle += math.pi
    elif angle > math.pi / 2:
        angle -= math.pi
    return angle


def _l_shape(length: float, depth: float, notch_l: float, notch_d: float) -> list[tuple]:
    """Counter-clockwise L outline in [0, length] x [0, depth] with the top-right corner cut."""
    return [
        (0.0, 0.0),
        (length, 0.0),
        (length, depth - notch_d),
        (length - notch_l, depth - notch_d),
        (length - notch_l, depth),
        (0.0, depth),
    ]


def fit_footprint(
    parcel: shapely.Polygon, angle: float, length: float, depth: float, setback: float
) -> tuple[float, float, float, float]:
    """Place a length x depth rectangle, rotated by angle, inside parcel minus setback.

    Returns (x0, y0, length, depth) in the frame rotated by -angle about the parcel centroid
    (so the rectangle is [x0, x0+length] x [y0, y0+depth] there), shrinking the rectangle until
    it fits. Raises ValueError when not even a MIN_SIDE square fits.
    """
    inner = parcel.buffer(-setback, join_style="mitre")
    if inner.is_empty:
        raise ValueError("parcel is too small for the setback")
    centre = parcel.centroid
    local = affinity.rotate(inner, -angle, origin=centre, use_radians=True)
    if local.geom_type == "MultiPolygon":
        local = max(local.geoms, key=lambda g: g.area)
    shapely.prepare(local)
    label = shapely.maximum_inscribed_circle(local, 0.1)
    minx, miny, maxx, maxy = local.bounds
    gx, gy = np.meshgrid(np.linspace(minx, maxx, 15), np.linspace(miny, maxy, 15))
    anchor = np.asarray(label.coords[0])
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    grid = grid[np.argsort(np.hypot(*(grid - anchor).T), kind="stable")]
    centres = [anchor, np.asarray(local.centroid.coords[0]), *grid]
    scale = 1.0
    while min(length, depth) * scale >= MIN_SIDE - 1e-9:
        lx, ly = length * scale, depth * scale
        for cx, cy in centres:
            box = shapely.box(cx - lx / 2, cy - ly / 2, cx + lx / 2, cy + ly / 2)
            if local.contains(box):
                return cx - lx / 2, cy - ly / 2, lx, ly
        scale -= 0.05
    raise ValueError("no tower footprint fits inside the parcel setback")


def _plan(parcel: shapely.Polygon, seed: int, height_limit: float) -> dict[str, Any]:
    """Deterministic design decisions (occupancy, storeys, footprint) for one seed."""
    rng = np.random.default_rng(seed)
    occupancy = ["住宅", "办公"][int(rng.integers(0, 2))]
    occ_type, land_use, h_typ, h_first, l_rng, d_rng = _OCCUPANCY[occupancy]
    wanted = int(rng.integers(10, 26))
    length = float(rng.uniform(*l_rng))
    depth = float(rng.uniform(*d_rng))
    l_shaped = bool(rng.random() < 0.4)
    notch = (float(rng.uniform(0.35, 0.5)), float(rng.uniform(0.35, 0.5)))

    max_fit = 0 if height_limit < h_first else 1 + int((height_limit - h_first + 1e-6) // h_typ)
    if max_fit < 1:
        raise ValueError(f"height limit {height_limit} m allows no storey")
    storeys = min(wanted, max_fit)
    heights = [h_first] + [h_typ] * (storeys - 1)

    angle = math.radians(round(math.degrees(main_direction(parcel)), 4))
    x0, y0, length, depth = fit_footprint(parcel, angle, length, depth, SETBACK + SETBACK_MARGIN)
    if l_shaped and min(length, depth) >= 1.5 * MIN_SIDE:
        outline = _l_shape(length, depth, round(length * notch[0], 2), round(depth * notch[1], 2))
    else:
        outline = [(0.0, 0.0), (length, 0.0), (length, depth), (0.0, depth)]
    # The local origin is the footprint's first corner; map it back to EPSG:4547.
    c = parcel.centroid
    ox, oy = x0 - c.x, y0 - c.y
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    eastings = c.x + ox * cos_a - oy * sin_a
    northings = c.y + ox * sin_a + oy * cos_a
    return {
        "occupancy": occupancy,
        "occupancy_type": occ_type,
        "land_use": land_use,
        "heights": heights,
        "outline": outline,
        "angle": angle,
        "eastings": eastings,
        "northings": northings,
    }


def local_to_map(
    x: float, y: float, eastings: float, northings: float, angle: float
) -> tuple[float, float]:
    """Local engineering (x, y) to EPSG:4547 (E, N) for a unit-scale map conversion."""
    return (
        eastings + x * math.cos(angle) - y * math.sin(angle),
        northings + x * math.sin(angle) + y * math.cos(angle),
    )


class _Writer:
    """Builds the IFC model; one instance per file."""

    def __init__(self) -> None:
        self.f = ifcopenshell.file(schema="IFC4")

    def entity(self, ifc_class: str, name: str | None = None, predefined: str | None = None):
        return ifcopenshell.api.root.create_entity(
            self.f, ifc_class=ifc_class, name=name, predefined_type=predefined
        )

    def place(
        self,
        product,
        x: float = 0.0,
        y: float = 0.0,
        z: float = 0.0,
        dx: tuple[float, float] = (1.0, 0.0),
    ) -> None:
        """Place product at absolute (x, y, z), local X along dx (stored relative to parent)."""
        m = np.eye(4)
        m[:3, 0] = (dx[0], dx[1], 0.0)
        m[:3, 1] = (-dx[1], dx[0], 0.0)
        m[:3, 3] = (x, y, z)
        ifcopenshell.api.geometry.edit_object_placement(self.f, product=product, matrix=m)

    def door(
        self,
        body,
        storey,
        wall,
        start: tuple,
        d: tuple,
        seg: float,
        name: str,
        width: float,
        height: float,
        operation: str,
    ) -> None:
        """A door centred in wall (starting at start, direction d), voiding it."""
        f = self.f
        along = (seg - width) / 2
        x, y = start[0] + d[0] * along, start[1] + d[1] * along
        opening = self.entity("IfcOpeningElement", f"{name}-洞口", "OPENING")
        rep = ifcopenshell.api.geometry.add_wall_representation(
            f,
            context=body,
            length=width,
            height=height,
            thickness=WALL_THICKNESS + 0.2,
            offset=-0.1,
        )
        ifcopenshell.api.geometry.assign_representation(f, product=opening, representation=rep)
        ifcopenshell.api.feature.add_feature(f, feature=opening, element=wall)
        self.place(opening, x, y, storey.Elevation, dx=d)
        door = self.entity("IfcDoor", name, "DOOR")
        door.OverallWidth, door.OverallHeight = width, height
        door.OperationType = operation
        rep = ifcopenshell.api.geometry.add_door_representation(
            f,
            context=body,
            overall_width=width,
            overall_height=height,
            operation_type=operation,
            lining_properties={"LiningDepth": WALL_THICKNESS},
        )
        ifcopenshell.api.geometry.assign_representation(f, product=door, representation=rep)
        ifcopenshell.api.feature.add_filling(f, opening=opening, element=door)
        ifcopenshell.api.spatial.assign_container(f, products=[door], relating_structure=storey)
        self.place(door, x, y, storey.Elevation, dx=d)
        self.pset(door, "Pset_DoorCommon", {"IsExternal": True})

    def pset(self, product, name: str, props: dict[str, Any]) -> None:
        pset = ifcopenshell.api.pset.add_pset(self.f, product=product, name=name)
        ifcopenshell.api.pset.edit_pset(self.f, pset=pset, properties=props)

    def qto(self, product, name: str, props: dict[str, float]) -> None:
        qto = ifcopenshell.api.pset.add_qto(self.f, product=product, name=name)
        ifcopenshell.api.pset.edit_qto(self.f, qto=qto, properties=props)

    def length(self, v: float):
        return self.f.createIfcLengthMeasure(round(float(v), 3))

    def area(self, v: float):
        return self.f.createIfcAreaMeasure(round(float(v), 2))


def _project_name(name: str) -> str:
    return name if name.endswith("项目") else f"{name} 拟建项目"


def write_proposal(
    path: Path,
    parcel: shapely.Polygon,
    ground_z: float,
    *,
    seed: int,
    name: str,
    height_limit: float,
    terrain: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
) -> dict:
    """Write a georeferenced IFC4 tower proposal on parcel (EPSG:4547, easting-first).

    The ground floor (±0.00, the map conversion's OrthogonalHeight) is ``ground_z``; with
    ``terrain`` (heights at EPSG:4547 x, y arrays) it is PLINTH m above the highest ground along
    the footprint, as a designer sets it, so no floor is buried on a slope; storeys are then
    dropped until the height from the lowest ground along the footprint fits height_limit.

    The design (residential or office, 10-25 storeys within height_limit, rectangular or
    L-shaped footprint >= 5 m inside the parcel) is deterministic in seed, as are the GlobalIds.
    Returns the summary dict (plus "occupancy" and "footprint_wkt", the footprint in
    EPSG:4547). Raises ValueError when no tower footprint or no storey fits.
    """
    path = Path(path)
    plan = _plan(parcel, seed, height_limit)
    heights: list[float] = plan["heights"]
    outline: list[tuple] = plan["outline"]
    angle: float = plan["angle"]
    if terrain is not None:
        ring = shapely.LinearRing([local_to_map(x, y, plan["eastings"], plan["northings"], angle)
                                   for x, y in outline])
        xy = shapely.get_coordinates(shapely.segmentize(ring, 1.0))
        z = np.asarray(terrain(xy[:, 0], xy[:, 1]), dtype=float)
        ground_z = round(float(np.nanmax(z)) + PLINTH, 2)
        while len(heights) > 1 and sum(heights) + ground_z - np.nanmin(z) > height_limit:
            heights = heights[:-1]
    n = len(heights)
    total_height = round(sum(heights), 3)
    footprint = shapely.Polygon(outline)
    footprint_area = float(footprint.area)
    gfa = footprint_area * n
    parcel_area = float(parcel.area)

    w = _Writer()
    f = w.f
    project = w.entity("IfcProject", _project_name(name))
    units = [
        ifcopenshell.api.unit.add_si_unit(f, unit_type="LENGTHUNIT"),
        ifcopenshell.api.unit.add_si_unit(f, unit_type="AREAUNIT"),
        ifcopenshell.api.unit.add_si_unit(f, unit_type="VOLUMEUNIT"),
        ifcopenshell.api.unit.add_si_unit(f, unit_type="PLANEANGLEUNIT"),
    ]
    ifcopenshell.api.unit.assign_unit(f, units=units)
    model = ifcopenshell.api.context.add_context(f, context_type="Model")
    body = ifcopenshell.api.context.add_context(
        f, context_type="Model", context_identifier="Body", target_view="MODEL_VIEW", parent=model
    )

    # Georeferencing: local origin -> EPSG:4547 with a rotation, heights in EPSG:5737.
    ifcopenshell.api.georeference.add_georeferencing(f, name="EPSG:4547")
    ifcopenshell.api.georeference.edit_georeferencing(
        f,
        projected_crs={
            "Description": "CGCS2000 / 3-degree Gauss-Kruger CM 114E",
            "GeodeticDatum": "CGCS2000",
            "VerticalDatum": "EPSG:5737 1985国家高程基准",
            "MapProjection": "Gauss-Kruger",
            "MapZone": "CM 114E",
            "MapUnit": units[0],
        },
        coordinate_operation={
            "Eastings": round(plan["eastings"], 4),
            "Northings": round(plan["northings"], 4),
            "OrthogonalHeight": round(float(ground_z), 3),
            "XAxisAbscissa": math.cos(angle),
            "XAxisOrdinate": math.sin(angle),
            "Scale": 1.0,  # project length unit is the metre, as is the map unit
        },
    )
    conv = f.by_type("IfcMapConversion")[0]
    eastings, northings = conv.Eastings, conv.Northings

    site = w.entity("IfcSite", f"{name} 用地")
    lon, lat = _TO_GEOGRAPHIC.transform(eastings, northings)
    site.RefLatitude = ifcopenshell.util.geolocation.dd2dms(lat, use_us=True)
    site.RefLongitude = ifcopenshell.util.geolocation.dd2dms(lon, use_us=True)
    site.RefElevation = round(float(ground_z), 3)
    building = w.entity("IfcBuilding", f"{name} {plan['occupancy']}楼", "NOTDEFINED")
    building.Description = f"拟建{plan['occupancy']}塔楼，地上{n}层"
    ifcopenshell.api.aggregate.assign_object(f, products=[site], relating_object=project)
    ifcopenshell.api.aggregate.assign_object(f, products=[building], relating_object=site)
    w.place(site)
    w.place(building)
    site.LandTitleNumber = name

    w.pset(
        building,
        "Pset_BuildingCommon",
        {
            "NumberOfStoreys": n,
            "OccupancyType": plan["occupancy_type"],
            "GrossPlannedArea": round(gfa, 2),
            "FireProtectionClass": FIRE_RATING,
        },
    )
    w.qto(
        building,
        "Qto_BuildingBaseQuantities",
        {
            "Height": total_height,
            "FootprintArea": round(footprint_area, 2),
            "GrossFloorArea": round(gfa, 2),
        },
    )
    min_setback = float(
        parcel.boundary.distance(
            shapely.Polygon([local_to_map(x, y, eastings, northings, angle) for x, y in outline])
        )
    )
    w.pset(
        building,
        "CIM_规划指标",
        {
            "地块名称": name,
            "用地性质": plan["land_use"],
            "建筑高度": w.length(total_height),
            "规划限高": w.length(height_limit),
            "地上层数": n,
            "总建筑面积": w.area(gfa),
            "基底面积": w.area(footprint_area),
            "用地面积": w.area(parcel_area),
            "容积率": round(gfa / parcel_area, 2),
            "建筑密度": round(footprint_area / parcel_area, 3),
            "最小退线距离": w.length(min_setback),
        },
    )

    m = len(outline)
    pts = outline + outline[:1]
    # Walls lie left of the CCW outline; at a reflex corner the incoming wall is lengthened.
    reflex = [_cross(outline[j - 1], outline[j], outline[(j + 1) % m]) < 0 for j in range(m)]
    slab_poly = [(float(x), float(y)) for x, y in pts]
    perimeter = float(footprint.length)
    elevation = 0.0
    storeys = []
    for level, h in enumerate(heights, start=1):
        storey = w.entity("IfcBuildingStorey", f"{level}F")
        storey.Elevation = round(elevation, 3)
        ifcopenshell.api.aggregate.assign_object(f, products=[storey], relating_object=building)
        w.place(storey, z=elevation)
        w.pset(
            storey,
            "Pset_BuildingStoreyCommon",
            {
                "EntranceLevel": level == 1,
                "GrossPlannedArea": round(footprint_area, 2),
            },
        )
        for i in range(m):
            (x0, y0), (x1, y1) = pts[i], pts[i + 1]
            seg = math.hypot(x1 - x0, y1 - y0)
            ext = WALL_THICKNESS if reflex[(i + 1) % m] else 0.0
            wall = w.entity("IfcWall", f"{level}F-外墙-{i + 1}", "SOLIDWALL")
            rep = ifcopenshell.api.geometry.add_wall_representation(
                f, context=body, length=seg + ext, height=h, thickness=WALL_THICKNESS
            )
            ifcopenshell.api.geometry.assign_representation(f, product=wall, representation=rep)
            ifcopenshell.api.spatial.assign_container(f, products=[wall], relating_structure=storey)
            w.place(wall, x0, y0, elevation, dx=((x1 - x0) / seg, (y1 - y0) / seg))
            w.pset(wall, "Pset_WallCommon", {"IsExternal": True, "LoadBearing": True})
            if level == 1 and i in _DOORS:
                w.door(
                    body,
                    storey,
                    wall,
                    (x0, y0),
                    ((x1 - x0) / seg, (y1 - y0) / seg),
                    seg,
                    *_DOORS[i],
                )
        slab = w.entity("IfcSlab", f"{level}F-楼板", "BASESLAB" if level == 1 else "FLOOR")
        rep = ifcopenshell.api.geometry.add_slab_representation(
            f, context=body, depth=SLAB_DEPTH, direction_sense="NEGATIVE", polyline=slab_poly
        )
        ifcopenshell.api.geometry.assign_representation(f, product=slab, representation=rep)
        ifcopenshell.api.spatial.assign_container(f, products=[slab], relating_structure=storey)
        w.place(slab, z=elevation)
        w.pset(slab, "Pset_SlabCommon", {"IsExternal": level == 1, "LoadBearing": True})
        w.qto(
            slab,
            "Qto_SlabBaseQuantities",
            {
                "Width": SLAB_DEPTH,
                "Perimeter": round(perimeter, 3),
                "GrossArea": round(footprint_area, 2),
                "NetArea": round(footprint_area, 2),
                "GrossVolume": round(footprint_area * SLAB_DEPTH, 3),
                "NetVolume": round(footprint_area * SLAB_DEPTH, 3),
            },
        )
        storeys.append(storey)
        elevation += h

    # A flat roof on top of the last storey, contained in it.
    roof = w.entity("IfcRoof", "屋面", "FLAT_ROOF")
    rep = ifcopenshell.api.geometry.add_slab_representation(
        f, context=body, depth=SLAB_DEPTH, direction_sense="NEGATIVE", polyline=slab_poly
    )
    ifcopenshell.api.geometry.assign_representation(f, product=roof, representation=rep)
    ifcopenshell.api.spatial.assign_container(f, products=[roof], relating_structure=storeys[-1])
    w.place(roof, z=elevation)
    w.pset(roof, "Pset_RoofCommon", {"IsExternal": True})

    ring = [local_to_map(x, y, eastings, northings, angle) for x, y in outline]
    green = green_areas(parcel, shapely.Polygon(ring), GREEN_SHARE * parcel_area)
    for i, poly in enumerate(green, start=1):
        local = [_map_to_local(x, y, eastings, northings, angle)
                 for x, y in poly.exterior.coords]
        space = w.entity("IfcSpace", f"绿地-{i}", "EXTERNAL")
        space.LongName, space.ObjectType = "集中绿地", "绿地"
        rep = ifcopenshell.api.geometry.add_slab_representation(
            f, context=body, depth=GREEN_THICKNESS, direction_sense="POSITIVE", polyline=local
        )
        ifcopenshell.api.geometry.assign_representation(f, product=space, representation=rep)
        ifcopenshell.api.aggregate.assign_object(f, products=[space], relating_object=site)
        w.place(space)
        w.qto(space, "Qto_SpaceBaseQuantities", {"NetFloorArea": round(float(poly.area), 2)})

    _stable_guids(f, seed, name)
    f.header.file_name.name = path.name
    f.header.file_name.organization = ("cimview sample city",)
    # A fixed time stamp keeps the file byte-for-byte the same for a seed.
    f.header.file_name.time_stamp = "2026-01-01T00:00:00"
    path.parent.mkdir(parents=True, exist_ok=True)
    f.write(str(path))

    return {
        "file": str(path),
        "schema": "IFC4",
        "storeys": n,
        "height": total_height,
        "footprint_area": round(footprint_area, 2),
        "gross_floor_area": round(gfa, 2),
        "eastings": eastings,
        "northings": northings,
        "orthogonal_height": conv.OrthogonalHeight,
        "rotation_deg": math.degrees(angle),
        "guid": project.GlobalId,
        "occupancy": plan["occupancy"],
        "footprint_wkt": shapely.Polygon(ring).wkt,
        "green_area": round(sum(float(g.area) for g in green), 2),
    }


def green_areas(parcel: shapely.Polygon, tower: shapely.Polygon, target: float
                ) -> list[shapely.Polygon]:
    """Lawns (EPSG:4547 polygons without holes) of about ``target`` m² in total: the parcel
    GREEN_INSET m inside its red line, less GREEN_CLEAR m around the tower, cut in two across
    the tower (so no lawn has a hole) and narrowed by paths until the target is met."""
    land = shapely.difference(parcel.buffer(-GREEN_INSET, join_style="mitre"),
                              tower.buffer(GREEN_CLEAR, join_style="mitre"))
    c = tower.centroid
    minx, miny, maxx, maxy = parcel.bounds
    span = 2 * (maxx - minx + maxy - miny)
    cut = shapely.LineString([(c.x - span, c.y), (c.x + span, c.y)])
    pieces = [g for g in shapely.get_parts(shapely.ops.split(land, cut)) if g.area > 1.0]

    def lawns(path: float) -> list[shapely.Polygon]:
        shrunk = shapely.get_parts(shapely.buffer(pieces, -path, join_style="mitre"))
        return [shapely.Polygon(g.exterior) for g in shrunk
                if g.geom_type == "Polygon" and g.area > 1.0]

    lo, hi = 0.0, 30.0
    for _ in range(40):  # bisection on the path width (bounded)
        mid = (lo + hi) / 2
        if sum(g.area for g in lawns(mid)) > target:
            lo = mid
        else:
            hi = mid
    return [shapely.Polygon(np.round(np.asarray(g.exterior.coords), 3)) for g in lawns(lo)]


def _map_to_local(
    x: float, y: float, eastings: float, northings: float, angle: float
) -> tuple[float, float]:
    """EPSG:4547 (E, N) to local engineering (x, y): the inverse of :func:`local_to_map`."""
    dx, dy = x - eastings, y - northings
    c, s = math.cos(angle), math.sin(angle)
    return (round(dx * c + dy * s, 3), round(-dx * s + dy * c, 3))


def _cross(a: tuple, b: tuple, c: tuple) -> float:
    """z of (b - a) x (c - b): negative at a clockwise (reflex) turn of a CCW outline."""
    return (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])


def _stable_guids(f: ifcopenshell.file, seed: int, name: str) -> None:
    """Replace random GlobalIds with ones derived from (seed, name) so reruns are identical."""
    for i, root in enumerate(f.by_type("IfcRoot")):
        u = uuid.uuid5(_GUID_NS, f"{seed}:{name}:{i}")
        root.GlobalId = ifcopenshell.guid.compress(u.hex)
