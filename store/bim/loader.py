"""Loading an IFC file into a :class:`BimModel`: from the cache when it holds the file's hash,
else by tessellating it in a separate process (:mod:`store.bim.tessellate`).

    model = load_bim("house.ifc", cache, progress=lambda f, msg: ..., cancel=lambda: False)

Nothing here needs Qt or VTK: the viewer calls :func:`load_bim` on a worker thread and passes a
``cancel`` callable that reads a flag the UI sets.

The file is checked before anything else (empty, not IFC, truncated) and every problem
becomes an :class:`InputError` naming the file. Parsing and tessellation run in a
``spawn``-ed process, so a crash of ifcopenshell's parser or geometry kernel cannot take the
application down: it becomes an InputError too. Elements whose geometry fails are listed in
``report.failed`` and the rest loads.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import queue as queue_module
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import DBAPIError

from store import cipher
from store.bim import store
from store.bim import tessellate as tess
from store.bim.model import BimModel, Geometry, GeoRef, LoadReport
from store.boundary import boundary
from store.cache import Cache
from store.errors import InputError
from store.messages import Message, msg

Progress = Callable[[float, str], None]
Cancel = Callable[[], bool]

STEP_HEADER = b"ISO-10303-21;"
STEP_END = b"END-ISO-10303-21;"
_CHUNK = 1 << 20
_POLL = 0.05


class LoadCancelled(Exception):
    """The load was cancelled (the ``cancel`` callable returned True); nothing was cached.
    Not a :class:`CimviewError`: cancelling is not a failure to report."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = str(path)
        super().__init__(f"{self.path}: loading cancelled")


# -- checks and hashing ----------------------------------------------------------------------------
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an .ifcZIP? unzip it and open the .ifc inside)"),
    (b"\x1f\x8b", "a gzip archive (unpack it first)"),
    (b"SQLite format 3\x00", "an SQLite database (a cache is opened with 'cimview CACHE')"),
    (b"<?xml", "an XML document (ifcXML is not supported: export IFC-SPF, .ifc)"),
    (b"<ifcXML", "an ifcXML document (not supported: export IFC-SPF, .ifc)"),
    (b"{", "a JSON document"),
)


def check_ifc_file(path: str | os.PathLike[str]) -> None:
    """Raise InputError unless ``path`` looks like a complete IFC STEP file: it exists, is not
    empty, starts with the STEP header and ends with ``END-ISO-10303-21;`` (a truncated copy
    is opened by ifcopenshell without complaint, minus the missing entities)."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if p.is_dir():
        raise InputError(p, "is a directory, not an IFC file")
    try:
        size = p.stat().st_size
        with open(p, "rb") as fh:
            head = fh.read(4096)
            fh.seek(max(0, size - 4096))
            tail = fh.read()
    except OSError as exc:
        raise InputError(p, "cannot be read ({error})", error=str(exc.strerror or exc)) from None
    if size == 0:
        raise InputError(p, "empty file (0 bytes), not an IFC model")
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not start.startswith(STEP_HEADER):
        for magic, what in _MAGIC:
            if start.startswith(magic):
                raise InputError(p, "not an IFC file: this is {what}", what=what)
        if b"\x00" in head:
            raise InputError(p, "not an IFC file: binary data, and an IFC file starts with "
                                "'ISO-10303-21;'")
        if not start:
            raise InputError(p, "not an IFC file: only blank space")
        first = start.splitlines()[0][:60].decode("utf-8", "replace")
        raise InputError(p, "not an IFC file: it starts with {first!r}, an IFC file with "
                            "'ISO-10303-21;'", first=first)
    if STEP_END not in tail:
        raise InputError(p, "truncated: the file ({size:,} bytes) ends without "
                            "'END-ISO-10303-21;' (an incomplete download or copy?)", size=size)


def file_sha256(path: str | os.PathLike[str], *, cancel: Cancel | None = None,
                progress: Progress | None = None) -> str:
    """SHA-256 of the file's bytes, read in 1 MiB pieces."""
    h = hashlib.sha256()
    size = max(1, os.path.getsize(path))
    done = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
            done += len(chunk)
            if cancel is not None and cancel():
                raise LoadCancelled(path)
            if progress is not None:
                progress(done / size, "computing the file's hash")
    return h.hexdigest()


