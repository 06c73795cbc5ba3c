"""The view-model of a clause report: plain frozen data, no markup.

:func:`build_clause_report` turns a :class:`~treatycmp.compare.ClauseComparison`
and the provenance of the two texts into a :class:`ClauseReport` that the
``clause.html`` template renders.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import __version__
from ..compare import ClauseComparison, ParagraphComparison, text_digest
from ..diff import DELETE, EQUAL, INSERT, ClauseDiff
from ..model import Provision, TextVersion, Treaty, format_date

LANGUAGE_NAMES = {"ar": "Arabic", "cs": "Czech", "de": "German", "en": "English",
                  "es": "Spanish", "fr": "French", "ja": "Japanese", "ko": "Korean",
                  "pl": "Polish", "pt": "Portuguese", "ru": "Russian"}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


# ------------------------------------------------------------ view-model

@dataclass(frozen=True)
class Segment:
    """A run of text in one column. ``kind``: same, folded (matched only after
    folding; ``other`` is the other side's text), deleted, inserted, space (the
    space after a change), alone (a paragraph without counterpart)."""

    kind: str
    text: str
    other: str | None = None


@dataclass(frozen=True)
class Cell:
    anchor: str
    label: str
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Row:
    left: Cell | None
    right: Cell | None
    score: float | None

    @property
    def anchor(self) -> str:
        return (self.left or self.right).anchor

    @property
    def status(self) -> str:
        if self.left and self.right:
            return "matched"
        return "left-only" if self.left else "right-only"


@dataclass(frozen=True)
class Side:
    """One instrument of the comparison, with everything needed to cite it."""

    role: str
    reference: str
    title: str
    short_title: str
    signed: str
    citation: str
    no_citation: str | None
    provision_label: str
    heading: str | None
    pinpoint: str
    language: str
    lang: str  # the language code, for lang="" attributes
    authority: str
    is_authentic: bool
    state: str
    sha256: str
    sources: tuple[tuple[str, str | None], ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    definition: str


@dataclass(frozen=True)
class ClauseReport:
    title: str
    left: Side
    right: Side
    rows: tuple[Row, ...]
    figures: tuple[Figure, ...]
    language_note: str
    warnings: tuple[str, ...]
    options: tuple[tuple[str, str], ...]
    version: str = __version__
    generated: str | None = None


def _side(role: str, treaty: Treaty, version: TextVersion, provision: Provision) -> Side:
    work = treaty.work
    pinpoint = provision.pinpoint
    if len(provision.paragraphs) > 1 and provision.kind == "article":
        pinpoint += f" (paras 1–{len(provision.paragraphs)})"
    checked = [version.source(s) for s in provision.checked]
    return Side(
        role=role,
        reference=f"{treaty.id}@{version.lang}:{provision.key}",
        title=("DRAFT: " if treaty.is_draft else "") + version.title,
        short_title=version.short_title,
        signed=f"{work.signed_place}, {format_date(work.signed_date)}",
        citation=work.citation_text,
        no_citation=work.no_citation_reason if not work.citations else None,
        provision_label=provision.label,
        heading=provision.heading, pinpoint=pinpoint,
        language=language_name(version.lang), lang=version.lang,
        authority=version.authority_label,
        is_authentic=version.is_authentic, state=version.state,
        sha256=text_digest(provision),
        sources=tuple((s.description, s.url) for s in checked if s),
        notes=provision.notes)


def _split_equal(diff: ClauseDiff, op, side: str) -> list[Segment]:
    """Equal runs, split where the two sides' exact texts differ."""
    out: list[Segment] = []
    pairs = zip(diff.left[op.i1:op.i2], diff.right[op.j1:op.j2])
    for lt, rt in pairs:
        mine, theirs = (lt.t, rt.t) if side == "left" else (rt.t, lt.t)
        kind = "same" if mine == theirs else "folded"
        if out and out[-1].kind == kind == "same":
            out[-1] = Segment("same", out[-1].text + mine)
        elif out and out[-1].kind == kind == "folded" and not mine.isspace():
            out[-1] = Segment("folded", out[-1].text + mine, out[-1].other + theirs)
        else:
            out.append(Segment(kind, mine, theirs if kind == "folded" else None))
    return out


def diff_segments(diff: ClauseDiff, side: str) -> tuple[Segment, ...]:
    """The segments of one column of a paragraph diff ("left" or "right")."""
    out: list[Segment] = []
    for op in diff.opcodes:
        if op.tag == EQUAL:
            out.extend(_split_equal(diff, op, side))
        elif op.tag == DELETE and side == "left":
            out.extend(_changed("deleted", diff.left_text(op)))
        elif op.tag == INSERT and side == "right":
            out.extend(_changed("inserted", diff.right_text(op)))
    return tuple(out)


