"""The review in the window, without Qt: what the results dock lists and the 3D view draws.

:class:`ReviewSession` is ``CityModel.review``: the last :class:`~.result.ReviewResult`, what
it is drawn with (:class:`ReviewScene`: the red line, the setback line, the shadow casters and
the day's sun path), the finding selected in the dock, the shadow's time on the standard day,
and whether a review is running. Every change emits ``changed(names)`` once with the names of
the fields that changed; the dock and the review view (:mod:`viewer.views.review`) follow it.

Example
-------
>>> session = ReviewSession()
>>> seen = []
>>> _ = session.changed.connect(seen.append)
>>> session.update(running=True, progress=0.25)
>>> seen, session.running
([('running', 'progress')], True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

from layers.events import Signal
from layers.review.result import FAIL, PASS, Finding, ReviewResult
from layers.review.shadows import Prisms, mesh_shadows, prism_shadows

#: The sunlight rules whose receivers the view paints.
SUNLIGHT_RULES = ("sunlight_neighbours", "sunlight_own")
#: The legend's colours from short of the standard to well above it (dark red → blue-green).
RAMP = ((128, 0, 38), (215, 48, 39), (253, 141, 60), (166, 217, 106), (26, 152, 80),
        (35, 139, 160))
#: A receiver whose hours were not computed.
NOT_COMPUTED_RGB = (150, 150, 150)
#: Receivers by status: pass, fail (because of the proposal), existing (short already).
STATUS_RGB = {PASS: (26, 152, 80), FAIL: (215, 48, 39), "existing": (253, 174, 97)}


@dataclass(frozen=True)
class LegendClass:
    """One class of the sunlight legend: ``low`` ≤ hours < ``high`` (None: open)."""

    low: float | None
    high: float | None
    rgb: tuple[int, int, int]


def sunlight_legend(required: float = 3.0) -> list[LegendClass]:
    """The legend-keyed ramp of sunlight hours, one class boundary on the standard
    (``required`` h): up to three classes below it (boundaries at a third and two thirds of
    it, to the quarter hour), three at or above it.

    >>> [(c.low, c.high) for c in sunlight_legend(3.0)]
    [(None, 1.0), (1.0, 2.0), (2.0, 3.0), (3.0, 4.0), (4.0, 6.0), (6.0, None)]
    >>> [(c.low, c.high) for c in sunlight_legend(1.0)][:3]
    [(None, 0.25), (0.25, 0.75), (0.75, 1.0)]
    """
    r = max(float(required), 0.25)
    below = sorted({round(r * k / 3 * 4) / 4 for k in (1, 2)} - {0.0, r})
    lows: list[float | None] = [None, *below, r, r + 1.0, r + 3.0]
    highs: list[float | None] = [*lows[1:], None]
    colours = RAMP[3 - (len(below) + 1):]
    return [LegendClass(lo, hi, rgb) for lo, hi, rgb in zip(lows, highs, colours, strict=True)]


def hours_colours(hours: np.ndarray, legend: list[LegendClass]) -> np.ndarray:
    """The legend colour of each receiver's hours ((n, 3) uint8; NaN: not computed).

    >>> hours_colours(np.array([0.5, 3.0, np.nan]), sunlight_legend(3.0)).tolist()
    [[128, 0, 38], [166, 217, 106], [150, 150, 150]]
    """
    h = np.asarray(hours, float)
    highs = np.array([np.inf if c.high is None else c.high for c in legend])
    index = np.searchsorted(highs, np.where(np.isfinite(h), h, 0.0), side="right")
    rgb = np.array([c.rgb for c in legend], np.uint8)[np.minimum(index, len(legend) - 1)]
    rgb[~np.isfinite(h)] = NOT_COMPUTED_RGB
    return rgb


@dataclass
class DaySun:
    """The sun over the review's standard day at the site: Beijing-time minutes, unit vectors
    toward the sun in the map grid (n, 3), and the day and its window for the dock."""

    day: Any  # datetime.date
    bjt: np.ndarray
    directions: np.ndarray
    term: str = ""

    def at(self, minutes: float) -> np.ndarray:
        """The sun's direction at a Beijing time (minutes after midnight), interpolated."""
        d = np.array([np.interp(float(minutes), self.bjt, self.directions[:, k])
                      for k in range(3)])
        return d / max(float(np.linalg.norm(d)), 1e-12)

    @property
    def span(self) -> tuple[float, float]:
        return float(self.bjt[0]), float(self.bjt[-1])


