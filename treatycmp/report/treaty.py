"""The view-model of a treaty-level report: plain frozen data, no markup.

:func:`build_treaty_report` turns a :class:`~treatycmp.match.TreatyAlignment`,
the clause comparison of each of its pairs and the provenance of the two
texts into a :class:`TreatyReport`; :func:`render_treaty_report` renders it
with ``treaty.html``. Each pair's redline is built exactly as in the clause
report (:func:`~treatycmp.report.clause.build_clause_report`), so it reads the
same. The similarity matrix is given as numbers, labels and coordinates
(:class:`HeatMap`); the SVG markup is the template's.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import PurePath

from .. import __version__
from ..compare import ClauseComparison, Options, compared_text
from ..match import (CURATED, HEADING_BONUS, KIND_BONUS, NUMBER_BONUS, ProvisionPair,
                     TreatyAlignment)
from ..model import ARTICLE, Provision, TextVersion, Treaty, format_date
from .clause import Figure, Row, Side, build_clause_report, language_basis, language_name
from .render import render_template

HEAT_BOUNDS = (0.1, 0.2, 0.3, 0.45, 0.6)  # score bands of the heat map's colours
_CHAR_WIDTH = 6.6  # px per label character at the matrix's 11px font, generously


@dataclass(frozen=True)
class OverviewRow:
    anchor: str
    left: str
    right: str
    score: float
    basis: str
    note: str | None
    unchanged: int
    deleted: int
    inserted: int
    word_similarity: float


@dataclass(frozen=True)
class PairSection:
    """One pair's side-by-side redline, as in the clause report."""

    anchor: str
    number: int
    left_title: str
    right_title: str
    basis: str
    note: str | None
    score: float
    rows: tuple[Row, ...]
    figures: tuple[Figure, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class LoneProvision:
    """A provision without counterpart (its text) or without text (why)."""

    anchor: str
    label: str
    paragraphs: tuple[tuple[str, str], ...]  # (label, exact text)
    closest: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class HeatLabel:
    x: float  # px
    y: float
    text: str
    full: str


@dataclass(frozen=True)
class HeatCell:
    x: float
    y: float
    cx: float  # the centre, for the value
    cy: float
    level: int  # 0..len(HEAT_BOUNDS): the colour band
    value: str
    title: str
    mark: str | None  # None, "automatic" or "curated": the cell is a match


@dataclass(frozen=True)
class HeatMap:
    width: int  # px
    height: int
    cell: int
    left: int  # where the cells start
    top: int
    row_labels: tuple[HeatLabel, ...]
    column_labels: tuple[HeatLabel, ...]
    cells: tuple[HeatCell, ...]
    show_values: bool
    legend: tuple[tuple[int, int, str], ...]  # (x, level, label)
    legend_y: int


@dataclass(frozen=True)
class TreatyReport:
    title: str
    left: Side
    right: Side
    language_note: str
    summary: str
    overview: tuple[OverviewRow, ...]
    pairs: tuple[PairSection, ...]
    unmatched_left: tuple[LoneProvision, ...]
    unmatched_right: tuple[LoneProvision, ...]
    untranscribed_left: tuple[LoneProvision, ...]
    untranscribed_right: tuple[LoneProvision, ...]
    heatmap: HeatMap | None
    threshold: float
    warnings: tuple[str, ...]
    options: tuple[tuple[str, str], ...]
    version: str = __version__
    generated: str | None = None


# --------------------------------------------------------------- pieces

def version_digest(version: TextVersion) -> str:
    """SHA-256 (hex) of the text compared: each transcribed provision's eid on a
    line, then its compared text, the provisions in reading order separated by
    blank lines, in UTF-8."""
    parts = [f"{p.eid}\n{compared_text(p)}" for p in version.provisions() if p.transcribed]
    return hashlib.sha256("\n\n".join(parts).encode("utf-8")).hexdigest()


def short_label(provision: Provision) -> str:
    """``Art 5``, ``Preamble``, ``Conclusions``: for the matrix and the table."""
    return f"Art {provision.n}" if provision.kind == ARTICLE else provision.label


def _names(provisions: tuple[Provision, ...]) -> str:
    return " + ".join(p.label for p in provisions)


def _instrument(role: str, treaty: Treaty, version: TextVersion) -> Side:
    work, provisions = treaty.work, version.provisions()
    done = sum(1 for p in provisions if p.transcribed)
    return Side(
        role=role, reference=f"{treaty.id}@{version.lang}",
        title=("DRAFT: " if treaty.is_draft else "") + version.title,
        short_title=version.short_title,
        signed=f"{work.signed_place}, {format_date(work.signed_date)}",
        citation=work.citation_text,
        no_citation=work.no_citation_reason if not work.citations else None,
        provision_label="Whole text",
        heading=f"{done} of {len(provisions)} provisions transcribed",
        pinpoint="whole text", language=language_name(version.lang), lang=version.lang,
        authority=version.authority_label, is_authentic=version.is_authentic,
        state=version.state, sha256=version_digest(version),
        sources=tuple((s.description, s.url) for s in version.sources),
        notes=version.notes)


def _pair_section(number: int, pair: ProvisionPair, comparison: ClauseComparison,
                  left: tuple[Treaty, TextVersion], right: tuple[Treaty, TextVersion],
                  chosen: str | None) -> PairSection:
    clause = build_clause_report(comparison, left, right, chosen)

    def title(side) -> str:
        return side.provision_label + (f" ({side.heading})" if side.heading else "")

    return PairSection(
        anchor=f"pair-{pair.left[0].eid}", number=number,
        left_title=title(clause.left), right_title=title(clause.right),
        basis=pair.basis, note=pair.note, score=pair.score,
        rows=clause.rows, figures=clause.figures, warnings=clause.warnings)


def _overview_row(section: PairSection, comparison: ClauseComparison) -> OverviewRow:
    stats = comparison.figures.stats
    return OverviewRow(section.anchor, section.left_title, section.right_title,
                       section.score, section.basis, section.note, stats.unchanged,
                       stats.deleted, stats.inserted, comparison.figures.word_similarity)


def _lone(role: str, provision: Provision, closest: str | None = None) -> LoneProvision:
    label = provision.label + (f" ({provision.heading})" if provision.heading else "")
    several = len(provision.paragraphs) > 1
    paragraphs = tuple((para.num or (f"¶ {k}" if several else ""), para.full_text)
                       for k, para in enumerate(provision.paragraphs, 1))
    note = None if provision.transcribed else (provision.notes[0] if provision.notes else None)
    return LoneProvision(f"{role}-only-{provision.eid}", label, paragraphs, closest, note)


def _closest(alignment: TreatyAlignment, provision: Provision, role: str) -> str | None:
    """The best-scoring provision on the other side, to show why none matched."""
    if role == "left":
        scores = alignment.scores[alignment.rows.index(provision)]
        others = alignment.columns
    else:
        k = alignment.columns.index(provision)
        scores = tuple(row[k] for row in alignment.scores)
        others = alignment.rows
    if not others:
        return None
    best = max(range(len(others)), key=lambda i: (scores[i], -i))
    return (f"Closest on the other side: {others[best].label} (score {scores[best]:.2f}, "
            f"threshold {alignment.threshold:.2f}).")


def heat_level(score: float) -> int:
    """The colour band of a score: 0 below 0.1 ... 5 at 0.6 or more.

    >>> [heat_level(s) for s in (0.05, 0.3, 0.99)]
    [0, 3, 5]
    """
    return sum(1 for bound in HEAT_BOUNDS if score >= bound)


def build_heatmap(alignment: TreatyAlignment) -> HeatMap | None:
    """Coordinates of the similarity matrix (None when a side has no text)."""
    rows, cols = alignment.rows, alignment.columns
    if not rows or not cols:
        return None
    # Whole pixels (and half a cell) only: coordinates print exactly, run after run.
    cell = max(14, min(40, 600 // max(len(rows), len(cols))))
    left = math.ceil(max(len(short_label(p)) for p in rows) * _CHAR_WIDTH) + 10
    top = math.ceil(max(len(short_label(p)) for p in cols) * _CHAR_WIDTH) + 10
    marks = {}
    for pair in alignment.pairs:
        for lp in pair.left:
            for rp in pair.right:
                marks[lp.eid, rp.eid] = pair.basis
    cells = []
    for i, lp in enumerate(rows):
        for j, rp in enumerate(cols):
            score, mark = alignment.scores[i][j], marks.get((lp.eid, rp.eid))
            what = f", {mark} match" if mark else ""
            x, y = left + j * cell, top + i * cell
            cells.append(HeatCell(x, y, x + cell / 2, y + cell / 2,
                                  heat_level(score),
                                  f"{score:.2f}"[1:] if score < 1 else "1",
                                  f"{lp.label} × {rp.label}: {score:.2f}{what}", mark))
    bands = ("< 0.10",) + tuple(f"{a:.2f}–{b:.2f}" for a, b in
                                zip(HEAT_BOUNDS, HEAT_BOUNDS[1:])) + (f"≥ {HEAT_BOUNDS[-1]:.2f}",)
    legend_y = top + len(rows) * cell + 24
    return HeatMap(
        width=max(left + len(cols) * cell, 6 * 80) + 10, height=legend_y + 44,
        cell=cell,
        left=left, top=top,
        row_labels=tuple(HeatLabel(left - 6, top + (i + 0.5) * cell, short_label(p), p.label)
                         for i, p in enumerate(rows)),
        column_labels=tuple(HeatLabel(left + (j + 0.5) * cell, top - 6, short_label(p),
                                      p.label) for j, p in enumerate(cols)),
        cells=tuple(cells), show_values=cell >= 28,
        legend=tuple((k * 80, k, label) for k, label in enumerate(bands)),
        legend_y=legend_y)


# ---------------------------------------------------------------- build

def build_treaty_report(alignment: TreatyAlignment, comparisons: tuple[ClauseComparison, ...],
                        left: Treaty, right: Treaty, options: Options = Options(),
                        chosen_language: str | None = None,
                        generated: str | None = None) -> TreatyReport:
    """The view-model of a treaty comparison; ``comparisons`` are those of
    ``alignment.pairs``, in order (:func:`treatycmp.match.compare_pairs`)."""
    if len(comparisons) != len(alignment.pairs):
        raise ValueError("one comparison per pair of the alignment")
    sides = ((left, alignment.left), (right, alignment.right))
    sections = tuple(_pair_section(k, pair, comparison, *sides, chosen_language)
                     for k, (pair, comparison)
                     in enumerate(zip(alignment.pairs, comparisons), 1))
    lside, rside = _instrument("left", *sides[0]), _instrument("right", *sides[1])
    curated = sum(1 for p in alignment.pairs if p.basis == CURATED)
    warnings = [f"Curated pair left={s.pair.left} right={s.pair.right} (line {s.pair.line} "
                f"of {_file_name(s.path)}) not used: {s.reason}." for s in alignment.stale]
    warnings += sorted({w for s in sections for w in s.warnings})
    return TreatyReport(
        title=f"{lside.short_title} · {rside.short_title}",
        left=lside, right=rside,
        language_note=language_basis(alignment.left, alignment.right, chosen_language),
        summary=_summary(alignment, curated),
        overview=tuple(_overview_row(s, c) for s, c in zip(sections, comparisons)),
        pairs=sections,
        unmatched_left=tuple(_lone("left", p, _closest(alignment, p, "left"))
                             for p in alignment.unmatched_left),
        unmatched_right=tuple(_lone("right", p, _closest(alignment, p, "right"))
                              for p in alignment.unmatched_right),
        untranscribed_left=tuple(_lone("left", p) for p in alignment.untranscribed_left),
        untranscribed_right=tuple(_lone("right", p) for p in alignment.untranscribed_right),
        heatmap=build_heatmap(alignment), threshold=alignment.threshold,
        warnings=tuple(warnings),
        options=(("Matching ignores", options.folding.describe()),
                 ("Diff cleanup", f"{options.cleanup} (diff-match-patch)"),
                 ("Paragraph threshold", f"{options.threshold:g}"),
                 ("Diff time limit", f"{options.timeout:g} s"),
                 ("Article threshold", f"{alignment.threshold:g}"),
                 ("Hints (weak)", f"same kind (preamble, conclusions) +{KIND_BONUS:g}; "
                                  f"same article number +{NUMBER_BONUS:g}; headings up to "
                                  f"+{HEADING_BONUS:g}"),
                 ("Curated alignment", _file_name(alignment.curated_path) or "none")),
        generated=generated)


def _file_name(path: str | None) -> str | None:
    # Only the name inside the corpus: a report must not depend on where it ran.
    return f"alignments/{PurePath(path).name}" if path else None


def _summary(alignment: TreatyAlignment, curated: int) -> str:
    pairs = len(alignment.pairs)
    splits = sum(1 for p in alignment.pairs if p.is_split)
    text = (f"{pairs} aligned pair{'' if pairs == 1 else 's'} ({curated} curated, "
            f"{pairs - curated} automatic")
    text += f"; {splits} split" if splits else ""
    return (text + f"). Without counterpart: {len(alignment.unmatched_left)} left, "
            f"{len(alignment.unmatched_right)} right. Not yet transcribed (not compared): "
            f"{len(alignment.untranscribed_left)} left, "
            f"{len(alignment.untranscribed_right)} right.")


def render_treaty_report(report: TreatyReport) -> str:
    """A treaty report as one self-contained HTML document."""
    return render_template("treaty.html", report=report)
