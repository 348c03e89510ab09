"""What store/ and layers/ say reaches the user in their language: templates, never f-strings,
all listed for lupdate, and worded in zh_CN by app/messages."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from store.errors import InputError
from store.messages import msg

ROOT = Path(__file__).resolve().parents[1]


def _collector():
    spec = importlib.util.spec_from_file_location("store_messages_tool",
                                                  ROOT / "tools" / "store_messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_store_speaks_in_templates_listed_for_translation() -> None:
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "store_messages.py"), "--check"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout


def test_the_sentences_of_layers_are_listed_too() -> None:
    listed = (ROOT / "app" / "store_messages.py").read_text(encoding="utf-8")
    assert "'there is no field {name}; the fields are: {fields}'" in listed  # layers/expression
    assert "'{n} invalid geometries were repaired'" in listed  # layers/vectors (msg)
    assert "'the file does not exist'" in listed  # layers/vectors (InputError from store/)


def test_an_f_string_sentence_in_layers_is_refused(tmp_path: Path) -> None:
    layers = tmp_path / "layers"
    layers.mkdir()
    (layers / "reader.py").write_text(
        "from store.errors import InputError\n"
        "from store.messages import msg\n\n"
        "class TooBig(InputError):\n    pass\n\n"
        "def read(path, n):\n"
        "    notes = [msg('{n} rows', n=n)]\n"
        "    if n > 9:\n"
        "        raise TooBig(path, f'{n} rows: too many')\n"
        "    return notes\n", encoding="utf-8")
    templates, fstrings = _collector().scan(ROOT / "store", layers)
    assert "{n} rows" in templates
    assert fstrings == [f"{layers / 'reader.py'}:10"]


@pytest.fixture
def chinese():
    from app.messages import use_language

    use_language("zh_CN")
    yield
    use_language("en")


def test_an_error_is_worded_in_chinese_with_its_values(chinese) -> None:
    from app.messages import word

    error = InputError("楼.geojson", "could not be processed ({kind}: {error}); the details are "
                                    "in {log}", feature="7", kind="KeyError", error="'x'",
                       log="/tmp/errors.log")
    text = word(error)
    assert text.startswith("楼.geojson") and "7" in text and "/tmp/errors.log" in text
    assert "could not be processed" not in text and "feature" not in text


def test_a_filter_expression_error_is_worded_in_chinese(chinese) -> None:
    from app.messages import word
    from layers.expression import ExpressionError, parse

    with pytest.raises(ExpressionError) as ends:
        parse("楼层 >")
    with pytest.raises(ExpressionError) as open_text:
        parse("name = '路")
    assert word(ends.value) == "表达式不完整，此处应为：字段、数字或 '文本'"
    assert word(open_text.value) == "第 8 个字符处开始的文本没有闭合"


def test_a_message_without_translation_stays_english(chinese) -> None:
    from app.messages import word

    assert word(msg("no such template {n} here", n=2)) == "no such template 2 here"


def test_the_command_line_answers_in_the_users_language(tmp_path: Path) -> None:
    missing = tmp_path / "缺失.gpkg"
    for lang, words in (("zh_CN.UTF-8", "没有"), ("C.UTF-8", "no such cache file")):
        run = subprocess.run([sys.executable, "-m", "app.cli", "info", str(missing)],
                             capture_output=True, text=True, cwd=ROOT,
                             env={"PATH": "/usr/bin:/bin", "LANG": lang, "LC_ALL": lang})
        assert run.returncode == 1
        assert str(missing) in run.stderr and words in run.stderr, run.stderr
        assert "Traceback" not in run.stderr
