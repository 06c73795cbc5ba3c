"""The view-model of a collation report: plain frozen data, no markup.

:func:`build_collation_report` turns a :class:`~treatycmp.collate.Collation`
into a :class:`CollationReport` that ``collation.html`` renders: the
alignment table (a row per passage of the base, a column per witness), the
per-word agreement strip, the similarity matrix and the dendrogram (their
geometry computed here, in SVG user units), each witness's redline against
the base, and the provenance of every text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import __version__
from ..align import basis_label
from ..collate import DROPPED, KEPT, MOVED, Collation, Witness
from ..compare import ClauseComparison, cleanup_label, share_text
from ..diff import DELETE, EQUAL, ClauseDiff, unit_texts
from ..model import intro_label
from .clause import Side, describe_side, language_basis, language_name
from .collation_charts import Dendrogram, Matrix, dendrogram, shade, similarity_matrix
from .redline import same_spelling

@dataclass(frozen=True)
class Span:
    """A run of text: ``kind`` is same, folded, space, deleted, inserted,
    moved-out (the base's words that the witness has elsewhere), moved
    (words the base has elsewhere) or alone (a paragraph without
    counterpart)."""

    kind: str
    text: str
    move: int | None = None


@dataclass(frozen=True)
class WitnessView:
    """A text of the collation: what cites it (its :class:`Side`, as in a
    clause report, whose fields it answers for: ``w.title``), and how it
    stands against the base."""

    side: Side
    number: int  # from 1, in the order given
    anchor: str
    sigil: str
    label: str  # short: matrix rows, dendrogram leaves
    is_base: bool
    similarity: float  # word similarity to the base
    kept: int  # words of the base kept, in order
    moved: int

    def __getattr__(self, name: str):  # (only for names it does not have itself)
        if name == "side":  # (not set yet: while being copied or unpickled)
            raise AttributeError(name)
        return getattr(self.side, name)


@dataclass(frozen=True)
class Cell:
    witness: int  # index into CollationReport.witnesses
    agreement: str  # agree, variant or omit
    shade: int
    kept: int
    words: int
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class TableRow:
    anchor: str
    paragraph: str
    base: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class StripWord:
    text: str
    shade: int
    kept_by: tuple[str, ...]
    space: str  # what follows the word (spaces, marks)


@dataclass(frozen=True)
class StripRow:
    witness: int
    states: tuple[str, ...]  # per base word: kept, moved or dropped


@dataclass(frozen=True)
class RedlineRow:
    base_label: str
    witness_label: str
    base: tuple[Span, ...]
    witness: tuple[Span, ...]
    how: str


@dataclass(frozen=True)
class Redline:
    witness: int
    anchor: str
    note: str
    rows: tuple[RedlineRow, ...]
    figures: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CollationReport:
    title: str
    base: int
    witnesses: tuple[WitnessView, ...]
    order: tuple[int, ...]  # witnesses other than the base, in table order
    language_note: str
    warnings: tuple[str, ...]
    rows: tuple[TableRow, ...]
    strip_words: tuple[StripWord, ...]
    strip: tuple[StripRow, ...]
    matrix: Matrix
    dendrogram: Dendrogram
    redlines: tuple[Redline, ...]
    options: tuple[tuple[str, str], ...]
    version: str = __version__
    generated: str | None = None


def _anchor(sigil: str) -> str:
    return "w-" + "".join(c if c.isalnum() else "-" for c in sigil)


def _witness_view(number: int, witness: Witness, is_base: bool, similarity: float,
                  kept: int, moved: int, label: str) -> WitnessView:
    side = describe_side("base" if is_base else "witness", witness.treaty, witness.version,
                         witness.provision)
    return WitnessView(side,
                       number=number, anchor=_anchor(witness.sigil), sigil=witness.sigil,
                       label=label, is_base=is_base, similarity=similarity, kept=kept,
                       moved=moved)


def collation_language_note(collation: Collation, chosen: str | None) -> str:
    """Which language the witnesses are read in, and which are translations."""
    versions = [w.version for w in collation.witnesses]
    langs = sorted({v.lang for v in versions})
    if len(langs) == 1:
        where = f"in {language_name(langs[0])}"
        where += " (chosen as a language of every treaty)" if chosen else " (as requested)"
    else:
        where = ("in different languages (" + ", ".join(map(language_name, langs)) +
                 "): the word diff then compares wording across languages")
    translations = [w for w in collation.witnesses if not w.version.is_authentic]
    if not translations:
        count = "Both texts are" if len(versions) == 2 else f"All {len(versions)} texts are"
        return f"{count} authentic and read {where}."
    named = "; ".join(f"{w.sigil} is an {w.version.authority_label}" for w in translations)
    return (f"Not all texts are authentic; they are read {where}. {named}: differences "
            "in its column may come from the translation rather than the treaty.")


def _labels(collation: Collation) -> list[str]:
    ids = [w.treaty.id for w in collation.witnesses]
    langs = {w.version.lang for w in collation.witnesses}
    out = []
    for w in collation.witnesses:
        # As short as tells the witnesses apart, in reference syntax: ID[@LANG][:ARTICLE].
        label = w.treaty.id + (f"@{w.version.lang}" if len(langs) > 1 else "")
        if ids.count(w.treaty.id) > 1:
            label += ":" + w.sigil.split(":", 1)[1]  # the article, or an intro's key
        out.append(label)
    return out


# ------------------------------------------------------------------- table

def _cell(collation: Collation, w: int, start: int, stop: int) -> Cell:
    readings = collation.readings[w][start:stop]
    units = collation.units[start:stop]
    spans: list[Span] = []
    for unit, reading in zip(units, readings):
        for piece in reading.pieces:
            if piece.kind == KEPT:
                word, other = piece.text.rstrip(), unit.text.rstrip()
                kind = "same" if same_spelling(word, other) else "folded"
                spans.append(Span(kind, word))
                if piece.text[len(word):]:
                    spans.append(Span("same", piece.text[len(word):]))
            else:
                words = piece.text.rstrip()
                if words:
                    spans.append(Span(piece.kind, words, piece.move))
                if piece.text[len(words):]:
                    spans.append(Span("space", piece.text[len(words):]))
    words = sum(u.is_word for u in units)
    kept = sum(u.is_word and r.state == KEPT for u, r in zip(units, readings))
    changed = any(s.kind in ("inserted", "moved") for s in spans) or kept < words
    agreement = "agree" if not changed else ("omit" if not spans else "variant")
    share = kept / words if words else (0.0 if changed else 1.0)
    return Cell(w, agreement, shade(share), kept, words, tuple(_merge(spans)))


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        if out and span.kind in ("same", "space") and out[-1].kind in ("same", "space"):
            out[-1] = Span("same", out[-1].text + span.text)
        else:
            out.append(span)
    return out


def _table(collation: Collation, order: list[int]) -> tuple[TableRow, ...]:
    head = collation.witnesses[collation.base].provision
    rows = []
    for n, passage in enumerate(collation.passages, 1):
        para = head.paragraphs[passage.paragraph]
        label = para.num or f"¶ {passage.paragraph + 1}"
        base = "".join(u.text for u in collation.units[passage.start:passage.stop])
        cells = tuple(_cell(collation, w, passage.start, passage.stop) for w in order)
        rows.append(TableRow(f"passage-{n}", label, base, cells))
    return tuple(rows)


def _strip(collation: Collation, order: list[int],
           labels: list[str]) -> tuple[tuple[StripWord, ...], tuple[StripRow, ...]]:
    words = [k for k, u in enumerate(collation.units) if u.is_word]
    out = []
    for k in words:
        unit = collation.units[k]
        kept_by = tuple(labels[w] for w in order if collation.readings[w][k].state == KEPT)
        text = unit.text.rstrip()
        share = len(kept_by) / len(order) if order else 1.0
        out.append(StripWord(text, shade(share), kept_by, unit.text[len(text):]))
    # Marks between words (a comma, a full stop) are shown with the word before.
    # A paragraph ends with a line break (the template keeps line breaks).
    glued: list[StripWord] = []
    for k, unit in enumerate(collation.units):
        if unit.is_word:
            glued.append(out[len(glued)])
        elif glued:
            last = glued[-1]
            glued[-1] = StripWord(last.text, last.shade, last.kept_by, last.space + unit.text)
        ends = k + 1 < len(collation.units) and collation.units[k + 1].paragraph != unit.paragraph
        if ends and glued:
            last = glued[-1]
            glued[-1] = StripWord(last.text, last.shade, last.kept_by, last.space + "\n")
    rows = tuple(StripRow(w, tuple(collation.readings[w][k].state for k in words))
                 for w in order)
    return tuple(glued), rows


# ----------------------------------------------------------------- redlines

def _equal_spans(diff: ClauseDiff, op, side: str) -> list[Span]:
    out: list[Span] = []
    for lt, rt in zip(unit_texts(diff.left, op.i1, op.i2), unit_texts(diff.right, op.j1, op.j2)):
        mine, theirs = (lt, rt) if side == "left" else (rt, lt)
        word = mine.rstrip()
        if same_spelling(word, theirs.rstrip()):
            out.append(Span("same", mine))
        else:
            out += [Span("folded", word), Span("same", mine[len(word):])]
    return out


def redline_spans(diff: ClauseDiff, side: str) -> tuple[Span, ...]:
    """One column of a paragraph diff: ``left`` (the base) or ``right``."""
    out: list[Span] = []
    for op in diff.opcodes:
        if op.tag == EQUAL:
            out += _equal_spans(diff, op, side)
            continue
        if (op.tag == DELETE) != (side == "left"):
            continue
        text = diff.left_text(op) if op.tag == DELETE else diff.right_text(op)
        kind = ("deleted" if op.tag == DELETE else "inserted") if op.move is None else \
            ("moved-out" if op.tag == DELETE else "moved")
        words = text.rstrip()
        if words:
            out.append(Span(kind, words, op.move))
        if text[len(words):]:
            out.append(Span("space", text[len(words):]))
    return tuple(s for s in _merge(out) if s.text)


def _label(paragraphs) -> str:
    return " + ".join(p.num or "¶" for p in paragraphs) if paragraphs else "—"


def _redline(comparison: ClauseComparison, w: int, witness: Witness, base: Witness) -> Redline:
    rows = []
    for row in comparison.paragraphs:
        if row.diff is None:
            text = "\n\n".join(p.full_text for p in (row.lefts or row.rights))
            alone = (Span("alone", text),)
            rows.append(RedlineRow(_label(row.lefts), _label(row.rights),
                                   alone if row.lefts else (), () if row.lefts else alone,
                                   basis_label("alone")))
            continue
        score = f", score {row.score:.2f}" if row.score is not None else ""
        rows.append(RedlineRow(_label(row.lefts), _label(row.rights),
                               redline_spans(row.diff, "left"), redline_spans(row.diff, "right"),
                               basis_label(row.basis, row.joined) + score))
    f, s = comparison.figures, comparison.figures.stats
    figures = (("Word similarity", share_text(f.word_similarity)),
               ("Shingle similarity (Jaccard)", share_text(f.shingle_jaccard)),
               ("Words unchanged", str(s.unchanged)), ("Words deleted", str(s.deleted)),
               ("Words inserted", str(s.inserted)), ("Words moved", str(s.moved)))
    note = language_basis(base.version, witness.version, None)
    return Redline(w, "redline-" + _anchor(witness.sigil)[2:], note, tuple(rows), figures)


# -------------------------------------------------------------------- build

def build_collation_report(collation: Collation, chosen_language: str | None = None,
                           generated: str | None = None) -> CollationReport:
    """The view-model of a collation; ``generated`` is an optional timestamp."""
    base = collation.base
    witnesses = collation.witnesses
    labels = _labels(collation)
    order = [w for w in range(len(witnesses)) if w != base]
    views = []
    for w, witness in enumerate(witnesses):
        readings = collation.readings[w]
        kept = moved = 0
        if readings is not None:
            kept = sum(u.is_word and r.state == KEPT for u, r in zip(collation.units, readings))
            moved = sum(u.is_word and r.state == MOVED for u, r in zip(collation.units, readings))
        views.append(_witness_view(w + 1, witness, w == base, collation.similarity[base][w],
                                   kept, moved, labels[w]))
    warnings = []
    if any(c is not None and not c.complete for c in collation.comparisons):
        warnings.append("The diff of at least one paragraph reached its time limit: it is "
                        "correct (each column is the exact text) but may show more change "
                        "than the minimum.")
    strip_words, strip = _strip(collation, order, labels)
    head = witnesses[base]
    options = collation.options
    return CollationReport(
        title=f"{head.version.short_title}, {intro_label(head.version, head.provision)}, and "
              f"{len(order)} other clause{'s' if len(order) != 1 else ''}",
        base=base, witnesses=tuple(views), order=tuple(order),
        language_note=collation_language_note(collation, chosen_language),
        warnings=tuple(warnings), rows=_table(collation, order),
        strip_words=strip_words, strip=strip,
        matrix=similarity_matrix(collation, labels), dendrogram=dendrogram(collation, labels),
        redlines=tuple(_redline(collation.comparisons[w], w, witnesses[w], head)
                       for w in order),
        options=(("Matching ignores", options.folding.describe()),
                 ("Diff cleanup", cleanup_label(options.cleanup)),
                 ("Paragraph threshold", f"{options.threshold:g}"),
                 ("Diff time limit", f"{options.timeout:g} s")),
        generated=generated)


__all__ = ["CollationReport", "build_collation_report", "collation_language_note",
           "redline_spans", "DROPPED"]
