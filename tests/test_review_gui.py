"""A plan reviewer runs the one-click review on the open proposal in the window (Xvfb): the
results dock lists every rule with value, limit, clause and result; a click on a failing row
flies to the finding and highlights it in the 3D view; the red line and the setback line are
drawn, the receivers painted by their hours on the legend's ramp, the day's shadow follows the
time slider; Cancel stops a review and leaves the last result as it was."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import shapely

from app import i18n
from app.main_window import MainWindow
from layers.review.checks import CHECKS
from layers.review.ruleset import DEFAULT_RULESET
from layers.review.session import hours_colours, sunlight_legend
from layers.review.shadows import mesh_shadows
from tests.gui_frames import frame, highlight_share, wait_until

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped rule set, less any row whose check is not written yet (every row once
    all the checks are registered)."""
    data = json.loads(DEFAULT_RULESET.read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["check"] in CHECKS]
    out = tmp_path_factory.mktemp("review_rules")
    shutil.copytree(DEFAULT_RULESET.parent / "ids", out / "ids")
    path = out / "rules.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def window(qapp, review_city: dict, rules: Path, tmp_path_factory: pytest.TempPathFactory):
    """An English window over a copy of the review city, the sample proposal open."""
    work = tmp_path_factory.mktemp("review_gui")
    cache = work / "city.gpkg"
    shutil.copy(review_city["cache"], cache)
    i18n.install(qapp, "en")
    w = MainWindow(cache, "en")
    w.resize(1400, 900)
    w.show()
    wait_until(qapp, lambda: w.view.scene.data is not None)
    w.open_bim(Path(review_city["ifc"]))
    wait_until(qapp, lambda: not w.is_bim_loading and w.bim is not None
               and not w.view.is_flying)
    w.review.ruleset = rules
    yield w
    w.close()
    w.deleteLater()
    qapp.processEvents()


@pytest.fixture(scope="module")
def reviewed(qapp, window: MainWindow) -> MainWindow:
    """Review ▸ Run review, as the reviewer clicks it; progress shows while it runs."""
    seen = []
    window.model.review.changed.connect(
        lambda names: seen.append(window.review_panel.progress.isVisible()))
    window.run_review_action.trigger()
    assert window.review.is_running
    assert window.review_panel.cancel_button.isEnabled()
    assert not window.review_panel.run_button.isEnabled()
    wait_until(qapp, lambda: not window.review.is_running, timeout=120)
    assert window.review.error is None, window.review.error
    assert any(seen), "the progress bar never showed"
    assert window.review_dock.isVisible()
    return window


def test_the_dock_lists_every_rule_with_value_limit_clause_and_result(reviewed: MainWindow,
                                                                       rules: Path) -> None:
    expected = json.loads(rules.read_text(encoding="utf-8"))["rules"]
    rows = reviewed.review_panel.rows()
    assert len(rows) == len(expected)
    for row, rule in zip(rows, expected, strict=True):
        title, value, limit, clause, result = row
        assert title == rule["title_en"]
        assert clause == rule["clause"]
        assert result in ("pass", "fail", "not assessable")
        finding = reviewed.model.review.result.finding(rule["id"])
        if finding.value is not None:
            assert value != "—"
        if finding.limit is not None and rule["compare"]:
            assert limit.startswith({"<=": "≤", ">=": "≥"}[rule["compare"]])
        if result == "not assessable":  # never a guessed pass: the reason is there
            item = reviewed.review_panel.table.item(rows.index(row), 4)
            assert item.toolTip()
    summary = reviewed.review_panel.summary.text()
    assert Path(reviewed.bim.path).name in summary
    # in Chinese, the rules are the rule set's Chinese titles
    from app.review_panel import ReviewPanel

    zh = ReviewPanel(lang="zh_CN")
    zh.bind(reviewed.model.review)
    assert [r[0] for r in zh.rows()] == [rule["title_zh"] for rule in expected]
    assert reviewed.model.review.result.ruleset["name"] in zh.summary.text()
    zh.deleteLater()


