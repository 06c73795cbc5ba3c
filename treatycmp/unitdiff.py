"""The diff of two unit strings (one character per unit, see
:mod:`treatycmp.diff`), as diff-match-patch diffs: the passes that make it
the diff a legal reader wants.

:func:`anchored_diff` aligns the units in three passes (docs/figures.md,
"The diff"):

1. **shared phrases**: the runs of an exact longest common subsequence
   (rapidfuzz's bit-parallel ``Indel``, in C++) holding two content words
   are kept; in the gaps between them every common run with two content
   words, or three units and a content word, is a candidate, the longest
   kept first where it crosses none kept before (:func:`_phrase_anchors`,
   difflib's longest-block-first), unless the subsequence's own matches
   there already settle it (:func:`_settled`);
2. **shared content words** in the remaining gaps (:func:`_content_matches`);
3. a longest common subsequence of what is left (function words, marks).

Texts longer than :data:`ANCHOR_AREA` unit pairs are first cut at anchors,
as git's patience and histogram diffs do (:func:`_cut_regions`), so that time
and memory grow about linearly; a region that no anchor cuts is left to
diff-match-patch's Myers diff (:class:`Engine`), bounded by the time limit.

Its cleanups (merging, the sideways shift, the function-word fold) are in
:mod:`treatycmp.cleanup`.

"Content" is given as the set of unit characters that are content words
(:func:`treatycmp.diff.is_content_key` decides), so this module knows
nothing of words, only of units.
"""

from __future__ import annotations

import bisect
import time
from itertools import compress
from operator import or_

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

from .cleanup import FOLD_UNITS

# Left × right units up to which a region is diffed exactly, uncut: rapidfuzz's
# bit-parallel Indel holds n·m/64 words (32 MB here) and takes about as many
# steps (~0.1 s). (At 4 million, one paragraph of 2,000 words whose sentences
# recur was cut at the wrong occurrences, and showed words replaced in place
# as moved: audit 9, F5.)
ANCHOR_AREA = 256_000_000
MAX_OCCURRENCES = 64  # a unit more frequent than this in a region is never an anchor


