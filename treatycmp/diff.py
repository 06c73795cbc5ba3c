"""Word-level diff of two texts, built on rapidfuzz and diff-match-patch.

The only module that uses either. As in diff-match-patch's "word mode", the
tokens (see :mod:`treatycmp.text`) are grouped into units (a word or a mark
with the space after it), each distinct unit key is mapped to one character,
the character strings are diffed, a cleanup pass turns confetti into
readable replacements, and the result is mapped back to token ranges. A unit
is never split, so a word is never split.

The diff is the one a legal reader wants, not the minimal one: a longest
common subsequence across two differently worded clauses picks scattered
``of the`` matches and hides the phrase one borrowed from the other. So the
units are aligned in three passes (see docs/figures.md, "The diff"):

1. **shared phrases**: the runs of an exact longest common subsequence
   (rapidfuzz's bit-parallel ``Indel``, in C++: the unchanged stretches of a
   revision) that hold two content words (:func:`is_content_key`: not a
   function word) are kept; in the gaps between them every common run with
   two content words, or three units and a content word, is a candidate,
   the longest kept first where it crosses none kept before
   (:func:`_phrase_anchors`, difflib's longest-block-first), unless the
   subsequence's own matches there already settle it (:func:`_settled`);
2. **shared content words** in the remaining gaps: a longest common
   subsequence of the content units only (:func:`_content_matches`), so a
   name, number or date is matched before any function word can take its
   place;
3. a longest common subsequence of what is left (function words, marks).

Texts longer than :data:`ANCHOR_AREA` unit pairs are first cut at anchors, as
git's patience and histogram diffs do, so that time and memory grow about
linearly (see :func:`_anchors`); a region that no anchor cuts is left to
diff-match-patch's Myers diff, bounded by the time limit.

Three cleanups are offered (``cleanup=``):

- ``"content"`` (the default): an unchanged run of at most
  :data:`FOLD_UNITS` units with no content word (``of the``, ``, and``)
  caught between changes is folded into one replacement
  (:func:`_fold_function_words`); a run with a content word always stays
  visible, so ``Article [-5-]{+6+} paragraph [-1-]{+2+}`` keeps
  ``paragraph``.
- ``"efficiency"``: diff-match-patch's ``diff_cleanupEfficiency`` with an
  edit cost of :data:`EDIT_COST` units: any short unchanged run between
  changes on both sides is folded, content words too.
- ``"semantic"``: ``diff_cleanupSemantic``, which also removes any unchanged
  run shorter than the changes around it; it suits near-identical texts.

Results are index ranges (:class:`Opcode`, as in difflib), never strings: each
side's text is always read from its own tokens, so the display is the exact
stored text even where matching folded case or quotes.

>>> d = diff_texts("any armed attack", "toute attaque armée", folding=EXACT)
>>> d.rebuild_left(), d.rebuild_right()
('any armed attack', 'toute attaque armée')
>>> d = diff_texts("the Parties agree", "the parties decide")
>>> [(op.tag, d.left_text(op), d.right_text(op)) for op in d.opcodes]
[('equal', 'the Parties ', 'the parties '), ('delete', 'agree', ''), ('insert', '', 'decide')]
"""

from __future__ import annotations

import bisect
from itertools import accumulate, chain, compress
from operator import itemgetter, or_
import time
from dataclasses import dataclass
from typing import NamedTuple
from functools import cached_property, lru_cache, partial

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

