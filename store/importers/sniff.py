"""Recognise an input file from its content, not its name.

``detect(path, forced)`` returns one of :data:`KINDS`; a file whose content is not what its
extension (or ``--kind``) says raises InputError naming what it actually looks like, e.g.
``x.geojson: not GeoJSON: the file is a PNG image``.
"""

from __future__ import annotations

import re
from pathlib import Path

from store.errors import InputError
from store.messages import msg

#: format kind -> human name
KINDS = {
    "geojson": "GeoJSON", "cityjson": "CityJSON", "cityjsonseq": "CityJSONSeq",
    "gpkg": "GeoPackage", "shapefile": "Shapefile", "geotiff": "GeoTIFF",
    "csv": "CSV", "xlsx": "Excel", "epanet": "EPANET INP", "citygml": "CityGML",
    "filegdb": "File Geodatabase",
}
#: what each format becomes in the cache
IMPORTER = {"geojson": "footprints", "gpkg": "footprints", "shapefile": "footprints",
            "cityjson": "cityjson", "cityjsonseq": "cityjson", "citygml": "cityjson",
            "geotiff": "dem",
            "csv": "addresses", "xlsx": "addresses", "epanet": "pipelines",
            "filegdb": "footprints"}
_ALIASES = {"json": "geojson", "city.json": "cityjson", "jsonl": "cityjsonseq",
            "cityjsonl": "cityjsonseq", "geopackage": "gpkg", "shp": "shapefile",
            "tif": "geotiff", "tiff": "geotiff", "dem": "geotiff", "gml": "citygml",
            "gdb": "filegdb", "fgdb": "filegdb"}
_EXTENSIONS = {".geojson": "geojson", ".json": "geojson", ".jsonl": "cityjsonseq",
               ".gpkg": "gpkg", ".shp": "shapefile", ".tif": "geotiff", ".tiff": "geotiff",
               ".csv": "csv", ".xlsx": "xlsx", ".inp": "epanet", ".gml": "citygml",
               ".gdb": "filegdb"}
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
]
_HEAD = 65536


def normalise_kind(kind: str) -> str:
    """'GeoJSON', 'shp', 'dem' … -> a key of KINDS; 'footprints' stays (any vector format)."""
    k = kind.strip().lower()
    k = _ALIASES.get(k, k)
    if k not in KINDS and k not in ("footprints", "cityjson", "addresses", "pipelines",
                                     "pipe-points"):
        raise InputError(None, "unknown --kind {kind}; use one of {kinds}, footprints or dem",
                         kind=repr(kind), kinds=", ".join(KINDS))
    return k


def expected_kind(path: Path) -> str | None:
    """The kind the file's name suggests (None when the extension says nothing)."""
    name = path.name.lower()
    if name.endswith((".city.json", ".cityjson")):
        return "cityjson"
    if name.endswith((".gml.gz", ".citygml", ".citygml.gz")):
        return "citygml"
    return _EXTENSIONS.get(path.suffix.lower())


def is_filegdb(path: Path) -> bool:
    """Whether ``path`` is an Esri File Geodatabase: a folder of ``.gdbtable`` files (the
    folder's name ends in ``.gdb`` by convention, not by rule)."""
    return path.is_dir() and any(path.glob("*.gdbtable"))


def filegdb_of(path: Path) -> Path:
    """The File Geodatabase that holds ``path`` when it is one of its files (a file dialog
    cannot pick a folder), else ``path`` itself."""
    return path.parent if path.is_file() and is_filegdb(path.parent) and (
        path.parent.suffix.lower() == ".gdb") else path


