"""Benchmark: the city by level of detail at 10k, 100k and 1M buildings; print JSON.

    python bench/lod_bench.py [--buildings 10000 100000 1000000] [--cache-dir DIR]
                              [--everything 10000 100000] [--steps 8] [--repeat 2]

For each size N (the sample city of N buildings, built under DIR unless there) a fresh Python
process opens the cache as the window does (``build_scene_data`` → ``Scene.populate``) in an
offscreen 1280×800 window with the window's multisampling, and measures:

* **cold start**: wall clock from the spawn (Python's start-up included) to the first frame
  (``first_frame_s``: what the window shows at once, before far tiles arrive), and to the
  settled first frame (``settled_s``: every tile the overview needs loaded, in place);
* **frames** along two fixed camera paths, ``--steps`` camera positions each, the scene settled
  (tiles loaded, not timed) before ``--repeat`` timed renders per position (``glFinish``): an
  **overview** orbiting the whole city, and **street level** (60 m up at the city centre,
  looking 1 km ahead, turning round; the haze seen from the street at ``--haze-km``, 5 km by
  default as in the window, 0 for none);
* **triangles per frame**: the cells of every visible actor (glyph instances counted);
* **dragging**: the same overview positions with ``Scene.set_dragging(True)`` (coarser tiles,
  no multisampling) against the still frames;
* **peak memory** of the process (ru_maxrss).

The baseline, in the same run: the same code told to draw everything (the screen-space error
allowed ~0 and no byte budget: every leaf tile at full detail, as the scene drew before level
of detail) at the sizes of ``--everything``.

Goals (issue 13): frame(1M) ≤ 1.5 × frame(10k) at both cameras; cold start(1M) ≤ 2 ×
cold start(10k); peak memory(1M) ≤ 3 GB; a dragging frame ≤ ⅓ of a still frame.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from common import city_cache  # noqa: E402  (bench/ is the script's folder)

from layers.haze import VISIBILITY  # noqa: E402

SIZE = (1280, 800)
MULTISAMPLES = 8  # what the window's render window uses by default

_CHILD = r"""
import sys, time, json, resource, statistics
t_main = time.time()
spawn = float(sys.argv[2]); mode = sys.argv[3]; steps = int(sys.argv[4]); repeat = int(sys.argv[5])
multisamples = int(sys.argv[6]); haze_km = float(sys.argv[7])
import numpy as np
import pyvista as pv
import vtk
from store.cache import Cache
from layers.model import CityModel
from viewer.scene import Scene, build_scene_data
t_imports = time.time()
cache = Cache.open(sys.argv[1])
model = CityModel()
model.open(cache)
if haze_km > 0:
    model.lod.update(visibility_km=haze_km)
else:
    model.lod.update(haze=False)
t_open = time.time()
data = build_scene_data(model)
t_data = time.time()
plotter = pv.Plotter(off_screen=True, window_size=[1280, 800])
win = plotter.render_window
win.SetMultiSamples(multisamples)
scene = Scene(plotter.renderer)
if mode == "everything":
    scene.context.max_sse = 1e-6
    scene.context.budget_bytes = 1 << 50
scene.populate(data)
if mode == "everything":  # populate re-binds the model's settings: override again
    scene.context.max_sse = 1e-6
    scene.context.budget_bytes = 1 << 50
plotter.camera_set = True
ren = plotter.renderer
scene.reset_camera("overview")
t_populate = time.time()
win.Render(); win.WaitForCompletion()
t_first = time.time()
rounds = scene.settle()
ren.ResetCameraClippingRange()
win.Render(); win.WaitForCompletion()
t_settled = time.time()

def triangles():
    total = 0
    props = ren.GetViewProps()
    props.InitTraversal()
    for _ in range(props.GetNumberOfItems()):
        p = props.GetNextProp()
        if not p.GetVisibility() or not hasattr(p, "GetMapper") or p.GetMapper() is None:
            continue
        m = p.GetMapper()
        data_in = m.GetInputDataObject(0, 0)
        if data_in is None:
            continue
        if isinstance(m, vtk.vtkGlyph3DMapper):
            src = m.GetInputDataObject(1, 0)
            per = src.GetNumberOfCells() if hasattr(src, "GetNumberOfCells") else 1
            total += data_in.GetNumberOfPoints() * per
        elif hasattr(data_in, "GetNumberOfCells"):
            total += data_in.GetNumberOfCells()
    return total

cam = ren.GetActiveCamera()
start = vtk.vtkCamera(); start.DeepCopy(cam)
focal_z = cam.GetFocalPoint()[2]

