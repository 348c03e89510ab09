"""Level-of-detail selection for tiled city models (Qt-free, numpy).

Screen-space error (CesiumJS's formula), view-frustum culling of boxes and
spheres, and the traversal that picks which tiles of a refinement tree to
draw at a maximum screen-space error (16 px by default, as CesiumJS, iTowns
and QGIS).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MAX_SSE = 16.0
"""Default maximum screen-space error in pixels (CesiumJS, iTowns, QGIS)."""

DRAGGING_FACTOR = 2.0
"""While the camera moves the allowed error is multiplied by this (coarser)."""

DYNAMIC_DENSITY = 2.0e-4
"""How soon far tiles coarsen in a street-level view (per metre; CesiumJS's default)."""

DYNAMIC_FACTOR = 24.0
"""The most a far tile's screen-space error is lowered by, in pixels (CesiumJS's default)."""

DYNAMIC_HEIGHT_FALLOFF = 0.25
"""Below this fraction of the scene's height the camera counts as at street level."""

LOST = 0.99
"""What the haze (:func:`haze`) leaves of a colour at its visibility: a tile wholly beyond it
is not drawn (within 1 % of the sky's colour: no district pops in or out)."""


@dataclass(frozen=True)
class Camera:
    """A perspective camera as VTK describes it.

    Parameters
    ----------
    position, focal_point, view_up : sequence of 3 float
    view_angle : float
        Vertical field of view in degrees.
    aspect : float
        Viewport width / height.
    near, far : float
        Clipping distances along the view direction.
    """

    position: tuple
    focal_point: tuple
    view_up: tuple = (0.0, 0.0, 1.0)
    view_angle: float = 30.0
    aspect: float = 1.0
    near: float = 0.1
    far: float = 1e7


def screen_space_error(geometric_error, distance, viewport_height, view_angle):
    """Projected geometric error in pixels (CesiumJS's perspective formula).

    ``sse = geometric_error * height / (distance * 2 * tan(fovy / 2))``; the
    distance is clamped to a tiny positive value (inside the volume = huge).

    Examples
    --------
    >>> round(float(screen_space_error(10.0, 1000.0, 1000, 90.0)), 6)
    5.0
    """
    d = np.maximum(np.asarray(distance, dtype=float), 1e-7)
    sse_denominator = 2.0 * np.tan(np.radians(view_angle) / 2.0)
    return np.asarray(geometric_error, dtype=float) * viewport_height / (d * sse_denominator)


def fog(distance, density):
    """How far into the "fog" a distance is, 0 (at the camera) to 1 (far): CesiumJS's
    ``1 - exp(-(distance * density)²)``.

    Examples
    --------
    >>> float(fog(0.0, 2e-4)), round(float(fog(5000.0, 2e-4)), 3)
    (0.0, 0.632)
    """
    scalar = np.asarray(distance, dtype=float) * float(density)
    return 1.0 - np.exp(-(scalar * scalar))


def haze_scale(start: float, end: float, lost: float = LOST) -> float:
    """The haze's density per metre beyond ``start`` that reaches ``lost`` at ``end``.

    Examples
    --------
    >>> round(haze_scale(1000.0, 5000.0), 7)
    0.0005365
    """
    return float(np.sqrt(-np.log1p(-float(lost))) / max(float(end) - float(start), 1e-9))


def haze(depth, start: float, end: float):
    """How much of the sky's colour a surface ``depth`` metres in front of the camera takes:
    0 up to ``start``, then CesiumJS's ``1 - exp(-(x · density)²)`` over the depth beyond it,
    :data:`LOST` at ``end`` (the same the shader of :mod:`viewer.fog` draws).

    Examples
    --------
    >>> haze([0.0, 1000.0], 1000.0, 5000.0).tolist()
    [0.0, 0.0]
    >>> round(float(haze(5000.0, 1000.0, 5000.0)), 3)
    0.99
    """
    x = np.maximum(np.asarray(depth, dtype=float) - float(start), 0.0) * haze_scale(start, end)
    return 1.0 - np.exp(-(x * x))


def street_density(camera: Camera, min_z: float, max_z: float,
                   density: float = DYNAMIC_DENSITY,
                   falloff: float = DYNAMIC_HEIGHT_FALLOFF) -> float:
    """The fog density of this frame for far tiles (CesiumJS's dynamic screen-space error).

    Full ``density`` when the camera is low (below ``falloff`` of the scene's height range
    ``min_z``–``max_z``) and looks at the horizon; none when it looks straight down or is
    above the scene's top. A street-level view so sees the far city through coarser tiles,
    an overview is untouched.

    Examples
    --------
    >>> street = Camera((0, 0, 20), (0, 1000, 20))
    >>> round(street_density(street, 0.0, 200.0), 6)
    0.0002
    >>> street_density(Camera((0, 0, 5000), (0, 10, 0)), 0.0, 200.0)
    0.0
    """
    eye = np.asarray(camera.position, dtype=float)
    direction = np.asarray(camera.focal_point, dtype=float) - eye
    length = float(np.linalg.norm(direction))
    if not (length > 0) or not (max_z > min_z):
        return 0.0
    close = min_z + (max_z - min_z) * falloff
    t = min(max((float(eye[2]) - close) / (max_z - close), 0.0), 1.0)
    horizon = 1.0 - abs(float(direction[2]) / length)
    return float(density) * horizon * (1.0 - t)


def distance_to_boxes(point, box_min, box_max):
    """Distance from ``point`` to each axis-aligned box (0 inside), shape (n,).

    Examples
    --------
    >>> float(distance_to_boxes([0, 0, 0], [[3, 4, -1]], [[5, 6, 1]])[0])
    5.0
    """
    p = np.asarray(point, dtype=float)
    lo = np.atleast_2d(np.asarray(box_min, dtype=float))
    hi = np.atleast_2d(np.asarray(box_max, dtype=float))
    gap = np.maximum(np.maximum(lo - p, p - hi), 0.0)
    return np.linalg.norm(gap, axis=1)


def boxes_depth(camera: Camera, box_min, box_max) -> np.ndarray:
    """How far in front of the camera each box begins, along the view direction (the depth
    of its nearest corner; negative when it reaches behind the camera), shape (n,).

    Examples
    --------
    >>> cam = Camera((0, 0, 0), (0, 10, 0))
    >>> boxes_depth(cam, [[-5, 100, 0], [-1, -3, 0]], [[5, 120, 4], [1, 3, 1]]).tolist()
    [100.0, -3.0]
    """
    eye = np.asarray(camera.position, dtype=float)
    view = np.asarray(camera.focal_point, dtype=float) - eye
    view = view / max(float(np.linalg.norm(view)), 1e-12)
    lo = np.atleast_2d(np.asarray(box_min, dtype=float)) - eye
    hi = np.atleast_2d(np.asarray(box_max, dtype=float)) - eye
    return np.minimum(lo * view, hi * view).sum(axis=1)


def distance_to_spheres(point, centers, radii):
    """Distance from ``point`` to each sphere's surface (0 inside).

    Examples
    --------
    >>> float(distance_to_spheres([0, 0, 0], [[10, 0, 0]], [4])[0])
    6.0
    """
    c = np.atleast_2d(np.asarray(centers, dtype=float))
    d = np.linalg.norm(c - np.asarray(point, dtype=float), axis=1)
    return np.maximum(d - np.asarray(radii, dtype=float), 0.0)


def frustum_planes(camera: Camera) -> np.ndarray:
    """The 6 inward planes ``(a, b, c, d)`` of the view frustum, shape (6, 4).

    A point ``x`` is inside a plane when ``n . x + d >= 0``. Order: near, far,
    left, right, bottom, top. Raises ``ValueError`` for a degenerate camera.
    """
    eye = np.asarray(camera.position, dtype=float)
    fwd = np.asarray(camera.focal_point, dtype=float) - eye
    right = np.cross(fwd, np.asarray(camera.view_up, dtype=float))
    if not (np.linalg.norm(fwd) > 0 and np.linalg.norm(right) > 0):
        raise ValueError("camera: focal point equals position or view up is along the view")
    fwd /= np.linalg.norm(fwd)
    right /= np.linalg.norm(right)
    up = np.cross(right, fwd)
    th = np.tan(np.radians(camera.view_angle) / 2.0)
    tw = th * camera.aspect
    normals = np.array([
        fwd,
        -fwd,
        fwd * tw + right,          # left plane normal points right-inwards
        fwd * tw - right,
        fwd * th + up,
        fwd * th - up,
    ])
    normals /= np.linalg.norm(normals, axis=1)[:, None]
    d = -normals @ eye
    d[0] -= camera.near
    d[1] += camera.far
    return np.column_stack([normals, d])


def boxes_visible(planes, box_min, box_max):
    """Mask of axis-aligned boxes not entirely outside any plane, shape (n,).

    Uses the positive vertex of each box per plane (conservative: a box near
    a frustum corner may be kept).
    """
    lo = np.atleast_2d(np.asarray(box_min, dtype=float))
    hi = np.atleast_2d(np.asarray(box_max, dtype=float))
    n = planes[:, :3]
    # positive vertex per (box, plane): shape (boxes, planes, 3)
    pv = np.where(n[None, :, :] >= 0, hi[:, None, :], lo[:, None, :])
    dist = np.einsum("bpk,pk->bp", pv, n) + planes[None, :, 3]
    return np.all(dist >= 0.0, axis=1)


def spheres_visible(planes, centers, radii):
    """Mask of spheres not entirely outside any plane, shape (n,)."""
    c = np.atleast_2d(np.asarray(centers, dtype=float))
    dist = c @ planes[:, :3].T + planes[None, :, 3]
    return np.all(dist >= -np.asarray(radii, dtype=float)[:, None], axis=1)


@dataclass
class LodTile:
    """A node of a refinement tree with an axis-aligned bounding box.

    ``refine`` is ``"REPLACE"`` (children replace this tile) or ``"ADD"``
    (children are drawn on top of it).
    """

    key: str
    geometric_error: float
    box_min: tuple
    box_max: tuple
    refine: str = "REPLACE"
    children: list = field(default_factory=list)


def effective_max_sse(max_sse: float = MAX_SSE, dragging: bool = False,
                      factor: float = DRAGGING_FACTOR) -> float:
    """The error allowed this frame: ``max_sse`` times ``factor`` while moving.

    Examples
    --------
    >>> effective_max_sse(16, dragging=True)
    32.0
    """
    return float(max_sse) * (float(factor) if dragging else 1.0)


def select_tiles(root: LodTile, camera: Camera, viewport_height: int,
                 max_sse: float = MAX_SSE, dragging: bool = False,
                 max_tiles: int = 100_000, far_density: float = 0.0,
                 far_factor: float = DYNAMIC_FACTOR,
                 haze_span: tuple[float, float] | None = None) -> list[LodTile]:
    """Tiles to draw this frame, nearest first.

    A visible tile whose screen-space error is within the allowed error, or
    which has no children, is drawn. Otherwise it is refined: with REPLACE
    its visible children are drawn instead of it, with ADD it is drawn and so
    are its refined children. Culled tiles (and their subtrees) are skipped.
    The walk visits at most ``max_tiles`` tiles. Each level's children are
    tested together (vectorised). With ``far_density`` (:func:`street_density`)
    a tile's error is lowered by ``fog(distance) * far_factor`` pixels, as
    CesiumJS does: far tiles of a street-level view stay coarser. With ``haze_span`` (where
    this frame's haze begins and where the city is lost in it, metres in front of the camera:
    :mod:`layers.haze`) a tile wholly beyond the second (:func:`boxes_depth`) is culled with
    its subtree, and a tile in the haze shows its error with the contrast the haze leaves it
    (its error times ``1 - haze`` at its nearest point): half hazed, it may be twice as coarse.
    """
    allowed = effective_max_sse(max_sse, dragging)
    planes = frustum_planes(camera)
    eye = np.asarray(camera.position, dtype=float)
    chosen: list[tuple[float, LodTile]] = []
    level = [root]
    visited = 0
    while level and visited < max_tiles:
        level = level[: max_tiles - visited]
        visited += len(level)
        lo = np.array([t.box_min for t in level], dtype=float)
        hi = np.array([t.box_max for t in level], dtype=float)
        visible = boxes_visible(planes, lo, hi)
        dist = distance_to_boxes(eye, lo, hi)
        sse = screen_space_error([t.geometric_error for t in level], dist,
                                 viewport_height, camera.view_angle)
        if haze_span is not None:
            depth = boxes_depth(camera, lo, hi)
            visible &= depth < haze_span[1]
            sse = sse * (1.0 - haze(depth, *haze_span))
        if far_density > 0.0:
            sse = sse - fog(dist, far_density) * far_factor
        nxt: list[LodTile] = []
        for tile, vis, d, e in zip(level, visible, dist, sse, strict=True):
            if not vis:
                continue
            if e <= allowed or not tile.children:
                chosen.append((float(d), tile))
                continue
            if tile.refine == "ADD":
                chosen.append((float(d), tile))
            nxt.extend(tile.children)
        level = nxt
    chosen.sort(key=lambda pair: pair[0])
    return [tile for _, tile in chosen]
