"""The review report read back as a person would: the PDF page by page (pypdf's text), the
HTML file, the BCF opened with bcf-client, and ``cimview review`` end to end on the sample
city's proposal."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import unicodedata
from pathlib import Path

import numpy as np
import pypdf
import pytest
from bcf import bcfxml
from PySide6.QtGui import QColor, QImage

from app import i18n
from app.review import words
from app.review.command import EXIT, figures_from
from app.review.report_bcf import map_to_model, topic_guid, write_bcf
from app.review.report_html import Figure, receiver_order, write_html
from app.review.report_pdf import write_pdf
from layers.review.result import FAIL, PASS, Finding, ReviewResult, SunlightReceivers
from store.bim.model import GeoRef
from store.messages import msg

pytestmark = pytest.mark.gui

SHA = hashlib.sha256(b"a proposal").hexdigest()
GEOREF = GeoRef(method="IfcMapConversion", map_crs="EPSG:4547", eastings=428144.5839,
                northings=2555910.1182, orthogonal_height=9.42, rotation_deg=-85.3)
FAILING_WALL = "2O2Fr$t4X7Zf8NOew3FLOH"


def _text(page: pypdf.PageObject) -> str:
    """A page's text as a reader sees it: ligatures and full-width forms folded (NFKC),
    whitespace runs as one space, none between Chinese characters (a line wrapped in a
    table cell)."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", page.extract_text()))
    return re.sub(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])", "", text)


def _result() -> ReviewResult:
    """A review as run_review leaves it: one rule failing with an element and an edge, one
    passing, one not assessable, the delivery rule's rows, receivers with periods."""
    sunlight = SunlightReceivers(
        points=np.array([[428160.0, 2555880.0, 10.3], [428170.0, 2555880.0, 10.3],
                         [428150.0, 2555930.0, 13.9]]),
        normals=np.array([[0, -1.0, 0], [0, -1.0, 0], [0, -1.0, 0]]),
        owner=np.array([812, 812, -1]), hours_with=np.array([2.25, 3.5, 4.0]),
        hours_without=np.array([3.4, 3.6, np.nan]), status=[PASS, FAIL, PASS],
        periods_with=[[("08:40", "09:55"), ("13:10", "14:10")], [("09:12", "12:42")],
                      [("08:30", "12:30")]],
        periods_without=[[("08:40", "12:04")], [("09:12", "12:48")], []])
    findings = [
        Finding(rule="height", status=FAIL, value=82.456, limit=80.0, unit="m", compare="<=",
                clause="GB 50352-2019 第4.5.2条；地块规划条件（规划限高）", title_zh="建筑高度",
                title_en="Building height", elements=[FAILING_WALL],
                location=(428165.0, 2555905.0, 92.0),
                details=[{"storey": "RF", "height": 82.456}]),
        Finding(rule="far", status=PASS, value=2.35, limit=3.0, unit="", compare="<=",
                clause="地块规划条件（容积率上限）", title_zh="容积率", title_en="Floor area ratio",
                reason=msg("gross floor area from {source}", source="Qto_SpaceBaseQuantities")),
        Finding(rule="green", status="not_assessable", clause="地块规划条件（绿地率下限）",
                title_zh="绿地率", title_en="Green ratio", compare=">=",
                reason=msg("the model and the site carry no green areas")),
        Finding(rule="sunlight_neighbours", status=PASS, value=3.5, limit=3.0, unit="h",
                compare=">=", clause="GB 50180-2018 第4.0.9条", title_zh="周边住宅日照",
                title_en="Sunlight of neighbouring homes",
                details=[{"fid": 812, "name": "东风小区3栋", "receivers": 2, "hours_with": 2.25,
                          "hours_without": 3.4, "status": PASS,
                          "worst_periods_with": [["08:40", "09:55"], ["13:10", "14:10"]]}]),
    ]
    return ReviewResult(
        model={"file": "ZW-R2-00115.ifc", "sha256": SHA, "schema": "IFC4",
               "project": "珠江新城住宅项目"},
        ruleset={"name": "广州市建筑设计方案一键审查规则（cimview 示例）",
                 "name_en": "Guangzhou building design review rules (cimview sample)",
                 "version": "2026.12", "source": "地块规划条件；GB 50352-2019",
                 "file": "guangzhou.json"},
        parcel={"code": "ZW-R2-00115", "area": 12500.0, "land_use_code": "R2",
                "found_by": "location"},
        crs="EPSG:4547", vertical_crs="EPSG:5737", findings=findings,
        parameters=[{"name": "sunlight.step", "value": 1, "unit": "min",
                     "source": "GB/T 50947-2014"},
                    {"name": "sunlight.window_bjt", "value": "08:35–16:35", "unit": "",
                     "source": ""}],
        sources=[{"name": "cache", "value": "sample_city.gpkg"}], sunlight=sunlight,
        started="2026-12-04T14:00:00+00:00", seconds=21.5)