# -- loading ---------------------------------------------------------------------------------------
def load_bim(path: str | os.PathLike[str], cache: Cache | None = None, *,
             progress: Progress | None = None, cancel: Cancel | None = None,
             threads: int | None = None, target_crs: str | None = None) -> BimModel:
    """Load an IFC model: from ``cache`` when it holds the file's SHA-256 (``report.from_cache``
    True), else tessellated in a separate process and then stored in ``cache`` (when given).

    ``progress(fraction, message)`` is called as the load goes (fraction 0..1, rising);
    ``cancel()`` is polled and, when it returns True, the load stops (the tessellation process
    is terminated) and :class:`LoadCancelled` is raised. ``threads``: geometry threads (default
    ``os.cpu_count()``). ``target_crs``: the map CRS for models located only by IfcSite
    latitude/longitude (default: the point's UTM zone, valid wherever the point is; the viewer
    transforms on to the cache CRS). It only matters when the model is tessellated: a cached
    model keeps the georeferencing it was saved with.
    A manual placement saved in the cache is applied over the model's own georeferencing.
    Raises :class:`InputError` (naming the file) for a file that is not a readable IFC model;
    anything else that goes wrong also becomes a sentence naming the file
    (:func:`store.boundary.boundary`), never a traceback."""
    with boundary(path, passing=(LoadCancelled,)):
        return _load_bim(path, cache, progress=progress, cancel=cancel, threads=threads,
                         target_crs=target_crs)


def load_kept(cache: Cache, sha256: str) -> BimModel | None:
    """The model kept in ``cache`` with this file hash, placed as it was saved (its manual
    placement over the file's own georeferencing), without its IFC file: what a scenario
    that plans it opens in another session. None when the cache does not hold it."""
    model = store.load_model(cache, sha256)
    if model is not None:
        apply_placement(model)
    return model


def _load_bim(path: str | os.PathLike[str], cache: Cache | None, *, progress: Progress | None,
              cancel: Cancel | None, threads: int | None, target_crs: str | None) -> BimModel:
    start = time.perf_counter()
    path = Path(path)
    report = _Reporter(progress)
    check_ifc_file(path)
    sha = file_sha256(path, cancel=cancel, progress=lambda x, m: report(0.05 * x, m))
    if cache is not None:
        report(0.05, "looking in the cache")
        model = store.load_model(cache, sha)
        if model is not None:
            model.path = str(path)
            model.report.file = str(path)
            model.report.from_cache = True
            apply_placement(model)
            model.report.seconds = time.perf_counter() - start
            report(1.0, "loaded from the cache")
            return model
    model, properties = tessellate_file(
        path, sha256=sha, threads=threads, cancel=cancel, target_crs=target_crs,
        progress=lambda x, m: report(0.05 + 0.9 * x, m))
    if cache is not None:
        report(0.95, "saving into the cache")
        if cancel is not None and cancel():
            raise LoadCancelled(path)
        try:
            store.save_model(cache, model, properties)
        except (DBAPIError, *cipher.Error) as exc:  # e.g. a read-only cache: loaded all the same
            model.report.warnings.append(msg("not saved in the cache {cache}: {error}",
                                             cache=str(cache.path),
                                             error=str(getattr(exc, "orig", exc))))
    model.report.seconds = time.perf_counter() - start
    report(1.0, "loaded")
    return model


def tessellate_file(path: str | os.PathLike[str], *, sha256: str | None = None,
                    threads: int | None = None, progress: Progress | None = None,
                    cancel: Cancel | None = None, target_crs: str | None = None
                    ) -> tuple[BimModel, dict[int, dict[str, Any]]]:
    """The uncached part of :func:`load_bim`: the model and its elements' properties
    ({id: {"attributes", "psets", "qtos"}}), read in a separate process."""
    start = time.perf_counter()
    path = Path(path)
    check_ifc_file(path)
    sha = sha256 or file_sha256(path, cancel=cancel)
    threads = max(1, int(threads or os.cpu_count() or 1))
    result = run_worker(path, threads, progress=progress, cancel=cancel, target_crs=target_crs)
    report = LoadReport(
        file=str(path), sha256=sha, schema=result.schema,
        products_with_body=result.products_with_body, tessellated=result.tessellated,
        failed=result.failed, warnings=result.warnings,
        seconds=time.perf_counter() - start, threads=threads, from_cache=False)
    model = BimModel(
        path=str(path), sha256=sha, schema=result.schema, georef=result.georef,
        elements={e.id: e for e in result.elements},
        geometry=Geometry(result.vertices, result.triangles, result.element_of_triangle),
        report=report)
    return model, result.properties


def apply_placement(model: BimModel) -> None:
    """Use the model's saved manual placement as its georeferencing: the user placed it on
    purpose, over whatever the file says (which is noted in the anomalies)."""
    p = model.placement
    if p is None:
        return
    own = model.georef
    notes = [] if own.method in ("none", "manual") else [
        msg("the manual placement saved in the cache replaces the file's own georeferencing "
            "({method}, approximate)", method=own.method) if own.approximate else
        msg("the manual placement saved in the cache replaces the file's own georeferencing "
            "({method})", method=own.method)]
    model.georef = GeoRef(
        method="manual", map_crs=p.get("crs"), eastings=float(p["x"]),
        northings=float(p["y"]), orthogonal_height=float(p.get("z", 0.0)),
        rotation_deg=float(p.get("rotation_deg", 0.0)), scale=1.0, scale_declared=None,
        unit_scale=own.unit_scale, approximate=False, source="manual placement (cache)",
        anomalies=notes)


