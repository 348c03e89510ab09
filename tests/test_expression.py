"""The filter language of layers and the attribute table: what it accepts, what it refuses."""

from __future__ import annotations

import numpy as np
import pytest

from layers.expression import ExpressionError, evaluate, parse
from store.errors import CimviewError

COLUMNS = {
    "name": ["环城路", "江边路", None, "it's", "Main St"],
    "width": [30.0, 12.0, float("nan"), 5.0, 8.0],
    "层数": ["5", "x", None, "12", "3"],          # OSM-like text that holds numbers
    "road class": ["主干路", "次干路", "支路", None, "主干路"],
    "lit": np.array([True, False, True, False, True]),
    "code": np.array([1, 2, 3, 4, 5], dtype=np.int64),
}


def rows(text: str) -> list[int]:
    return np.flatnonzero(evaluate(parse(text), COLUMNS, 5)).tolist()


@pytest.mark.parametrize(("text", "expected"), [
    ("width >= 12", [0, 1]),
    ("width < 10", [3, 4]),
    ("width = 12", [1]),
    ("width == 12", [1]),
    ("width != 12", [0, 3, 4]),            # null is neither equal nor unequal
    ("width <> 12", [0, 3, 4]),
    ("code <= 2 or code > 4", [0, 1, 4]),
    ("name = '环城路'", [0]),
    ("name = 'it''s'", [3]),
    ("\"road class\" = '主干路'", [0, 4]),
    ("\"road class\" in ('主干路', '支路')", [0, 2, 4]),
    ("\"road class\" not in ('主干路')", [1, 2]),
    ("code in (1, 3, 99)", [0, 2]),
    ("name like '%路'", [0, 1]),
    ("name like '环%'", [0]),
    ("name like '_边路'", [1]),
    ("name like 'main%'", []),
    ("name ilike 'main%'", [4]),
    ("name not like '%路'", [3, 4]),
    ("name is null", [2]),
    ("name IS NOT NULL AND NOT (width < 10)", [0, 1]),
    ("层数 > 4", [0, 3]),                     # text read as a number against a number
    ("层数 = '12'", [3]),
    ("层数 != 5", [1, 3, 4]),
    ("lit", [0, 2, 4]),
    ("lit = true", [0, 2, 4]),
    ("not lit", [1, 3]),
    ("width = -5 or width > 29.5", [0]),
    ("(code = 1 or code = 2) and width > 20", [0]),
    ("code = 1 or code = 2 and width > 20", [0]),   # and binds tighter than or
    ("1 = 1", [0, 1, 2, 3, 4]),
    ("WIDTH > 20", [0]),                      # a field's case is forgiven when unambiguous
])
def test_expressions_select_the_rows_a_user_expects(text: str, expected: list[int]) -> None:
    assert rows(text) == expected


def test_text_expression_and_length_from_columns() -> None:
    mask = evaluate("width > 10", COLUMNS)
    assert mask.dtype == bool and mask.tolist() == [True, True, False, False, False]
    assert parse("\"道路 名称\" = '环城路' and 层数 > 1").fields() == {"道路 名称", "层数"}


@pytest.mark.parametrize(("text", "position", "words"), [
    ("width >", 7, "ends"),
    ("(width > 1", 10, "closing parenthesis"),
    ("name = 'abc", 7, "not closed"),
    ("\"road class = 1", 0, "not closed"),
    ("width $ 3", 6, "'$'"),
    ("", 0, "empty"),
    ("width > 1 width", 10, "expected at character 11"),
    ("name like 3", 10, "pattern"),
    ("width is 3", 9, "null"),
    ("code in (name)", 9, "values"),
    ("__import__('os')", 10, "expected"),
    ("(" * 100 + "code = 1" + ")" * 100, 64, "nests"),
])
def test_bad_expressions_say_what_and_where(text: str, position: int, words: str) -> None:
    with pytest.raises(ExpressionError) as info:
        evaluate(parse(text), COLUMNS, 5)
    assert words in str(info.value)
    assert info.value.position == position
    assert isinstance(info.value, CimviewError) and isinstance(info.value, ValueError)


def test_an_unknown_field_lists_the_fields_there_are() -> None:
    with pytest.raises(ExpressionError, match="no field 高度.*name, road class, width"):
        evaluate("高度 > 3", COLUMNS)


def test_no_code_is_ever_run() -> None:
    for text in ("__import__('os').system('true')", "name.__class__", "exec('1')",
                 "lambda: 1", "[x for x in name]"):
        with pytest.raises(ExpressionError):
            evaluate(text, COLUMNS)


def test_the_error_template_carries_its_values() -> None:
    with pytest.raises(ExpressionError) as info:
        parse("width > 'abc")
    assert info.value.problem.template == "the {what} opened at character {at} is not closed"
    assert info.value.problem.values["at"] == 9


def test_a_hundred_thousand_rows_at_once() -> None:
    n = 100_000
    rng = np.random.default_rng(1)
    cols = {"h": rng.uniform(0, 100, n), "use": rng.choice(["住宅", "商业", "工业"], n).tolist()}
    mask = evaluate("h > 50 and use in ('住宅', '商业') and use like '%宅'", cols, n)
    expected = (cols["h"] > 50) & (np.array(cols["use"]) == "住宅")
    assert np.array_equal(mask, expected)
