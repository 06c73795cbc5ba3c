"""The geometry of a collation's charts, in SVG user units (no markup):
the similarity matrix and the dendrogram that ``collation.html`` draws."""

from __future__ import annotations

from dataclasses import dataclass

from ..collate import Collation, leaf_order

SHADES = 5  # colour steps of similarity (0 … SHADES - 1)


def shade(value: float) -> int:
    return min(SHADES - 1, int(value * SHADES))


@dataclass(frozen=True)
class MatrixCell:
    x: int
    y: int
    value: str
    shade: int
    label: str


@dataclass(frozen=True)
class Matrix:
    size: int  # cell side, user units
    left: int  # room for row labels
    top: int
    width: int
    height: int
    rows: tuple[tuple[int, str], ...]  # (y, label)
    columns: tuple[tuple[int, str], ...]  # (x, number)
    cells: tuple[MatrixCell, ...]


@dataclass(frozen=True)
class Dendrogram:
    left: int  # where the tree starts; leaf labels end just before it
    width: int
    height: int
    leaves: tuple[tuple[int, str], ...]  # (y, label)
    lines: tuple[tuple[float, float, float, float], ...]
    ticks: tuple[tuple[float, str], ...]  # (x, label) on the distance axis
    axis_y: int
    merges: tuple[str, ...]  # each merge in words


def similarity_matrix(collation: Collation, labels: list[str]) -> Matrix:
    n, size, left, top = len(collation.witnesses), 46, 190, 28
    cells = []
    for i in range(n):
        for j in range(n):
            value = collation.similarity[i][j]
            cells.append(MatrixCell(left + j * size, top + i * size, f"{value:.2f}",
                                    shade(value), f"{labels[i]} and {labels[j]}: {value:.2f}"))
    return Matrix(size, left, top, left + n * size + 4, top + n * size + 4,
                  tuple((top + i * size + size // 2, f"{i + 1}  {labels[i]}") for i in range(n)),
                  tuple((left + j * size + size // 2, str(j + 1)) for j in range(n)),
                  tuple(cells))


def dendrogram(collation: Collation, labels: list[str]) -> Dendrogram:
    n = len(collation.witnesses)
    left, width, step, top = 190, 300, 28, 14
    order = leaf_order(collation.linkage, n)
    y = {leaf: top + k * step for k, leaf in enumerate(order)}
    x = {leaf: float(left) for leaf in range(n)}
    lines, merges = [], []
    members = {leaf: [labels[leaf]] for leaf in range(n)}
    for m, (a, b, height, _) in enumerate(collation.linkage):
        node = n + m
        hx = left + min(height, 1.0) * width
        for child in (a, b):
            lines.append((x[child], y[child], hx, y[child]))
        lines.append((hx, y[a], hx, y[b]))
        x[node], y[node] = hx, (y[a] + y[b]) / 2
        members[node] = members[a] + members[b]
        merges.append(f"{' + '.join(members[a])} join {' + '.join(members[b])} at "
                      f"distance {height:.2f} (average word similarity {1 - height:.2f})")
    axis_y = top + (n - 1) * step + 16
    ticks = tuple((left + t * width, f"{t:g}") for t in (0, 0.25, 0.5, 0.75, 1))
    return Dendrogram(left, left + width + 20, axis_y + 34,
                      tuple((y[leaf], labels[leaf]) for leaf in order),
                      tuple(tuple(round(v, 1) for v in line) for line in lines),
                      ticks, axis_y, tuple(merges))
