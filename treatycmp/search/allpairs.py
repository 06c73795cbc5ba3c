"""Every pair of provisions whose shingle Jaccard similarity reaches a threshold.

The method (:func:`similar_pairs`), in three steps:

1. **Candidates** by locality-sensitive hashing on the stored MinHash
   sketches, with bands chosen for the threshold (:func:`choose_bands`): ``b``
   bands of ``r`` sketch values, a pair is a candidate when one band is equal,
   which happens with probability ``1 - (1 - J^r)^b`` for a pair of
   similarity ``J``. The bands are chosen so that a pair *at* the threshold
   is found with probability at least ``TARGET_RECALL`` (pairs above it more
   often), with the fewest false candidates.
2. **Estimate filter**: candidates whose sketch estimate is more than four
   standard errors below the threshold are dropped (a pair at the threshold
   is dropped with probability below 10⁻⁴).
3. **Exact verification**: the rest are scored exactly on their real
   shingle sets (:func:`~treatycmp.search.sketch.packed_jaccard`, equal to
   :func:`treatycmp.similarity.jaccard`, on shingles packed eight bytes
   each); only pairs at or above the threshold are returned, with their
   exact score.

So every pair returned is right (precision 1); a pair can only be missed by
step 1 or 2. The work is split into tasks that read the index file
themselves: band groups (a task holds ``BANDS_PER_TASK`` x ``r`` columns of
every sketch), then candidates grouped by blocks of rows (a task holds the
sketches and texts of two blocks of ``BLOCK_ROWS`` provisions at most): what
keeps a Dask worker's memory bounded (:mod:`treatycmp.search.scale`).

:func:`exact_pairs` is the oracle: exact all-pairs by an inverted index
(every pair sharing a shingle is counted), for tests and benchmarks.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..similarity import jaccard
from .query import Filters
from .scale import Runner
from .sketch import (NUM_PERM, packed_jaccard, packed_shingles, provision_shingles,
                     sketch_matrix)

TARGET_RECALL = 0.98       # probability that a pair exactly at the threshold is a candidate
BANDS_PER_TASK = 8         # sketch columns a band task holds: BANDS_PER_TASK x rows
PAIRS_PER_TASK = 200_000   # candidate pairs a verification task holds
BLOCK_ROWS = 20_000        # a verification task reads the rows of two blocks of ids at most
READ_ROWS = 20_000         # sketches read from the index at a time


@dataclass(frozen=True)
class Bands:
    bands: int
    rows: int

    def probability(self, similarity: float) -> float:
        """Probability that a pair of this similarity becomes a candidate."""
        return 1 - (1 - similarity ** self.rows) ** self.bands


def choose_bands(threshold: float, num_perm: int = NUM_PERM,
                 target: float = TARGET_RECALL) -> Bands:
    """The (bands, rows) with ``probability(threshold) >= target`` and the
    least false-candidate mass (the integral of the probability below the
    threshold); all bands when no choice reaches the target.

    >>> choose_bands(0.5)
    Bands(bands=61, rows=4)
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    best, best_cost = Bands(num_perm, 1), math.inf
    for rows in range(1, num_perm + 1):
        at = threshold ** rows
        if at >= 1:
            bands = 1
        elif at <= 0:
            continue
        else:  # the fewest bands that reach the target: more only add false candidates
            bands = math.ceil(math.log1p(-target) / math.log1p(-at))
        if bands * rows > num_perm:
            continue
        choice = Bands(bands, rows)
        steps = 50
        cost = sum(choice.probability(threshold * (k + 0.5) / steps) for k in range(steps))
        if cost < best_cost:
            best, best_cost = choice, cost
    return best


@dataclass(frozen=True)
class PairResult:
    left: np.ndarray     # provision ids (index rows), left < right
    right: np.ndarray
    score: np.ndarray    # exact shingle Jaccard
    candidates: int      # pairs proposed by the bands
    verified: int        # pairs scored exactly
    bands: Bands


