"""An encrypted cache: unreadable without its key, the same GeoPackage with it, and every part
of cimview (viewer, search, check, BIM cache, sync, outbox, push, trail) working on it."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pyogrio
import pytest

from store import cipher
from store.cache import Cache
from store.encrypt_cache import decrypt_cache, encrypt_cache
from store.sync.download import sync
from store.sync.outbox import get, record_observation
from store.sync.push import push
from tests.platform_fixture import Platform as LocalPlatform
from tests.platform_fixture import ogc_platform  # noqa: F401  (the session's platform)
from tests.test_sync_hardening import MemoryKeyring

ROOT = Path(__file__).resolve().parents[1]
PASS = "珠江新城 field laptop 2026"
OWNER = "广东电网有限责任公司广州供电局"  # an owner the sample city's power cables carry


@pytest.fixture(autouse=True)
def _no_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No passphrase from the environment or an earlier test: each test unlocks its caches."""
    monkeypatch.delenv(cipher.ENV, raising=False)
    cipher._keys.clear()
    yield
    cipher._keys.clear()


@pytest.fixture()
def plain(tmp_path: Path, sample_city_copy) -> Path:
    return sample_city_copy(tmp_path)


@pytest.fixture()
def locked(plain: Path, tmp_path: Path) -> Path:
    """The sample city with an observation and its photo, then encrypted; its key forgotten."""
    photo = tmp_path / "井盖.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + os.urandom(40_000) + b"\xff\xd9")
    with Cache.open(plain) as cache:
        f = cache.read("poles", ["gid"])
        record_observation(cache, kind="pole_fault", x=float(f.geoms[0].x),
                           y=float(f.geoms[0].y), text="灯杆倾斜 tilted pole", photos=[photo],
                           feature=("poles", f.columns["gid"][0]))
    (tmp_path / "photo.bin").write_bytes(photo.read_bytes())
    encrypt_cache(plain, PASS)
    cipher._keys.clear()
    return plain


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "LANG": "en_US.UTF-8"}
    full.pop(cipher.ENV, None)
    full.update(env or {})
    return subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=full,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)


# -- unreadable without the key ------------------------------------------------------------------
def test_without_the_key_nothing_reads_it_and_no_secret_is_in_the_bytes(
        locked: Path, tmp_path: Path) -> None:
    data = locked.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    for secret in (OWNER.encode(), b"DL-L000001", "灯杆倾斜".encode(), b"gpkg_contents",
                   b"cimview_observation_photos"):
        assert secret not in data, secret
    photo = (tmp_path / "photo.bin").read_bytes()
    assert photo[1000:1064] not in data and photo[30_000:30_064] not in data
    with pytest.raises(sqlite3.DatabaseError):  # as a plain SQLite file
        sqlite3.connect(locked).execute("SELECT * FROM sqlite_master").fetchall()
    with pytest.raises(pyogrio.errors.DataSourceError):  # with GDAL
        pyogrio.list_layers(locked)
    with pytest.raises(cipher.CacheLocked, match="encrypted: give its passphrase"):
        Cache.open(locked)
    with pytest.raises(cipher.WrongKey, match="passphrase does not open"):
        cipher.unlock(locked, "not the passphrase")
    assert stat.S_IMODE(locked.stat().st_mode) == 0o600  # its owner's only


def test_the_cli_says_what_is_missing_or_wrong(locked: Path) -> None:
    out = _cli("info", str(locked))
    assert out.returncode == 1
    assert "the cache is encrypted: give its passphrase" in out.stderr
    assert "Traceback" not in out.stderr
    wrong = _cli("info", str(locked), env={cipher.ENV: "wrong wrong"})
    assert wrong.returncode == 1 and "the passphrase does not open this cache" in wrong.stderr
    zh = _cli("info", str(locked), env={"LANG": "zh_CN.UTF-8"})
    assert "缓存已加密" in zh.stderr, zh.stderr
    ok = _cli("info", str(locked), env={cipher.ENV: PASS})
    assert ok.returncode == 0, ok.stderr
    assert "pipelines" in ok.stdout and "12713" in ok.stdout


