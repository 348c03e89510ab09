"""The review's findings as BCF 2.1 (buildingSMART's issue format), for the architect's BIM
tool: one topic per failing or not-assessable rule, each with a viewpoint (camera on the
finding, failing elements selected and coloured) and a snapshot.

Viewpoints are in the IFC model's own coordinates (what the BIM tool shows): a finding's map
location (cache CRS) is carried back through the model's georeferencing, fitted locally by
:func:`map_to_model`. Topic GUIDs derive from the model's SHA-256 and the rule, so the same
review exported twice gives the same topics. Passing rules make no topic.

Example
-------
>>> write_bcf(result, Path("findings.bcf"), lang="zh_CN", georef=model.georef,
...           crs=cache.crs, figures=figures)                             # doctest: +SKIP
2
"""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from app.review import words as w
from app.review.report_html import Figure
from layers.review.result import FAIL, NOT_ASSESSABLE, Finding, ReviewResult
from store.bim.georef import to_cache
from store.bim.model import GeoRef

#: At most this many elements are selected in one viewpoint.
MAX_COMPONENTS = 2000
#: Distance (m) from the camera to a finding, and the snapshot's width in pixels.
CAMERA_DISTANCE = 90.0
SNAPSHOT_WIDTH = 1200
_COLOUR = {FAIL: "FFE53935", NOT_ASSESSABLE: "FFFB8C00"}

Transform = Callable[[np.ndarray], np.ndarray]


def map_to_model(georef: GeoRef, crs: str, around: np.ndarray | None = None) -> Transform:
    """Cache CRS (x, y, z) → the IFC's project coordinates, fitted as an affine map on points
    around the model's origin (exact for a Helmert georeferencing in the cache CRS; within
    millimetres over a site for a projected CRS of its own)."""
    base = np.zeros(3) if around is None else np.asarray(around, float)
    model_pts = base + np.array([[0, 0, 0], [200, 0, 0], [0, 200, 0], [0, 0, 200],
                                 [200, 200, 100]], float)
    map_pts = to_cache(georef, model_pts, crs)
    origin = map_pts.mean(axis=0)
    a = np.c_[map_pts - origin, np.ones(len(map_pts))]
    coef, *_ = np.linalg.lstsq(a, model_pts, rcond=None)

    def apply(xyz: np.ndarray) -> np.ndarray:
        p = np.asarray(xyz, float).reshape(-1, 3)
        return np.c_[p - origin, np.ones(len(p))] @ coef

    return apply


def camera_for(target: np.ndarray, to_model: Transform | None,
               distance: float = CAMERA_DISTANCE,
               eye: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """A perspective camera looking at ``target`` (cache CRS) from ``eye`` (default: from the
    south-east and above), in model coordinates: ``{"position", "direction", "up"}`` (unit
    vectors, up as near the vertical as the direction allows)."""
    if eye is None:
        offset = np.array([0.45, -0.75, 0.5])
        eye = target + distance * offset / np.linalg.norm(offset)
    pts = np.vstack([eye, target, target + [0, 0, 1.0]])
    if to_model is not None:
        pts = to_model(pts)
    direction = pts[1] - pts[0]
    direction /= np.linalg.norm(direction)
    up_hint = pts[2] - pts[1]
    up = up_hint - direction * float(up_hint @ direction)
    up /= np.linalg.norm(up)
    return {"position": pts[0], "direction": direction, "up": up}


def topic_guid(sha256: str, rule: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"cimview-review:{sha256}:{rule}"))