def sniff(path: Path) -> tuple[str | None, str]:
    """(kind or None, what the content looks like) from the first bytes of the file."""
    if path.is_dir():
        return ("filegdb", "a File Geodatabase") if is_filegdb(path) else (None, "a folder")
    with open(path, "rb") as fh:
        head = fh.read(_HEAD)
    if head.startswith(b"\x1f\x8b"):  # gzip: what is inside (a compressed CityGML file)
        inner = _gunzip_head(path)
        if inner is not None and _is_citygml(_as_text(inner) or ""):
            return "citygml", "CityGML (gzip-compressed)"
    if not head.strip():
        return None, "an empty file" if not head else "an empty file (only whitespace)"
    if head.startswith(b"SQLite format 3\x00"):
        if head[68:72] == b"GPKG" or b"gpkg_contents" in head:
            return "gpkg", "a GeoPackage"
        return None, "an SQLite database (not a GeoPackage)"
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "geotiff", "a TIFF image"
    if head[:4] == b"\x00\x00'\n":  # 9994, the Shapefile main-file code
        return "shapefile", "a Shapefile"
    if head.startswith(b"PK\x03\x04") and _is_xlsx(path):
        return "xlsx", "an Excel workbook"
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return None, what
    text = _as_text(head)
    if text is None:
        return None, "binary data"
    body = text.lstrip("\ufeff \t\r\n")
    if path.suffix.lower() in (".csv", ".tsv", ".txt") and not body.startswith(("{", "[", "<")):
        return "csv", "a CSV table"
    if re.match(r"\[(TITLE|JUNCTIONS|PIPES|OPTIONS|RESERVOIRS)\]", body, re.IGNORECASE):
        return "epanet", "an EPANET (or SWMM) model"
    if body.startswith("<"):
        if _is_citygml(body):
            return "citygml", "CityGML"
        return None, "an XML document"
    if not body.startswith(("{", "[")):
        return None, "a text file, not JSON"
    first = body.split("\n", 1)[0]
    if re.search(r'"type"\s*:\s*"CityJSON"', first) and '"CityJSONFeature"' in body:
        return "cityjsonseq", "CityJSONSeq"
    if re.search(r'"type"\s*:\s*"CityJSONFeature"', first):
        return "cityjsonseq", "CityJSONSeq"
    if '"CityObjects"' in body or re.search(r'"type"\s*:\s*"(CityJSON|CityModel)"', body):
        return "cityjson", "CityJSON"
    if re.search(r'"type"\s*:\s*"(FeatureCollection|Feature)"', body) or re.search(
            r'"features"\s*:', body):
        return "geojson", "GeoJSON"
    if re.search(r'"type"\s*:\s*"(Multi)?(Polygon|Point|LineString)"', body):
        return "geojson", "GeoJSON"
    return None, "a JSON document that is neither GeoJSON nor CityJSON"


def _is_citygml(text: str) -> bool:
    body = text.lstrip("\ufeff \t\r\n")
    return body.startswith("<") and bool(re.search(r"opengis\.net/citygml|<(\w+:)?CityModel\b",
                                                   body[:8000]))


def _gunzip_head(path: Path) -> bytes | None:
    """The first bytes inside a gzip file, even one cut short (its importer then says so)."""
    import zlib

    with open(path, "rb") as fh:
        raw = fh.read(_HEAD)
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(raw, _HEAD)
    except zlib.error:
        return None


def _as_text(head: bytes) -> str | None:
    if b"\x00" in head:
        return None
    for cut in range(4):  # the head may end inside a multi-byte character
        try:
            return head[:len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
    try:
        text = head.decode("gb18030")
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:2000])
    return text if printable > 0.95 * min(len(text), 2000) else None


def _is_xlsx(path: Path) -> bool:
    """Whether a ZIP file is an Excel workbook (it holds ``xl/workbook.xml``)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return "xl/workbook.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def mislabelled(path: Path, kind: str) -> str | None:
    """A warning when the file's name promises another format than its content holds."""
    named = expected_kind(path)
    if named is None or named == kind or {named, kind} <= {"geojson", "cityjson"} or (
            {named, kind} <= {"cityjson", "cityjsonseq"}):
        return None
    return msg("the name says {named} ({suffix}) but the file holds {kind}; imported as {kind}",
               named=KINDS[named], suffix=path.suffix, kind=KINDS[kind])


def detect(path: Path, forced: str | None = None) -> str:
    """The kind of the file at path, from its content; InputError when it is not importable."""
    if path.suffix.lower() in (".dbf", ".shx", ".prj", ".cpg") and path.with_suffix(
            ".shp").exists():
        raise InputError(path, "part of a Shapefile: import the .shp file ({shp})",
                         shp=path.with_suffix(".shp").name)
    want = normalise_kind(forced) if forced else expected_kind(path)
    kind, what = sniff(path)
    if want in ("footprints", "pipelines", "pipe-points"):
        vector = ("geojson", "gpkg", "shapefile", "filegdb") + (
            ("epanet",) if want == "pipelines" else ())
        want = kind if kind in vector else "geojson"
    if want == "cityjson" and kind == "cityjsonseq":
        want = kind
    if want == "addresses":
        want = kind if kind in ("csv", "xlsx") else "csv"
    if kind is None:
        if want is None:
            raise InputError(path, "not a file cimview can import: the file is {what}",
                             what=what)
        raise InputError(path, "not {kind}: the file is {what}", kind=KINDS[want], what=what)
    if forced and want != kind:
        raise InputError(path, "not {kind}: the file is {what}", kind=KINDS[want], what=what)
    return kind
