"""Clause comparison: align the paragraphs of two provisions, diff each pair,
and compute the figures of the pair.

The figures (all defined in docs/figures.md):

- ``word_similarity``: 2 × words shown unchanged / (left words + right
  words), over the whole clause; words of unmatched paragraphs count as
  deleted or inserted.
- ``shingle_jaccard``: Jaccard similarity of the 5-character shingles of the
  two whole clause texts (:mod:`treatycmp.similarity`).
- ``deleted`` / ``inserted`` / ``unchanged``: word counts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .align import PARAGRAPH_THRESHOLD, align_paragraphs
from .diff import DEFAULT_TIMEOUT, ClauseDiff, DiffStats, diff_texts
from .model import Paragraph, Provision
from .similarity import shingle_jaccard
from .text import Folding, tokenize


@dataclass(frozen=True)
class Options:
    """Everything that changes a comparison's result (shown in reports)."""

    folding: Folding = Folding()
    threshold: float = PARAGRAPH_THRESHOLD
    timeout: float = DEFAULT_TIMEOUT
    cleanup: str = "efficiency"


@dataclass(frozen=True)
class ParagraphComparison:
    left: Paragraph | None
    right: Paragraph | None
    score: float | None
    diff: ClauseDiff | None  # None when one side is unmatched


@dataclass(frozen=True)
class Figures:
    stats: DiffStats
    shingle_jaccard: float

    @property
    def word_similarity(self) -> float:
        return self.stats.word_similarity


@dataclass(frozen=True)
class ClauseComparison:
    left: Provision
    right: Provision
    paragraphs: tuple[ParagraphComparison, ...]
    figures: Figures
    options: Options

    @property
    def complete(self) -> bool:
        """False if any paragraph diff hit diff-match-patch's timeout."""
        return all(p.diff is None or p.diff.complete for p in self.paragraphs)


def compared_text(provision: Provision) -> str:
    """The exact text a comparison reads: paragraphs joined by blank lines."""
    return provision.full_text


def text_digest(provision: Provision) -> str:
    """SHA-256 (hex) of :func:`compared_text` in UTF-8: identifies the text compared."""
    return hashlib.sha256(compared_text(provision).encode("utf-8")).hexdigest()


def _word_count(text: str, folding: Folding) -> int:
    return sum(1 for tok in tokenize(text, folding) if tok.is_word)


def compare_provisions(left: Provision, right: Provision,
                       options: Options = Options()) -> ClauseComparison:
    """Align paragraphs, diff each matched pair, add up the figures."""
    if not (left.transcribed and right.transcribed):
        raise ValueError("only transcribed provisions can be compared")
    pairs = align_paragraphs([p.full_text for p in left.paragraphs],
                             [p.full_text for p in right.paragraphs],
                             options.folding, options.threshold)
    rows, total = [], DiffStats(0, 0, 0, 0, 0)
    for pair in pairs:
        lp = None if pair.left is None else left.paragraphs[pair.left]
        rp = None if pair.right is None else right.paragraphs[pair.right]
        if lp is not None and rp is not None:
            diff = diff_texts(lp.full_text, rp.full_text, options.folding,
                              options.timeout, options.cleanup)
            total += diff.stats
        else:
            diff = None
            lw = _word_count(lp.full_text, options.folding) if lp else 0
            rw = _word_count(rp.full_text, options.folding) if rp else 0
            total += DiffStats(lw, rw, 0, lw, rw)
        rows.append(ParagraphComparison(lp, rp, pair.score, diff))
    figures = Figures(total, shingle_jaccard(compared_text(left), compared_text(right)))
    return ClauseComparison(left, right, tuple(rows), figures, options)
