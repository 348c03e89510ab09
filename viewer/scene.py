"""The 3D scene: one view per layer of the model (:mod:`viewer.views`), following the model.

``build_scene_data(model)`` builds every layer's view off the GUI thread (reading through
``layers/``, never ``store/``); ``Scene.populate`` attaches them on the GUI thread. From then
on the scene follows the model (QGIS's ``Qgs3DMapScene`` over ``Qgs3DMapSettings``): a layer
inserted, removed or changed (visible, opacity, style …), the building colouring, underground
mode and the BIM session. Nothing is re-applied from widgets after a rebuild: the views read
their layer's state when they are attached.

Actors are listed by key (``Scene.actors``): the layer's name, or ``"<layer>:<child>"`` for
the pipelines' CJJ 61 classes (``"pipelines:JS"``), which can be switched off one by one.

A BIM model is the ``bim`` layer's view (:class:`viewer.views.bim.BimView`, its mesh a
:class:`viewer.bim_mesh.BimMesh` built from ``model.bim``); the white models it replaces are
hidden by fid (``set_hidden_buildings``). Nothing here
imports Qt.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pyvista as pv
import vtk

from layers import palette
from layers.lod_cache import TileBudget
from layers.model import CityModel
from layers.pipelines import class_filter, hidden_class_codes
from viewer.fog import Haze
from viewer.origin import Origin
from viewer.overlays import Overlays
from viewer.views import make_view
from viewer.views.base import FrameContext, View
from viewer.views.buildings import WHITE_MODEL_RGB, BuildingsView
from viewer.views.glyphs import recolour
from viewer.views.terrain import UNDERGROUND_OPACITY, TerrainView

if TYPE_CHECKING:
    from viewer.bim_mesh import BimMesh

Progress = Callable[[str, float], None]

__all__ = ["BACKGROUND", "Scene", "SceneData", "WHITE_MODEL_RGB",
           "build_scene_data", "render_screenshot"]

BACKGROUND = palette.rgbf("background")
UNDERGROUND_BACKGROUND = palette.rgbf("underground_background")
#: The search marker (a red pin, tip on the point): its colour, and its height as a fraction of
#: the camera's distance to it, so it keeps about the same size on screen (clamped, m).
MARKER_RGB = palette.rgbf("search_marker")
MARKER_SCALE = 0.035
MARKER_HEIGHT = (2.0, 400.0)


@dataclass
class SceneData:
    """Every layer's view, built without a renderer, for one model."""

    model: CityModel
    origin: Origin
    extent: tuple[float, float, float, float]
    views: list[View] = field(default_factory=list)  # in the model's layer order
    seconds: float = 0.0

    def of(self, *kinds: str) -> list[View]:
        return [v for v in self.views if v.kind in kinds]

    @property
    def terrain(self) -> pv.PolyData | None:
        """The terrain mesh (of the first terrain layer), or None."""
        return next((v.mesh for v in self.of("terrain") if v.mesh is not None), None)

    @property
    def ortho(self) -> pv.Texture | None:
        return next((v.texture for v in self.of("terrain") if v.texture is not None), None)

    @property
    def buildings(self) -> list[pv.PolyData]:
        """The meshes of the building tiles drawn now (LOD1 extrusions, then LOD2 solids; full
        tiles near, boxes far: see viewer.views.buildings), cell data "fid"."""
        return [m for v in self.of("buildings", "solids") for m in v.meshes]

    @property
    def pipes(self) -> dict[str, pv.PolyData]:
        """Pipeline meshes by CJJ 61 class code."""
        return {c: m for v in self.of("pipes") for c, m in v.meshes.items()}

    def _glyph(self, name: str) -> vtk.vtkActor | None:
        for v in self.of("glyphs"):
            if v.layer.name == name:
                return next(iter(v.actors.get(name, [])), None)
        return None

    @property
    def poles(self) -> vtk.vtkActor | None:
        return self._glyph("poles")

    @property
    def pipe_points(self) -> vtk.vtkActor | None:
        return self._glyph("pipe_points")


#: Layer kinds whose views read the DEM while they build (draped on the terrain).
DRAPED_KINDS = ("vectors", "review")


