# ruff: noqa: E501  (a table of survey rows)
"""Write a small, real-shaped Chinese pipeline survey file set, for the tests.

    python tests/pipeline_survey.py OUT_DIR

The files are **synthetic**, from no real survey, written when a test needs them (nothing
binary is kept). They are shaped like one: the CJJ 61 field list of
``../shared/reference/cn-standards.md``, values written the way surveyors write them (class
names or codes, ``DN300`` diameters, ``1200×800`` / ``600X400`` sections, materials and laying
methods by name or code), three faults a real delivery has, and coordinates in CGCS2000
3-degree Gauss-Krüger (EPSG:4547) on the sample city's terrain. The owners are the public names
of the city's utility companies.

* ``管线普查.shp`` (+ .dbf in GBK with a ``.cpg``, .prj EPSG:4547): the CJJ 61 field names in
  Chinese, values as surveyors write them (class names, DN diameters, W×H sections, material and
  laying names), and three faults a survey really has: a negative depth, a diameter of 0 and a
  missing depth;
* ``管点.shp``: pipe points (点号, 管线类别, 特征点, 地面高程, 埋深), one with a negative depth;
* ``管线详查_拼音.gpkg`` (layer ``GX``): the pinyin abbreviations (GXLB, QDMS, ZDMS, GJ, DMCC,
  CZ, MSFS, QSDW, JSND, QDH, ZDH) with codes instead of names;
* ``管线普查.gdb`` (:func:`write_filegdb`, an Esri File Geodatabase written by GDAL's
  OpenFileGDB driver): the pinyin lines as feature class ``GXLINE`` (stored, as ArcGIS stores
  lines, as multi-lines) and the pipe points as ``GXPOINT``.

Both lie in the sample city (EPSG:4547, around 428000 E, 2555000 N), on its DEM.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely

X0, Y0 = 428_000.0, 2_555_000.0

#: 管线类别, 起点号, 终点号, 起点埋深, 终点埋深, 管径, 断面尺寸, 材质, 埋设方式, 权属单位, 建设年代
SHP_ROWS = [
    ("给水", "JS0001", "JS0002", 1.10, 1.25, "DN300", "", "聚乙烯", "直埋", "广州市自来水有限公司", 2008),
    ("污水", "WS0001", "WS0002", 2.40, 2.65, "600", "", "混凝土", "直埋", "广州市排水有限公司", 1996),
    ("电力", "DL0001", "DL0002", 0.80, 0.85, "", "1200×800", "混凝土", "管块", "广东电网有限责任公司广州供电局", 2012),
    ("燃气", "RQ0001", "RQ0002", -0.50, 1.00, "DN200", "", "钢", "直埋", "广州燃气集团有限公司", 2015),
    ("通信", "TX0001", "TX0002", 0.70, 0.70, "0", "", "聚乙烯", "管块", "中国电信广州分公司", 2019),
    ("热力", "RL0001", "RL0002", None, None, "DN400", "", "钢", "管沟", "广州热力公司", 2020),
]
SHP_FIELDS = ["管线类别", "起点号", "终点号", "起点埋深", "终点埋深", "管径", "断面尺寸", "材质",
              "埋设方式", "权属单位", "建设年代"]

GPKG_FIELDS = ["GXLB", "QDH", "ZDH", "QDMS", "ZDMS", "GJ", "DMCC", "CZ", "MSFS", "QSDW", "JSND"]
GPKG_ROWS = [
    ("JS", "J1", "J2", 1.2, 1.3, "300", "", "ZT", "ZM", "广州市自来水有限公司", 1999),
    ("YS", "Y1", "Y2", 1.8, 2.1, "800", "", "T", "ZM", "广州市排水有限公司", 2003),
    ("TX", "T1", "T2", 0.9, 0.9, "", "600X400", "PE", "GK", "中国移动广州分公司", 2016),
]


#: 点号, 管线类别, 特征点, 地面高程, 埋深 (the last: a negative depth)
POINT_FIELDS = ["点号", "管线类别", "特征点", "地面高程", "埋深"]
POINT_ROWS = [("JS0001", "给水", "阀门", 12.5, 1.1), ("WS0001", "污水", "检修井", 12.8, 2.4),
              ("DL0001", "电力", "转折点", 13.0, 0.8), ("RQ0009", "燃气", "阀门", 12.9, -1.0)]


def _lines(n: int, dy: float) -> np.ndarray:
    x = X0 + np.arange(n) * 40.0
    return shapely.linestrings([[(xi, Y0 + dy), (xi + 30.0, Y0 + dy + 5.0)] for xi in x])


def _columns(rows: list[tuple], fields: list[str]) -> list[np.ndarray]:
    cols = []
    for j, _ in enumerate(fields):
        values = [r[j] for r in rows]
        if all(isinstance(v, int) for v in values):
            cols.append(np.array(values, dtype=np.int32))
        elif all(v is None or isinstance(v, float) for v in values):
            cols.append(np.array([np.nan if v is None else v for v in values]))
        else:
            cols.append(np.array(values, dtype=object))
    return cols


def write(out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    shp = out / "管线普查.shp"
    pyogrio.raw.write(str(shp), shapely.to_wkb(_lines(len(SHP_ROWS), 0.0)),
                      _columns(SHP_ROWS, SHP_FIELDS), SHP_FIELDS, driver="ESRI Shapefile",
                      geometry_type="LineString", crs="EPSG:4547", encoding="GBK")
    shp.with_suffix(".cpg").write_text("GBK", encoding="ascii")
    gpkg = out / "管线详查_拼音.gpkg"
    pyogrio.raw.write(str(gpkg), shapely.to_wkb(_lines(len(GPKG_ROWS), 60.0)),
                      _columns(GPKG_ROWS, GPKG_FIELDS), GPKG_FIELDS, layer="GX", driver="GPKG",
                      geometry_type="LineString", crs="EPSG:4547")
    points = out / "管点.shp"
    xy = np.column_stack([X0 + np.arange(len(POINT_ROWS)) * 40.0, np.full(len(POINT_ROWS), Y0)])
    pyogrio.raw.write(str(points), shapely.to_wkb(shapely.points(xy)),
                      _columns(POINT_ROWS, POINT_FIELDS), POINT_FIELDS, driver="ESRI Shapefile",
                      geometry_type="Point", crs="EPSG:4547", encoding="GBK")
    points.with_suffix(".cpg").write_text("GBK", encoding="ascii")
    return shp, gpkg


def write_filegdb(out: Path) -> Path:
    """``管线普查.gdb`` with the line layer ``GXLINE`` and the point layer ``GXPOINT``."""
    out.mkdir(parents=True, exist_ok=True)
    gdb = out / "管线普查.gdb"
    pyogrio.raw.write(str(gdb), shapely.to_wkb(_lines(len(GPKG_ROWS), 120.0)),
                      _columns(GPKG_ROWS, GPKG_FIELDS), GPKG_FIELDS, layer="GXLINE",
                      driver="OpenFileGDB", geometry_type="MultiLineString", crs="EPSG:4547")
    xy = np.column_stack([X0 + np.arange(len(POINT_ROWS)) * 40.0,
                          np.full(len(POINT_ROWS), Y0 + 120.0)])
    pyogrio.raw.write(str(gdb), shapely.to_wkb(shapely.points(xy)),
                      _columns(POINT_ROWS, POINT_FIELDS), POINT_FIELDS, layer="GXPOINT",
                      driver="OpenFileGDB", geometry_type="Point", crs="EPSG:4547",
                      append=True)
    return gdb


if __name__ == "__main__":
    print(*write(Path(sys.argv[1])))
