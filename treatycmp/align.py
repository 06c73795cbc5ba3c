"""Paragraph alignment: which paragraphs of two clauses correspond.

Paragraphs of a clause are read in order, so an alignment never crosses. It
is a sequence of :class:`Pair` groups: one or more paragraphs on the left
with one or more on the right (one-to-many when one side says in one
paragraph what the other says in two), or paragraphs alone on one side.

:func:`align_paragraphs` builds it in four steps; each group records the
step that made it (``basis``), so that a report can say why two paragraphs
are shown side by side:

1. ``"single"``: two one-paragraph clauses are always paired.
2. ``"score"`` (anchors): the order-preserving chain of pairs scoring at
   least ``threshold`` with the largest total weight, a pair weighing its
   score, :data:`PREFERRED` times when the two are each other's clear best or
   read the same (identical paragraphs pair with each other, not with their
   neighbours in a formula). Only
   candidate pairs are scored (see :func:`candidate_pairs`), so long clauses
   cost about linear time.
3. ``"margin"``: between two anchors (a *gap*), a pair that is each other's
   best in the gap and beats the runner-up of its row and of its column by
   the factor :data:`MARGIN` is paired, however low its score: defence
   clauses of different alliances share ideas more than words. What is left
   is paired in order (``"position"``), as a reader pairs the first
   paragraph with the first: the whole gap when both sides hold as many
   paragraphs and a pair follows the gap (rewritten paragraphs between two
   that correspond), else its first paragraphs only (past the clauses' first
   paragraphs, only if they share some wording: score at least :data:`NOISE`).
   A pair made by position under :data:`NOISE` is undone where one of its
   paragraphs belongs elsewhere (:func:`_loosened`): it moved, or it is part
   of the row beside it.
4. A paragraph left alone next to a group joins it (one-to-many) when the
   joined text scores higher against the group's other side than without it,
   or when most of its wording is found in that other side (one side says in
   one paragraph what the other says in several), unless it only repeats the
   group's own paragraph (a formula, see :func:`_explained`); the group is
   then marked ``joined``, and its score is the score of the whole group.

Manual pairs (``pairs=``, written ``1=1,2=2+3,3=-`` by :func:`parse_pair_spec`)
are fixed first (``"manual"``); the gaps between them are aligned as above.

The score is :func:`treatycmp.similarity.paragraph_score`.

>>> [(p.left, p.right, p.basis) for p in align_paragraphs(
...     ["any armed attack shall be an attack on all", "report to the Security Council"],
...     ["any attack shall be an aggression against all"])]
[((0,), (0,), 'score'), ((1,), (), 'alone')]
>>> parse_pair_spec("1=1, 2=2+3, 3=-")
(((0,), (0,)), ((1,), (1, 2)), ((2,), ()))
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from functools import cached_property
from itertools import chain
from typing import NamedTuple, Sequence

from .similarity import GroupScore, ParagraphFeatures, paragraph_features, paragraph_score
from .text import Folding

PARAGRAPH_THRESHOLD = 0.25  # score in [0, 1] from which a pair is an anchor on its own
MARGIN = 1.25  # in a gap, a pair's score over the runner-up of its row and column
NOISE = 0.1  # score below which sharing words says nothing (see docs/alignment.md)
ATTACH = 0.5  # share of a group's score from which a lone neighbour joins the group
DILUTE = 2.0  # a lone neighbour's score over any rival's, to join a group it makes read less alike
CONTAINED = 0.75  # share of a lone paragraph's shingles found in a group's other side
CONTAINED_MIN = 20  # shingles (about four words) a paragraph needs for containment to count
EXPLAINED = 0.5  # share of a lone paragraph's shared words left over after its neighbour's
PREFERRED = 2.0  # times its score, the weight of a pair that is each other's clear best (step 2)
CANDIDATES = 8  # right paragraphs scored per left paragraph in long clauses
ALL_PAIRS = 400  # left × right paragraphs up to which every pair is scored

ManualPairs = tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
# (A pattern, compiled by re on first use: only pairs given by hand need it.)
_GROUP = r"^\s*(-|\d+(?:\s*\+\s*\d+)*)\s*=\s*(-|\d+(?:\s*\+\s*\d+)*)\s*$"


class Pair(NamedTuple):
    """A group: indexes into the left and right paragraph lists (either may
    be empty), its score, and how it was made (see the module)."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float | None = None
    basis: str = "alone"
    joined: bool = False  # lone neighbours joined the group in step 4


