"""Clause comparison: align the paragraphs of two provisions, diff each pair,
and compute the figures of the pair.

The figures (all defined in docs/figures.md):

- ``word_similarity``: 2 × words shown unchanged / (left words + right
  words), over the whole clause; words of unmatched paragraphs count as
  deleted or inserted.
- ``shingle_jaccard``: Jaccard similarity of the 5-character shingles of the
  two whole clause texts (:mod:`treatycmp.similarity`).
- ``deleted`` / ``inserted`` / ``unchanged`` / ``moved``: word counts.

Paragraphs are aligned by :func:`treatycmp.align.align_paragraphs`; a group
of several paragraphs on one side (one-to-many) is diffed as their texts
joined by :data:`PARAGRAPH_BREAK`, so that each side still rebuilds exactly.
Runs of words that moved are then found across the whole clause
(:mod:`treatycmp.moves`).
"""

from __future__ import annotations

import hashlib
from operator import attrgetter
from typing import NamedTuple

from .align import PARAGRAPH_THRESHOLD, ManualPairs, align_paragraphs, check_pairs, swap_pairs
from .diff import (DEFAULT_TIMEOUT, DELETE, ClauseDiff, DiffStats, count_words, diff_texts,
                   mirrored as mirror_diff, renumbered)
from .model import Paragraph, Provision
from .moves import mark_moves
from .similarity import jaccard, joined_shingles
from .text import Folding

PARAGRAPH_BREAK = "\n\n"  # between the paragraphs of a one-to-many group
_COUNTS = attrgetter("left_words", "right_words", "unchanged", "deleted", "inserted", "moved")


class Options(NamedTuple):
    """Everything that changes a comparison's result (shown in reports)."""

    folding: Folding = Folding()
    threshold: float = PARAGRAPH_THRESHOLD
    timeout: float = DEFAULT_TIMEOUT
    cleanup: str = "content"


class ParagraphComparison(NamedTuple):
    """A row of the comparison: one or more paragraphs on each side (a side
    may be empty: the paragraphs of the other are alone), and their diff."""

    lefts: tuple[Paragraph, ...]
    rights: tuple[Paragraph, ...]
    score: float | None
    diff: ClauseDiff | None  # None when one side is empty
    basis: str = "alone"  # how the row was paired: see treatycmp.align
    joined: bool = False  # lone neighbouring paragraphs joined the row (align step 4)

    @property
    def left(self) -> Paragraph | None:
        """The first left paragraph, if any."""
        return self.lefts[0] if self.lefts else None

    @property
    def right(self) -> Paragraph | None:
        return self.rights[0] if self.rights else None


class Figures(NamedTuple):
    stats: DiffStats
    shingle_jaccard: float

    @property
    def word_similarity(self) -> float:
        return self.stats.word_similarity

    @property
    def words_identical(self) -> bool:
        """Every word of each text shown unchanged, in order: whatever the
        redline marks is punctuation or spacing (a word similarity of 1.0
        does not say the texts are the same)."""
        s = self.stats
        return s.deleted == s.inserted == s.moved == 0


class ClauseComparison(NamedTuple):
    left: Provision
    right: Provision
    paragraphs: tuple[ParagraphComparison, ...]
    figures: Figures
    options: Options

    @property
    def complete(self) -> bool:
        """False if any paragraph diff hit diff-match-patch's timeout."""
        return all(p.diff is None or p.diff.complete for p in self.paragraphs)


def share_text(share: float) -> str:
    """A figure in [0, 1] as printed: two decimals, rounded down, so that it
    never shows more likeness than there is: ``1.00`` only for identical
    words, ``0.99`` for 399 words of 400 unchanged (not 1.00), ``<0.01`` for
    a little shared, ``0.00`` for nothing.

    >>> [share_text(x) for x in (1.0, 0.9975, 0.29, 0.004, 0.0)]
    ['1.00', '0.99', '0.29', '<0.01', '0.00']
    """
    if 0 < share < 0.01:
        return "<0.01"
    # (The tolerance keeps 0.29, stored as 0.28999…, at 0.29; word counts
    # would need a billion words to be that close to the next hundredth.)
    return f"{int(share * 100 + 1e-9) / 100:.2f}"


def cleanup_label(cleanup: str) -> str:
    """How a report names a diff cleanup (see :mod:`treatycmp.diff`)."""
    if cleanup == "content":
        return "content (only function words and marks between changes are folded)"
    return f"{cleanup} (diff-match-patch)"


def compared_text(provision: Provision) -> str:
    """The exact text a comparison reads: paragraphs joined by blank lines."""
    return provision.full_text


def text_digest(provision: Provision) -> str:
    """SHA-256 (hex) of :func:`compared_text` in UTF-8: identifies the text compared."""
    return hashlib.sha256(compared_text(provision).encode("utf-8")).hexdigest()


def group_text(paragraphs: tuple[Paragraph, ...]) -> str:
    """The exact text of a group of paragraphs, as diffed."""
    return PARAGRAPH_BREAK.join(p.full_text for p in paragraphs)


