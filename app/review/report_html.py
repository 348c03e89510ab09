"""The review report as one HTML document: what a reviewer reads and signs.

Sections: the project, model (file name, SHA-256), parcel, rule set (name, version), data
sources and CRS; the parameter table; every rule with its value, limit, clause and result;
the screenshots; the rows behind each finding; the sunlight per receiver in Beijing time; the
failing elements' GlobalIds; a blank for the signature. The same HTML (a subset Qt's
``QTextDocument`` lays out) is printed to PDF by :mod:`app.review.report_pdf`.

Example
-------
>>> write_html(result, Path("report"), lang="zh_CN", figures=figures)   # doctest: +SKIP
PosixPath('report/index.html')
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from app.review import words as w
from layers.review.result import FAIL, NOT_ASSESSABLE, PASS, Finding, ReviewResult

#: The sunlight table lists at most this many receivers (the JSON has them all).
MAX_RECEIVER_ROWS = 1500
#: Rows behind one finding shown in the report.
MAX_DETAIL_ROWS = 60
#: Detail columns that are for programs, not for the reader.
_HIDDEN_KEYS = {"specification_status", "missing", "instructions", "shape", "geometry",
                "worst_point"}
_COLOURS = {PASS: "#1a7f37", FAIL: "#c62828", NOT_ASSESSABLE: "#b26a00", "existing": "#6d4c41"}


@dataclass
class Figure:
    """A screenshot for the report: ``kind`` is ``"overview"``, ``"failure"`` (of ``rule``)
    or ``"sunlight"``; ``caption`` overrides the caption made from the kind; ``camera`` the
    view it was taken from (``position``, ``focal_point``, ``view_up``, ``field_of_view``;
    cache CRS), which the BCF viewpoint of the same finding reuses."""

    path: Path
    kind: str = "overview"
    rule: str | None = None
    caption: str = ""
    camera: dict[str, Any] = field(default_factory=dict)


ElementInfo = Mapping[str, tuple[str, str]]  # GlobalId → (IFC class, name)


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def report_html(result: ReviewResult, *, lang: str, figures: list[Figure] | None = None,
                elements: ElementInfo | None = None,
                image_src: Callable[[int, Figure], str] | None = None,
                image_sizes: list[tuple[int, int]] | None = None,
                tool: str = "cimview") -> str:
    """The whole report as an HTML string.

    ``image_src(i, figure)`` gives the ``src`` of figure ``i`` (default: the file's path);
    ``image_sizes`` (width, height) in pixels per figure for Qt's layout (default: as wide as
    the page in a browser)."""
    figures = figures or []
    src = image_src or (lambda i, f: f.path.as_posix())
    parts = [_head(result, lang), _summary(result), _project(result, lang, tool),
             _parameters(result), _rules(result, lang),
             _figures(result, figures, lang, src, image_sizes), _details(result, lang),
             _sunlight(result), _elements(result, lang, elements or {}), _signature()]
    return "\n".join(parts) + "\n</body></html>\n"


def write_html(result: ReviewResult, out_dir: Path, *, lang: str,
               figures: list[Figure] | None = None, elements: ElementInfo | None = None,
               tool: str = "cimview") -> Path:
    """Write ``out_dir/index.html`` with its screenshots copied to ``out_dir/images``."""
    out_dir = Path(out_dir)
    (out_dir / "images").mkdir(parents=True, exist_ok=True)
    names: list[str] = []
    for i, fig in enumerate(figures or []):
        name = f"images/figure_{i + 1:02d}{fig.path.suffix.lower() or '.png'}"
        shutil.copyfile(fig.path, out_dir / name)
        names.append(name)
    text = report_html(result, lang=lang, figures=figures, elements=elements, tool=tool,
                       image_src=lambda i, f: names[i])
    index = out_dir / "index.html"
    index.write_text(text, encoding="utf-8")
    return index


def _head(result: ReviewResult, lang: str) -> str:
    title = w.label("title")
    return f"""<!DOCTYPE html>
