"""Every interface string is translated to Chinese, and the compiled .qm matches the .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "cimview_zh_CN.ts"
BIN = Path(sys.executable).parent


def _sources(ts: Path) -> dict[str, str | None]:
    out = {}
    for msg in ET.parse(ts).getroot().iter("message"):
        tr = msg.find("translation")
        if tr is not None and tr.get("type") in ("obsolete", "vanished"):
            continue
        out[msg.findtext("source")] = None if tr is None or tr.get("type") else tr.text
    return out


def test_every_ui_string_has_a_chinese_translation(tmp_path: Path) -> None:
    lupdate = BIN / "pyside6-lupdate"
    if not lupdate.exists():
        lupdate = Path(shutil.which("pyside6-lupdate") or "")
    if not lupdate.is_file():
        pytest.skip("pyside6-lupdate not installed")
    fresh = tmp_path / "fresh.ts"
    code = sorted((ROOT / "app").glob("*.py")) + sorted((ROOT / "app" / "controllers").glob("*.py"))
    subprocess.run([str(lupdate), *map(str, code), "-ts", str(fresh)], check=True,
                   capture_output=True)
    in_code = set(_sources(fresh))
    shipped = _sources(TS)
    missing = sorted(in_code - set(shipped))
    untranslated = sorted(s for s in in_code if shipped.get(s) in (None, ""))
    assert not missing, f"run `make i18n` and translate: {missing}"
    assert not untranslated, f"untranslated in {TS.name}: {untranslated}"
    compiled = tmp_path / "fresh.qm"
    subprocess.run([str(lupdate.with_name("pyside6-lrelease")), str(TS), "-qm", str(compiled)],
                   check=True, capture_output=True)
    assert compiled.read_bytes() == TS.with_suffix(".qm").read_bytes(), "run `make i18n`"