class Engine(diff_match_patch):
    """diff-match-patch that remembers whether its deadline cut a diff short."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.Diff_Timeout = timeout
        self.timed_out = False

    def diff_bisect(self, text1, text2, deadline):  # noqa: N802 (upstream name)
        result = super().diff_bisect(text1, text2, deadline)
        # The bisection only stops early when the deadline has passed.
        if time.time() > deadline:
            self.timed_out = True
        return result


def _unique_anchors(a: str, b: str, alo: int, ahi: int, blo: int,
                    bhi: int) -> list[tuple[int, int, int]]:
    """Patience diff's anchors: units that occur exactly once on each side of
    the region, kept where their order agrees (longest increasing subsequence)."""
    count: dict[str, int] = {}
    for unit in a[alo:ahi]:
        count[unit] = count.get(unit, 0) + 1
    where: dict[str, int] = {}
    for j in range(blo, bhi):
        unit = b[j]
        if count.get(unit) == 1:
            where[unit] = -1 if unit in where else j
    pairs = sorted((i, where[a[i]]) for i in range(alo, ahi)
                   if where.get(a[i], -1) >= 0 and count[a[i]] == 1)
    # Longest increasing subsequence of the b positions (patience sorting).
    tails: list[int] = []
    links: list[int] = []
    tail_index: list[int] = []
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        links.append(tail_index[k - 1] if k else -1)
        if k == len(tails):
            tails.append(j)
            tail_index.append(index)
        else:
            tails[k] = j
            tail_index[k] = index
    chain, index = [], tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(pairs[index])
        index = links[index]
    # Each anchor grows into the run of equal units that follows it.
    runs: list[tuple[int, int, int]] = []
    for i, j in reversed(chain):
        if runs and i < runs[-1][0] + runs[-1][2]:
            continue  # already inside the previous run
        k = 1
        while i + k < ahi and j + k < bhi and a[i + k] == b[j + k]:
            k += 1
        runs.append((i, j, k))
    return runs


def _rarest_run(a: str, b: str, alo: int, ahi: int, blo: int,
                bhi: int) -> tuple[int, int, int] | None:
    """Histogram diff's split point: a run starting with the rarest shared unit
    (at most :data:`MAX_OCCURRENCES` times in ``a``); among those the longest,
    then the one nearest the diagonal, then the earliest."""
    positions: dict[str, list[int]] = {}
    for i in range(alo, ahi):
        positions.setdefault(a[i], []).append(i)
    scale = (ahi - alo) / (bhi - blo)
    best: tuple[int, int, float, int, int] | None = None
    for j in range(blo, bhi):
        found = positions.get(b[j])
        if found is None or len(found) > (best[0] if best else MAX_OCCURRENCES):
            continue
        for i in found:
            if i > alo and j > blo and a[i - 1] == b[j - 1]:
                continue  # inside a run already measured from its start
            k = 1
            while i + k < ahi and j + k < bhi and a[i + k] == b[j + k]:
                k += 1
            key = (len(found), -k, abs((i - alo) - (j - blo) * scale), i, j)
            if best is None or key < best:
                best = key
    return None if best is None else (best[3], best[4], -best[1])


def _anchors(a: str, b: str) -> list[tuple[int, int, int]]:
    """Matching blocks ``(i, j, k)`` that cut a long diff into small ones.

    As git's patience and histogram diffs do: a large region is cut at the
    units that occur once on each side (in agreeing order) or, failing
    those, at the longest run that starts with its rarest shared unit; the
    pieces are cut again until each is small enough for diff-match-patch's
    exact O(ND) diff. Short texts (every treaty clause) are never cut, so
    their diff is exactly diff-match-patch's.
    """
    def rarest(alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int, int]]:
        run = _rarest_run(a, b, alo, ahi, blo, bhi)
        return [run] if run else []
    return _cut_regions(a, b, rarest)


def _cut_regions(a: str, b: str, fallback) -> list[tuple[int, int, int]]:
    """Matching blocks that cut ``a`` × ``b`` into regions of at most
    :data:`ANCHOR_AREA` unit pairs: a region too large is cut at its units
    found once on each side, else at what ``fallback(alo, ahi, blo, bhi)``
    finds, and the pieces are cut again."""
    blocks: list[tuple[int, int, int]] = []
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        if (ahi - alo) * (bhi - blo) <= ANCHOR_AREA:
            continue
        found = (_unique_anchors(a, b, alo, ahi, blo, bhi)
                 or fallback(alo, ahi, blo, bhi))
        i, j = alo, blo
        for anchor in found:
            blocks.append(anchor)
            stack.append((i, anchor[0], j, anchor[1]))
            i, j = anchor[0] + anchor[2], anchor[1] + anchor[2]
        if found:
            stack.append((i, ahi, j, bhi))
    return sorted(blocks)


_TAGS = {"equal": diff_match_patch.DIFF_EQUAL, "delete": diff_match_patch.DIFF_DELETE,
         "insert": diff_match_patch.DIFF_INSERT}


def _exact_diff(a: str, b: str) -> list[tuple[int, str]]:
    """A longest common subsequence of two unit strings, as diff-match-patch diffs."""
    return [(_TAGS[tag], b[j1:j2] if tag == "insert" else a[i1:i2])
            for tag, i1, i2, j1, j2 in Indel.opcodes(a, b).as_list()]


def _raw_diff(engine: Engine, a: str, b: str, deadline: float,
              merge: bool = True) -> list[tuple[int, str]]:
    diffs: list[tuple[int, str]] = []
    i = j = 0
    for ai, bj, k in _anchors(a, b) + [(len(a), len(b), 0)]:
        if i < ai and j < bj and (ai - i) * (bj - j) <= ANCHOR_AREA:
            diffs.extend(_exact_diff(a[i:ai], b[j:bj]))
        elif i < ai and j < bj:
            diffs.extend(engine.diff_main(a[i:ai], b[j:bj], False, deadline))
        elif i < ai:
            diffs.append((diff_match_patch.DIFF_DELETE, a[i:ai]))
        elif j < bj:
            diffs.append((diff_match_patch.DIFF_INSERT, b[j:bj]))
        if k:
            diffs.append((diff_match_patch.DIFF_EQUAL, a[ai:ai + k]))
        i, j = ai + k, bj + k
    if merge:
        engine.diff_cleanupMerge(diffs)
    return diffs


def _phrase_anchors(a: str, b: str, content: frozenset[str]) -> list[tuple[int, int, int]]:
    """Shared phrases ``(i, j, k)``, longest first, that never cross.

    As difflib's longest-block-first (and patience diff's anchoring on what
    both sides clearly share): every maximal common run of units that holds
    two content words, or three units and a content word, is a candidate;
    the longest are kept first, each where it crosses none kept before. A
    phrase borrowed from one text into another then stays unchanged even
    where a longest common subsequence would rather match scattered ``of
    the``."""
    n, m = len(a), len(b)
    where: dict[str, list[int]] = {}
    for i in _content_pairs(a, content):
        where.setdefault(a[i:i + 2], []).append(i)
    if not where:
        return []
    covered: dict[int, int] = {}  # by diagonal i - j: where the last run found ends in a
    runs: list[tuple[int, int, int, int]] = []
    for j in _content_pairs(b, content):
        found = where.get(b[j:j + 2])
        if found is None or len(found) > MAX_OCCURRENCES:
            continue
        for i in found:
            if i < covered.get(i - j, -1):
                continue  # inside a run already found
            s = 0
            while s < i and s < j and a[i - s - 1] == b[j - s - 1]:
                s += 1
            k = 2 + s
            while i - s + k < n and j - s + k < m and a[i - s + k] == b[j - s + k]:
                k += 1
            covered[i - j] = i - s + k
            run = a[i - s:i - s + k]
            words = sum(map(content.__contains__, run))
            if words >= 2 or (k >= 3 and words):
                runs.append((-k, -words, i - s, j - s))
    runs.sort()
    kept: list[tuple[int, int, int]] = []
    for minus_k, _, i, j in runs:
        k = -minus_k
        p = bisect.bisect(kept, (i, j, k))
        if p and (kept[p - 1][0] + kept[p - 1][2] > i or kept[p - 1][1] + kept[p - 1][2] > j):
            continue
        if p < len(kept) and (i + k > kept[p][0] or j + k > kept[p][1]):
            continue
        kept.insert(p, (i, j, k))
    return kept


def _content_pairs(text: str, content: frozenset[str]):
    """Where a pair of units with a content unit starts in ``text``."""
    flags = list(map(content.__contains__, text))
    return compress(range(len(text) - 1), map(or_, flags, flags[1:]))


def _content_matches(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int,
                     content: frozenset[str]) -> list[tuple[int, int, int]]:
    """A longest common subsequence of the content units of a region, as
    one-unit blocks: shared names, numbers and terms are matched before any
    function word can take their place."""
    left = list(compress(range(alo, ahi), map(content.__contains__, a[alo:ahi])))
    right = list(compress(range(blo, bhi), map(content.__contains__, b[blo:bhi])))
    if not left or not right:
        return []
    sa, sb = "".join(a[i] for i in left), "".join(b[j] for j in right)
    return [(left[i + t], right[j + t], 1)
            for i, j, w in Indel.editops(sa, sb).as_matching_blocks() for t in range(w)]


def _lcs_diff(a: str, b: str, diffs: list[tuple[int, str]]) -> None:
    """Appends a longest common subsequence of ``a`` and ``b`` (both
    non-empty, of at most :data:`ANCHOR_AREA` pairs) to ``diffs``."""
    i = j = 0
    for bi, bj, w in Indel.editops(a, b).as_matching_blocks():
        if i < bi:
            diffs.append((diff_match_patch.DIFF_DELETE, a[i:bi]))
        if j < bj:
            diffs.append((diff_match_patch.DIFF_INSERT, b[j:bj]))
        if w:
            diffs.append((diff_match_patch.DIFF_EQUAL, a[bi:bi + w]))
        i, j = bi + w, bj + w


def turn(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """``diffs`` seen from the other side: what was deleted inserted and the
    reverse, each change still written deletions first."""
    out: list[tuple[int, str]] = []
    equal, delete, insert = (diff_match_patch.DIFF_EQUAL, diff_match_patch.DIFF_DELETE,
                             diff_match_patch.DIFF_INSERT)
    run: list[tuple[int, str]] = []  # the change since the last unchanged text
    for op, text in (*diffs, (equal, "")):
        if op != equal:
            run.append((op, text))
            continue
        if run:
            out += [(delete, t) for o, t in run if o == insert]
            out += [(insert, t) for o, t in run if o == delete]
            run = []
        if text:
            out.append((op, text))
    return out


def _gaps(blocks, alo: int, ahi: int, blo: int, bhi: int):
    """The regions between blocks ``(i, j, k)`` (in order), each followed by its block."""
    i, j = alo, blo
    for bi, bj, k in [*blocks, (ahi, bhi, 0)]:
        yield i, bi, j, bj, k
        i, j = bi + k, bj + k


def anchored_diff(engine: Engine, a: str, b: str, content: frozenset[str],
                   deadline: float) -> tuple[list[tuple[int, str]], bool]:
    """The diff of two unit strings that a reader wants (see the module), and
    whether it is *plain*: merged (see :func:`treatycmp.cleanup.merge`) with
    nothing to fold (see :func:`treatycmp.cleanup.fold_function_words`), as
    most revisions are.

    A text longer than any clause is first cut into regions of at most
    :data:`ANCHOR_AREA` unit pairs (:func:`_cuts`); in each, the phrases of
    an exact longest common subsequence are kept (the unchanged stretches of
    a revision: they cost one pass in C++), and each gap between them is
    diffed by :func:`_phrase_diff`."""
    diffs: list[tuple[int, str]] = []
    if len(a) * len(b) <= ANCHOR_AREA:  # (every clause)
        return diffs, _region_diff(engine, a, b, content, deadline, diffs)
    for alo, ahi, blo, bhi, k in _gaps(_cuts(a, b, content), 0, len(a), 0, len(b)):
        _region_diff(engine, a[alo:ahi], b[blo:bhi], content, deadline, diffs)
        if k:
            diffs.append((diff_match_patch.DIFF_EQUAL, a[ahi:ahi + k]))
    return diffs, False


def _cuts(a: str, b: str, content: frozenset[str]) -> list[tuple[int, int, int]]:
    """Matching blocks ``(i, j, k)`` that cut a long diff into regions of at
    most :data:`ANCHOR_AREA` unit pairs: as git's patience diff, the units
    found once on each side (in agreeing order); where there are none (a
    long text whose every word recurs), its shared phrases, longest first
    (:func:`_phrase_anchors`), never a rare word's first match elsewhere."""
    def phrases(alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int, int]]:
        return [(alo + i, blo + j, k) for i, j, k in
                _phrase_anchors(a[alo:ahi], b[blo:bhi], content)]
    return _cut_regions(a, b, phrases)


