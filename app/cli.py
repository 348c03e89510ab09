"""The ``cimview`` command: open the viewer, import files into a cache, describe a cache.

    cimview [CACHE] [--lang zh_CN|en]       open the viewer (no CACHE: the sample city)
    cimview [CACHE] --bim FILE.ifc          ... with an IFC model shown in the city
    cimview import FILE --into CACHE [...]  footprints, CityJSON, a DEM, addresses, pipelines
    cimview info CACHE [--json] [--time T]  layers, counts, extent and CRS of a cache (at T)
    cimview check CACHE [--json]            integrity, GeoPackage tables, spatial indexes, journals
    cimview search CACHE QUERY [--limit N]  ranked addresses and features, as JSON lines
    cimview search CACHE --at X,Y           the nearest standard address to a point
    cimview inspect-bim FILE [--cache CACHE] an IFC model: classes, georeferencing, load report
    cimview push CACHE URL [--token T]      send recorded observations and edits to the platform
    cimview sync URL --into CACHE [...]     download a work area from the platform, then update it
    cimview sunlight CACHE --at X,Y,Z       a point's sunlight hours on the standard day (大寒)
    cimview review IFC --cache CACHE --out report.pdf [...]  review a proposal, write the report
    cimview export-3dtiles CACHE --out DIR [...]  buildings and pipelines as 3D Tiles 1.1
    cimview audit CACHE [--verify] [--json]  list and verify the cache's tamper-evident trail
    cimview encrypt CACHE [--remember]      encrypt a cache (or change its passphrase)
    cimview decrypt CACHE                   make an encrypted cache a plain GeoPackage again
    cimview export CACHE --out F.gpkg [...]  layers as a plain GeoPackage, graded, de-sensitised
    cimview scenario CACHE [add NAME [--on P]]  planning scenarios (方案A …): list, add
    cimview scenario CACHE remove NAME --layer L --fid N --at YEAR  plan a removal in one
    cimview history CACHE [--compare T1 T2]  buildings, floor area, units by year; what changed

An encrypted cache asks for its passphrase at the terminal (or reads $CIMVIEW_PASSPHRASE).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from store.errors import CimviewError

SUBCOMMANDS = ("import", "info", "check", "search", "inspect-bim", "push", "sync",
               "sunlight", "review", "export-3dtiles", "audit", "encrypt", "decrypt", "export",
               "scenario", "history")


def default_sample_dir() -> Path:
    """Where the sample city is built on first run ($CIMVIEW_SAMPLE_DIR overrides)."""
    env = os.environ.get("CIMVIEW_SAMPLE_DIR")
    if env:
        return Path(env)
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "cimview" / "sample_city"


def ensure_sample_city(out: Path) -> Path:
    """The sample city's cache, built first if it is not there yet."""
    cache = out / "sample_city.gpkg"
    if not cache.exists():
        from sample_city.city import build

        print(f"cimview: building the sample city in {out} (first run) …", file=sys.stderr)
        build(out)
    return cache