@dataclass
class ReviewScene:
    """What the review is drawn with, besides its findings (cache CRS, metres).

    ``parcel`` the red line; ``setback`` where a building may stand (its outline is the
    setback line); ``footprint`` the proposal's outline; ``prisms`` the white models that cast
    shadows (the replaced ones left out); ``bim_vertices`` / ``bim_triangles`` /
    ``bim_element_of_triangle`` the proposal's mesh and ``ground`` its ground height;
    ``elements`` GlobalId → element id of the BIM; ``sun`` the day's sun (None: no sunlight
    rule, or the site has no latitude); ``grid`` the DEM to drape lines on (or None);
    ``replaced`` the fids of the white models the proposal replaces; ``bim_mass`` which
    triangles are the building's mass (cast shadows: not its site, spaces or openings)."""

    parcel: shapely.Geometry
    setback: shapely.Geometry
    footprint: shapely.Geometry
    prisms: Prisms
    bim_vertices: np.ndarray
    bim_triangles: np.ndarray
    bim_element_of_triangle: np.ndarray
    ground: float
    elements: dict[str, int] = field(default_factory=dict)
    sun: DaySun | None = None
    grid: Any = None
    required_hours: float = 3.0
    replaced: tuple[int, ...] = ()
    bim_mass: np.ndarray | None = None

    def shadow(self, sun: np.ndarray) -> shapely.Geometry:
        """The ground shadow of the city and the proposal at one sun direction."""
        mass = self.bim_mass if self.bim_mass is not None else slice(None)
        return shapely.union_all([
            prism_shadows(self.prisms, sun),
            mesh_shadows(self.bim_vertices, self.bim_triangles[mass],
                         self.bim_element_of_triangle[mass], self.ground, sun)])


class ReviewSession:
    """The review shown in the window (see the module docstring)."""

    FIELDS = ("result", "scene", "selected", "time", "running", "progress", "message",
              "shadows")

    def __init__(self) -> None:
        self.result: ReviewResult | None = None
        self.scene: ReviewScene | None = None
        self.selected: str | None = None  # the rule id of the finding selected
        self.time: float | None = None  # Beijing-time minutes of the shadow shown
        self.shadows = True  # the day's shadow drawn at ``time``
        self.running = False
        self.progress = 0.0
        self.message: Any = None  # the running check's Message
        self.changed = Signal()

    def update(self, **values: Any) -> None:
        """Change some fields; emits ``changed(names)`` once with the names that changed."""
        changed = []
        for k, v in values.items():
            if k not in self.FIELDS:
                raise AttributeError(f"ReviewSession has no field {k!r}")
            old = getattr(self, k)
            if old is not v and not (_plain(old) and _plain(v) and old == v):
                setattr(self, k, v)
                changed.append(k)
        if changed:
            self.changed.emit(tuple(changed))

    # -- what the window does ----------------------------------------------------------------
    def start(self) -> None:
        """A review starts: the last one's picture stays until the new one arrives."""
        self.update(running=True, progress=0.0, message=None)

    def finish(self, result: ReviewResult, scene: ReviewScene | None) -> None:
        """A review's result arrives: nothing selected, the shadow at the day's middle."""
        time = None
        if scene is not None and scene.sun is not None:
            lo, hi = scene.sun.span
            time = round((lo + hi) / 2)
        self.update(result=result, scene=scene, selected=None, time=time, running=False,
                    progress=1.0, message=None)

    def stopped(self) -> None:
        """The review ended without a result (cancelled or failed)."""
        self.update(running=False, progress=0.0, message=None)

    def clear(self) -> None:
        self.update(result=None, scene=None, selected=None, time=None, running=False,
                    progress=0.0, message=None)

    def select(self, rule: str | None) -> None:
        self.update(selected=rule)

    def set_time(self, minutes: float | None) -> None:
        """The shadow's Beijing time (minutes after midnight), kept within the day's window."""
        if minutes is not None and self.scene is not None and self.scene.sun is not None:
            lo, hi = self.scene.sun.span
            minutes = float(min(max(float(minutes), lo), hi))
        self.update(time=minutes)

    # -- what the views read -----------------------------------------------------------------
    @property
    def finding(self) -> Finding | None:
        """The finding selected in the dock, or None."""
        if self.result is None or self.selected is None:
            return None
        return self.result.finding(self.selected)

    def failing(self) -> list[Finding]:
        return [f for f in self.result.findings if f.status == FAIL] if self.result else []

    def shadow(self) -> shapely.Geometry | None:
        """The ground shadow at the session's time (None: no time, or no sun path)."""
        s = self.scene
        if s is None or s.sun is None or self.time is None or not self.shadows:
            return None
        return s.shadow(s.sun.at(self.time))

    def sun_at(self, minutes: float) -> np.ndarray | None:
        s = self.scene
        return None if s is None or s.sun is None else s.sun.at(minutes)

    def legend(self) -> list[LegendClass]:
        return sunlight_legend(self.scene.required_hours if self.scene else 3.0)