from .text import EXACT, Folding, Token, tokenize

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
DEFAULT_TIMEOUT = 5.0  # seconds diff-match-patch may spend before giving up on minimality
EDIT_COST = 3  # units (a word and its space): shorter unchanged runs between changes are folded
ANCHOR_AREA = 4_000_000  # left × right units up to which a region is diffed exactly, uncut
MAX_OCCURRENCES = 64  # a unit more frequent than this in a region is never an anchor
CLEANUPS = ("content", "efficiency", "semantic")
FOLD_UNITS = 4  # units: longest run of function words and marks folded between changes
# (Token fields by position: a NamedTuple field read as an item is read faster.)
_IS_WORD = itemgetter(Token._fields.index("is_word"))
_OPENS = itemgetter(Token._fields.index("opens"))
# The characters that stand for units (never a surrogate).
_CODE_RANGES = (range(0x100, 0xD800), range(0xE000, 0x110000))
_CODES = sum(map(len, _CODE_RANGES))
_FIRST_CODES = tuple(map(chr, range(0x100, 0x500)))  # the first 1,024 of them
__all__ = ["EXACT", "FUNCTION_WORDS", "ClauseDiff", "DiffStats", "Opcode", "diff_texts",
           "is_content_key", "unit_texts"]

# Function words (articles, prepositions, conjunctions, pronouns, auxiliaries)
# of the corpus's languages and their neighbours, as comparison keys (case
# folded, one apostrophe). A word not listed, a number, or a word of another
# script is a content word: what a legal reader checks (names, numbers,
# dates, references, the terms of an obligation). See docs/figures.md.
FUNCTION_WORDS = frozenset("""
a an the of to in on at by for with from into onto upon and or nor but as that this these
those which who whom whose what it its they them their there thereof therein thereto hereby
herein be is are was were been being shall will may might must should would can could has
have had do does did not no any all each every such other another some if so than then also
between among under over after before within without against same either neither both only
he she him her his we us our you your i me my one's
le la les l' un une des du de d' et ou à au aux en dans par pour sur sous avec sans entre
que qu' qui dont ce cet cette ces c' son sa ses leur leurs il elle ils elles se s' ne n' pas
est sont sera seront être a ont y tout toute tous toutes autre autres même ainsi si lorsque
lorsqu' jusqu' plus
el los las lo y o del al una unos unas con para por según cada su sus
der die das den dem des ein eine einer eines einem und oder zu von mit für auf an im ist sind
il lo gli di e da per della dello delle degli nel nella che
os as em do da dos das no na nos nas com um uma
и в во на с со по к ко от до из за о об для или не что как а но же его её их это этот эта
эти который которая которые которых быть при между также любой любая любого каждый
في من على إلى أو و أن إن عن مع هذا هذه التي الذي كل أي لا ما قد ذلك بين
的 之 和 或 与 及 在 对 其 为 以 于 中
""".split())


@lru_cache(maxsize=1 << 16)
def is_content_key(key: str) -> bool:
    """Whether a unit key (a word's comparison key) is a content word: it
    has a letter or digit and is not a function word."""
    first = key.split("\x00", 1)[0]  # a key with its spaces (whitespace not folded)
    return (any(c.isalnum() for c in first)
            and first.casefold().replace("’", "'") not in FUNCTION_WORDS)


class Opcode(NamedTuple):
    """``left[i1:i2]`` becomes ``right[j1:j2]``; tag equal, delete or insert.

    ``move`` numbers a deleted run that reappears as an inserted run
    elsewhere in the clause (the insert carries the same number); see
    :mod:`treatycmp.moves`. (A named tuple: a diff makes many.)
    """

    tag: str
    i1: int
    i2: int
    j1: int
    j2: int
    move: int | None = None


# An opcode from a tuple of all six fields, without the keyword-handling
# constructor that a named tuple's call goes through (a diff makes many).
_new_opcode = partial(tuple.__new__, Opcode)

@dataclass(frozen=True)
class DiffStats:
    """Word counts of a diff (punctuation and spaces are not words)."""

    left_words: int
    right_words: int
    unchanged: int
    deleted: int  # not counting moved words
    inserted: int  # not counting moved words
    moved: int = 0  # words in moved runs (the same words on each side)

    @property
    def word_similarity(self) -> float:
        """Share of words shown unchanged, in order: ``2·unchanged / (left + right)``."""
        total = self.left_words + self.right_words
        return 2 * self.unchanged / total if total else 1.0

    def __add__(self, other: DiffStats) -> DiffStats:
        return DiffStats(self.left_words + other.left_words, self.right_words + other.right_words,
                         self.unchanged + other.unchanged, self.deleted + other.deleted,
                         self.inserted + other.inserted, self.moved + other.moved)