def _parser_import() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cimview import",
        description="Import building footprints (GeoJSON, GeoPackage, Shapefile), CityJSON "
                    "or CityGML 1.0/2.0/3.0 buildings (LoD1/LoD2; LoD3/4 as their outer shell; "
                    ".gml, .gml.gz), a DEM (GeoTIFF), the standard address library (CSV, Excel: "
                    "--as addresses) or a pipeline survey (Shapefile, GeoPackage, GeoJSON, "
                    "EPANET .inp: --as pipelines / pipe-points) into a cache. The cache is "
                    "created when it "
                    "does not exist. The import is one transaction: it completes or changes "
                    "nothing.")
    p.add_argument("file", type=Path, help="the file to import")
    p.add_argument("--into", required=True, type=Path, metavar="CACHE",
                   help="the cache (.gpkg) to import into; created when missing")
    p.add_argument("--crs", help="CRS of a new cache, and of the file's coordinates when the "
                                 "file declares none (e.g. EPSG:4547)")
    p.add_argument("--source-crs", help="override the CRS the file declares (when it is wrong)")
    p.add_argument("--kind", choices=["footprints", "cityjson", "citygml", "dem"],
                   help="what the file holds (default: detected from its content)")
    p.add_argument("--layer", help="layer to read from a GeoPackage or File Geodatabase "
                                   "with several layers")
    p.add_argument("--metadata", type=Path, metavar="FILE",
                   help="the CityJSON header (e.g. metadata.city.json: its transform and CRS) "
                        "of a CityJSON Text Sequence whose lines are only features")
    p.add_argument("--height-field", help="attribute holding the building height in metres")
    p.add_argument("--floors-field", help="attribute holding the number of floors")
    p.add_argument("--floor-height", type=float, default=3.0,
                   help="metres per floor when only floors are known (default 3)")
    p.add_argument("--default-height", type=float, default=9.0,
                   help="height given to buildings with neither height nor floors, marked as "
                        "estimated (default 9)")
    p.add_argument("--name-field", help="attribute holding the building name")
    p.add_argument("--valid-from-field", metavar="FIELD",
                   help="attribute saying when each feature was built (a year or date; "
                        "default: the first of start_date, 建成年代, yearOfConstruction …)")
    p.add_argument("--scenario", metavar="NAME",
                   help="import planned features into this planning scenario of the cache "
                        "(see 'cimview scenario')")
    p.add_argument("--planned", metavar="WHEN",
                   help="when the features are planned to stand, where the data says not "
                        "(a year or date, e.g. 2027)")
    p.add_argument("--valid-to-field", metavar="FIELD",
                   help="attribute saying when each feature was demolished or closed "
                        "(default: the first of end_date, 拆除日期, yearOfDemolition …)")
    p.add_argument("--encoding", help="text encoding of a Shapefile's attributes")
    p.add_argument("--as", dest="as_what", choices=["addresses", "pipelines", "pipe-points"],
                   help="what the file's rows are: addresses (the standard address library, "
                        "CSV or Excel with one column per level), pipelines (a pipeline "
                        "survey: lines with CJJ 61 fields, an EPANET network), pipe-points "
                        "(the survey's points: features and appurtenances)")
    p.add_argument("--profile", help="the field-mapping profile: a name in resources/ "
                                     "(e.g. standard) or a JSON file")
    p.add_argument("--map", dest="field_map", action="append", default=[],
                   metavar="FIELD=COLUMN", help="read FIELD from COLUMN (e.g. 门牌=MPH); "
                                                "repeatable")
    p.add_argument("--json", action="store_true", help="print the import report as JSON")
    return p


def cmd_import(argv: Sequence[str]) -> int:
    args = _parser_import().parse_args(argv)
    from store.importers import ImportOptions, import_file

    options = ImportOptions(
        kind=args.kind, layer=args.layer, source_crs=args.source_crs,
        height_field=args.height_field, floors_field=args.floors_field,
        floor_height=args.floor_height, default_height=args.default_height,
        encoding=args.encoding, name_field=args.name_field, profile=args.profile,
        valid_from_field=args.valid_from_field, valid_to_field=args.valid_to_field,
        scenario=args.scenario, planned=args.planned,
        field_map=tuple(args.field_map), metadata=args.metadata)
    if args.as_what:
        options.kind = args.as_what
    report = import_file(args.file, args.into, crs=args.crs, options=options)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        from app.import_words import report_text
        from app.messages import use_language

        use_language(None)
        print(report_text(report))
    return 0