@pytest.fixture
def figures(tmp_path) -> list[Figure]:
    out = []
    for kind, rule, colour in (("overview", None, "steelblue"), ("failure", "height", "tomato"),
                               ("sunlight", None, "gold")):
        image = QImage(640, 400, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        path = tmp_path / f"{kind}.png"
        assert image.save(str(path))
        out.append(Figure(path, kind, rule))
    out[1].camera = {"position": [428225.0, 2555845.0, 140.0],  # as the viewer took it
                     "focal_point": [428165.0, 2555905.0, 92.0], "field_of_view": 30.0}
    return out


@pytest.fixture
def english(qapp):
    i18n.install(qapp, "en")
    yield "en"


@pytest.fixture
def chinese(qapp):
    i18n.install(qapp, "zh_CN")
    yield "zh_CN"
    i18n.install(qapp, "en")


ELEMENTS = {FAILING_WALL: ("IfcWall", "屋顶女儿墙")}


def test_the_pdf_read_page_by_page(english, tmp_path, figures):
    pdf = tmp_path / "report.pdf"
    pages = write_pdf(_result(), pdf, lang="en", figures=figures, elements=ELEMENTS)
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) == pages >= 6
    texts = [_text(p) for p in reader.pages]
    first = texts[0]
    for expected in ("Building design proposal review report", "Overall result: Fail",
                     "2 rules pass, 1 fail, 1 not assessable",
                     "珠江新城住宅项目", "ZW-R2-00115.ifc", "Rule set version 2026.12",
                     "Guangzhou building design review rules (cimview sample)",
                     "Coordinate reference system EPSG:4547", "Vertical datum EPSG:5737",
                     "Parcel area 12500 m²", "sample_city.gpkg"):
        assert unicodedata.normalize("NFKC", expected) in first, expected
    assert SHA in first.replace(" ", "")
    # the parameter table
    assert "Time step 1 min GB/T 50947-2014" in first
    assert "Time window (Beijing time) 08:35–16:35" in first
    # the rule table: value, limit, clause, result per rule
    rules = next(t for t in texts if "3 Rules and results" in t)
    assert "Building height 82.46 m ≤ 80 m GB 50352-2019" in rules
    assert "Floor area ratio 2.35 ≤ 3" in rules
    assert "Green ratio" in rules and "the model and the site carry no green areas" in rules
    assert rules.index("Fail") < rules.index("Pass") < rules.index("Not assessable")
    # the screenshots with their captions
    shots = next(t for t in texts if "4 Screenshots" in t)
    assert "Figure 2: Failing: Building height" in shots
    assert len(reader.pages[texts.index(shots)].images) >= 2
    # per receiver, failing first, Beijing time
    sun = next(t for t in texts if "6 Sunlight per receiver" in t)
    assert "Beijing time" in sun
    assert re.search(r"1 812 428170\.0, 2555880\.0, 10\.3 3\.60 3\.50 09:12–12:42 Fail", sun)
    assert "08:40–09:55, 13:10–14:10" in sun and "this proposal" in sun
    elements = next(t for t in texts if "7 Failing elements" in t)
    assert f"Building height {FAILING_WALL} IfcWall 屋顶女儿墙" in elements
    last = texts[-1]
    assert "Reviewer (signature)" in last and "____" in last and "Date" in last
    for n, t in enumerate(texts, 1):  # every page names the model and its hash
        assert f"page {n} of {pages}" in t and "ZW-R2-00115.ifc" in t