def compare_provisions(left: Provision, right: Provision, options: Options = Options(),
                       pairs: ManualPairs | None = None) -> ClauseComparison:
    """Align paragraphs, diff each group, mark moves, add up the figures.

    ``pairs``: paragraph pairs given by a person (see
    :func:`treatycmp.align.parse_pair_spec`); a ``ValueError`` says what is
    wrong with them.

    The comparison is symmetric: comparing ``right`` with ``left`` gives the
    same rows, the same words unchanged and moved, the same figures, seen
    from the other side (:func:`mirrored`). Where several alignments or
    diffs are as good, the steps choose by position in one text, so the two
    texts are always compared in one order, the lesser text first.
    """
    if not (left.transcribed and right.transcribed):
        raise ValueError("only transcribed provisions can be compared")
    if compared_text(right) < compared_text(left):
        if pairs:
            check_pairs(pairs, len(left.paragraphs), len(right.paragraphs))  # (as given)
            pairs = swap_pairs(pairs)
        return mirrored(_compare(right, left, options, pairs))
    comparison = _compare(left, right, options, pairs)
    return comparison._replace(paragraphs=_left_alone_first(comparison.paragraphs))


def _left_alone_first(rows) -> tuple[ParagraphComparison, ...]:
    """``rows`` with each run of paragraphs alone written left's first (as
    :func:`treatycmp.align.align_paragraphs` writes them, and pairs given by
    hand may not): either way round, the same order."""
    rows = list(rows)
    k = 0
    while k < len(rows):
        end = k
        while end < len(rows) and not (rows[end].lefts and rows[end].rights):
            end += 1
        rows[k:end] = sorted(rows[k:end], key=lambda row: not row.lefts)
        k = end + 1
    return tuple(rows)


def mirrored(comparison: ClauseComparison) -> ClauseComparison:
    """``comparison`` seen from the other side: left and right swapped in
    every row, diff and figure. Rows keep their reading order; among rows
    of paragraphs alone, those of the left come first (as
    :func:`treatycmp.align.align_paragraphs` writes them); moves are
    numbered again in reading order of the (new) left text."""
    rows = list(_left_alone_first(ParagraphComparison(
        row.rights, row.lefts, row.score, None if row.diff is None else mirror_diff(row.diff),
        row.basis, row.joined) for row in comparison.paragraphs))
    numbers: dict[int, int] = {}
    for row in rows:
        for op in row.diff.opcodes if row.diff is not None else ():
            if op.move is not None and op.tag == DELETE and op.move not in numbers:
                numbers[op.move] = len(numbers) + 1
    if any(old != new for old, new in numbers.items()):
        rows = [row if row.diff is None else row._replace(diff=renumbered(row.diff, numbers))
                for row in rows]
    s = comparison.figures.stats
    figures = Figures(DiffStats(s.right_words, s.left_words, s.unchanged, s.inserted,
                                s.deleted, s.moved), comparison.figures.shingle_jaccard)
    return ClauseComparison(comparison.right, comparison.left, tuple(rows), figures,
                            comparison.options)


def _compare(left: Provision, right: Provision, options: Options,
             pairs: ManualPairs | None) -> ClauseComparison:
    # Each paragraph's text is built once (a paragraph with points joins its lines).
    left_texts = [p.full_text for p in left.paragraphs]
    right_texts = [p.full_text for p in right.paragraphs]
    groups = align_paragraphs(left_texts, right_texts, options.folding, options.threshold, pairs)
    rows = []
    for group in groups:
        lps = tuple(left.paragraphs[i] for i in group.left)
        rps = tuple(right.paragraphs[j] for j in group.right)
        diff = None
        if lps and rps:
            diff = diff_texts(PARAGRAPH_BREAK.join(left_texts[i] for i in group.left),
                              PARAGRAPH_BREAK.join(right_texts[j] for j in group.right),
                              options.folding, options.timeout, options.cleanup)
        rows.append(ParagraphComparison(lps, rps, group.score, diff, group.basis,
                                         group.joined))
    rows = mark_moves(rows, options.folding)
    parts = [DiffStats(0, 0, 0, 0, 0)]
    for row in rows:
        if row.diff is not None:
            parts.append(row.diff.stats)
        else:
            lw = count_words(group_text(row.lefts), options.folding)  # (labels are not words)
            rw = count_words(group_text(row.rights), options.folding)
            parts.append(DiffStats(lw, rw, 0, lw, rw))
    total = DiffStats(*map(sum, zip(*map(_COUNTS, parts))))  # (DiffStats + DiffStats, at once)
    # Of the whole texts as compared_text() gives them (paragraphs joined by
    # blank lines), from the shingles of the paragraphs the alignment made.
    figures = Figures(total, jaccard(joined_shingles(tuple(left_texts), PARAGRAPH_BREAK),
                                     joined_shingles(tuple(right_texts), PARAGRAPH_BREAK),
                                     alike=total.word_similarity >= 0.5))
    return ClauseComparison(left, right, tuple(rows), figures, options)
