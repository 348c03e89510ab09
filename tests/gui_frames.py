"""What GUI tests look at: the image the 3D view renders."""

from __future__ import annotations

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