@dataclass(frozen=True)
class ClauseDiff:
    left: tuple[Token, ...]
    right: tuple[Token, ...]
    opcodes: tuple[Opcode, ...]
    folding: Folding
    complete: bool = True  # False if diff-match-patch hit its timeout

    def left_text(self, op: Opcode) -> str:
        return "".join(tok.t for tok in self.left[op.i1:op.i2])

    def right_text(self, op: Opcode) -> str:
        return "".join(tok.t for tok in self.right[op.j1:op.j2])

    def rebuild_left(self) -> str:
        return "".join(self.left_text(op) for op in self.opcodes if op.tag != INSERT)

    def rebuild_right(self) -> str:
        return "".join(self.right_text(op) for op in self.opcodes if op.tag != DELETE)

    @cached_property
    def stats(self) -> DiffStats:
        # Words before each token index, so that each opcode counts in O(1).
        left = [0, *accumulate(map(_IS_WORD, self.left))]
        right = [0, *accumulate(map(_IS_WORD, self.right))]
        unchanged = deleted = inserted = moved = 0
        for op in self.opcodes:
            if op.tag == EQUAL:
                unchanged += left[op.i2] - left[op.i1]
            elif op.tag == DELETE and op.move is not None:
                moved += left[op.i2] - left[op.i1]
            elif op.tag == DELETE:
                deleted += left[op.i2] - left[op.i1]
            elif op.move is None:
                inserted += right[op.j2] - right[op.j1]
        return DiffStats(left[-1], right[-1], unchanged, deleted, inserted, moved)


class _Engine(diff_match_patch):
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


def _units(tokens: tuple[Token, ...], exact_space: bool) -> tuple[list[str], list[int]]:
    """Group tokens into diff units: a word or mark with the space after it.

    Spaces (and invisible characters, whose key is empty) are then never
    units of their own, which halves the work of the diff and keeps changes
    on word boundaries. A unit's key is its word's key alone, so that a word
    is the same word whether a space, a comma or a full stop follows it;
    only when whitespace is not folded (``exact_space``) do the spaces count.
    Returns the unit keys and the index of each unit's first token (plus a
    final sentinel).
    """
    starts = list(compress(range(len(tokens)), map(_OPENS, tokens)))
    if tokens and (not starts or starts[0]):
        starts.insert(0, 0)  # a text that opens with spaces: they are a unit
    if exact_space:
        keys = ["\x00".join(tok.n for tok in tokens[a:b])
                for a, b in zip(starts, starts[1:] + [len(tokens)])]
    else:
        keys = [tokens[index].n for index in starts]
    starts.append(len(tokens))
    return keys, starts


def unit_texts(tokens: tuple[Token, ...], lo: int, hi: int) -> list[str]:
    """The exact texts of the units of ``tokens[lo:hi]`` (a word or mark with
    the spaces after it): the two sides of an equal opcode have the same
    number of units, matched one to one, even where one side has a space
    that the other has not."""
    out: list[str] = []
    for token in tokens[lo:hi]:
        if out and (token.t[0].isspace() or not token.n):
            out[-1] += token.t
        else:
            out.append(token.t)
    return out


def _encode(left: list[str], right: list[str]) -> tuple[str, str, dict[str, str]]:
    """Map each distinct unit key to one character (diff-match-patch's word
    mode); also returns the table."""
    distinct = dict.fromkeys(chain(left, right))
    if len(distinct) <= len(_FIRST_CODES):  # (a clause: its characters are made once)
        table = dict(zip(distinct, _FIRST_CODES))
    elif len(distinct) > _CODES:
        raise ValueError("too many distinct words to diff")  # over a million: not a text
    else:
        table = dict(zip(distinct, map(chr, chain(*_CODE_RANGES))))
    return "".join(map(table.__getitem__, left)), "".join(map(table.__getitem__, right)), table


