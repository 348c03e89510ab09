"""``cimview review``: one command reviews a BIM and writes the report.

    cimview review IFC --cache CACHE [--parcel CODE] [--rules FILE] --out report.pdf
                   [--html DIR] [--bcf findings.bcf] [--json] [--lang zh_CN|en]

Exit status: 0 every rule passes; 3 at least one rule fails; 4 no rule fails but some could
not be assessed; 1 the review could not be made (the error is printed, as by every cimview
command); 2 a wrong command line (argparse). A failing proposal is not an error: scripts tell
"the model fails" from "the review broke" by the status. The report is in Chinese unless
``--lang en``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from store.errors import CimviewError

#: Exit status by the review's overall result.
EXIT = {"pass": 0, "fail": 3, "not_assessable": 4}

EPILOG = ("Exit status: 0 every rule passes; 3 a rule fails; 4 no rule fails but some are not "
          "assessable; 1 the review could not be made; 2 a wrong command line. The parcel is "
          "the one the model stands on unless --parcel names it.")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cimview review",
        description="Review a building proposal (IFC) against its parcel's planning "
                    "conditions, fire spacing, sunlight and the city's delivery requirements "
                    "(一键审查), and write the review report.", epilog=EPILOG)
    p.add_argument("ifc", type=Path, help="the proposal's IFC file")
    p.add_argument("--cache", type=Path, required=True, help="the city's cache (GeoPackage)")
    p.add_argument("--parcel", metavar="CODE", help="the parcel's code (default: the parcel "
                                                    "the model stands on)")
    p.add_argument("--rules", type=Path, metavar="FILE",
                   help="a rule set (default: the shipped resources/review/guangzhou.json)")
    p.add_argument("--out", type=Path, metavar="PDF", help="write the report as PDF")
    p.add_argument("--html", type=Path, metavar="DIR",
                   help="write the report as HTML: DIR/index.html and DIR/images/")
    p.add_argument("--bcf", type=Path, metavar="FILE",
                   help="write the failing and not-assessable rules as BCF 2.1 topics")
    p.add_argument("--json", action="store_true", help="print the result as JSON on stdout")
    p.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN",
                   help="language of the report and messages (default zh_CN)")
    return p


def run(argv: Sequence[str]) -> int:
    """The ``review`` command; returns the exit status (see the module docstring)."""
    p = parser()
    args = p.parse_args(argv)
    if not (args.out or args.html or args.bcf or args.json):
        p.error("nothing to write: give --out, --html, --bcf or --json")
    if not args.ifc.is_file():
        raise CimviewError("no such IFC file", path=args.ifc)
    for target in (args.out, args.bcf, args.html):  # before minutes of review, not after
        if target is not None and not target.resolve().parent.is_dir():
            raise CimviewError("cannot write here: the folder does not exist", path=target)
    app = _qt_app(args.lang)
    from app.messages import use_language

    use_language(args.lang)
    from layers.review.context import ReviewCancelled
    from store.cache import Cache

    with Cache.open(args.cache) as cache:
        try:
            result, model, ruleset = _review(cache, args)
        except ReviewCancelled:
            return 130
        with tempfile.TemporaryDirectory(prefix="cimview-review-") as tmp:
            figures = _snapshots(cache, result, model, ruleset, args.ifc, Path(tmp))
            _write(args, result, model, cache.crs, figures)
        from layers.review.record_review import record_review

        record_review(cache, result, outputs=[p for p in (args.out, args.bcf) if p is not None])
    del app
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
    return EXIT.get(result.status, 1)


def _qt_app(lang: str) -> Any:
    """A QGuiApplication for the PDF's fonts and layout (offscreen without a display), with the
    report's translators installed."""
    if sys.platform.startswith("linux") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from app.i18n import install

    app = QGuiApplication.instance() or QGuiApplication(["cimview"])
    with contextlib.suppress(FileNotFoundError):  # no catalogue: the report stays English
        install(app, lang)
    return app