def cmd_info(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="cimview info",
                                description="Describe a cache: CRS, extent, layers and counts.")
    p.add_argument("cache", type=Path)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--time", metavar="WHEN",
                   help="count what stood at that time: a year (its end), YYYY-MM, a date or "
                        "an ISO time (default: now)")
    p.add_argument("--scenario", metavar="NAME",
                   help="with the planned features of this scenario (and those it builds on)")
    args = p.parse_args(argv)
    from sqlalchemy.exc import DatabaseError

    from layers.catalog import summarize
    from store import check, lifespan
    from store.cache import NOW, Cache

    at = NOW
    if args.time is not None:
        try:
            at = lifespan.instant(args.time)
        except ValueError:
            p.error(f"--time {args.time!r}: not a year, date or time (e.g. 2010, 2010-06-30)")
    before = check.journal_findings(args.cache) if args.cache.is_file() else []
    try:
        with Cache.open(args.cache) as cache:
            if args.scenario:
                from store import scenarios

                cache.scenarios = scenarios.chain(cache,
                                                  scenarios.find(cache, args.scenario).gid)
            s = summarize(cache, at)
    except DatabaseError as exc:
        raise check.damaged(args.cache, exc) from exc
    warnings = check.after_open(before, args.cache) + check.quick_findings(args.cache)
    data = {
        "path": s.path, "name": s.name, "crs": s.crs, "vertical_crs": s.vertical_crs,
        "extent": s.extent, "at": None if at == NOW else at, "scenario": args.scenario,
        "layers": {k: {"title": v.title_zh, "geometry": v.geometry_type, "count": v.count,
                       "extent": v.extent, "version": v.version} for k, v in s.layers.items()},
        "dem": None if s.dem is None else {
            "width": s.dem.width, "height": s.dem.height, "cell": s.dem.cell,
            "min_z": s.dem.min_z, "max_z": s.dem.max_z, "crs": s.dem.crs},
        "warnings": [w.to_dict() for w in warnings],
    }
    if warnings:
        from app.messages import use_language, word

        use_language(None)
        for w in warnings:
            print(f"cimview: {args.cache}: {word(w.message)}", file=sys.stderr)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(f"{s.path}  {s.name}\nCRS {s.crs}  vertical {s.vertical_crs or '-'}")
    if at != NOW:
        print(f"as it stood at {at}")
    if s.extent:
        print("extent {:.2f} {:.2f} {:.2f} {:.2f}".format(*s.extent))
    for name, layer in s.layers.items():
        print(f"  {name:16s} {layer.title_zh:8s} {layer.count:>9d}  {layer.geometry_type}")
    if s.dem:
        print(f"  dem              地形     {s.dem.width}×{s.dem.height} cells of {s.dem.cell:g} "
              f"m, z {s.dem.min_z:.1f}…{s.dem.max_z:.1f}")
    return 0


