"""What an import needs to be told that the command line gives as options: which layer of a
file of several (``--layer``), and the header file of a CityJSON Text Sequence that has none
(``--metadata``). The window asks the user these before it starts an import.

Examples
--------
>>> from pathlib import Path
>>> layers_of(Path("no-such.gpkg"))
[]
"""

from __future__ import annotations

import json
from pathlib import Path

from store.importers.sniff import is_filegdb

#: the shape of geometry each ``--as`` reads ("polygon" for buildings)
SHAPE_OF = {"pipelines": "line", "pipe-points": "point"}


def layers_of(path: Path) -> list[tuple[str, str]]:
    """(name, geometry type) of each layer of a GeoPackage or File Geodatabase; [] for any
    other file, or one GDAL cannot list (the import then says why)."""
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError

    if not (is_filegdb(path) or (path.is_file() and path.suffix.lower() == ".gpkg")):
        return []
    try:
        return [(str(name), str(geom)) for name, geom in pyogrio.list_layers(path)]
    except (DataSourceError, DataLayerError, OSError):
        return []


def likely_layer(layers: list[tuple[str, str]], kind: str | None) -> int:
    """The index of the first layer of the shape an import of ``kind`` reads (0 if none)."""
    shape = SHAPE_OF.get(kind or "", "polygon")
    return next((i for i, (_, geom) in enumerate(layers) if shape in geom.lower()), 0)


def needs_header(path: Path) -> bool:
    """Whether ``path`` is a CityJSON Text Sequence whose first line is a feature, not the
    CityJSON header (its header is then in a file of its own, such as metadata.city.json)."""
    if path.suffix.lower() not in (".jsonl", ".cityjsonl", ".jsonseq"):
        return False
    try:
        with open(path, "rb") as fh:
            first = b""
            while not first.strip():
                line = fh.readline(1 << 24)
                if not line:
                    return False
                first = line
        doc = json.loads(first.decode("utf-8-sig").strip().lstrip("\x1e"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get("type") == "CityJSONFeature"


__all__ = ["SHAPE_OF", "layers_of", "likely_layer", "needs_header"]
