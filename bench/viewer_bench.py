"""Benchmark: the viewer's cold start, frame time and actor count (offscreen VTK), print JSON.

    python bench/viewer_bench.py [--buildings 4000 10000] [--cache-dir DIR] [--frames 60]

For each size N, builds the sample city cache (or reuses DIR/city_N/sample_city.gpkg), then:

* cold start: a fresh Python process (``python -c``) imports the viewer, opens the cache, builds
  the scene data, fills a pyvista offscreen Plotter of 1280×800 through ``viewer.scene.Scene``
  and renders once. Times are wall clock from just before the process is spawned (Python's own
  start-up included), with the split the child reports.
* frame time: a fixed camera path (the overview camera, then 60 azimuth steps of 6°, a full
  orbit) rendered with ``vtkRenderWindow.Render()`` in a loop after 5 warm-up frames, each frame
  finished with ``WaitForCompletion`` (glFinish). Baseline in the same run: bare VTK drawing the
  same triangles: terrain, every building tile and every pipe class appended into ONE vtkPolyData
  with a plain vtkPolyDataMapper and one actor (no glyphs), in its own render window of the same
  size and multisampling. The Scene is timed as the viewer shows it (all layers, glyphs
  included) and with the glyph layers hidden (the same triangles as the baseline); the baseline
  is also timed with copies of the Plotter's lights (pyvista's light kit) instead of VTK's one
  headlight, to tell the cost of the lights from the cost of the scene's structure. Rounds
  alternate Scene and baseline; the figures are medians over rounds of the per-round mean.
* draped layers (roads, water, parcels, addresses …: the ``vectors`` layers): the Scene is
  also timed with them hidden, in the same rounds (``scene_no_draped``); the goal is
  ``scene`` ≤ 1.2 × ``scene_no_draped``. As orbits on a shared machine drift with its
  load, the same orbit is also rendered with the draped layers on and off at each step,
  back to back (``draped_on_off_paired``: the median of the per-frame ratios).
  Separately, a synthetic layer of ``--draped-features`` polygons (10–40 m rotated
  rectangles over the DEM) is meshed by ``viewer.views.vectors.VectorsView`` in a new
  layer's style (filled) and drawn once: the goal is ≤ 3 s from being added (its data in
  hand) to its first frame; a frame with 2 px outlines on (wide lines are slow on software
  OpenGL) is reported beside it.
* actors: the VTK props in the Scene's renderer, per layer; the building tiles are one actor each
  (at most MAX_PER_TILE buildings per tile), so the count grows by tiles, not by buildings.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from common import city_cache  # noqa: E402  (bench/ is the script's folder)

SIZE = (1280, 800)
GLYPH_LAYERS = ("pipe_points", "poles")

#: The cold-start child: argv[1] = cache path, argv[2] = wall-clock time the parent spawned it.
#: Prints one JSON line of wall-clock marks (seconds since the spawn).
_CHILD = r"""
import sys, time
t_main = time.time()
import json
spawn = float(sys.argv[2])
import pyvista as pv
import vtk
from store.cache import Cache
from viewer.scene import Scene, build_scene_data
import viewer.buildings_mesh, viewer.glyphs, viewer.pipes_mesh, viewer.terrain_mesh
t_imports = time.time()
cache = Cache.open(sys.argv[1])
t_open = time.time()
data = build_scene_data(cache)
t_data = time.time()
plotter = pv.Plotter(off_screen=True, window_size=[1280, 800])
scene = Scene(plotter.renderer)
scene.populate(data)
plotter.camera_set = True
t_populate = time.time()
win = plotter.render_window
win.Render()
win.WaitForCompletion()
t_render = time.time()
grab = vtk.vtkWindowToImageFilter()
grab.SetInput(win)
grab.Update()
rgb = pv.wrap(grab.GetOutput()).active_scalars
bg = (rgb == rgb[0]).all(axis=-1).mean()
print(json.dumps({"main": t_main - spawn, "imports": t_imports - spawn, "open": t_open - spawn,
                  "data": t_data - spawn, "populate": t_populate - spawn,
                  "render": t_render - spawn, "window_class": win.GetClassName(),
                  "drawn_pixels": round(1.0 - float(bg), 3),
                  "actors": plotter.renderer.GetViewProps().GetNumberOfItems()}), flush=True)