def build_order(layers: list[Any]) -> list[Any]:
    """The order the scene builds layers' views in: the terrain first, then top first, the
    draped kinds (:data:`DRAPED_KINDS`) last: they need the DEM the terrain decodes."""
    return sorted(layers, key=lambda layer: (layer.kind != "terrain",
                                             layer.kind in DRAPED_KINDS))


def builds_aside(view: View | None) -> bool:
    """Whether the scene builds ``view`` on its worker thread (the terrain, whose build
    mostly waits on GDAL, then the draped views that wait for its DEM) rather than on the
    calling one."""
    return view is not None and (view.build_aside or view.kind in DRAPED_KINDS)


def build_scene_data(source: CityModel | Any, progress: Progress | None = None) -> SceneData:
    """Build every layer's view of a model (or of a cache, through a new model that opens it
    with its saved or default layers). Safe to call off the GUI thread: no renderer."""
    t0 = time.perf_counter()
    if isinstance(source, CityModel):
        model = source
    else:
        model = CityModel()
        model.open(source)
    report = progress or (lambda _step, _fraction: None)
    extent = (model.cache.extent() if model.cache is not None else None) or (0.0, 0.0, 1.0, 1.0)
    data = SceneData(model, Origin.of_extent(extent), extent)
    layers = list(model.layers)
    views = [(layer, make_view(layer, data.origin)) for layer in build_order(layers)]
    # The terrain (mostly GIL-free GDAL decoding), then the views draped on it, build one
    # after the other on a worker thread while this one builds the others (buildings,
    # pipes): on two cores a million-building city starts seconds sooner.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="scene-build") as pool:
        aside = [pool.submit(v.build, model) for _, v in views if builds_aside(v)]
        for i, (layer, view) in enumerate(views):
            report(layer.name, 0.05 + 0.9 * i / max(len(layers), 1))
            if view is not None and not builds_aside(view):
                view.build(model)
        for future in aside:
            future.result()  # its error, if any, is the build's
    data.views = [v for _, v in views if v is not None]
    data.views.sort(key=lambda v: layers.index(v.layer))
    report("done", 1.0)
    data.seconds = time.perf_counter() - t0
    return data


def _light(renderer: vtk.vtkRenderer) -> None:
    """Two lights: a headlight, so whatever faces the user is lit, and a sun from the
    south-east, so walls and roofs read apart. (pyvista's five-light kit costs ~1.4× per frame
    on software OpenGL: bench/viewer_bench.py.)"""
    renderer.RemoveAllLights()
    renderer.AutomaticLightCreationOff()
    head = vtk.vtkLight()
    head.SetLightTypeToHeadlight()
    head.SetIntensity(0.75)
    sun = vtk.vtkLight()
    sun.SetLightTypeToSceneLight()
    sun.SetPositional(False)
    sun.SetPosition(0.5, -0.6, 1.0)
    sun.SetFocalPoint(0.0, 0.0, 0.0)
    sun.SetIntensity(0.45)
    renderer.AddLight(head)
    renderer.AddLight(sun)


def _marker_actor() -> vtk.vtkActor:
    """A pin of unit height: a cone with its tip at the origin, a ball on top."""
    cone = vtk.vtkConeSource()
    cone.SetResolution(16)
    cone.SetHeight(0.7)
    cone.SetRadius(0.2)
    cone.SetCenter(0.0, 0.0, 0.35)
    cone.SetDirection(0.0, 0.0, -1.0)  # the tip at z = 0
    ball = vtk.vtkSphereSource()
    ball.SetRadius(0.2)
    ball.SetCenter(0.0, 0.0, 0.8)
    ball.SetThetaResolution(16)
    ball.SetPhiResolution(12)
    both = vtk.vtkAppendPolyData()
    both.AddInputConnection(cone.GetOutputPort())
    both.AddInputConnection(ball.GetOutputPort())
    both.Update()
    mapper = vtk.vtkPolyDataMapper()
    mapper.SetInputData(both.GetOutput())
    actor = vtk.vtkActor()
    actor.SetMapper(mapper)
    actor.SetPickable(False)
    prop = actor.GetProperty()
    prop.SetColor(*MARKER_RGB)
    prop.SetAmbient(0.35)
    prop.SetDiffuse(0.8)
    return actor


