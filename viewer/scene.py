"""The 3D scene of one cache: data built off the GUI thread, then actors in a VTK renderer.

``build_scene_data`` does the heavy work (reading the cache, triangulating, merging per tile) and
touches no renderer, so the app runs it on a worker thread. ``Scene`` puts the result into a
renderer and offers what the layer panel and the toolbar need: visibility, opacity, the housing
theme's colours, underground mode and camera presets. Nothing here imports Qt.

A BIM model (``set_bim``, a :class:`viewer.bim_mesh.BimMesh`) is the "bim" layer: its two
actors (opaque and translucent views of one merged mesh). The white models it replaces are
hidden by fid (``set_hidden_buildings``): the building tiles that hold them draw a copy of
their mesh without those cells, so picking and the housing theme keep working on the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pyvista as pv
import vtk
from vtk.util.numpy_support import vtk_to_numpy

from resources import lookup
from store.cache import Cache
from viewer.origin import Origin

if TYPE_CHECKING:
    from viewer.bim_mesh import BimMesh

Progress = Callable[[str, float], None]

WHITE_MODEL_RGB = (232, 232, 228)
BACKGROUND = (0.78, 0.84, 0.90)
UNDERGROUND_BACKGROUND = (0.10, 0.12, 0.16)
UNDERGROUND_TERRAIN_OPACITY = 0.3
#: Layers of small instanced glyphs, drawn only when the camera is within GLYPH_MAX_DISTANCE of
#: its focal point: farther away a pole or manhole covers a pixel or two, and drawing thousands
#: of them costs ~1.5× per frame on software OpenGL (bench/viewer_bench.py).
GLYPH_LAYERS = ("poles", "pipe_points")
GLYPH_MAX_DISTANCE = 1500.0
#: The search marker (a red pin, tip on the point): its colour, and its height as a fraction of
#: the camera's distance to it, so it keeps about the same size on screen (clamped, m).
MARKER_RGB = (0.86, 0.08, 0.08)
MARKER_SCALE = 0.035
MARKER_HEIGHT = (2.0, 400.0)


@dataclass
class SceneData:
    """Everything the scene draws, built without a renderer."""

    origin: Origin
    extent: tuple[float, float, float, float]
    terrain: pv.PolyData | None = None
    ortho: pv.Texture | None = None  # the orthophoto draped on the terrain, when the cache has one
    buildings: list[pv.PolyData] = field(default_factory=list)  # merged tiles, cell "fid"
    pipes: dict[str, pv.PolyData] = field(default_factory=dict)  # per CJJ 61 class
    poles: vtk.vtkActor | None = None
    pipe_points: vtk.vtkActor | None = None
    seconds: float = 0.0


def build_scene_data(cache: Cache, progress: Progress | None = None) -> SceneData:
    """Read and mesh every layer of the cache (safe to call off the GUI thread)."""
    from viewer.buildings_mesh import load_building_tiles, solid_meshes
    from viewer.glyphs import pipe_point_glyphs, pole_glyphs
    from viewer.pipes_mesh import load_pipes_by_class
    from viewer.terrain_mesh import load_ortho, load_terrain

    t0 = time.perf_counter()
    report = progress or (lambda _step, _fraction: None)
    extent = cache.extent() or (0.0, 0.0, 1.0, 1.0)
    data = SceneData(Origin.of_extent(extent), extent)
    report("terrain", 0.05)
    ortho = load_ortho(cache)
    data.terrain = load_terrain(cache, data.origin, ortho=ortho)
    if ortho is not None and data.terrain is not None:
        data.ortho = ortho.texture()
    report("buildings", 0.25)
    data.buildings = [t.mesh for t in load_building_tiles(cache, data.origin)]
    data.buildings += [t.mesh for t in solid_meshes(cache, data.origin)]
    report("pipelines", 0.65)
    data.pipes = load_pipes_by_class(cache, data.origin)
    report("poles", 0.85)
    data.pipe_points = pipe_point_glyphs(cache, data.origin)
    data.poles = pole_glyphs(cache, data.origin)
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


def _actor(mesh: pv.PolyData, rgb: tuple[int, int, int]) -> pv.Actor:
    mapper = pv.DataSetMapper(mesh)
    mapper.scalar_visibility = False
    actor = pv.Actor(mapper=mapper)
    actor.prop.color = tuple(c / 255 for c in rgb)
    return actor


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
    """The actors of one SceneData in a renderer, by layer key.

    Layer keys: "terrain", "buildings", "pipelines:<class code>" (JS, PS, RQ, RL, DL, TX, …),
    "pipe_points", "poles". Callers render after changes (render on demand).
    """

    def __init__(self, renderer: vtk.vtkRenderer):
        self.renderer = renderer
        self.actors: dict[str, list[vtk.vtkProp]] = {}
        self.data: SceneData | None = None
        self.underground = False
        self._hidden: set[str] = set()  # layer keys the user switched off
        self._far = False  # camera too far for glyphs
        self._marker: vtk.vtkActor | None = None
        self._marker_world: tuple[float, float, float] | None = None
        self._bim: BimMesh | None = None
        self._hidden_fids: frozenset[int] = frozenset()
        renderer.SetBackground(*BACKGROUND)
        _light(renderer)

    def populate(self, data: SceneData) -> None:
        """Replace the scene's content with data (on the GUI thread)."""
        for props in self.actors.values():
            for prop in props:
                self.renderer.RemoveActor(prop)
        self.actors.clear()
        self.set_marker(None)
        self._bim = None
        self._hidden_fids = frozenset()
        self.data = data
        if data.terrain is not None:
            terrain = _actor(data.terrain, (196, 190, 170))
            terrain.prop.backface_culling = False
            if data.ortho is not None:
                terrain.texture = data.ortho
                terrain.prop.color = (1.0, 1.0, 1.0)
            self.actors["terrain"] = [terrain]
        self.actors["buildings"] = [_actor(m, WHITE_MODEL_RGB) for m in data.buildings]
        classes = lookup("pipeline_classes")
        for code, mesh in data.pipes.items():
            rgb = tuple(int(v) for v in classes[code]["dark_bg_rgb"].split(","))
            self.actors[f"pipelines:{code}"] = [_actor(mesh, rgb)]  # type: ignore[arg-type]
        if data.pipe_points is not None:
            self.actors["pipe_points"] = [data.pipe_points]
        if data.poles is not None:
            self.actors["poles"] = [data.poles]
        for key, props in self.actors.items():
            for prop in props:
                self.renderer.AddActor(prop)
            self._apply_visibility(key)
        self.reset_camera()

    # -- layers ------------------------------------------------------------------------------
    def layer_keys(self) -> list[str]:
        return list(self.actors)

    def set_visible(self, key: str, visible: bool) -> None:
        """Show or hide a layer (what the user asked; glyph layers also follow the LOD)."""
        keys = [k for k in self.actors if k == key or k.startswith(f"{key}:")] or [key]
        for k in keys:
            (self._hidden.discard if visible else self._hidden.add)(k)
            self._apply_visibility(k)

    def is_visible(self, key: str) -> bool:
        """Whether the user has the layer on (independent of the level of detail)."""
        keys = [k for k in self.actors if k == key or k.startswith(f"{key}:")]
        return any(k not in self._hidden for k in keys)

    def _apply_visibility(self, key: str) -> None:
        shown = key not in self._hidden and not (self._far and key in GLYPH_LAYERS)
        for prop in self.actors.get(key, []):
            prop.SetVisibility(shown)

    def update_level_of_detail(self) -> bool:
        """Hide the glyph layers when the camera is far (and size the search marker for the
        camera); True when the glyph layers changed."""
        self._scale_marker()
        far = self.renderer.GetActiveCamera().GetDistance() > GLYPH_MAX_DISTANCE
        if far == self._far:
            return False
        self._far = far
        for key in GLYPH_LAYERS:
            self._apply_visibility(key)
        return True

    def set_opacity(self, key: str, opacity: float) -> None:
        for prop in self._props(key):
            if isinstance(prop, vtk.vtkActor):
                prop.GetProperty().SetOpacity(opacity)

    def _props(self, key: str) -> list[vtk.vtkProp]:
        if key == "pipelines":
            return [p for k, v in self.actors.items() if k.startswith("pipelines:") for p in v]
        return self.actors.get(key, [])

    def color_buildings(self, fids: np.ndarray | None, rgb: np.ndarray | None = None) -> None:
        """Colour buildings per feature (rgb: (n, 3) uint8 for fids), or back to white models."""
        lut = None
        if fids is not None and rgb is not None and len(fids):
            lut = np.tile(np.array(WHITE_MODEL_RGB, np.uint8), (int(fids.max()) + 1, 1))
            lut[fids] = rgb
        for actor, mesh in zip(self.actors.get("buildings", []),
                               self.data.buildings if self.data else [], strict=False):
            mapper = actor.GetMapper()
            if lut is None:
                mapper.ScalarVisibilityOff()
                continue
            cell_fids = np.asarray(mesh.cell_data["fid"])
            safe = np.clip(cell_fids, 0, len(lut) - 1)
            mesh.cell_data["theme_rgb"] = lut[safe]
            mapper.SetScalarModeToUseCellFieldData()
            mapper.SelectColorArray("theme_rgb")
            mapper.SetColorModeToDirectScalars()
            mapper.ScalarVisibilityOn()
        if self._hidden_fids:
            self._apply_hidden_buildings()  # the tiles' copies take the new colours

    # -- BIM ---------------------------------------------------------------------------------
    @property
    def bim(self) -> BimMesh | None:
        """The BIM model shown (layer "bim"), or None."""
        return self._bim

    def set_bim(self, mesh: BimMesh | None) -> None:
        """Show a BIM model (replacing the one shown), or remove it with None. The white models
        it replaces are hidden separately (``set_hidden_buildings``)."""
        for prop in self.actors.pop("bim", []):
            self.renderer.RemoveActor(prop)
        self._bim = mesh
        if mesh is None:
            return
        self.actors["bim"] = list(mesh.actors)
        for prop in mesh.actors:
            self.renderer.AddActor(prop)
        self._apply_visibility("bim")

    def bim_element_at(self, prop: vtk.vtkProp | None, cell: int) -> int | None:
        """The IFC element id of a picked cell of the BIM's actors, or None."""
        return self._bim.element_at(prop, cell) if self._bim is not None else None

    @property
    def hidden_buildings(self) -> frozenset[int]:
        """fids of the white models hidden (under the BIM)."""
        return self._hidden_fids

    def set_hidden_buildings(self, fids: Iterable[int]) -> None:
        """Hide these white models (fids of the buildings layer); an empty list shows all."""
        self._hidden_fids = frozenset(int(f) for f in fids)
        self._apply_hidden_buildings()

    def _apply_hidden_buildings(self) -> None:
        from viewer.bim_mesh import subset_cells

        hide = np.fromiter(self._hidden_fids, dtype=np.int64, count=len(self._hidden_fids))
        for actor, mesh in zip(self.actors.get("buildings", []),
                               self.data.buildings if self.data else [], strict=False):
            mapper = actor.GetMapper()
            if len(hide) and "fid" in mesh.cell_data:
                gone = np.isin(np.asarray(mesh.cell_data["fid"]), hide)
                if gone.any():
                    mapper.SetInputData(subset_cells(mesh, ~gone))
                    continue
            if mapper.GetInput() is not mesh:
                mapper.SetInputData(mesh)

    def visible_building_fids(self) -> np.ndarray:
        """fids of the white models drawn (tiles' current meshes; layer visibility aside)."""
        parts = []
        for actor in self.actors.get("buildings", []):
            poly = actor.GetMapper().GetInput()
            array = poly.GetCellData().GetArray("fid") if poly is not None else None
            if array is not None and array.GetNumberOfTuples():
                parts.append(np.unique(vtk_to_numpy(array)))
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)

    # -- styles ------------------------------------------------------------------------------
    def set_pipeline_palette(self, dark: bool) -> None:
        """Pipelines in the dark-background colours (black legible) or the CJJ 61 standard's."""
        classes = lookup("pipeline_classes")
        column = "dark_bg_rgb" if dark else "rgb"
        for key, props in self.actors.items():
            if key.startswith("pipelines:"):
                rgb = [int(v) / 255 for v in classes[key.split(":", 1)[1]][column].split(",")]
                for prop in props:
                    prop.GetProperty().SetColor(*rgb)

    def color_poles(self, fids: np.ndarray, rgb: np.ndarray) -> None:
        """Recolour pole glyphs per feature (rgb: (n, 3) uint8 for fids)."""
        for actor in self.actors.get("poles", []):
            points = actor.GetMapper().GetInputDataObject(0, 0)
            ids = vtk_to_numpy(points.GetPointData().GetArray("fid"))
            colors = vtk_to_numpy(points.GetPointData().GetArray("colors"))
            order = np.argsort(fids)
            pos = np.clip(np.searchsorted(fids, ids, sorter=order), 0, len(fids) - 1)
            found = fids[order][pos] == ids
            colors[found] = np.asarray(rgb, np.uint8)[order][pos[found]]
            points.GetPointData().GetArray("colors").Modified()
            points.Modified()

    def set_terrain_style(self, style: str) -> None:
        """'shaded' (one colour, or the orthophoto) or 'elevation' (hypsometric tint)."""
        for actor in self.actors.get("terrain", []):
            mapper = actor.GetMapper()
            if style == "elevation" and self.data is not None and self.data.terrain is not None:
                z = self.data.terrain.point_data["elevation"]
                lut = vtk.vtkLookupTable()
                lut.SetHueRange(0.33, 0.02)  # green lowlands to brown hills
                lut.SetSaturationRange(0.45, 0.45)
                lut.SetValueRange(0.75, 0.9)
                lut.Build()
                mapper.SetLookupTable(lut)
                mapper.SetScalarModeToUsePointFieldData()
                mapper.SelectColorArray("elevation")
                mapper.SetScalarRange(float(np.nanmin(z)), float(np.nanmax(z)))
                mapper.ScalarVisibilityOn()
            else:
                mapper.ScalarVisibilityOff()

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

    # -- underground mode --------------------------------------------------------------------
    def set_underground(self, on: bool, *, hide_buildings: bool | None = None) -> None:
        """See the pipe network: translucent terrain, dark background. hide_buildings=None
        leaves the buildings' visibility as it is."""
        self.underground = on
        self.set_opacity("terrain", UNDERGROUND_TERRAIN_OPACITY if on else 1.0)
        self.renderer.SetBackground(*(UNDERGROUND_BACKGROUND if on else BACKGROUND))
        if hide_buildings is not None:
            self.set_visible("buildings", not (on and hide_buildings))

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
        if self.data.terrain is not None:
            z0 = float(np.nanmedian(self.data.terrain.points[:, 2]))
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


