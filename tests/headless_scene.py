"""A scene of a cache's city without a window: the model, an offscreen plotter, the views."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyvista as pv

from layers.model import CityModel
from viewer.scene import Scene, build_scene_data


@contextmanager
def headless_scene(cache: Any, size: tuple[int, int] = (320, 240)) -> Iterator[Scene]:
    """The scene of ``cache`` (a CityModel opened on it, unsaved) in an offscreen plotter
    (``scene.plotter``), closed after; the model is back at now and the recorded city."""
    model = CityModel("en")
    model.open(cache, saved=False)
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    scene = Scene(plotter.renderer)
    scene.populate(build_scene_data(model))
    scene.plotter = plotter  # type: ignore[attr-defined]
    try:
        yield scene
    finally:
        model.set_scenario(None)
        model.set_time(None)
        plotter.close()