class Scene:
    """The views of one model in a renderer, following the model's events.

    Callers render after changes (render on demand); ``changed`` (a plain callback, or None)
    is called whenever the scene changed what it shows because the model changed.
    """

    def __init__(self, renderer: vtk.vtkRenderer, model: CityModel | None = None):
        self.renderer = renderer
        self.model: CityModel | None = None
        self.views: dict[str, View] = {}
        self.data: SceneData | None = None
        self.changed: Callable[[], None] | None = None
        #: Builds a layer's view added or changed after the scene was built: ``builder(view,
        #: attach)`` runs ``view.build(model)`` off the GUI thread and calls ``attach()`` on
        #: it when done (QGIS's chunk loader); None builds in place, on the caller's thread.
        self.builder: Callable[[View, Callable[[], None]], None] | None = None
        self._pending: dict[str, View] = {}
        #: What streaming views need each frame (viewport, dragging, the level-of-detail
        #: settings of ``model.lod``, the tile loader); shared by every view.
        self.context = FrameContext()
        self.context.tile_budget = TileBudget(self.context.budget_bytes)  # one for all layers
        self._multisamples: int | None = None
        self._oit: bool | None = None  # the renderer's own choice while dragging
        self._marker: vtk.vtkActor | None = None
        self._marker_world: tuple[float, float, float] | None = None
        renderer.SetBackground(*BACKGROUND)
        #: The far city fades into the sky's colour (set at each frame by _frame_camera).
        self.haze = Haze(renderer, BACKGROUND)
        _light(renderer)
        #: The scale bar and north arrow (viewer.overlays), fitted to the camera each frame.
        self.overlays = Overlays(renderer)
        if model is not None:
            self.bind(model)

    # -- the model -----------------------------------------------------------------------------
    def bind(self, model: CityModel) -> None:
        """Follow ``model`` (and stop following the previous one)."""
        if self.model is model:
            return
        if self.model is not None:
            self._connect(self.model, False)
        self.model = model
        self._connect(model, True)

    def _connect(self, model: CityModel, on: bool) -> None:
        pairs = ((model.layers.inserted, self._inserted), (model.layers.removed, self._removed),
                 (model.layers.moved, self._moved), (model.layers.changed, self._layer_changed),
                 (model.colouring.changed, self._colouring_changed),
                 (model.underground_changed, self._underground_changed),
                 (model.bim.changed, self._bim_changed),
                 (model.lod.changed, self._lod_changed),
                 (model.time_changed, self._time_changed),
                 (model.comparison_changed, self._comparison_changed))
        for signal, slot in pairs:
            (signal.connect if on else signal.disconnect)(slot)
        if on:
            self.context.max_sse = model.lod.max_sse
            self.context.budget_bytes = model.lod.budget_bytes
            self.context.underground = bool(model.underground)

    def _notify(self) -> None:
        if self.changed is not None:
            self.changed()

    def _inserted(self, _index: int, layer: Any) -> None:
        if self.data is None or layer.name in self.views:
            return
        self._add_view(layer)
        self._notify()

    def _add_view(self, layer: Any) -> None:
        """Build a view of ``layer`` and attach it, replacing the layer's view (if any) only
        once the new one is ready: through :attr:`builder` off the GUI thread when set."""
        view = make_view(layer, self.data.origin)
        if view is None:
            return
        if self.builder is None or getattr(view, "build_in_place", False):
            view.build(self.model)
            self._attach(view)
            return
        self._pending[layer.name] = view

        def attach() -> None:  # on the GUI thread, when the build is done
            if self._pending.get(layer.name) is not view:
                return  # superseded by a newer build, or the layer was removed
            del self._pending[layer.name]
            if self.model is None or self.model.layers.get(layer.name) is not layer:
                return
            self._attach(view)
            self._notify()

        self.builder(view, attach)

    def _attach(self, view: View) -> None:
        old = self.views.get(view.layer.name)
        if old is not None and old is not view:
            old.detach()
        self.views[view.layer.name] = view
        view.context = self.context
        if hasattr(view, "underground_opacity"):  # the terrain, and what is draped on it
            view.underground_opacity = self.underground_opacity
        view.attach(self.renderer)
        view.suppressed = self._suppressed(view)
        view.apply_visibility()

    def _removed(self, _index: int, layer: Any) -> None:
        self._pending.pop(layer.name, None)
        view = self.views.pop(layer.name, None)
        if view is not None:
            view.detach()
            self._notify()

    def _moved(self, *_: Any) -> None:
        for view in self.views.values():
            view.update("order")
        self._notify()

    def _layer_changed(self, layer: Any, what: str) -> None:
        if layer.kind == "imagery":
            for view in self.views.values():
                view.update("imagery")
        view = self.views.get(layer.name)
        if view is not None and view.layer is layer and not view.update(what):
            self._add_view(layer)  # the old view shows until the new one is attached
        self._notify()

    def _lod_changed(self, _names: Any) -> None:
        self.context.max_sse = self.model.lod.max_sse
        self.context.budget_bytes = self.model.lod.budget_bytes
        for view in self.views.values():
            view.update("lod_settings")
        self._notify()

    @property
    def pending(self) -> bool:
        """Whether views are being built again (after a change of time or of a layer)."""
        return bool(self._pending)

    def _time_changed(self, _when: Any) -> None:
        """The map shows another time or scenario: every view follows it, by hiding and
        showing what it has loaded (``update("time")``), or, when it cannot (another
        scenario), by being built again (the old one shows until the new one is attached)."""
        if self.data is None:
            return
        for view in list(self.views.values()):
            if not view.update("time"):
                self._add_view(view.layer)
        self._notify()

    def _comparison_changed(self, _comparison: Any) -> None:
        """A comparison of two times started, moved or ended: the buildings draw its
        demolished ones (its colours come through the colouring)."""
        for view in self._building_views():
            if not view.update("time"):
                self._add_view(view.layer)
        self._notify()

    def _colouring_changed(self) -> None:
        for view in self._building_views():
            view.update("colouring")
        self._notify()

    @property
    def underground_opacity(self) -> float:
        """The terrain's opacity in underground mode (the model's)."""
        return self.model.underground_opacity if self.model is not None else \
            UNDERGROUND_OPACITY

    @property
    def hide_buildings_underground(self) -> bool:
        """Whether underground mode hides the buildings (the model's)."""
        return bool(self.model is not None and self.model.hide_buildings_underground)

    def _underground_changed(self, on: bool) -> None:
        self.renderer.SetBackground(*(UNDERGROUND_BACKGROUND if on else BACKGROUND))
        self.context.underground = bool(on)
        for view in self.views.values():
            if hasattr(view, "underground_opacity"):
                view.underground_opacity = self.underground_opacity
            view.update("underground")
        self._apply_suppressed()
        self._notify()

    def _bim_changed(self, names: Any) -> None:
        layer = self.model.layers.get("bim") if self.model is not None else None
        if layer is not None and self.data is not None and {"model", "georef"} & set(names):
            self._add_view(layer)  # another model, or moved: its view is built again
        for view in self.views.values():
            view.update("bim")
        self._notify()

    def _suppressed(self, view: View) -> bool:
        if isinstance(view, BuildingsView):
            return bool(self.underground and self.hide_buildings_underground)
        return view.suppressed

    def _apply_suppressed(self) -> None:
        for view in self._building_views():
            view.suppressed = self._suppressed(view)
            view.apply_visibility()

    def _building_views(self) -> list[BuildingsView]:
        return [v for v in self.views.values() if isinstance(v, BuildingsView)]

    def set_underground_opacity(self, opacity: float) -> None:
        """How opaque the terrain is in underground mode (0–1): in the model."""
        if self.model is not None:
            self.model.set_underground_view(opacity=opacity)

    def set_hide_buildings_underground(self, on: bool) -> None:
        """Whether underground mode hides the buildings: in the model."""
        if self.model is not None:
            self.model.set_underground_view(hide_buildings=on)

    @property
    def underground(self) -> bool:
        return bool(self.model is not None and self.model.underground)

    # -- content -------------------------------------------------------------------------------
    def populate(self, data: SceneData) -> None:
        """Replace the scene's content with ``data``'s views (on the GUI thread); layers
        added to the model while it was built get their view now."""
        for view in list(self.views.values()):
            view.detach()
        self.views.clear()
        self._pending.clear()
        self.set_marker(None)
        self.bind(data.model)
        self.data = data
        self.renderer.SetBackground(*(UNDERGROUND_BACKGROUND if self.underground
                                      else BACKGROUND))
        layers = list(data.model.layers)
        for view in data.views:
            if view.layer in layers:
                self._attach(view)
        for layer in layers:
            if layer.name not in self.views:
                self._add_view(layer)
        self.reset_camera()

    @property
    def actors(self) -> dict[str, list[vtk.vtkProp]]:
        """Every actor by key (layer name, or "<layer>:<child>"), plus "bim"."""
        out: dict[str, list[vtk.vtkProp]] = {}
        for view in self.views.values():
            out.update(view.actors)
        return out

    def layer_keys(self) -> list[str]:
        return list(self.actors)

    def view_of(self, prop: vtk.vtkProp) -> View | None:
        """The view drawing an actor, or None."""
        return next((v for v in self.views.values() if prop in v.props()), None)

    def pick(self, prop: vtk.vtkProp, cell: int, dataset: Any = None) -> tuple[str, int] | None:
        """(layer, fid) of a picked cell, asked of the view that drew it."""
        view = self.view_of(prop)
        return view.pick(prop, cell, dataset) if view is not None else None

    # -- what the user switches (through the model) --------------------------------------------
    def _layer(self, key: str) -> Any:
        return self.model.layers.get(key) if self.model is not None else None

    def set_visible(self, key: str, visible: bool) -> None:
        """Show or hide a layer (``layer.visible`` in the model) or one child of a layer
        ("pipelines:JS": the layer's filter, :func:`layers.pipelines.class_filter`)."""
        layer = self._layer(key)
        if layer is not None:
            layer.visible = visible
            return
        name, _, code = key.partition(":")
        layer = self._layer(name)
        if layer is not None and code:
            hidden = hidden_class_codes(layer.filter)
            (hidden.discard if visible else hidden.add)(code)
            layer.filter = class_filter(hidden)

    def is_visible(self, key: str) -> bool:
        """Whether the user has the layer (or child) on (independent of the level of
        detail)."""
        name = key.split(":", 1)[0]
        layer = self._layer(name)
        if layer is None:
            return key in self.actors
        if not layer.visible:
            return False
        view = self.views.get(name)
        children = [k for k in (view.actors if view else {}) if k != name]
        hidden = {f"{name}:{c}" for c in hidden_class_codes(layer.filter)}
        if key != name:
            return key not in hidden
        return not children or any(k not in hidden for k in children)

    def set_opacity(self, key: str, opacity: float) -> None:
        layer = self._layer(key.split(":", 1)[0])
        if layer is not None:
            layer.opacity = opacity

    def update_level_of_detail(self) -> bool:
        """Let each view follow the camera (glyphs hidden when far) and size the search
        marker; True when a view changed what it shows."""
        self._scale_marker()
        self.overlays.update(self.model.lang if self.model is not None else None)
        camera = self.renderer.GetActiveCamera()
        self._frame_camera(camera)
        changed = False
        for view in self.views.values():
            changed = view.start_deferred() or changed
            changed = view.frame(camera) or changed
        return changed

    def _frame_camera(self, camera: vtk.vtkCamera) -> None:
        """Set the context's viewport and camera for this frame. Near and far are left open:
        VTK's clipping range follows what is drawn, and tiles not yet drawn must not be
        culled by it. A low camera looking at the horizon gets coarser far tiles
        (``model.lod.far_coarser``: :func:`layers.lod.street_density`) and sees the far city
        fade into the haze (``model.lod.haze``: :mod:`viewer.fog`; not underground)."""
        from layers.haze import VISIBILITY, haze_range
        from layers.lod import Camera, street_density

        w, h = self.renderer.GetSize()
        if w <= 0 or h <= 0:
            w, h = self.renderer.GetRenderWindow().GetSize() if \
                self.renderer.GetRenderWindow() is not None else (1280, 800)
        w, h = max(int(w), 1), max(int(h), 1)
        self.context.viewport_height = h
        self.context.lod_camera = Camera(
            tuple(camera.GetPosition()), tuple(camera.GetFocalPoint()),
            tuple(camera.GetViewUp()), float(camera.GetViewAngle()), w / h, 0.1, 1e8)
        eye = camera.GetPosition()
        self.context.ground_hides_buried = any(
            view.hides_below(eye) for view in self.views.values() if isinstance(view, TerrainView))
        lod = self.model.lod if self.model is not None else None
        coarser = lod is None or lod.far_coarser
        hazy = (lod is None or lod.haze) and not self.underground
        box = self._scene_box() if coarser or hazy else None
        camera = self.context.lod_camera
        self.context.far_density = street_density(camera, box[0][2], box[1][2]) \
            if coarser and box is not None else 0.0
        self.haze.range = haze_range(camera, *box, lod.visibility_m if lod else VISIBILITY) \
            if hazy and box is not None else None
        self.context.haze_span = self.haze.range

    def _scene_box(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The box (scene-local lowest and highest x, y, z) of the visible layers: the roots
        of streamed layers (fixed, so the choice of tiles cannot feed back into it) and the
        actors of the others; None for an empty or flat scene."""
        low, high = np.full(3, np.inf), np.full(3, -np.inf)
        for view in self.views.values():
            if not view.layer.visible:
                continue
            streamer = getattr(view, "streamer", None)
            if streamer is not None:
                low = np.minimum(low, np.asarray(streamer.root.box_min, dtype=float))
                high = np.maximum(high, np.asarray(streamer.root.box_max, dtype=float))
                continue
            for actors in view.actors.values():
                for actor in actors:
                    b = actor.GetBounds()
                    if b is not None and b[4] <= b[5]:
                        low = np.minimum(low, (b[0], b[2], b[4]))
                        high = np.maximum(high, (b[1], b[3], b[5]))
        return (low, high) if low[2] < high[2] else None

    def settle(self, max_rounds: int = 50) -> int:
        """Refine until no view changes what it shows (tiles loading in place when the
        context has no loader): what a screenshot or a benchmark does before its frame.
        Returns the rounds it took."""
        for rounds in range(1, max_rounds + 1):
            if not self.update_level_of_detail():
                return rounds
        return max_rounds

    def set_dragging(self, on: bool) -> None:
        """While the user drags the camera: coarser tiles, no multisampling and translucent
        layers blended in one pass (not VTK's order-independent transparency, about a quarter
        of a dragging frame: only where translucent layers overlap can the order show), so a
        frame costs less; at rest the scene refines again (the caller renders after)."""
        on = bool(on)
        if on == self.context.dragging:
            return
        self.context.dragging = on
        if on:
            self._oit = bool(self.renderer.GetUseOIT())
            self.renderer.SetUseOIT(False)
        elif self._oit is not None:
            self.renderer.SetUseOIT(self._oit)
            self._oit = None
        window = self.renderer.GetRenderWindow()
        if window is not None:
            if on:
                self._multisamples = window.GetMultiSamples()
                window.SetMultiSamples(0)
            elif self._multisamples is not None:
                window.SetMultiSamples(self._multisamples)
                self._multisamples = None
        for view in self.views.values():
            view.update("dragging")

    def color_buildings(self, fids: np.ndarray | None, rgb: np.ndarray | None = None) -> None:
        """Colour the buildings directly (rgb: (n, 3) uint8 for fids), or back to white
        models. The window colours them through ``model.colouring`` instead."""
        for view in self._building_views():
            view.colour(fids, rgb)

    def set_pipeline_palette(self, dark: bool) -> None:
        """Pipelines in the dark-background colours (black legible) or the CJJ 61 standard's:
        the pipelines layers' style."""
        from layers.pipelines import pipes_style

        if self.model is not None:
            for layer in self.model.layers.of_kind("pipes"):
                layer.style = pipes_style(dark)

    def set_terrain_style(self, style: str) -> None:
        """'shaded' (one colour, or the imagery) or 'elevation' (hypsometric tint): the
        terrain layers' style."""
        if self.model is not None:
            for layer in self.model.layers.of_kind("terrain"):
                layer.style = layer.style.with_(
                    mode="graduated" if style == "elevation" else "single",
                    field="elevation" if style == "elevation" else None)

    def color_poles(self, fids: np.ndarray, rgb: np.ndarray) -> None:
        """Recolour pole glyphs per feature (rgb: (n, 3) uint8 for fids)."""
        for actor in self.actors.get("poles", []):
            recolour(actor, fids, rgb)

    def set_underground(self, on: bool, *, hide_buildings: bool | None = None) -> None:
        """Underground mode (the model's; translucent terrain, dark background);
        hide_buildings=None keeps the scene's preference."""
        if self.model is not None:
            if hide_buildings is not None:
                self.model.set_underground_view(hide_buildings=hide_buildings)
            self.model.set_underground(on)
        self._apply_suppressed()

    # -- BIM -----------------------------------------------------------------------------------
    @property
    def bim(self) -> BimMesh | None:
        """The BIM model shown (the ``bim`` layer's mesh), or None."""
        view = self.views.get("bim")
        return getattr(view, "mesh", None)

    def bim_element_at(self, prop: vtk.vtkProp | None, cell: int) -> int | None:
        """The IFC element id of a picked cell of the BIM's actors, or None."""
        bim = self.bim
        return bim.element_at(prop, cell) if bim is not None else None

    @property
    def hidden_buildings(self) -> frozenset[int]:
        """fids of the white models hidden (under the BIM: ``model.bim.replaced`` unless
        comparing, which the building views follow)."""
        views = self._building_views()
        return frozenset().union(*(v.hidden_fids for v in views)) if views else frozenset()

    def set_hidden_buildings(self, fids: Iterable[int]) -> None:
        """Hide these white models (fids of the buildings layer) until the BIM session
        changes; an empty list shows all. The window hides them through ``model.bim``."""
        hidden = frozenset(int(f) for f in fids)
        for view in self._building_views():
            view.hide(hidden)

    def visible_building_fids(self) -> np.ndarray:
        """fids of the white models drawn (tiles' current meshes; layer visibility aside)."""
        from vtk.util.numpy_support import vtk_to_numpy

        parts = []
        for view in self._building_views():
            for actor in view.props():
                poly = actor.GetMapper().GetInput()
                array = poly.GetCellData().GetArray("fid") if poly is not None else None
                if array is not None and array.GetNumberOfTuples():
                    parts.append(np.unique(vtk_to_numpy(array)))
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)

    # -- search marker -----------------------------------------------------------------------
    def set_marker(self, world_xyz: tuple[float, float, float] | None) -> None:
        """Put the search marker (a red pin whose tip touches the point) at a world point
        (cache CRS easting, northing, height), or remove it with None. One reusable actor,
        not pickable, sized for the camera at each render."""
        if world_xyz is None:
            if self._marker is not None:
                self.renderer.RemoveActor(self._marker)
            self._marker_world = None
            return
        x, y, z = (float(v) for v in world_xyz)
        o = self.data.origin if self.data else Origin(0.0, 0.0)
        if self._marker is None:
            self._marker = _marker_actor()
        self._marker.SetPosition(x - o.x, y - o.y, z)
        self._marker_world = (x, y, z)
        if not self.renderer.HasViewProp(self._marker):
            self.renderer.AddActor(self._marker)
        self._scale_marker()

    @property
    def marker_position(self) -> tuple[float, float, float] | None:
        """Where the search marker is (world), or None when it is not shown."""
        return self._marker_world

    @property
    def marker_actor(self) -> vtk.vtkActor | None:
        return self._marker if self._marker_world is not None else None

    def _scale_marker(self) -> None:
        if self._marker is None or self._marker_world is None:
            return
        cam = np.array(self.renderer.GetActiveCamera().GetPosition())
        d = float(np.linalg.norm(cam - np.array(self._marker.GetPosition())))
        self._marker.SetScale(min(max(d * MARKER_SCALE, MARKER_HEIGHT[0]), MARKER_HEIGHT[1]))

    # -- camera -----------------------------------------------------------------------------
    def reset_camera(self, view: str = "overview") -> None:
        """'overview' (oblique from the south-west), 'top' (north up) or 'north' (oblique, north
        up): the whole extent in view."""
        if self.data is None:
            return
        minx, miny, maxx, maxy = self.data.extent
        o = self.data.origin
        cx, cy = (minx + maxx) / 2 - o.x, (miny + maxy) / 2 - o.y
        z0 = 0.0
        terrain = self.data.terrain
        if terrain is not None and terrain.n_points:
            z0 = float(np.nanmedian(terrain.points[:, 2]))
        cam = self.renderer.GetActiveCamera()
        cam.SetFocalPoint(cx, cy, z0)
        if view == "top":
            cam.SetPosition(cx, cy, z0 + 1.0)
            cam.SetViewUp(0, 1, 0)
        else:  # from the south, 40° above the horizon, north up the screen
            cam.SetPosition(cx, cy - 0.77, z0 + 0.64)
            cam.SetViewUp(0, 0, 1)
        bounds = (minx - o.x, maxx - o.x, miny - o.y, maxy - o.y, z0, z0 + 1.0)
        self.renderer.ResetCamera(bounds)  # keeps the direction, fits the extent
        if view != "top":
            cam.Dolly(1.45)
        self.renderer.ResetCameraClippingRange()

    def set_camera(self, position: tuple[float, float, float],
                   focal_point: tuple[float, float, float]) -> None:
        """Place the camera by world coordinates (cache CRS easting, northing, height)."""
        o = self.data.origin if self.data else Origin(0.0, 0.0)
        cam = self.renderer.GetActiveCamera()
        cam.SetPosition(position[0] - o.x, position[1] - o.y, position[2])
        cam.SetFocalPoint(focal_point[0] - o.x, focal_point[1] - o.y, focal_point[2])
        cam.SetViewUp(0, 0, 1)
        self.renderer.ResetCameraClippingRange()