def test_the_red_line_setback_and_receivers_are_drawn(reviewed: MainWindow) -> None:
    view = reviewed.view.scene.views["review"]
    session = reviewed.model.review
    assert view.poly("redline").GetNumberOfPoints() > 0
    assert view.poly("setback").GetNumberOfPoints() > 0
    # the city as the review saw it: the white models the proposal replaces are hidden
    assert set(session.scene.replaced) <= set(reviewed.view.scene.hidden_buildings)
    # the setback line lies inside the red line
    assert session.scene.parcel.contains(session.scene.setback.buffer(-0.01))
    sun = session.result.sunlight
    if sun is not None and len(sun):
        colours = view.receiver_colours()
        assert colours.shape == (len(sun), 3)
        assert (colours == hours_colours(sun.hours_with, session.legend())).all()
        legend = reviewed.review_panel.legend_rows()
        assert legend[0][1] == "< 1 h" and legend[-1][1] == "≥ 6 h"


def _yellow(image: np.ndarray) -> int:
    """Pixels in the selection's yellow (as tests.gui_frames.highlight_share counts them)."""
    r, g, b = image[..., 0], image[..., 1], image[..., 2]
    return int(((r > 140) & (g > 100) & (b < 0.5 * g) & (r - b > 100)).sum())


def _drawable(window: MainWindow):
    """A finding with something to show: a failing one first (the sample proposal fails at
    least one rule), else any that shows neighbours, edges, receivers or elements."""
    findings = sorted(window.model.review.result.findings, key=lambda f: f.status != "fail")
    return next(f for f in findings if f.shapes.get("buildings") or f.shapes.get("edges")
                or f.shapes.get("receivers") or f.elements)


def test_a_click_on_a_row_flies_to_the_finding_and_highlights_it(qapp, reviewed: MainWindow
                                                                ) -> None:
    w = reviewed
    finding = _drawable(w)
    w.view.zoom_to_extent()
    before = np.array(w.view.camera_state()["focal_point"])
    panel = w.review_panel
    row = next(r for r in range(panel.table.rowCount()) if panel.row_rule(r) == finding.rule)
    panel.table.selectRow(row)  # the reviewer's click on the row
    assert w.model.review.selected == finding.rule
    wait_until(qapp, lambda: not w.view.is_flying, timeout=10)
    centre, _size = w.review.target(finding)
    focal = np.array(w.view.camera_state()["focal_point"])
    assert np.linalg.norm(focal[:2] - centre[:2]) < 1.0
    assert np.linalg.norm(before[:2] - centre[:2]) > 1.0
    view = w.view.scene.views["review"]
    scene = w.model.review.scene
    if finding.shapes.get("buildings"):
        assert view.poly("finding_buildings").GetNumberOfPoints() > 0
        fid = int(finding.shapes["buildings"][0])
        i = int(np.flatnonzero(scene.prisms.fids == fid)[0])
        c = shapely.centroid(scene.prisms.outlines[i])
        middle = np.array([c.x, c.y, (scene.prisms.base[i] + scene.prisms.top[i]) / 2])
        assert highlight_share(w, middle) > 0.3  # the neighbour in the selection's yellow
    if finding.shapes.get("edges"):
        assert view.poly("finding_edges").GetNumberOfPoints() >= 2
    if finding.elements:
        assert view.poly("finding_elements").GetNumberOfPoints() > 0
        assert w.bim_panel is not None and w.view.selection is not None
        assert w.view.selection[0] == "bim"
    lit = _yellow(frame(w))
    w.model.review.select(None)  # the same view without the highlight
    assert lit > _yellow(frame(w)) + 300
    w.model.review.select(finding.rule)
    # another row: the highlight follows
    other = next(r for r in range(panel.table.rowCount()) if panel.row_rule(r) != finding.rule)
    panel.table.selectRow(other)
    assert w.model.review.selected == panel.row_rule(other)


