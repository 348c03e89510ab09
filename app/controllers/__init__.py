"""Feature logic of the main window, one controller per feature, over the window's parts.

A controller gets the window as a :class:`~app.controllers.host.WindowHost` (what it may use of
it), never imports :mod:`app.main_window`, and keeps its state to itself; the window keeps thin
methods of the same names for menus, signals and tests.
"""
