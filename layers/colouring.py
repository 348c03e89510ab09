"""The one owner of building colours: theme < filter < highlight, and the legend that says so.

Three things colour buildings: a housing theme (a :class:`layers.style.Classification`), the
housing filter (matches keep their theme colour, the rest turn grey) and a highlight (the
buildings a sync just changed). They used to paint the scene in turn and the last one won;
now they combine here into one Classification, and both the scene's colours and the legend
are read from it, so they cannot disagree.

Example
-------
>>> import numpy as np
>>> c = BuildingColouring()
>>> c.set_highlight(np.array([3]), (255, 0, 255), "同步更新", "changed by the sync",
...                 all_fids=np.arange(1, 6))
>>> fids, rgb = c.colours()
>>> rgb[fids == 3].tolist()
[[255, 0, 255]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from layers import palette
from layers.events import Signal
from layers.housing import FilterResult, filtered
from layers.style import RGB, Classification, LegendEntry

#: Buildings outside every class while something is highlighted: the white model's colour.
PLAIN_RGB: RGB = palette.WHITE_MODEL


@dataclass(frozen=True)
class Highlight:
    fids: np.ndarray
    rgb: RGB
    label_zh: str
    label_en: str
    all_fids: np.ndarray


class BuildingColouring:
    """Theme, filter and highlight of the buildings layer; ``changed()`` after any change."""

    def __init__(self) -> None:
        self.changed = Signal()
        self.theme: Classification | None = None
        self.filter: FilterResult | None = None
        self._filter_all: np.ndarray | None = None
        self._filter_words = ("", "")
        self.highlight: Highlight | None = None

    def set_theme(self, theme: Classification | None) -> None:
        self.theme = theme
        self.changed.emit()

    def set_filter(self, result: FilterResult | None, all_fids: np.ndarray | None = None,
                   description_zh: str = "", description_en: str = "") -> None:
        """Filter the buildings (None: no filter); ``all_fids`` are every building's fids."""
        self.filter = result
        self._filter_all = None if all_fids is None else np.asarray(all_fids, np.int64)
        self._filter_words = (description_zh, description_en)
        self.changed.emit()

    def set_highlight(self, fids: np.ndarray | None, rgb: RGB = palette.HIGHLIGHT,
                      label_zh: str = "", label_en: str = "",
                      all_fids: np.ndarray | None = None) -> None:
        """Colour these buildings on top of theme and filter (None or empty: no highlight)."""
        if fids is None or not len(fids):
            self.highlight = None
        else:
            every = np.asarray(all_fids if all_fids is not None else fids, np.int64)
            self.highlight = Highlight(np.asarray(fids, np.int64), tuple(rgb), label_zh,
                                       label_en, every)
        self.changed.emit()

    def clear(self) -> None:
        self.theme, self.filter, self.highlight = None, None, None
        self.changed.emit()

    @property
    def active(self) -> bool:
        return self.theme is not None or self.filter is not None or self.highlight is not None

    def legend(self) -> Classification | None:
        """Every coloured building with its legend class; None when all are white models."""
        base = self.theme
        if self.filter is not None:
            every = self._filter_all
            if every is None:
                every = self.theme.fids if self.theme is not None else self.filter.fids
            base = filtered(self.filter, every, self.theme, *self._filter_words)
        h = self.highlight
        if h is None:
            return base
        if base is None:
            fids = np.union1d(h.all_fids, h.fids)
            classes = np.full(len(fids), -1, np.int16)
            legend: list[LegendEntry] = []
            title = ("同步更新", "Changed by the sync")
            note = ("", "")
        else:
            fids, classes = base.fids.copy(), base.classes.copy()
            legend = list(base.legend)
            title, note = (base.title_zh, base.title_en), (base.note_zh, base.note_en)
            extra = np.setdiff1d(h.fids, fids)
            fids = np.concatenate([fids, extra])
            classes = np.concatenate([classes, np.full(len(extra), -1, np.int16)])
        hit = np.isin(fids, h.fids)
        legend.append(LegendEntry("highlight", h.label_zh or "高亮", h.label_en or "highlighted",
                                  h.rgb, int(hit.sum())))
        classes[hit] = len(legend) - 1
        return Classification(fids, classes, legend, title[0], title[1], note[0], note[1])

    def colours(self) -> tuple[np.ndarray, np.ndarray] | None:
        """(fids, (n, 3) uint8) for the scene, or None: every building a white model.
        Buildings in no class keep the white model's colour when only a highlight is on."""
        legend = self.legend()
        if legend is None:
            return None
        no_class = PLAIN_RGB if self.theme is None and self.filter is None else None
        rgb = legend.colors() if no_class is None else legend.colors(no_class)
        return legend.fids, rgb