def test_the_shadow_follows_the_time_slider(qapp, reviewed: MainWindow) -> None:
    w = reviewed
    session, panel = w.model.review, w.review_panel
    if session.scene.sun is None:
        pytest.skip("no sunlight rule in the rule set")
    session.select(None)
    lo, hi = session.scene.sun.span
    view = w.view.scene.views["review"]
    w.view.zoom_to_bounds(session.scene.parcel.buffer(150).bounds)
    w.view.top_view()

    def shadow_at(minutes: float) -> tuple[shapely.Geometry, np.ndarray]:
        panel.slider.setValue(int(minutes))
        assert abs(session.time - int(minutes)) < 1e-6
        assert view.poly("shadow").GetNumberOfPoints() > 0
        return session.shadow(), frame(w)

    morning, image_morning = shadow_at(lo + 20)
    afternoon, image_afternoon = shadow_at(hi - 20)
    footprint = session.scene.footprint
    assert morning.covers(footprint.buffer(-0.5)) and afternoon.covers(footprint.buffer(-0.5))
    # the proposal's own shadow falls west of it in the morning, east in the afternoon
    s = session.scene
    mass = s.bim_mass

    def own(minutes: float) -> shapely.Geometry:
        return mesh_shadows(s.bim_vertices, s.bim_triangles[mass],
                            s.bim_element_of_triangle[mass], s.ground, s.sun.at(minutes))

    x = footprint.centroid.x
    assert own(lo + 20).centroid.x < x < own(hi - 20).centroid.x
    assert np.any(np.abs(image_morning - image_afternoon) > 30, axis=2).mean() > 0.005
    assert str(int(lo + 20) // 60).zfill(2) in panel.time_label.text() or "Beijing" in \
        panel.time_label.text()
    # play moves the time on
    panel.play_button.setChecked(True)
    t0 = session.time
    wait_until(qapp, lambda: session.time != t0, timeout=5)
    panel.play_button.setChecked(False)
    assert not w.review.play_timer.isActive()


def test_a_review_that_cannot_run_says_why_and_keeps_the_last_result(qapp, reviewed: MainWindow
                                                                    ) -> None:
    w = reviewed
    last = w.model.review.result
    w.review.parcel = "NO-SUCH-PARCEL"  # as a reviewer naming a parcel the cache lacks
    try:
        assert w.review.run()
        wait_until(qapp, lambda: not w.review.is_running, timeout=60)
    finally:
        w.review.parcel = None
    assert "NO-SUCH-PARCEL" in w.review.error and "city.gpkg" in w.review.error
    assert "NO-SUCH-PARCEL" in w.review_panel.step.text()
    assert w.model.review.result is last and w.review_panel.run_button.isEnabled()


def test_cancel_stops_the_review_and_keeps_the_last_result(qapp, reviewed: MainWindow) -> None:
    w = reviewed
    last = w.model.review.result
    assert w.review.run()
    w.review_panel.cancel_button.click()
    wait_until(qapp, lambda: not w.review.is_running, timeout=60)
    assert w.model.review.result is last
    assert not w.model.review.running
    assert "cancelled" in w.statusBar().currentMessage()
    assert w.review_panel.run_button.isEnabled()


def test_closing_the_proposal_takes_its_review_away(reviewed: MainWindow) -> None:
    """(Last: it closes the proposal.)"""
    w = reviewed
    w.close_bim()  # the review was of that proposal: it goes with it
    assert w.model.layers.get("review") is None and w.review_panel.rows() == []
    assert not w.review.run()
    assert "Open a proposal" in w.statusBar().currentMessage()


def test_snapshots_for_the_report_are_rendered_off_screen(review_city: dict, rules: Path,
                                                          tmp_path: Path) -> None:
    """take_snapshots renders without the window (the CLI's report uses it): the overview,
    one picture per failing rule with its camera, and the sunlight map in the legend's
    colours."""
    from PIL import Image

    from app.review.snapshots import take_snapshots
    from layers.review.run import review_file
    from store.cache import Cache

    cache_path = tmp_path / "city.gpkg"
    shutil.copy(review_city["cache"], cache_path)
    with Cache.open(cache_path) as cache:
        result = review_file(review_city["ifc"], cache, ruleset=rules)
        shots = take_snapshots(result, cache, tmp_path / "shots", ifc=review_city["ifc"],
                               ruleset=rules, size=(640, 400))
    kinds = [(s.kind, s.rule) for s in shots]
    assert kinds[0] == ("overview", None)
    failing = [f.rule for f in result.findings if f.status == "fail"]
    assert [r for k, r in kinds if k == "finding"] == failing
    for s in shots:
        image = np.asarray(Image.open(s.file).convert("RGB")).astype(int)
        assert image.shape == (400, 640, 3)
        assert image.std() > 10, f"{s.file.name} is blank"
        assert len(s.camera["position"]) == 3 and len(s.camera["focal_point"]) == 3
    sun = result.sunlight
    if sun is not None and len(sun):
        shot = next(s for s in shots if s.kind == "sunlight")
        image = np.asarray(Image.open(shot.file).convert("RGB")).astype(int)
        drawn = {tuple(c) for c in hours_colours(sun.hours_with, sunlight_legend(
            float(result.finding("sunlight_neighbours").limit or 3.0)))}
        near = [np.all(np.abs(image - np.array(c)) <= 12, axis=2).sum() for c in drawn]
        assert max(near) > 20, "no receiver in the legend's colours in the sunlight map"
