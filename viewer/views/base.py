"""The view protocol: how one layer of the model becomes actors in a renderer.

One :class:`View` per layer, made by :func:`viewer.views.make_view` from the layer's kind
(:data:`viewer.views.VIEWS`). The life of a view follows QGIS's chunk loader:

1. ``build(model)`` runs OFF the GUI thread: it reads the layer's data through ``layers/``
   (never ``store/``), meshes it and makes its VTK actors, but touches no renderer.
2. ``attach(renderer)`` runs on the GUI thread: the actors go into the renderer and the
   layer's current state (visible, opacity, style, …) is applied.
3. ``update(what)`` runs on the GUI thread when the model changes. ``what`` is the layer's
   ``changed`` name ("visible", "opacity", "style", "filter", "title", "source") or a scene
   event: "colouring" (model.colouring.changed), "underground" (model.underground_changed),
   "bim" (model.bim.changed), "lod" (the camera moved: see :meth:`View.frame`). It returns
   True when the change is applied, False when the view must be built again (the scene then
   detaches it, builds a new one and attaches that: e.g. a vectors layer whose filter changed).
4. ``detach()`` removes the actors (the view may be attached again).

A view never reads widgets: everything it draws comes from its layer and the model, so a
rebuilt scene is the same picture with nothing re-applied.

Example (a kind of layer drawn as one mesh)
-------------------------------------------
>>> class OneMesh(View):
...     def build(self, model):
...         self.actors = {self.layer.name: [make_actor(read(model))]}
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from layers.lod import MAX_SSE, Camera
from layers.lod_cache import TileBudget
from layers.lod_settings import BUDGET_MB

log = logging.getLogger(__name__)

#: Tables of at least this many features read their level-of-detail tree at the first frame,
#: off the GUI thread, rather than while the scene is built (see :attr:`View.deferred`): from
#: about half a second of reading, the city (terrain, buildings) shows first.
DEFER_FROM = 50_000

if TYPE_CHECKING:
    import vtk

    from layers.layer import Layer
    from layers.model import CityModel
    from viewer.origin import Origin


#: ``load(key, work, done, priority, failed)``: run ``work()`` off the GUI thread (lowest
#: priority first; a key already queued is re-prioritised, not queued twice), then ``done(result)``
#: (or ``failed(exc)``) on the GUI thread.
Loader = Callable[[str, Callable[[], Any], Callable[[Any], None], float,
                   Callable[[BaseException], None] | None], None]


@dataclass
class FrameContext:
    """What views that stream tiles need at each frame; one per scene, set on every view.

    ``load`` is None without a window (tests, screenshots, benchmarks): tiles then load in
    place, synchronously, so one :meth:`viewer.scene.Scene.settle` gives the finished picture.
    """

    viewport_height: int = 800
    dragging: bool = False
    max_sse: float = MAX_SSE
    budget_bytes: int = BUDGET_MB * 1024 * 1024
    load: Loader | None = None
    request_render: Callable[[], None] | None = None
    lod_camera: Camera | None = None  # the active camera, scene-local, set before each frame
    #: This frame's fog density for far tiles (:func:`layers.lod.street_density`; 0: none).
    far_density: float = 0.0
    #: Where this frame's haze begins and where the city is lost in it, metres in front of
    #: the camera (:func:`layers.haze.haze_range`; None: no haze): tiles beyond are not drawn,
    #: tiles in it may be coarser (:func:`layers.lod.select_tiles`).
    haze_span: tuple[float, float] | None = None
    #: Underground mode is on (the model's; the scene keeps it here for the views).
    underground: bool = False
    #: This frame, the opaque ground hides what is buried (the camera above it).
    ground_hides_buried: bool = False
    #: The byte budget every streamed layer of the scene shares (None: each its own).
    tile_budget: TileBudget | None = None
    #: Told when a tile could not be made: ``tile_failed(layer_label, error)`` (GUI thread).
    tile_failed: Callable[[str, BaseException], None] | None = None

    def camera(self) -> Camera | None:
        """The active camera of this frame (scene-local coordinates), or None before the
        first frame."""
        return self.lod_camera

    def submit(self, key: str, work: Callable[[], Any], done: Callable[[Any], None],
               priority: float = 0.0,
               failed: Callable[[BaseException], None] | None = None) -> None:
        """Load through :attr:`load`, or in place when there is none."""
        if self.load is not None:
            self.load(key, work, done, priority, failed)
            return
        try:
            result = work()
        except Exception as exc:
            if failed is None:
                raise
            failed(exc)
            return
        done(result)

    def report_failure(self, label: str, exc: BaseException) -> None:
        """Say that a tile of the layer ``label`` could not be made (logged without a
        window)."""
        if self.tile_failed is not None:
            self.tile_failed(label, exc)
        else:
            log.warning("%s: a tile could not be made: %s", label, exc)

    def render(self) -> None:
        """Ask for a frame (after a tile arrived)."""
        if self.request_render is not None:
            self.request_render()


#: The context of a view not attached to a scene.
DETACHED = FrameContext()


class View:
    """The actors of one layer.

    Attributes
    ----------
    layer : layers.layer.Layer
        The layer drawn (its state is read, never written).
    origin : viewer.origin.Origin
        The scene origin: every mesh is in local float32 coordinates around it.
    model : layers.model.CityModel or None
        The model it was built from (set by :meth:`build`).
    actors : dict[str, list[vtk.vtkProp]]
        The actors by key. The key is the layer's name, or ``"<name>:<child>"`` for children
        toggled one by one (the pipelines' CJJ 61 classes: ``"pipelines:JS"``).
    renderer : vtk.vtkRenderer or None
        Where it is attached.
    suppressed : bool
        Hidden by the scene, whatever the layer says (glyphs when the camera is far).
    context : FrameContext
        The scene's frame context (viewport, dragging, level-of-detail settings, tile loader).
    """

    #: The layer kind this view draws (a value of ``layers.layer.KINDS``).
    kind = ""
    #: Whether a click in the 3D view asks this view's :meth:`pick` (mesh picking; glyphs are
    #: picked by hardware selection instead).
    pickable = False
    #: Whether the scene builds this view on a worker thread while it builds the others: for
    #: a build that mostly waits on work releasing the GIL (GDAL decoding, numpy), the
    #: terrain's. Such a build touches nothing another view's build writes.
    build_aside = False
    #: Whether what the view draws depends on the map's time and scenario (it reads features
    #: standing then): such a view is built again when they change, unless its
    #: :meth:`update` follows ``"time"`` itself (buildings, pipes, glyphs and draped layers
    #: hide and show what is loaded; another scenario reads them again).
    timed = False

    def __init__(self, layer: Layer, origin: Origin) -> None:
        self.layer = layer
        self.origin = origin
        self.model: CityModel | None = None
        self.actors: dict[str, list[vtk.vtkProp]] = {}
        self.renderer: vtk.vtkRenderer | None = None
        self.suppressed = False
        self.hidden_children: set[str] = set()  # child keys the user switched off
        self.context: FrameContext = DETACHED
        #: What :meth:`build` left for later: ``(work, done)``, ``work()`` off the GUI thread
        #: (reading a big table's index), ``done(result)`` on it. The scene hands it to the
        #: loader at the first frame, so the first frame does not wait for big tables.
        self.deferred: tuple[Callable[[], Any], Callable[[Any], None]] | None = None

    # -- the protocol --------------------------------------------------------------------------
    def build(self, model: CityModel) -> None:
        """Read and mesh the layer's data, make ``self.actors`` (off the GUI thread, no
        renderer). Subclasses call ``super().build(model)`` first or set ``self.model``."""
        self.model = model

    def attach(self, renderer: vtk.vtkRenderer) -> None:
        """Put the actors into ``renderer`` and apply the layer's state (GUI thread)."""
        self.renderer = renderer
        for prop in self.props():
            renderer.AddActor(prop)
        for what in ("style", "opacity", "visible"):
            self.update(what)

    def update(self, what: str) -> bool:
        """Follow a change of the layer or the model (GUI thread); False: build me again."""
        if what == "visible" or what == "lod":
            self.apply_visibility()
        elif what == "opacity":
            for prop in self.props():
                if hasattr(prop, "GetProperty"):
                    prop.GetProperty().SetOpacity(self.layer.opacity)
        elif what == "source":
            return False
        elif what == "time":
            return not self.timed
        return True

    def detach(self) -> None:
        """Take the actors out of the renderer (they are kept: attach again to show them)."""
        if self.renderer is not None:
            for prop in self.props():
                self.renderer.RemoveActor(prop)
        self.renderer = None

    def props(self) -> list[vtk.vtkProp]:
        """Every actor of the view."""
        return [p for props in self.actors.values() for p in props]

    def pick(self, prop: vtk.vtkProp, cell: int, dataset: Any = None) -> tuple[str, int] | None:
        """(layer name, fid) of a picked cell of one of this view's actors, or None.

        ``dataset`` is the data set the picker hit (a tile's copy may differ from the mesh
        built). Solids answer with the buildings layer: a solid is a building.
        """
        return None

    def start_deferred(self) -> bool:
        """Hand :attr:`deferred` to the loader, once, when the layer is shown (in place without
        a loader); True when it finished at once."""
        if self.deferred is None or not self.shown:
            return False  # a hidden layer reads its tree when it is first shown
        work, done = self.deferred
        self.deferred = None
        finished = []

        def arrived(result: Any) -> None:
            done(result)
            finished.append(True)
            self.context.render()

        def failed(exc: BaseException) -> None:
            self.context.report_failure(self.layer.name, exc)

        self.context.submit(f"build:{self.layer.name}", work, arrived, -1.0, failed)
        return bool(finished)

    def frame(self, camera: vtk.vtkCamera) -> bool:
        """Called before each render; True when the view changed what it shows (level of
        detail, labels facing the camera). Cheap: it runs on every frame."""
        return False

    # -- helpers -------------------------------------------------------------------------------
    @property
    def shown(self) -> bool:
        """Whether the layer's actors should be visible (the layer on, not suppressed)."""
        return self.layer.visible and not self.suppressed

    def apply_visibility(self) -> None:
        """Show or hide every actor (a child key switched off stays hidden)."""
        on = self.shown
        for key, props in self.actors.items():
            for prop in props:
                prop.SetVisibility(on and key not in self.hidden_children)

    def set_child_visible(self, key: str, visible: bool) -> None:
        """Show or hide one child (``"pipelines:JS"``) within the layer."""
        (self.hidden_children.discard if visible else self.hidden_children.add)(key)
        self.apply_visibility()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.layer.name!r})"


