"""Kendall's tau building blocks: concordant minus discordant pairs and untied pairs, per row.

Two kernels give identical integer counts: comparing all pairs (quick for the ~tens of systems of
one document) and a sort-based O(n log^2 n) one (Knight 1966) for the thousands of cells of a
global-level correlation. Rows are the last axis; ``ok`` marks the cells that are used.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
# Pairwise comparison builds rows x n x n arrays this many cells at a time.
_PAIR_CELLS = 2_000_000
# Longer rows use the sort-based kernel.
_PAIRWISE_MAX = 64


def _signs(v: Array, first: NDArray[np.intp], second: NDArray[np.intp]) -> NDArray[np.int8]:
    a, b = v[:, first], v[:, second]
    return (a > b).view(np.int8) - (a < b).view(np.int8)  # int8: a quarter of float64 traffic


def pairwise_sums(x: Array, y: Array, ok: NDArray[np.bool_]) -> Array:
    """Kendall sums by comparing all pairs i < j: quick for short rows (systems of a document)."""
    first, second = np.triu_indices(x.shape[-1], 1)
    rows = max(1, _PAIR_CELLS // max(len(first), 1))
    sums = np.zeros((3, x.shape[0]))
    for start in range(0, x.shape[0], rows):
        part = slice(start, start + rows)
        sx, sy = _signs(x[part], first, second), _signs(y[part], first, second)
        if not ok[part].all():  # pairs with an unused cell count nowhere
            pair = (ok[part][:, first] & ok[part][:, second]).view(np.int8)
            sx, sy = sx * pair, sy * pair
        sums[0, part] = (sx * sy).sum(axis=-1, dtype=np.int64)
        sums[1, part] = np.count_nonzero(sx, axis=-1)
        sums[2, part] = np.count_nonzero(sy, axis=-1)
    return sums


def _tied_pairs(ordered: Array, *others: Array) -> NDArray[np.int64]:
    """Pairs tied in all of the given row-sorted arrays (sorted together), per row."""
    index = np.broadcast_to(np.arange(ordered.shape[-1]), ordered.shape)
    change = np.zeros(ordered.shape, dtype=bool)
    change[:, 0] = True
    for v in (ordered, *others):
        change[:, 1:] |= v[:, 1:] != v[:, :-1]
    first = np.maximum.accumulate(np.where(change, index, 0), axis=-1)
    tied: NDArray[np.int64] = (index - first).sum(axis=-1)
    return tied


def _inversions(ranks: NDArray[np.int64]) -> NDArray[np.int64]:
    """Pairs i < j with ranks[i] > ranks[j], per row, by a bottom-up merge sort.

    ``ranks`` must be dense ranks (integers 0..n-1 for rows of length n): padding and key
    offsets rely on it.

    Each pass counts, for every element of a right block, the larger elements of its sorted left
    block with one ``searchsorted`` over all rows: keys are offset per (row, block) so that the
    concatenated left blocks form a single sorted array.
    """
    rows, n = ranks.shape
    size = 1 << max(0, (n - 1).bit_length())
    blocks = np.full((rows, size), n, dtype=np.int64)  # padding: largest, at the end, no inversion
    blocks[:, :n] = ranks
    total = np.zeros(rows, dtype=np.int64)
    width = 1
    while width < size:
        pairs = blocks.reshape(rows, -1, 2, width)
        count = pairs.shape[1]
        offset = (np.arange(rows * count, dtype=np.int64) * (n + 1)).reshape(rows, count, 1)
        left = (pairs[:, :, 0, :] + offset).ravel()
        right = (pairs[:, :, 1, :] + offset).ravel()
        position = np.searchsorted(left, right, side="right").reshape(rows, count, width)
        end = (np.arange(1, rows * count + 1, dtype=np.int64) * width).reshape(rows, count, 1)
        total += (end - position).sum(axis=(1, 2))
        blocks = np.sort(pairs.reshape(rows, count, 2 * width), axis=-1).reshape(rows, size)
        width *= 2
    return total


def _dense_ranks(x: Array) -> NDArray[np.int64]:
    order = np.argsort(x, axis=-1, kind="stable")
    ordered = np.take_along_axis(x, order, axis=-1)
    new = np.zeros(x.shape, dtype=np.int64)
    new[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    ranks = np.empty(x.shape, dtype=np.int64)
    np.put_along_axis(ranks, order, np.cumsum(new, axis=-1), axis=-1)
    return ranks


def sorted_sums(x: Array, y: Array, ok: NDArray[np.bool_]) -> Array:
    """Kendall sums in O(n log^2 n) per row (Knight 1966): for long rows (global level).

    Unused cells get x = -inf and y = +inf: they tie with each other and are discordant with
    every used cell, which is subtracted exactly below.
    """
    fx, fy = np.where(ok, x, -np.inf), np.where(ok, y, np.inf)
    used = ok.sum(axis=-1).astype(np.int64)
    unused = x.shape[-1] - used
    order = np.lexsort((fy, fx), axis=-1)
    sx, sy = np.take_along_axis(fx, order, -1), np.take_along_axis(fy, order, -1)
    unused_pairs = unused * (unused - 1) // 2
    tied_x = _tied_pairs(sx) - unused_pairs
    tied_y = _tied_pairs(np.sort(fy, axis=-1)) - unused_pairs
    tied_xy = _tied_pairs(sx, sy) - unused_pairs
    discordant = _inversions(_dense_ranks(sy)) - used * unused
    total = used * (used - 1) // 2
    net = total - tied_x - tied_y + tied_xy - 2 * discordant
    return np.stack([net, total - tied_x, total - tied_y]).astype(float)


def kendall_sums(x: Array, y: Array, ok: NDArray[np.bool_]) -> tuple[Array, Array, Array]:
    """Per row: concordant minus discordant pairs, pairs untied in x, pairs untied in y."""
    size = x.shape[-1]
    fx, fy, fok = x.reshape(-1, size), y.reshape(-1, size), ok.reshape(-1, size)
    kernel = pairwise_sums if size <= _PAIRWISE_MAX else sorted_sums
    sums = kernel(fx, fy, fok)
    shape = x.shape[:-1]
    return sums[0].reshape(shape), sums[1].reshape(shape), sums[2].reshape(shape)
