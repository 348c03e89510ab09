"""The review report printed to PDF through Qt: A4, CJK fonts from fontconfig, a footer on
every page with the model's file name, its SHA-256 and the page number.

The document is :func:`app.review.report_html.report_html` laid out by ``QTextDocument``; its
screenshots are handed to the document as image resources. Needs a ``QGuiApplication`` (the
command line makes one on the offscreen platform).

Example
-------
>>> write_pdf(result, Path("report.pdf"), lang="zh_CN", figures=figures)   # doctest: +SKIP
5
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QRawFont,
    QTextDocument,
)

from app.review import words as w
from app.review.report_html import ElementInfo, Figure, report_html
from layers.review.result import ReviewResult
from store.errors import CimviewError

#: Dots per inch of the PDF's layout (text is vector; this sets the images' sharpness).
DPI = 200
#: Latin text and digits from DejaVu Sans: Qt's PDF text map loses the digits Noto Sans CJK
#: substitutes (OpenType GSUB), so a copied or searched number would come out wrong.
FONT_FAMILIES = ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei",
                 "Source Han Sans SC"]


def write_pdf(result: ReviewResult, path: Path, *, lang: str,
              figures: list[Figure] | None = None, elements: ElementInfo | None = None,
              tool: str = "cimview") -> int:
    """Write the report to ``path``; returns the number of pages."""
    if QGuiApplication.instance() is None:
        raise CimviewError("writing a PDF needs a Qt application (QGuiApplication)")
    path = Path(path)
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(18, 16, 18, 18), QPageLayout.Unit.Millimeter))
    writer.setTitle(f"{w.label('title')} — {result.model.get('file', '')}")
    writer.setCreator(tool)

    body = writer.pageLayout().paintRectPixels(DPI)
    footer_h = int(DPI * 0.3)
    page = QSizeF(body.width(), body.height() - footer_h)

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(9.0)
    doc.setDefaultFont(font)
    figures = figures or []
    names: list[str] = []
    sizes: list[tuple[int, int]] = []
    for i, fig in enumerate(figures):
        image = QImage(str(fig.path))
        if image.isNull():
            raise CimviewError("the screenshot {file} cannot be read as an image",
                               file=str(fig.path))
        name = f"figure{i + 1}.png"
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        names.append(name)
        px = DPI / 96.0  # Qt lays out an <img>'s size in CSS pixels (1/96 in)
        sizes.append(fit_image(image.width(), image.height(), page.width() * 0.96 / px,
                               page.height() * 0.42 / px))
    doc.setHtml(report_html(result, lang=lang, figures=figures, elements=elements, tool=tool,
                            image_src=lambda i, f: names[i], image_sizes=sizes))
    doc.setPageSize(page)
    pages = doc.pageCount()

    painter = QPainter()
    if not painter.begin(writer):
        raise CimviewError("cannot write the PDF", path=path)
    try:
        footer_font = QFont(font)
        footer_font.setPointSizeF(7.5)
        sha = str(result.model.get("sha256", ""))
        for n in range(pages):
            if n:
                writer.newPage()
            painter.save()
            painter.translate(0, -n * page.height())
            doc.drawContents(painter, QRectF(0, n * page.height(), page.width(),
                                             page.height()))
            painter.restore()
            painter.setFont(footer_font)
            painter.setPen(Qt.GlobalColor.darkGray)
            text = w.tr(w.L["footer"]).format(file=result.model.get("file", ""), sha=sha,
                                              page=n + 1, pages=pages)
            painter.drawText(QRectF(0, body.height() - footer_h * 0.8, body.width(),
                                    footer_h * 0.8),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom),
                             text)
    finally:
        painter.end()
    fix_text_map(path)
    return pages


_RADICALS = range(0x2E80, 0x2FE0)  # CJK Radicals Supplement and Kangxi Radicals
_TOKEN = re.compile(r"<([0-9A-Fa-f]{4})>")


@lru_cache(maxsize=1)
def unified_for_radicals() -> dict[int, int]:
    """Radical code point → the CJK unified ideograph drawn with the same glyph in the CJK
    font (e.g. U+2EDB ⻛ → U+98CE 风, U+2F70 ⽰ → U+793A 示)."""
    raw = QRawFont.fromFont(QFont(FONT_FAMILIES[1]))
    unified = "".join(chr(c) for c in range(0x4E00, 0xA000))
    by_glyph: dict[int, int] = {}
    for ch, g in zip(unified, raw.glyphIndexesForString(unified), strict=False):
        if g:
            by_glyph.setdefault(int(g), ord(ch))
    radicals = "".join(chr(c) for c in _RADICALS)
    out = {}
    for ch, g in zip(radicals, raw.glyphIndexesForString(radicals), strict=False):
        if g and int(g) in by_glyph:
            out[ord(ch)] = by_glyph[int(g)]
        elif unicodedata.normalize("NFKC", ch) != ch:
            out[ord(ch)] = ord(unicodedata.normalize("NFKC", ch)[0])
    return out


def fix_cmap(cmap: str, table: dict[int, int]) -> str:
    """A ToUnicode CMap with radical destinations replaced by their unified ideographs.

    Qt maps each glyph back to the *first* code point the font gives it, and the CJK fonts
    give radicals (U+2E80–U+2FDF) the glyphs of common characters: 风 would be copied, found
    and extracted as ⻛. Only destinations change (bfchar's second token, a bfrange's array
    or its single destination); sources are glyph codes.

    >>> fix_cmap("<0003> <0003> [<2EDB>]\n<0005> <2F70>", {0x2EDB: 0x98CE, 0x2F70: 0x793A})
    '<0003> <0003> [<98CE>]\n<0005> <793A>'
    """
    def swap(m: re.Match[str]) -> str:
        code = int(m.group(1), 16)
        return f"<{table[code]:04X}>" if code in table else m.group(0)

    lines = []
    for line in cmap.split("\n"):
        if "[" in line:
            head, _, tail = line.partition("[")
            line = f"{head}[{_TOKEN.sub(swap, tail)}"
        else:
            tokens = list(_TOKEN.finditer(line))
            if len(tokens) in (2, 3) and line.strip().startswith("<"):
                last = tokens[-1]
                line = line[:last.start()] + swap(last) + line[last.end():]
        lines.append(line)
    return "\n".join(lines)


def fix_text_map(path: Path) -> None:
    """Rewrite the PDF's ToUnicode maps with :func:`fix_cmap`, so that its Chinese text is
    copied, searched and extracted as the characters shown."""
    import pypdf
    from pypdf.generic import NameObject

    table = unified_for_radicals()
    writer = pypdf.PdfWriter(clone_from=str(path))
    seen: set[int] = set()
    changed = False
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            to_unicode = font.get(NameObject("/ToUnicode"))
            if to_unicode is None or id(to_unicode.get_object()) in seen:
                continue
            stream = to_unicode.get_object()
            seen.add(id(stream))
            text = stream.get_data().decode("latin-1")
            fixed = fix_cmap(text, table)
            if fixed != text:
                stream.set_data(fixed.encode("latin-1"))
                changed = True
    if changed:
        with open(path, "wb") as f:
            writer.write(f)


def fit_image(width: int, height: int, max_width: float, max_height: float) -> tuple[int, int]:
    """The largest size of a ``width`` × ``height`` image within the box, aspect kept (two
    screenshots fit on a page).

    >>> fit_image(1600, 1000, 800, 400)
    (640, 400)
    """
    scale = min(max_width / max(width, 1), max_height / max(height, 1))
    return int(width * scale), int(height * scale)