def cmd_check(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="cimview check",
        description="Check a cache: SQLite's integrity check, the GeoPackage tables (contents, "
                    "geometry columns, SRS), each spatial index against its table, and "
                    "journals left by an interrupted write. Changes nothing. Exit status 0 "
                    "when healthy, 1 when not.")
    p.add_argument("cache", type=Path)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lang", help="zh_CN or en (default: the system's)")
    args = p.parse_args(argv)
    from app.messages import use_language, word
    from store.check import check

    report = check(args.cache)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    use_language(args.lang)
    print(f"{args.cache}: {word(report.summary())}")
    for f in report.findings:
        print(f"  {f.severity}: {word(f.message)}")
    return 0 if report.ok else 1


def cmd_search(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="cimview search",
        description="Search the standard address library and the named features of a cache "
                    "(buildings by name or code, roads, parcels and poles by code). Prints one "
                    "JSON object per hit, best first: id, layer, fid, full_address, level, x, y "
                    "(cache CRS), score, name, building_gid, matched, unmatched.")
    p.add_argument("cache", type=Path)
    p.add_argument("query", nargs="?", default="", help="the query, as people type it")
    p.add_argument("--limit", type=int, default=10, help="most hits to print (default 10)")
    p.add_argument("--at", metavar="X,Y",
                   help="reverse lookup: the nearest standard address to this point (cache CRS)")
    p.add_argument("--reindex", action="store_true",
                   help="rebuild the search index first and print its statistics to stderr")
    args = p.parse_args(argv)
    from store.cache import Cache
    from store.search import build_index, nearest_address, search

    with Cache.open(args.cache) as cache:
        if args.reindex:
            print(json.dumps(build_index(cache), ensure_ascii=False), file=sys.stderr)
        if args.at:
            try:
                x, y = (float(v) for v in args.at.split(","))
            except ValueError:
                raise CimviewError("--at {at}: expected X,Y in the cache CRS",
                                   at=repr(args.at)) from None
            found = nearest_address(cache, x, y)
            if found is not None:
                hit, distance = found
                print(json.dumps(hit.to_json() | {"distance": round(distance, 2)},
                                 ensure_ascii=False))
            return 0
        for hit in search(cache, args.query, max(0, args.limit)):
            print(json.dumps(hit.to_json(), ensure_ascii=False))
    return 0


def cmd_sunlight(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="cimview sunlight",
        description="Sunlight hours of one point of the city as it is (terrain, white models, "
                    "LOD2 solids) on the rule set's standard day (GB 50180: 大寒, 08:00-16:00 "
                    "true solar time), counted per GB/T 50947 with the rule set's parameters. "
                    "Periods are printed in Beijing time.")
    p.add_argument("cache", type=Path)
    p.add_argument("--at", required=True, metavar="X,Y,Z",
                   help="the receiver in the cache CRS (e.g. a window sill, 0.9 m above the "
                        "floor, a few cm off the wall)")
    p.add_argument("--date", help="a day other than the standard day (YYYY-MM-DD)")
    p.add_argument("--facing", type=float, metavar="DEGREES",
                   help="the facade faces this way (clockwise from grid north): the sun counts "
                        "only in front of it, beyond the minimum sweep angle")
    p.add_argument("--rules", type=Path, help="rule set whose sunlight_neighbours parameters "
                                                "apply (default: the shipped one)")
    p.add_argument("--bim", type=Path, metavar="IFC",
                   help="with this proposal where it stands (and without the white models on "
                        "its parcel), as the review's hours with the proposal")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="language of the text (default: LANG)")
    args = p.parse_args(argv)
    import datetime as dt
    import json as _json

    from layers.review.sun_params import SunlightParams
    from layers.review.sun_point import point_sunlight
    from store.cache import Cache

    try:
        x, y, z = (float(v) for v in args.at.split(","))
    except ValueError:
        raise CimviewError("--at {at}: expected X,Y,Z in the cache CRS", at=repr(args.at)) from None
    day = None
    if args.date:
        try:
            day = dt.date.fromisoformat(args.date)
        except ValueError:
            raise CimviewError("--date {date}: expected YYYY-MM-DD", date=repr(args.date)) from None
    rules = _json.loads((args.rules or _default_rules()).read_text(encoding="utf-8"))
    row = next((r for r in rules.get("rules", []) if isinstance(r, dict)
                and r.get("check") == "sunlight_neighbours"), None)
    params = SunlightParams.from_params((row or {}).get("params") or {},
                                        (row or {}).get("id", ""))
    with Cache.open(args.cache) as cache:
        proposal = None
        if args.bim is not None:
            from layers.review.site import build_context
            from store.bim.loader import load_bim

            proposal = build_context(cache, load_bim(args.bim), args.bim)
        out = point_sunlight(cache, x, y, z, params, day=day, facing_deg=args.facing,
                             proposal=proposal)
    if args.json:
        print(_json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    from app.messages import use_language, word
    from store.messages import msg

    use_language(args.lang)
    lines = [
        msg("{date} ({term}) at {lon}°E {lat}°N", date=out["date"], term=out["standard_day"] or "-",
            lon=out["longitude"], lat=out["latitude"]),
        msg("{tst0}–{tst1} true solar time is {bjt0}–{bjt1} Beijing time",
            tst0=out["window_tst"][0], tst1=out["window_tst"][1], bjt0=out["window_bjt"][0],
            bjt1=out["window_bjt"][1]),
        msg("Sunlight: {hours} h ({counting}, pieces of at least {min} min)",
            hours=f"{out['hours']:.2f}", counting=out["counting"], min=out["min_segment_min"]),
        msg("Sunlit (Beijing time): {periods}",
            periods=", ".join(f"{a}–{b}" for a, b in out["periods_bjt"]) or "-"),
    ]
    for line in lines:
        print(word(line))
    for note in out["notes"]:
        print(f"cimview: {word(note)}", file=sys.stderr)
    return 0


def _default_rules() -> Path:
    from layers.review.ruleset import DEFAULT_RULESET

    return DEFAULT_RULESET


def cmd_inspect_bim(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="cimview inspect-bim",
        description="Load an IFC model (tessellated in a separate process, or from the cache) "
                    "and print JSON: schema, element counts by class, georeferencing and the "
                    "load report (tessellated and failed elements, seconds, threads).")
    p.add_argument("file", type=Path, help="the IFC file (.ifc, IFC-SPF)")
    p.add_argument("--cache", type=Path, metavar="CACHE",
                   help="keep the model in this cache (a second run loads it from there); "
                        "created when missing, with --crs")
    p.add_argument("--crs", help="CRS of a new cache (e.g. EPSG:4547)")
    p.add_argument("--threads", type=int, default=None,
                   help="geometry threads (default: the number of CPUs)")
    args = p.parse_args(argv)
    if args.threads is not None and args.threads < 1:
        raise CimviewError("--threads {threads}: must be at least 1", threads=args.threads)
    from collections import Counter

    from store.bim.loader import load_bim
    from store.cache import Cache

    cache = None
    if args.cache is not None:
        if args.cache.exists():
            cache = Cache.open(args.cache)
        elif args.crs:
            cache = Cache.create(args.cache, args.crs)
        else:
            raise CimviewError("no such cache; give --crs to create it", path=args.cache)
    try:
        model = load_bim(args.file, cache, threads=args.threads)
    finally:
        if cache is not None:
            cache.close()
    failed_ids = {row["id"] for row in model.report.failed}
    products = [e for e in model.elements.values() if e.ifc_class != "IfcProject"]
    with_body = Counter(e.ifc_class for e in products if e.has_geometry or e.id in failed_ids)
    everything = Counter(e.ifc_class for e in products)
    try:
        from store.bim.georef import describe
    except ModuleNotFoundError as exc:
        if exc.name != "store.bim.georef":
            raise
        georef = model.georef.to_dict()
    else:
        georef = describe(model.georef)
    geometry = model.geometry
    bounds = ([geometry.vertices.min(axis=0).tolist(), geometry.vertices.max(axis=0).tolist()]
              if len(geometry.vertices) else None)
    report = model.report
    data = {
        "file": str(args.file), "sha256": model.sha256, "schema": model.schema,
        "elements": len(model.elements), "products": len(products),
        "classes_with_body": dict(sorted(with_body.items())),
        "classes_all_products": dict(sorted(everything.items())),
        "georef": georef, "placement": model.placement,
        "geometry": {"vertices": len(geometry.vertices), "triangles": len(geometry.triangles),
                     "bounds_project_m": bounds},
        "report": {"products_with_body": report.products_with_body,
                   "tessellated": report.tessellated, "failed": report.failed,
                   "warnings": report.warnings, "seconds": round(report.seconds, 3),
                   "threads": report.threads, "from_cache": report.from_cache},
    }
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


def cmd_push(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="cimview push",
        description="Send the observations and feature edits recorded in a cache to the base "
                    "platform (OGC API - Features). Each is marked sent only once the platform "
                    "confirms it; a retry never duplicates one. Prints JSON: pushed, "
                    "already_there, rejected, conflicts, failed, not_tried, and each item's "
                    "outcome. Exit status 0 when nothing is left pending because of a failure, "
                    "1 otherwise (run it again later).")
    p.add_argument("cache", type=Path)
    p.add_argument("url", help="the platform's OGC API landing page, e.g. "
                               "https://cim.example.gov.cn/ogcapi")
    _token_options(p)
    args = p.parse_args(argv)
    from store.cache import Cache
    from store.sync.push import push

    token = _sync_token(args)
    with Cache.open(args.cache) as cache:
        summary = push(cache, args.url, token=token)
    _print_warnings(summary.warnings)
    print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    return 0 if summary.complete else 1


def _token_options(p: argparse.ArgumentParser) -> None:
    """--token-file and --token (sync, push). Without them: $CIMVIEW_TOKEN, else the keyring."""
    p.add_argument("--token-file", type=Path, metavar="FILE",
                   help="read the bearer token from the first line of FILE (default: "
                        "$CIMVIEW_TOKEN, else the system keyring entry of the platform)")
    p.add_argument("--token", help="bearer token on the command line: discouraged, every "
                                   "user of the machine sees it in ps (a warning is printed)")


def _sync_token(args: argparse.Namespace) -> str | None:
    """The token for sync/push: --token (warned about), --token-file, $CIMVIEW_TOKEN, keyring.
    The token goes only to the platform's origin."""
    from store.sync.credentials import argv_token_warning, token_for

    if args.token:
        _print_warnings([argv_token_warning()])
        return args.token
    return token_for(args.url, file=args.token_file)


def _print_warnings(warnings: Sequence[str]) -> None:
    """A sync's or push's warnings on stderr, in the user's language."""
    if not warnings:
        return
    from app.messages import use_language, word

    use_language(None)
    for w in warnings:
        print(f"cimview: {word(w)}", file=sys.stderr)


def cmd_sync(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="cimview sync",
        description="Download a work area from the city's base platform (OGC API - Features) "
                    "into a cache, or bring a cache up to date: the first sync downloads every "
                    "layer and the platform's files (DEM, proposal IFCs); later ones fetch only "
                    "what changed and remove what the platform retired. Page by page and "
                    "resumable: an interrupted sync continues where it stopped when run again. "
                    "Prints a JSON summary.")
    p.add_argument("url", help="the platform's OGC API landing page, e.g. "
                               "https://cim.example.gov.cn/ogcapi")
    p.add_argument("--into", required=True, type=Path, metavar="CACHE",
                   help="the cache (.gpkg) to fill or update; created when missing")
    p.add_argument("--bbox", metavar="MINX,MINY,MAXX,MAXY",
                   help="work area: a box in the cache CRS (or --bbox-crs)")
    p.add_argument("--bbox-crs", metavar="CRS", help="CRS of --bbox and of an --area polygon")
    p.add_argument("--area", help="work area: a 社区, 街道 or district name from the address "
                                  "library, or a polygon as WKT")
    p.add_argument("--crs", help="CRS of a new cache (default EPSG:4547)")
    p.add_argument("--layers", metavar="L1,L2", help="only these layers (default: all)")
    p.add_argument("--no-files", action="store_true",
                   help="skip the platform's files (DEM, proposal IFCs)")
    p.add_argument("--restart", action="store_true",
                   help="drop the interrupted runs kept in the cache: each layer is read again "
                        "from its last completed sync")
    p.add_argument("--encrypt", action="store_true",
                   help="create the new cache encrypted: its passphrase is typed when asked, "
                        "or read from $CIMVIEW_PASSPHRASE (the default when the platform's "
                        "data grades call for it: 重要, 核心 or 涉密)")
    p.add_argument("--plain", action="store_true",
                   help="create the new cache unencrypted even when the data grades call for "
                        "encryption (the trail records it)")
    _token_options(p)
    args = p.parse_args(argv)
    bbox = None
    if args.bbox:
        try:
            bbox = [float(v) for v in args.bbox.split(",")]
        except ValueError:
            bbox = []
        if len(bbox) != 4:
            raise CimviewError("--bbox {bbox}: expected MINX,MINY,MAXX,MAXY",
                               bbox=repr(args.bbox))
    from store.sync.download import sync

    token = _sync_token(args)

    def progress(event: dict) -> None:
        if event.get("stage") == "features":
            total = f"/{event['matched']}" if event.get("matched") is not None else ""
            print(f"\r{event['collection']:14s} {event['mode']:11s} {event['fetched']}{total}"
                  "\033[K", end="" if not event.get("done") else "\n", file=sys.stderr,
                  flush=True)
        elif event.get("stage") == "files":
            print(f"file {event['name']} ({event['bytes']} bytes, {event.get('status')})",
                  file=sys.stderr)

    layers = [s.strip() for s in args.layers.split(",") if s.strip()] if args.layers else None
    from app.cache_key import ask
    from store.sync.download import EncryptionRequired

    passphrase = ask(args.into, new=True) if args.encrypt and not args.into.exists() else None

    def run(passphrase: str | None) -> Any:
        return sync(args.url, args.into, bbox=bbox, bbox_crs=args.bbox_crs, area=args.area,
                    crs=args.crs, token=token, collections=layers, files=not args.no_files,
                    progress=progress if sys.stderr.isatty() else None, restart=args.restart,
                    passphrase=passphrase, require_encryption=not args.plain)

    try:
        summary = run(passphrase)
    except EncryptionRequired as exc:  # the grades call for it: the passphrase, then again
        _print_warnings([exc.problem])
        summary = run(ask(args.into, new=True))
    _print_warnings(summary.warnings)
    print(summary.to_json(indent=2))
    return 0 if summary.complete else 1


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """``MINX,MINY,MAXX,MAXY`` as four finite numbers, min below max (else a CimviewError).

    >>> parse_bbox("428000, 2555000,428500,2555600")
    (428000.0, 2555000.0, 428500.0, 2555600.0)
    """
    try:
        box = tuple(float(v) for v in text.split(","))
    except ValueError:
        box = ()
    if len(box) != 4 or not all(math.isfinite(v) for v in box):
        raise CimviewError("--bbox {bbox}: expected four numbers MINX,MINY,MAXX,MAXY in the "
                           "cache's CRS", bbox=repr(text))
    if box[0] >= box[2] or box[1] >= box[3]:
        raise CimviewError("--bbox {bbox}: the minimum must be below the maximum "
                           "(MINX,MINY,MAXX,MAXY)", bbox=repr(text))
    return box  # type: ignore[return-value]


def cmd_export_3dtiles(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="cimview export-3dtiles",
        description="Write a cache's buildings (LOD1 extrusions, LOD2 solids) and pipelines "
                    "as a 3D Tiles 1.1 tileset (glb content, every attribute as metadata) "
                    "that CesiumJS, QGIS and the platform open. Prints a JSON summary. "
                    "See docs/3dtiles.md.")
    p.add_argument("cache", type=Path)
    p.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="the folder to write into (created; a non-empty folder must hold a "
                        "previous export, or use --force)")
    p.add_argument("--layers", default="buildings,pipelines", metavar="L1,L2",
                   help="buildings, pipelines or both (default)")
    p.add_argument("--bbox", metavar="MINX,MINY,MAXX,MAXY",
                   help="only features meeting this box (in the cache's CRS)")
    p.add_argument("--force", action="store_true",
                   help="write into a non-empty folder that holds no previous export (its "
                        "tileset.json, buildings/ and pipelines/ are replaced)")
    p.add_argument("--lang", choices=["zh_CN", "en"], help="language of messages")
    args = p.parse_args(argv)
    bbox = parse_bbox(args.bbox) if args.bbox else None
    if not args.cache.is_file():
        raise CimviewError("no such cache", path=args.cache)
    from app.messages import use_language, word
    from viewer.tiles_export import export_3dtiles

    use_language(args.lang)
    tty = sys.stderr.isatty()

    def progress(message: str) -> None:
        print(f"\r{word(message)}\033[K", end="", file=sys.stderr, flush=True)

    layers = [s.strip() for s in args.layers.split(",") if s.strip()]
    summary = export_3dtiles(args.cache, args.out, layers=layers, bbox=bbox, force=args.force,
                             progress=progress if tty else None)
    if tty:
        print(file=sys.stderr)
    print(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    return 0


def cmd_view(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(
        prog="cimview", description="cimview — the desktop client of a city's CIM platform.",
        epilog="Other commands: 'cimview import FILE --into CACHE', 'cimview info CACHE', "
               "'cimview search CACHE QUERY' (see 'cimview import -h').")
    p.add_argument("cache", nargs="?", type=Path,
                   help="the cache to open (default: the sample city, built on first run)")
    p.add_argument("--lang", choices=["zh_CN", "en"],
                   help="interface language (default: the system's)")
    p.add_argument("--bim", type=Path, metavar="IFC",
                   help="open this IFC model in the city (as File > Open BIM does)")
    shot = p.add_argument_group("headless rendering (no window, no display needed)")
    shot.add_argument("--screenshot", type=Path, metavar="PNG", help="render to this file")
    shot.add_argument("--camera", help="'overview' (default), 'top', or x,y,z,fx,fy,fz in the "
                                       "cache CRS (camera position and focal point)")
    shot.add_argument("--layers", help="comma-separated layers to show: terrain, buildings, "
                                       "pipelines (or pipelines:JS …), pipe_points, poles")
    shot.add_argument("--underground", action="store_true",
                      help="underground mode: translucent terrain, dark background")
    shot.add_argument("--theme", choices=["safety_grade", "year_built", "structure_code",
                                          "tenure", "floors"],
                      help="colour buildings by a housing-stock attribute")
    shot.add_argument("--time", metavar="WHEN",
                      help="the city as it stood then: a year (its end), YYYY-MM, a date or "
                           "an ISO time (default: now)")
    shot.add_argument("--scenario", metavar="NAME",
                      help="with the planned features of this planning scenario")
    shot.add_argument("--size", default="1600x1000", help="image size WxH (default 1600x1000)")
    args = p.parse_args(argv)
    if args.screenshot:
        return _screenshot(args)
    if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
            or os.environ.get("QT_QPA_PLATFORM")):
        raise CimviewError("no display to open a window on (DISPLAY is not set); run cimview "
                           "in a desktop session, or use 'cimview info CACHE'")
    cache = args.cache or ensure_sample_city(default_sample_dir())
    from app.main_window import run

    if args.bim is not None and not args.bim.is_file():
        raise CimviewError("no such IFC file", path=args.bim)
    return run(cache, lang=args.lang, bim=args.bim)


def _screenshot(args: argparse.Namespace) -> int:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        # No display: render through EGL directly rather than after a failed X connection.
        os.environ.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    from store.cache import Cache
    from viewer.scene import render_screenshot

    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        raise CimviewError("--size {size}: expected WIDTHxHEIGHT, e.g. 1600x1000",
                           size=repr(args.size)) from None
    path = args.cache or ensure_sample_city(default_sample_dir())
    layers = [s.strip() for s in args.layers.split(",") if s.strip()] if args.layers else None
    with Cache.open(path) as cache:
        try:
            result = render_screenshot(cache, str(args.screenshot), size=(width, height),
                                       camera=args.camera, layers=layers,
                                       underground=args.underground, theme=args.theme,
                                       time=args.time, scenario=args.scenario)
        except ValueError as exc:
            raise CimviewError(str(exc)) from None
    print(json.dumps(result, ensure_ascii=False))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 must still print
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        from app.cache_key import unlocking

        return unlocking(lambda: _run(argv))  # a locked cache: the passphrase, then again
    except CimviewError as exc:
        return _fail(exc, argv)
    except Exception as exc:  # the last boundary: a sentence, and the traceback in the log
        from store.boundary import translate

        return _fail(translate(exc, None), argv)


def _run(argv: list[str]) -> int:
    """The command ``argv`` names (the viewer when none)."""
    command = argv[0] if argv and argv[0] in SUBCOMMANDS else None
    if command in ("encrypt", "decrypt"):
        from app.cache_key import cmd_decrypt, cmd_encrypt

        return (cmd_encrypt if command == "encrypt" else cmd_decrypt)(argv[1:])
    if command == "import":
        return cmd_import(argv[1:])
    if command == "info":
        return cmd_info(argv[1:])
    if command == "check":
        return cmd_check(argv[1:])
    if command == "search":
        return cmd_search(argv[1:])
    if command == "inspect-bim":
        return cmd_inspect_bim(argv[1:])
    if command == "push":
        return cmd_push(argv[1:])
    if command == "sync":
        return cmd_sync(argv[1:])
    if command == "sunlight":
        return cmd_sunlight(argv[1:])
    if command == "export-3dtiles":
        return cmd_export_3dtiles(argv[1:])
    if command == "export":
        from app.export_cli import cmd_export

        return cmd_export(argv[1:])
    if command == "audit":
        from app.audit_cli import cmd_audit

        return cmd_audit(argv[1:])
    if command == "history":
        from app.history_cli import cmd_history

        return cmd_history(argv[1:])
    if command == "scenario":
        from app.scenario_cli import cmd_scenario

        return cmd_scenario(argv[1:])
    if command == "review":
        from app.review.command import run as cmd_review

        return cmd_review(argv[1:])
    return cmd_view(argv)


def _fail(exc: CimviewError, argv: Sequence[str]) -> int:
    """Print the error in the user's language (--lang, else LANG)."""
    from app.messages import failure, use_language

    use_language(_lang_option(argv))
    print(f"cimview: {failure(exc)}", file=sys.stderr)
    return 1


def _lang_option(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


if __name__ == "__main__":
    raise SystemExit(main())