def _review(cache: Any, args: argparse.Namespace) -> tuple[Any, Any, Any]:
    from app.messages import word
    from layers.review.context import ReviewCancelled
    from layers.review.ruleset import load_ruleset
    from layers.review.run import run_review
    from layers.review.site import build_context
    from store.bim.loader import LoadCancelled, load_bim

    ruleset = load_ruleset(args.rules)
    last = [""]

    def progress(fraction: float, message: Any) -> None:
        text = word(message)
        if text != last[0]:
            last[0] = text
            print(f"[{fraction * 100:3.0f}%] {text}", file=sys.stderr, flush=True)

    try:
        model = load_bim(args.ifc, cache, progress=lambda f, m: progress(0.1 * f, m))
    except LoadCancelled as exc:
        raise ReviewCancelled() from exc
    ctx = build_context(cache, model, args.ifc, parcel_code=args.parcel)
    result = run_review(ctx, ruleset, progress=lambda f, m: progress(0.1 + 0.9 * f, m))
    return result, model, ruleset


def _snapshots(cache: Any, result: Any, model: Any, ruleset: Any, ifc: Path,
               out_dir: Path) -> list[Any]:
    """The viewer's screenshots for the report (overview, each failure, the sunlight map);
    none, with a warning, when they cannot be rendered here."""
    from app.messages import sentence
    from app.review import words as w

    try:
        from app.review.snapshots import take_snapshots
    except ImportError:
        return []
    try:
        shots = take_snapshots(result, cache, out_dir, model=model, ifc=ifc, ruleset=ruleset)
    except Exception as exc:  # the report is still worth writing without its pictures
        print(f"cimview: {w.tr(w.L['no_shots']).format(why=sentence(exc))}", file=sys.stderr)
        return []
    return figures_from(shots)


def figures_from(shots: Any) -> list[Any]:
    """Screenshots as report figures, from what ``take_snapshots`` returns: its Snapshots
    (``kind`` overview | finding | sunlight, ``rule``, ``file``, ``camera``), or Figures, dicts
    ``{"path", "kind", "rule"}``, ``(kind, rule, path)`` tuples, ``{kind: path}``."""
    from app.review.report_html import Figure

    if isinstance(shots, dict):
        shots = [{"kind": k, "path": v} for k, v in shots.items()]
    out: list[Figure] = []
    for s in shots or []:
        if isinstance(s, Figure):
            out.append(s)
        elif hasattr(s, "kind") and hasattr(s, "file"):
            kind = "failure" if s.kind in ("finding", "failure") else str(s.kind)
            out.append(Figure(Path(s.file), kind, getattr(s, "rule", None),
                              camera=dict(getattr(s, "camera", None) or {})))
        elif isinstance(s, dict):
            kind = str(s.get("kind") or "overview")
            rule = s.get("rule")
            if kind.startswith("failure:"):
                kind, rule = "failure", kind.split(":", 1)[1]
            out.append(Figure(Path(s["path"]), kind, rule, str(s.get("caption") or "")))
        elif isinstance(s, tuple | list) and len(s) == 3:
            out.append(Figure(Path(s[2]), str(s[0]), s[1]))
        elif isinstance(s, str | os.PathLike):
            out.append(Figure(Path(s)))
    return [f for f in out if f.path.is_file()]


def _write(args: argparse.Namespace, result: Any, model: Any, crs: str,
           figures: list[Any]) -> None:
    from app.review import words as w
    from app.review.report_bcf import write_bcf
    from app.review.report_html import write_html
    from app.review.report_pdf import write_pdf

    elements = {e.guid: (e.ifc_class, e.name or "") for e in model.elements.values()}
    project = next((e.guid for e in model.elements.values() if e.ifc_class == "IfcProject"),
                   None)
    if args.out:
        pages = write_pdf(result, args.out, lang=args.lang, figures=figures, elements=elements)
        print(w.tr(w.L["wrote_pdf"]).format(file=args.out, n=pages), file=sys.stderr)
    if args.html:
        index = write_html(result, args.html, lang=args.lang, figures=figures,
                           elements=elements)
        print(w.tr(w.L["wrote_html"]).format(file=index), file=sys.stderr)
    if args.bcf:
        topics = write_bcf(result, args.bcf, lang=args.lang, georef=model.georef, crs=crs,
                           figures=figures, ifc_project=project)
        print(w.tr(w.L["wrote_bcf"]).format(file=args.bcf, n=topics), file=sys.stderr)
