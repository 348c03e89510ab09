"""The map a cache opens with when it has none saved: one layer per thing it holds.

Which tables become which layers, in which order (top of the panel first), is here; how
each is drawn is data, ``resources/styles/layers/<name>.json`` (see that folder's README).
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from layers.layer import Layer, Source, Style, StyleClass
from resources import ROOT, dictionary

if TYPE_CHECKING:
    from store.cache import Cache

LAYER_STYLES = ROOT / "styles" / "layers"

#: name, kind, table (None: a raster), visible by default, zh title, en title; panel order.
DEFAULTS: tuple[tuple[str, str, str | None, bool, str, str], ...] = (
    ("observations", "vectors", "cimview_observations", True, "现场记录", "Field observations"),
    ("addresses", "vectors", "addresses", False, "标准地址", "Addresses"),
    ("poles", "glyphs", "poles", True, "智慧杆", "Smart poles"),
    ("pipe_points", "glyphs", "pipe_points", True, "管点", "Pipe points"),
    ("pipelines", "pipes", "pipelines", True, "管线", "Pipelines"),
    ("buildings", "buildings", "buildings", True, "白模", "Buildings"),
    ("building_solids", "solids", "building_solids", True, "建筑LOD2几何", "Building solids"),
    ("roads", "vectors", "roads", True, "道路", "Roads"),
    ("water", "vectors", "water", True, "水系", "Water"),
    ("parcels", "vectors", "parcels", True, "地块", "Parcels"),
    ("imagery", "imagery", None, True, "影像", "Imagery"),
    ("terrain", "terrain", None, True, "地形", "Terrain"),
)


@cache
def _shipped(name: str) -> dict[str, Any]:
    path = LAYER_STYLES / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@cache
def default_style(name: str) -> Style:
    """The shipped style of a layer (``resources/styles/layers/<name>.json``), or plain grey."""
    data: dict[str, Any] = dict(_shipped(name))
    if not data:
        return Style()
    if data.get("classes_from", {}).get("style"):  # a colour table of resources/styles
        from layers.style import load_style

        data["classes"] = [{"value": r.key, "rgb": list(r.rgb), "label": r.label_en,
                            "label_zh": r.label_zh}
                           for r in load_style(data.pop("classes_from")["style"])]
    if data.get("classes_from"):  # a dictionary's rows: {"dictionary", "value", "rgb", ...}
        spec = data.pop("classes_from")
        rows = dictionary(spec["dictionary"])
        data["classes"] = [
            {"value": r[spec["value"]], "rgb": [int(v) for v in r[spec["rgb"]].split(",")],
             "label": r.get(spec.get("label", ""), ""),
             "label_zh": r.get(spec.get("label_zh", ""), "")}
            for r in rows if r.get(spec["rgb"])]
    return Style.from_dict(data)


def _has_rows(cache: Cache, table: str) -> bool:
    from sqlalchemy import text

    with cache.engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type='table' AND name=:t"),
                             {"t": table}).first()
        if not found:
            return False
        return conn.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1')).first() is not None


def default_layers(cache: Cache) -> list[Layer]:
    """The layers a new map of ``cache`` shows: what it holds, in the shipped styles."""
    rasters = {"terrain": cache.raster_info("dem") is not None,
               "imagery": cache.raster_info("ortho") is not None}
    out: list[Layer] = []
    for name, kind, table, visible, zh, en in DEFAULTS:
        if name == "imagery":  # 3D Tiles (reality meshes …) above the terrain and its imagery
            out.extend(_tileset_layers(cache, {d[0] for d in DEFAULTS}))
        present = rasters[name] if table is None else _has_rows(cache, table)
        if not present and name not in ("observations",):
            continue
        source = Source(table=table) if table else Source()
        out.append(Layer(name, kind, source, title=en, title_zh=zh, visible=visible,
                         opacity=float(_shipped(name).get("opacity", 1.0)),
                         style=default_style(name)))
    return out


def _tileset_layers(cache: Cache, taken: set[str]) -> list[Layer]:
    """One ``tiles3d`` layer per row of the cache's tileset registry (a name already taken
    by a default layer is skipped)."""
    from layers.tiles3d import tileset_layers

    return [layer for layer in tileset_layers(cache) if layer.name not in taken]


__all__ = ["DEFAULTS", "default_layers", "default_style", "StyleClass"]
