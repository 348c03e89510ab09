"""A small, safe filter language over a layer's fields, evaluated on whole columns at once.

The attribute table's filter and a layer's ``filter`` are written in it. Nothing is ever passed
to ``eval``: :func:`parse` reads the text into a tree of a few node types, :func:`evaluate`
computes a boolean mask for all features with numpy.

Grammar (keywords in any case)::

    expr      := or
    or        := and ("or" and)*
    and       := not ("and" not)*
    not       := "not" not | "(" expr ")" | predicate
    predicate := operand [ op operand
                         | ["not"] "in" "(" literal ("," literal)* ")"
                         | ["not"] ("like" | "ilike") 'pattern'
                         | "is" ["not"] "null" ]
    op        := "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">="
    operand   := field | "field name" | number | -number | 'text' | true | false | null

Fields are bare names (``height``, ``道路名称``, ``building:levels``) or double-quoted
(``"road name"``, ``"层 数"``); text is single-quoted (``'环城路'``, ``'it''s'``). ``like`` takes
SQL patterns (``%`` any run, ``_`` one character) and is case-sensitive, ``ilike`` is not. As in
SQL, a comparison with an empty (null) value is false. Text that reads as a number compares as
a number with a number (OSM's ``building:levels = '5'`` matches ``building:levels > 3``).

Example
-------
>>> import numpy as np
>>> cols = {"name": ["环城路", "江边路", None], "width": [30.0, 12.0, None]}
>>> evaluate(parse("width >= 12 and name like '%路'"), cols, 3).tolist()
[True, True, False]
>>> evaluate("name is null or \\"width\\" < 20", cols).tolist()
[False, True, True]
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from store.errors import CimviewError
from store.messages import msg

#: Longest expression text accepted, and deepest nesting of parentheses and ``not``.
MAX_LENGTH = 10_000
MAX_DEPTH = 64


class ExpressionError(CimviewError, ValueError):
    """An expression that cannot be read or evaluated; ``position`` is the 0-based character
    where the problem is (None when it is not at one place, e.g. an unknown field)."""

    def __init__(self, problem: str, *, position: int | None = None, **values: Any) -> None:
        super().__init__(problem, **values)
        self.position = position


# -- the tree ---------------------------------------------------------------------------------
class Expr:
    """A node of a parsed expression."""

    def fields(self) -> set[str]:
        """Names of the fields the expression reads."""
        out: set[str] = set()
        _collect(self, out)
        return out


@dataclass(frozen=True)
class Field(Expr):
    name: str
    pos: int = 0


@dataclass(frozen=True)
class Literal(Expr):
    value: Any  # float, str, bool or None


@dataclass(frozen=True)
class Compare(Expr):
    op: str  # = != < <= > >=
    left: Expr
    right: Expr


@dataclass(frozen=True)
class In(Expr):
    operand: Expr
    values: tuple[Any, ...]
    negate: bool = False


@dataclass(frozen=True)
class Like(Expr):
    operand: Expr
    pattern: str
    negate: bool = False
    ignore_case: bool = False


@dataclass(frozen=True)
class IsNull(Expr):
    operand: Expr
    negate: bool = False


@dataclass(frozen=True)
class And(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Or(Expr):
    items: tuple[Expr, ...]


@dataclass(frozen=True)
class Not(Expr):
    item: Expr


@dataclass(frozen=True)
class Truth(Expr):
    """A bare operand used as a condition: true where it is set, non-zero and non-empty."""

    operand: Expr


def _collect(node: Expr, out: set[str]) -> None:
    if isinstance(node, Field):
        out.add(node.name)
    for child in _children(node):
        _collect(child, out)


def _children(node: Expr) -> tuple[Expr, ...]:
    if isinstance(node, Compare):
        return node.left, node.right
    if isinstance(node, In | Like | IsNull | Truth):
        return (node.operand,)
    if isinstance(node, And | Or):
        return node.items
    if isinstance(node, Not):
        return (node.item,)
    return ()


# -- reading ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Token:
    kind: str  # num str field name op ( ) , end
    value: Any
    pos: int


_KEYWORDS = {"and", "or", "not", "in", "like", "ilike", "is", "null", "true", "false"}
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_NAME = re.compile(r"[^\W\d][\w:.]*")
_OPS = ("<=", ">=", "!=", "<>", "==", "=", "<", ">", "-")


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in "(),":
            out.append(_Token(ch, ch, i))
            i += 1
            continue
        if ch in "'\"":
            j, parts = i + 1, []
            while True:
                k = text.find(ch, j)
                if k < 0:
                    what = msg("text") if ch == "'" else msg("field name")
                    raise ExpressionError(
                        "the {what} opened at character {at} is not closed",
                        position=i, what=what, at=i + 1)
                parts.append(text[j:k])
                if k + 1 < n and text[k + 1] == ch:  # '' or "" inside: the quote itself
                    parts.append(ch)
                    j = k + 2
                    continue
                break
            value = "".join(parts)
            if ch == '"' and not value:
                raise ExpressionError("empty field name at character {at}", position=i, at=i + 1)
            out.append(_Token("str" if ch == "'" else "field", value, i))
            i = k + 1
            continue
        m = _NUMBER.match(text, i)
        if m:
            out.append(_Token("num", float(m.group()), i))
            i = m.end()
            continue
        m = _NAME.match(text, i)
        if m:
            word = m.group()
            kind = "name" if word.lower() in _KEYWORDS else "field"
            out.append(_Token(kind, word.lower() if kind == "name" else word, i))
            i = m.end()
            continue
        for op in _OPS:
            if text.startswith(op, i):
                out.append(_Token("op", {"==": "=", "<>": "!="}.get(op, op), i))
                i += len(op)
                break
        else:
            raise ExpressionError("unexpected character {char} at character {at}",
                                  position=i, char=repr(ch), at=i + 1)
    out.append(_Token("end", None, n))
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> _Token:
        return self.toks[self.i]

    def take(self) -> _Token:
        t = self.toks[self.i]
        self.i += 1
        return t

    def is_word(self, *words: str) -> bool:
        return self.tok.kind == "name" and self.tok.value in words

    def fail(self, expected: str) -> ExpressionError:
        t = self.tok
        if t.kind == "end":
            return ExpressionError("the expression ends where {expected} was expected",
                                   position=t.pos, expected=expected)
        shown = self.text[t.pos:t.pos + 20].split()[0] if self.text[t.pos:].strip() else t.value
        return ExpressionError("{expected} expected at character {at}, not {token}",
                               position=t.pos, expected=expected, at=t.pos + 1,
                               token=repr(shown))

    def expect(self, kind: str, expected: str) -> _Token:
        if self.tok.kind != kind:
            raise self.fail(expected)
        return self.take()

    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise ExpressionError("the expression is empty", position=0)
        node = self.or_()
        if self.tok.kind != "end":
            raise self.fail(msg("and, or or the end"))
        return node

    def or_(self) -> Expr:
        items = [self.and_()]
        while self.is_word("or"):
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self) -> Expr:
        items = [self.not_()]
        while self.is_word("and"):
            self.take()
            items.append(self.not_())
        return items[0] if len(items) == 1 else And(tuple(items))

    def not_(self) -> Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError("the expression nests deeper than {limit} levels",
                                  position=self.tok.pos, limit=MAX_DEPTH)
        try:
            if self.is_word("not"):
                self.take()
                return Not(self.not_())
            if self.tok.kind == "(":
                self.take()
                node = self.or_()
                self.expect(")", msg("a closing parenthesis"))
                return node
            return self.predicate()
        finally:
            self.depth -= 1

    def predicate(self) -> Expr:
        left = self.operand()
        t = self.tok
        if t.kind == "op" and t.value != "-":
            self.take()
            return Compare(t.value, left, self.operand())
        negate = False
        if self.is_word("not") and self.toks[self.i + 1].kind == "name" \
                and self.toks[self.i + 1].value in ("in", "like", "ilike"):
            self.take()
            negate = True
        if self.is_word("in"):
            self.take()
            self.expect("(", msg("an opening parenthesis after in"))
            values = [self.literal()]
            while self.tok.kind == ",":
                self.take()
                values.append(self.literal())
            self.expect(")", msg("a comma or a closing parenthesis"))
            return In(left, tuple(values), negate)
        if self.is_word("like", "ilike"):
            ignore = self.take().value == "ilike"
            if self.tok.kind != "str":
                raise self.fail(msg("a 'quoted' pattern"))
            return Like(left, self.take().value, negate, ignore)
        if self.is_word("is"):
            self.take()
            neg = False
            if self.is_word("not"):
                self.take()
                neg = True
            if not self.is_word("null"):
                raise self.fail("null")
            self.take()
            return IsNull(left, neg)
        return Truth(left)

    def literal(self) -> Any:
        node = self.operand()
        if not isinstance(node, Literal):
            raise ExpressionError("a list after in holds values, not the field {name}",
                                  position=node.pos if isinstance(node, Field) else None,
                                  name=getattr(node, "name", ""))
        return node.value

    def operand(self) -> Expr:
        t = self.tok
        if t.kind == "op" and t.value == "-" and self.toks[self.i + 1].kind == "num":
            self.take()
            return Literal(-self.take().value)
        if t.kind == "num" or t.kind == "str":
            self.take()
            return Literal(t.value)
        if t.kind == "field":
            self.take()
            return Field(t.value, t.pos)
        if t.kind == "name" and t.value in ("true", "false", "null"):
            self.take()
            return Literal({"true": True, "false": False, "null": None}[t.value])
        raise self.fail(msg("a field, a number or a 'text'"))


def parse(text: str) -> Expr:
    """The expression ``text`` as a tree; :class:`ExpressionError` says what is wrong and where.

    >>> parse("楼层 > 5").fields()
    {'楼层'}
    """
    if not isinstance(text, str):
        raise ExpressionError("an expression is text, not {kind}", kind=type(text).__name__)
    if len(text) > MAX_LENGTH:
        raise ExpressionError("the expression is {n} characters long, at most {limit} are read",
                              n=len(text), limit=MAX_LENGTH)
    return _Parser(text).parse()


# -- evaluating -------------------------------------------------------------------------------
class _Column:
    """A field's values as arrays: ``obj`` (the values), ``null``, and on demand ``num``
    (float, NaN where not a number) and ``text`` (str)."""

    def __init__(self, values: Any, n: int) -> None:
        arr = values if isinstance(values, np.ndarray) else None
        if arr is None:
            arr = np.empty(len(values), dtype=object)
            arr[:] = list(values)
        if len(arr) != n:
            raise ExpressionError("a field has {got} values for {n} features", got=len(arr), n=n)
        self.obj = arr
        self._num: np.ndarray | None = None
        self._text: np.ndarray | None = None
        if arr.dtype.kind in "biuf":
            self._num = arr.astype(np.float64)
            self.null = np.isnan(self._num) if arr.dtype.kind == "f" else np.zeros(n, bool)
            self.numeric = True
        else:
            self.null = np.fromiter((_is_null(v) for v in arr), bool, count=n)
            kinds = {type(v) for v in arr[~self.null]}
            self.numeric = bool(kinds) and all(
                issubclass(k, int | float | np.number | bool | np.bool_) for k in kinds)

    @property
    def num(self) -> np.ndarray:
        if self._num is None:
            self._num = np.fromiter((_as_float(v) for v in self.obj), np.float64,
                                    count=len(self.obj))
        return self._num

    @property
    def text(self) -> np.ndarray:
        if self._text is None:
            self._text = np.array(["" if v is None else _as_text(v) for v in self.obj],
                                  dtype=str) if len(self.obj) else np.array([], dtype=str)
        return self._text


def _is_null(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _as_float(v: Any) -> float:
    if v is None or isinstance(v, bytes):
        return math.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _as_text(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # 12.0 reads as '12', as the user typed it
    if isinstance(v, bool | np.bool_):
        return "true" if v else "false"
    return str(v)


class _Value:
    """One side of a comparison: a column, or a constant broadcast to all features."""

    def __init__(self, column: _Column | None = None, const: Any = None) -> None:
        self.column = column
        self.const = const

    @property
    def is_const(self) -> bool:
        return self.column is None

    def null(self, n: int) -> np.ndarray:
        if self.column is not None:
            return self.column.null
        return np.full(n, _is_null(self.const))

    def numeric(self) -> bool:
        if self.column is not None:
            return self.column.numeric
        return isinstance(self.const, int | float) and not _is_null(self.const)

    def num(self) -> np.ndarray | float:
        if self.column is not None:
            return self.column.num
        return _as_float(self.const)

    def text(self) -> np.ndarray | str:
        if self.column is not None:
            return self.column.text
        return "" if self.const is None else _as_text(self.const)

    def could_be_number(self) -> bool:
        return self.column is not None or not math.isnan(_as_float(self.const))


_NUM_OPS = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
            ">": operator.gt, ">=": operator.ge}


class _Evaluator:
    def __init__(self, columns: Mapping[str, Any], n: int) -> None:
        self.columns = columns
        self.n = n
        self.cache: dict[str, _Column] = {}
        self.lower = {}
        for name in columns:
            self.lower.setdefault(str(name).lower(), []).append(name)

    def column(self, f: Field) -> _Column:
        if f.name in self.cache:
            return self.cache[f.name]
        name = f.name
        if name not in self.columns:
            same = self.lower.get(name.lower(), [])
            if len(same) != 1:
                known = ", ".join(sorted(map(str, self.columns))[:30])
                raise ExpressionError("there is no field {name}; the fields are: {fields}",
                                      position=f.pos, name=name, fields=known)
            name = same[0]
        col = self.cache[f.name] = _Column(self.columns[name], self.n)
        return col

    def value(self, node: Expr) -> _Value:
        if isinstance(node, Field):
            return _Value(column=self.column(node))
        if isinstance(node, Literal):
            return _Value(const=node.value)
        return _Value(const=None)

    def mask(self, node: Expr) -> np.ndarray:
        n = self.n
        if isinstance(node, And):
            out = self.mask(node.items[0])
            for item in node.items[1:]:
                out = out & self.mask(item)
            return out
        if isinstance(node, Or):
            out = self.mask(node.items[0])
            for item in node.items[1:]:
                out = out | self.mask(item)
            return out
        if isinstance(node, Not):
            return ~self.mask(node.item)
        if isinstance(node, IsNull):
            null = self.value(node.operand).null(n)
            return ~null if node.negate else null.copy()
        if isinstance(node, Compare):
            return self.compare(node.op, self.value(node.left), self.value(node.right))
        if isinstance(node, In):
            v = self.value(node.operand)
            out = np.zeros(n, bool)
            for item in node.values:
                out |= self.compare("=", v, _Value(const=item))
            return ~out & ~v.null(n) if node.negate else out
        if isinstance(node, Like):
            return self.like(node)
        if isinstance(node, Truth):
            v = self.value(node.operand)
            if v.numeric():
                num = np.broadcast_to(v.num(), (n,))
                return ~v.null(n) & (np.nan_to_num(num, nan=0.0) != 0)
            text = np.broadcast_to(np.asarray(v.text()), (n,))
            return ~v.null(n) & (text != "") & (text != "false")
        raise ExpressionError("cannot evaluate {node}", node=type(node).__name__)

    def compare(self, op: str, a: _Value, b: _Value) -> np.ndarray:
        n = self.n
        valid = ~(a.null(n) | b.null(n))
        if a.is_const and b.is_const:
            x, y = a.const, b.const
            if valid[0] if n else True:
                try:
                    r = bool(_NUM_OPS[op](_as_float(x), _as_float(y))) if (
                        a.could_be_number() and b.could_be_number()) else \
                        bool(_NUM_OPS[op](np.str_(_as_text(x)), np.str_(_as_text(y))))
                except TypeError:
                    r = False
                return np.full(n, r)
            return np.zeros(n, bool)
        # Numbers compare as numbers when both sides are (or read as) numbers.
        if (a.numeric() or b.numeric()) and a.could_be_number() and b.could_be_number():
            x, y = a.num(), b.num()
            with np.errstate(invalid="ignore"):
                res = _NUM_OPS[op](x, y)
            res = np.broadcast_to(res, (n,))
            ok = ~np.isnan(np.broadcast_to(x, (n,))) & ~np.isnan(np.broadcast_to(y, (n,)))
            if op == "!=" and not (a.numeric() and b.numeric()):
                # text that is not a number differs from any number
                ok = np.ones(n, bool)
                res = res | ~(~np.isnan(np.broadcast_to(x, (n,)))
                              & ~np.isnan(np.broadcast_to(y, (n,))))
            return res & ok & valid
        x, y = a.text(), b.text()
        res = _NUM_OPS[op](x, y)
        return np.broadcast_to(res, (n,)) & valid

    def like(self, node: Like) -> np.ndarray:
        v = self.value(node.operand)
        n = self.n
        pattern = node.pattern
        text = np.broadcast_to(np.asarray(v.text()), (n,))
        null = v.null(n)
        core = pattern.strip("%")
        plain = "%" not in core and "_" not in core and "\\" not in core
        if plain and not node.ignore_case:  # the common cases, in C
            starts, ends = pattern.startswith("%"), pattern.endswith("%")
            if starts and ends:
                res = np.char.find(text, core) >= 0
            elif ends:
                res = np.char.startswith(text, core)
            elif starts:
                res = np.char.endswith(text, core)
            else:
                res = text == core
        else:
            rx = re.compile(_like_regex(pattern), re.S | (re.I if node.ignore_case else 0))
            res = np.fromiter((rx.fullmatch(t) is not None for t in text), bool, count=n)
        res = np.asarray(res, bool) & ~null
        return ~res & ~null if node.negate else res


def _like_regex(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return "".join(out)


def evaluate(expr: Expr | str, columns: Mapping[str, Sequence[Any] | np.ndarray],
             n: int | None = None) -> np.ndarray:
    """Where ``expr`` holds, as a boolean array of ``n`` features.

    ``columns`` maps field names to one value per feature (lists or arrays; None or NaN is
    null). ``expr`` may be text (parsed first). An unknown field raises
    :class:`ExpressionError` listing the fields there are (matched case-insensitively when
    that is unambiguous)."""
    if isinstance(expr, str):
        expr = parse(expr)
    if n is None:
        lengths = {len(v) for v in columns.values()}
        if len(lengths) > 1:
            raise ExpressionError("the fields have different lengths: {lengths}",
                                  lengths=sorted(lengths))
        n = lengths.pop() if lengths else 0
    return np.ascontiguousarray(_Evaluator(columns, int(n)).mask(expr), dtype=bool)


def check(expr: Expr | str, fields: Sequence[str]) -> Expr:
    """``expr`` parsed and its fields checked against ``fields`` (for a dialog, before any
    data is read); raises :class:`ExpressionError`."""
    if isinstance(expr, str):
        expr = parse(expr)
    evaluate(expr, {f: [] for f in fields}, 0)
    return expr


__all__ = ["And", "Compare", "Expr", "ExpressionError", "Field", "In", "IsNull", "Like",
           "Literal", "Not", "Or", "Truth", "check", "evaluate", "parse"]
