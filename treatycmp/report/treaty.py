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

import dataclasses
import hashlib
import math
from dataclasses import dataclass
from pathlib import PurePath

from .. import __version__
from ..compare import ClauseComparison, Options, cleanup_label, compared_text
from ..match import (CURATED, HEADING_BONUS, KIND_BONUS, NUMBER_BONUS, RELATIVE_FLOOR,
                     RELATIVE_MARGIN, THRESHOLD_RULE, AlignSettings, ProvisionPair,
                     TreatyAlignment, align_with, compare_pairs)
from ..model import (ARTICLE, CuratedAlignment, Provision, TextVersion, Treaty, format_date,
                     intro_label)
from .clause import Figure, Row, Side, build_clause_report, language_basis, language_name
from .render import render_template

HEAT_BOUNDS = (0.1, 0.2, 0.3, 0.45, 0.6)  # score bands of the heat map's colours
HEAT_GRID = 80  # cells a side at most: beyond, a cell covers several provisions
_CHAR_WIDTH = 6.6  # px per label character at the matrix's 11px font, generously


@dataclass(frozen=True)
class OverviewRow:
    anchor: str
    left: str
    right: str
    score: float
    basis: str
    note: str | None
    rule: str | None
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
    rule: str | None = None  # for an automatic pair: how it was found
    same: tuple[tuple[str, str], ...] | None = None  # (label, text): identical texts, shown once
    evidence: str | None = None  # for a mutual-best pair: the cosines that decided it


@dataclass(frozen=True)
class LoneProvision:
    """A provision without counterpart (its text) or without text (why)."""

    anchor: str
    label: str
    paragraphs: tuple[tuple[str, str], ...]  # (label, exact text)
    closest: str | None = None
    note: str | None = None
    key: str | None = None  # for an intro: how a reference names it
    transcribed: bool = True


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
    block: tuple[int, int] | None = None  # provisions (rows, columns) a cell covers, if aggregated
    complete: bool = True  # every pair scored (else only the index's candidates)


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
    # Intros (text under a division's or annex's heading): not aligned, shown as text.
    outside_left: tuple[LoneProvision, ...] = ()
    outside_right: tuple[LoneProvision, ...] = ()


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
    heading = f"{done} of {len(provisions)} provisions transcribed"
    intros_done, intros = version.intro_count
    if intros:  # said only where there are intros: other reports read as before
        heading += (f"; {intros} intro{'s' * (intros != 1)} outside the alignment "
                    f"({intros_done} transcribed)")
    return Side(
        role=role, reference=f"{treaty.id}@{version.lang}",
        title=("DRAFT: " if treaty.is_draft else "") + version.title,
        short_title=version.short_title,
        signed=f"{work.signed_place}, {format_date(work.signed_date)}",
        citation=work.citation_text,
        no_citation=work.no_citation_reason if not work.citations else None,
        provision_label="Whole text",
        heading=heading,
        pinpoint="whole text", language=language_name(version.lang), lang=version.lang,
        authority=version.authority_label, is_authentic=version.is_authentic,
        state=version.state, sha256=version_digest(version),
        sources=tuple((s.description, s.url) for s in version.sources),
        notes=version.notes, amended_by=version.amended_by)


def _pair_section(number: int, pair: ProvisionPair, comparison: ClauseComparison,
                  left: tuple[Treaty, TextVersion], right: tuple[Treaty, TextVersion],
                  chosen: str | None) -> PairSection:
    clause = build_clause_report(comparison, left, right, chosen)

    def title(side) -> str:
        return side.provision_label + (f" ({side.heading})" if side.heading else "")

    # The same text on both sides is shown once: long treaties and their
    # revisions share many articles word for word, and a redline of nothing
    # doubles the report for no reader.
    same = None
    if comparison.left.full_text == comparison.right.full_text:
        same = _lone("same", comparison.left).paragraphs
    return PairSection(
        anchor=f"pair-{pair.left[0].eid}", number=number,
        left_title=title(clause.left), right_title=title(clause.right),
        basis=pair.basis, note=pair.note, score=pair.score,
        rows=() if same else clause.rows, figures=clause.figures, warnings=clause.warnings,
        rule=pair.rule if pair.rule != THRESHOLD_RULE else None, same=same,
        evidence=pair.evidence)