def _region_diff(engine: Engine, sa: str, sb: str, content: frozenset[str], deadline: float,
                 diffs: list[tuple[int, str]]) -> bool:
    """Appends the diff of a region (see :func:`anchored_diff`) to ``diffs``;
    returns whether what it appended is plain (see there): the blocks of one
    subsequence are never side by side, so only a second pass
    (:func:`_phrase_diff`) or a short run of function words can make it not."""
    if not (sa and sb and len(sa) * len(sb) <= ANCHOR_AREA):
        _phrase_diff(engine, sa, sb, content, deadline, diffs)
        return False
    plain = True
    i = j = 0
    n = len(sa)
    loose: list = []  # the subsequence's blocks since the last phrase kept
    append, disjoint = diffs.append, content.isdisjoint
    equal, delete, insert = (diff_match_patch.DIFF_EQUAL, diff_match_patch.DIFF_DELETE,
                             diff_match_patch.DIFF_INSERT)
    for block in Indel.editops(sa, sb).as_matching_blocks():
        bi, bj, w = block
        # A run of the subsequence is kept as a phrase when it holds two
        # content words, or three units and a content word found nowhere
        # else (with one that recurs, a phrase with two may cross it).
        if bi < n and not (w >= 2 and (
                (sa[bi] in content and sa[bi + w - 1] in content)
                or len(found := content.intersection(sa[bi:bi + w])) >= 2
                or (found and ((c := next(iter(found))) and sa.count(c, bi, bi + w) >= 2
                               or (w >= 3 and sa.count(c) == 1 and sb.count(c) == 1))))):
            if w:
                loose.append(block)
            continue
        # The gap before this phrase (or the end).
        if not loose:  # nothing in common (the usual gap of a revision)
            if i < bi:
                append((delete, sa[i:bi]))
            if j < bj:
                append((insert, sb[j:bj]))
        elif _settled(sa, sb, i, bi, j, bj, loose, content):
            # The subsequence's own matches are the ones to show.
            for k, (li, lj, lw) in enumerate(loose):
                if i < li:
                    append((delete, sa[i:li]))
                if j < lj:
                    append((insert, sb[j:lj]))
                run = sa[li:li + lw]
                append((equal, run))
                if plain and lw <= FOLD_UNITS and disjoint(run):
                    # A run the cleanup folds (see fold_function_words)?
                    ni, nj = ((loose[k + 1][0], loose[k + 1][1]) if k + 1 < len(loose)
                              else (bi, bj))
                    sides = (i < li) + (j < lj) + (li + lw < ni) + (lj + lw < nj)
                    plain = not (sides == 4 or (sides == 3 and 2 * lw <= FOLD_UNITS))
                i, j = li + lw, lj + lw
            if i < bi:
                append((delete, sa[i:bi]))
            if j < bj:
                append((insert, sb[j:bj]))
        else:
            _phrase_diff(engine, sa[i:bi], sb[j:bj], content, deadline, diffs)
            plain = False
        loose = []
        if w:
            append((equal, sa[bi:bi + w]))
        i, j = bi + w, bj + w
    return plain


