"""Collation: one clause across many treaties, every witness read against a base.

CollateX and Juxta align copies of one work; here the witnesses are the
corresponding clauses of *different* treaties. The pipeline reuses the
clause comparison (:func:`treatycmp.compare.compare_provisions`: paragraphs
aligned, words diffed, moves marked) once per witness against the base, and
projects each comparison onto the base text:

- the base is cut into *passages* (:func:`base_passages`): runs of its diff
  units (a word or mark with the space after it) that end at a clause mark
  (``,`` ``;`` ``:`` ``.``), a line end or a paragraph end, once they hold
  :data:`MIN_PASSAGE_WORDS` words, and at :data:`MAX_PASSAGE_WORDS` words at
  the latest;
- for every base unit, a witness either keeps it (an equal opcode: the
  witness's own exact text is shown), moved it elsewhere (a numbered move)
  or drops it; the witness text inserted between base units is attached to
  the unit before it (or, at the start of a paragraph group, the unit after
  it), so that reading a witness's column from top to bottom gives back its
  whole text, in order (:func:`witness_readings` checks it);
- the similarity matrix holds the word similarity of every pair of witnesses
  (:attr:`treatycmp.compare.Figures.word_similarity`, computed once per pair,
  left = the witness given first);
- the family tree is average-linkage clustering (UPGMA) on ``1 - word
  similarity`` (:func:`upgma`): the same merges as
  ``scipy.cluster.hierarchy.linkage(method="average")``, ties broken by the
  order of the witnesses so that the result is deterministic.

Nothing here renders: :mod:`treatycmp.report.collation` builds the view-model.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Callable, Sequence

from .compare import PARAGRAPH_BREAK, ClauseComparison, Options, compare_provisions
from .diff import DELETE, EQUAL, INSERT
from .errors import LookupFailed
from .model import INTRO, Provision, TextVersion, Treaty
from .text import Token, tokenize

MIN_PASSAGE_WORDS = 3  # words a passage holds before a clause mark may end it
MAX_PASSAGE_WORDS = 14  # words after which a passage ends at the next unit
_CLAUSE_MARKS = (",", ";", ":", ".", "!", "?", "—")
KEPT, MOVED, DROPPED = "kept", "moved", "dropped"


@dataclass(frozen=True)
class Witness:
    """One clause of the collation: a provision of one language version."""

    treaty: Treaty
    version: TextVersion
    provision: Provision

    @property
    def sigil(self) -> str:
        """``nato-1949@en:5``: how the witness is named in tables (by its key
        inside an annex or for an intro: ``x@en:annex-1:3``, ``x@en:part-1:intro``)."""
        p = self.provision
        name = p.key if p.kind == INTRO or p.annex else p.n or p.kind
        return f"{self.treaty.id}@{self.version.lang}:{name}"


@dataclass(frozen=True)
class Unit:
    """A diff unit of the base: its exact text, and whether it is a word."""

    paragraph: int
    text: str
    is_word: bool
    start: int = 0  # character offset in its paragraph


@dataclass(frozen=True)
class Piece:
    """A run of a witness's text at one base unit: ``kept`` (same words as
    the base, in the witness's exact text), ``inserted`` (words the base has
    not there), ``moved`` (an inserted run that the base has elsewhere;
    ``move`` numbers it)."""

    kind: str
    text: str
    move: int | None = None


@dataclass(frozen=True)
class Reading:
    """What a witness reads at one base unit: what it does with the unit
    (:data:`KEPT`, :data:`MOVED` or :data:`DROPPED`) and its text there."""

    state: str
    pieces: tuple[Piece, ...]
    move: int | None = None  # the move number when the base unit moved


@dataclass(frozen=True)
class Passage:
    """Base units ``start`` to ``stop`` (exclusive), in one paragraph."""

    paragraph: int
    start: int
    stop: int


@dataclass(frozen=True)
class Collation:
    witnesses: tuple[Witness, ...]
    base: int  # index of the base in ``witnesses``
    units: tuple[Unit, ...]  # the base's units, all paragraphs
    passages: tuple[Passage, ...]
    readings: tuple[tuple[Reading, ...] | None, ...]  # per witness (None for the base)
    comparisons: tuple[ClauseComparison | None, ...]  # base against each witness
    similarity: tuple[tuple[float, ...], ...]  # word similarity, symmetric, 1 on the diagonal
    linkage: tuple[tuple[int, int, float, int], ...]  # UPGMA merges, as scipy's linkage
    options: Options = field(default=Options())


# ----------------------------------------------------------------- languages

def choose_languages(treaties: Sequence[Treaty], langs: Sequence[str | None],
                     base: int = 0) -> tuple[list[TextVersion], str | None]:
    """The version of each treaty to collate, and the language chosen
    automatically (``None`` when languages were given).

    A language given for a treaty is used for it; treaties given none take
    the base's language if it was given, else the first language given.
    With no language given at all, a language in which every treaty is
    authentic is chosen (in the order of the base's authentic languages);
    failing that, the first of the base's languages that every treaty has a
    text in (some of them translations: the report says which). Raise
    :class:`LookupFailed` naming each treaty's languages otherwise.
    """
    from .refs import describe_languages, select_version

    given = [lang for lang in langs if lang]
    if given:
        fallback = langs[base] or given[0]
        return [select_version(t, lang or fallback) for t, lang in zip(treaties, langs)], None
    head = treaties[base]
    for lang in head.work.authentic_languages:
        versions = [t.version(lang) for t in treaties]
        if all(v is not None and v.is_authentic for v in versions):
            return versions, lang
    for lang in (*head.work.authentic_languages, *head.languages):
        versions = [t.version(lang) for t in treaties]
        if all(v is not None for v in versions):
            return versions, lang
    listing = "; ".join(f"{t.id}: {', '.join(describe_languages(t))}" for t in treaties)
    raise LookupFailed("these treaties have no language in common; name the language of "
                       f"each, for example {treaties[0].id}@{treaties[0].languages[0]} "
                       f"({listing})")


# --------------------------------------------------------------------- units

def _unit_bounds(tokens: Sequence[Token]) -> list[int]:
    """Token index where each unit starts, and a final sentinel (as in
    :func:`treatycmp.diff.unit_texts`: spaces and invisible characters join
    the unit before them)."""
    starts = [i for i, tok in enumerate(tokens) if i == 0 or (tok.n and not tok.t[0].isspace())]
    return starts + [len(tokens)]


def base_units(provision: Provision, options: Options) -> list[Unit]:
    out = []
    for p, paragraph in enumerate(provision.paragraphs):
        tokens = tokenize(paragraph.full_text, options.folding)
        bounds = _unit_bounds(tokens)
        offsets = [0, *accumulate(len(t.t) for t in tokens)]
        for a, b in zip(bounds, bounds[1:]):
            out.append(Unit(p, "".join(t.t for t in tokens[a:b]), tokens[a].is_word,
                            offsets[a]))
    return out


def base_passages(units: Sequence[Unit]) -> list[Passage]:
    """Cut the base's units into passages (see the module docstring)."""
    out: list[Passage] = []
    start, words = 0, 0
    for k, unit in enumerate(units):
        words += unit.is_word
        last = k + 1 == len(units) or units[k + 1].paragraph != unit.paragraph
        word = unit.text.rstrip()
        cut = (last or words >= MAX_PASSAGE_WORDS or "\n" in unit.text
               or (words >= MIN_PASSAGE_WORDS and word.endswith(_CLAUSE_MARKS)))
        if cut:
            out.append(Passage(unit.paragraph, start, k + 1))
            start, words = k + 1, 0
    return out


# ------------------------------------------------------------------ readings

def _group_units(tokens: Sequence[Token], paragraphs, units: Sequence[Unit],
                 first: int) -> dict[int, int]:
    """Which base unit each unit of a group's diff belongs to (by token index
    of the unit's start): the base unit in which the unit starts, by
    character offset in the group's text (paragraphs joined by
    :data:`treatycmp.compare.PARAGRAPH_BREAK`). Tokenised alone or in a
    group, a paragraph may be cut into units a little differently (spaces
    that open it join the unit before it in a group), so units are matched by
    where they start, never counted."""
    base_starts, at = [], 0
    paragraph_of = {}
    for n, paragraph in enumerate(paragraphs):
        paragraph_of[n] = at
        at += len(paragraph.full_text) + len(PARAGRAPH_BREAK)
    order = sorted({u.paragraph for u in units})
    for unit in units:
        base_starts.append(paragraph_of[order.index(unit.paragraph)] + unit.start)
    offsets = [0, *accumulate(len(t.t) for t in tokens)]
    out = {}
    for start in _unit_bounds(tokens)[:-1]:
        k = bisect.bisect_right(base_starts, offsets[start]) - 1
        out[start] = first + max(k, 0)
    return out


def witness_readings(comparison: ClauseComparison, units: Sequence[Unit]) -> tuple[Reading, ...]:
    """Project a comparison (base on the left) onto the base's units."""
    firsts: dict[int, int] = {}
    for k, unit in enumerate(units):
        firsts.setdefault(unit.paragraph, k)
    index = {p.eid: i for i, p in enumerate(comparison.left.paragraphs)}
    states = [DROPPED] * len(units)
    moves: list[int | None] = [None] * len(units)
    kept: list[list[Piece]] = [[] for _ in units]
    before: list[list[Piece]] = [[] for _ in units]
    after: list[list[Piece]] = [[] for _ in units]
    last = -1  # the last base unit read so far
    for row in comparison.paragraphs:
        if not row.lefts:  # witness paragraphs with no counterpart
            text = "\n\n".join(p.full_text for p in row.rights)
            (after[last] if last >= 0 else before[0]).append(Piece(INSERT + "ed", text))
            continue
        paras = [index[p.eid] for p in row.lefts]
        first = firsts[paras[0]]
        stop = first + sum(1 for u in units if u.paragraph in set(paras))
        if row.diff is None:
            last = stop - 1
            continue
        unit_of = _group_units(row.diff.left, row.lefts, units[first:stop], first)
        bounds = _unit_bounds(row.diff.left)
        at = first  # the next base unit of this row
        right_bounds = _unit_bounds(row.diff.right)
        for op in row.diff.opcodes:
            if op.tag == EQUAL:
                lu = [unit_of[i] for i in bounds if op.i1 <= i < op.i2]
                ru = [j for j in right_bounds if op.j1 <= j < op.j2] + [op.j2]
                for n, k in enumerate(lu):
                    text = "".join(t.t for t in row.diff.right[ru[n]:ru[n + 1]])
                    states[k] = KEPT
                    kept[k].append(Piece(KEPT, text))
                at = lu[-1] + 1 if lu else at
            elif op.tag == DELETE:
                for i in bounds:
                    if op.i1 <= i < op.i2:
                        k = unit_of[i]
                        if op.move is not None:
                            states[k], moves[k] = MOVED, op.move
                        at = k + 1
            elif op.tag == INSERT:
                kind = "moved" if op.move is not None else "inserted"
                piece = Piece(kind, row.diff.right_text(op), op.move)
                (before[first] if at == first else after[at - 1]).append(piece)
        last = stop - 1
    return tuple(Reading(states[k], tuple(before[k] + kept[k] + after[k]), moves[k])
                 for k in range(len(units)))


# ---------------------------------------------------------------- clustering

def upgma(distance: Sequence[Sequence[float]]) -> tuple[tuple[int, int, float, int], ...]:
    """Average-linkage clustering: scipy's ``linkage(method="average")`` rows.

    Each merge is ``(a, b, height, size)``: clusters ``a`` and ``b`` (leaves
    are ``0..n-1``, the cluster made by merge ``m`` is ``n + m``) join at
    ``height``. The closest pair is merged first; ties go to the pair whose
    smaller, then larger, cluster number is lowest.

    >>> upgma([[0, .2, .8], [.2, 0, .6], [.8, .6, 0]])
    ((0, 1, 0.2, 2), (2, 3, 0.7, 3))
    """
    n = len(distance)
    active = {i: 1 for i in range(n)}
    dist = {(i, j): float(distance[i][j]) for i in range(n) for j in range(i + 1, n)}
    merges = []
    for m in range(n - 1):
        (a, b), height = min(dist.items(), key=lambda item: (round(item[1], 12), item[0]))
        new = n + m
        sa, sb = active.pop(a), active.pop(b)
        for c in active:
            da = dist.pop((min(a, c), max(a, c)))
            db = dist.pop((min(b, c), max(b, c)))
            dist[(c, new)] = (sa * da + sb * db) / (sa + sb)
        del dist[(a, b)]
        active[new] = sa + sb
        merges.append((a, b, round(height, 12), sa + sb))
    return tuple(merges)


def leaf_order(linkage: Sequence[tuple[int, int, float, int]], n: int) -> list[int]:
    """Leaves in the order a dendrogram draws them (first child first)."""
    if n == 1:
        return [0]

    def walk(node: int) -> list[int]:
        if node < n:
            return [node]
        a, b, _, _ = linkage[node - n]
        return walk(a) + walk(b)

    return walk(n + len(linkage) - 1)


# ---------------------------------------------------------------- collation

def collate(witnesses: Sequence[Witness], base: int = 0, options: Options = Options(),
            progress: Callable[[str], None] | None = None) -> Collation:
    """Compare every witness with the base, project the comparisons onto the
    base's passages, and measure every pair of witnesses."""
    if len(witnesses) < 2:
        raise ValueError("a collation needs at least two witnesses")
    if not 0 <= base < len(witnesses):
        raise ValueError(f"base {base + 1} is not one of the {len(witnesses)} witnesses")
    for witness in witnesses:
        if not witness.provision.transcribed:
            raise ValueError(f"{witness.sigil} is not transcribed")
    n = len(witnesses)
    head = witnesses[base].provision
    units = base_units(head, options)
    comparisons: list[ClauseComparison | None] = [None] * n
    readings: list[tuple[Reading, ...] | None] = [None] * n
    similarity = [[1.0] * n for _ in range(n)]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    for done, (i, j) in enumerate(pairs, 1):
        if progress:
            progress(f"comparing {done}/{len(pairs)}: {witnesses[i].sigil} "
                     f"and {witnesses[j].sigil}")
        left, right = (i, j) if base != j else (j, i)  # the base is always read on the left
        comparison = compare_provisions(witnesses[left].provision,
                                        witnesses[right].provision, options)
        if left == base:
            comparisons[right] = comparison
        similarity[i][j] = similarity[j][i] = comparison.figures.word_similarity
    for k, comparison in enumerate(comparisons):
        if comparison is not None:
            readings[k] = witness_readings(comparison, units)
    distance = [[0.0 if i == j else 1.0 - similarity[i][j] for j in range(n)] for i in range(n)]
    return Collation(
        witnesses=tuple(witnesses), base=base, units=tuple(units),
        passages=tuple(base_passages(units)), readings=tuple(readings),
        comparisons=tuple(comparisons),
        similarity=tuple(tuple(row) for row in similarity),
        linkage=upgma(distance), options=options)