# How a group was paired, in a few words (terminal and collation reports).
BASIS_LABELS = {"single": "the only paragraphs", "score": "paired on score",
                "margin": "clearly each other's best", "position": "paired by position",
                "manual": "paired by hand", "alone": "no counterpart"}


def basis_label(basis: str, joined: bool = False) -> str:
    """``paired on score``, ``paired by position, neighbours joined``..."""
    label = BASIS_LABELS.get(basis, basis)
    return label + ", neighbours joined" if joined else label


def parse_pair_spec(text: str) -> ManualPairs:
    """``1=1,2=2+3,3=-`` (1-based paragraph numbers) as 0-based groups.

    ``2=2+3`` pairs left 2 with right 2 and 3; ``3=-`` leaves left 3 alone.
    Raises ``ValueError`` with a message for a person on bad syntax.
    """
    groups = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        match = re.match(_GROUP, item)
        if not match:
            raise ValueError(f"bad pair {item!r}: write LEFT=RIGHT with paragraph numbers, "
                             "'+' to join several and '-' for none (e.g. 1=1,2=2+3,3=-)")
        sides = tuple(() if side == "-" else tuple(int(n) - 1 for n in side.split("+"))
                      for side in match.groups())
        if not (sides[0] or sides[1]):
            raise ValueError(f"bad pair {item!r}: a pair names a paragraph on at least one side")
        if min(sides[0] + sides[1]) < 0:
            raise ValueError(f"bad pair {item!r}: paragraph numbers start at 1")
        groups.append(sides)
    if not groups:
        raise ValueError("no pairs given: write LEFT=RIGHT, e.g. 1=1,2=2")
    return _in_reading_order(groups)