def _settled(a: str, b: str, alo: int, ahi: int, blo: int, bhi: int, blocks: list,
             content: frozenset[str]) -> bool:
    """Whether the blocks of a longest common subsequence of a gap are the
    matches to show there: no content word is shared, or the subsequence
    matches every content word the two sides share and no phrase (a common
    run that :func:`_phrase_anchors` would keep) other than its own blocks
    is there to prefer."""
    shared = content.intersection(a[alo:ahi]).intersection(b[blo:bhi])
    if not shared:
        return True
    if len(shared) == 1:  # (the usual case: one shared word, once on each side)
        c = next(iter(shared))
        i, j = a.find(c, alo, ahi), b.find(c, blo, bhi)
        if a.find(c, i + 1, ahi) < 0 and b.find(c, j + 1, bhi) < 0:
            for li, lj, lw in blocks:
                if li <= i < li + lw and lj - li == j - i:  # matched, in a whole run
                    return not ((li > alo and lj > blo and a[li - 1] == b[lj - 1]) or (
                        li + lw < ahi and lj + lw < bhi and a[li + lw] == b[lj + lw]))
            return False
    matched = sum(sum(map(content.__contains__, a[i:i + w])) for i, _, w in blocks)
    if matched != sum(min(a.count(c, alo, ahi), b.count(c, blo, bhi)) for c in shared):
        return False
    matched_runs = None
    for c in shared:
        i = a.find(c, alo, ahi)
        while i >= 0:
            j = b.find(c, blo, bhi)
            while j >= 0:
                s = 0
                while i - s > alo and j - s > blo and a[i - s - 1] == b[j - s - 1]:
                    s += 1
                k = 1
                while i + k < ahi and j + k < bhi and a[i + k] == b[j + k]:
                    k += 1
                run = a[i - s:i + k]
                if len(run) >= 3 or (len(run) == 2 and run[1 if run[0] == c else 0] in content):
                    if matched_runs is None:
                        matched_runs = set(map(tuple, blocks))
                    if (i - s, j - s, s + k) not in matched_runs:
                        return False  # a phrase to prefer
                j = b.find(c, j + 1, bhi)
            i = a.find(c, i + 1, ahi)
    return True


