"""Which provision pairs are worth scoring, and how distinctive their shared words are.

Article alignment scores pairs of provisions. Two small treaties are scored
pair by pair; two treaties of hundreds of articles are not: most pairs share
nothing but the common words of treaty language, and scoring them all costs
quadratic time for nothing. This module gives both stages what they need:

- :func:`term_weights`: each provision's words as a tf-idf unit vector, the
  document frequency counted over the provisions of *both* texts (a word in
  every article of both treaties weighs nothing; a word in two weighs much).
- :func:`cosine`: the cosine of two such vectors, in [0, 1].
- :func:`candidate_pairs`: an inverted index of rare terms (words and word
  pairs): each provision looks up its :data:`INDEX_TERMS` rarest terms in the
  other side's index and keeps its :data:`TOP_CANDIDATES` best partners by
  the summed idf of the terms they share; the union over both sides is the
  candidate set. Terms found in more than :data:`COMMON_TERM` of the
  provisions are never looked up. Cost grows with the number of provisions
  times the lengths of the rare postings, not with the product of the sides.

>>> vectors = term_weights([["armed", "attack"], ["armed", "force"]], [["armed", "attack"]])
>>> round(cosine(vectors[0], vectors[2]), 3), round(cosine(vectors[1], vectors[2]), 3)
(1.0, 0.037)
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from typing import Sequence

INDEX_TERMS = 40  # rarest terms of a provision looked up in the other side's index
TOP_CANDIDATES = 8  # partners kept per provision and side
COMMON_TERM = (0.05, 20)  # share and number of provisions above which a term is not looked up
Vector = dict[str, float]


def term_weights(left: Sequence[Sequence[str]],
                 right: Sequence[Sequence[str]]) -> list[Vector]:
    """tf-idf unit vectors of the word lists of ``left`` then ``right``.

    Weight of a word: ``(1 + ln tf) · ln((N + 1) / (df + 0.5))`` with N the
    number of provisions of both sides and df the number containing the word;
    each vector is scaled to length 1 (an empty one stays empty).
    """
    counts = [Counter(w) for w in (*left, *right)]
    total = len(counts)
    df = Counter(word for c in counts for word in c)
    idf = {word: math.log((total + 1) / (n + 0.5)) for word, n in df.items()}
    vectors = []
    for c in counts:
        v = {word: (1 + math.log(n)) * idf[word] for word, n in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values()))
        vectors.append({word: x / norm for word, x in v.items()} if norm else {})
    return vectors


def cosine(left: Vector, right: Vector) -> float:
    """Cosine of two unit vectors (0 when either is empty), clamped to [0, 1]."""
    if len(left) > len(right):
        left, right = right, left
    return min(1.0, sum(x * right.get(word, 0.0) for word, x in left.items()))


def _terms(words: Sequence[str]) -> set[str]:
    # Word pairs carry most of the evidence between two revisions; single
    # words keep short or heavily reworded provisions findable.
    return set(words) | {f"{a} {b}" for a, b in zip(words, words[1:])}


def _by_gain(item: tuple[int, float]) -> tuple[float, int]:
    return -item[1], item[0]


def candidate_pairs(left: Sequence[Sequence[str]], right: Sequence[Sequence[str]],
                    per_provision: int = TOP_CANDIDATES,
                    index_terms: int = INDEX_TERMS) -> set[tuple[int, int]]:
    """Candidate (left index, right index) pairs of two lists of word lists.

    Deterministic: terms are ranked by (document frequency, term) and partners
    by (summed idf, lower index first).
    """
    terms = ([_terms(w) for w in left], [_terms(w) for w in right])
    postings: tuple[dict[str, list[int]], dict[str, list[int]]] = (defaultdict(list),
                                                                   defaultdict(list))
    for side in (0, 1):
        for k, ts in enumerate(terms[side]):
            for term in ts:
                postings[side][term].append(k)
    total = len(left) + len(right)
    df = {t: len(found) for t, found in postings[0].items()}
    for t, found in postings[1].items():
        df[t] = df.get(t, 0) + len(found)
    limit = max(COMMON_TERM[1], COMMON_TERM[0] * total)
    # Rarest first, then alphabetical: one rank per term makes every later
    # sort a plain lookup, and the order independent of set iteration.
    ranked = sorted((t for t in df if df[t] <= limit and t in postings[0]
                     and t in postings[1]), key=lambda t: (df[t], t))
    rank = {t: k for k, t in enumerate(ranked)}
    idf = {t: math.log((total + 1) / (df[t] + 0.5)) for t in ranked}
    pairs: set[tuple[int, int]] = set()
    for own in (0, 1):
        other = postings[1 - own]
        for k, ts in enumerate(terms[own]):
            rare = sorted((t for t in ts if t in rank), key=rank.__getitem__)[:index_terms]
            gained: dict[int, float] = defaultdict(float)
            for term in rare:
                weight = idf[term]
                for partner in other[term]:
                    gained[partner] += weight
            best = heapq.nsmallest(per_provision, gained.items(), key=_by_gain)
            pairs.update((k, p) if own == 0 else (p, k) for p, _ in best)
    return pairs