def similar_pairs(index: Path, threshold: float, *, filters: Filters = Filters(),
                  runner: Runner | None = None) -> PairResult:
    """Every pair of provisions of the index file with shingle Jaccard >= threshold."""
    runner = runner or Runner()
    bands = choose_bands(threshold)
    groups = [(str(index), filters, bands.rows, start, min(start + BANDS_PER_TASK, bands.bands))
              for start in range(0, bands.bands, BANDS_PER_TASK)]
    found = [codes for codes in runner.map(band_candidates, groups)]
    codes = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    tasks = [(str(index), part, threshold) for part in _pair_tasks(codes)]
    lefts, rights, scores, verified = [], [], [], 0
    for left, right, score, checked in runner.map(verify_pairs, tasks):
        lefts.append(left)
        rights.append(right)
        scores.append(score)
        verified += checked
    def join(parts, dtype):
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
    return PairResult(join(lefts, np.int64), join(rights, np.int64), join(scores, np.float64),
                      len(codes), verified, bands)


def _pair_tasks(codes: np.ndarray) -> list[np.ndarray]:
    """Candidate pairs grouped by (block of the left id, block of the right id),
    ``BLOCK_ROWS`` ids a block, and cut at ``PAIRS_PER_TASK``: a task reads the
    rows of two blocks at most, however large the corpus."""
    if not len(codes):
        return []
    left, right = codes >> 32, codes & 0xFFFFFFFF
    blocks = (left // BLOCK_ROWS) * (int(right.max()) // BLOCK_ROWS + 1) + right // BLOCK_ROWS
    order = np.argsort(blocks, kind="stable")
    codes, blocks = codes[order], blocks[order]
    cuts = np.flatnonzero(np.diff(blocks)) + 1
    tasks = []
    for group in np.split(codes, cuts):
        tasks.extend(group[i:i + PAIRS_PER_TASK] for i in range(0, len(group), PAIRS_PER_TASK))
    return tasks


def _connect(index: str) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(index).resolve().as_uri()}?mode=ro", uri=True)


def _read_sketches(conn: sqlite3.Connection, filters: Filters, columns: slice):
    """``(ids, sketch columns)`` of every provision the filters allow, read in
    slices so that only the requested columns are ever held in full."""
    where, params = filters.where()
    cursor = conn.execute(f"SELECT s.id, s.sketch FROM sketches s JOIN provisions p "
                          f"ON p.id = s.id WHERE {where} ORDER BY s.id", params)
    ids, parts = [], []
    while batch := cursor.fetchmany(READ_ROWS):
        ids.extend(row[0] for row in batch)
        parts.append(np.array(sketch_matrix([row[1] for row in batch])[:, columns]))
    width = len(range(*columns.indices(NUM_PERM)))
    matrix = np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.uint32)
    return np.asarray(ids, dtype=np.int64), matrix


_EMPTY = np.uint32(0xFFFFFFFF)  # datasketch's value for a set without shingles