"""


def cold_start(cache_path: Path, runs: int) -> dict:
    """Best-of-runs (by total) cold start in a fresh interpreter; every run's total too."""
    results = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    for _ in range(runs):
        spawn = time.time()
        proc = subprocess.run([sys.executable, "-c", _CHILD, str(cache_path), repr(spawn)],
                              cwd=ROOT, env=env, capture_output=True, text=True)
        exited = time.time() - spawn
        if proc.returncode != 0:
            raise SystemExit(f"cold-start child failed:\n{proc.stderr}")
        marks = json.loads(proc.stdout.strip().splitlines()[-1])
        marks["exited"] = exited
        results.append(marks)
    best = min(results, key=lambda m: m["render"])
    return {
        "total_to_first_frame_s": round(best["render"], 3),
        "split_s": {
            "python_startup": round(best["main"], 3),
            "imports": round(best["imports"] - best["main"], 3),
            "open_cache": round(best["open"] - best["imports"], 3),
            "scene_data": round(best["data"] - best["open"], 3),
            "populate_plotter": round(best["populate"] - best["data"], 3),
            "first_render": round(best["render"] - best["populate"], 3),
        },
        "process_exit_s": round(best["exited"], 3),
        "runs": runs,
        "all_totals_s": [round(m["render"], 3) for m in results],
        "render_window": best["window_class"],
        "drawn_pixel_fraction": best["drawn_pixels"],
    }


def _merged(data) -> object:  # SceneData -> vtkPolyData
    import vtk

    append = vtk.vtkAppendPolyData()
    meshes = ([data.terrain] if data.terrain is not None else []) + list(data.buildings) + list(
        data.pipes.values())
    for mesh in meshes:
        append.AddInputData(mesh)
    append.Update()
    out = vtk.vtkPolyData()
    out.ShallowCopy(append.GetOutput())
    return out


def _bare_window(poly, multisamples: int, lights=None):
    """One actor, plain vtkPolyDataMapper; lights: copies of these instead of VTK's headlight."""
    import vtk

    from viewer.scene import BACKGROUND

    mapper = vtk.vtkPolyDataMapper()
    mapper.SetInputData(poly)
    mapper.ScalarVisibilityOff()
    actor = vtk.vtkActor()
    actor.SetMapper(mapper)
    actor.GetProperty().SetColor(232 / 255, 232 / 255, 228 / 255)
    renderer = vtk.vtkRenderer()
    renderer.SetBackground(*BACKGROUND)
    renderer.AddActor(actor)
    if lights is not None:
        renderer.AutomaticLightCreationOff()
        for i in range(lights.GetNumberOfItems()):
            light = vtk.vtkLight()
            light.DeepCopy(lights.GetItemAsObject(i))
            renderer.AddLight(light)
    win = vtk.vtkRenderWindow()
    win.SetOffScreenRendering(1)
    win.SetMultiSamples(multisamples)
    win.SetSize(*SIZE)
    win.AddRenderer(renderer)
    return win, renderer


def _orbit(win, renderer, start_camera, frames: int, warmup: int) -> list[float]:
    """ms per frame along the fixed path: start camera, then frames × 360/frames° azimuth."""
    cam = renderer.GetActiveCamera()
    cam.DeepCopy(start_camera)
    step = 360.0 / frames
    for _ in range(warmup):
        cam.Azimuth(step)
        renderer.ResetCameraClippingRange()
        win.Render()
    win.WaitForCompletion()
    cam.DeepCopy(start_camera)
    times = []
    for _ in range(frames):
        cam.Azimuth(step)
        t = time.perf_counter()
        renderer.ResetCameraClippingRange()
        win.Render()
        win.WaitForCompletion()
        times.append((time.perf_counter() - t) * 1000)
    return times


