"""``cimview export CACHE --out FILE.gpkg [--layers a,b] [--desensitise PROFILE] [--json]``.

The export door (:mod:`store.export`): a plain GeoPackage for QGIS or GDAL, every layer checked
against its data grade and de-sensitised by the profile, and every export (and refusal)
recorded in the cache's trail with who, what, which profile and the output's SHA-256.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP

_CTX = "ExportCli"
_WROTE = QT_TRANSLATE_NOOP("ExportCli", "{out}: {n} layers, {bytes} bytes, SHA-256 {sha256} "
                                        "(profile {profile}; recorded in the cache's trail)")
_LAYER = QT_TRANSLATE_NOOP("ExportCli", "  {layer}: {features} features, {how}")
_LEFT_OUT = QT_TRANSLATE_NOOP("ExportCli", "  left out: {layer} ({grade}{secret}), which the "
                                           "profile does not let out")
_HOW = {"as_is": QT_TRANSLATE_NOOP("ExportCli", "as it is"),
        "desensitised": QT_TRANSLATE_NOOP("ExportCli", "de-sensitised")}


def cmd_export(argv: Sequence[str]) -> int:
    from store.export.profiles import names

    p = argparse.ArgumentParser(
        prog="cimview export",
        description="Write layers of a cache as a plain GeoPackage (for QGIS, GDAL). Each "
                    "layer is checked against its data grade: it leaves as it is, "
                    "de-sensitised by the profile, or not at all. Personal fields are masked. "
                    "Every export is recorded in the cache's trail with the output's SHA-256.")
    p.add_argument("cache", type=Path)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.gpkg",
                   help="the GeoPackage to write (must not exist)")
    p.add_argument("--layers", metavar="L1,L2",
                   help="layers to export (default: every layer that may leave)")
    p.add_argument("--desensitise", "--desensitize", dest="profile", metavar="PROFILE",
                   help=f"de-sensitising profile: {', '.join(names())}, or a JSON file "
                        "(default: public)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--lang", help="zh_CN or en (default: the system's)")
    args = p.parse_args(argv)
    from app.messages import translate_in, use_language
    from store.export import export_cache

    use_language(args.lang)
    layers = [s.strip() for s in args.layers.split(",") if s.strip()] if args.layers else None
    result = export_cache(args.cache, args.out, layers=layers, profile=args.profile)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0

    def tr(text: str) -> str:
        return translate_in(_CTX, text)

    print(tr(_WROTE).format(out=result["out"], n=len(result["layers"]), bytes=result["bytes"],
                            sha256=result["sha256"], profile=result["profile"]))
    for name, w in result["layers"].items():
        print(tr(_LAYER).format(layer=name, features=w["features"], how=tr(_HOW[w["how"]])))
    for name, g in result["left_out"].items():
        print(tr(_LEFT_OUT).format(layer=name, grade=g["grade"],
                                   secret="·涉密" if g["secret"] else ""))
    return 0