def _changed(kind: str, text: str) -> list[Segment]:
    """A deleted or inserted run, its trailing space set apart so that the
    strike-through or underline ends with the last word."""
    words = text.rstrip()
    out = [Segment(kind, words)] if words else []
    if len(words) < len(text):
        out.append(Segment("space", text[len(words):]))
    return out


def _cell(role: str, row: ParagraphComparison, index: int) -> Cell | None:
    para = row.left if role == "left" else row.right
    if para is None:
        return None
    label = para.num or f"¶ {index}"
    if row.diff is None:
        segments: tuple[Segment, ...] = (Segment("alone", para.full_text),)
    else:
        segments = diff_segments(row.diff, role)
    return Cell(f"{role}-{para.eid}", label, segments)


def _rows(comparison: ClauseComparison) -> tuple[Row, ...]:
    rows, seen = [], {"left": 0, "right": 0}
    for item in comparison.paragraphs:
        cells = {}
        for role in ("left", "right"):
            para = item.left if role == "left" else item.right
            if para is not None:
                seen[role] += 1
            cells[role] = _cell(role, item, seen[role])
        rows.append(Row(cells["left"], cells["right"], item.score))
    return tuple(rows)


def _figures(comparison: ClauseComparison) -> tuple[Figure, ...]:
    f, s = comparison.figures, comparison.figures.stats
    return (
        Figure("Word similarity", f"{f.word_similarity:.2f}",
               "2 × words shown unchanged ÷ (words left + words right); "
               "words of unmatched paragraphs count as deleted or inserted."),
        Figure("Shingle similarity (Jaccard, 5-character)", f"{f.shingle_jaccard:.2f}",
               "Shared ÷ distinct 5-character shingles of the two whole texts, "
               "after case folding and removal of spaces and punctuation."),
        Figure("Words unchanged", str(s.unchanged), "Words shown in both columns as the same."),
        Figure("Words deleted", str(s.deleted),
               f"Words of the left text ({comparison.left.label}) not in the right "
               f"text (of {s.left_words})."),
        Figure("Words inserted", str(s.inserted),
               f"Words of the right text ({comparison.right.label}) not in the left "
               f"text (of {s.right_words})."),
    )


def language_basis(left: TextVersion, right: TextVersion, chosen: str | None) -> str:
    """A sentence saying in which language(s) the texts are compared, and how."""
    if left.is_authentic and right.is_authentic:
        if left.lang == right.lang:
            how = "chosen as an authentic language of both" if chosen else "as requested"
            return (f"Both texts are authentic and compared in {language_name(left.lang)} "
                    f"({how}).")
        return (f"Both texts are authentic, in different languages "
                f"({language_name(left.lang)} and {language_name(right.lang)}): "
                "the word diff compares wording across languages.")
    parts = [f"the {side} text is an {v.authority_label}"
             for side, v in (("left", left), ("right", right)) if not v.is_authentic]
    return ("Not a comparison of authentic texts: " + " and ".join(parts) +
            ". Differences may come from the translation rather than the treaty.")


def build_clause_report(comparison: ClauseComparison,
                        left: tuple[Treaty, TextVersion], right: tuple[Treaty, TextVersion],
                        chosen_language: str | None = None,
                        generated: str | None = None) -> ClauseReport:
    """The view-model of a clause comparison; ``generated`` is an optional timestamp."""
    lside = _side("left", *left, comparison.left)
    rside = _side("right", *right, comparison.right)
    warnings = []
    if not comparison.complete:
        warnings.append("The diff of at least one paragraph reached its time limit "
                        f"({comparison.options.timeout:g} s): it is correct (each column "
                        "is the exact text) but may show more change than the minimum.")
    options = comparison.options
    return ClauseReport(
        title=f"{lside.short_title}, {lside.provision_label} · "
              f"{rside.short_title}, {rside.provision_label}",
        left=lside, right=rside, rows=_rows(comparison), figures=_figures(comparison),
        language_note=language_basis(left[1], right[1], chosen_language),
        warnings=tuple(warnings),
        options=(("Matching ignores", options.folding.describe()),
                 ("Diff cleanup", f"{options.cleanup} (diff-match-patch)"),
                 ("Paragraph threshold", f"{options.threshold:g}"),
                 ("Diff time limit", f"{options.timeout:g} s")),
        generated=generated)