def render_screenshot(cache: Any, out: str, *, size: tuple[int, int] = (1600, 1000),
                      camera: str | None = None, layers: list[str] | None = None,
                      underground: bool = False, theme: str | None = None,
                      time: str | None = None, scenario: str | None = None) -> dict:
    """Render a cache to a PNG without a window (VTK falls back to EGL/OSMesa headless),
    through a :class:`layers.model.CityModel` like the window.

    camera: 'overview', 'top', or 'x,y,z,fx,fy,fz' in the cache CRS; layers: layer names to
    show (default: the map's own; 'pipelines' means every class); theme: a housing attribute
    to colour the buildings by; time: the city as it stood then (a year, a date: see
    :meth:`layers.model.CityModel.set_time`); scenario: a planning scenario's name or gid,
    whose planned features are shown with the city."""
    model = CityModel()
    model.open(cache)
    model.set_time(time)
    model.set_scenario(scenario)
    if layers is not None:
        wanted = {key.split(":")[0] for key in layers}
        for layer in model.layers:
            layer.visible = layer.name in wanted or (layer.kind == "imagery"
                                                     and "terrain" in wanted)
    if theme:
        from layers.housing import classify

        model.colouring.set_theme(classify(cache, theme))
    model.set_underground(underground)
    data = build_scene_data(model)
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    scene = Scene(plotter.renderer)
    scene.populate(data)
    if layers is not None:
        for key in scene.layer_keys():
            if ":" in key and key not in layers and key.split(":")[0] not in layers:
                scene.set_visible(key, False)
    if camera in (None, "overview", "top", "north"):
        scene.reset_camera(camera or "overview")
    else:
        values = [float(v) for v in str(camera).split(",")]
        if len(values) != 6:
            raise ValueError("--camera takes 'overview', 'top' or six numbers x,y,z,fx,fy,fz")
        scene.set_camera(tuple(values[:3]), tuple(values[3:]))  # type: ignore[arg-type]
    scene.settle()
    plotter.renderer.ResetCameraClippingRange()  # what the tiles brought in stays unclipped
    plotter.camera_set = True  # pyvista would otherwise reset to its isometric view
    plotter.screenshot(out)
    plotter.close()
    return {"file": out, "size": list(size), "scene_seconds": round(data.seconds, 2),
            "actors": sum(len(v) for v in scene.actors.values()), "time": time,
            "scenario": scenario,
            "buildings": cache.count("buildings")}
