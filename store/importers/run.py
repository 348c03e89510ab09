"""``import_file``: sniff, parse and validate everything, then write in one transaction."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
from sqlalchemy import select, text

from store.cache import Cache, Transaction, creating
from store.crs import crs_label, horizontal
from store.errors import InputError
from store.importers import cityjson, dem, footprints
from store.importers.inputcrs import (
    check_lonlat,
    input_crs,
    label,
    new_cache_crs,
    outside_area_of_use,
    parse_option,
    vertical_label,
)
from store.importers.options import ImportOptions
from store.importers.pipeline import Batch, Source, Target, ground_z
from store.importers.report import ImportReport
from store.importers.sniff import IMPORTER, KINDS, detect, mislabelled
from store.raster import Grid, load_dem, put_dem
from store.schema import LAYERS

_READERS = {"geojson": footprints.read, "gpkg": footprints.read, "shapefile": footprints.read,
            "cityjson": cityjson.read, "cityjsonseq": cityjson.read, "geotiff": dem.read}


def import_file(path: str | Path, into: str | Path, *, crs: str | None = None,
                options: ImportOptions | None = None) -> ImportReport:
    """Import one file into the cache ``into`` (created when it does not exist).

    The whole input is parsed and validated before the cache is touched; everything is then
    written in one transaction, so a failed import leaves the cache unchanged (and creates
    no file). Raises InputError (names the file) or CacheError.
    """
    t0 = time.perf_counter()
    path, into = Path(path), Path(into)
    options = options or ImportOptions()
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "not a file")
    if crs:
        parse_option(path, crs, "--crs")
    kind = detect(path, options.kind)
    report = ImportReport(file=str(path), kind=IMPORTER[kind], format=KINDS[kind],
                          cache=str(into))
    note = mislabelled(path, kind)
    if note:
        report.warn(note)
    source: Source = _READERS[kind](path, kind, options, report)
    src = input_crs(path, source.declared_crs, source_crs=options.source_crs, crs=crs)
    bounds = source.bounds()
    check_lonlat(path, src, bounds)
    report.source_crs = label(src)
    if into.exists():
        with Cache.open(into) as cache:
            if crs and (source.declared_crs or options.source_crs) and horizontal(
                    parse_option(path, crs, "--crs")) != cache.crs:
                report.warn(f"--crs {crs} ignored: the cache already exists in "
                            f"{crs_label(cache.crs)}")
            raster = cache.raster("dem")
            target = Target(path, src, cache.crs, options, report, cache.vertical_crs,
                            load_dem(raster) if raster else None)
            report.cache_crs = crs_label(cache.crs)
            note = outside_area_of_use(src, bounds, cache.crs)
            if note:
                report.warn(note)
            out = source.build(target)
            _finish_report(report)
            with cache.transaction() as tx:
                _write(tx, out, report, target, t0)
        return _done(report, t0)
    cache_crs, note = new_cache_crs(path, src, bounds, crs)
    if note:
        report.warn(note)
    report.cache_crs = crs_label(cache_crs)
    report.created_cache = True
    vertical = vertical_label(src)
    target = Target(path, src, cache_crs, options, report, vertical)
    out = source.build(target)
    _finish_report(report)
    with creating(into, cache_crs, vertical_crs=vertical, name=path.stem) as cache, \
            cache.transaction() as tx:
        _write(tx, out, report, target, t0)
    cache.close()
    return _done(report, t0)


def _finish_report(report: ImportReport) -> None:
    report.check()
    if report.kind != "dem" and report.imported == 0:
        reasons = sorted({r["reason"] for r in report.rejected})[:3]
        raise InputError(report.file, f"nothing to import: all {report.features_read} features "
                                      f"rejected ({'; '.join(reasons) or 'the file is empty'})")


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
    tx.log_import(str(target.path), report.kind, report.to_dict())


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
    report.warn(f"ground heights (ground_z) of {len(feats)} extruded buildings set from this DEM")


def _existing(tx: Transaction, layer: str, gids: list[str]) -> int:
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
