"""``export_cache``: the one door through which a cache's layers leave as a plain GeoPackage.

Every layer is checked against its data grade (:mod:`store.grades`) and the de-sensitising
profile (:mod:`store.export.profiles`): it leaves as it is, de-sensitised, or not at all.
Personal fields are masked wherever they are. The output is written under a name of cimview's
own beside the target, hashed, recorded in the cache's trail (who, what, which profile, the
output's SHA-256), and only then given its name: an export the trail cannot record does not
happen. A refusal is recorded too.

Examples
--------
>>> export_cache("area.gpkg", "share.gpkg", layers=["roads", "pipelines"],
...              profile="share-pipelines")                     # doctest: +SKIP
{'out': 'share.gpkg', 'sha256': '…', 'profile': 'share-pipelines', 'layers': {...}}
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from store import audit
from store.boundary import boundary
from store.cache import Cache
from store.crs import crs_label
from store.errors import CimviewError, InputError
from store.export.desensitise import mask_attrs, mask_personal, round_values, snap_to_grid
from store.export.profiles import Profile, Treatment, decide, load_profile
from store.grades import Grade, cache_grades, personal_names
from store.messages import msg
from store.schema import LAYERS

#: Columns that are cimview's own bookkeeping, not the feature's: not exported.
_BOOKKEEPING = ("fid", "geom", "local_edit")


class ExportRefused(CimviewError):
    """Layers the profile does not let out: nothing was written."""

    def __init__(self, path: str | os.PathLike[str], refused: Sequence[Grade], profile: str):
        self.refused = [g.layer for g in refused]
        described = ", ".join(f"{g.layer} ({g.grade}{'·涉密' if g.secret else ''})"
                              for g in refused)
        super().__init__(msg("refused: {layers} may not leave under the profile {profile}; "
                             "choose a profile that de-sensitises them (cimview export "
                             "--desensitise), or leave them out", layers=described,
                             profile=profile), path=path)


def export_cache(cache_path: str | os.PathLike[str], out: str | os.PathLike[str], *,
                 layers: Sequence[str] | None = None, profile: str | None = None,
                 purpose: str | None = None) -> dict[str, Any]:
    """Write ``layers`` (default: every layer with features that may leave) of the cache as a
    plain GeoPackage ``out`` (which must not exist), de-sensitised by ``profile`` (a name in
    resources/desensitise or a JSON file; default ``public``). Raises :class:`ExportRefused`
    when a layer asked for may not leave; returns what was written."""
    cache_path, out = Path(cache_path), Path(out)
    with boundary(cache_path, passing=(ExportRefused,)):
        prof = load_profile(profile)
        if out.exists():
            raise InputError(out, "already exists: cimview does not overwrite an export")
        if not out.parent.is_dir():
            raise InputError(out, "cannot write here: the folder does not exist")
        with Cache.open(cache_path) as cache:
            return _export(cache, out, layers, prof, purpose)


def _export(cache: Cache, out: Path, asked: Sequence[str] | None, prof: Profile,
            purpose: str | None) -> dict[str, Any]:
    counts = {i.name: i.count for i in cache.layers()}
    unknown = [n for n in asked or () if n not in LAYERS]
    if unknown:
        raise CimviewError("unknown layers {layers}; layers: {known}",
                           layers=", ".join(unknown), known=", ".join(LAYERS))
    names = list(asked) if asked else [n for n in LAYERS if counts.get(n)]
    grades = cache_grades(cache, names)
    plan = {n: decide(grades[n], prof) for n in names}
    refused = [grades[n] for n in names if plan[n] == "refuse"]
    if refused and asked:
        audit.record(cache, "export_refused", purpose=purpose or "cimview export",
                     file=out.name, profile=prof.name, layers=[g.layer for g in refused])
        raise ExportRefused(out, refused, prof.name)
    leaving = [n for n in names if plan[n] != "refuse" and counts.get(n)]
    if not leaving:
        raise CimviewError("nothing to export: no layer with features may leave under the "
                           "profile {profile}", profile=prof.name)
    tmp = out.with_name(f".{out.stem}.{secrets.token_hex(6)}.exporting.gpkg")
    written: dict[str, dict[str, Any]] = {}
    try:
        for i, name in enumerate(leaving):
            written[name] = _write_layer(cache, tmp, name, grades[name], prof,
                                         prof.layers.get(name), append=i > 0)
        digest = audit.file_sha256(tmp, limit=1 << 62)
        audit.record(cache, "export", purpose=purpose or "cimview export", file=out.name,
                     sha256=digest, profile=prof.name,
                     layers={n: {"features": w["features"], "how": w["how"]}
                             for n, w in written.items()},
                     left_out=[g.layer for g in refused])
        os.link(tmp, out)  # never over a file that appeared meanwhile
    finally:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
    return {"out": str(out), "sha256": digest, "bytes": out.stat().st_size,
            "profile": prof.name, "layers": written,
            "left_out": {g.layer: {"grade": g.grade, "secret": g.secret} for g in refused}}


def _write_layer(cache: Cache, tmp: Path, name: str, grade: Grade, prof: Profile,
                 treatment: Treatment | None, *, append: bool) -> dict[str, Any]:
    spec = LAYERS[name]
    columns = [c.name for c in spec.table.c if c.name not in _BOOKKEEPING]
    # the city as it stands now: what was demolished or is only planned stays in the cache
    feats = cache.read(name, columns)
    geoms = feats.geoms
    data = dict(feats.columns)
    how = "as_is"
    if treatment is not None:
        how = "desensitised"
        for f in treatment.drop:
            data.pop(f, None)
        for f, step in treatment.round.items():
            if f in data:
                data[f] = round_values(data[f], step)
        if treatment.grid_m:
            z_step = treatment.round.get("depth") or treatment.round.get("start_depth")
            geoms = snap_to_grid(geoms, treatment.grid_m, z_step)
    masked = []
    if prof.mask_personal:
        personal = personal_names() | {f.lower() for f in grade.personal_fields}
        for f in list(data):
            if f.lower() in personal:
                data[f] = [mask_personal(v) for v in data[f]]
                masked.append(f)
        if "attrs" in data:
            data["attrs"] = mask_attrs(data["attrs"], personal)
    import pyogrio.raw

    fields = list(data)
    field_data = [_column(data[f]) for f in fields]
    pyogrio.raw.write(str(tmp), shapely.to_wkb(geoms, include_srid=False),
                      field_data, fields, layer=name, driver="GPKG",
                      geometry_type=_geometry_type(spec.geometry_type, spec.has_z),
                      crs=crs_label(cache.crs), append=append, encoding="UTF-8",
                      promote_to_multi=False)
    return {"features": len(feats), "how": how, "masked": masked,
            "dropped": list(treatment.drop) if treatment else [],
            "grade": grade.grade, "secret": grade.secret}


def _column(values: list[Any]) -> np.ndarray:
    """A column as pyogrio writes it: numbers as float/int arrays, everything else as text."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool | int) for v in present) and len(present) == len(
            values):
        return np.array(values, dtype=np.int64)
    if present and all(isinstance(v, int | float) and not isinstance(v, bool)
                       for v in present):
        return np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    return np.array([None if v is None else (v if isinstance(v, str) else json.dumps(v)
                                             if isinstance(v, dict | list) else str(v))
                     for v in values], dtype=object)


def _geometry_type(declared: str, has_z: bool) -> str:
    names = {"MULTIPOLYGON": "MultiPolygon", "POLYGON": "Polygon", "LINESTRING": "LineString",
             "MULTILINESTRING": "MultiLineString", "POINT": "Point", "MULTIPOINT": "MultiPoint"}
    base = names.get(declared.upper(), "Unknown")
    return f"{base} Z" if has_z and base != "Unknown" else base


__all__ = ["ExportRefused", "export_cache"]
