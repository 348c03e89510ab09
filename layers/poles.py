"""The smart-pole theme (智慧杆): poles coloured by status, and a pole with its mounted devices.

Pole status colours: ``resources/styles/pole_status.csv``; device status colours (codes of
``device_status.csv``): ``resources/styles/device_status.csv``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from layers.style import (
    NO_CLASS_RGB,
    Classification,
    LegendEntry,
    class_index,
    classification,
    load_style,
    read_values,
    style_colors,
)
from resources import lookup
from store.cache import NOW, Cache, Features

POLE_COLUMNS = ("gid", "code", "road_name", "side", "pole_type", "height", "owner", "operator",
                "install_year", "status")
DEVICE_COLUMNS = ("gid", "device_type_code", "device_type", "model", "mount_height", "network",
                  "status_code", "status", "installed_on")


def classify(cache: Cache) -> Classification:
    """Every pole classified by its status; statuses not in the colour table: no class."""
    fids, cols = read_values(cache, "poles", ["status"])
    rows = load_style("pole_status")
    classes = class_index([s.strip() if s else None for s in cols["status"]],
                          [r.key for r in rows])
    return classification(fids, classes, [(r.key, r.label_zh, r.label_en, r.rgb) for r in rows],
                          "智慧杆状态", "Pole status")


def pole_with_devices(cache: Cache, fid: int) -> dict[str, Any]:
    """A clicked pole: its attributes, position, status colour and mounted devices.

    Devices (highest first) carry type (code, name, English name), model, mount height (m),
    network, status (code, name, colour) and installation date. KeyError for an unknown fid.
    """
    poles = cache.read("poles", POLE_COLUMNS, where="t.fid = :fid", params={"fid": int(fid)})
    if not len(poles):
        raise KeyError(f"no pole with fid {fid}")
    pole: dict[str, Any] = {"fid": int(fid)}
    pole.update({c: v[0] for c, v in poles.columns.items()})
    pt = poles.geoms[0]
    pole["xyz"] = (pt.x, pt.y, pt.z if pt.has_z else None) if pt is not None else None
    pole["status_rgb"] = style_colors("pole_status").get(pole["status"] or "", NO_CLASS_RGB)
    pole["status_en"] = {r.key: r.label_en for r in load_style("pole_status")}.get(
        pole["status"] or "", "")
    fids, cols = read_values(cache, "pole_devices", DEVICE_COLUMNS, where="t.pole_gid = :g",
                             params={"g": pole["gid"]})
    types = lookup("pole_device_types")
    status_names = lookup("device_status")
    status_rgb = style_colors("device_status")
    devices = []
    for i, dfid in enumerate(fids.tolist()):
        d = {c: cols[c][i] for c in DEVICE_COLUMNS}
        code = d["device_type_code"] or ""
        scode = "" if d["status_code"] is None else str(d["status_code"])
        devices.append({
            "fid": dfid, "gid": d["gid"], "type_code": code,
            "type": d["device_type"] or types.get(code, {}).get("name", code),
            "type_en": types.get(code, {}).get("name_en", ""),
            "model": d["model"], "mount_height": d["mount_height"], "network": d["network"],
            "status_code": d["status_code"],
            "status": d["status"] or status_names.get(scode, {}).get("name", scode),
            "status_en": status_names.get(scode, {}).get("name_en", ""),
            "status_rgb": status_rgb.get(scode, NO_CLASS_RGB),
            "installed_on": d["installed_on"],
        })
    devices.sort(key=lambda d: -(d["mount_height"] or 0.0))
    pole["devices"] = devices
    return pole


#: Device-count classes: (key, lowest count, colour) — more mounted devices, deeper blue.
_DEVICE_CLASSES = (("≤2", 0, (198, 219, 239)), ("3", 3, (107, 174, 214)),
                   ("4", 4, (33, 113, 181)), ("≥5", 5, (8, 48, 107)))


def classify_by_devices(cache: Cache) -> Classification:
    """Every pole classified by how many devices it carries (多杆合一: how much it merges)."""
    from sqlalchemy import text

    fids, _ = read_values(cache, "poles", [])
    with cache.engine.connect() as conn:
        counts = dict(conn.execute(text(
            "SELECT p.fid, count(d.fid) FROM poles p LEFT JOIN pole_devices d "
            "ON d.pole_gid = p.gid GROUP BY p.fid")).all())
    n = np.array([counts.get(int(f), 0) for f in fids])
    lows = np.array([low for _, low, _ in _DEVICE_CLASSES])
    classes = (np.searchsorted(lows, n, side="right") - 1).astype(np.int16)
    legend = [LegendEntry(key, f"{key}台设备", f"{key} devices", rgb,
                          int((classes == i).sum()))
              for i, (key, _, rgb) in enumerate(_DEVICE_CLASSES)]
    return Classification(np.asarray(fids, np.int64), classes, legend, "挂载设备数量",
                          "Mounted devices")


#: The colour of a pole whose status is not in ``resources/styles/pole_status.csv``.
UNKNOWN_STATUS_RGB = NO_CLASS_RGB


def status_colours(statuses: list[str | None]) -> np.ndarray:
    """(n, 3) uint8 colours of poles by status, from ``resources/styles/pole_status.csv``
    (the one table of pole colours; the legend reads it too)."""
    table = style_colors("pole_status")
    return np.array([table.get((s or "").strip(), UNKNOWN_STATUS_RGB) for s in statuses],
                    dtype=np.uint8).reshape(-1, 3)


def pole_rows(cache: Cache, bbox: tuple[float, float, float, float] | None = None,
              fids: Iterable[int] | None = None, at: str = NOW) -> Features:
    """Every pole (within bbox, among ``fids``) with its status and height (what the 3D view
    draws), standing ``at`` (:meth:`store.cache.Cache.read`)."""
    from layers.pipelines import fid_filter

    where, params = fid_filter(fids)
    return cache.read("poles", ("status", "height"), bbox=bbox, where=where, params=params,
                      at=at)
