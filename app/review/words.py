"""The review report's own words, and how it writes values, limits and results.

Every label is English source text in the ``ReviewReport`` translation context, looked up with
``QCoreApplication.translate`` in the translators installed on the application (the window's
language, or ``--lang`` on the command line, zh_CN by default there). What comes from data is
chosen by ``lang``: rule titles and the rule set's name from the rule set's ``title_zh`` /
``title_en``; sentences from ``layers/review`` (reasons, notes) through :func:`app.messages.word`.

Example
-------
>>> limit_text(Finding(rule="height", status="pass", limit=80.0, unit="m", compare="<="))
'≤ 80 m'
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.messages import word
from layers.review.result import FAIL, NOT_ASSESSABLE, PASS, Finding, ReviewResult
from layers.style import is_zh

CONTEXT = "ReviewReport"


def tr(text: str) -> str:
    """``text`` (English source, marked with QT_TRANSLATE_NOOP in ``ReviewReport``) translated."""
    return QCoreApplication.translate(CONTEXT, text)


L = {
    "title": QT_TRANSLATE_NOOP("ReviewReport", "Building design proposal review report"),
    "subtitle": QT_TRANSLATE_NOOP(
        "ReviewReport", "The model checked against its parcel's planning conditions, fire "
        "spacing, sunlight and the city's delivery requirements"),
    "overall": QT_TRANSLATE_NOOP("ReviewReport", "Overall result"),
    "summary": QT_TRANSLATE_NOOP(
        "ReviewReport", "{passed} rules pass, {failed} fail, {na} not assessable"),
    "s_project": QT_TRANSLATE_NOOP("ReviewReport", "1 Project, model and data"),
    "s_parameters": QT_TRANSLATE_NOOP("ReviewReport", "2 Parameters"),
    "s_rules": QT_TRANSLATE_NOOP("ReviewReport", "3 Rules and results"),
    "s_figures": QT_TRANSLATE_NOOP("ReviewReport", "4 Screenshots"),
    "s_details": QT_TRANSLATE_NOOP("ReviewReport", "5 Findings in detail"),
    "s_sunlight": QT_TRANSLATE_NOOP("ReviewReport", "6 Sunlight per receiver"),
    "s_elements": QT_TRANSLATE_NOOP("ReviewReport", "7 Failing elements (GlobalId)"),
    "s_signature": QT_TRANSLATE_NOOP("ReviewReport", "8 Review opinion and signature"),
    "project": QT_TRANSLATE_NOOP("ReviewReport", "Project"),
    "model_file": QT_TRANSLATE_NOOP("ReviewReport", "Model file"),
    "sha256": QT_TRANSLATE_NOOP("ReviewReport", "SHA-256 of the model file"),
    "schema": QT_TRANSLATE_NOOP("ReviewReport", "IFC schema"),
    "parcel": QT_TRANSLATE_NOOP("ReviewReport", "Parcel"),
    "found_by": QT_TRANSLATE_NOOP("ReviewReport", "Parcel found by"),
    "found_location": QT_TRANSLATE_NOOP("ReviewReport", "where the model stands"),
    "found_code": QT_TRANSLATE_NOOP("ReviewReport", "the parcel code given"),
    "land_use": QT_TRANSLATE_NOOP("ReviewReport", "Land use"),
    "parcel_area": QT_TRANSLATE_NOOP("ReviewReport", "Parcel area"),
    "ruleset": QT_TRANSLATE_NOOP("ReviewReport", "Rule set"),
    "ruleset_version": QT_TRANSLATE_NOOP("ReviewReport", "Rule set version"),
    "ruleset_file": QT_TRANSLATE_NOOP("ReviewReport", "Rule set file"),
    "ruleset_source": QT_TRANSLATE_NOOP("ReviewReport", "Rule set sources"),
    "sources": QT_TRANSLATE_NOOP("ReviewReport", "Data sources"),
    "crs": QT_TRANSLATE_NOOP("ReviewReport", "Coordinate reference system"),
    "vertical_crs": QT_TRANSLATE_NOOP("ReviewReport", "Vertical datum"),
    "reviewed_at": QT_TRANSLATE_NOOP("ReviewReport", "Reviewed at (UTC)"),
    "duration": QT_TRANSLATE_NOOP("ReviewReport", "Review time"),
    "seconds": QT_TRANSLATE_NOOP("ReviewReport", "{n} s"),
    "tool": QT_TRANSLATE_NOOP("ReviewReport", "Reviewed with"),
    "no": QT_TRANSLATE_NOOP("ReviewReport", "No."),
    "rule": QT_TRANSLATE_NOOP("ReviewReport", "Rule"),
    "value": QT_TRANSLATE_NOOP("ReviewReport", "Measured value"),
    "limit": QT_TRANSLATE_NOOP("ReviewReport", "Limit"),
    "clause": QT_TRANSLATE_NOOP("ReviewReport", "Clause"),
    "result": QT_TRANSLATE_NOOP("ReviewReport", "Result"),
    "remarks": QT_TRANSLATE_NOOP("ReviewReport", "Remarks"),
    "parameter": QT_TRANSLATE_NOOP("ReviewReport", "Parameter"),
    "pvalue": QT_TRANSLATE_NOOP("ReviewReport", "Value"),
    "unit": QT_TRANSLATE_NOOP("ReviewReport", "Unit"),
    "source": QT_TRANSLATE_NOOP("ReviewReport", "Source"),
    "no_parameters": QT_TRANSLATE_NOOP("ReviewReport", "The checks recorded no parameters."),
    "figure": QT_TRANSLATE_NOOP("ReviewReport", "Figure {n}: {caption}"),
    "fig_overview": QT_TRANSLATE_NOOP("ReviewReport", "Overview of the proposal in the city"),
    "fig_failure": QT_TRANSLATE_NOOP("ReviewReport", "Failing: {rule}"),
    "fig_sunlight": QT_TRANSLATE_NOOP("ReviewReport", "Sunlight hours on the receiving facades"),
    "no_figures": QT_TRANSLATE_NOOP("ReviewReport", "No screenshots were rendered for this "
                                                    "report."),
    "no_details": QT_TRANSLATE_NOOP("ReviewReport", "Every rule passes; no details to show."),
    "more_rows": QT_TRANSLATE_NOOP("ReviewReport", "{n} more rows are in the JSON output "
                                                   "(cimview review --json)."),
    "receiver": QT_TRANSLATE_NOOP("ReviewReport", "Receiver"),
    "building": QT_TRANSLATE_NOOP("ReviewReport", "Building"),
    "this_proposal": QT_TRANSLATE_NOOP("ReviewReport", "this proposal"),
    "position": QT_TRANSLATE_NOOP("ReviewReport", "Position x, y, z (m)"),
    "hours_without": QT_TRANSLATE_NOOP("ReviewReport", "Hours without"),
    "hours_with": QT_TRANSLATE_NOOP("ReviewReport", "Hours with"),
    "periods_with": QT_TRANSLATE_NOOP("ReviewReport", "Sunlit periods with the proposal "
                                                      "(Beijing time)"),
    "no_sunlight": QT_TRANSLATE_NOOP("ReviewReport", "No sunlight receivers were computed."),
    "sunlight_note": QT_TRANSLATE_NOOP(
        "ReviewReport", "Hours with and without the proposal; times are Beijing time "
        "(UTC+8). Hours are counted as the rule set defines (see the parameters). \"Already "
        "short\": below the standard already without the proposal."),
    "no_elements": QT_TRANSLATE_NOOP("ReviewReport", "No element of the model fails a rule."),
    "ifc_class": QT_TRANSLATE_NOOP("ReviewReport", "IFC class"),
    "name": QT_TRANSLATE_NOOP("ReviewReport", "Name"),
    "opinion": QT_TRANSLATE_NOOP("ReviewReport", "Review opinion"),
    "reviewer": QT_TRANSLATE_NOOP("ReviewReport", "Reviewer (signature)"),
    "checker": QT_TRANSLATE_NOOP("ReviewReport", "Checked by (signature)"),
    "date": QT_TRANSLATE_NOOP("ReviewReport", "Date"),
    "date_blank": QT_TRANSLATE_NOOP("ReviewReport", "____ year __ month __ day"),
    "footer": QT_TRANSLATE_NOOP("ReviewReport", "{file} · SHA-256 {sha} · page {page} of "
                                                "{pages}"),
    "none": QT_TRANSLATE_NOOP("ReviewReport", "none"),
    "wrote_pdf": QT_TRANSLATE_NOOP("ReviewReport", "{file}: report written, {n} pages"),
    "wrote_html": QT_TRANSLATE_NOOP("ReviewReport", "{file}: report written"),
    "wrote_bcf": QT_TRANSLATE_NOOP("ReviewReport", "{file}: {n} BCF topics written"),
    "no_shots": QT_TRANSLATE_NOOP("ReviewReport", "screenshots not rendered: {why}"),
}

STATUS = {
    PASS: QT_TRANSLATE_NOOP("ReviewReport", "Pass"),
    FAIL: QT_TRANSLATE_NOOP("ReviewReport", "Fail"),
    NOT_ASSESSABLE: QT_TRANSLATE_NOOP("ReviewReport", "Not assessable"),
    "existing": QT_TRANSLATE_NOOP("ReviewReport", "Already short"),
    "skipped": QT_TRANSLATE_NOOP("ReviewReport", "Not for this schema"),
}

#: Names of parameter rows the checks record (``ctx.add_parameter(name, ...)``); a name not
#: listed here is shown as it is.
PARAMETERS = {
    "ids": QT_TRANSLATE_NOOP("ReviewReport", "Delivery requirements (IDS)"),
    "height_ground_z": QT_TRANSLATE_NOOP("ReviewReport", "Outdoor ground level at the "
                                                         "entrance"),
    "parcel_area": QT_TRANSLATE_NOOP("ReviewReport", "Parcel area"),
    "gross_floor_area": QT_TRANSLATE_NOOP("ReviewReport", "Gross floor area"),
    "base_area": QT_TRANSLATE_NOOP("ReviewReport", "Building base area"),
    "green_area": QT_TRANSLATE_NOOP("ReviewReport", "Green area"),
    "sunlight.standard_day": QT_TRANSLATE_NOOP("ReviewReport", "Standard day"),
    "sunlight.window_tst": QT_TRANSLATE_NOOP("ReviewReport", "Time window (true solar time)"),
    "sunlight.window_bjt": QT_TRANSLATE_NOOP("ReviewReport", "Time window (Beijing time)"),
    "sunlight.site": QT_TRANSLATE_NOOP("ReviewReport", "Site longitude and latitude"),
    "sunlight.equation_of_time": QT_TRANSLATE_NOOP("ReviewReport", "Equation of time"),
    "sunlight.step": QT_TRANSLATE_NOOP("ReviewReport", "Time step"),
    "sunlight.spacing": QT_TRANSLATE_NOOP("ReviewReport", "Sample spacing"),
    "sunlight.sill": QT_TRANSLATE_NOOP("ReviewReport", "Window sill height"),
    "sunlight.min_sweep": QT_TRANSLATE_NOOP("ReviewReport", "Minimum sweep angle"),
    "sunlight.counting": QT_TRANSLATE_NOOP("ReviewReport", "Counting of sunlit periods"),
    "sunlight.min_segment": QT_TRANSLATE_NOOP("ReviewReport", "Minimum continuous period"),
    "sunlight.sun_model": QT_TRANSLATE_NOOP("ReviewReport", "Sun position"),
}

#: Column names of the rows behind a finding (``Finding.details``).
DETAIL_KEYS = {
    "specification": QT_TRANSLATE_NOOP("ReviewReport", "Specification"),
    "identifier": QT_TRANSLATE_NOOP("ReviewReport", "Identifier"),
    "requirement": QT_TRANSLATE_NOOP("ReviewReport", "Requirement"),
    "status": QT_TRANSLATE_NOOP("ReviewReport", "Result"),
    "applicable": QT_TRANSLATE_NOOP("ReviewReport", "Applicable"),
    "failed": QT_TRANSLATE_NOOP("ReviewReport", "Failing"),
    "reasons": QT_TRANSLATE_NOOP("ReviewReport", "Why"),
    "elements": QT_TRANSLATE_NOOP("ReviewReport", "GlobalIds"),
    "storey": QT_TRANSLATE_NOOP("ReviewReport", "Storey"),
    "elevation": QT_TRANSLATE_NOOP("ReviewReport", "Elevation"),
    "distance": QT_TRANSLATE_NOOP("ReviewReport", "Distance (m)"),
    "limit": QT_TRANSLATE_NOOP("ReviewReport", "Limit"),
    "required": QT_TRANSLATE_NOOP("ReviewReport", "Required"),
    "fid": QT_TRANSLATE_NOOP("ReviewReport", "Building"),
    "building": QT_TRANSLATE_NOOP("ReviewReport", "Building"),
    "neighbour": QT_TRANSLATE_NOOP("ReviewReport", "Neighbour"),
    "name": QT_TRANSLATE_NOOP("ReviewReport", "Name"),
    "class": QT_TRANSLATE_NOOP("ReviewReport", "Class"),
    "height": QT_TRANSLATE_NOOP("ReviewReport", "Height (m)"),
    "area": QT_TRANSLATE_NOOP("ReviewReport", "Area (m²)"),
    "receivers": QT_TRANSLATE_NOOP("ReviewReport", "Receivers"),
    "hours_with": QT_TRANSLATE_NOOP("ReviewReport", "Hours with"),
    "hours_without": QT_TRANSLATE_NOOP("ReviewReport", "Hours without"),
    "worst_with": QT_TRANSLATE_NOOP("ReviewReport", "Worst hours with"),
    "worst_without": QT_TRANSLATE_NOOP("ReviewReport", "Worst hours without"),
    "failing": QT_TRANSLATE_NOOP("ReviewReport", "Failing"),
    "existing": QT_TRANSLATE_NOOP("ReviewReport", "Already short"),
    "hours_best": QT_TRANSLATE_NOOP("ReviewReport", "Best hours with"),
    "worst_point": QT_TRANSLATE_NOOP("ReviewReport", "Worst receiver x, y, z"),
    "worst_periods_with": QT_TRANSLATE_NOOP("ReviewReport", "Its sunlit periods with "
                                                            "(Beijing time)"),
    "worst_periods_without": QT_TRANSLATE_NOOP("ReviewReport", "Its sunlit periods without "
                                                               "(Beijing time)"),
    "edge": QT_TRANSLATE_NOOP("ReviewReport", "Red-line edge"),
    "guid": QT_TRANSLATE_NOOP("ReviewReport", "GlobalId"),
    "what": QT_TRANSLATE_NOOP("ReviewReport", "Measured at"),
    "element": QT_TRANSLATE_NOOP("ReviewReport", "Element"),
    "z": QT_TRANSLATE_NOOP("ReviewReport", "Elevation (m)"),
    "ground_z": QT_TRANSLATE_NOOP("ReviewReport", "Ground (m)"),
    "use_code": QT_TRANSLATE_NOOP("ReviewReport", "Use"),
    "rating": QT_TRANSLATE_NOOP("ReviewReport", "Fire-resistance rating"),
    "assumed": QT_TRANSLATE_NOOP("ReviewReport", "Rating assumed"),
    "side": QT_TRANSLATE_NOOP("ReviewReport", "Side"),
}

COMPARE = {"<=": "≤", ">=": "≥", "<": "<", ">": ">"}


def status_text(status: str) -> str:
    """A result in words: pass, fail, not assessable (a receiver's "existing" too)."""
    return tr(STATUS[status]) if status in STATUS else status


def label(key: str) -> str:
    return tr(L[key])


def parameter_name(name: str) -> str:
    """A parameter row's name in words (the name itself when it is not a known one)."""
    return tr(PARAMETERS[name]) if name in PARAMETERS else name


def detail_key(key: str) -> str:
    return tr(DETAIL_KEYS[key]) if key in DETAIL_KEYS else key


def rule_title(finding: Finding, lang: str) -> str:
    """The rule's title from the rule set, in ``lang``."""
    title = finding.title_zh if is_zh(lang) else finding.title_en
    return title or finding.title_en or finding.title_zh or finding.rule


def ruleset_name(result: ReviewResult, lang: str) -> str:
    rs = result.ruleset
    return str((rs.get("name") if is_zh(lang) else rs.get("name_en")) or rs.get("name") or "")


def number(value: Any) -> str:
    """A measured number as a reviewer reads it: integers plain, else 2 decimals (3 below 1).

    >>> number(80.0), number(82.456), number(0.3251), number(None)
    ('80', '82.46', '0.325', '—')
    """
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if not math.isfinite(value):
        return "—"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.3f}" if abs(value) < 1 else f"{value:.2f}"