def _plain(v: Any) -> bool:
    """Whether ``==`` on ``v`` is a plain truth value (not an array's)."""
    return v is None or isinstance(v, str | int | float | bool | tuple)


def day_sun(crs: str, x: float, y: float, params: dict[str, Any], *,
            step_min: float = 5.0) -> DaySun:
    """The sun over a sunlight rule's standard day and window at map point (x, y), every
    ``step_min`` minutes, for the time slider (the rule's own step is for counting hours)."""
    from dataclasses import replace

    from layers.review.check_sunlight import SunlightParams, site_sun

    p = replace(SunlightParams.from_params(params), step_min=step_min)
    site = site_sun(crs, x, y, p)
    return DaySun(site.path.day, np.asarray(site.path.bjt, float), np.asarray(site.suns, float),
                  p.standard_day)


def review_scene(ctx: Any, ruleset: Any, result: ReviewResult | None = None, *,
                 reach: float = 400.0) -> ReviewScene:
    """What the view draws a review with, from its context (a :class:`~.context.
    ReviewContext`) and rule set: the red line, the setback line (road sides from the roads
    table), the shadow casters within ``reach`` m, the proposal's mesh, the day's sun."""
    from layers.review.redline import setback_area
    from layers.review.shadows import city_prisms
    from layers.review.site import road_edges
    from layers.terrain import dem_grid

    cache, parcel = ctx.cache, ctx.parcel_geom
    _, facing = road_edges(cache, parcel)
    setback = setback_area(parcel, facing, ctx.parcel.get("setback_road"),
                           ctx.parcel.get("setback_side"))
    g = ctx.model.geometry
    vertices = ctx.map_vertices
    ground = float(vertices[:, 2].min()) if len(vertices) else 0.0
    rules = {r.check: r for r in ruleset.rules}
    sun_rule = next((rules[c] for c in SUNLIGHT_RULES if c in rules), None)
    required = 3.0
    sun = None
    if sun_rule is not None:
        required = float(sun_rule.limit_for(ctx.parcel) or required)
        c = ctx.footprint.centroid if not ctx.footprint.is_empty else parcel.centroid
        try:
            sun = day_sun(ctx.crs, c.x, c.y, sun_rule.params)
        except Exception:  # noqa: BLE001 - no slider then; the check says what is wrong
            sun = None
    elements = {e.guid: int(i) for i, e in ctx.model.elements.items() if e.guid}
    from layers.bim import NOT_MASS

    classes = {int(i): e.ifc_class for i, e in ctx.model.elements.items()}
    owner = np.asarray(g.element_of_triangle)
    mass = np.array([classes.get(int(e)) not in NOT_MASS for e in owner], dtype=bool)
    outline = ctx.footprint if not ctx.footprint.is_empty else parcel
    return ReviewScene(
        parcel=parcel, setback=setback, footprint=ctx.footprint,
        prisms=city_prisms(cache, outline, reach, set(ctx.replaced)),
        bim_vertices=np.asarray(vertices, float), bim_triangles=np.asarray(g.triangles),
        bim_element_of_triangle=owner, bim_mass=mass, ground=ground,
        elements=elements, sun=sun, grid=dem_grid(cache), required_hours=required,
        replaced=tuple(int(f) for f in ctx.replaced))


