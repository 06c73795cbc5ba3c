"""Article alignment: which provisions of two treaties correspond.

:func:`align_articles` pairs the transcribed provisions (preamble, articles,
conclusions) of one text version with those of another, in seven steps
(docs/alignment.md gives the reasons and the measurements):

1. **Candidates.** Two small texts (at most :data:`FULL_MATRIX_CELLS` pairs)
   have every pair scored. Larger ones have only the candidate pairs of an
   inverted index of rare words and word pairs scored
   (:func:`~treatycmp.candidates.candidate_pairs`). A provision not yet
   transcribed has no text: it is never scored or matched, only listed.
2. **Scores.** :func:`~treatycmp.similarity.provision_score` (the mean of
   5-character shingle Jaccard and word Dice) of each scored pair: ``scores``.
3. **Hints.** Numbering and headings are weak hints, never proof, given by
   :func:`hint_bonus`: :data:`KIND_BONUS` when both are the preamble or both
   the conclusions, :data:`NUMBER_BONUS` for articles with the same number,
   and up to :data:`HEADING_BONUS` by the word Dice of the two headings. A
   bonus counts only for a pair whose text alone reaches the threshold.
4. **Assignment.** A one-to-one assignment that maximises the total of
   ``score - threshold + bonus`` over the pairs scoring at least ``threshold``
   (:func:`~treatycmp.assign.assign_pairs`).
5. **Splits.** An unmatched provision U joins the match of a candidate
   partner P when at least :data:`SPLIT_CONTAINMENT` of U's shingles occur in
   P and P scores at least :data:`SPLIT_GAIN` higher against its partner and U
   joined (in reading order) than against its partner alone; largest gain
   first, repeated; a match grows on one side only, a curated one never,
   and only by a neighbour: the parts of a split are consecutive in reading
   order (no provision between them, transcribed or not), so a split never
   straddles another pair.
6. **Mutual best.** Texts of different treaties that say the same thing in
   different words score low. Two provisions still unmatched are paired when
   each is the other's best by the tf-idf cosine of their words
   (:func:`~treatycmp.candidates.cosine`, document frequencies over both
   texts, so the words every article uses weigh little), that cosine is at
   least :data:`RELATIVE_FLOOR`, and it is at least :data:`RELATIVE_MARGIN`
   times the second best of both (every scored provision competes, matched
   or not).
7. **Curated pairs** (:class:`~treatycmp.model.CuratedAlignment`, and pairs
   given by hand, :func:`parse_provision_pairs`) override the rest: their
   provisions are taken out before step 4. A curated pair may say that a
   provision has no counterpart. A pair naming a provision that does not
   exist raises :class:`~treatycmp.errors.DataError` with the file and line; a
   pair naming one that is not transcribed is kept as :class:`StalePair`,
   and the provision it pairs with stays out of steps 4 to 6 (a person has
   decided its counterpart: ``TreatyAlignment.held``).

**Ties** are broken by a documented rule, so the same input always gives the
same table: weights are compared as integers in millionths; among assignments
of equal weight, the one that keeps reading order best wins (least sum of
squared differences of positions in reading order).

:func:`compare_pairs` then compares each pair as a clause
(:func:`~treatycmp.compare.compare_provisions`); the parts of a split are
compared as one provision (:func:`joined_provision`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Iterator, Mapping, Sequence

from .align import parse_pair_spec
from .assign import assign_pairs
from .candidates import candidate_pairs, cosine, term_weights
from .compare import ClauseComparison, Options, compare_provisions
from .curation import StalePair, paragraphs_error, resolve_curated, with_manual
from .model import ARTICLE, CuratedAlignment, CuratedPair, Provision, TextVersion
from .similarity import shingles, word_dice
from .text import Folding, words

ARTICLE_THRESHOLD = 0.3  # score in [0, 1] a pair's text must reach to be matched
KIND_BONUS = 0.05  # both the preamble, or both the conclusions
NUMBER_BONUS = 0.02  # two articles with the same number
HEADING_BONUS = 0.05  # times the word Dice of the two headings
SPLIT_CONTAINMENT = 0.5  # share of a part's shingles found in the whole, in [0, 1]
SPLIT_GAIN = 0.02  # score gained by joining a part to a match
RELATIVE_FLOOR = 0.15  # tf-idf cosine in [0, 1] a mutual-best pair must reach
RELATIVE_MARGIN = 1.5  # times the second-best cosine, on both sides
FULL_MATRIX_CELLS = 4096  # up to this many pairs (64 × 64) every pair is scored
_SCALE = 10 ** 6  # weights compared in millionths
AUTOMATIC, CURATED = "automatic", "curated"
THRESHOLD_RULE, SPLIT_RULE, MUTUAL_RULE = "threshold", "split", "mutual best"


@dataclass(frozen=True)
class ProvisionPair:
    """Provisions that correspond: one on each side, or several on one side (a split)."""

    left: tuple[Provision, ...]
    right: tuple[Provision, ...]
    score: float  # provision_score of the (joined) texts
    basis: str  # AUTOMATIC or CURATED
    note: str | None = None  # the curated reason
    rule: str | None = None  # for an automatic pair: THRESHOLD_RULE, SPLIT_RULE, MUTUAL_RULE
    evidence: str | None = None  # for a mutual-best pair: the cosines that decided it
    paragraphs: str | None = None  # curated paragraph pairs, "1=1,2=2+3", passed on as-is
    line: int | None = None  # of the curated pair in its file
    # for an automatic pair: the same-numbered article on the other side is
    # not yet transcribed, so it may be the true counterpart (_caveat)
    caveat: str | None = None

    @property
    def is_split(self) -> bool:
        return len(self.left) > 1 or len(self.right) > 1


@dataclass(frozen=True, eq=False)
class Scores:
    """The scores of the pairs that were scored, by (row, column) index: every
    pair of two small texts (``complete``), the candidate pairs of large ones."""

    n_rows: int
    n_columns: int
    cells: Mapping[tuple[int, int], float]
    _rows: dict = field(init=False, repr=False)
    _columns: dict = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rows: dict[int, dict[int, float]] = {}
        columns: dict[int, dict[int, float]] = {}
        for (i, j), score in sorted(self.cells.items()):
            rows.setdefault(i, {})[j] = score
            columns.setdefault(j, {})[i] = score
        object.__setattr__(self, "_rows", rows)
        object.__setattr__(self, "_columns", columns)

    @property
    def complete(self) -> bool:
        return len(self.cells) == self.n_rows * self.n_columns

    def get(self, i: int, j: int) -> float | None:
        return self.cells.get((i, j))

    def row(self, i: int) -> dict[int, float]:
        """Column index -> score of the scored pairs of row ``i``."""
        return self._rows.get(i, {})

    def column(self, j: int) -> dict[int, float]:
        return self._columns.get(j, {})

    def __len__(self) -> int:
        return self.n_rows

    def __getitem__(self, i: int) -> tuple[float | None, ...]:
        if not 0 <= i < self.n_rows:
            raise IndexError(i)
        row = self.row(i)
        return tuple(row.get(j) for j in range(self.n_columns))

    def __iter__(self) -> Iterator[tuple[float | None, ...]]:
        return (self[i] for i in range(self.n_rows))

    def __eq__(self, other) -> bool:
        return (isinstance(other, Scores) and (self.n_rows, self.n_columns, dict(self.cells))
                == (other.n_rows, other.n_columns, dict(other.cells)))


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
    scores: Scores
    threshold: float
    stale: tuple[StalePair, ...] = ()
    curated_path: str | None = None
    # eid -> note: provisions a curated pair says have no counterpart
    no_counterpart: tuple[Mapping[str, str], Mapping[str, str]] = ({}, {})  # left, right
    mutual: bool = True  # whether step 6 (mutual best) was used
    # eid -> note: provisions a person paired with one not yet transcribed
    # (a stale pair): kept out of automatic pairing
    held: tuple[Mapping[str, str], Mapping[str, str]] = ({}, {})  # left, right
    manual: tuple[CuratedPair, ...] = ()  # the pairs given by hand (--pair)

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(str(s) for s in self.stale)

    def no_counterpart_note(self, provision: Provision) -> str | None:
        """Why a person said this unmatched provision has no counterpart, or None."""
        side = 0 if provision in self.unmatched_left else 1
        return self.no_counterpart[side].get(provision.eid)

    def held_note(self, provision: Provision) -> str | None:
        """Why this unmatched provision was kept out of automatic pairing (a
        person paired it with a provision not yet transcribed), or None."""
        side = 0 if provision in self.unmatched_left else 1
        return self.held[side].get(provision.eid)


# ------------------------------------------------------------- scores

@dataclass(frozen=True)
class _Features:
    shingles: frozenset[str]
    occurrences: frozenset[tuple[str, int]]  # (word, k) for the k-th occurrence of a word
    length: int
    words: tuple[str, ...]


def _features(text: str, folding: Folding) -> _Features:
    keys = words(text, folding)
    seen: Counter = Counter()
    occurrences = []
    for key in keys:
        seen[key] += 1
        occurrences.append((key, seen[key]))
    return _Features(shingles(text), frozenset(occurrences), len(keys), tuple(keys))


def _score(left: _Features, right: _Features) -> float:
    # provision_score from features computed once per provision: the same integers
    # divided the same way, so the very same float (the tests check every pair).
    # Numbering the occurrences of each word makes the multiset intersection of
    # word Dice a set intersection: sum(min(counts)) = |occurrences ∩ occurrences|.
    ls, rs = left.shingles, right.shingles
    shared = len(ls & rs)
    shingle = shared / (len(ls) + len(rs) - shared) if ls or rs else 1.0
    common = len(left.occurrences & right.occurrences)
    total = left.length + right.length
    return (shingle + (2 * common / total if total else 1.0)) / 2


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
                   threshold: float = ARTICLE_THRESHOLD,
                   manual: Sequence[CuratedPair] = (), mutual: bool = True,
                   others: tuple[Sequence[TextVersion], Sequence[TextVersion]] = ((), ())
                   ) -> TreatyAlignment:
    """Align the provisions of two text versions (see the module docstring).

    ``mutual=False`` leaves out step 6: only pairs reaching ``threshold`` are
    matched automatically.

    ``manual`` pairs (:func:`parse_provision_pairs`) are curated pairs given by
    hand: they replace the curated file's pairs that name the same provisions.

    ``others`` are the treaties' other language versions: a curated pair
    naming a provision that only another version holds is stale, not an error.
    """
    if not 0 <= threshold <= 1:
        raise ValueError("threshold must be in [0, 1]")
    ids = (left.treaty_id, right.treaty_id)
    if curated is not None and (curated.right, curated.left) == ids != ids[::-1]:
        curated = curated.swapped()
    if curated is not None and (curated.left, curated.right) != ids:
        raise ValueError("the curated alignment is not of these two treaties")
    curated = with_manual(curated, manual, ids)
    everything = (left.provisions(), right.provisions())
    sides = tuple(tuple(p for p in side if p.transcribed) for side in everything)
    rows, cols = sides
    features = tuple([_features(p.full_text, folding) for p in side] for side in sides)
    if len(rows) * len(cols) <= FULL_MATRIX_CELLS:
        cells = [(i, j) for i in range(len(rows)) for j in range(len(cols))]
    else:
        cells = sorted(candidate_pairs([f.words for f in features[0]],
                                       [f.words for f in features[1]]))
    scores = Scores(len(rows), len(cols),
                    {(i, j): _score(features[0][i], features[1][j]) for i, j in cells})
    groups, alone, stale = (resolve_curated(curated, left, right, others) if curated
                            else ([], ({}, {}), ()))
    held: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for pair in stale:
        for side, notes in enumerate(pair.held()):
            held[side].update(notes)
    fixed = ({p.eid for ls, _, _, _ in groups for p in ls} | set(alone[0]) | set(held[0]),
             {p.eid for _, rs, _, _ in groups for p in rs} | set(alone[1]) | set(held[1]))
    edges = {(i, j): round((score - threshold + hint_bonus(rows[i], cols[j], folding))
                           * _SCALE)
             for (i, j), score in scores.cells.items()
             if score >= threshold and rows[i].eid not in fixed[0]
             and cols[j].eid not in fixed[1]}
    order = tuple({p.eid: k for k, p in enumerate(side)} for side in everything)
    matched = [[[rows[i]], [cols[j]], THRESHOLD_RULE] for i, j in assign_pairs(
        edges, [order[0][p.eid] for p in rows], [order[1][p.eid] for p in cols])]
    known = tuple({p.eid: f for p, f in zip(side, fs)} for side, fs in zip(sides, features))
    _attach_splits(matched, sides, known, scores, order, fixed, folding)
    if mutual:
        matched += _mutual_best(sides, features, scores, matched, fixed)
    pairs = [ProvisionPair(tuple(ls), tuple(rs), _pair_score(ls, rs, known, folding),
                           AUTOMATIC, rule=rule, evidence=evidence[0] if evidence else None,
                           caveat=_caveat(ls, rs, everything))
             for ls, rs, rule, *evidence in matched]
    pairs += [ProvisionPair(tuple(ls), tuple(rs), _pair_score(ls, rs, known, folding),
                            CURATED, note, paragraphs=spec, line=line)
              for ls, rs, note, (spec, line) in groups]
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
        curated_path=curated.path if curated else None, no_counterpart=alone, mutual=mutual,
        held=held, manual=tuple(manual))


def _pair_score(lefts: Sequence[Provision], rights: Sequence[Provision],
                features: tuple[dict, dict], folding: Folding) -> float:
    """The score of the (joined) texts, from the features at hand when there is
    nothing to join."""
    def side(parts, known):
        if len(parts) == 1:
            return known[parts[0].eid]
        return _features(joined_provision(parts).full_text, folding)
    return _score(side(lefts, features[0]), side(rights, features[1]))


def _attach_splits(matched: list, provisions: tuple, features: tuple, scores: Scores,
                   order: tuple, fixed: tuple, folding: Folding) -> None:
    """Step 5 of the module docstring, in place on ``matched`` ([lefts], [rights], rule).

    Only scored pairs are looked at: a part and the whole it joins are a
    candidate pair. Gains are remembered until the match they belong to grows.
    """
    gains: dict[tuple, float] = {}
    while True:
        used = tuple({p.eid for pair in matched for p in pair[s]} | fixed[s] for s in (0, 1))
        owner = tuple({pair[s][0].eid: pair for pair in matched if len(pair[s]) == 1}
                      for s in (0, 1))
        best = None
        for own, other in ((0, 1), (1, 0)):
            for k, part in enumerate(provisions[own]):
                part_set = features[own][part.eid].shingles
                if part.eid in used[own] or not part_set:
                    continue
                partners = scores.row(k) if own == 0 else scores.column(k)
                for w in partners:
                    whole = provisions[other][w]
                    pair = owner[other].get(whole.eid)
                    if pair is None:
                        continue  # the whole is unmatched, or a split on its side
                    shared = len(part_set & features[other][whole.eid].shingles)
                    if shared / len(part_set) < SPLIT_CONTAINMENT:
                        continue
                    if not _consecutive(pair[own] + [part], order[own]):
                        continue  # a split never jumps over another provision
                    key = (own, part.eid, whole.eid, tuple(p.eid for p in pair[own]))
                    if key not in gains:
                        parts = sorted(pair[own] + [part], key=lambda p: order[own][p.eid])
                        gains[key] = (
                            _pair_score(*_oriented(parts, [whole], own), features, folding)
                            - _pair_score(*_oriented(pair[own], [whole], own), features,
                                          folding))
                    gain = gains[key]
                    rank = (round(gain * _SCALE), -own, -order[own][part.eid],
                            -order[other][whole.eid])
                    if gain >= SPLIT_GAIN and (best is None or rank > best[0]):
                        best = (rank, pair, own, part)
        if best is None:
            return
        _, pair, own, part = best
        pair[own][:] = sorted(pair[own] + [part], key=lambda p: order[own][p.eid])
        pair[2] = SPLIT_RULE


def _caveat(lefts: Sequence[Provision], rights: Sequence[Provision],
            everything: tuple) -> str | None:
    """For an automatic pair: which of its articles has a same-numbered article
    on the other side that is not yet transcribed (and so cannot be scored,
    though it may be the counterpart), or None."""
    found = []
    for own, other, side in ((lefts, rights, 1), (rights, lefts, 0)):
        numbers = {p.n for p in other if p.kind == ARTICLE}
        for p in own:
            if p.kind != ARTICLE or p.n in numbers:
                continue
            twin = next((q for q in everything[side]
                         if q.kind == ARTICLE and q.n == p.n and not q.transcribed), None)
            if twin is not None:
                found.append(f"{p.label} of the {('left', 'right')[1 - side]} text: "
                             f"{twin.label} of the {('left', 'right')[side]} text is not "
                             "yet transcribed and may be its counterpart")
    return ("Automatic, with a caveat: " + "; ".join(found) + ".") if found else None


def _consecutive(parts: Sequence[Provision], order: Mapping[str, int]) -> bool:
    """True when ``parts`` follow one another in reading order, with no other
    provision between them (transcribed or not): a joined group then never
    straddles another pair, nor a provision whose text is not known yet."""
    spots = sorted(order[p.eid] for p in parts)
    return spots[-1] - spots[0] == len(spots) - 1


def _oriented(own_parts, other_parts, own: int):
    return (own_parts, other_parts) if own == 0 else (other_parts, own_parts)


def _mutual_best(sides: tuple, features: tuple, scores: Scores, matched: list,
                 fixed: tuple) -> list:
    """Step 6 of the module docstring: the mutual-best pairs among the scored
    pairs of provisions still unmatched."""
    used = tuple({p.eid for pair in matched for p in pair[s]} | fixed[s] for s in (0, 1))
    free = tuple({k for k, p in enumerate(side) if p.eid not in used[s]}
                 for s, side in enumerate(sides))
    if not free[0] or not free[1]:
        return []
    vectors = term_weights([f.words for f in features[0]], [f.words for f in features[1]])
    split = len(features[0])
    found = []
    for i in sorted(free[0]):
        row = {j: cosine(vectors[i], vectors[split + j]) for j in scores.row(i)}
        j, best, second = _top_two(row)
        if j is None or j not in free[1] or best < RELATIVE_FLOOR \
                or best < RELATIVE_MARGIN * second:
            continue
        column = {r: cosine(vectors[r], vectors[split + j]) for r in scores.column(j)}
        top, best_c, second_c = _top_two(column)
        if top == i and best_c >= RELATIVE_MARGIN * second_c:
            evidence = (f"tf-idf cosine {best:.2f}; next best {second:.2f} for the left, "
                        f"{second_c:.2f} for the right")
            found.append([[sides[0][i]], [sides[1][j]], MUTUAL_RULE, evidence])
    return found


def _top_two(values: dict[int, float]) -> tuple[int | None, float, float]:
    """The key of the largest value (None on a tie), the largest and the second."""
    ranked = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked:
        return None, 0.0, 0.0
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    top = ranked[0][0] if ranked[0][1] > second else None
    return top, ranked[0][1], second


def compare_pairs(alignment: TreatyAlignment,
                  options: Options = Options()) -> tuple[ClauseComparison, ...]:
    """Compare each pair of the alignment as a clause (splits joined), in order;
    a curated pair's paragraph pairs (``paragraphs="1=1,2=2+3"``) are used
    as given, and a :class:`DataError` names the curated pair they do not fit."""
    out = []
    for pair in alignment.pairs:
        left, right = joined_provision(pair.left), joined_provision(pair.right)
        if pair.paragraphs is None:
            out.append(compare_provisions(left, right, options))
            continue
        try:
            out.append(compare_provisions(left, right, options,
                                          pairs=parse_pair_spec(pair.paragraphs)))
        except ValueError as exc:
            where = alignment.curated_path if pair.line else None
            raise paragraphs_error(left.label, right.label, pair.paragraphs, str(exc), where,
                                   pair.line) from None
    return tuple(out)


@dataclass(frozen=True)
class AlignSettings:
    """How two treaties are aligned: the options ``align`` and ``compare`` share."""

    threshold: float = ARTICLE_THRESHOLD
    pairs: tuple[CuratedPair, ...] = ()  # given by hand (parse_provision_pairs)
    curated: bool = True  # use the curated file of the two treaties
    mutual: bool = True  # step 6 (mutual best)


def align_with(left: TextVersion, right: TextVersion, curated: CuratedAlignment | None,
               folding: Folding = Folding(),
               settings: AlignSettings = AlignSettings(),
               others: tuple[Sequence[TextVersion], Sequence[TextVersion]] = ((), ())
               ) -> TreatyAlignment:
    """:func:`align_articles` with the settings of a command; ``others``: the
    treaties' language versions (``Treaty.versions``)."""
    return align_articles(left, right, curated if settings.curated else None, folding,
                          settings.threshold, settings.pairs, settings.mutual, others)
