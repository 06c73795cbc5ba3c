"""The view-model of a clause report: plain frozen data, no markup.

:func:`build_clause_report` turns a :class:`~treatycmp.compare.ClauseComparison`
and the provenance of the two texts into a :class:`ClauseReport` that the
``clause.html`` template renders.
"""

from __future__ import annotations

from typing import NamedTuple

from .. import __version__
from ..compare import ClauseComparison, cleanup_label, share_text, text_digest
from ..model import Provision, TextVersion, Treaty, format_date, intro_label
from .redline import Change, Row, build_redline

# The languages of the UN, the EU, the AU and of treaties in the corpus; any
# other is named by its code.
LANGUAGE_NAMES = {"am": "Amharic", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali",
                  "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
                  "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian",
                  "fi": "Finnish", "fr": "French", "ga": "Irish", "ha": "Hausa",
                  "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
                  "id": "Indonesian", "it": "Italian", "ja": "Japanese", "km": "Khmer",
                  "ko": "Korean", "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian",
                  "ms": "Malay", "mt": "Maltese", "my": "Burmese", "nl": "Dutch",
                  "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
                  "sk": "Slovak", "sl": "Slovenian", "sv": "Swedish", "sw": "Swahili",
                  "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
                  "vi": "Vietnamese", "zh": "Chinese"}
# Languages written right to left (primary subtags; scripts such as -Arab too).
RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps",
                           "sd", "syr", "ug", "ur", "yi"})
RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"})


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def text_direction(lang: str | None) -> str:
    """``rtl``, ``ltr`` or ``auto`` (unknown language): for dir="" attributes.

    >>> [text_direction(code) for code in ("ar", "fr", "ur-PK", "az-Arab", "", None)]
    ['rtl', 'ltr', 'rtl', 'rtl', 'auto', 'auto']
    """
    if not lang:
        return "auto"
    subtags = lang.lower().replace("_", "-").split("-")
    if any(tag in RTL_SCRIPTS for tag in subtags[1:]):
        return "rtl"
    return "rtl" if subtags[0] in RTL_LANGUAGES else "ltr"


# ------------------------------------------------------------ view-model

class Side(NamedTuple):
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
    amended_by: str | None  # for the citation line: "…, as amended by …"

    @property
    def dir(self) -> str:
        """The direction of the text's language, for dir="" attributes."""
        return text_direction(self.lang)


class Figure(NamedTuple):
    label: str
    value: str
    definition: str


class ClauseReport(NamedTuple):
    title: str
    left: Side
    right: Side
    rows: tuple[Row, ...]
    figures: tuple[Figure, ...]
    language_note: str
    warnings: tuple[str, ...]
    options: tuple[tuple[str, str], ...]
    changes: tuple[Change, ...] = ()
    summary: str = ""  # one line: the changes and the main figures
    version: str = __version__
    generated: str | None = None


def describe_side(role: str, treaty: Treaty, version: TextVersion,
                  provision: Provision) -> Side:
    """One text of a comparison, with everything needed to cite it."""
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
        provision_label=intro_label(version, provision),
        heading=provision.heading, pinpoint=pinpoint,
        language=language_name(version.lang), lang=version.lang,
        authority=version.authority_label,
        is_authentic=version.is_authentic, state=version.state,
        sha256=text_digest(provision),
        sources=tuple((s.description, s.url) for s in checked if s),
        notes=provision.notes, amended_by=version.amended_by)


def _figures(comparison: ClauseComparison) -> tuple[Figure, ...]:
    f, s = comparison.figures, comparison.figures.stats
    return (
        Figure("Word similarity", share_text(f.word_similarity),
               "2 × words shown unchanged ÷ (words left + words right), rounded down; "
               "moved words are not unchanged, and words of unmatched paragraphs count "
               "as deleted or inserted."),
        Figure("Shingle similarity (Jaccard, 5-character)", share_text(f.shingle_jaccard),
               "Shared ÷ distinct 5-character shingles of the two whole texts, "
               "after case folding and removal of spaces and punctuation."),
        Figure("Words unchanged", str(s.unchanged), "Words shown in both columns as the same."),
        Figure("Words deleted", str(s.deleted),
               f"Words of the left text ({comparison.left.label}, {s.left_words} words) "
               "struck through, and of its paragraphs with no counterpart."),
        Figure("Words inserted", str(s.inserted),
               f"Words of the right text ({comparison.right.label}, {s.right_words} words) "
               "underlined, and of its paragraphs with no counterpart."),
        Figure("Words moved", str(s.moved),
               "Words of runs found on both sides in different places (shown as moved, "
               "not counted as deleted or inserted)."),
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(comparison: ClauseComparison, changes: tuple[Change, ...]) -> str:
    """One line for the top of a report: changes, word similarity, word counts."""
    s = comparison.figures.stats
    paired = sum(1 for row in comparison.paragraphs if row.lefts and row.rights)
    alone = len(comparison.paragraphs) - paired
    moved = f", {s.moved} moved" if s.moved else ""
    rows = _plural(paired, "paragraph pair") + (f", {alone} alone" if alone else "")
    marks = ", all to punctuation or spacing: the words are identical" if (
        changes and comparison.figures.words_identical) else ""
    lowered = " (moved words count as changed)" if s.moved else ""
    return (f"{_plural(len(changes), 'change')}{marks} · word similarity "
            f"{share_text(comparison.figures.word_similarity)}{lowered} · words: {s.unchanged} unchanged, "
            f"{s.deleted} deleted, {s.inserted} inserted{moved} · {rows}.")


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
                        generated: str | None = None,
                        anchor_prefix: str | None = None) -> ClauseReport:
    """The view-model of a clause comparison; ``generated`` is an optional
    timestamp. ``anchor_prefix`` starts the ids of changes and moves; by
    default the left provision's eid (``art_5-change-1``), so that a page
    showing several comparisons has each id once."""
    lside = describe_side("left", *left, comparison.left)
    rside = describe_side("right", *right, comparison.right)
    warnings = []
    if not comparison.complete:
        warnings.append("The diff of at least one paragraph reached its time limit "
                        f"({comparison.options.timeout:g} s): it is correct (each column "
                        "is the exact text) but may show more change than the minimum.")
    options = comparison.options
    if anchor_prefix is None:
        anchor_prefix = f"{comparison.left.eid}-"
    rows, changes = build_redline(comparison, anchor_prefix)
    return ClauseReport(
        title=f"{lside.short_title}, {lside.provision_label} · "
              f"{rside.short_title}, {rside.provision_label}",
        left=lside, right=rside, rows=rows, figures=_figures(comparison),
        language_note=language_basis(left[1], right[1], chosen_language),
        warnings=tuple(warnings),
        options=(("Matching ignores", options.folding.describe()),
                 ("Diff cleanup", cleanup_label(options.cleanup)),
                 ("Paragraph threshold", f"{options.threshold:g}"),
                 ("Diff time limit", f"{options.timeout:g} s")),
        changes=changes, summary=summary_line(comparison, changes),
        generated=generated)
