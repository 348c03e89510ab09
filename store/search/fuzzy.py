"""Approximate matching: where a name occurs in a query with at most a few edits."""

from __future__ import annotations


def best_substring(pattern: str, text: str) -> tuple[int, int]:
    """(edits, end) of the best match of pattern anywhere in text, by edit distance
    (substitution, insertion, deletion); ``end`` is the index after the match's last
    character. Myers' bit-vector algorithm: one pass over text, patterns of any length."""
    m = len(pattern)
    if m == 0:
        return 0, 0
    peq: dict[str, int] = {}
    for i, c in enumerate(pattern):
        peq[c] = peq.get(c, 0) | (1 << i)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    pv, mv, score = full, 0, m
    best, best_end = m, 0
    for j, c in enumerate(text):
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = (ph << 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        if score < best or (score == best and best_end == j):  # extend a match that ends here
            best, best_end = score, j + 1
    return best, best_end