def test_the_report_in_chinese_keeps_the_rule_sets_words(chinese, tmp_path):
    pdf = tmp_path / "报告.pdf"
    write_pdf(_result(), pdf, lang="zh_CN")
    texts = [_text(p) for p in pypdf.PdfReader(pdf).pages]
    whole = " ".join(texts)

    def squash(text: str) -> str:  # as read: full-width forms folded, no spaces
        return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))

    for expected in ("广州市建筑设计方案一键审查规则（cimview 示例）", "建筑高度", "容积率",
                     "绿地率", "周边住宅日照", "珠江新城住宅项目", "地块规划条件（容积率上限）",
                     "东风小区3栋"):  # the last: a detail row of the sunlight rule
        assert squash(expected) in squash(whole), expected
    # the labels are whatever the zh_CN catalogue says (English until it has them)
    assert words.label("s_rules") in whole and words.status_text(FAIL) in whole


def test_the_html_report_with_its_images(english, tmp_path, figures):
    index = write_html(_result(), tmp_path / "html", lang="en", figures=figures,
                       elements=ELEMENTS)
    text = index.read_text(encoding="utf-8")
    assert (tmp_path / "html" / "images" / "figure_01.png").is_file()
    assert 'src="images/figure_02.png"' in text
    assert SHA in text and "EPSG:4547" in text and "2026.12" in text
    seen = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))  # as shown
    assert "Building height 82.46 m ≤ 80 m" in seen and FAILING_WALL in seen
    assert "09:12–12:42" in seen and "Reviewer (signature)" in seen
    # user text is escaped, never markup
    r = _result()
    r.model["project"] = "<script>alert(1)</script>"
    text = write_html(r, tmp_path / "h2", lang="en").read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_the_bcf_opens_in_a_bcf_reader(english, tmp_path, figures):
    path = tmp_path / "findings.bcf"
    assert write_bcf(_result(), path, lang="en", georef=GEOREF, crs="EPSG:4547",
                     figures=figures, ifc_project="0ct$F9hRrU09MZ8tPdLd5W") == 2
    with bcfxml.load(path) as bcf:
        topics = bcf.topics
        assert set(topics) == {topic_guid(SHA, "height"), topic_guid(SHA, "green")}
        height = topics[topic_guid(SHA, "height")]
        assert height.topic.title == "Building height: Fail"
        assert height.topic.topic_type == "Error" and height.topic.labels == ["height"]
        assert "≤ 80 m" in height.topic.description and FAILING_WALL in height.topic.description
        assert height.header.file[0].filename == "ZW-R2-00115.ifc"
        (view,) = height.viewpoints.values()
        info = view.visualization_info
        assert [c.ifc_guid for c in info.components.selection.component] == [FAILING_WALL]
        assert QImage.fromData(view.snapshot).width() == 640  # the failure's screenshot
        cam = info.perspective_camera
        # the camera looks at the finding, in the model's own coordinates
        target = map_to_model(GEOREF, "EPSG:4547")(np.array([428165.0, 2555905.0, 92.0]))[0]
        eye = np.array([cam.camera_view_point.x, cam.camera_view_point.y,
                        cam.camera_view_point.z])
        d = np.array([cam.camera_direction.x, cam.camera_direction.y, cam.camera_direction.z])
        to_target = target - eye
        assert np.linalg.norm(np.cross(d, to_target)) / np.linalg.norm(to_target) < 1e-3
        assert np.allclose(GEOREF.to_map(target[None])[0], [428165.0, 2555905.0, 92.0],
                           atol=1e-3)
        # from where the screenshot was taken, with its field of view
        assert np.allclose(GEOREF.to_map(eye[None])[0], [428225.0, 2555845.0, 140.0], atol=1e-2)
        assert cam.field_of_view == 30.0
        green = topics[topic_guid(SHA, "green")]
        (gview,) = green.viewpoints.values()
        assert green.topic.topic_type == "Warning" and gview.snapshot  # the overview


def test_receivers_are_listed_failing_first():
    assert receiver_order([PASS, FAIL, "existing", FAIL], np.array([5, 9, 1, 2])) == [3, 1, 2, 0]


def test_screenshots_are_taken_in_several_shapes(tmp_path):
    png = tmp_path / "a.png"
    png.write_bytes(b"x")
    got = figures_from([{"path": png, "kind": "failure:height"}, ("sunlight", None, png),
                        str(png), tmp_path / "missing.png"])
    assert [(f.kind, f.rule) for f in got] == [("failure", "height"), ("sunlight", None),
                                               ("overview", None)]
    assert figures_from({"overview": png})[0].kind == "overview"


