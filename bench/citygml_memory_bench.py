"""Benchmark: peak memory of importing a CityGML file of N LoD2 buildings; print JSON.

    python bench/citygml_memory_bench.py [--buildings 10000] [--out DIR] [--keep]

Writes a CityGML 2.0 file of N gable houses (each: ground, four walls and two roofs as boundary
surfaces with an LoD2 solid of XLinks to them, generic attributes; ``tests/citygml_sample.py``)
in a grid in EPSG:32649, then measures, each in a process of its own (peak resident memory from
``getrusage``, seconds):

* **import**: ``cimview import FILE --into NEW.gpkg`` (the goal: ≤ 500 MB at 10,000 buildings);
* **baseline, interpreter**: Python with cimview's importer loaded and nothing read;
* **baseline, whole tree**: the same file parsed at once with ``ElementTree.parse`` (what a
  reader that is not streaming holds, before it builds anything).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.citygml_sample import document, house  # noqa: E402

GOAL_MB = 500.0


def write_city(path: Path, n: int) -> int:
    side = int(n ** 0.5) + 1
    members = (house(i, 500000 + (i % side) * 20.0, 2500000 + (i // side) * 20.0)
               for i in range(n))
    with open(path, "w", encoding="utf-8") as fh:
        for chunk in document(members, srs="urn:ogc:def:crs:EPSG::32649"):
            fh.write(chunk)
    return path.stat().st_size


def measure(cmd: list[str]) -> dict[str, float]:
    """Peak RSS (MB) and seconds of one command, run alone in a child process."""
    script = ("import resource, subprocess, sys, time, json; t = time.perf_counter(); "
              "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
              "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
              "print(json.dumps({'rc': r.returncode, 'kb': m, "
              "'s': time.perf_counter() - t, 'err': r.stderr[-500:]}))")
    out = subprocess.run([sys.executable, "-c", script, *cmd], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    got = json.loads(out.stdout)
    if got["rc"]:
        raise SystemExit(f"{cmd[0]} failed: {got['err']}")
    return {"peak_mb": round(got["kb"] / 1024, 1), "seconds": round(got["s"], 2)}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--buildings", type=int, default=10_000)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    p.add_argument("--keep", action="store_true", help="keep the file and the cache")
    args = p.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="citygml_bench_", dir=args.out))
    try:
        gml = work / f"city_{args.buildings}.gml"
        t0 = time.perf_counter()
        size = write_city(gml, args.buildings)
        result: dict = {"buildings": args.buildings, "file_mb": round(size / 1e6, 1),
                        "write_s": round(time.perf_counter() - t0, 2)}
        py = sys.executable
        result["baseline_interpreter"] = measure(
            [py, "-c", "import store.importers.run, store.importers.citygml"])
        result["baseline_whole_tree"] = measure(
            [py, "-c", f"import xml.etree.ElementTree as ET; ET.parse({str(gml)!r})"])
        result["import"] = measure([str(Path(py).parent / "cimview"), "import", str(gml),
                                    "--into", str(work / "city.gpkg")])
        result["goal_mb"] = GOAL_MB
        result["met"] = result["import"]["peak_mb"] <= GOAL_MB
        result["import_over_interpreter_mb"] = round(
            result["import"]["peak_mb"] - result["baseline_interpreter"]["peak_mb"], 1)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