def _overview_row(section: PairSection, comparison: ClauseComparison) -> OverviewRow:
    stats = comparison.figures.stats
    return OverviewRow(section.anchor, section.left_title, section.right_title,
                       section.score, section.basis, section.note, section.rule,
                       stats.unchanged,
                       stats.deleted, stats.inserted, comparison.figures.word_similarity)


def _outside(role: str, version: TextVersion) -> tuple[LoneProvision, ...]:
    """The intros of a text, exactly as stored: not aligned, not compared."""
    return tuple(dataclasses.replace(_lone(role, p, label=intro_label(version, p),
                                           anchor="outside"),
                                key=p.key, transcribed=p.transcribed)
                 for p in version.intros())


def _lone(role: str, provision: Provision, closest: str | None = None,
          curated: str | None = None, label: str | None = None,
          anchor: str = "only", held: str | None = None) -> LoneProvision:
    label = label or (provision.label
                      + (f" ({provision.heading})" if provision.heading else ""))
    several = len(provision.paragraphs) > 1
    paragraphs = tuple((para.num or (f"¶ {k}" if several else ""), para.full_text)
                       for k, para in enumerate(provision.paragraphs, 1))
    note = None if provision.transcribed else (provision.notes[0] if provision.notes else None)
    if curated:  # a person said it has no counterpart: that, not the closest score
        closest, note = None, f"No counterpart (curated): {curated}"
    if held:  # a person paired it with a provision not yet transcribed
        closest, note = None, held
    return LoneProvision(f"{role}-{anchor}-{provision.eid}", label, paragraphs, closest, note)


def _closest(alignment: TreatyAlignment, position: dict[str, int], provision: Provision,
             role: str) -> str | None:
    """The best-scoring provision on the other side, to show why none matched."""
    if role == "left":
        scored = alignment.scores.row(position[provision.eid])
        others = alignment.columns
    else:
        scored = alignment.scores.column(position[provision.eid])
        others = alignment.rows
    if not scored:
        return None if not others else "No provision on the other side shares its rarer words."
    best = min(scored, key=lambda k: (-scored[k], k))
    return (f"Closest on the other side: {others[best].label} (score {scored[best]:.2f}, "
            f"threshold {alignment.threshold:.2f}).")


def heat_level(score: float) -> int:
    """The colour band of a score: 0 below 0.1 ... 5 at 0.6 or more.

    >>> [heat_level(s) for s in (0.05, 0.3, 0.99)]
    [0, 3, 5]
    """
    return sum(1 for bound in HEAT_BOUNDS if score >= bound)