def mesh_actor(mesh: Any, rgb: tuple[int, int, int]) -> Any:
    """A pyvista actor drawing ``mesh`` (a PolyData) in one colour (its scalars off).

    The mapper is a plain ``vtkPolyDataMapper``: a ``vtkDataSetMapper`` connects its inner
    surface filter while rendering, and collecting the input it replaced there (VTK's garbage
    collector, under its lock) can wait for Python's lock while a tile loader holds that one
    and waits for the garbage collector's: the window froze so. Tiles are PolyData anyway."""
    import pyvista as pv
    import vtk

    mapper = vtk.vtkPolyDataMapper()
    mapper.SetInputData(mesh)
    mapper.ScalarVisibilityOff()
    actor = pv.Actor(mapper=mapper)
    actor.prop.color = tuple(c / 255 for c in rgb)
    return actor


def cell_fids(mesh: Any) -> np.ndarray:
    """The ``fid`` cell values of a VTK data set (none without that array)."""
    from vtkmodules.util.numpy_support import vtk_to_numpy

    array = mesh.GetCellData().GetArray("fid")
    return np.zeros(0, np.int64) if array is None else vtk_to_numpy(array)


def draw_cells(actor: Any, mesh: Any, left_out: np.ndarray | None) -> None:
    """Draw ``mesh`` through ``actor``'s mapper without the cells ``left_out`` marks (bool per
    cell; None or nothing marked: all of it): what the time slider and an open BIM hide,
    without meshing again (GUI thread)."""
    from viewer.bim_mesh import subset_cells

    mapper = actor.GetMapper()
    if left_out is not None and left_out.any():
        mapper.SetInputData(subset_cells(mesh, ~left_out))
    elif mapper.GetInput() is not mesh:
        mapper.SetInputData(mesh)


def picked_fid(dataset: Any, cell: int) -> int | None:
    """The ``fid`` cell value of a picked cell of a VTK data set, or None."""
    if dataset is None or cell < 0:
        return None
    fids = dataset.GetCellData().GetArray("fid")
    if fids is None or cell >= fids.GetNumberOfTuples():
        return None
    return int(fids.GetTuple1(cell))
