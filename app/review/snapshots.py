"""The review report's pictures, rendered off screen by the viewer's own views.

:func:`take_snapshots` draws the city as the window does (a :class:`layers.model.CityModel`
with the map's layers, the proposal as its ``bim`` layer and the review as its ``review``
layer), without a window, so ``cimview review`` makes the same pictures as the window shows:

- ``overview``: the proposal on its parcel, red line and setback line, from the south-west;
- one per failing rule (``finding``): the camera on the finding as a click in the results
  dock puts it, the too-close edge, neighbour buildings, receivers or elements highlighted;
- ``sunlight``: the receivers coloured by their hours on the legend's ramp, from above the
  south.

Each :class:`Snapshot` carries its camera (world coordinates, cache CRS) for the BCF
viewpoint of the same finding.

Example
-------
>>> shots = take_snapshots(result, cache, "out/", model=bim)          # doctest: +SKIP
>>> [(s.kind, s.rule, s.file.name) for s in shots]                    # doctest: +SKIP
[('overview', None, 'overview.png'), ('finding', 'height', 'finding-height.png'), ...]
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

#: Picture size (pixels) unless asked otherwise.
SIZE = (1280, 800)
#: The camera: this many degrees above the horizon, from this bearing (clockwise from grid
#: north: 225° looks from the south-west), at this many times the subject's size.
ELEVATION_DEG = 35.0
BEARING_DEG = 200.0
DISTANCE_FACTOR = 2.6
MIN_DISTANCE = 90.0
#: The receivers' size (pixels) in the sunlight map.
SUNLIGHT_POINT_SIZE = 12.0


@dataclass
class Snapshot:
    """One picture: ``kind`` overview | finding | sunlight, the ``rule`` of a finding, the PNG,
    and the camera (``position``, ``focal_point``, ``view_up`` in the cache CRS, the vertical
    ``field_of_view`` in degrees)."""

    kind: str
    rule: str | None
    file: Path
    camera: dict[str, Any] = field(default_factory=dict)


def camera_pose(centre: np.ndarray, size: float, *, elevation_deg: float = ELEVATION_DEG,
                bearing_deg: float = BEARING_DEG) -> tuple[np.ndarray, np.ndarray]:
    """(position, focal point) looking at ``centre`` from ``bearing_deg`` (where the camera
    stands, clockwise from north) ``elevation_deg`` up, far enough to frame ``size`` m.

    >>> pos, focal = camera_pose(np.array([0.0, 0.0, 0.0]), 10.0, bearing_deg=180.0)
    >>> bool(pos[1] < 0 and pos[2] > 0)
    True
    """
    d = max(MIN_DISTANCE, DISTANCE_FACTOR * float(size))
    e, b = math.radians(elevation_deg), math.radians(bearing_deg)
    offset = np.array([math.sin(b) * math.cos(e), math.cos(b) * math.cos(e), math.sin(e)]) * d
    c = np.asarray(centre, float)
    return c + offset, c


def take_snapshots(result: Any, cache: Any, out_dir: str | Path, *, model: Any = None,
                   ifc: str | Path | None = None, scene: Any = None, ruleset: Any = None,
                   size: tuple[int, int] = SIZE) -> list[Snapshot]:
    """Render the report's pictures of a review into ``out_dir`` (PNG files).

    ``result`` a :class:`~layers.review.result.ReviewResult`; ``cache`` the open
    :class:`~store.cache.Cache` it was made on; ``model`` the reviewed BimModel (else loaded
    from ``ifc`` through the cache's BIM store); ``scene`` the review's
    :class:`~layers.review.session.ReviewScene` (else built again from the model, the parcel
    the result names and ``ruleset``, the shipped one by default)."""
    import pyvista as pv

    from layers.layer import Layer
    from layers.model import CityModel
    from layers.review.session import SUNLIGHT_RULES, facing_bearing, finding_target
    from viewer.scene import Scene, build_scene_data

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if model is None:
        from store.bim.loader import load_bim

        if ifc is None:
            raise ValueError("take_snapshots needs the model or its IFC file")
        model = load_bim(ifc, cache)
    if scene is None:
        scene = _scene(result, cache, model, ifc, ruleset)
    city = CityModel()
    city.open(cache)
    name = Path(str(model.path)).name if getattr(model, "path", None) else "bim"
    city.bim.update(model=model, file=name, georef=model.georef,
                    replaced=frozenset(scene.replaced))
    city.layers.insert(0, Layer("bim", "bim", title=name, title_zh=name))
    city.layers.insert(0, Layer("review", "review", title="Plan review", title_zh="方案审查"))
    session = city.review
    session.finish(result, scene)
    data = build_scene_data(city)
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    shots: list[Snapshot] = []
    try:
        view = Scene(plotter.renderer)
        view.populate(data)
        view.set_hidden_buildings(scene.replaced)
        origin = data.origin

        def shoot(kind: str, rule: str | None, centre: np.ndarray, extent: float,
                  file: str, **pose: float) -> None:
            position, focal = camera_pose(centre, extent, **pose)
            view.set_camera(tuple(position), tuple(focal))
            view.update_level_of_detail()
            plotter.camera_set = True
            path = out / file
            plotter.render()
            plotter.screenshot(str(path))
            cam = plotter.renderer.GetActiveCamera()
            shots.append(Snapshot(kind, rule, path, {
                "position": [float(v) for v in position],
                "focal_point": [float(v) for v in focal],
                "view_up": [0.0, 0.0, 1.0], "field_of_view": float(cam.GetViewAngle()),
                "origin": [origin.x, origin.y]}))

        b = scene.parcel.bounds
        top = float(np.max(scene.bim_vertices[:, 2])) if len(scene.bim_vertices) else \
            scene.ground
        centre = np.array([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2, scene.ground])
        extent = max(b[2] - b[0], b[3] - b[1], top - scene.ground)
        session.update(shadows=False)
        shoot("overview", None, centre, extent, "overview.png")
        for f in result.findings:
            if f.status != "fail":
                continue
            session.select(f.rule)
            target = finding_target(f, scene, result) or (centre, extent)
            facing = facing_bearing(f, result)  # receivers: look at their facades
            shoot("finding", f.rule, target[0], max(target[1], 40.0),
                  f"finding-{_safe(f.rule)}.png",
                  bearing_deg=BEARING_DEG if facing is None else facing)
        sun = result.sunlight
        if sun is not None and len(sun):
            rule = next((f.rule for f in result.findings if f.rule in SUNLIGHT_RULES
                         and f.status == "fail"), None)
            session.select(rule)
            p = np.asarray(sun.points, float)
            lo, hi = p.min(axis=0), p.max(axis=0)
            review = view.views.get("review")
            if review is not None:  # receivers on walls seen from above: a little larger
                review.parts["receivers"].GetProperty().SetPointSize(SUNLIGHT_POINT_SIZE)
            shoot("sunlight", None, (lo + hi) / 2, float(max(hi[:2] - lo[:2])) * 0.8,
                  "sunlight.png", elevation_deg=72.0, bearing_deg=180.0)
        session.select(None)
    finally:
        plotter.close()
    return shots


def _scene(result: Any, cache: Any, model: Any, ifc: Any, ruleset: Any) -> Any:
    from layers.review.ruleset import RuleSet, load_ruleset
    from layers.review.session import review_scene
    from layers.review.site import build_context

    rules = ruleset if isinstance(ruleset, RuleSet) else load_ruleset(ruleset)
    ctx = build_context(cache, model, Path(str(ifc or model.path)),
                        parcel_code=result.parcel.get("code"))
    return review_scene(ctx, rules, result)


def _safe(rule: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in rule)
