"""Article alignment: which provisions of two treaties correspond.

:func:`align_articles` pairs the transcribed provisions (preamble, articles,
conclusions) of one text version with those of another, in five steps:

1. **Scores.** :func:`~treatycmp.similarity.provision_score` (the mean of
   5-character shingle Jaccard and word Dice) of every pair of transcribed
   provisions: the matrix ``scores``. A provision not yet transcribed has no
   text, so it is never scored or matched, only listed.
2. **Hints.** Numbering and headings are weak hints, never proof (Article 5 of
   one treaty is rarely Article 5 of another), given by :func:`hint_bonus`:
   :data:`KIND_BONUS` when both are the preamble or both the conclusions,
   :data:`NUMBER_BONUS` for articles with the same number, and up to
   :data:`HEADING_BONUS` by the word Dice of the two headings. A bonus counts
   only for a pair whose text alone reaches the threshold: it can prefer one
   candidate to another but never makes a match.
3. **Assignment.** A one-to-one assignment that maximises the total of
   ``score - threshold + bonus`` over the pairs scoring at least ``threshold``
   (Kuhn-Munkres, :func:`max_weight_assignment`); every other provision stays
   unmatched. Weighing each pair by its margin over the threshold keeps one
   strong pair from being traded for two weak ones.
4. **Splits.** One provision may correspond to several when its content was
   split (or several merged). After the assignment, an unmatched provision U
   joins the match of a provision P on the other side when at least
   :data:`SPLIT_CONTAINMENT` of U's shingles occur in P and P scores at least
   :data:`SPLIT_GAIN` higher against its partner and U joined (in reading
   order) than against its partner alone. The largest gain is taken first and
   the step repeats, so a three-way split is found too; a match grows on one
   side only (never many to many) and a curated match never grows.
5. **Curated pairs** (:class:`~treatycmp.model.CuratedAlignment`) are decided
   by a person and override the rest: their provisions are taken out before
   the assignment. A pair naming a provision that does not exist raises
   :class:`~treatycmp.errors.DataError` with the file and line; a pair naming
   one that is not transcribed is kept as :class:`StalePair` and reported.

**Ties** are broken by a documented rule, so the same input always gives the
same table: weights are compared as integers in millionths (float noise never
decides); among assignments of equal weight, the one that keeps reading order
best wins (least sum of squared differences of the provisions' positions in
reading order); any tie left after that goes to the assignment found first by
:func:`max_weight_assignment`, which takes the side with fewer candidates as
rows, rows in reading order, and scans columns in reading order.

:func:`compare_pairs` then compares each pair as a clause
(:func:`~treatycmp.compare.compare_provisions`); the parts of a split are
compared as one provision (:func:`joined_provision`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Sequence

from .compare import ClauseComparison, Options, compare_provisions
from .errors import DataError
from .model import ARTICLE, CuratedAlignment, CuratedPair, Provision, TextVersion
from .similarity import shingles, word_dice
from .text import Folding, words

ARTICLE_THRESHOLD = 0.3  # score in [0, 1] a pair's text must reach to be matched
KIND_BONUS = 0.05  # both the preamble, or both the conclusions
NUMBER_BONUS = 0.02  # two articles with the same number
HEADING_BONUS = 0.05  # times the word Dice of the two headings
SPLIT_CONTAINMENT = 0.5  # share of a part's shingles found in the whole, in [0, 1]
SPLIT_GAIN = 0.02  # score gained by joining a part to a match
_SCALE = 10 ** 6  # weights compared in millionths
AUTOMATIC, CURATED = "automatic", "curated"


@dataclass(frozen=True)
class ProvisionPair:
    """Provisions that correspond: one on each side, or several on one side (a split)."""

    left: tuple[Provision, ...]
    right: tuple[Provision, ...]
    score: float  # provision_score of the (joined) texts
    basis: str  # AUTOMATIC or CURATED
    note: str | None = None  # the curated reason

    @property
    def is_split(self) -> bool:
        return len(self.left) > 1 or len(self.right) > 1


@dataclass(frozen=True)
class StalePair:
    """A curated pair that could not be used: a provision it names has no text."""

    pair: CuratedPair
    reason: str
    path: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.pair.line}: " if self.path else ""
        return (f"{where}curated pair left={self.pair.left} right={self.pair.right} "
                f"not used: {self.reason}")


@dataclass(frozen=True)
class TreatyAlignment:
    """The correspondence of two text versions, provision by provision."""

    left: TextVersion
    right: TextVersion
    pairs: tuple[ProvisionPair, ...]  # in the left text's reading order
    unmatched_left: tuple[Provision, ...]
    unmatched_right: tuple[Provision, ...]
    untranscribed_left: tuple[Provision, ...]
    untranscribed_right: tuple[Provision, ...]
    rows: tuple[Provision, ...]  # transcribed left provisions: the rows of scores
    columns: tuple[Provision, ...]  # transcribed right provisions
    scores: tuple[tuple[float, ...], ...]
    threshold: float
    stale: tuple[StalePair, ...] = ()
    curated_path: str | None = None

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(str(s) for s in self.stale)


# ------------------------------------------------------------- scores

def _features(text: str, folding: Folding) -> tuple[frozenset[str], Counter, int]:
    keys = words(text, folding)
    return shingles(text), Counter(keys), len(keys)


def _score(left, right) -> float:
    # provision_score from features computed once per provision: the same integers
    # divided the same way, so the very same float (the tests check every pair).
    (ls, lw, ln), (rs, rw, rn) = left, right
    shared = len(ls & rs)
    shingle = shared / (len(ls) + len(rs) - shared) if ls or rs else 1.0
    small, large = sorted((lw, rw), key=len)
    common = sum(min(count, large[word]) for word, count in small.items())
    return (shingle + (2 * common / (ln + rn) if ln + rn else 1.0)) / 2


def hint_bonus(left: Provision, right: Provision, folding: Folding = Folding()) -> float:
    """The structural hint for a pair (see the module docstring), at most 0.1.

    >>> from treatycmp.model import Provision
    >>> a = Provision("article", "art_5", "5", "Article 5", "Defence", (), True)
    >>> round(hint_bonus(a, a), 3)
    0.07
    """
    bonus = 0.0
    if left.kind == right.kind != ARTICLE:
        bonus += KIND_BONUS
    elif left.kind == right.kind == ARTICLE and left.n == right.n:
        bonus += NUMBER_BONUS
    if left.heading and right.heading:
        bonus += HEADING_BONUS * word_dice(words(left.heading, folding),
                                           words(right.heading, folding))
    return bonus


# --------------------------------------------------------- assignment

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


def _assign(edges: dict[tuple[int, int], int], row_pos: list[int],
            col_pos: list[int]) -> list[tuple[int, int]]:
    """Optimal pairs among ``edges`` (primary weights >= 0), ties by reading order."""
    span = max(row_pos + col_pos, default=0) + 1
    chosen = []
    for rows, cols in _components(edges):
        # secondary term in [1, span²]: all of them together stay below one unit
        # of the primary weight, so they only ever decide between equal totals.
        unit = min(len(rows), len(cols)) * span * span + 1
        matrix = [[edges[i, j] * unit + span * span - (row_pos[i] - col_pos[j]) ** 2
                   if (i, j) in edges else 0 for j in cols] for i in rows]
        chosen.extend((rows[r], cols[c]) for r, c in max_weight_assignment(matrix)
                      if matrix[r][c] > 0)
    return sorted(chosen)


# -------------------------------------------------------------- curated

def _resolve_curated(curated: CuratedAlignment, left: TextVersion, right: TextVersion):
    """Curated pairs as groups of provisions, and the stale ones."""
    usable, stale = [], []
    for pair in curated.pairs:
        found = []
        for side, name, version in (("left", pair.left, left), ("right", pair.right, right)):
            provision = version.find(name)
            if provision is None:
                available = ", ".join(p.n if p.kind == ARTICLE else p.kind
                                      for p in version.provisions())
                raise DataError(f"curated pair: {side}={name!r} names no provision of "
                                f"{version.treaty_id}@{version.lang} (available: "
                                f"{available})", curated.path, pair.line)
            found.append(provision)
        missing = [f"{v.treaty_id}@{v.lang} {p.label} is not yet transcribed"
                   for v, p in zip((left, right), found) if not p.transcribed]
        if missing:
            stale.append(StalePair(pair, "; ".join(missing), curated.path))
        else:
            usable.append((found[0], found[1], pair))
    groups: list[list[list]] = []  # [lefts, rights, pairs]: pairs sharing a provision
    for lp, rp, pair in usable:
        merged = [[lp], [rp], [pair]]
        for group in [g for g in groups if lp in g[0] or rp in g[1]]:
            groups.remove(group)
            merged = [a + b for a, b in zip(group, merged)]
        groups.append(merged)
    out = []
    for lefts, rights, pairs in groups:
        lefts = sorted(dict.fromkeys(lefts), key=left.provisions().index)
        rights = sorted(dict.fromkeys(rights), key=right.provisions().index)
        if len(lefts) > 1 and len(rights) > 1:
            raise DataError("curated pairs pair several provisions with several: a split "
                            "pairs one provision with several", curated.path, pairs[0].line)
        out.append((lefts, rights, " ".join(dict.fromkeys(p.note for p in pairs))))
    return out, tuple(stale)


# ----------------------------------------------------------- alignment

def joined_provision(parts: Sequence[Provision]) -> Provision:
    """One provision standing for several (the parts of a split), to compare as
    one: the paragraphs of all parts in order, each labelled with its article."""
    if len(parts) == 1:
        return parts[0]
    paragraphs = []
    for part in parts:
        name = f"Art {part.n}" if part.kind == ARTICLE else part.label
        for k, para in enumerate(part.paragraphs, 1):
            label = name if len(part.paragraphs) == 1 else f"{name} {para.num or f'¶{k}'}"
            paragraphs.append(replace(para, num=label))
    headings = [p.heading for p in parts if p.heading]
    return Provision(
        kind=parts[0].kind, eid="+".join(p.eid for p in parts),
        n="+".join(p.n or p.kind for p in parts),
        label=" + ".join(p.label for p in parts),
        heading=" / ".join(headings) or None, paragraphs=tuple(paragraphs),
        transcribed=True, checked=tuple(dict.fromkeys(s for p in parts for s in p.checked)),
        line=parts[0].line)


def align_articles(left: TextVersion, right: TextVersion,
                   curated: CuratedAlignment | None = None, folding: Folding = Folding(),
                   threshold: float = ARTICLE_THRESHOLD) -> TreatyAlignment:
    """Align the provisions of two text versions (see the module docstring)."""
    if not 0 <= threshold <= 1:
        raise ValueError("threshold must be in [0, 1]")
    ids = (left.treaty_id, right.treaty_id)
    if curated is not None and (curated.right, curated.left) == ids != ids[::-1]:
        curated = curated.swapped()
    if curated is not None and (curated.left, curated.right) != ids:
        raise ValueError("the curated alignment is not of these two treaties")
    everything = (left.provisions(), right.provisions())
    rows = tuple(p for p in everything[0] if p.transcribed)
    cols = tuple(p for p in everything[1] if p.transcribed)
    lf = [_features(p.full_text, folding) for p in rows]
    rf = [_features(p.full_text, folding) for p in cols]
    scores = tuple(tuple(_score(a, b) for b in rf) for a in lf)
    groups, stale = _resolve_curated(curated, left, right) if curated else ([], ())
    fixed = ({p.eid for ls, _, _ in groups for p in ls},
             {p.eid for _, rs, _ in groups for p in rs})
    edges = {(i, j): round((scores[i][j] - threshold + hint_bonus(lp, rp, folding)) * _SCALE)
             for i, lp in enumerate(rows) if lp.eid not in fixed[0]
             for j, rp in enumerate(cols)
             if rp.eid not in fixed[1] and scores[i][j] >= threshold}
    order = tuple({p.eid: k for k, p in enumerate(side)} for side in everything)
    matched = [([rows[i]], [cols[j]]) for i, j in _assign(
        edges, [order[0][p.eid] for p in rows], [order[1][p.eid] for p in cols])]
    features = tuple({p.eid: f for p, f in zip(side, fs)}
                     for side, fs in ((rows, lf), (cols, rf)))
    _attach_splits(matched, (rows, cols), features, order, fixed, folding)
    pairs = [ProvisionPair(tuple(ls), tuple(rs), _pair_score(ls, rs, features, folding),
                           AUTOMATIC) for ls, rs in matched]
    pairs += [ProvisionPair(tuple(ls), tuple(rs), _pair_score(ls, rs, features, folding),
                            CURATED, note) for ls, rs, note in groups]
    pairs.sort(key=lambda p: (order[0][p.left[0].eid], order[1][p.right[0].eid]))
    used = ({p.eid for pair in pairs for p in pair.left},
            {p.eid for pair in pairs for p in pair.right})
    return TreatyAlignment(
        left=left, right=right, pairs=tuple(pairs),
        unmatched_left=tuple(p for p in rows if p.eid not in used[0]),
        unmatched_right=tuple(p for p in cols if p.eid not in used[1]),
        untranscribed_left=tuple(p for p in everything[0] if not p.transcribed),
        untranscribed_right=tuple(p for p in everything[1] if not p.transcribed),
        rows=rows, columns=cols, scores=scores, threshold=threshold, stale=stale,
        curated_path=curated.path if curated else None)


def _pair_score(lefts: Sequence[Provision], rights: Sequence[Provision],
                features: tuple[dict, dict], folding: Folding) -> float:
    """The score of the (joined) texts, from the features at hand when there is
    nothing to join."""
    def side(parts, known):
        if len(parts) == 1:
            return known[parts[0].eid]
        return _features(joined_provision(parts).full_text, folding)
    return _score(side(lefts, features[0]), side(rights, features[1]))


def _attach_splits(matched: list, provisions: tuple, features: tuple, order: tuple,
                   fixed: tuple, folding: Folding) -> None:
    """Step 4 of the module docstring, in place on ``matched`` ([lefts], [rights])."""
    while True:
        used = tuple({p.eid for pair in matched for p in pair[s]} | fixed[s] for s in (0, 1))
        best = None
        for own, other in ((0, 1), (1, 0)):
            for part in provisions[own]:
                part_set = features[own][part.eid][0]
                if part.eid in used[own] or not part_set:
                    continue
                for pair in matched:
                    if len(pair[other]) != 1:
                        continue  # would be many to many
                    whole = pair[other]
                    shared = len(part_set & features[other][whole[0].eid][0])
                    if shared / len(part_set) < SPLIT_CONTAINMENT:
                        continue
                    parts = sorted(pair[own] + [part], key=lambda p: order[own][p.eid])
                    gain = (_pair_score(*_oriented(parts, whole, own), features, folding)
                            - _pair_score(*_oriented(pair[own], whole, own), features, folding))
                    rank = (round(gain * _SCALE), -own, -order[own][part.eid])
                    if gain >= SPLIT_GAIN and (best is None or rank > best[0]):
                        best = (rank, pair, own, parts)
        if best is None:
            return
        _, pair, own, parts = best
        pair[own][:] = parts


def _oriented(own_parts, other_parts, own: int):
    return (own_parts, other_parts) if own == 0 else (other_parts, own_parts)


def compare_pairs(alignment: TreatyAlignment,
                  options: Options = Options()) -> tuple[ClauseComparison, ...]:
    """Compare each pair of the alignment as a clause (splits joined), in order."""
    return tuple(compare_provisions(joined_provision(p.left), joined_provision(p.right),
                                    options) for p in alignment.pairs)