def path(kind):
    cam.DeepCopy(start)
    if kind == "street":
        fx, fy, _ = start.GetFocalPoint()
        cam.SetPosition(fx, fy - 300.0, focal_z + 60.0)
        cam.SetFocalPoint(fx, fy + 700.0, focal_z)
        cam.SetViewUp(0, 0, 1)
    for _ in range(steps):
        if kind == "street":
            cam.Yaw(360.0 / steps)
        else:
            cam.Azimuth(360.0 / steps)
        cam.OrthogonalizeViewUp()
        yield

def run(kind, dragging=False):
    scene.set_dragging(dragging)
    ms, tris = [], []
    for _ in path(kind):
        scene.settle()
        ren.ResetCameraClippingRange()
        win.Render(); win.WaitForCompletion()  # warm: new tiles go to the GPU
        for _ in range(repeat):
            t = time.perf_counter()
            win.Render(); win.WaitForCompletion()
            ms.append((time.perf_counter() - t) * 1000)
        tris.append(triangles())
    scene.set_dragging(False)
    return {"frame_ms_median": round(statistics.median(ms), 1),
            "frame_ms_mean": round(statistics.fmean(ms), 1),
            "triangles_median": int(statistics.median(tris)), "triangles_max": int(max(tris))}

out = {"mode": mode, "first_frame_s": round(t_first - spawn, 3),
       "settled_s": round(t_settled - spawn, 3), "settle_rounds": rounds,
       "split_s": {"python_startup": round(t_main - spawn, 3),
                   "imports": round(t_imports - t_main, 3), "open": round(t_open - t_imports, 3),
                   "scene_data": round(t_data - t_open, 3),
                   "populate": round(t_populate - t_data, 3),
                   "first_render": round(t_first - t_populate, 3),
                   "settle_and_render": round(t_settled - t_first, 3)},
       "triangles_first_frame": triangles()}
out["overview"] = run("overview")
out["street"] = run("street")
out["overview_dragging"] = run("overview", dragging=True)
out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
plotter.close()
print(json.dumps(out), flush=True)
"""


def measure(cache_path: Path, mode: str, steps: int, repeat: int, haze_km: float) -> dict:
    """One fresh process for one cache in one mode (see the module docstring)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    spawn = time.time()
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(cache_path), repr(spawn), mode,
                           str(steps), str(repeat), str(MULTISAMPLES), str(haze_km)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"mode": mode, "error": proc.stderr.strip().splitlines()[-5:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ratio(a: float | None, b: float | None) -> float | None:
    return None if not a or not b else round(a / b, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--buildings", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--everything", type=int, nargs="*", default=[10_000, 100_000],
                        help="sizes also measured drawing everything (the baseline)")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--haze-km", type=float, default=VISIBILITY / 1000.0,
                        help="the haze's visibility seen from the street (0: no haze)")
    args = parser.parse_args(argv)
    results: dict[str, dict] = {}
    for n in args.buildings:
        path, built = city_cache(args.cache_dir, n)
        entry = {"cache": str(path), "cache_mb": round(path.stat().st_size / 2**20, 1)}
        if built is not None:
            entry["city_build_s"] = built
        entry["lod"] = measure(path, "lod", args.steps, args.repeat, args.haze_km)
        if n in args.everything:
            entry["everything"] = measure(path, "everything", args.steps, args.repeat, 0.0)
        results[str(n)] = entry
        print(json.dumps({n: entry}), file=sys.stderr, flush=True)
    small, big = str(min(args.buildings)), str(max(args.buildings))
    lo, hi = results[small]["lod"], results[big]["lod"]
    goals = {}
    if "error" not in lo and "error" not in hi:
        goals = {
            f"overview_frame_{big}_over_{small}": ratio(hi["overview"]["frame_ms_median"],
                                                        lo["overview"]["frame_ms_median"]),
            f"street_frame_{big}_over_{small}": ratio(hi["street"]["frame_ms_median"],
                                                      lo["street"]["frame_ms_median"]),
            f"cold_start_{big}_over_{small}": ratio(hi["first_frame_s"], lo["first_frame_s"]),
            f"settled_start_{big}_over_{small}": ratio(hi["settled_s"], lo["settled_s"]),
            f"peak_rss_{big}_mb": hi["peak_rss_mb"],
            "dragging_over_still": {n: ratio(r["lod"]["overview_dragging"]["frame_ms_median"],
                                             r["lod"]["overview"]["frame_ms_median"])
                                    for n, r in results.items() if "error" not in r["lod"]},
            "goals": {"frame_ratio_max": 1.5, "cold_start_ratio_max": 2.0,
                      "peak_rss_mb_max": 3072, "dragging_ratio_max": 0.33},
        }
    print(json.dumps({"size": SIZE, "multisamples": MULTISAMPLES, "haze_km": args.haze_km,
                      "results": results,
                      "comparison": goals}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
