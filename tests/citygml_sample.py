"""Small CityGML documents for the tests and the memory benchmark: LoD2 gable houses, each with
boundary surfaces (ground, four walls, two roofs) and an LoD2 solid made of XLinks to them."""

from __future__ import annotations

from collections.abc import Iterator

NS = {
    "2.0": ('xmlns="http://www.opengis.net/citygml/2.0" '
            'xmlns:core="http://www.opengis.net/citygml/2.0" '
            'xmlns:bldg="http://www.opengis.net/citygml/building/2.0" '
            'xmlns:gen="http://www.opengis.net/citygml/generics/2.0" '
            'xmlns:gml="http://www.opengis.net/gml" '
            'xmlns:xlink="http://www.w3.org/1999/xlink"'),
}


def _ring(points: list[tuple[float, float, float]], lat_first: bool) -> str:
    pts = [*points, points[0]]
    if lat_first:
        pts = [(y, x, z) for x, y, z in pts]
    return " ".join(f"{a:.9f} {b:.9f} {c:.3f}" for a, b, c in pts)


def house(i: int, x: float, y: float, *, w: float = 10.0, d: float = 8.0, eaves: float = 6.0,
          ridge: float = 9.0, lat_first: bool = False, scale: float = 1.0,
          part: bool = False) -> str:
    """One gable house at (x, y): its ``cityObjectMember`` element. ``scale`` turns metres
    into degrees for a geographic CRS."""
    s = scale
    a, b, c, e = (x, y, 0.0), (x + w * s, y, 0.0), (x + w * s, y + d * s, 0.0), (x, y + d * s, 0.0)

    def up(p: tuple[float, float, float], z: float) -> tuple[float, float, float]:
        return (p[0], p[1], z)

    r1, r2 = (x, y + d * s / 2, ridge), (x + w * s, y + d * s / 2, ridge)
    faces = {
        "GroundSurface": [[a, e, c, b]],
        "WallSurface": [[a, b, up(b, eaves), up(a, eaves)],
                        [b, c, up(c, eaves), r2, up(b, eaves)],
                        [c, e, up(e, eaves), up(c, eaves)],
                        [e, a, up(a, eaves), r1, up(e, eaves)]],
        "RoofSurface": [[up(a, eaves), up(b, eaves), r2, r1],
                        [up(c, eaves), up(e, eaves), r1, r2]],
    }
    bounded, refs, n = [], [], 0
    for kind, rings in faces.items():
        for ring in rings:
            n += 1
            pid = f"b{i}_p{n}"
            refs.append(f'<gml:surfaceMember xlink:href="#{pid}"/>')
            bounded.append(
                f'<bldg:boundedBy><bldg:{kind} gml:id="b{i}_s{n}"><bldg:lod2MultiSurface>'
                f'<gml:MultiSurface><gml:surfaceMember><gml:Polygon gml:id="{pid}">'
                f'<gml:exterior><gml:LinearRing><gml:posList srsDimension="3">'
                f'{_ring(ring, lat_first)}</gml:posList></gml:LinearRing></gml:exterior>'
                f'</gml:Polygon></gml:surfaceMember></gml:MultiSurface>'
                f'</bldg:lod2MultiSurface></bldg:{kind}></bldg:boundedBy>')
    solid = (f'<bldg:lod2Solid><gml:Solid><gml:exterior><gml:CompositeSurface>{"".join(refs)}'
             f'</gml:CompositeSurface></gml:exterior></gml:Solid></bldg:lod2Solid>')
    attrs = (f'<gml:name>房屋{i}</gml:name>'
             f'<gen:stringAttribute name="code"><gen:value>GZ-{i:05d}</gen:value>'
             f'</gen:stringAttribute>'
             f'<gen:intAttribute name="units"><gen:value>{i % 7 + 1}</gen:value>'
             f'</gen:intAttribute>'
             f'<bldg:measuredHeight uom="m">{ridge}</bldg:measuredHeight>'
             f'<bldg:storeysAboveGround>2</bldg:storeysAboveGround>')
    body = f'{attrs}{solid}{"".join(bounded)}'
    if part:  # the same house as a BuildingPart of an otherwise empty Building
        body = (f'<gml:name>房屋{i}</gml:name><bldg:consistsOfBuildingPart>'
                f'<bldg:BuildingPart gml:id="b{i}_part">{body}</bldg:BuildingPart>'
                f'</bldg:consistsOfBuildingPart>')
    return (f'<cityObjectMember><bldg:Building gml:id="b{i}">{body}</bldg:Building>'
            f'</cityObjectMember>')


def document(members: Iterator[str] | list[str], srs: str = "EPSG:32649",
             version: str = "2.0") -> Iterator[str]:
    """A CityModel around ``members``, as chunks of text (for files of any size)."""
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield f'<CityModel {NS[version]}>\n'
    yield (f'<gml:boundedBy><gml:Envelope srsName="{srs}" srsDimension="3">'
           f'<gml:lowerCorner>0 0 0</gml:lowerCorner><gml:upperCorner>1 1 1</gml:upperCorner>'
           f'</gml:Envelope></gml:boundedBy>\n')
    for m in members:
        yield m + "\n"
    yield "</CityModel>\n"
