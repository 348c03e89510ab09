"""The Qt binding must not corrupt Python's refcounts: a viewer session makes millions of calls.

PySide6 6.12.0 decremented None's refcount on every call of a method returning void, so a
session aborted with "none_dealloc: deallocating None" after a few thousand calls.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from PySide6.QtCore import QPointF
before = sys.getrefcount(None)
p = QPointF(1.0, 2.0)
for _ in range(50_000):
    p.setX(3.0)
print(sys.getrefcount(None) - before)
"""


def test_void_calls_leave_none_refcount_alone() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, f"the Qt binding crashed Python:\n{proc.stderr[-500:]}"
    assert abs(int(proc.stdout.strip())) < 100