def finding_target(finding: Finding, scene: ReviewScene | None, result: ReviewResult | None
                   ) -> tuple[np.ndarray, float] | None:
    """A finding's place and size: its ``location``, else the middle of what it shows (edges,
    neighbour buildings, receivers, failing elements), else the proposal's footprint."""
    points: list[np.ndarray] = []
    shapes = finding.shapes or {}
    for edge in shapes.get("edges") or []:
        e = np.asarray(edge, float)
        if e.ndim == 2 and e.shape[1] >= 2:
            points.append(np.column_stack([e[:, :2], e[:, 2] if e.shape[1] > 2 else
                                           np.full(len(e), np.nan)]))
    if scene is not None and shapes.get("buildings"):
        wanted = {int(f) for f in shapes["buildings"]}
        p = scene.prisms
        for outline, base, top, fid in zip(p.outlines, p.base, p.top, p.fids, strict=True):
            if int(fid) in wanted:
                b = outline.bounds
                points.append(np.array([[b[0], b[1], base], [b[2], b[3], top]]))
    sun = result.sunlight if result is not None else None
    if sun is not None and shapes.get("receivers"):
        i = [int(v) for v in shapes["receivers"] if 0 <= int(v) < len(sun)]
        if i:
            points.append(np.asarray(sun.points, float)[i])
    if scene is not None and finding.elements:
        ids = [scene.elements[g] for g in finding.elements if g in scene.elements]
        keep = np.isin(scene.bim_element_of_triangle, ids)
        if keep.any():
            points.append(np.asarray(scene.bim_vertices)[np.unique(scene.bim_triangles[keep])])
    if finding.location is not None and not points:
        return np.asarray(finding.location, float), 40.0
    if not points and scene is not None and not scene.footprint.is_empty:
        b = scene.footprint.bounds
        points.append(np.array([[b[0], b[1], scene.ground], [b[2], b[3], scene.ground]]))
    if not points:
        return None
    xyz = np.vstack(points)
    lo, hi = np.nanmin(xyz, axis=0), np.nanmax(xyz, axis=0)
    centre = (lo + hi) / 2
    if not np.isfinite(centre[2]):
        centre[2] = scene.ground if scene is not None else 0.0
    size = float(np.nanmax(np.nan_to_num(hi - lo)))
    if finding.location is not None:  # looked at from its location: all of it around that
        centre = np.asarray(finding.location, float)
        reach = np.nan_to_num(np.maximum(np.abs(lo - centre), np.abs(hi - centre)))
        size = max(size, 2 * float(np.max(reach)))
    return centre, size


def facing_bearing(finding: Finding, result: ReviewResult | None) -> float | None:
    """Where to look at a finding's receivers from: the bearing (degrees clockwise from grid
    north) their facades face, the mean of their outward normals; None without receivers.

    >>> from layers.review.result import SunlightReceivers
    >>> r = ReviewResult(model={}, ruleset={}, parcel={}, crs="")
    >>> r.sunlight = SunlightReceivers(np.zeros((2, 3)), np.array([[0.0, -1, 0], [0, -1, 0]]),
    ...     np.zeros(2), np.ones(2), np.ones(2), ["pass", "pass"])
    >>> facing_bearing(Finding("s", "pass", shapes={"receivers": [0, 1]}), r)
    180.0
    """
    sun = result.sunlight if result is not None else None
    chosen = (finding.shapes or {}).get("receivers") or []
    if sun is None or not chosen:
        return None
    i = [int(v) for v in chosen if 0 <= int(v) < len(sun)]
    n = np.asarray(sun.normals, float)[i, :2].sum(axis=0) if i else np.zeros(2)
    if not np.isfinite(n).all() or np.hypot(*n) < 1e-9:
        return None
    return float(np.degrees(np.arctan2(n[0], n[1])) % 360.0)
