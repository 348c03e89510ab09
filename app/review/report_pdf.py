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
    for i, fig in enumerate(figures):
        image = QImage(str(fig.path))
        if image.isNull():
            raise CimviewError("the screenshot {file} cannot be read as an image",
                               file=str(fig.path))
        name = f"figure{i + 1}.png"
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        names.append(name)
    doc.setHtml(report_html(result, lang=lang, figures=figures, elements=elements, tool=tool,
                            image_src=lambda i, f: names[i],
                            image_width=int(page.width() * 0.98)))
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
    return pages
