"""The window shows the grade of what is open: a banner, and a mark on each graded layer."""

from __future__ import annotations

from pathlib import Path

from app import i18n
from app.main_window import MainWindow
from store.cache import Cache
from store.encrypt_cache import encrypt_cache


def _open(qtbot, path: Path, lang: str = "en") -> MainWindow:
    window = MainWindow(path, lang=lang)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.cache is not None, timeout=30_000)
    return window


def _row(window: MainWindow, key: str):
    return window.layer_panel._items[key]


def test_the_sample_city_is_marked_important_and_secret(qtbot, tmp_path: Path,
                                                        sample_city_copy) -> None:
    window = _open(qtbot, sample_city_copy(tmp_path))
    banner = window.grade_banner
    assert banner.isVisible()
    text = banner.label.text()
    assert text.startswith("Important data · secret") and "NOT encrypted" in text
    pipes = next(k for k in window.layer_panel._items if k.startswith("pipelines"))
    assert "〔important · secret〕" in _row(window, pipes).text(1)
    assert "Sensitive fields" in _row(window, pipes).toolTip(1)
    buildings = next(k for k in window.layer_panel._items if k == "buildings")
    assert "〔" not in _row(window, buildings).text(1)


def test_general_data_shows_no_banner_and_an_encrypted_cache_says_so(
        qtbot, qapp, tmp_path: Path, sample_city_copy, monkeypatch) -> None:
    path = sample_city_copy(tmp_path)
    with Cache.open(path) as cache, cache.transaction() as tx:  # only general layers left
        for layer in ("pipelines", "pipe_points"):
            tx.conn.exec_driver_sql(f'DELETE FROM "{layer}"')
    window = _open(qtbot, path)
    assert not window.grade_banner.isVisible()
    window.close()
    other = tmp_path / "other"
    other.mkdir()
    secret = sample_city_copy(other)
    monkeypatch.setenv("CIMVIEW_PASSPHRASE", "banner test passphrase")
    encrypt_cache(secret, "banner test passphrase")
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    try:
        zh = _open(qtbot, secret, lang="zh_CN")
        assert zh.grade_banner.label.text().startswith("重要数据 · 涉密")
        assert "缓存已加密" in zh.grade_banner.label.text()
    finally:
        i18n.install(qapp, "en")
