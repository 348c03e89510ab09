"""Shared fixtures: the real third-party data beside the checkout, and temporary caches."""

from __future__ import annotations

import atexit
import os
import select
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _own_display() -> None:
    """Under pytest-xdist each worker draws on an X server of its own: on one shared display
    a window shown by one worker exposes (and so repaints) the other's, and tests that count
    renders or wait for a quiet view see renders nobody asked for."""
    if not os.environ.get("PYTEST_XDIST_WORKER") or not os.environ.get("DISPLAY"):
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return
    read, write = os.pipe()
    proc = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "1280x1024x24",
                             "-nolisten", "tcp"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    number = b""
    while not number.endswith(b"\n") and select.select([read], [], [], 10.0)[0]:
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    if not number.strip().isdigit():
        proc.kill()
        return  # keep the shared display
    os.environ["DISPLAY"] = f":{number.strip().decode()}"
    atexit.register(proc.terminate)


_own_display()
# The user's settings (QSettings: level of detail …) go to a folder of this run, never to the
# developer's own ~/.config.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="cimview-test-config-")
REALDATA = Path(os.environ.get("CIMVIEW_REALDATA", ROOT.parent / "shared" / "realdata"))
SAMPLE = ROOT / "data" / "sample_city" / "sample_city.gpkg"


def _sample_city_copy(folder: Path) -> Path:
    """A copy of the default sample city's cache in ``folder``: the one ``make run`` built,
    or (a clean clone, CI) the same city built here."""
    import shutil

    if SAMPLE.exists():
        shutil.copy(SAMPLE, folder / "city.gpkg")
        return folder / "city.gpkg"
    from sample_city.city import CACHE_NAME, build

    build(folder / "city", reality=False)
    return folder / "city" / CACHE_NAME


@pytest.fixture(scope="session")
def sample_city_copy():
    """``sample_city_copy(folder) -> Path``: a copy of the default sample city's cache."""
    return _sample_city_copy


@pytest.fixture(scope="session")
def realdata() -> Path:
    """../shared/realdata (or $CIMVIEW_REALDATA); tests that need it skip when it is absent."""
    if not REALDATA.is_dir():
        pytest.skip(f"real test data not found at {REALDATA} (set CIMVIEW_REALDATA)")
    return REALDATA


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """GUI tests need an X display: `make test` runs the suite under Xvfb."""
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM"):
        return
    skip = pytest.mark.skip(reason="no X display (run through `make test`, which uses Xvfb)")
    for item in items:
        if "gui" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def review_city(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A sample city built once per session for the plan-review tests: the ``build`` summary,
    with ``"cache"`` (path) and ``"ifc"`` (the sample proposal's IFC path). Read-only: a test
    that writes copies the cache first."""
    from sample_city.city import build

    out = tmp_path_factory.mktemp("review_city")
    summary = build(out, buildings=1500)
    assert summary["proposal"], "the sample city has no proposal"
    summary["ifc"] = str(out / summary["proposal"]["file"])
    return summary