def _paired(win, renderer, start_camera, frames: int, layers: list) -> dict:
    """Draped layers on and off at each camera step of the orbit, back to back, so both see
    the same load on a shared machine: mean ms of each, and the median per-frame ratio."""
    cam = renderer.GetActiveCamera()
    cam.DeepCopy(start_camera)
    on_ms, off_ms = [], []
    for _ in range(frames):
        cam.Azimuth(360.0 / frames)
        renderer.ResetCameraClippingRange()
        for visible, out in ((True, on_ms), (False, off_ms)):
            for layer in layers:
                layer.visible = visible
            win.Render()  # the first render after a toggle is not timed
            win.WaitForCompletion()
            t = time.perf_counter()
            win.Render()
            win.WaitForCompletion()
            out.append((time.perf_counter() - t) * 1000)
    for layer in layers:
        layer.visible = True
    return {"on_ms_per_frame": round(statistics.fmean(on_ms), 2),
            "off_ms_per_frame": round(statistics.fmean(off_ms), 2),
            "ratio_median_of_frames": round(statistics.median(
                a / b for a, b in zip(on_ms, off_ms, strict=True)), 3),
            "frames": frames, "goal_ratio": 1.2}


def _summary(rounds: list[list[float]]) -> dict:
    means = [statistics.fmean(r) for r in rounds]
    flat = sorted(t for r in rounds for t in r)
    return {"ms_per_frame": round(statistics.median(means), 2),
            "round_means_ms": [round(m, 2) for m in means],
            "median_frame_ms": round(statistics.median(flat), 2),
            "p95_frame_ms": round(flat[int(0.95 * (len(flat) - 1))], 2)}


def frames_and_actors(cache_path: Path, frames: int, warmup: int, rounds: int) -> dict:
    import pyvista as pv
    import vtk

    from store.cache import Cache
    from viewer.scene import Scene, build_scene_data

    with Cache.open(cache_path) as cache:
        n_buildings = cache.count("buildings")
        data = build_scene_data(cache)
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    scene = Scene(plotter.renderer)
    scene.populate(data)
    plotter.camera_set = True
    win, ren = plotter.render_window, plotter.renderer
    # As in the app (app/view3d.py): the glyph level of detail is updated before every render.
    ren.AddObserver("StartEvent", lambda *_: scene.update_level_of_detail())
    start = vtk.vtkCamera()
    start.DeepCopy(ren.GetActiveCamera())  # the overview camera of reset_camera()
    poly = _merged(data)
    bare_win, bare_ren = _bare_window(poly, win.GetMultiSamples())
    kit_win, kit_ren = _bare_window(poly, win.GetMultiSamples(), ren.GetLights())

    timed: dict[str, list[list[float]]] = {"scene": [], "scene_no_glyphs": [], "bare": [],
                                           "bare_scene_lights": [], "scene_no_draped": []}
    draped = [layer for layer in data.model.layers if layer.kind == "vectors" and layer.visible]
    for _ in range(rounds):
        for key in GLYPH_LAYERS:
            scene.set_visible(key, True)
        timed["scene"].append(_orbit(win, ren, start, frames, warmup))
        for layer in draped:
            layer.visible = False
        timed["scene_no_draped"].append(_orbit(win, ren, start, frames, warmup))
        for layer in draped:
            layer.visible = True
        for key in GLYPH_LAYERS:
            scene.set_visible(key, False)
        timed["scene_no_glyphs"].append(_orbit(win, ren, start, frames, warmup))
        timed["bare"].append(_orbit(bare_win, bare_ren, start, frames, warmup))
        timed["bare_scene_lights"].append(_orbit(kit_win, kit_ren, start, frames, warmup))
    for key in GLYPH_LAYERS:
        scene.set_visible(key, True)
    paired = _paired(win, ren, start, frames, draped)

    per_layer = {k: len(v) for k, v in scene.actors.items()}
    tris = vtk.vtkTriangleFilter()
    tris.SetInputData(poly)
    tris.Update()
    summary = {k: _summary(v) for k, v in timed.items()}
    bare_ms = summary["bare"]["ms_per_frame"]
    result = {
        "buildings": n_buildings,
        "actors": {
            "vtk_props_in_renderer": ren.GetViewProps().GetNumberOfItems(),
            "vtk_actors_in_renderer": ren.GetActors().GetNumberOfItems(),
            "building_tiles": per_layer.get("buildings", 0),
            "per_layer": per_layer,
        },
        "frame_time": {
            "size": list(SIZE), "frames": frames, "warmup_frames": warmup, "rounds": rounds,
            "azimuth_step_deg": 360.0 / frames, "multisamples": win.GetMultiSamples(),
            "scene_lights": ren.GetLights().GetNumberOfItems(),
            "bare_lights": bare_ren.GetLights().GetNumberOfItems(),
            "baseline_triangles": tris.GetOutput().GetNumberOfCells(),
            "baseline_cells": poly.GetNumberOfCells(),
            "baseline_points": poly.GetNumberOfPoints(),
            **{k: v for k, v in summary.items()},
            "ratio_scene_to_bare": round(summary["scene"]["ms_per_frame"] / bare_ms, 2),
            "ratio_scene_no_glyphs_to_bare": round(
                summary["scene_no_glyphs"]["ms_per_frame"] / bare_ms, 2),
            "ratio_scene_no_glyphs_to_bare_scene_lights": round(
                summary["scene_no_glyphs"]["ms_per_frame"]
                / summary["bare_scene_lights"]["ms_per_frame"], 2),
            "goal_ratio": 1.2,
            "draped_layers": [layer.name for layer in draped],
            "ratio_draped_on_to_off": round(summary["scene"]["ms_per_frame"]
                                            / summary["scene_no_draped"]["ms_per_frame"], 2),
            "goal_ratio_draped": 1.2,
            "draped_on_off_paired": paired,
        },
    }
    bare_win.Finalize()
    kit_win.Finalize()
    plotter.close()
    return result