def _in_reading_order(groups: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> ManualPairs:
    """The pairs in reading order, whatever order they were written in
    (``2=2,1=1`` is ``1=1,2=2``; ``2=2,1=-`` is ``1=-,2=2``): pairs of both
    sides by their left paragraphs, and a paragraph said to have no
    counterpart before the first pair that comes after it on its side.
    Pairs that do cross stay crossed, for :func:`_check_manual` to refuse."""
    both = sorted((g for g in groups if g[0] and g[1]), key=lambda g: (g[0][0], g[1][0]))
    out: list = []
    for lefts, rights in sorted((g for g in groups if not (g[0] and g[1])),
                                key=lambda g: ((g[0] or g[1])[0], not g[0])):
        side, index = (0, lefts[0]) if lefts else (1, rights[0])
        place = next((k for k, g in enumerate(both) if g[side][0] > index), len(both))
        out.append((place, len(out), (lefts, rights)))
    merged = [(k, -1, g) for k, g in enumerate(both)] + [(place, n, g) for place, n, g in out]
    # A pair of both sides k comes after the lone paragraphs placed before it (place k).
    return tuple(g for _, _, g in sorted(merged, key=lambda item: (item[0], item[1] < 0,
                                                                   item[1])))


def _check_manual(pairs: ManualPairs, rows: int, cols: int) -> None:
    seen: dict[str, set[int]] = {"left": set(), "right": set()}
    last = (-1, -1)
    for lefts, rights in pairs:
        for side, indexes, size in (("left", lefts, rows), ("right", rights, cols)):
            for index in indexes:
                if index >= size:
                    raise ValueError(f"pair {_spec(lefts, rights)}: the {side} clause has "
                                     f"{size} paragraph{'s' * (size != 1)}")
                if index in seen[side]:
                    raise ValueError(f"pair {_spec(lefts, rights)}: {side} paragraph "
                                     f"{index + 1} is paired twice")
                seen[side].add(index)
            if list(indexes) != sorted(indexes) or (
                    indexes and indexes[-1] - indexes[0] != len(indexes) - 1):
                raise ValueError(f"pair {_spec(lefts, rights)}: joined paragraphs must be "
                                 "consecutive and in order")
        first = (min(lefts, default=last[0] + 1), min(rights, default=last[1] + 1))
        if first[0] <= last[0] or first[1] <= last[1]:
            raise ValueError(f"pair {_spec(lefts, rights)} crosses an earlier pair: "
                             "pairs must keep both clauses in reading order")
        last = (max(lefts, default=last[0]), max(rights, default=last[1]))


def _spec(lefts: tuple[int, ...], rights: tuple[int, ...]) -> str:
    def side(indexes: tuple[int, ...]) -> str:
        return "+".join(str(i + 1) for i in indexes) or "-"
    return f"{side(lefts)}={side(rights)}"


def check_pairs(pairs: ManualPairs, rows: int | None = None, cols: int | None = None) -> None:
    """Raise ``ValueError``, with the message :func:`align_paragraphs` gives,
    if it would refuse manual ``pairs`` (as :func:`parse_pair_spec` returns
    them) for clauses of ``rows`` and ``cols`` paragraphs. A side's number
    left ``None`` is not known, so is not checked: a paragraph paired twice,
    pairs that cross and joined paragraphs out of order are found without
    any text (``treatycmp validate`` checks curated files so)."""
    named = 1 + max((i for group in pairs for side in group for i in side), default=-1)
    _check_manual(pairs, named if rows is None else rows, named if cols is None else cols)


def swap_pairs(pairs: ManualPairs) -> ManualPairs:
    """Manual ``pairs`` read the other way round (right paragraphs first), in
    reading order."""
    return _in_reading_order([(rights, lefts) for lefts, rights in pairs])


class _Scorer:
    """Paragraph scores, computed once each, with the features of every paragraph."""

    def __init__(self, left: Sequence[str], right: Sequence[str], folding: Folding,
                 threshold: float = PARAGRAPH_THRESHOLD):
        self.left, self.right, self.folding = left, right, folding
        self.threshold = threshold
        self.cache: dict[tuple[int, int], float] = {}
        self.growing: dict[tuple[tuple[int, ...], tuple[int, ...]], GroupScore] = {}

    @cached_property
    def lf(self) -> list[ParagraphFeatures]:
        return [paragraph_features(text, self.folding) for text in self.left]

    @cached_property
    def rf(self) -> list[ParagraphFeatures]:
        return [paragraph_features(text, self.folding) for text in self.right]

    def __call__(self, i: int, j: int) -> float:
        if (i, j) not in self.cache:
            self.cache[(i, j)] = paragraph_score(self.lf[i], self.rf[j])
        return self.cache[(i, j)]

    def grown(self, lefts: tuple[int, ...], rights: tuple[int, ...]) -> GroupScore:
        """The features of a group (manual, or one that lone paragraphs may
        join in step 4), and through them its score."""
        key = (lefts, rights)
        if key not in self.growing:
            self.growing[key] = GroupScore([self.left[i] for i in lefts],
                                           [self.right[j] for j in rights], self.folding)
        return self.growing[key]

    def grow(self, group: Pair, joined: Pair, side: int, index: int) -> None:
        """Paragraph ``index`` of ``side`` joined ``group``, which is now ``joined``."""
        grown = self.growing.pop((group.left, group.right))
        own = group.right if side else group.left
        grown.add(side, (self.right if side else self.left)[index], index > own[-1])
        self.growing[(joined.left, joined.right)] = grown


def candidate_pairs(scorer: _Scorer, ilo: int, ihi: int, jlo: int,
                    jhi: int) -> list[tuple[int, int]]:
    """Pairs worth scoring in ``left[ilo:ihi]`` × ``right[jlo:jhi]``.

    Every pair when the region is small (every real clause); otherwise, for
    each left paragraph, the :data:`CANDIDATES` right paragraphs sharing the
    most rare words with it (an inverted index), plus its neighbours on the
    diagonal, so that the work grows about linearly with the paragraphs.
    """
    if (ihi - ilo) * (jhi - jlo) <= ALL_PAIRS:
        return [(i, j) for i in range(ilo, ihi) for j in range(jlo, jhi)]
    postings: dict[str, list[int]] = {}
    for j in range(jlo, jhi):
        for key in scorer.rf[j].keys:
            postings.setdefault(key, []).append(j)
    limit = max(CANDIDATES, (jhi - jlo) // 20)  # a key in more places says little
    postings = {key: found for key, found in postings.items() if len(found) <= limit}
    scale = (jhi - jlo) / (ihi - ilo)
    out = []
    for i in range(ilo, ihi):
        # (Counted at C speed, in the same order as key by key.)
        votes = Counter(chain.from_iterable(filter(None, map(postings.get, scorer.lf[i].keys))))
        near = jlo + int((i - ilo) * scale)
        # Ties go to the earlier paragraph, whatever the order of the keys
        # (a set's order changes with Python's hash seed from run to run).
        chosen = {j for j, _ in heapq.nsmallest(CANDIDATES, votes.items(),
                                                key=lambda jv: (-jv[1], jv[0]))}
        chosen.update(j for j in range(near - 1, near + 2) if jlo <= j < jhi)
        out.extend((i, j) for j in sorted(chosen))
    return out


def _mutual_best(scored: list[tuple[int, int, float]], left: Sequence[str],
                 right: Sequence[str]) -> set[tuple[int, int]]:
    """The pairs among ``scored`` that are each other's clear best: every
    other paragraph scores lower with either (a tie is no clear best:
    paragraphs of one formula score alike with all their neighbours; copies
    of one paragraph count as one), or that read the same (score 1.0: a
    paragraph found twice on each side is each time its twin's best)."""
    best: dict[tuple[int, int], tuple[float, set[str]]] = {}  # by (side, index)
    for i, j, score in scored:
        for key, partner in (((0, i), right[j]), ((1, j), left[i])):
            top = best.get(key)
            if top is None or score > top[0]:
                best[key] = (score, {partner})
            elif score == top[0]:
                top[1].add(partner)
    return {(i, j) for i, j, score in scored
            if score == 1.0 or (best[0, i][0] == score == best[1, j][0]
                                and len(best[0, i][1]) == len(best[1, j][1]) == 1)}


def _chain(scored: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The order-preserving chain of largest total score (strictly increasing
    in both indexes): a weighted longest increasing subsequence, O(n log n).
    Ties go to the chain that pairs earlier paragraphs."""
    if not scored:
        return []
    cols = sorted({j for _, j, _ in scored})
    size = len(cols)
    tree = [(0.0, -1)] * (size + 1)  # Fenwick tree of prefix maxima: (total, index)

    def query(k: int) -> tuple[float, int]:
        best = (0.0, -1)
        while k > 0:
            if tree[k][0] > best[0]:
                best = tree[k]
            k -= k & -k
        return best

    def update(k: int, value: tuple[float, int]) -> None:
        while k <= size:
            if value[0] > tree[k][0]:
                tree[k] = value
            k += k & -k

    totals: list[float] = []
    back: list[int] = []
    start = 0
    scored = sorted(scored)
    while start < len(scored):  # one left index at a time: queries before updates
        end = start
        while end < len(scored) and scored[end][0] == scored[start][0]:
            end += 1
        for index in range(start, end):
            _, j, score = scored[index]
            prior = query(bisect.bisect_left(cols, j))
            totals.append(prior[0] + score)
            back.append(prior[1])
        for index in range(start, end):
            update(bisect.bisect_left(cols, scored[index][1]) + 1, (totals[index], index))
        start = end
    index = max(range(len(totals)), key=lambda k: (totals[k], -k))
    chain = []
    while index >= 0:
        chain.append(scored[index])
        index = back[index]
    return chain[::-1]


def _fill_confident(scorer: _Scorer, ilo: int, ihi: int, jlo: int, jhi: int) -> list[Pair]:
    return _fill_gap(scorer, ilo, ihi, jlo, jhi, by_position=False)


def _fill_gap(scorer: _Scorer, ilo: int, ihi: int, jlo: int, jhi: int,
              by_position: bool = True, closed: bool = True) -> list[Pair]:
    """Pairs in a gap: confident pairs by margin, then position (see the module).

    ``closed``: a pair follows the gap (it is not the tail of the clauses)."""
    if ilo >= ihi or jlo >= jhi:
        return []
    scored = [(i, j, scorer(i, j)) for i, j in candidate_pairs(scorer, ilo, ihi, jlo, jhi)]
    rows: dict[int, list[float]] = {}
    cols: dict[int, list[float]] = {}
    for i, j, score in scored:
        rows.setdefault(i, []).append(score)
        cols.setdefault(j, []).append(score)

    def confident(i: int, j: int, score: float) -> bool:
        if score < NOISE:
            return False
        for others in (rows[i], cols[j]):
            ranked = sorted(others, reverse=True)
            if ranked[0] > score or (len(ranked) > 1 and ranked[1] * MARGIN > score):
                return False
        return True

    chain = _chain([s for s in scored if confident(*s)])
    if not chain and not by_position:
        return []
    if not chain:
        # Nothing to go on but the order: paragraph for paragraph when the two
        # sides hold as many, else the first paragraphs correspond.
        if closed and ihi - ilo == jhi - jlo:
            return [Pair((i,), (j,), scorer(i, j), "position")
                    for i, j in zip(range(ilo, ihi), range(jlo, jhi))]
        # The first paragraphs of the two clauses correspond as a reader
        # pairs them; later ones by their order alone only if they share
        # some wording (a tail's first paragraphs may be unrelated).
        score = scorer(ilo, jlo)
        if (ilo or jlo) and score < NOISE:
            return _fill_confident(scorer, ilo + 1, ihi, jlo + 1, jhi)
        return [Pair((ilo,), (jlo,), score, "position")] + _fill_confident(
            scorer, ilo + 1, ihi, jlo + 1, jhi)
    pairs = []
    i, j = ilo, jlo
    for ci, cj, score in chain:
        pairs.extend(_fill_gap(scorer, i, ci, j, cj))
        pairs.append(Pair((ci,), (cj,), score, "margin"))
        i, j = ci + 1, cj + 1
    pairs.extend(_fill_gap(scorer, i, ihi, j, jhi, closed=closed))
    return pairs


def _with_alone(pairs: list[Pair], rows: int, cols: int) -> list[Pair]:
    """``pairs`` in reading order with every unpaired paragraph as its own group."""
    out: list[Pair] = []
    i = j = 0
    for pair in pairs:
        top_i = pair.left[0] if pair.left else i
        top_j = pair.right[0] if pair.right else j
        out.extend(Pair((k,), ()) for k in range(i, top_i))
        out.extend(Pair((), (k,)) for k in range(j, top_j))
        out.append(pair)
        i = pair.left[-1] + 1 if pair.left else i
        j = pair.right[-1] + 1 if pair.right else j
    out.extend(Pair((k,), ()) for k in range(i, rows))
    out.extend(Pair((), (k,)) for k in range(j, cols))
    return out


def _attach_alone(scorer: _Scorer, groups: list[Pair]) -> list[Pair]:
    """Step 4: a lone paragraph joins the neighbouring group it fits best."""
    out = list(groups)
    index = 0
    while index < len(out):
        item = out[index]
        best = None
        if item.basis == "alone":
            for k in (_neighbour(out, index, -1), _neighbour(out, index, 1)):
                if k is not None:
                    joined = _joined(scorer, out, index, k)
                    if joined and (best is None or joined.score > best[0].score):
                        best = (joined, k)
        if best:
            side = 0 if item.left else 1
            scorer.grow(out[best[1]], best[0], side, (item.left or item.right)[0])
            out[best[1]] = best[0]
            del out[index]
            # The neighbours of the grown group may join it too: look again
            # from two rows before it (it may stand before the lone row).
            group = best[1] - (index < best[1])
            index = max(min(index, group) - 2, 0)
        else:
            index += 1
    return out


def _loosened(scorer: _Scorer, groups: list[Pair]) -> tuple[list[Pair], set]:
    """``groups`` with each pair made by position alone that shares almost no
    wording (score under :data:`NOISE`) undone where one of its paragraphs
    belongs elsewhere, and the undone pairs that may be made again:

    - where one is found in a neighbouring group's other side (see
      :data:`CONTAINED`), it is the part of that group it is found in (one
      side split what the other says in one paragraph, beside a paragraph
      added or dropped), and step 4 joins it there; if neither joins after
      all, the pair is made again (:func:`_paired_again`);
    - where one reads like a paragraph of the other side elsewhere (score at
      least :data:`ATTACH`, among the pairs scored), it moved there (two
      paragraphs that changed places): both stay alone, and the moved one is
      shown moved."""
    out: list[Pair] = []
    again: set[tuple[int, int]] = set()
    # The pairs scored so far (every pair of a short clause, the candidates
    # of a long one) that read alike.
    alike: tuple[dict[int, set[int]], dict[int, set[int]]] = ({}, {})  # by left, by right
    for (a, b), score in scorer.cache.items():
        if score >= ATTACH:
            alike[0].setdefault(a, set()).add(b)
            alike[1].setdefault(b, set()).add(a)
    for k, group in enumerate(groups):
        if not (group.basis == "position" and len(group.left) == len(group.right) == 1
                and (group.score or 0.0) < NOISE):
            out.append(group)
            continue
        i, j = group.left[0], group.right[0]
        if alike[0].get(i, set()) - {j} or alike[1].get(j, set()) - {i}:  # one of them, with another
            out += [Pair(group.left, ()), Pair((), group.right)]
        elif any(_contained(scorer, groups[n], side, index)
                 for n in (k - 1, k + 1) if 0 <= n < len(groups)
                 and groups[n].left and groups[n].right and groups[n].basis != "manual"
                 for side, index in ((0, i), (1, j))):
            out += [Pair(group.left, ()), Pair((), group.right)]
            again.add((i, j))
        else:
            out.append(group)
    return out, again


def _contained(scorer: _Scorer, group: Pair, side: int, index: int) -> bool:
    """Whether most of paragraph ``index`` of ``side`` is found in the other
    side of ``group`` (step 4's containment)."""
    shingles = (scorer.rf if side else scorer.lf)[index].shingles
    other = scorer.grown(group.left, group.right).shingles[1 - side]
    return (len(shingles) >= CONTAINED_MIN
            and len(shingles & other) >= CONTAINED * len(shingles))


def _paired_again(out: list[Pair], again: set[tuple[int, int]], scorer: _Scorer) -> list[Pair]:
    """``out`` with the pairs of ``again`` made again (by position) where
    neither of their paragraphs joined a group after all."""
    result: list[Pair] = []
    for item in out:
        if (result and item.basis == "alone" and not item.left and result[-1].basis == "alone"
                and result[-1].left and (result[-1].left[0], item.right[0]) in again):
            i, j = result[-1].left[0], item.right[0]
            result[-1] = Pair((i,), (j,), scorer(i, j), "position")
        else:
            result.append(item)
    return result


def _neighbour(out: list[Pair], index: int, step: int) -> int | None:
    """The nearest group before or after a lone paragraph in its own side's
    reading order (paragraphs alone on the other side do not come between)."""
    side = "left" if out[index].left else "right"
    k = index + step
    while 0 <= k < len(out) and out[k].basis == "alone" and not getattr(out[k], side):
        k += step
    if 0 <= k < len(out) and out[k].basis not in ("alone", "manual"):
        return k
    return None


def _joined(scorer: _Scorer, out: list[Pair], index: int, k: int) -> Pair | None:
    """The group ``out[k]`` with the lone paragraph ``out[index]``, if it joins."""
    item, group = out[index], out[k]
    side = 0 if item.left else 1
    mine = (item.left or item.right)[0]
    own, partner = (group.left, group.right) if side == 0 else (group.right, group.left)
    grown = scorer.grown(group.left, group.right)
    text = (scorer.right if side else scorer.left)[mine]
    score = grown.score_with(side, text, mine > own[-1])
    lefts, rights = ((tuple(sorted(group.left + (mine,))), group.right) if side == 0
                     else (group.left, tuple(sorted(group.right + (mine,)))))
    meaningful = group.basis != "position" and (group.score or 0) >= NOISE
    if not (meaningful and score > group.score):  # the joined texts read closer: it joins
        alone = grown.score_against(1 - side, text)
        if _explained(scorer, grown, side, mine, alone):
            return None
        # Other paragraphs it could belong to: the other side of nearby groups.
        others = [j for g in out[max(index - 3, 0):index + 4] if g is not group
                  for j in (g.right if side == 0 else g.left)]
        rivals = [scorer(mine, j) if side == 0 else scorer(j, mine) for j in others]
        shingles = (scorer.rf if side else scorer.lf)[mine].shingles
        # (A group that stands on its own wording, which it would read less
        # like, takes a paragraph by its place only when the place is beyond
        # doubt: DILUTE times any rival, and some wording shared, unless it is
        # the first paragraph of its clause joining the other's first, with
        # which it has a content word in common.)
        first = (mine == 0 and partner[:1] == (0,) and not grown.stems[1 - side].keys()
                 .isdisjoint((scorer.rf if side else scorer.lf)[mine].stems))
        if not ((meaningful and alone >= NOISE and alone >= ATTACH * group.score)  # as close
                or (alone > 0 and rivals and alone >= (DILUTE if meaningful else MARGIN)
                    * max(rivals) and (not meaningful or alone >= NOISE or first))  # its place
                or (len(shingles) >= CONTAINED_MIN and partner  # its words are in the other side
                    and len(shingles & grown.shingles[1 - side]) >= CONTAINED * len(shingles))):
            return None
    basis = group.basis
    if basis == "position" and score >= scorer.threshold:
        basis = "score"  # joined, the group shares enough wording to stand on its own
    return Pair(lefts, rights, score, basis, True)


def _explained(scorer: _Scorer, grown: GroupScore, side: int, mine: int, alone: float) -> bool:
    """Whether paragraph ``mine`` resembles the group's other side (score
    ``alone``) only as a repetition of the group's own paragraphs: it reads
    at least as close to them, and what it shares with the other side is
    already accounted for by them. A paragraph repeating its neighbour's
    formula (``… of Protocol 3 …``, ``… of Protocol 4 …``) resembles the text
    its neighbour is paired with only through that neighbour, and joining
    would hide that it has no counterpart. Shares are counted on content
    words with their repetitions, so that a text that does say the formula
    twice still takes both."""
    if grown.score_against(side, (scorer.right if side else scorer.left)[mine]) < alone:
        return False
    counts = (scorer.rf if side else scorer.lf)[mine].stems
    partner, own = grown.stems[1 - side], grown.stems[side]
    shared = sum(min(count, partner[stem]) for stem, count in counts.items() if stem in partner)
    left_over = sum(min(count, partner[stem] - own[stem]) for stem, count in counts.items()
                    if partner[stem] > own[stem])
    return shared > 0 and left_over < EXPLAINED * shared


def align_paragraphs(left: Sequence[str], right: Sequence[str], folding: Folding = Folding(),
                     threshold: float = PARAGRAPH_THRESHOLD,
                     pairs: ManualPairs | None = None) -> tuple[Pair, ...]:
    """Align two lists of paragraph texts (see the module for the rule).

    ``pairs``: manual groups (0-based, see :func:`parse_pair_spec`), fixed
    before anything else; a ``ValueError`` says what is wrong with them.
    """
    rows, cols = len(left), len(right)
    scorer = _Scorer(left, right, folding, threshold)  # features computed when first needed
    if pairs:
        _check_manual(pairs, rows, cols)
        fixed = [Pair(lefts, rights, scorer.grown(lefts, rights).score() if lefts and rights
                      else None, "manual") for lefts, rights in pairs]
    elif rows == 1 and cols == 1:
        return (Pair((0,), (0,), None, "single"),)  # no score needed: nothing to choose
    else:
        scored = [(i, j, scorer(i, j)) for i, j in candidate_pairs(scorer, 0, rows, 0, cols)]
        # A pair that is each other's clear best weighs PREFERRED times its score:
        # six paragraphs of one formula, one of them dropped, read as five
        # identical pairs (5 × 2.0), not six neighbours at 0.9 each (5.4); while
        # four renumbered paragraphs of a formula (4 × 0.92, tied with each
        # other) are not given up for one identical paragraph that moved across
        # them (2.0), nor one at 0.92 for a clear but weak pair (0.25 × 2).
        best = _mutual_best(scored, left, right)
        fixed = [Pair((i,), (j,), scorer(i, j), "score") for i, j, _ in _chain(
            [(i, j, score * PREFERRED if (i, j) in best else score)
             for i, j, score in scored if score >= threshold])]
    found: list[Pair] = []
    i = j = 0
    for pair in fixed + [Pair((rows,), (cols,), None, "end")]:
        top_i = pair.left[0] if pair.left else i
        top_j = pair.right[0] if pair.right else j
        found.extend(_fill_gap(scorer, i, top_i, j, top_j, closed=pair.basis != "end"))
        found.append(pair)
        i = pair.left[-1] + 1 if pair.left else i
        j = pair.right[-1] + 1 if pair.right else j
    groups = _with_alone(found[:-1], rows, cols)
    if any(g.basis == "position" and (g.score or 0.0) < NOISE for g in groups):
        groups, again = _loosened(scorer, groups)
        return tuple(_paired_again(_attach_alone(scorer, groups), again, scorer))
    return tuple(_attach_alone(scorer, groups))
