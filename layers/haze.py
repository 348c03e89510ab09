"""Haze over the far city seen from near the ground: how much of a colour it takes, and where
the city is lost in it (Qt- and VTK-free).

Seen from the street, a city of a million buildings goes on to the horizon; what lies
kilometres away is a thin band of blocks that costs more to draw than everything near. The
haze (CesiumJS's fog, with a clear near range) fades it into the sky's colour, and tiles lost in
it are not drawn. The user chooses the **visibility**: the depth in front of the camera at which
the city is :data:`LOST` into the haze (4 km by default); the first :data:`CLEAR_FRACTION` of it
stays clear, so what a planner looks at from the street keeps its colours.

It is the street's only: it thins out as the camera rises or looks down
(:func:`layers.lod.street_density`), is gone above the scene's top, below its bottom and a
fade's width away from its ground plan (a city seen from outside is never hidden).

Example
-------
>>> from layers.lod import Camera
>>> street = Camera((0, 0, 20), (0, 1000, 20))
>>> start, end = haze_range(street, (-5000, -5000, 0), (5000, 5000, 200), 5000.0)
>>> round(start), round(end)
(1000, 5000)
>>> round(float(haze(3000.0, start, end)), 2)
0.68
"""

from __future__ import annotations

import numpy as np

from layers.lod import DYNAMIC_DENSITY, LOST, Camera, haze, haze_scale, street_density

__all__ = ["CLEAR_FRACTION", "FADE", "LOST", "VISIBILITY", "VISIBILITY_RANGE", "haze",
           "haze_range", "haze_scale", "over_scene"]

#: The part of the visibility that stays clear (the first 800 m of 4 km).
CLEAR_FRACTION = 0.2
#: The visibility by default, in metres, and what a user may choose.
VISIBILITY = 4000.0
VISIBILITY_RANGE = (1000.0, 100_000.0)
#: Outside the scene's ground plan the haze fades out over this many metres.
FADE = 2000.0


def over_scene(eye, box_min, box_max, fade: float = FADE) -> float:
    """1 with the camera over the scene's ground plan (``box_min``/``box_max``: x, y, z) and
    not below its bottom, falling to 0 ``fade`` metres outside the plan; 0 below the bottom.

    Examples
    --------
    >>> lo, hi = (-10, -10, 0), (10, 10, 50)
    >>> over_scene((0, 0, 10), lo, hi), over_scene((0, 0, -5), lo, hi)
    (1.0, 0.0)
    >>> over_scene((1010, 0, 10), (-10, -10, 0), (10, 10, 50), fade=2000.0)
    0.5
    """
    e = np.asarray(eye, dtype=float)
    lo, hi = np.asarray(box_min, dtype=float), np.asarray(box_max, dtype=float)
    if e[2] < lo[2]:
        return 0.0
    gap = np.maximum(np.maximum(lo[:2] - e[:2], e[:2] - hi[:2]), 0.0)
    return float(max(1.0 - float(np.linalg.norm(gap)) / float(fade), 0.0))


def haze_range(camera: Camera, box_min, box_max, visibility: float = VISIBILITY
               ) -> tuple[float, float] | None:
    """Where the haze of this frame begins and where the city is lost in it (metres in front
    of the camera), or None for no haze: ``visibility`` for a camera at street level over the
    scene (``box_min``/``box_max``), farther as it rises, looks down or leaves the scene.

    Examples
    --------
    >>> haze_range(Camera((0, 0, 5000), (0, 10, 0)), (-5000, -5000, 0), (5000, 5000, 200))
    """
    lo, hi = np.asarray(box_min, dtype=float), np.asarray(box_max, dtype=float)
    street = street_density(camera, float(lo[2]), float(hi[2])) / DYNAMIC_DENSITY
    factor = street * over_scene(camera.position, lo, hi)
    if factor < 1e-3:
        return None
    end = float(visibility) / factor
    return end * CLEAR_FRACTION, end