def band_candidates(index: str, filters: Filters, rows: int, first: int, stop: int) -> np.ndarray:
    """One task: the candidate pairs of bands ``first``..``stop - 1``, as sorted
    unique codes ``left_id << 32 | right_id``."""
    conn = _connect(index)
    try:
        ids, cols = _read_sketches(conn, filters, slice(first * rows, stop * rows))
    finally:
        conn.close()
    # A provision without shingles (all values empty) is similar to nothing.
    keep = ~(cols == _EMPTY).all(axis=1)
    ids, cols = ids[keep], cols[keep]
    rng = np.random.default_rng(rows * 1_000_003 + first)
    mix = rng.integers(1, 2**63, size=rows, dtype=np.uint64) | np.uint64(1)
    found = []
    for band in range(stop - first):
        part = cols[:, band * rows:(band + 1) * rows].astype(np.uint64)
        keys = (part * mix).sum(axis=1)  # wraps modulo 2^64: a hash of the band
        found.append(_pairs_in_buckets(ids, keys))
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _pairs_in_buckets(ids: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Codes of every pair of ids whose keys are equal."""
    order = np.argsort(keys, kind="stable")
    keys, ids = keys[order], ids[order]
    out = []
    # Compare each position with the one d places further on, while any
    # bucket is still longer than d: the work is the number of pairs.
    alive = np.arange(len(keys) - 1)
    d = 1
    while len(alive):
        alive = alive[alive + d < len(keys)]
        alive = alive[keys[alive] == keys[alive + d]]
        if len(alive):
            left, right = ids[alive], ids[alive + d]
            low, high = np.minimum(left, right), np.maximum(left, right)
            out.append((low << 32) | high)
        d += 1
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def verify_pairs(index: str, codes: np.ndarray, threshold: float):
    """One task: ``(left ids, right ids, exact scores, pairs scored)`` of the
    candidate pairs that reach ``threshold``."""
    left, right = codes >> 32, codes & 0xFFFFFFFF
    needed = np.unique(np.concatenate([left, right]))
    conn = _connect(index)
    try:
        sketches, texts = _rows(conn, needed)
    finally:
        conn.close()
    position = {int(row_id): i for i, row_id in enumerate(needed)}
    li = np.fromiter((position[int(x)] for x in left), dtype=np.int64, count=len(left))
    ri = np.fromiter((position[int(x)] for x in right), dtype=np.int64, count=len(right))
    margin = 4 * math.sqrt(threshold * (1 - threshold) / NUM_PERM)
    keep = np.zeros(len(codes), dtype=bool)
    for start in range(0, len(codes), 20_000):
        block = slice(start, start + 20_000)
        keep[block] = (sketches[li[block]] == sketches[ri[block]]).mean(axis=1) >= threshold - margin
    packed: dict[int, np.ndarray | None] = {}

    def score(i: int, j: int) -> float:
        for k in (i, j):
            if k not in packed:
                packed[k] = packed_shingles(texts[k])
        if packed[i] is None or packed[j] is None:  # a script too wide to pack
            return jaccard(provision_shingles(texts[i]), provision_shingles(texts[j]))
        return packed_jaccard(packed[i], packed[j])

    kept = np.flatnonzero(keep)
    scores = np.fromiter((score(int(li[k]), int(ri[k])) for k in kept),
                         dtype=np.float64, count=len(kept))
    ok = scores >= threshold
    return left[kept[ok]], right[kept[ok]], scores[ok], len(kept)


def _rows(conn: sqlite3.Connection, ids: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Sketches and texts of ``ids`` (sorted), through a temporary table."""
    conn.execute("CREATE TEMP TABLE wanted(id INTEGER PRIMARY KEY)")
    conn.executemany("INSERT INTO wanted VALUES (?)", ((int(i),) for i in ids))
    rows = conn.execute("SELECT s.sketch, p.text FROM wanted w JOIN provisions p ON p.id = w.id "
                        "JOIN sketches s ON s.id = w.id ORDER BY w.id").fetchall()
    if len(rows) != len(ids):
        raise ValueError("the index changed while pairs were being verified")
    return sketch_matrix([r[0] for r in rows]), [r[1] for r in rows]


def exact_pairs(shingle_sets: list[frozenset[str]], threshold: float,
                rows: list[int] | None = None) -> dict[tuple[int, int], float]:
    """The oracle: every pair ``(i, j)``, ``i < j``, with Jaccard >= threshold.

    An inverted index gives, for each row, the size of its intersection with
    every row that shares a shingle (``np.bincount`` over the postings), so no
    pair with a common shingle is skipped. With ``rows``, only pairs that
    involve one of those rows are computed (a sample, for big corpora).
    """
    vocabulary: dict[str, int] = {}
    members = [np.fromiter((vocabulary.setdefault(s, len(vocabulary)) for s in shingles),
                           dtype=np.int64, count=len(shingles)) for shingles in shingle_sets]
    owners_a = np.repeat(np.arange(len(shingle_sets), dtype=np.int64), [len(m) for m in members])
    members_a = np.concatenate(members) if members else np.zeros(0, dtype=np.int64)
    del members
    order = np.argsort(members_a, kind="stable")
    postings = owners_a[order]
    starts = np.searchsorted(members_a[order], np.arange(len(vocabulary) + 1))
    sizes = np.array([len(s) for s in shingle_sets], dtype=np.int64)
    n = len(shingle_sets)
    out: dict[tuple[int, int], float] = {}
    for i in (range(n) if rows is None else rows):
        ids = [vocabulary[s] for s in shingle_sets[i]]
        if not ids:
            continue
        shared = np.bincount(np.concatenate([postings[starts[k]:starts[k + 1]] for k in ids]),
                             minlength=n)
        scores = shared / np.maximum(sizes + sizes[i] - shared, 1)
        for j in np.flatnonzero(scores >= threshold).tolist():
            if j != i:
                out[(min(i, j), max(i, j))] = float(scores[j])
    return out


def all_pairs_bruteforce(shingle_sets: list[frozenset[str]],
                         threshold: float) -> dict[tuple[int, int], float]:
    """Every pair scored one by one: the definition, for small tests."""
    out = {}
    for i, left in enumerate(shingle_sets):
        for j in range(i + 1, len(shingle_sets)):
            score = jaccard(left, shingle_sets[j])
            if left and shingle_sets[j] and score >= threshold:
                out[(i, j)] = score
    return out
