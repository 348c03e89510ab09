"""The trail's verification, a pure function: edited, deleted, reordered, truncated entries."""

from __future__ import annotations

import hashlib
import json

from store.audit import GENESIS, Head, canonical, entry_hash, head, plain, verify


def chain(n: int) -> list[dict]:
    rows, prev = [], GENESIS
    for seq in range(1, n + 1):
        e = {"seq": seq, "at": f"2026-12-05T00:00:0{seq % 10}.000Z", "user": "李工",
             "device": "laptop:0123456789ab", "kind": "edit",
             "details": {"layer": "buildings", "gid": f"g{seq}", "fields": ["name"]},
             "prev": prev}
        prev = entry_hash(e)
        rows.append(e | {"hash": prev})
    return rows


def codes(problems) -> list[tuple[int, str]]:
    return [(p.position, p.code) for p in problems]


def test_the_canonical_form_is_sorted_compact_utf8_json() -> None:
    e = chain(1)[0]
    text = canonical(e).decode("utf-8")
    assert text.startswith('{"at":"2026-12-05T00:00:01.000Z","details":{"fields":["name"],')
    assert '"user":"李工"' in text and " " not in text and "hash" not in text
    assert e["hash"] == hashlib.sha256(json.dumps(
        {k: e[k] for k in ("at", "details", "device", "kind", "prev", "seq", "user")},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()
    assert plain({"x": 1.5, "n": 2.0, "t": (1, 2)}) == {"x": "1.5", "n": 2, "t": [1, 2]}


def test_an_intact_trail_verifies_and_its_head_is_its_last_entry() -> None:
    rows = chain(5)
    assert verify(rows) == []
    assert verify(rows, known=head(rows)) == []
    assert verify(rows, known=Head(3, rows[2]["hash"])) == []  # an older head: still held
    assert verify([]) == []


def test_an_edited_entry_is_named() -> None:
    rows = chain(5)
    rows[2]["details"] = rows[2]["details"] | {"gid": "other"}
    problems = verify(rows)
    assert codes(problems) == [(3, "edited")]
    assert str(problems[0].message).startswith("entry 3: edited")


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link() -> None:
    rows = chain(5)
    rows[2]["user"] = "someone"
    rows[2]["hash"] = entry_hash(rows[2])
    assert codes(verify(rows)) == [(4, "bad_link")]


def test_deleted_entries_are_named_by_their_positions() -> None:
    rows = chain(6)
    assert codes(verify(rows[:2] + rows[3:])) == [(3, "missing")]
    problems = verify(rows[:1] + rows[4:])
    assert codes(problems) == [(2, "missing")]
    assert str(problems[0].message) == "entries 2 to 4 are missing (deleted)"
    assert codes(verify(rows[1:])) == [(1, "missing")]


def test_reordered_entries_say_where_they_came_from() -> None:
    rows = chain(5)
    a, b = dict(rows[1]), dict(rows[3])  # entries 2 and 4 swap places (their seq swapped)
    a["seq"], b["seq"] = 4, 2
    problems = verify([rows[0], b, rows[2], a, rows[4]])
    assert codes(problems) == [(2, "reordered"), (4, "reordered")]
    assert str(problems[0].message) == "entry 2: moved here from position 4"


def test_truncation_at_the_end_is_caught_only_against_a_known_head() -> None:
    rows = chain(5)
    known = head(rows)
    assert verify(rows[:3]) == []  # consistent in itself
    problems = verify(rows[:3], known=known)
    assert codes(problems) == [(4, "truncated")]
    assert "ends at entry 3, but 5 entries were reported" in str(problems[0].message)


def test_a_rewritten_trail_is_caught_against_a_known_head() -> None:
    rows = chain(4)
    known = head(rows)
    forged, prev = [], GENESIS
    for r in rows:
        e = {k: r[k] for k in ("seq", "at", "user", "device", "kind", "details")}
        e["details"] = {"layer": "roads"}
        e["prev"] = prev
        prev = entry_hash(e)
        forged.append(e | {"hash": prev})
    assert verify(forged) == []
    assert codes(verify(forged, known=known)) == [(4, "head_differs")]


def test_an_entry_appended_with_a_bad_link_is_named() -> None:
    rows = chain(3)
    extra = {"seq": 4, "at": "2026-12-05T01:00:00.000Z", "user": "x", "device": "d",
             "kind": "edit", "details": {}, "prev": "f" * 64}
    rows.append(extra | {"hash": entry_hash(extra)})
    assert codes(verify(rows)) == [(4, "bad_link")]


def test_unparseable_details_count_as_an_edit() -> None:
    rows = chain(3)
    rows[1]["details"] = "{not json"
    assert codes(verify(rows)) == [(2, "edited")]
