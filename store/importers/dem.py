"""A terrain model (DEM) from a GeoTIFF, stored as the cache's raster "dem".

Reprojected with rasterio.warp.reproject (bilinear, nodata kept) when its CRS differs from the
cache's, at roughly its native resolution in the cache's units. Heights are kept as stored:
negative values are allowed, and a DEM in feet stays in feet (with a warning).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from pyproj import CRS
from rasterio.enums import Resampling
from rasterio.errors import RasterioError
from rasterio.transform import Affine
from rasterio.warp import calculate_default_transform, reproject

from store.crs import crs_label, epsg_code, horizontal, linear_unit_factor
from store.errors import InputError
from store.importers.options import ImportOptions
from store.importers.pipeline import Target
from store.importers.report import ImportReport
from store.raster import Grid


@dataclass
class DemSource:
    """The first band of a GeoTIFF with its georeferencing."""

    path: Path
    values: np.ndarray
    transform: Affine
    nodata: float | None
    declared_crs: str | None

    def bounds(self) -> tuple[float, float, float, float]:
        rows, cols = self.values.shape
        x0, y0 = self.transform @ (0, 0)
        x1, y1 = self.transform @ (cols, rows)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)

    def build(self, target: Target) -> Grid:
        return _build(self, target)


def read(path: Path, kind: str, options: ImportOptions, report: ImportReport) -> DemSource:
    """Read the whole first band; InputError when the file is not a georeferenced raster."""
    try:
        with rasterio.open(path) as ds:
            if ds.count < 1:
                raise InputError(path, "GeoTIFF without raster bands")
            if ds.transform.is_identity and not ds.gcps[0]:
                raise InputError(path, "GeoTIFF without georeferencing (no geotransform)")
            if ds.count > 1:
                report.warn("{n} bands: only band 1 is used as heights", n=ds.count)
            values = ds.read(1)
            crs = ds.crs.to_wkt() if ds.crs else None
            return DemSource(path, values, ds.transform, ds.nodata, crs)
    except RasterioError as exc:
        if "previous exception" in str(exc):  # GDAL's "Read failed. See previous exception"
            raise InputError(path, "not a readable GeoTIFF: its raster data is damaged (a tile "
                                   "or strip cannot be decoded)") from None
        raise InputError(path, "not a readable GeoTIFF: {error}", error=str(exc)) from None


def _void(values: np.ndarray, nodata: float | None) -> np.ndarray:
    void = ~np.isfinite(values) if values.dtype.kind == "f" else np.zeros(values.shape, bool)
    if nodata is not None and not np.isnan(nodata):
        void |= values == nodata
    return void


def _build(src: DemSource, target: Target) -> Grid:
    report = target.report
    report.features_read = report.imported = 1
    rows, cols = src.values.shape
    voids = int(_void(src.values, src.nodata).sum())
    if voids:
        report.warn("{n} of {total} cells are void (nodata {nodata}); they stay void in the "
                    "cache", n=voids, total=rows * cols,
                    nodata=f"{src.nodata:g}" if src.nodata is not None else "NaN")
    unit_crs = horizontal(src_crs := target.src_crs)
    if unit_crs.is_projected and abs(linear_unit_factor(unit_crs) - 1.0) > 1e-9:
        unit = unit_crs.axis_info[0].unit_name
        report.warn("the DEM's CRS {crs} is in {unit}, not metres: heights are kept as stored "
                    "(not converted to metres)", crs=crs_label(unit_crs), unit=unit)
    if horizontal(src_crs) == horizontal(target.cache_crs):
        return Grid(src.values, src.transform, _crs_text(target.cache_crs), src.nodata)
    return _warp(src, src_crs, target.cache_crs)


def _warp(src: DemSource, src_crs: CRS, dst_crs: CRS) -> Grid:
    rows, cols = src.values.shape
    s_crs, d_crs = horizontal(src_crs).to_wkt(), horizontal(dst_crs).to_wkt()
    transform, width, height = calculate_default_transform(
        s_crs, d_crs, cols, rows, *src.bounds())
    nodata = src.nodata if src.nodata is not None else float("nan")
    out = np.full((height, width), nodata, dtype=np.float32)
    reproject(src.values.astype(np.float32), out, src_transform=src.transform, src_crs=s_crs,
              src_nodata=src.nodata, dst_transform=transform, dst_crs=d_crs,
              dst_nodata=nodata, resampling=Resampling.bilinear)
    return Grid(out, transform, _crs_text(dst_crs), nodata)


def _crs_text(crs: CRS) -> str:
    """'EPSG:4547' when the CRS has a code, else its WKT (what rasterio and Grid accept)."""
    code = epsg_code(horizontal(crs))
    return f"EPSG:{code}" if code else horizontal(crs).to_wkt()
