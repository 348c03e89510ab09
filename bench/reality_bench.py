"""Benchmark: a reality-mesh tileset of ≥ 1 GB on disk, opened and toured within the budget.

    python bench/reality_bench.py [--cache-dir DIR] [--target-gb 1.1] [--budget-mb 256 512]
                                  [--steps 12]

The tileset is the sample city's reality mesh (:mod:`sample_city.reality_mesh`) made about
``--target-gb`` large over the whole city of 10,000 buildings (built under DIR unless there,
written once and kept). A small cache beside it lists the tileset as a layer, as the window
would after *Layer ▸ Add 3D Tiles layer…*.

For each byte budget, a fresh Python process opens the layer as the window does
(``build_scene_data`` → ``Scene.populate``) in an offscreen 1280×800 window and:

* looks at the whole tileset from above, then flies a low path (120 m up, looking ahead)
  across it in ``--steps`` steps, the tiles settled (loaded in place) at each step;
* prints the process's memory before the layer is opened and at its peak (ru_maxrss), the
  most bytes of tile content held at once (the streamer's count), the tiles loaded, the
  first frame's time and the mean time to settle a step.

Goal (issue 13): a tileset of ≥ 1 GB on disk opens with memory within the budget: the
content held stays ≤ the budget and the peak memory is the viewer's own plus about that.
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

NAME = "reality_big"

_CHILD = r"""
import sys, time, json, resource
cache_path, budget_mb, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
import numpy as np
import pyvista as pv
from store.cache import Cache
from layers.model import CityModel
from viewer.scene import Scene, build_scene_data
from layers.tiles3d import opened

def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

cache = Cache.open(cache_path)
model = CityModel()
model.open(cache)
model.lod.budget_mb = budget_mb
plotter = pv.Plotter(off_screen=True, window_size=[1280, 800])
win = plotter.render_window
before_mb = rss_mb()
t0 = time.time()
layer = model.layers.get(sys.argv[4])
layer.visible = True
scene = Scene(plotter.renderer)
scene.populate(build_scene_data(model))
view = scene.views[layer.name]
tiled = opened(layer)
lo = np.array(tiled.root.box_min) + tiled.origin
hi = np.array(tiled.root.box_max) + tiled.origin
centre = (lo + hi) / 2
side = float(max(hi[0] - lo[0], hi[1] - lo[1]))
plotter.camera_set = True
ren = plotter.renderer
scene.set_camera(tuple(centre + [0, -0.6 * side, 0.9 * side]), tuple(centre))
win.Render(); win.WaitForCompletion()
t_first = time.time()
held, loaded, settle_s = [], set(), []

def step():
    t = time.perf_counter()
    scene.settle()
    ren.ResetCameraClippingRange()
    win.Render(); win.WaitForCompletion()
    settle_s.append(time.perf_counter() - t)
    s = view.streamer.stats
    held.append(s.bytes)
    loaded.update(s.drawn_keys)

step()
overview_bytes = held[-1]
z = hi[2] + 120.0
for i in range(steps):  # the low path: south-west to north-east, looking ahead
    f = (i + 0.5) / steps
    eye = lo + (hi - lo) * f
    ahead = lo + (hi - lo) * min(f + 0.15, 1.0)
    scene.set_camera((eye[0], eye[1], z), (ahead[0], ahead[1], lo[2]))
    step()
out = {"budget_mb": budget_mb, "first_frame_s": round(t_first - t0, 2),
       "rss_before_layer_mb": round(before_mb, 1),
       "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
       "held_max_mb": round(max(held) / 2**20, 1),
       "held_overview_mb": round(overview_bytes / 2**20, 1),
       "tiles_drawn_over_the_path": len(loaded),
       "failed": view.streamer.stats.failed,
       "settle_step_s_mean": round(sum(settle_s) / len(settle_s), 2)}
plotter.close()
print(json.dumps(out), flush=True)
"""


def disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def tileset(cache_dir: Path, target_gb: float) -> tuple[Path, float | None]:
    """The viewing cache listing the big tileset, written unless present (and its time)."""
    from sample_city.reality_mesh import main as write_mesh
    from store.cache import Cache
    from store.tiles.registry import register_tileset

    city, _ = city_cache(cache_dir, 10_000)
    out = cache_dir / f"reality_{target_gb:g}gb"
    view = out / "view.gpkg"
    if view.exists():
        return view, None
    start = time.perf_counter()
    if not (out / "tiles" / "tileset.json").exists():
        write_mesh(["--cache", str(city), "--out", str(out / "tiles"), "--target-gb",
                    str(target_gb), "--no-register"])
    with Cache.open(city) as source:
        crs = source.crs
    with Cache.create(view, crs, name="reality bench") as cache:
        register_tileset(cache, NAME, "tiles", title="倾斜摄影 (≥ 1 GB)", kind="reality")
    return view, round(time.perf_counter() - start, 1)


def measure(view: Path, budget_mb: int, steps: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(view), str(budget_mb), str(steps),
                           NAME], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"budget_mb": budget_mb, "error": proc.stderr.strip().splitlines()[-5:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--target-gb", type=float, default=1.1)
    parser.add_argument("--budget-mb", type=int, nargs="+", default=[256, 512])
    parser.add_argument("--steps", type=int, default=12)
    args = parser.parse_args(argv)
    view, built = tileset(args.cache_dir, args.target_gb)
    size = disk_bytes(view.parent / "tiles")
    runs = [measure(view, b, args.steps) for b in args.budget_mb]
    within = all("error" not in r and r["held_max_mb"] <= r["budget_mb"] for r in runs)
    print(json.dumps({"tileset": str(view.parent / "tiles"), "disk_gb": round(size / 1e9, 2),
                      "tileset_build_s": built, "runs": runs,
                      "goals": {"disk_at_least_1gb": size >= 1e9,
                                "held_within_budget": within}}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