def _bins(count: int) -> list[range]:
    """Consecutive provisions grouped so that there are at most HEAT_GRID groups."""
    size = -(-count // HEAT_GRID)
    return [range(k, min(k + size, count)) for k in range(0, count, size)]


def _bin_label(provisions: tuple[Provision, ...], span: range) -> tuple[str, str]:
    first, last = provisions[span[0]], provisions[span[-1]]
    if len(span) == 1:
        return short_label(first), first.label
    return (f"{short_label(first)}–{short_label(last).removeprefix('Art ')}",
            f"{first.label} to {last.label}")


def build_heatmap(alignment: TreatyAlignment) -> HeatMap | None:
    """Coordinates of the similarity matrix (None when a side has no text).

    Up to HEAT_GRID provisions a side, one cell per pair. Beyond, each cell is
    a block of consecutive provisions and shows the highest score scored in
    it, so that the drawing stays a few thousand cells at any treaty size.
    """
    rows, cols = alignment.rows, alignment.columns
    if not rows or not cols:
        return None
    row_bins, col_bins = _bins(len(rows)), _bins(len(cols))
    aggregated = len(row_bins) < len(rows) or len(col_bins) < len(cols)
    # Whole pixels (and half a cell) only: coordinates print exactly, run after run.
    # 14px at least, so that labels of the 11px font never overlap.
    cell = max(14, min(40, 600 // max(len(row_bins), len(col_bins))))
    row_names = [_bin_label(rows, b) for b in row_bins]
    col_names = [_bin_label(cols, b) for b in col_bins]
    left = math.ceil(max(len(n) for n, _ in row_names) * _CHAR_WIDTH) + 10
    top = math.ceil(max(len(n) for n, _ in col_names) * _CHAR_WIDTH) + 10
    marks: dict[tuple[int, int], str] = {}
    row_of = {p.eid: k for k, p in enumerate(rows)}
    col_of = {p.eid: k for k, p in enumerate(cols)}
    for pair in alignment.pairs:
        for lp in pair.left:
            for rp in pair.right:
                key = (row_of[lp.eid], col_of[rp.eid])
                marks[key] = CURATED if CURATED in (pair.basis, marks.get(key)) else pair.basis
    row_bin = [0] * len(rows)
    for b, span in enumerate(row_bins):
        for i in span:
            row_bin[i] = b
    col_bin = [0] * len(cols)
    for b, span in enumerate(col_bins):
        for j in span:
            col_bin[j] = b
    best: dict[tuple[int, int], float] = {}
    for (i, j), score in alignment.scores.cells.items():
        key = (row_bin[i], col_bin[j])
        if score > best.get(key, -1.0):
            best[key] = score
    block_marks: dict[tuple[int, int], list[str]] = {}
    for (i, j), mark in sorted(marks.items()):
        block_marks.setdefault((row_bin[i], col_bin[j]), []).append(mark)
    cells = []
    for bi, (_, row_full) in enumerate(row_names):
        for bj, (_, col_full) in enumerate(col_names):
            score = best.get((bi, bj))
            found = block_marks.get((bi, bj), [])
            mark = (CURATED if CURATED in found else found[0]) if found else None
            x, y = left + bj * cell, top + bi * cell
            if aggregated:
                value = "–" if score is None else f"{score:.2f}"
                title = (f"{row_full} × {col_full}: highest score scored {value}; "
                         f"{len(found)} aligned pair{'s' * (len(found) != 1)}")
            else:
                what = f", {mark} match" if mark else ""
                shown = "not scored (no rarer words shared)" if score is None else f"{score:.2f}"
                title = f"{row_full} × {col_full}: {shown}{what}"
            score = score or 0.0
            cells.append(HeatCell(x, y, x + cell / 2, y + cell / 2, heat_level(score),
                                  f"{score:.2f}"[1:] if score < 1 else "1", title, mark))
    bands = ("< 0.10",) + tuple(f"{a:.2f}–{b:.2f}" for a, b in
                                zip(HEAT_BOUNDS, HEAT_BOUNDS[1:])) + (f"≥ {HEAT_BOUNDS[-1]:.2f}",)
    legend_y = top + len(row_bins) * cell + 24
    return HeatMap(
        width=max(left + len(col_bins) * cell, 6 * 80) + 10, height=legend_y + 44,
        cell=cell, left=left, top=top,
        row_labels=tuple(HeatLabel(left - 6, top + (i + 0.5) * cell, name, full)
                         for i, (name, full) in enumerate(row_names)),
        column_labels=tuple(HeatLabel(left + (j + 0.5) * cell, top - 6, name, full)
                            for j, (name, full) in enumerate(col_names)),
        cells=tuple(cells), show_values=cell >= 28 and not aggregated,
        legend=tuple((k * 80, k, label) for k, label in enumerate(bands)),
        legend_y=legend_y,
        block=(len(row_bins[0]), len(col_bins[0])) if aggregated else None,
        complete=alignment.scores.complete)


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
    rows = {p.eid: k for k, p in enumerate(alignment.rows)}
    cols = {p.eid: k for k, p in enumerate(alignment.columns)}
    curated = sum(1 for p in alignment.pairs if p.basis == CURATED)
    warnings = [f"Curated pair left={s.pair.left} right={s.pair.right} (line {s.pair.line} "
                f"of {_file_name(s.path)}) not used: {s.reason}." for s in alignment.stale]
    warnings += [f"{' + '.join(q.label for q in p.left)} / "
                 f"{' + '.join(q.label for q in p.right)}: {p.caveat}"
                 for p in alignment.pairs if p.caveat]
    warnings += sorted({w for s in sections for w in s.warnings})
    return TreatyReport(
        title=f"{lside.short_title} · {rside.short_title}",
        left=lside, right=rside,
        language_note=language_basis(alignment.left, alignment.right, chosen_language),
        summary=_summary(alignment, curated),
        outside_left=_outside("left", alignment.left),
        outside_right=_outside("right", alignment.right),
        overview=tuple(_overview_row(s, c) for s, c in zip(sections, comparisons)),
        pairs=sections,
        unmatched_left=tuple(_lone("left", p, _closest(alignment, rows, p, "left"),
                                   alignment.no_counterpart[0].get(p.eid),
                                   held=alignment.held[0].get(p.eid))
                             for p in alignment.unmatched_left),
        unmatched_right=tuple(_lone("right", p, _closest(alignment, cols, p, "right"),
                                    alignment.no_counterpart[1].get(p.eid),
                                    held=alignment.held[1].get(p.eid))
                              for p in alignment.unmatched_right),
        untranscribed_left=tuple(_lone("left", p) for p in alignment.untranscribed_left),
        untranscribed_right=tuple(_lone("right", p) for p in alignment.untranscribed_right),
        heatmap=build_heatmap(alignment), threshold=alignment.threshold,
        warnings=tuple(warnings),
        options=(("Matching ignores", options.folding.describe()),
                 ("Diff cleanup", cleanup_label(options.cleanup)),
                 ("Paragraph threshold", f"{options.threshold:g}"),
                 ("Diff time limit", f"{options.timeout:g} s"),
                 ("Article threshold", f"{alignment.threshold:g}"),
                 ("Mutual best", f"tf-idf cosine at least {RELATIVE_FLOOR:g} and "
                                 f"{RELATIVE_MARGIN:g} × the second best, both ways"
                  if alignment.mutual else "not used"),
                 ("Hints (weak)", f"same kind (preamble, conclusions) +{KIND_BONUS:g}; "
                                  f"same article number +{NUMBER_BONUS:g}; headings up to "
                                  f"+{HEADING_BONUS:g}"),
                 ("Curated alignment", _file_name(alignment.curated_path) or "none"),
                 ("Pairs by hand (--pair)", ", ".join(f"{p.left or '-'}={p.right or '-'}"
                                                      for p in alignment.manual) or "none")),
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
    text += (f"). Without counterpart: {len(alignment.unmatched_left)} left, "
             f"{len(alignment.unmatched_right)} right. Not yet transcribed (not compared): "
             f"{len(alignment.untranscribed_left)} left, "
             f"{len(alignment.untranscribed_right)} right.")
    intros = (len(alignment.left.intros()), len(alignment.right.intros()))
    if any(intros):
        text += (f" Outside the alignment (intros of divisions and annexes, shown as "
                 f"text, not compared): {intros[0]} left, {intros[1]} right.")
    return text


def render_treaty_report(report: TreatyReport) -> str:
    """A treaty report as one self-contained HTML document."""
    return render_template("treaty.html", report=report)


def compare_treaties(left: tuple[Treaty, TextVersion], right: tuple[Treaty, TextVersion],
                     curated: CuratedAlignment | None = None, options: Options = Options(),
                     settings: AlignSettings = AlignSettings(),
                     chosen_language: str | None = None,
                     generated: str | None = None) -> TreatyReport:
    """Align two text versions, compare every pair and build the treaty report's
    view-model (what ``treatycmp compare ID ID`` renders and writes)."""
    alignment = align_with(left[1], right[1], curated, options.folding, settings,
                           (left[0].versions, right[0].versions))
    return build_treaty_report(alignment, compare_pairs(alignment, options), left[0],
                               right[0], options, chosen_language, generated)