def _phrase_diff(engine: Engine, a: str, b: str, content: frozenset[str], deadline: float,
                 diffs: list[tuple[int, str]]) -> None:
    """Appends to ``diffs`` the diff of ``a`` and ``b``: shared phrases first
    (:func:`_phrase_anchors`), then shared content words in the gaps, then
    a longest common subsequence of what is left (function words, marks)."""
    shared = set(a).intersection(b)
    if not shared:  # (the usual gap of a revision)
        if a:
            diffs.append((diff_match_patch.DIFF_DELETE, a))
        if b:
            diffs.append((diff_match_patch.DIFF_INSERT, b))
        return
    small = len(a) * len(b) <= ANCHOR_AREA
    if content.isdisjoint(shared) and small:
        _lcs_diff(a, b, diffs)  # no phrase, no content word to anchor on
        return
    phrases = _phrase_anchors(a, b, content) if len(a) > 1 and len(b) > 1 else []
    for alo, ahi, blo, bhi, k in _gaps(phrases, 0, len(a), 0, len(b)):
        words = []
        if (ahi - alo) * (bhi - blo) <= ANCHOR_AREA:
            words = _content_matches(a, b, alo, ahi, blo, bhi, content)
        for ilo, ihi, jlo, jhi, w in _gaps(words, alo, ahi, blo, bhi):
            if ilo < ihi and jlo < jhi and small:
                _lcs_diff(a[ilo:ihi], b[jlo:jhi], diffs)
            elif ilo < ihi and jlo < jhi:
                diffs.extend(_raw_diff(engine, a[ilo:ihi], b[jlo:jhi], deadline, merge=False))
            elif ilo < ihi:
                diffs.append((diff_match_patch.DIFF_DELETE, a[ilo:ihi]))
            elif jlo < jhi:
                diffs.append((diff_match_patch.DIFF_INSERT, b[jlo:jhi]))
            if w:
                diffs.append((diff_match_patch.DIFF_EQUAL, a[ihi:ihi + w]))
        if k:
            diffs.append((diff_match_patch.DIFF_EQUAL, a[ahi:ahi + k]))