def draped_layer_build(cache_path: Path, n: int) -> dict:
    """Seconds from a layer of ``n`` synthetic polygons being added (its VectorData in hand)
    to its first frame: meshing (VectorsView), attaching, one render."""
    import numpy as np
    import pyvista as pv
    import shapely

    from layers.layer import Layer, Source, Style
    from layers.terrain import dem_grid
    from layers.vectors import VectorData
    from store.cache import Cache
    from viewer.origin import Origin
    from viewer.views.vectors import VectorsView

    with Cache.open(cache_path) as cache:
        grid = dem_grid(cache)
    x0, y0, x1, y1 = grid.bounds()
    rng = np.random.default_rng(11)
    cx, cy = rng.uniform(x0 + 50, x1 - 50, n), rng.uniform(y0 + 50, y1 - 50, n)
    w, h, a = rng.uniform(10, 40, n), rng.uniform(10, 40, n), rng.uniform(0, np.pi, n)
    corners = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]]) / 2.0
    dx = corners[None, :, 0] * w[:, None]
    dy = corners[None, :, 1] * h[:, None]
    xs = cx[:, None] + dx * np.cos(a)[:, None] - dy * np.sin(a)[:, None]
    ys = cy[:, None] + dx * np.sin(a)[:, None] + dy * np.cos(a)[:, None]
    polys = shapely.polygons(np.stack([xs, ys], axis=2))
    kind = np.array(["A", "B", "C"], dtype=object)[rng.integers(0, 3, n)]
    data = VectorData("synthetic", "polygon", np.arange(1, n + 1), polys, {"kind": kind})
    layer = Layer("synthetic", "vectors", Source(table="synthetic"),
                  style=Style(rgb=(120, 170, 220)))  # a new layer's style: filled
    origin = Origin.of_extent((x0, y0, x1, y1))
    plotter = pv.Plotter(off_screen=True, window_size=list(SIZE))
    t0 = time.perf_counter()
    view = VectorsView(layer, origin)
    view.mesh(data, grid)
    t_mesh = time.perf_counter()
    view.attach(plotter.renderer)
    plotter.renderer.ResetCamera()
    plotter.render_window.Render()
    plotter.render_window.WaitForCompletion()
    t_frame = time.perf_counter()
    plotter.render_window.Render()
    plotter.render_window.WaitForCompletion()
    t_second = time.perf_counter()
    layer.style = layer.style.with_(outline=(40, 40, 40))  # red-line style: 2 px outlines
    view.update("style")
    plotter.render_window.Render()
    plotter.render_window.WaitForCompletion()
    t_outlined = time.perf_counter()
    plotter.render_window.Render()
    plotter.render_window.WaitForCompletion()
    t_outlined2 = time.perf_counter()
    cells = sum(p.poly.GetNumberOfCells() for p in view.parts)
    drawn = len(view.drawn_fids())
    plotter.close()
    return {"features": n, "features_drawn": drawn, "cells": cells, "actors": len(view.props()),
            "mesh_s": round(t_mesh - t0, 3), "attach_and_first_frame_s": round(t_frame - t_mesh, 3),
            "added_to_first_frame_s": round(t_frame - t0, 3), "goal_s": 3.0,
            "next_frame_s": round(t_second - t_frame, 3),
            "with_2px_outlines_frame_s": round(t_outlined2 - t_outlined, 3)}