def test_words_and_layout_rules():
    from app.review.report_pdf import fit_image, fix_cmap

    assert [words.number(v) for v in (80.0, 82.456, 0.3251, None, float("nan"))] == [
        "80", "82.46", "0.325", "—", "—"]
    f = Finding(rule="x", status=PASS, value=2.5, limit=3.0, unit="h", compare=">=")
    assert (words.value_text(f), words.limit_text(f)) == ("2.50 h", "≥ 3 h")
    assert words.cell([["08:40", "09:55"], ["13:10", "14:10"]]) == "08:40–09:55, 13:10–14:10"
    assert fit_image(1600, 1000, 800, 400) == (640, 400)
    cmap = "2 beginbfrange\n<0003> <0004> [<2EDB> <0041>]\n<0005> <0005> <2F70>\nendbfrange"
    assert fix_cmap(cmap, {0x2EDB: 0x98CE, 0x2F70: 0x793A}) == (
        "2 beginbfrange\n<0003> <0004> [<98CE> <0041>]\n<0005> <0005> <793A>\nendbfrange")


def test_cimview_review_says_what_is_wrong(tmp_path, capsys):
    from app.cli import main

    assert main(["review", str(tmp_path / "nope.ifc"), "--cache", str(tmp_path / "c.gpkg"),
                 "--json", "--lang", "en"]) == 1
    assert "nope.ifc" in capsys.readouterr().err
    with pytest.raises(SystemExit) as err:  # nothing asked for
        main(["review", str(tmp_path / "nope.ifc"), "--cache", str(tmp_path / "c.gpkg")])
    assert err.value.code == 2 and "nothing to write" in capsys.readouterr().err
    ifc = tmp_path / "a.ifc"
    ifc.write_text("ISO-10303-21;", encoding="ascii")
    out = tmp_path / "missing" / "r.pdf"
    assert main(["review", str(ifc), "--cache", str(tmp_path / "c.gpkg"), "--out", str(out),
                 "--lang", "en"]) == 1  # said at once, not after the review
    assert f"{out}: cannot write here: the folder does not exist" in capsys.readouterr().err


def test_cimview_review_end_to_end(review_city, tmp_path, capsys):
    from app.cli import main

    cache = tmp_path / "city.gpkg"
    shutil.copyfile(review_city["cache"], cache)
    ifc = Path(review_city["ifc"])
    out = tmp_path / "report.pdf"
    code = main(["review", str(ifc), "--cache", str(cache), "--out", str(out), "--html",
                 str(tmp_path / "html"), "--bcf", str(tmp_path / "f.bcf"), "--json",
                 "--lang", "en"])
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert code == EXIT[result["status"]], captured.err
    rules = [f["rule"] for f in result["findings"]]
    assert "delivery" in rules and "sunlight_neighbours" in rules
    sha = hashlib.sha256(ifc.read_bytes()).hexdigest()
    assert result["model"]["sha256"] == sha
    texts = [_text(p) for p in pypdf.PdfReader(out).pages]
    assert sha in texts[0].replace(" ", "") and ifc.name in texts[0]
    start = next(i for i, t in enumerate(texts) if "3 Rules and results" in t)
    table = " ".join(texts[start:start + 3]).split("4 Screenshots")[0]
    for f in result["findings"]:  # every rule, with its result in words
        assert f["title_en"] in table, f["rule"]
    assert table.count("Fail") >= sum(f["status"] == FAIL for f in result["findings"])
    assert (tmp_path / "html" / "index.html").is_file()
    with bcfxml.load(tmp_path / "f.bcf") as bcf:
        failing = [f for f in result["findings"] if f["status"] != PASS]
        assert len(bcf.topics) == len(failing)
    # and the review is in the cache's trail: the IFC, the outcome and the report's hash
    from store import audit
    from store.cache import Cache

    with Cache.open(cache) as c, c.engine.connect() as conn:
        [entry] = [e for e in audit.entries(conn) if e["kind"] == "review"]
    details = entry["details"]
    assert details["ifc_sha256"] == sha and details["status"] == result["status"]
    assert details["reports"][0] == {"file": "report.pdf",
                                     "sha256": hashlib.sha256(out.read_bytes()).hexdigest()}
    assert sum(details["findings"].values()) == len(result["findings"])
