"""One-to-one assignment of maximum total weight, for article alignment.

- :func:`max_weight_assignment`: the Hungarian method (Kuhn-Munkres) in pure
  Python over a dense integer matrix; exact, and fastest for the small groups
  of candidates that most treaty pairs give.
- :func:`assign_pairs`: the optimal pairs among a sparse set of weighted
  edges, solved separately on each connected group of candidates, ties broken
  towards reading order. A group with more than :data:`SCIPY_MIN_SIZE` rows
  and columns goes to scipy's ``linear_sum_assignment`` (imported only then:
  it costs a quarter of a second to import, more than the pure-Python method
  spends on a 40 × 40 group).
"""

from __future__ import annotations

from typing import Sequence

SCIPY_MIN_SIZE = 40  # rows (and columns) from which a group is solved by scipy
_EXACT = 2 ** 52  # integers up to this are exact in a float64 matrix


def max_weight_assignment(weights: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """Pair rows with columns one to one so that the total weight is largest.

    The Hungarian method (Kuhn-Munkres) with potentials, O(n²m) for n rows
    and m columns: each row in turn is added along a shortest augmenting path
    of reduced costs. Returns ``min(n, m)`` (row, column) pairs sorted by row.
    With weights >= 0 and 0 meaning "no edge", dropping the zero pairs gives a
    maximum-weight matching. Integer weights keep every comparison exact.

    >>> max_weight_assignment([[5, 4], [4, 0]])  # greedy would take 5 + 0
    [(0, 1), (1, 0)]
    """
    n = len(weights)
    m = len(weights[0]) if n else 0
    if not n or not m:
        return []
    transposed = n > m
    if transposed:
        weights = [list(col) for col in zip(*weights)]
        n, m = m, n
    inf = float("inf")
    u, v = [0] * (n + 1), [0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)  # owner[j]: row on column j (1-based)
    for row in range(1, n + 1):
        owner[0], col = row, 0
        slack, used = [inf] * (m + 1), [False] * (m + 1)
        while owner[col]:
            used[col] = True
            i, delta, next_col = owner[col], inf, 0
            costs = weights[i - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = -costs[j - 1] - u[i] - v[j]
                    if reduced < slack[j]:
                        slack[j], way[j] = reduced, col
                    if slack[j] < delta:
                        delta, next_col = slack[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    slack[j] -= delta
            col = next_col
        while col:
            owner[col] = owner[way[col]]
            col = way[col]
    pairs = [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    if transposed:
        pairs = [(c, r) for r, c in pairs]
    return sorted(pairs)


def _components(edges: dict[tuple[int, int], int]) -> list[tuple[list[int], list[int]]]:
    """Connected components of the bipartite graph of eligible pairs: solved
    apart, they keep the assignment small (treaties share few candidates)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in sorted(edges):
        parent[find(("r", i))] = find(("c", j))
    groups: dict = {}
    for node in sorted(parent):
        groups.setdefault(find(node), []).append(node)
    out = [(sorted(k for s, k in g if s == "r"), sorted(k for s, k in g if s == "c"))
           for g in groups.values()]
    return sorted(out)


def assign_pairs(edges: dict[tuple[int, int], int], row_pos: Sequence[int],
                 col_pos: Sequence[int]) -> list[tuple[int, int]]:
    """Optimal pairs among ``edges`` (weights >= 0: an edge of weight 0 is
    still a pair to make when nothing better uses its row or column), ties by
    reading order.

    ``row_pos`` and ``col_pos`` are the positions in reading order of the rows
    and columns; among assignments of equal total weight the one with the
    least sum of squared position differences wins.
    """
    chosen = []
    groups = _components(edges)
    where = {}
    for g, (rows, cols) in enumerate(groups):
        where.update({("r", i): (g, r) for r, i in enumerate(rows)})
    local: list[dict] = [{} for _ in groups]
    for g, (rows, cols) in enumerate(groups):
        for c, j in enumerate(cols):
            where["c", j] = c
    for (i, j), w in edges.items():
        g, r = where["r", i]
        local[g][r, where["c", j]] = w
    for (rows, cols), raw in zip(groups, local):
        # A difference of positions needs only the positions' range in the group.
        spots = [row_pos[i] for i in rows] + [col_pos[j] for j in cols]
        span = max(spots) - min(spots) + 1
        # secondary term in [1, span²]: all of them together stay below one unit
        # of the primary weight, so they only ever decide between equal totals.
        unit = min(len(rows), len(cols)) * span * span + 1
        if max(raw.values()) * unit + span * span >= _EXACT:
            unit, span = 1, 0  # too large to be exact: primary weights alone
        cell = {(r, c): w * unit + span * span
                - (row_pos[rows[r]] - col_pos[cols[c]]) ** 2 * (span > 0)
                for (r, c), w in raw.items()}
        if min(len(rows), len(cols)) > SCIPY_MIN_SIZE:
            found = _scipy_assignment(cell, len(rows), len(cols))
        else:
            matrix = [[cell.get((r, c), 0) for c in range(len(cols))]
                      for r in range(len(rows))]
            found = max_weight_assignment(matrix)
        chosen.extend((rows[r], cols[c]) for r, c in found if cell.get((r, c), 0) > 0)
    return sorted(chosen)


def _scipy_assignment(cell: dict[tuple[int, int], int], n: int,
                      m: int) -> list[tuple[int, int]]:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    matrix = np.zeros((n, m), dtype=np.float64)
    for (r, c), w in cell.items():
        matrix[r, c] = w
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return sorted(zip(rows.tolist(), cols.tolist()))
