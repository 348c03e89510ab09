"""An EPANET network (``.inp``) as a water supply pipeline survey.

EPANET files hold no CRS: their ``[COORDINATES]`` are in whatever the modeller drew in (a
projected CRS for a real network such as Kentucky's ky4, canvas units for the examples), so the
import needs ``--crs`` / ``--source-crs``. Pipes are ``[PIPES]`` (id, nodes, length, diameter),
drawn from their start node's coordinates through their ``[VERTICES]`` to their end node's.
Diameters are in inches for US flow units (GPM, CFS, MGD, IMGD, AFD) and mm for SI ones, as the
``[OPTIONS]`` ``Units`` says. An EPA SWMM model (``[CONDUITS]``, ``[SUBCATCHMENTS]``) is not an
EPANET network and is refused as such.

Examples
--------
>>> sections("[PIPES]\\n P1 J1 J2 10 12 100 ;c\\n")["PIPES"]
[['P1', 'J1', 'J2', '10', '12', '100']]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely

from store.errors import InputError
from store.importers import footprints
from store.importers.options import ImportOptions
from store.importers.report import ImportReport
from store.messages import Message, msg

#: Flow units whose pipe diameters are in inches (EPANET 2.2 manual); the others use mm.
US_UNITS = {"CFS", "GPM", "MGD", "IMGD", "AFD"}
#: The largest .inp file read (bytes).
MAX_BYTES = 200 * 1024 * 1024


def sections(text: str) -> dict[str, list[list[str]]]:
    """Rows of each ``[SECTION]`` of an INP text: whitespace-split fields, comments dropped."""
    out: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for line in text.splitlines():
        body = line.split(";", 1)[0].strip()
        if not body:
            continue
        if body.startswith("[") and body.endswith("]"):
            current = out.setdefault(body[1:-1].strip().upper(), [])
            continue
        if current is not None:
            current.append(body.split())
    return out


def read(path: Path, kind: str, options: ImportOptions, report: ImportReport
         ) -> footprints.FootprintSource:
    """The network's pipes as lines with EPANET's fields (the ``epanet`` profile reads them);
    ``kind`` is ``epanet``."""
    del kind, options
    if path.stat().st_size > MAX_BYTES:
        raise InputError(path, "larger than {limit} bytes: not an EPANET file cimview reads",
                         limit=MAX_BYTES)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    parts = sections(text)
    if "CONDUITS" in parts or "SUBCATCHMENTS" in parts:
        raise InputError(path, "an EPA SWMM model (drainage: conduits, subcatchments), not an "
                               "EPANET network: cimview does not import SWMM models yet")
    if "PIPES" not in parts:
        raise InputError(path, "not an EPANET network: no [PIPES] section")
    units = next((r[1].upper() for r in parts.get("OPTIONS", []) if len(r) > 1
                  and r[0].upper() == "UNITS"), "GPM")
    to_m = 0.0254 if units in US_UNITS else 0.001
    coords = {r[0]: (float(r[1]), float(r[2])) for r in parts.get("COORDINATES", [])
              if len(r) >= 3 and _numeric(r[1:3])}
    vertices: dict[str, list[tuple[float, float]]] = {}
    for r in parts.get("VERTICES", []):
        if len(r) >= 3 and _numeric(r[1:3]):
            vertices.setdefault(r[0], []).append((float(r[1]), float(r[2])))
    ids, geoms, attrs = [], [], []
    unreadable: dict[int, Message] = {}
    for i, r in enumerate(parts["PIPES"]):
        if len(r) < 5:
            ids.append(r[0] if r else str(i))
            geoms.append(None)
            attrs.append({})
            unreadable[i] = msg("a [PIPES] row with fewer than 5 fields")
            continue
        pid, a, b = r[0], r[1], r[2]
        ids.append(pid)
        attrs.append({"name": pid, "start_node_name": a, "end_node_name": b,
                      "diameter": float(r[4]) * to_m if _numeric([r[4]]) else None})
        if a not in coords or b not in coords:
            geoms.append(None)
            unreadable[i] = msg("a node without [COORDINATES]")
            continue
        geoms.append(shapely.LineString([coords[a], *vertices.get(pid, []), coords[b]]))
    report.format = f"EPANET INP ({units})"
    return footprints.FootprintSource(path, ids, np.array(geoms, dtype=object), attrs, None,
                                      unreadable)


def _numeric(values: list[str]) -> bool:
    try:
        [float(v) for v in values]
    except ValueError:
        return False
    return True


__all__ = ["read", "sections"]
