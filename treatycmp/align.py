"""Alignment: which paragraphs (and, later, which articles) correspond.

:func:`align_paragraphs` aligns the paragraphs of two clauses in order
(paragraphs of a clause are read in sequence, so the alignment never crosses):
a dynamic programme chooses the order-preserving set of pairs with the
largest total score, among pairs scoring at least ``threshold``; everything
else is left unmatched and is shown as such, never as a wall of deletions.
Two single-paragraph clauses are always paired: comparing them is what was
asked. Ties are broken towards pairing earlier paragraphs, so the result is
deterministic.

>>> [ (p.left, p.right) for p in align_paragraphs(
...     ["any armed attack shall be an attack on all", "report to the Security Council"],
...     ["any attack shall be an aggression against all"])]
[(0, 0), (1, None)]
"""

from __future__ import annotations

from dataclasses import dataclass

from .similarity import provision_score
from .text import Folding

PARAGRAPH_THRESHOLD = 0.25  # score in [0, 1] below which two paragraphs stay unmatched


@dataclass(frozen=True)
class Pair:
    """Indexes into the left and right sequences; ``None`` = unmatched."""

    left: int | None
    right: int | None
    score: float | None = None


def align_paragraphs(left: list[str], right: list[str], folding: Folding = Folding(),
                     threshold: float = PARAGRAPH_THRESHOLD) -> tuple[Pair, ...]:
    """Order-preserving alignment of two lists of paragraph texts."""
    if len(left) == 1 and len(right) == 1:
        return (Pair(0, 0, provision_score(left[0], right[0], folding)),)
    scores = [[provision_score(lt, rt, folding) for rt in right] for lt in left]
    rows, cols = len(left), len(right)
    # best[i][j]: best total for left[i:], right[j:]
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            options = [best[i + 1][j], best[i][j + 1]]
            if scores[i][j] >= threshold:
                options.insert(0, scores[i][j] + best[i + 1][j + 1])
            best[i][j] = max(options)
    pairs: list[Pair] = []
    i = j = 0
    while i < rows and j < cols:
        if scores[i][j] >= threshold and best[i][j] == scores[i][j] + best[i + 1][j + 1]:
            pairs.append(Pair(i, j, scores[i][j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append(Pair(i, None))
            i += 1
        else:
            pairs.append(Pair(None, j))
            j += 1
    pairs.extend(Pair(k, None) for k in range(i, rows))
    pairs.extend(Pair(None, k) for k in range(j, cols))
    return tuple(pairs)