# -- the same GeoPackage with it -----------------------------------------------------------------
def test_with_the_key_it_is_the_same_cache_and_decrypts_to_a_standard_geopackage(
        locked: Path, plain: Path, sample_city_copy, tmp_path: Path) -> None:
    (tmp_path / "ref").mkdir()
    reference = sample_city_copy(tmp_path / "ref")
    cipher.unlock(locked, PASS)
    with Cache.open(locked) as enc, Cache.open(reference) as ref:
        assert [(i.name, i.count) for i in enc.layers()] == [
            (i.name, i.count) for i in ref.layers()]
        owners = enc.read("pipelines", ["owner"]).columns["owner"]
        assert OWNER in owners
    decrypt_cache(locked)
    assert locked.read_bytes().startswith(b"SQLite format 3")
    layers = dict(pyogrio.list_layers(locked))
    assert layers["pipelines"] == "LineString Z" and layers["buildings"] == "MultiPolygon"
    info = pyogrio.read_info(locked, layer="pipelines")
    assert info["features"] == 12714  # 12,713 standing and the main replaced in 2018
    # and the trail holds both key changes, and still verifies
    out = _cli("audit", str(locked), "--json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    kinds = [(e["kind"], e["details"]["action"]) for e in doc["entries"]
             if e["kind"] == "key_change"]
    assert kinds == [("key_change", "encrypt"), ("key_change", "decrypt")]
    assert doc["verified"]


def test_a_new_passphrase_and_the_keyring(locked: Path) -> None:
    old = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        cipher.unlock(locked, PASS)
        encrypt_cache(locked, "a brand new passphrase", remember=True)  # a key change
        assert any(service == cipher.SERVICE for service, _ in memory.store)
        cipher._keys.clear()
        with Cache.open(locked) as cache:  # from the keyring, asked nothing
            assert cache.count("buildings") == 4000
        cipher.forget(locked)
        with pytest.raises(cipher.WrongKey):
            cipher.unlock(locked, PASS)  # the old one opens it no more
        cipher.unlock(locked, "a brand new passphrase")
    finally:
        keyring.set_keyring(old)


# -- every part of cimview on it -----------------------------------------------------------------
def test_search_check_and_bim_on_an_encrypted_cache(locked: Path, realdata: Path) -> None:
    env = {cipher.ENV: PASS}
    found = _cli("search", str(locked), "珠湾汇", "--limit", "1", env=env)
    assert found.returncode == 0 and "珠湾汇" in found.stdout, found.stderr
    check = _cli("check", str(locked), env=env)
    assert check.returncode == 0 and "healthy" in check.stdout, check.stdout + check.stderr
    ifc = next((realdata / "ifc").glob("*.ifc"), None)
    if ifc is None:
        pytest.skip("no IFC file in realdata/ifc")
    bim = _cli("inspect-bim", str(ifc), "--cache", str(locked), env=env)
    assert "Traceback" not in bim.stderr, bim.stderr
    assert bim.returncode in (0, 1), bim.stderr


def test_the_window_asks_for_the_passphrase_and_opens_it(locked: Path, qtbot) -> None:
    from PySide6.QtCore import QTimer

    from app.main_window import MainWindow
    from app.passphrase_dialog import PassphraseDialog

    dialog = PassphraseDialog(locked)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("not it")
    dialog.try_unlock()
    assert dialog.problem.isVisibleTo(dialog) and "does not open" in dialog.problem.text()
    assert dialog.result() == 0 and cipher.key_for(locked) is None

    def answer() -> None:
        from PySide6.QtWidgets import QApplication

        active = QApplication.activeModalWidget()
        assert isinstance(active, PassphraseDialog)
        active.passphrase.setText(PASS)
        active.try_unlock()

    QTimer.singleShot(300, answer)
    window = MainWindow(locked)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.cache is not None, timeout=20_000)
    assert window.cache.count("pipelines") == 12713
    with qtbot.waitSignal(window.scene_ready, timeout=120_000):
        pass