def _with_unit(text: str, unit: str) -> str:
    return f"{text} {unit}" if unit and text != "—" else text


def value_text(f: Finding) -> str:
    return _with_unit(number(f.value), f.unit)


def limit_text(f: Finding) -> str:
    """``≤ 80 m``; ``—`` when the rule has no single limit (the details carry them)."""
    if f.limit is None:
        return "—"
    sign = COMPARE.get(f.compare, "")
    return _with_unit(f"{sign} {number(f.limit)}".strip(), f.unit)


def remarks(f: Finding) -> list[str]:
    """The reason (why not assessable, or how the value was obtained) and the notes, worded."""
    out = [word(f.reason)] if f.reason is not None else []
    return out + [word(n) for n in f.notes]


def found_by_text(code: str) -> str:
    return label("found_code") if code == "code" else label("found_location")


def cell(value: Any) -> str:
    """A detail value as text: numbers by :func:`number`, lists joined, statuses worded."""
    if isinstance(value, list | tuple):
        if value and all(isinstance(v, list | tuple) and len(v) == 2
                         and all(isinstance(x, str) for x in v) for v in value):
            return ", ".join(f"{a}–{b}" for a, b in value)  # periods ("09:12", "11:40")
        if value and all(isinstance(v, int | float) for v in value) and len(value) <= 3:
            return ", ".join(number(v) for v in value)
        return "; ".join(cell(v) for v in value) or "—"
    if isinstance(value, str) and value in STATUS:
        return status_text(value)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, int | float):
        return number(value)
    if value is None:
        return "—"
    return word(value) if not isinstance(value, dict) else str(value)
