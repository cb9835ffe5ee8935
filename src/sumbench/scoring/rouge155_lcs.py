"""ROUGE-L and ROUGE-W hits as ROUGE-1.5.5.pl counts them (``lcs``, ``wlcs``, ``markLCS``).

Each reference (model) line is compared with every summary (peer) line; the reference positions
on each backtracked LCS path are unioned, then a position counts as a hit only while its token
is still unspent in both texts' unigram counts. The path itself matters, not just its length:
the script breaks ties by stepping back in the reference line first, and a library that breaks
them the other way marks other positions (see docs/rouge155.md).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

Line = Sequence[str]


def _lcs_table(model: Line, peer: Line) -> list[list[int]]:
    prev = [0] * (len(peer) + 1)
    table = [prev]
    for token in model:
        row = [0]
        left = 0
        for j, other in enumerate(peer):
            if other == token:
                left = prev[j] + 1
            else:
                up = prev[j + 1]
                left = up if up >= left else left
            row.append(left)
        table.append(row)
        prev = row
    return table


def _wlcs_table(model: Line, peer: Line, weight: float) -> list[list[float]]:
    prev, runs = [0.0] * (len(peer) + 1), [0] * (len(peer) + 1)
    table = [prev]
    for token in model:
        row, run_row = [0.0], [0]
        for j, other in enumerate(peer):
            if other == token:
                k = runs[j]
                row.append(prev[j] + (k + 1) ** weight - k**weight)
                run_row.append(k + 1)
            else:
                up, left = prev[j + 1], row[j]
                row.append(up if up >= left else left)
                run_row.append(0)
        table.append(row)
        prev, runs = row, run_row
    return table


def _mark(model: Line, peer: Line, table: Sequence[Sequence[float]], mask: list[bool]) -> None:
    """``markLCS``: walk back from the corner, marking reference positions of diagonal steps."""
    i, j = len(model), len(peer)
    while i and j:
        if model[i - 1] == peer[j - 1]:
            i -= 1
            j -= 1
            mask[i] = True
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1


def _union_mask(model: Line, peers: Sequence[Line], weight: float | None) -> list[bool]:
    mask = [False] * len(model)
    vocabulary = set(model)
    for peer in peers:
        if not model or vocabulary.isdisjoint(peer):
            continue  # no diagonal step anywhere: nothing would be marked
        if weight is None:
            _mark(model, peer, _lcs_table(model, peer), mask)
        else:
            _mark(model, peer, _wlcs_table(model, peer, weight), mask)
    return mask


def _spend(token: str, model_left: Counter[str], peer_left: Counter[str]) -> bool:
    if model_left[token] > 0 and peer_left[token] > 0:
        model_left[token] -= 1
        peer_left[token] -= 1
        return True
    return False


def lcs_hits(
    models: Sequence[Line], peers: Sequence[Line], model_left: Counter[str], peer_left: Counter[str]
) -> tuple[int, int]:
    """(hit, base) of ``lcs``: clipped union-LCS hits and the reference length."""
    hit = base = 0
    for model in models:
        base += len(model)
        mask = _union_mask(model, peers, None)
        marked = (token for token, on in zip(model, mask, strict=True) if on)
        hit += sum(_spend(token, model_left, peer_left) for token in marked)
    return hit, base


def wlcs_hits(
    models: Sequence[Line],
    peers: Sequence[Line],
    weight: float,
    model_left: Counter[str],
    peer_left: Counter[str],
) -> tuple[float, float]:
    """(hit, base) of ``wlcs``: each run of consecutive hits of length k adds k**weight."""
    hit = base = 0.0
    for model in models:
        base += len(model) ** weight
        mask = _union_mask(model, peers, weight)
        run = 0
        for j, token in enumerate(model):
            if not (mask[j] and _spend(token, model_left, peer_left)):
                continue
            run += 1
            # As in the script: a run ends before an unmarked position or at the line's end; a
            # marked position whose token is already spent neither counts nor ends the run.
            if j + 1 == len(model) or not mask[j + 1]:
                hit += run**weight
                run = 0
    return hit, base