def render_screenshot(cache: Cache, out: str, *, size: tuple[int, int] = (1600, 1000),
                      camera: str | None = None, layers: list[str] | None = None,
                      underground: bool = False, theme: str | None = None) -> dict:
    """Render the cache to a PNG without a window (VTK falls back to EGL/OSMesa headless).

    camera: 'overview', 'top', or 'x,y,z,fx,fy,fz' in the cache CRS; layers: keys to show
    (default all; 'pipelines' means every class); theme: a housing attribute to colour by."""
    data = build_scene_data(cache)
    plotter = pv.Plotter(off_screen=True, window_size=list(size))
    scene = Scene(plotter.renderer)
    scene.populate(data)
    if layers is not None:
        wanted = set(layers)
        for key in scene.layer_keys():
            group = key.split(":")[0]
            scene.set_visible(key, key in wanted or group in wanted)
    if theme:
        from layers.housing import classify

        cls = classify(cache, theme)
        scene.color_buildings(cls.fids, cls.colors())
    scene.set_underground(underground)
    if camera in (None, "overview", "top", "north"):
        scene.reset_camera(camera or "overview")
    else:
        values = [float(v) for v in str(camera).split(",")]
        if len(values) != 6:
            raise ValueError("--camera takes 'overview', 'top' or six numbers x,y,z,fx,fy,fz")
        scene.set_camera(tuple(values[:3]), tuple(values[3:]))  # type: ignore[arg-type]
    scene.update_level_of_detail()
    plotter.camera_set = True  # pyvista would otherwise reset to its isometric view
    plotter.screenshot(out)
    plotter.close()
    return {"file": out, "size": list(size), "scene_seconds": round(data.seconds, 2),
            "actors": sum(len(v) for v in scene.actors.values())}