# -- the tessellation process ----------------------------------------------------------------------
_spare: tuple[Any, Any, Any] | None = None  # process, job queue, message queue
_keep_spare = False


def prestart() -> None:
    """Start a tessellation worker ahead of need, and a new one after each load: opening a BIM
    then does not wait for a Python process to start and import ifcopenshell (about 0.5 s).
    The app calls this once its scene is up; without it every load spawns its own worker."""
    global _spare, _keep_spare
    _keep_spare = True
    if _spare is not None and _spare[0].is_alive():
        return
    ctx = multiprocessing.get_context("spawn")
    jobs, q = ctx.Queue(), ctx.Queue()
    proc = ctx.Process(target=tess.spare, args=(jobs, q), name="cimview-bim spare", daemon=True)
    proc.start()
    _spare = (proc, jobs, q)


def stop_spare() -> None:
    """Stop keeping a worker ahead of need (and end the one waiting, if any)."""
    global _keep_spare
    _keep_spare = False
    spare = _take_spare()
    if spare is not None:
        spare[1].put(None)
        spare[0].join(timeout=5)
        if spare[0].is_alive():
            spare[0].kill()


def _take_spare() -> tuple[Any, Any, Any] | None:
    global _spare
    taken, _spare = _spare, None
    return taken if taken is not None and taken[0].is_alive() else None


def run_worker(path: Path, threads: int, *, progress: Progress | None = None,
               cancel: Cancel | None = None, target_crs: str | None = None,
               target: Callable[..., None] | None = None) -> tess.Extracted:
    """Run :func:`store.bim.tessellate.worker` (or ``target``, with the same arguments: for
    tests) in a spawned process; poll its queue, honour cancel, and turn a crash into an
    InputError naming the file."""
    ctx = multiprocessing.get_context("spawn")
    out = Path(tempfile.mkdtemp(prefix="cimview-bim-"))
    spare = _take_spare() if target is None else None
    if spare is not None:  # a worker started ahead of need: hand it the job
        proc, jobs, q = spare
        jobs.put((str(path), threads, str(out), target_crs))
    else:
        q = ctx.Queue()
        proc = ctx.Process(target=target or tess.worker,
                           args=(str(path), threads, str(out), q, target_crs),
                           name=f"cimview-bim {path.name}", daemon=True)
    last = "starting"
    problem: str | None = None
    done = False
    try:
        if spare is None:
            proc.start()
        while not done and problem is None:
            if cancel is not None and cancel():
                raise LoadCancelled(path)
            try:
                msg = q.get(timeout=_POLL)
            except queue_module.Empty:
                if proc.is_alive():
                    continue
                try:  # it ended: take what it said last
                    msg = q.get(timeout=0.5)
                except (queue_module.Empty, EOFError, OSError):
                    break
            if msg[0] == "progress":
                last = msg[2]
                if progress is not None:
                    progress(msg[1], msg[2])
            elif msg[0] == "done":
                done = True
            elif msg[0] == "error":
                problem = msg[1]
        if problem is not None:
            raise InputError(path, problem)
        if done and (out / tess.RESULT_FILE).exists():
            result = tess.read_result(out)
            proc.join(timeout=10)
            return result
        proc.join(timeout=5)
        if (out / tess.ERROR_FILE).exists():
            raise InputError(path, tess.read_error(out))
        raise InputError(path, _crash_text(proc.exitcode, last))
    finally:
        if proc.is_alive():
            proc.terminate()
            proc.join(timeout=5)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)
        q.close()
        q.cancel_join_thread()
        shutil.rmtree(out, ignore_errors=True)
        if _keep_spare and target is None:
            prestart()


def _crash_text(exitcode: int | None, last: str) -> Message:
    if last == "starting":  # it never reported: not the file's fault
        return msg("the IFC reader process failed to start (exit code {code}; its error is on "
                   "stderr)", code=exitcode)
    if exitcode is not None and exitcode < 0:
        try:
            return msg("the IFC reader was killed by {signal} while {doing} (a damaged file, or "
                       "geometry the kernel cannot handle?)",
                       signal=signal.Signals(-exitcode).name, doing=last)
        except ValueError:
            return msg("the IFC reader was killed by signal {number} while {doing} (a damaged "
                       "file, or geometry the kernel cannot handle?)",
                       number=-exitcode, doing=last)
    if exitcode:
        return msg("the IFC reader ended with exit code {code} while {doing} (a damaged file, or "
                   "geometry the kernel cannot handle?)", code=exitcode, doing=last)
    return msg("the IFC reader ended without a result while {doing} (a damaged file, or "
               "geometry the kernel cannot handle?)", doing=last)


class _Reporter:
    """Forwards progress to the caller's callback, never going backwards."""

    def __init__(self, callback: Progress | None):
        self.callback = callback
        self.last = 0.0

    def __call__(self, fraction: float, message: str) -> None:
        if self.callback is None:
            return
        self.last = max(self.last, min(1.0, float(fraction)))
        self.callback(self.last, message)