_SEEN: dict[str, bool] = {}  # unit keys already classified (a cache: same results)
_MAX_SEEN = 200_000


def _content_units(table: dict[str, str]) -> frozenset[str]:
    """The characters of ``table`` that stand for content words (each key
    classified once, then looked up)."""
    try:
        return frozenset(compress(table.values(), map(_SEEN.__getitem__, table)))
    except KeyError:
        if len(_SEEN) + len(table) > _MAX_SEEN:
            _SEEN.clear()
        for key in table:
            if key not in _SEEN:
                _SEEN[key] = is_content_key(key)
        return frozenset(compress(table.values(), map(_SEEN.__getitem__, table)))


def _move_the_longer(diffs: list[tuple[int, str]], table: dict[str, str]) -> None:
    """Where a run and its neighbour of as many units swapped places (``shall
    immediately be``, ``shall be immediately``), both readings keep as many
    words; prefer the one in which the run with more letters is the one that
    moved, as a reader does."""
    letters: dict[str, int] = {}
    for k in range(len(diffs) - 2):
        (a, x), (middle, y), (b, z) = diffs[k:k + 3]
        if (middle == diff_match_patch.DIFF_EQUAL and x == z and len(x) == len(y) and {a, b} == {
                diff_match_patch.DIFF_DELETE, diff_match_patch.DIFF_INSERT}):
            if not letters:  # only now: most diffs have no swap
                letters = {char: sum(map(str.isalnum, key)) for key, char in table.items()}
            if sum(map(letters.get, y)) <= sum(map(letters.get, x)):
                continue
            diffs[k:k + 3] = [(b, y), (middle, x), (a, y)]


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