<html lang="{'zh-CN' if lang.startswith('zh') else 'en'}"><head><meta charset="utf-8">
<title>{esc(title)} — {esc(result.model.get('file', ''))}</title>
<style>
body {{ font-family: "DejaVu Sans", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
       font-size: 10pt; color: #111; max-width: 60em; margin: 2em auto; }}
h1 {{ font-size: 18pt; text-align: center; margin-bottom: 0.2em; }}
h2 {{ font-size: 13pt; border-bottom: 1px solid #444; margin-top: 1.4em; }}
h3 {{ font-size: 11pt; margin-top: 1em; }}
table {{ border-collapse: collapse; width: 100%; margin: 0.4em 0; }}
th, td {{ border: 1px solid #888; padding: 3px 5px; vertical-align: top; text-align: left;
          font-size: 8pt; }}
.nowrap {{ white-space: nowrap; }}
th {{ background: #e8e8e8; }}
td.num {{ text-align: right; }}
.pass {{ color: {_COLOURS[PASS]}; font-weight: bold; }}
.fail {{ color: {_COLOURS[FAIL]}; font-weight: bold; }}
.not_assessable {{ color: {_COLOURS[NOT_ASSESSABLE]}; font-weight: bold; }}
.existing {{ color: {_COLOURS['existing']}; font-weight: bold; }}
.mono {{ font-family: "DejaVu Sans Mono", monospace; }}
.caption {{ text-align: center; font-style: italic; }}
.sign td {{ border: none; padding: 14px 5px; }}
</style></head><body>
<h1>{esc(title)}</h1>
<p align="center">{esc(w.label('subtitle'))}</p>"""


def _status_span(status: str) -> str:
    return f'<span class="{esc(status)}">' \
           f'<font color="{_COLOURS.get(status, "#111")}">' \
           f'<b>{esc(w.status_text(status))}</b></font></span>'


def _nowrap(text: str) -> str:
    return f'<span class="nowrap">{esc(text).replace(" ", "&nbsp;")}</span>'


def _summary(result: ReviewResult) -> str:
    counts = {s: sum(f.status == s for f in result.findings) for s in (PASS, FAIL,
                                                                      NOT_ASSESSABLE)}
    text = w.tr(w.L["summary"]).format(passed=counts[PASS], failed=counts[FAIL],
                                       na=counts[NOT_ASSESSABLE])
    return (f'<p align="center"><b>{esc(w.label("overall"))}:</b> '
            f'{_status_span(result.status)} ({esc(text)})</p>')


def _table(header: list[str], rows: list[list[str]], *, raw: bool = False,
           widths: list[int] | None = None) -> str:
    """A table; cells are escaped unless ``raw`` (then they are HTML already)."""
    out = ['<table border="1" cellspacing="0" cellpadding="3" width="100%">', "<tr>"]
    for i, h in enumerate(header):
        width = f' width="{widths[i]}%"' if widths else ""
        out.append(f'<th{width} bgcolor="#e8e8e8">{esc(h)}</th>')
    out.append("</tr>")
    for row in rows:
        cells = "".join(f"<td>{c if raw else esc(c)}</td>" for c in row)
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    return "\n".join(out)


def _project(result: ReviewResult, lang: str, tool: str) -> str:
    m, rs, p = result.model, result.ruleset, result.parcel
    area = p.get("area")
    rows = [
        (w.label("project"), m.get("project") or "—"),
        (w.label("model_file"), m.get("file", "")),
        (w.label("sha256"), f'<span class="mono">{esc(m.get("sha256", ""))}</span>'),
        (w.label("schema"), m.get("schema", "")),
        (w.label("parcel"), p.get("code") or "—"),
        (w.label("found_by"), w.found_by_text(str(p.get("found_by", "")))),
        (w.label("land_use"), p.get("land_use_name") or p.get("land_use_code") or "—"),
        (w.label("parcel_area"), f"{w.number(area)} m²" if area is not None else "—"),
        (w.label("ruleset"), w.ruleset_name(result, lang)),
        (w.label("ruleset_version"), rs.get("version", "")),
        (w.label("ruleset_file"), rs.get("file", "")),
        (w.label("ruleset_source"), rs.get("source") or "—"),
        (w.label("sources"), "; ".join(f"{s.get('name')}: {s.get('value')}"
                                       for s in result.sources) or "—"),
        (w.label("crs"), result.crs),
        (w.label("vertical_crs"), result.vertical_crs or "—"),
        (w.label("reviewed_at"), result.started),
        (w.label("duration"), w.tr(w.L["seconds"]).format(n=w.number(result.seconds))),
        (w.label("tool"), tool),
    ]
    body = [[f"<b>{esc(k)}</b>", v if k == w.label("sha256") else esc(v)] for k, v in rows]
    return f'<h2>{esc(w.label("s_project"))}</h2>\n' + _table(
        [w.label("parameter"), w.label("pvalue")], body, raw=True, widths=[28, 72])


def _parameters(result: ReviewResult) -> str:
    head = f'<h2>{esc(w.label("s_parameters"))}</h2>\n'
    if not result.parameters:
        return head + f"<p>{esc(w.label('no_parameters'))}</p>"
    rows = [[w.parameter_name(str(r.get("name", ""))), w.cell(r.get("value")),
             str(r.get("unit") or ""), w.cell(r.get("source") or "")]
            for r in result.parameters]
    return head + _table([w.label("parameter"), w.label("pvalue"), w.label("unit"),
                          w.label("source")], rows, widths=[28, 30, 8, 34])


def _rules(result: ReviewResult, lang: str) -> str:
    rows = []
    for i, f in enumerate(result.findings, 1):
        rows.append([str(i), esc(w.rule_title(f, lang)), _nowrap(w.value_text(f)),
                     _nowrap(w.limit_text(f)), esc(f.clause), _status_span(f.status),
                     "<br>".join(esc(r) for r in w.remarks(f))])
    return (f'<h2 style="page-break-before: always">{esc(w.label("s_rules"))}</h2>\n'
            + _table([w.label("no"), w.label("rule"), w.label("value"), w.label("limit"),
                      w.label("clause"), w.label("result"), w.label("remarks")], rows,
                     raw=True, widths=[6, 16, 13, 10, 20, 14, 21]))


def figure_caption(fig: Figure, result: ReviewResult, lang: str) -> str:
    """The caption of a screenshot (from its kind and rule, unless it has its own)."""
    if fig.caption:
        return fig.caption
    if fig.kind == "failure":
        f = result.finding(fig.rule or "")
        title = w.rule_title(f, lang) if f is not None else (fig.rule or "")
        return w.tr(w.L["fig_failure"]).format(rule=title)
    if fig.kind == "sunlight":
        return w.label("fig_sunlight")
    return w.label("fig_overview")


def _figures(result: ReviewResult, figures: list[Figure], lang: str,
             src: Callable[[int, Figure], str], sizes: list[tuple[int, int]] | None) -> str:
    out = [f'<h2 style="page-break-before: always">{esc(w.label("s_figures"))}</h2>']
    if not figures:
        out.append(f"<p>{esc(w.label('no_figures'))}</p>")
    for i, fig in enumerate(figures):
        size = (f' width="{sizes[i][0]}" height="{sizes[i][1]}"' if sizes
                else ' style="max-width: 100%"')
        caption = w.tr(w.L["figure"]).format(n=i + 1,
                                             caption=figure_caption(fig, result, lang))
        out.append(f'<p align="center"><img src="{esc(src(i, fig))}"{size} '
                   f'alt="{esc(caption)}"></p>')
        out.append(f'<p class="caption" align="center"><i>{esc(caption)}</i></p>')
    return "\n".join(out)


def _details(result: ReviewResult, lang: str) -> str:
    out = [f'<h2 style="page-break-before: always">{esc(w.label("s_details"))}</h2>']
    shown = [f for f in result.findings if f.details or f.status != PASS]
    if not shown:
        out.append(f"<p>{esc(w.label('no_details'))}</p>")
    for f in shown:
        out.append(f"<h3>{esc(w.rule_title(f, lang))} — {_status_span(f.status)}</h3>")
        for r in w.remarks(f):
            out.append(f"<p>{esc(r)}</p>")
        if f.details:
            out.append(_detail_table(f))
    return "\n".join(out)


def _detail_table(f: Finding) -> str:
    keys: list[str] = []
    for row in f.details[:MAX_DETAIL_ROWS]:
        for k, v in row.items():
            if k not in keys and k not in _HIDDEN_KEYS and not isinstance(v, dict):
                keys.append(k)
    rows = []
    for row in f.details[:MAX_DETAIL_ROWS]:
        cells = []
        for k in keys:
            v = row.get(k)
            if k == "elements" and isinstance(v, list) and len(v) > 4:
                v = [*v[:4], f"… (+{len(v) - 4})"]
            cells.append(w.cell(v))
        rows.append(cells)
    table = _table([w.detail_key(k) for k in keys], rows)
    more = len(f.details) - MAX_DETAIL_ROWS
    if more > 0:
        table += f"\n<p>{esc(w.tr(w.L['more_rows']).format(n=more))}</p>"
    return table


def receiver_order(status: list[str], owner: np.ndarray) -> list[int]:
    """Receivers in the order a reviewer reads them: failing, then already short, then the
    rest; by building, then by index (a pure rule)."""
    rank = {FAIL: 0, "existing": 1}
    return sorted(range(len(status)),
                  key=lambda i: (rank.get(status[i], 2), int(owner[i]), i))


def _periods(periods: list[list[tuple[str, str]]], i: int) -> str:
    if i >= len(periods) or not periods[i]:
        return "—"
    return ", ".join(f"{a}–{b}" for a, b in periods[i])


def _sunlight(result: ReviewResult) -> str:
    out = [f'<h2 style="page-break-before: always">{esc(w.label("s_sunlight"))}</h2>']
    s = result.sunlight
    if s is None or len(s) == 0:
        out.append(f"<p>{esc(w.label('no_sunlight'))}</p>")
        return "\n".join(out)
    out.append(f"<p>{esc(w.label('sunlight_note'))}</p>")
    order = receiver_order(list(s.status), np.asarray(s.owner))
    rows = []
    for i in order[:MAX_RECEIVER_ROWS]:
        owner = int(s.owner[i])
        x, y, z = (float(v) for v in s.points[i])
        rows.append([str(i), esc(w.label("this_proposal") if owner < 0 else str(owner)),
                     f"{x:.1f}, {y:.1f}, {z:.1f}", esc(w.number(_round(s.hours_without[i]))),
                     esc(w.number(_round(s.hours_with[i]))), esc(_periods(s.periods_with, i)),
                     _status_span(s.status[i])])
    out.append(_table([w.label("receiver"), w.label("building"), w.label("position"),
                       w.label("hours_without"), w.label("hours_with"),
                       w.label("periods_with"), w.label("result")], rows, raw=True,
                      widths=[10, 11, 21, 10, 10, 25, 13]))
    more = len(order) - MAX_RECEIVER_ROWS
    if more > 0:
        out.append(f"<p>{esc(w.tr(w.L['more_rows']).format(n=more))}</p>")
    return "\n".join(out)


def _round(v: float) -> float | None:
    v = float(v)
    return round(v, 2) if np.isfinite(v) else None


def _elements(result: ReviewResult, lang: str, info: ElementInfo) -> str:
    out = [f'<h2>{esc(w.label("s_elements"))}</h2>']
    rows = []
    for f in result.findings:
        if f.status != FAIL:
            continue
        for guid in f.elements:
            ifc_class, name = info.get(guid, ("", ""))
            rows.append([w.rule_title(f, lang), guid, ifc_class or "—", name or "—"])
    if not rows:
        out.append(f"<p>{esc(w.label('no_elements'))}</p>")
        return "\n".join(out)
    out.append(_table([w.label("rule"), "GlobalId", w.label("ifc_class"), w.label("name")],
                      [[esc(a), f'<span class="mono" style="white-space: nowrap">{esc(b)}'
                        "</span>", esc(c), esc(d)] for a, b, c, d in rows], raw=True,
                      widths=[24, 34, 18, 24]))
    return "\n".join(out)


def _signature() -> str:
    line = "_" * 36
    rows = [(w.label("opinion"), "<br>".join([line * 2] * 3)),
            (w.label("reviewer"), line), (w.label("checker"), line),
            (w.label("date"), w.label("date_blank"))]
    body = "\n".join(f"<tr><td width=\"22%\"><b>{esc(k)}</b></td><td>{v}</td></tr>"
                     for k, v in rows)
    return (f'<h2 style="page-break-before: always">{esc(w.label("s_signature"))}</h2>\n'
            f'<table class="sign" border="0" cellspacing="0" cellpadding="12" width="100%">'
            f"\n{body}\n</table>")
