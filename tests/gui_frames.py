"""What GUI tests look at and wait for: the image the 3D view renders, a condition to hold."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np


def frame(window) -> np.ndarray:  # noqa: ANN001  (a MainWindow; no Qt import at collection)
    """The rendered image of the window's 3D view, (height, width, rgb), row 0 at the top."""
    import vtk
    from vtk.util.numpy_support import vtk_to_numpy

    window.view.render_now()
    grab = vtk.vtkWindowToImageFilter()
    grab.SetInput(window.view.render_window)
    grab.ReadFrontBufferOff()
    grab.Update()
    img = grab.GetOutput()
    w, h, _ = img.GetDimensions()
    rgb = vtk_to_numpy(img.GetPointData().GetScalars()).reshape(h, w, -1)[:, :, :3]
    return rgb[::-1].astype(int)


def highlight_share(window, world_xyz: np.ndarray, half: int = 5) -> float:  # noqa: ANN001
    """Share of the pixels around a world point's screen position in the selection's highlight
    colour (yellow)."""
    view = window.view
    pos = view.screen_position(world_xyz)
    ratio = view._pixel_ratio()
    x, y = round(pos.x() * ratio), round(pos.y() * ratio)
    patch = frame(window)[y - half:y + half + 1, x - half:x + half + 1]
    r, g, b = patch[..., 0], patch[..., 1], patch[..., 2]
    yellow = (r > 140) & (g > 100) & (b < 0.5 * g) & (r - b > 100)
    return float(yellow.mean())


def wait_until(qapp, condition: Callable[[], object], timeout: float = 60.0) -> None:  # noqa: ANN001
    """Process Qt events until ``condition()`` holds (a failed test after ``timeout`` s)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        qapp.processEvents()
        time.sleep(0.01)


def read_next_box(shown: list[str]) -> None:
    """Wait for the next modal message box, as a user would: append its text to ``shown`` and
    close it (``shown`` fills once it has appeared; wait on that)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(50, read_and_close)
            return
        shown.append(box.text())
        box.close()

    QTimer.singleShot(50, read_and_close)


def fly_and_click(qtbot, view, target: np.ndarray, distance: float) -> list:  # noqa: ANN001
    """Fly above a world point in top view, click it as a user would; the picked signal's args."""
    from PySide6.QtCore import Qt

    view.top_view()
    view.fly_to(target, distance=distance, duration_ms=0)
    qtbot.waitUntil(lambda: not view.is_flying, timeout=5000)
    qtbot.wait(50)
    with qtbot.waitSignal(view.picked, timeout=5000) as sig:
        qtbot.mouseClick(view.interactor, Qt.MouseButton.LeftButton,
                         pos=view.screen_position(target))
    return sig.args
