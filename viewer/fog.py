"""Haze over the far city: every actor of a renderer fades into the sky's colour with depth.

VTK's OpenGL pipeline has no fog of its own, so each actor's fragment shader gets a few more
lines after its colour, lighting and texture are known: ``mix(colour, sky, haze(depth))``,
:func:`layers.lod.haze` of the fragment's depth in front of the camera (``1 / gl_FragCoord.w``).
Where it begins and where the city is lost in it are the scene's for the frame
(:func:`layers.haze.haze_range`: a low camera over the scene looking at the horizon; none from
above); tiles lost in it are not drawn at all (``FrameContext.haze_span``).

Example
-------
>>> import vtk
>>> renderer = vtk.vtkRenderer()
>>> actor = vtk.vtkActor()
>>> renderer.AddActor(actor)
>>> haze = Haze(renderer, (0.78, 0.84, 0.9))
>>> haze.range = (1000.0, 5000.0)
>>> haze.apply()
>>> hazed(actor)
True
"""

from __future__ import annotations

from typing import Any

import vtk

from layers.haze import haze_scale

#: The tag after which the haze is mixed in: the colour is lit and textured by then, and the
#: picking pass and depth peeling, which come after, still write what they need.
TAG = "//VTK::TCoord::Impl"
START = "cimHazeStart"
DENSITY = "cimHazeDensity"
COLOUR = "cimHazeColour"
CODE = f"""{TAG}
  {{
    float cimHazeScalar = max(1.0 / gl_FragCoord.w - {START}, 0.0) * {DENSITY};
    float cimHaze = 1.0 - exp(-cimHazeScalar * cimHazeScalar);
    gl_FragData[0].rgb = mix(gl_FragData[0].rgb, {COLOUR}, cimHaze);
  }}
"""


def hazed(actor: vtk.vtkActor) -> bool:
    """Whether ``actor``'s shader mixes in the haze."""
    return getattr(actor, "_cim_haze", None) is not None


class Haze:
    """The haze of one renderer: its ``range`` (where it begins and where the city is lost in
    it, metres of depth; None: no haze) and its colour (RGB 0–1).

    Set before each render by the scene; :meth:`apply` (on the renderer's start event) gives
    every actor the shader lines once and the current values when they changed; a render
    that changed neither the haze nor the renderer's actors costs nothing."""

    def __init__(self, renderer: vtk.vtkRenderer, colour: tuple[float, float, float]):
        self.renderer = renderer
        self.range: tuple[float, float] | None = None
        self.colour = tuple(float(c) for c in colour)
        self._observer = renderer.AddObserver("StartEvent", self._on_start)
        self._applied: tuple[Any, int] | None = None  # (state, the actors' MTime) last applied

    def _on_start(self, *_: Any) -> None:
        self.apply()

    def apply(self) -> None:
        """Give every actor of the renderer the haze of now."""
        start, density = (0.0, 0.0) if self.range is None else \
            (float(self.range[0]), haze_scale(*self.range))
        state = (start, density, self.colour)
        seen = (state, self.renderer.GetViewProps().GetMTime())
        if seen == self._applied:
            return
        self._applied = seen
        actors = self.renderer.GetActors()
        actors.InitTraversal()
        for _ in range(actors.GetNumberOfItems()):
            actor = actors.GetNextActor()
            if actor is None or getattr(actor, "_cim_haze", None) == state:
                continue
            shader = actor.GetShaderProperty()
            if not hazed(actor):
                shader.AddFragmentShaderReplacement(TAG, True, CODE, False)
            uniforms = shader.GetFragmentCustomUniforms()
            uniforms.SetUniformf(START, start)
            uniforms.SetUniformf(DENSITY, density)
            uniforms.SetUniform3f(COLOUR, list(self.colour))
            actor._cim_haze = state

    def close(self) -> None:
        """Stop following the renderer's renders."""
        self.renderer.RemoveObserver(self._observer)