def _raw_diff(engine: _Engine, a: str, b: str, deadline: float,
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


def _gaps(blocks, alo: int, ahi: int, blo: int, bhi: int):
    """The regions between blocks ``(i, j, k)`` (in order), each followed by its block."""
    i, j = alo, blo
    for bi, bj, k in [*blocks, (ahi, bhi, 0)]:
        yield i, bi, j, bj, k
        i, j = bi + k, bj + k


def _anchored_diff(engine: _Engine, a: str, b: str, content: frozenset[str],
                   deadline: float) -> tuple[list[tuple[int, str]], bool]:
    """The diff of two unit strings that a reader wants (see the module), and
    whether it is *plain*: merged (see :func:`_merge`) with nothing to fold
    (see :func:`_fold_function_words`), as most revisions are.

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


def _region_diff(engine: _Engine, sa: str, sb: str, content: frozenset[str], deadline: float,
                 diffs: list[tuple[int, str]]) -> bool:
    """Appends the diff of a region (see :func:`_anchored_diff`) to ``diffs``;
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
                    # A run the cleanup folds (see _fold_function_words)?
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


def _merge(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Adjacent equalities joined, and each run of changes as one deletion
    then one insertion (what diff-match-patch's cleanupMerge does to a diff
    whose changes share no first or last unit)."""
    out: list[tuple[int, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for op, text in diffs:
        if op == diff_match_patch.DIFF_DELETE:
            deleted.append(text)
        elif op == diff_match_patch.DIFF_INSERT:
            inserted.append(text)
        else:
            if deleted:
                out.append((diff_match_patch.DIFF_DELETE, "".join(deleted)))
                deleted = []
            if inserted:
                out.append((diff_match_patch.DIFF_INSERT, "".join(inserted)))
                inserted = []
            if out and out[-1][0] == op:
                out[-1] = (op, out[-1][1] + text)
            elif text:
                out.append((op, text))
    if deleted:
        out.append((diff_match_patch.DIFF_DELETE, "".join(deleted)))
    if inserted:
        out.append((diff_match_patch.DIFF_INSERT, "".join(inserted)))
    return out


def _phrase_diff(engine: _Engine, a: str, b: str, content: frozenset[str], deadline: float,
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


def _fold_function_words(diffs: list[tuple[int, str]],
                         content: frozenset[str]) -> list[tuple[int, str]]:
    """Fold confetti: an unchanged run of at most :data:`FOLD_UNITS` units
    with no content word (``of the``, ``, and``), caught between changes,
    joins them in one replacement, as diff-match-patch's efficiency cleanup
    does (changes on both sides of it, or on three of its four sides and a
    run of at most half as many units). A run holding a content word (a name,
    a number, a date, a term) always stays visible. Returns the diff merged
    (as :func:`_merge` does)."""
    equal, delete = diff_match_patch.DIFF_EQUAL, diff_match_patch.DIFF_DELETE
    if not any(op == equal and len(text) <= FOLD_UNITS and content.isdisjoint(text)
               for op, text in diffs):
        return _merge(diffs)  # nothing to fold (most revisions)
    # equals[k] stands before change k (deleted dels[k], inserted inss[k]);
    # equals[-1] after the last change.
    equals, dels, inss = [""], [], []
    for op, text in diffs:
        if op == equal:
            if len(equals) > len(dels):
                equals[-1] += text
            else:
                equals.append(text)
        else:
            if len(equals) > len(dels):
                dels.append("")
                inss.append("")
            if op == delete:
                dels[-1] += text
            else:
                inss[-1] += text
    if len(equals) == len(dels):
        equals.append("")
    folded = True
    while folded and len(dels) > 1:
        folded = False
        new_equals, new_dels, new_inss = [equals[0]], [dels[0]], [inss[0]]
        for k in range(1, len(dels)):
            run, deleted, inserted = equals[k], dels[k], inss[k]
            if len(run) <= FOLD_UNITS and content.isdisjoint(run):
                before_d, before_i = new_dels[-1], new_inss[-1]
                sides = ((before_d != "") + (before_i != "") + (deleted != "")
                         + (inserted != ""))
                if sides == 4 or (sides == 3 and 2 * len(run) <= FOLD_UNITS):
                    new_dels[-1] = before_d + run + deleted
                    new_inss[-1] = before_i + run + inserted
                    folded = True
                    continue
            new_equals.append(run)
            new_dels.append(deleted)
            new_inss.append(inserted)
        new_equals.append(equals[-1])
        equals, dels, inss = new_equals, new_dels, new_inss
    out: list[tuple[int, str]] = []
    pending = ""  # unchanged text not yet written
    for run, deleted, inserted in zip(equals, dels, inss):
        # A unit that opens or closes both sides of a change is unchanged.
        head = 0
        while head < min(len(deleted), len(inserted)) and deleted[head] == inserted[head]:
            head += 1
        tail = 0
        while (tail < min(len(deleted), len(inserted)) - head
               and deleted[-1 - tail] == inserted[-1 - tail]):
            tail += 1
        pending += run + deleted[:head]
        if pending:
            out.append((equal, pending))
        if len(deleted) > head + tail:
            out.append((delete, deleted[head:len(deleted) - tail]))
        if len(inserted) > head + tail:
            out.append((diff_match_patch.DIFF_INSERT, inserted[head:len(inserted) - tail]))
        pending = deleted[len(deleted) - tail:] if tail else ""
    pending += equals[-1]
    if pending:
        out.append((equal, pending))
    return out


def diff_texts(left: str, right: str, folding: Folding = Folding(),
               timeout: float = DEFAULT_TIMEOUT, cleanup: str = "content") -> ClauseDiff:
    """Diff ``left`` against ``right`` word by word (``cleanup``: see the module).

    ``timeout`` (seconds, > 0) bounds diff-match-patch's search in a long
    region that no anchor cuts; if it is hit the diff is still correct (it
    rebuilds both texts) but may not be minimal, and ``complete`` is False so
    that a report can say so.
    """
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    if cleanup not in CLEANUPS:
        raise ValueError(f"cleanup must be one of {CLEANUPS}")
    left_tokens, right_tokens = tokenize(left, folding), tokenize(right, folding)
    exact_space = not folding.whitespace
    left_keys, left_starts = _units(left_tokens, False)  # spaces: see _mark_spaces
    right_keys, right_starts = _units(right_tokens, False)
    left_chars, right_chars, table = _encode(left_keys, right_keys)
    content = _content_units(table)
    engine = _Engine(timeout)
    diffs, plain = _anchored_diff(engine, left_chars, right_chars, content,
                                  time.time() + timeout)
    if cleanup == "semantic":
        diffs = diffs if plain else _merge(diffs)
        engine.diff_cleanupSemantic(diffs)
    elif cleanup == "efficiency":
        diffs = diffs if plain else _merge(diffs)
        engine.Diff_EditCost = EDIT_COST
        engine.diff_cleanupEfficiency(diffs)
    elif not plain:
        diffs = _fold_function_words(diffs, content)  # (merges too)
    _move_the_longer(diffs, table)
    opcodes, i, j = [], 0, 0  # unit indexes
    for op, chars in diffs:
        k = len(chars)
        if op == diff_match_patch.DIFF_EQUAL:
            item = (EQUAL, left_starts[i], left_starts[i + k], right_starts[j],
                    right_starts[j + k], None)
            i += k
            j += k
        elif op == diff_match_patch.DIFF_DELETE:
            item = (DELETE, left_starts[i], left_starts[i + k], right_starts[j],
                    right_starts[j], None)
            i += k
        else:
            item = (INSERT, left_starts[i], left_starts[i], right_starts[j],
                    right_starts[j + k], None)
            j += k
        opcodes.append(item)
    made = tuple(map(_new_opcode, opcodes))
    if exact_space:
        made = tuple(_mark_spaces(made, left_tokens, right_tokens))
    return ClauseDiff(left_tokens, right_tokens, made, folding,
                      complete=not engine.timed_out)


def _mark_spaces(opcodes: list[Opcode], left: tuple[Token, ...],
                 right: tuple[Token, ...]) -> list[Opcode]:
    """With whitespace compared (F8): in an equal run, a word followed by
    different spaces stays equal and only the spaces are marked."""
    out: list[Opcode] = []
    for op in opcodes:
        if op.tag != EQUAL:
            out.append(op)
            continue
        i, j = op.i1, op.j1  # where the equal run not yet written starts
        for (la, lb), (ra, rb) in zip(_unit_ranges(left, op.i1, op.i2),
                                      _unit_ranges(right, op.j1, op.j2)):
            lw, rw = la + left[la].opens, ra + right[ra].opens  # the spaces after the word
            if "".join(t.n for t in left[lw:lb]) == "".join(t.n for t in right[rw:rb]):
                continue
            if lw > i or rw > j:
                out.append(Opcode(EQUAL, i, lw, j, rw))
            if lb > lw:
                out.append(Opcode(DELETE, lw, lb, rw, rw))
            if rb > rw:
                out.append(Opcode(INSERT, lb, lb, rw, rb))
            i, j = lb, rb
        if i < op.i2 or j < op.j2:
            out.append(Opcode(EQUAL, i, op.i2, j, op.j2))
    return out


def _unit_ranges(tokens: tuple[Token, ...], lo: int, hi: int) -> list[tuple[int, int]]:
    starts = [k for k in range(lo, hi) if tokens[k].opens]
    if not starts or starts[0] != lo:
        starts.insert(0, lo)
    return list(zip(starts, starts[1:] + [hi]))