def test_sync_into_an_encrypted_work_area_then_record_and_push(
        ogc_platform: LocalPlatform, tmp_path: Path, photo_bytes: bytes) -> None:  # noqa: F811
    ogc_platform.reset()
    area = tmp_path / "work area.gpkg"
    summary = sync(ogc_platform.url, area, passphrase=PASS, files=False,
                   collections=["poles", "pipelines"])
    assert summary.complete, summary.to_dict()
    assert cipher.encrypted(area) and stat.S_IMODE(area.stat().st_mode) == 0o600
    cipher._keys.clear()
    cipher.unlock(area, PASS)
    again = sync(ogc_platform.url, area, files=False,
                 collections=["poles", "pipelines"])  # an update: nothing new
    totals = again.totals()
    assert again.complete and totals["new"] == totals["updated"] == 0, again.to_dict()
    photo = tmp_path / "p.jpg"
    photo.write_bytes(photo_bytes)
    with Cache.open(area) as cache:
        f = cache.read("poles", ["gid"])
        oid = record_observation(cache, kind="pole_fault", x=float(f.geoms[0].x),
                                 y=float(f.geoms[0].y), text="加密缓存上的记录",
                                 photos=[photo])
        pushed = push(cache, ogc_platform.url)
        assert pushed.pushed == 1 and pushed.complete, pushed.to_dict()
        assert get(cache, oid).status == "sent"
    assert ogc_platform.feature("observations", oid)["properties"]["text"] == "加密缓存上的记录"
    assert "加密缓存上的记录".encode() not in area.read_bytes()


def test_cli_sync_encrypt_without_a_terminal_names_the_variable(
        ogc_platform: LocalPlatform, tmp_path: Path) -> None:  # noqa: F811
    out = _cli("sync", ogc_platform.url, "--into", str(tmp_path / "a.gpkg"), "--encrypt",
               "--no-files")
    assert out.returncode == 1 and "CIMVIEW_PASSPHRASE" in out.stderr, out.stderr
    assert not (tmp_path / "a.gpkg").exists()


@pytest.fixture()
def photo_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0" + os.urandom(5_000) + b"\xff\xd9"


def test_a_new_work_area_asks_to_encrypt_it(tmp_path: Path, qtbot) -> None:
    from app.passphrase_dialog import NewPassphraseDialog

    dialog = NewPassphraseDialog(tmp_path / "area.gpkg")
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("short")
    dialog.try_accept()
    assert "at least 8 characters" in dialog.problem.text() and dialog.result() == 0
    dialog.passphrase.setText("long enough one")
    dialog.again.setText("long enough two")
    dialog.try_accept()
    assert "differ" in dialog.problem.text() and dialog.result() == 0
    dialog.again.setText("long enough one")
    dialog.try_accept()
    assert dialog.result() == 1 and dialog.chosen() == "long enough one"
    plain = NewPassphraseDialog(tmp_path / "area.gpkg")
    qtbot.addWidget(plain)
    plain.plain_button.click()
    assert plain.result() == 1 and plain.chosen() is None


def test_new_caches_are_their_owners_only(tmp_path: Path) -> None:
    with Cache.create(tmp_path / "plain.gpkg", "EPSG:4547"):
        pass
    assert stat.S_IMODE((tmp_path / "plain.gpkg").stat().st_mode) == 0o600


def test_an_interrupted_encrypted_download_resumes_only_with_its_key(
        ogc_platform: LocalPlatform, tmp_path: Path) -> None:  # noqa: F811
    import threading

    ogc_platform.reset()
    area = tmp_path / "area.gpkg"
    partial = Path(f"{area}.partial")
    stop = threading.Event()
    first = sync(ogc_platform.url, area, collections=["pole_devices"], limit=500, files=False,
                 progress=lambda e: stop.set(), cancel=stop, passphrase=PASS)
    assert first.cancelled and partial.exists() and cipher.encrypted(partial)
    cipher._keys.clear()
    with pytest.raises(cipher.CacheLocked):  # never thrown away for want of its key
        sync(ogc_platform.url, area, collections=["pole_devices"], limit=500, files=False)
    assert partial.exists()
    with pytest.raises(cipher.WrongKey):
        sync(ogc_platform.url, area, collections=["pole_devices"], limit=500, files=False,
             passphrase="not the passphrase")
    assert partial.exists()
    done = sync(ogc_platform.url, area, collections=["pole_devices"], limit=500, files=False,
                passphrase=PASS)
    assert done.complete and done.layers["pole_devices"].resumed
    assert cipher.encrypted(area) and not partial.exists()
    with Cache.open(area) as cache:
        assert cache.count("pole_devices") == ogc_platform.count("pole_devices", "active")
