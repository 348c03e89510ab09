"""``import_file``: sniff, parse and validate everything, then write in one transaction."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
from pyproj import CRS
from sqlalchemy import select, text

from store.audit import file_sha256
from store.boundary import boundary
from store.cache import Cache, Transaction, creating
from store.crs import crs_label, horizontal
from store.errors import CimviewError, InputError
from store.importers import addresses, citygml, cityjson, dem, footprints, pipelines
from store.importers.geom import uuid5_strings
from store.importers.inputcrs import (
    check_positions,
    input_crs,
    label,
    new_cache_crs,
    outside_area_of_use,
    parse_option,
    vertical_label,
)
from store.importers.options import ImportOptions
from store.importers.pipeline import Batch, Source, Target, ground_z, printable
from store.importers.report import ImportReport
from store.importers.sniff import IMPORTER, KINDS, detect, filegdb_of, is_filegdb, mislabelled
from store.raster import Grid, load_dem, put_dem
from store.schema import LAYERS

_READERS = {"geojson": footprints.read, "gpkg": footprints.read, "shapefile": footprints.read,
            "cityjson": cityjson.read, "cityjsonseq": cityjson.read, "citygml": citygml.read,
            "geotiff": dem.read, "filegdb": footprints.read,
            "csv": addresses.read, "xlsx": addresses.read}


def import_file(path: str | Path, into: str | Path, *, crs: str | None = None,
                options: ImportOptions | None = None,
                progress: Callable[[float, str], None] | None = None) -> ImportReport:
    """Import one file into the cache ``into`` (created when it does not exist).

    The whole input is parsed and validated before the cache is touched; everything is then
    written in one transaction, so a failed import leaves the cache unchanged (and creates
    no file). Raises InputError (names the file) or CacheError: whatever goes wrong inside
    becomes a sentence naming the file (:func:`store.boundary.boundary`), never a traceback.
    ``progress(fraction, stage)`` is told each stage as it begins (reading, placing, writing).
    """
    with boundary(path):
        return _import(Path(path), Path(into), crs, options or ImportOptions(),
                       progress or _silent)


def _silent(fraction: float, stage: str) -> None:
    del fraction, stage


def _import(path: Path, into: Path, crs: str | None, options: ImportOptions,
            progress: Callable[[float, str], None]) -> ImportReport:
    t0 = time.perf_counter()
    progress(0.0, "reading the file")
    path = filegdb_of(path)
    if not path.is_file() and not is_filegdb(path):
        raise InputError(path, "no such file" if not path.exists() else "not a file")
    if crs:
        parse_option(path, crs, "--crs")
    scenario = _scenario_gid(path, into, options)
    kind = detect(path, options.kind)
    report = ImportReport(file=printable(path), kind=IMPORTER[kind], format=KINDS[kind],
                          cache=printable(into))
    note = mislabelled(path, kind)
    if note:
        report.warn(note)
    reader = pipelines.read if options.kind in ("pipelines", "pipe-points") or (
        kind == "epanet") else _READERS[kind]
    source: Source = reader(path, kind, replace(options, into=into), report)
    progress(0.4, "checking the coordinates")
    src = input_crs(path, source.declared_crs, source_crs=options.source_crs, crs=crs)
    near = _cache_crs(into) or (horizontal(parse_option(path, crs, "--crs")) if crs else None)
    screen = getattr(source, "screen", None)
    if screen is not None:  # features whose coordinates cannot be positions are set aside
        screen(src)
    bounds = source.bounds()
    check_positions(path, src, bounds, near)
    report.source_crs = label(src)
    if into.exists():
        with Cache.open(into) as cache:
            if crs and (source.declared_crs or options.source_crs) and horizontal(
                    parse_option(path, crs, "--crs")) != cache.crs:
                report.warn("--crs {crs} ignored: the cache already exists in {cache_crs}",
                            crs=crs, cache_crs=crs_label(cache.crs))
            raster = cache.raster("dem")
            target = Target(path, src, cache.crs, options, report, cache.vertical_crs,
                            load_dem(raster) if raster else None)
            report.cache_crs = crs_label(cache.crs)
            note = outside_area_of_use(src, bounds, cache.crs)
            if note:
                report.warn(note)
            progress(0.5, "placing the features in the cache's coordinates")
            out = source.build(target)
            _plan(out, options, scenario)
            _finish_report(report, path)
            progress(0.7, "writing the cache")
            with cache.transaction() as tx:
                _write(tx, out, report, target, t0)
        progress(1.0, "imported")
        return _done(report, t0)
    cache_crs, note = new_cache_crs(path, src, bounds, crs)
    if note:
        report.warn(note)
    report.cache_crs = crs_label(cache_crs)
    report.created_cache = True
    vertical = vertical_label(src)
    target = Target(path, src, cache_crs, options, report, vertical)
    progress(0.5, "placing the features in the cache's coordinates")
    out = source.build(target)
    _plan(out, options, scenario)
    _finish_report(report, path)
    progress(0.7, "writing the cache")
    with creating(into, cache_crs, vertical_crs=vertical, name=printable(path.stem)) as cache, \
            cache.transaction() as tx:
        _write(tx, out, report, target, t0)
    cache.close()
    progress(1.0, "imported")
    return _done(report, t0)


def _scenario_gid(path: Path, into: Path, options: ImportOptions) -> str | None:
    """The gid of the scenario planned features go to (``--scenario``), checked before
    anything is read; InputError when ``--planned`` is no time."""
    from store import lifespan, scenarios

    if options.planned is not None and lifespan.parse_when(options.planned) is None:
        raise InputError(path, "--planned {value}: not a year, date or time",
                         value=repr(options.planned))
    if options.scenario is None:
        return None
    if not into.is_file():
        raise InputError(path, "--scenario {name}: the cache {cache} does not exist yet; "
                               "import the recorded city first, then create the scenario",
                         name=repr(options.scenario), cache=printable(into))
    with Cache.open(into) as cache:
        return scenarios.find(cache, options.scenario).gid


def _plan(out: list[Batch] | Grid, options: ImportOptions, scenario: str | None) -> None:
    """Planned features: their scenario, and the planned time where the data gives none."""
    from store import lifespan

    if isinstance(out, Grid):
        return
    for batch in out:
        n = len(batch.geoms)
        if scenario is not None:
            batch.columns["scenario"] = [scenario] * n
            # the same file planned in two scenarios: two sets of features, not one replaced
            ns = uuid.UUID(scenario) if _is_uuid(scenario) else uuid.NAMESPACE_URL
            for key in ("gid", "building_gid"):
                if batch.columns.get(key) is not None:
                    batch.columns[key] = uuid5_strings(ns, [str(g) for g in batch.columns[key]])
        if options.planned is not None:
            when = lifespan.parse_when(options.planned)
            starts = batch.columns.get("valid_from")
            starts = [None] * n if starts is None else list(starts)
            batch.columns["valid_from"] = [v if v is not None else when for v in starts]


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _cache_crs(into: Path) -> CRS | None:
    """The CRS of the existing cache ``into`` (None when it does not exist or is unreadable:
    opening it properly later says why)."""
    if not into.is_file():
        return None
    try:
        with Cache.open(into) as cache:
            return cache.crs
    except (CimviewError, OSError):
        return None


def _finish_report(report: ImportReport, path: Path) -> None:
    report.check()
    if report.kind != "dem" and report.imported == 0:
        reasons = sorted({r["reason"] for r in report.rejected})[:3]
        if not reasons:
            raise InputError(path, "nothing to import: the file holds no features")
        raise InputError(path, "nothing to import: all {n} features rejected ({reasons})",
                         n=report.features_read, reasons="; ".join(reasons))


def _write(tx: Transaction, out: list[Batch] | Grid, report: ImportReport, target: Target,
           t0: float) -> None:
    if isinstance(out, Grid):
        if target.dem is not None:
            report.warn("the cache's DEM was replaced by this one")
        _set_ground_heights(tx, out, report)
        put_dem(tx, out, source=target.source)
    else:
        for i, batch in enumerate(out):
            if i == 0:
                report.replaced = _existing(tx, batch.layer, batch.columns["gid"])
            tx.insert(batch.layer, batch.geoms, batch.columns, source=target.source,
                      replace=True)
    report.seconds = time.perf_counter() - t0
    tx.log_import(printable(target.path), report.kind, report.to_dict())
    layers: dict[str, int] = {}
    for b in [] if isinstance(out, Grid) else out:
        layers[b.layer] = layers.get(b.layer, 0) + len(b.geoms)
    tx.record("import", file=printable(target.path), format=report.format,
              sha256=file_sha256(target.path), layers=layers, imported=report.imported,
              replaced=report.replaced, rejected=len(report.rejected))


def _set_ground_heights(tx: Transaction, dem: Grid, report: ImportReport) -> None:
    """Extruded (LOD1) buildings stand on the new terrain: their ground_z comes from it.
    CityJSON solids keep the heights of their own geometry."""
    if tx.cache.count("buildings") == 0:  # a new cache: nothing stands on the terrain yet
        return
    feats = tx.cache.read("buildings", where="lod = '1' OR lod IS NULL")
    if not len(feats):
        return
    z = ground_z(feats.geoms, dem)
    tx.conn.execute(text("UPDATE buildings SET ground_z = :z WHERE fid = :fid"), [
        {"z": None if np.isnan(v) else round(float(v), 2), "fid": int(f)}
        for f, v in zip(feats.fids, z, strict=True)])
    report.warn("ground heights (ground_z) of {n} extruded buildings set from this DEM",
                n=len(feats))


def _existing(tx: Transaction, layer: str, gids: list[str]) -> int:
    if tx.is_empty(layer):
        return 0
    t = LAYERS[layer].table
    total = 0
    for lo in range(0, len(gids), 500):
        rows = tx.conn.execute(select(t.c.gid).where(t.c.gid.in_(gids[lo:lo + 500])))
        total += len(rows.all())
    return total


def _done(report: ImportReport, t0: float) -> ImportReport:
    report.seconds = time.perf_counter() - t0
    return report


__all__ = ["import_file"]
