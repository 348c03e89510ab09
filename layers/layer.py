"""One layer of the map: where its features come from, how they are drawn, whether they show.

A :class:`Layer` is plain state with a ``changed`` signal; the viewer's view of the layer
subscribes to it and the layer panel edits it. Nothing here reads data or draws.

Kinds (one viewer view each): ``terrain``, ``imagery`` (draped on the terrain), ``buildings``
(extruded white models), ``solids`` (3D building solids), ``pipes``, ``glyphs`` (poles, pipe
points: instanced symbols), ``vectors`` (points as symbols; lines and polygons draped on the
terrain, or at their own z), ``bim``, ``review`` (the plan review's red line, shadows and
findings), ``tiles3d`` (a 3D Tiles tileset of the cache's registry, named by
``source.sublayer``: see :mod:`layers.tiles3d`).

Example
-------
>>> roads = Layer("roads", "vectors", Source(table="roads"), title="Roads")
>>> roads.visible = False          # emits roads.changed(roads, "visible")
>>> Layer.from_dict(roads.to_dict()).visible
False
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from layers import palette
from layers.events import Signal

RGB = tuple[int, int, int]
KINDS = ("terrain", "imagery", "buildings", "solids", "pipes", "glyphs", "vectors", "bim",
         "review", "tiles3d")
STYLE_MODES = ("single", "categorised", "graduated")


@dataclass(frozen=True)
class Source:
    """Where a layer's features come from: a table of the open cache, or a file.

    ``path`` is a GeoPackage, GeoJSON or Shapefile; ``sublayer`` names a GeoPackage table;
    ``crs`` overrides a file's missing or wrong CRS. ``table`` with no path is the cache's.
    """

    table: str | None = None
    path: str | None = None
    sublayer: str | None = None
    crs: str | None = None

    @property
    def in_cache(self) -> bool:
        return self.path is None and self.table is not None


@dataclass(frozen=True)
class StyleClass:
    """One class of a categorised (``value``) or graduated (``low`` ≤ v < ``high``) style."""

    rgb: RGB
    label: str = ""
    value: Any = None
    low: float | None = None
    high: float | None = None
    label_zh: str = ""

    def matches(self, v: Any) -> bool:
        if self.low is not None or self.high is not None:
            try:
                x = float(v)
            except (TypeError, ValueError):
                return False
            return ((self.low is None or x >= self.low)
                    and (self.high is None or x < self.high))
        return v == self.value or (v is not None and str(v) == str(self.value))


@dataclass(frozen=True)
class Style:
    """How a layer is drawn: one colour, a colour per category, or per range of a field.

    ``fill`` draws polygons filled (else outline only); ``outline`` is the outline colour
    (None: no outline); ``width_field`` draws lines as surfaces that wide (m, e.g. roads);
    ``label_field`` labels features near the camera (within ``label_distance`` m).
    """

    mode: str = "single"
    rgb: RGB = palette.LAYER_DEFAULT
    field: str | None = None
    classes: tuple[StyleClass, ...] = ()
    other_rgb: RGB = palette.LAYER_OTHER
    fill: bool = True
    fill_opacity: float = 1.0
    outline: RGB | None = None
    line_width: float = 2.0
    width_field: str | None = None
    point_size: float = 6.0
    label_field: str | None = None
    label_distance: float = 800.0

    def __post_init__(self) -> None:
        if self.mode not in STYLE_MODES:
            raise ValueError(f"style mode {self.mode!r} is not one of {STYLE_MODES}")

    def with_(self, **changes: Any) -> Style:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["classes"] = [{k: v for k, v in asdict(c).items() if v not in (None, "")}
                        for c in self.classes]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Style:
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in known}
        for key in ("rgb", "other_rgb", "outline"):
            if kw.get(key) is not None:
                kw[key] = tuple(int(c) for c in kw[key])
        kw["classes"] = tuple(StyleClass(**{**c, "rgb": tuple(int(v) for v in c["rgb"])})
                              for c in d.get("classes", ()))
        return cls(**kw)


_STATE = ("title", "visible", "opacity", "style", "filter", "source")


class Layer:
    """A layer's state; setting ``title``, ``visible``, ``opacity``, ``style``, ``filter`` or
    ``source`` emits ``changed(layer, name_of_what_changed)``.

    ``name`` is its key (unique in a :class:`layers.layerlist.LayerList`, stable across
    saves); ``title`` is what the user reads and may rename; ``filter`` is an expression
    over its fields (see :mod:`layers.expression`) or None.
    """

    def __init__(self, name: str, kind: str, source: Source | None = None, *,
                 title: str = "", title_zh: str = "", visible: bool = True,
                 opacity: float = 1.0, style: Style | None = None,
                 filter: str | None = None, group: str = "") -> None:  # noqa: A002
        if kind not in KINDS:
            raise ValueError(f"layer kind {kind!r} is not one of {KINDS}")
        self.changed = Signal()
        self.name = name
        self.kind = kind
        self.group = group
        self.title_zh = title_zh
        self._title = title or name
        self._source = source or Source()
        self._visible = bool(visible)
        self._opacity = float(opacity)
        self._style = style or Style()
        self._filter = filter

    def _set(self, attr: str, value: Any) -> None:
        if getattr(self, "_" + attr) == value:
            return
        setattr(self, "_" + attr, value)
        self.changed.emit(self, attr)

    def reread(self) -> None:
        """The layer's data changed in the cache (rows written): its view reads it again
        (``changed(layer, "source")``)."""
        self.changed.emit(self, "source")

    title = property(lambda s: s._title, lambda s, v: s._set("title", str(v)))
    source = property(lambda s: s._source, lambda s, v: s._set("source", v))
    visible = property(lambda s: s._visible, lambda s, v: s._set("visible", bool(v)))
    style = property(lambda s: s._style, lambda s, v: s._set("style", v))
    filter = property(lambda s: s._filter, lambda s, v: s._set("filter", v or None))

    @property
    def opacity(self) -> float:
        return self._opacity

    @opacity.setter
    def opacity(self, value: float) -> None:
        self._set("opacity", min(max(float(value), 0.0), 1.0))

    def label(self, lang: str = "zh_CN") -> str:
        """The title in the user's language (a renamed layer keeps the user's name)."""
        if lang.lower().startswith("zh") and self.title_zh and not getattr(self, "_renamed", 0):
            return self.title_zh
        return self._title

    def rename(self, title: str) -> None:
        """The user's name for the layer, in every language."""
        self._renamed = 1
        self.title_zh = title
        self.title = title

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "group": self.group,
                "title": self._title, "title_zh": self.title_zh,
                "renamed": bool(getattr(self, "_renamed", 0)),
                "source": {k: v for k, v in asdict(self._source).items() if v is not None},
                "visible": self._visible, "opacity": self._opacity,
                "style": self._style.to_dict(), "filter": self._filter}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Layer:
        layer = cls(d["name"], d["kind"], Source(**d.get("source", {})),
                    title=d.get("title", ""), title_zh=d.get("title_zh", ""),
                    visible=d.get("visible", True), opacity=d.get("opacity", 1.0),
                    style=Style.from_dict(d.get("style", {})), filter=d.get("filter"),
                    group=d.get("group", ""))
        if d.get("renamed"):
            layer._renamed = 1
        return layer

    def __repr__(self) -> str:
        return f"Layer({self.name!r}, {self.kind!r}, visible={self._visible})"


__all__ = ["KINDS", "Layer", "Source", "Style", "StyleClass", "field"]
