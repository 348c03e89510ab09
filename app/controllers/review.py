"""One-click plan review (一键审查) in the window: *Review ▸ Run review* on the open proposal.

The review runs on a worker thread through the window's one task runner (app.tasks: progress
in the results dock, Cancel stops it within a check's next poll), on the proposal as the window
shows it (its placement, by hand or by georeferencing), against the shipped rule set or the one
chosen. Its result goes into ``model.review`` with what the 3D view draws it with; the ``review``
layer (viewer.views.review) shows the red line, setback line, shadow and receivers. A click on
a row of the results dock selects the finding: the camera flies to it, the too-close edge, the
neighbour buildings, the receivers and the failing elements are highlighted (the first failing
element also through the BIM dock's own selection, its properties in the Attributes dock).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QFileDialog

from app.messages import sentence
from app.tasks import Cancelled, Task, naming
from layers.layer import Layer
from layers.review.session import facing_bearing, finding_target

if TYPE_CHECKING:
    from app.controllers.host import WindowHost

translate = QCoreApplication.translate

#: The camera's distance to a finding: what it shows fills at most 1 / FRAME_MARGIN of the
#: view's narrower side (portrait docks included), at least MIN_DISTANCE m.
FRAME_MARGIN = 1.4
MIN_DISTANCE = 90.0
#: How steeply the camera looks down at a sunlight finding's facades (degrees).
SUN_VIEW_ELEVATION_DEG = 40.0
#: The shadow's animation: minutes of the day per step, and milliseconds per step.
PLAY_STEP_MIN = 10.0
PLAY_INTERVAL_MS = 120
LAYER = "review"


def run_review_task(task: Task, model: Any, ifc: Path, cache_path: Path,
                    ruleset: Path | None, parcel: str | None) -> tuple[Any, Any, str | None]:
    """Review a loaded BimModel (an app.tasks work function): (ReviewResult, ReviewScene,
    None), or (ReviewResult, None, why) when the review cannot be drawn."""
    from layers.review.context import ReviewCancelled
    from layers.review.ruleset import load_ruleset
    from layers.review.run import run_review
    from layers.review.session import review_scene
    from layers.review.site import build_context
    from store.cache import Cache

    rules = load_ruleset(ruleset)
    with Cache.open(cache_path) as cache:
        task.progress(0.0, None)
        ctx = build_context(cache, model, ifc, parcel_code=parcel)
        try:
            result = run_review(ctx, rules, progress=lambda f, m: task.progress(0.95 * f, m),
                                cancel=task.is_cancelled)
        except ReviewCancelled:
            raise Cancelled from None
        task.check()
        from layers.review.record_review import record_review

        record_review(cache, result)
        try:
            scene, problem = review_scene(ctx, rules, result), None
        except Exception as exc:  # noqa: BLE001 - the findings stand without their picture
            scene, problem = None, sentence(exc)
    return result, scene, problem


class ReviewController(QObject):
    """The review of the proposal shown in one main window."""

    def __init__(self, window: WindowHost, panel: Any) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.panel = panel
        self.task: Task | None = None
        self.ruleset: Path | None = None  # None: the shipped rule set
        self.parcel: str | None = None  # None: the parcel the BIM stands on
        self.error: str | None = None  # the last failure's message
        self.play_timer = QTimer(self)
        self.play_timer.setInterval(PLAY_INTERVAL_MS)
        self.play_timer.timeout.connect(self._play_step)
        session = window.model.review
        panel.bind(session)
        panel.run_requested.connect(self.run)
        panel.cancel_requested.connect(self.cancel)
        panel.finding_clicked.connect(self.select)
        panel.time_changed.connect(session.set_time)
        panel.play_toggled.connect(self.play)
        session.changed.connect(lambda _names: window.view.request_render())
        window.model.bim.changed.connect(self._bim_changed)

    @property
    def session(self) -> Any:
        return self.window.model.review

    @property
    def is_running(self) -> bool:
        return self.task is not None

    def _bim_changed(self, names: tuple[str, ...]) -> None:
        """Another proposal, or none: the review shown was of the one before, it goes."""
        if "model" not in names:
            return
        result = self.session.result
        bim = self.window.model.bim.model
        if result is not None and (bim is None or getattr(bim, "sha256", None)
                                   != result.model.get("sha256")):
            self.clear()

    def clear(self) -> None:
        """Take the review away: its layer, its dock's rows, a review under way."""
        w = self.window
        if self.task is not None:
            self.task.cancel()
        self.play(False)
        if w.model.layers.get(LAYER) is not None:
            w.model.layers.remove(LAYER)
        self.session.clear()

    # -- running -------------------------------------------------------------------------------
    def choose_rules(self) -> None:
        """Review against another rule set (a JSON file like resources/review/*.json)."""
        path, _ = QFileDialog.getOpenFileName(
            self.window, translate("ReviewPanel", "Rule set"), "",  # type: ignore[arg-type]
            translate("ReviewPanel", "Rule sets (*.json);;All files (*)"))
        if path:
            self.ruleset = Path(path)

    def run(self) -> bool:
        """Review the open proposal on a worker thread; False (and a message) when no
        proposal is open."""
        w = self.window
        bim = getattr(w, "bim_controller", None)
        model = bim.shown if bim is not None else None
        if model is None or w.cache is None or bim.siting is None:
            self._say(translate("ReviewPanel", "Open a proposal first: File ▸ Open BIM…"))
            return False
        from viewer.bim_mesh import model_with_georef

        placed = model_with_georef(model, bim.siting.georef)
        ifc, cache, rules, parcel = Path(str(model.path)), w.cache_path, self.ruleset, \
            self.parcel
        self.error = None
        self.play(False)
        self.session.start()
        self._show_dock()
        self.task = w.tasks.start(
            "review", lambda task: run_review_task(task, placed, ifc, cache, rules, parcel),
            progress=self._progress, done=self._done, failed=self._failed,
            cancelled=self._cancelled, ended=self._ended, word=naming(ifc))
        return True

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.panel.cancel_button.setEnabled(False)
            self._say(translate("ReviewPanel", "Cancelling the review…"))

    def _progress(self, fraction: float, message: Any) -> None:
        self.session.update(progress=float(fraction), **({"message": message}
                                                         if message is not None else {}))

    def _done(self, value: tuple[Any, Any, str | None]) -> None:
        w = self.window
        result, scene, problem = value
        self.session.finish(result, scene)
        if scene is not None and set(scene.replaced) - set(w.model.bim.replaced):
            # the city as the review saw it: every white model the proposal replaces hidden
            replaced = frozenset(w.model.bim.replaced) | frozenset(scene.replaced)
            w.model.bim.update(replaced=replaced)
            w.bim_panel.set_replaced(len(replaced))
        if w.model.layers.get(LAYER) is None:
            w.model.layers.insert(0, Layer(LAYER, "review", title="Plan review",
                                           title_zh="方案审查"))
        if problem is not None:
            self._say(translate("ReviewPanel", "The review cannot be drawn: {0}").format(
                problem))
            return
        counts = {k: sum(1 for f in result.findings if f.status == k)
                  for k in ("pass", "fail", "not_assessable")}
        self._say(translate("ReviewPanel",
                            "Review finished in {0:.0f} s: {1} pass, {2} fail, {3} not "
                            "assessable").format(result.seconds, counts["pass"],
                                                 counts["fail"], counts["not_assessable"]))
        w.view.request_render()

    def _failed(self, message: str) -> None:
        self.error = message
        self.session.stopped()
        self.panel.step.setText(message)
        self._say(translate("ReviewPanel", "The review failed: {0}").format(message))

    def _cancelled(self) -> None:
        self.session.stopped()
        self._say(translate("ReviewPanel", "The review was cancelled"))

    def _ended(self) -> None:
        self.task = None

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    def _show_dock(self) -> None:
        dock = getattr(self.window, "review_dock", None)
        if dock is not None:
            dock.setVisible(True)
            dock.raise_()

    # -- a finding -----------------------------------------------------------------------------
    def select(self, rule: str | None, fly: bool = True) -> None:
        """Select a finding (a row of the dock): highlight it, fly to it."""
        w = self.window
        self.session.select(rule)
        finding = self.session.finding
        if finding is None:
            return
        element = self._first_element(finding)
        if element is not None:  # the BIM dock's selection: the tree, the Attributes dock
            w.bim_controller.select_element(element, fly=False)
        target = self.target(finding)
        if fly and target is not None:
            centre, size = target
            bearing = facing_bearing(finding, self.session.result)
            if bearing is not None:
                self._look_from(bearing)
            w.view.fly_to(centre, distance=self._framing_distance(size))
        w.view.request_render()

    def _framing_distance(self, size: float) -> float:
        """How far the camera stands for ``size`` metres to fit the view, whatever its shape."""
        view = self.window.view
        angle = float(view.camera_state().get("view_angle") or 30.0)
        aspect = max(view.width(), 1) / max(view.height(), 1)
        half = np.tan(np.radians(angle) / 2) * min(1.0, aspect)  # the narrower half-extent
        return max(MIN_DISTANCE, FRAME_MARGIN * size / (2 * half))

    def _look_from(self, bearing: float) -> None:
        """Turn the camera (where it is looking) to face a sunlight finding's facades: from
        ``bearing`` (where they face), steeply enough to see over what stands before them."""
        w = self.window
        state = w.view.camera_state()
        focal = np.asarray(state["focal_point"], float)
        distance = float(np.linalg.norm(np.asarray(state["position"], float) - focal))
        e, b = np.radians(SUN_VIEW_ELEVATION_DEG), np.radians(bearing)
        way = np.array([np.sin(b) * np.cos(e), np.cos(b) * np.cos(e), np.sin(e)])
        w.view.set_camera_state({**state, "position": (focal + distance * way).tolist(),
                                 "view_up": [0.0, 0.0, 1.0]})

    def _first_element(self, finding: Any) -> int | None:
        scene = self.session.scene
        if scene is None:
            return None
        return next((scene.elements[g] for g in finding.elements if g in scene.elements), None)

    def target(self, finding: Any) -> tuple[np.ndarray, float] | None:
        """Where a finding is (world point) and how big (m): see :func:`finding_target`."""
        return finding_target(finding, self.session.scene, self.session.result)

    # -- the day's shadow ----------------------------------------------------------------------
    def play(self, on: bool) -> None:
        """Animate the shadow along the day (looping), or stop."""
        if on and self.session.scene is not None and self.session.scene.sun is not None:
            self.play_timer.start()
        else:
            self.play_timer.stop()
            if self.panel.play_button.isChecked():
                self.panel.play_button.blockSignals(True)
                self.panel.play_button.setChecked(False)
                self.panel.play_button.blockSignals(False)
                self.panel.play_button.setText(translate("ReviewPanel", "Play"))

    def _play_step(self) -> None:
        s = self.session
        if s.scene is None or s.scene.sun is None:
            self.play(False)
            return
        lo, hi = s.scene.sun.span
        t = (s.time if s.time is not None else lo) + PLAY_STEP_MIN
        s.set_time(lo if t > hi else t)