def gl_renderer() -> str:
    """The OpenGL renderer string of an offscreen window (software or GPU)."""
    import vtk

    win = vtk.vtkRenderWindow()
    win.SetOffScreenRendering(1)
    win.AddRenderer(vtk.vtkRenderer())
    win.SetSize(8, 8)
    win.Render()
    caps = win.ReportCapabilities() or ""
    line = next((s for s in caps.splitlines() if "opengl renderer" in s.lower()), "")
    win.Finalize()
    return line.split(":", 1)[-1].strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--buildings", type=int, nargs="+", default=[4000, 10_000],
                    help="city sizes (default: the sample city's 4,000 and 10,000)")
    ap.add_argument("--cache-dir", type=Path, help="reuse/keep caches here (city_N/)")
    ap.add_argument("--frames", type=int, default=60)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=1, help="alternating rounds of the orbit")
    ap.add_argument("--cold-runs", type=int, default=3, help="cold starts per size (best kept)")
    ap.add_argument("--draped-features", type=int, default=100_000,
                    help="polygons of the synthetic draped layer (0: skip)")
    args = ap.parse_args(argv)
    # Headless: EGL straight away, not after a failed X connection (VTK >= 9.4 reads this).
    os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    import pyvista as pv
    import vtk

    root = args.cache_dir or Path(tempfile.mkdtemp(prefix="viewer_bench_"))
    results = {}
    try:
        for n in args.buildings:
            path, built_s = city_cache(root, n)
            print(f"{n}: cache ready", file=sys.stderr, flush=True)
            cold = cold_start(path, args.cold_runs)
            print(f"{n}: cold start done", file=sys.stderr, flush=True)
            results[str(n)] = {"city_build_s": built_s, "cold_start": cold,
                               **frames_and_actors(path, args.frames, args.warmup, args.rounds)}
            if args.draped_features:
                results[str(n)]["draped_layer_build"] = draped_layer_build(
                    path, args.draped_features)
            print(f"{n}: frames done", file=sys.stderr, flush=True)
    finally:
        if args.cache_dir is None:
            shutil.rmtree(root, ignore_errors=True)
    sizes = [str(n) for n in args.buildings]
    print(json.dumps({
        "benchmark": "viewer", "python": sys.version.split()[0],
        "vtk": vtk.vtkVersion.GetVTKVersion(), "pyvista": pv.__version__,
        "gl_renderer": gl_renderer(), "cpus": os.cpu_count(),
        "vtk_default_opengl_window": os.environ["VTK_DEFAULT_OPENGL_WINDOW"], "sizes": results,
        "actors_by_size": {n: results[n]["actors"]["vtk_props_in_renderer"] for n in sizes},
        "ms_per_frame_by_size": {n: {k: results[n]["frame_time"][k]["ms_per_frame"]
                                     for k in ("scene", "scene_no_glyphs", "bare",
                                               "bare_scene_lights", "scene_no_draped")}
                                 for n in sizes},
        "draped_on_to_off_by_size": {
            n: results[n]["frame_time"]["draped_on_off_paired"]["ratio_median_of_frames"]
            for n in sizes},
    }, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