def write_bcf(result: ReviewResult, path: Path, *, lang: str, georef: GeoRef | None = None,
              crs: str | None = None, figures: list[Figure] | None = None,
              ifc_project: str | None = None, author: str = "cimview") -> int:
    """Write the BCF 2.1 zip; returns the number of topics (failing and not-assessable rules).

    Without ``georef`` the viewpoints stay in the cache CRS."""
    findings = [f for f in result.findings if f.status in (FAIL, NOT_ASSESSABLE)]
    sha = str(result.model.get("sha256", ""))
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    to_model = map_to_model(georef, crs) if georef is not None and crs else None
    path = Path(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bcf.version", _xml(_version()))
        z.writestr("project.bcfp", _xml(_project(result, sha)))
        for i, f in enumerate(findings):
            guid = topic_guid(sha, f.rule)
            view_guid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{guid}:viewpoint"))
            z.writestr(f"{guid}/markup.bcf", _xml(_markup(
                result, f, i, guid, view_guid, now, lang, ifc_project, author)))
            fig = _figure_of(f, figures or [])
            z.writestr(f"{guid}/viewpoint.bcfv", _xml(_viewpoint(f, view_guid, to_model, fig)))
            z.writestr(f"{guid}/snapshot.png", _snapshot(f, fig, lang))
    return len(findings)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def _sub(parent: ET.Element, tag: str, text: Any = None, **attrs: str) -> ET.Element:
    e = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        e.text = str(text)
    return e


def _version() -> ET.Element:
    root = ET.Element("Version", {"VersionId": "2.1"})
    _sub(root, "DetailedVersion", "2.1")
    return root


def _project(result: ReviewResult, sha: str) -> ET.Element:
    root = ET.Element("ProjectExtension")
    project = _sub(root, "Project", ProjectId=str(uuid.uuid5(uuid.NAMESPACE_URL,
                                                             f"cimview-project:{sha}")))
    _sub(project, "Name", result.model.get("project") or result.model.get("file", ""))
    _sub(root, "ExtensionSchema", "")
    return root


def description(f: Finding, lang: str) -> str:
    """The topic's text: the rule, its value against its limit, the clause, the result, why."""
    parts = [f"{w.rule_title(f, lang)}: {w.label('value')} {w.value_text(f)}; "
             f"{w.label('limit')} {w.limit_text(f)}; {w.label('clause')} {f.clause}; "
             f"{w.label('result')} {w.status_text(f.status)}."]
    parts += w.remarks(f)
    if f.elements:
        parts.append("GlobalId: " + ", ".join(f.elements[:20])
                     + (" …" if len(f.elements) > 20 else ""))
    return "\n".join(parts)


def _markup(result: ReviewResult, f: Finding, index: int, guid: str, view_guid: str, now: str,
            lang: str, ifc_project: str | None, author: str) -> ET.Element:
    root = ET.Element("Markup")
    header = _sub(root, "Header")
    attrs = {"isExternal": "true"}
    if ifc_project:
        attrs["IfcProject"] = ifc_project
    file = _sub(header, "File", **attrs)
    _sub(file, "Filename", result.model.get("file", ""))
    _sub(file, "Date", now)
    topic = _sub(root, "Topic", Guid=guid, TopicType="Error" if f.failed else "Warning",
                 TopicStatus="Open")
    _sub(topic, "Title", f"{w.rule_title(f, lang)}: {w.status_text(f.status)}")
    _sub(topic, "Priority", "High" if f.failed else "Normal")
    _sub(topic, "Index", index + 1)
    _sub(topic, "Labels", f.rule)
    _sub(topic, "CreationDate", now)
    _sub(topic, "CreationAuthor", author)
    _sub(topic, "Description", description(f, lang))
    comment = _sub(root, "Comment", Guid=str(uuid.uuid5(uuid.NAMESPACE_URL,
                                                         f"{guid}:comment")))
    _sub(comment, "Date", now)
    _sub(comment, "Author", author)
    _sub(comment, "Comment", description(f, lang))
    _sub(comment, "Viewpoint", Guid=view_guid)
    views = _sub(root, "Viewpoints", Guid=view_guid)
    _sub(views, "Viewpoint", "viewpoint.bcfv")
    _sub(views, "Snapshot", "snapshot.png")
    return root


def _figure_of(f: Finding, figures: list[Figure]) -> Figure | None:
    """The finding's own screenshot, else the overview."""
    return next((g for g in figures if g.kind == "failure" and g.rule == f.rule), None) or next(
        (g for g in figures if g.kind == "overview"), None)


def _viewpoint(f: Finding, view_guid: str, to_model: Transform | None,
               fig: Figure | None) -> ET.Element:
    root = ET.Element("VisualizationInfo", {"Guid": view_guid})
    components = _sub(root, "Components")
    guids = f.elements[:MAX_COMPONENTS]
    if guids:
        selection = _sub(components, "Selection")
        for g in guids:
            _sub(selection, "Component", IfcGuid=g)
    _sub(components, "Visibility", DefaultVisibility="true")
    if guids:
        coloring = _sub(components, "Coloring")
        color = _sub(coloring, "Color", Color=_COLOUR.get(f.status, "FFE53935"))
        for g in guids:
            _sub(color, "Component", IfcGuid=g)
    cam = None
    own = fig.camera if fig is not None and fig.rule == f.rule else {}
    if own.get("position") is not None and own.get("focal_point") is not None:
        cam = camera_for(np.asarray(own["focal_point"], float), to_model,
                         eye=np.asarray(own["position"], float))
    elif f.location is not None:
        cam = camera_for(np.asarray(f.location, float), to_model)
    if cam is not None:
        persp = _sub(root, "PerspectiveCamera")
        for tag, key in (("CameraViewPoint", "position"), ("CameraDirection", "direction"),
                         ("CameraUpVector", "up")):
            e = _sub(persp, tag)
            for axis, v in zip("XYZ", cam[key], strict=True):
                _sub(e, axis, f"{float(v):.4f}")
        _sub(persp, "FieldOfView", f"{float(own.get('field_of_view') or 60.0):g}")
    return root


def _snapshot(f: Finding, fig: Figure | None, lang: str) -> bytes:
    """The finding's screenshot (its failure figure, else the overview) as PNG, else a card
    with the finding written on it."""
    image = QImage(str(fig.path)) if fig is not None else QImage()
    if image.isNull():
        image = _card(f, lang)
    elif image.width() > SNAPSHOT_WIDTH:
        image = image.scaledToWidth(SNAPSHOT_WIDTH, Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _card(f: Finding, lang: str) -> QImage:
    image = QImage(800, 450, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        font = QFont()
        font.setFamilies(["DejaVu Sans", "Noto Sans CJK SC"])
        font.setPixelSize(22)
        painter.setFont(font)
        painter.setPen(QColor("#" + _COLOUR.get(f.status, "FF333333")[2:]))
        painter.drawRect(QRectF(4, 4, 791, 441))
        painter.drawText(QRectF(30, 30, 740, 390), int(Qt.TextFlag.TextWordWrap),
                         description(f, lang))
    finally:
        painter.end()
    return image
