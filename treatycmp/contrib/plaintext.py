"""Plain text to and from the treaty model.

- :func:`render_text`: a language version as plain text.
- :func:`import_text`: plain text as a language version (an
  :class:`ImportResult`, with what could not be placed and what was guessed).

The plain-text form that :func:`render_text` writes and :func:`import_text`
reads back (the importer also reads the looser forms found in the wild)::

    Title of the treaty                      the title, underlined
    ===================

    The Parties to this Treaty ...           the preamble: one block per recital

    Article 1                                the article number as printed
    Purpose                                  its heading, if any

    1. The Parties undertake: ...            a paragraph (numbered or not)
      (a) to consult;                        its points, one per line
      (b) to assist each other,
                                             a blank line, then
    in accordance with Article 51.           the paragraph's closing words

    Article 3
    [Not yet transcribed] The scan of page 13 is illegible.

    [Final clauses]                          (only if the first line would not
    In witness whereof, ...                   announce the final clauses itself)

An untranscribed preamble or final clause is one marker line:
``[Preamble: not yet transcribed] NOTE`` or
``[Final clauses: not yet transcribed] NOTE``. An article label the importer
would not recognise is written ``[Article 7] LABEL``, and a heading it would
take for text (long, or ending with a full stop) ``[Heading] HEADING``. The
rendering holds the current wording only: notes, sources, ``checked`` and
superseded wordings are metadata and stay in the XML.

Import rules (details in :mod:`treatycmp.contrib.outline` and :mod:`treatycmp.contrib.labels`):
text before the first article heading is the title (a first line standing
alone, or underlined) and the preamble; each article runs to the next
heading; a line opening the final clauses (``In witness whereof``, ``Done
at``, ``Fait à``, ``En foi de quoi``...) starts the conclusions, which run
to the end. Page numbers (``- 3 -``, ``Page 3``) and running headers and
footers (short lines repeated three times or more, or twice beside page
numbers) are dropped, with a warning each.

**The one change made to the wording**: each line loses its leading and
trailing white space, and a paragraph wrapped over several lines is joined
into one line with single spaces (a tab or control character inside a line
also becomes a space). Every join is listed in the warnings, with its line
number, so it can be checked; a word hyphenated across a line break is
joined with a space after the hyphen and flagged as well.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from .. import model as m
from ..errors import DataError
from .labels import (ArticleHeading, ends_sentence, is_division_heading,
                     is_final_clause_opener, is_page_number, is_preamble_heading,
                     looks_like_heading, parse_article_heading, parse_item_label)
from .outline import (DEFAULT_NOTE, IMPORT_SOURCE, UNTRANSCRIBED_MARKER, Line, Report,
                      build_article, continues, has_words, join_warning)
from ..refs import is_treaty_id
from .scaffold import PLACEHOLDER, check_lang

FINAL_MARKER = re.compile(r"\[(?i:final clauses|conclusions)\]")
ARTICLE_MARKER = re.compile(r"\[(?i:article) (?P<n>[0-9A-Za-z]+)\]\s+(?P<num>\S.*)")
_UNDERLINE = re.compile(r"[=\-]{3,}")
_FINAL_WORDS = ("final clauses", "conclusions")
_CONTROL = re.compile(r"[\x00-\x08\x09\x0b-\x1f\x7f]+")
REPEATS_FOR_FURNITURE = 3  # a short line seen this often is a running header/footer
TITLE_MAX_WORDS = 40
WRAP_MIN_LINES = 6         # fewer wrapped lines than this say nothing about a width
WRAP_WIDTHS = (45, 130)    # characters: the widths at which texts are hard-wrapped


@dataclass(frozen=True)
class ImportResult:
    """The version read from plain text, every non-blank line that could
    not be placed as ``(line number, line)``, and warnings as
    ``(line number, message)``, both in line order."""

    version: m.TextVersion
    unplaced: tuple[tuple[int, str], ...]
    warnings: tuple[tuple[int, str], ...]


# ------------------------------------------------------------- rendering

def render_text(version: m.TextVersion) -> str:
    """``version`` as plain text (see the module docstring for the layout)."""
    blocks = [[version.title, "=" * max(3, len(version.title))]]
    if version.preamble is not None:
        blocks.extend(_render_plain(version.preamble, "Preamble"))
    for article in version.articles:
        blocks.extend(_render_article(article))
    if version.conclusions is not None:
        conclusions = _render_plain(version.conclusions, "Final clauses")
        if version.conclusions.transcribed and not is_final_clause_opener(
                version.conclusions.paragraphs[0].text):
            conclusions.insert(0, ["[Final clauses]"])
        blocks.extend(conclusions)
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _render_plain(provision: m.Provision, name: str) -> list[list[str]]:
    if not provision.transcribed:
        return [[f"[{name}: not yet transcribed] {_note(provision)}"]]
    return [[p.text] for p in provision.paragraphs]


def _render_article(article: m.Provision) -> list[list[str]]:
    heading = parse_article_heading(article.label)
    if heading is None or (heading.n, heading.num, heading.rest) != (
            article.n, article.label, None):
        head = [f"[Article {article.n}] {article.label}"]
    else:
        head = [article.label]
    if article.heading is not None:
        plain = looks_like_heading(article.heading)
        head.append(article.heading if plain else f"[Heading] {article.heading}")
    if not article.transcribed:
        return [head + [f"[Not yet transcribed] {_note(article)}"]]
    blocks = [head]
    for paragraph in article.paragraphs:
        lines = [f"{paragraph.num} {paragraph.text}" if paragraph.num else paragraph.text]
        lines.extend(_render_points(paragraph.points, 1))
        blocks.append(lines)
        if paragraph.wrap_up is not None:
            blocks.append([paragraph.wrap_up])
    return blocks


def _render_points(points: tuple[m.Point, ...], depth: int) -> list[str]:
    lines = []
    for point in points:
        lines.append("  " * depth + f"{point.num or '•'} {point.text}")
        lines.extend(_render_points(point.points, depth + 1))
    return lines


def _note(provision: m.Provision) -> str:
    return provision.notes[0] if provision.notes else DEFAULT_NOTE


# ------------------------------------------------------------- importing

def import_text(text: str, treaty_id: str, lang: str, source_name: str) -> ImportResult:
    """Read a treaty in plain text as a language version of ``treaty_id``.

    Every transcribed provision is marked ``checked="import"`` against a
    source naming ``source_name``: the contributor replaces it with the
    publication each provision was checked against. Title, state and
    sources hold placeholders (``TO FILL IN``) where the text cannot say.
    Raise ``ValueError`` for a malformed id or language code, and
    :class:`~treatycmp.errors.DataError` if no article heading is found.
    """
    if not is_treaty_id(treaty_id):
        raise ValueError(f"{treaty_id!r} is not a treaty id (lower-case letters, digits "
                         "and single hyphens, for example nato-1949)")
    check_lang(lang)
    report = Report()
    raw = _split_lines(text, report)
    title, title_lines = _find_title(raw, report)
    lines = _drop_furniture(raw, report, title_lines)
    width = _wrap_width(lines)
    preamble, articles, conclusions = _regions(lines, report)
    if not articles:
        raise DataError("no article heading found (such as \"Article 1\", \"ARTICLE I\" "
                        "or \"Article premier\" on a line of its own)", source_name)
    version = m.TextVersion(
        treaty_id=treaty_id, lang=lang, authority=m.AUTHENTIC,
        title=title or f"{PLACEHOLDER}: the title as printed in this text",
        short_title=title or f"{PLACEHOLDER}: a short title",
        state_kind="as-signed",
        state=f"{PLACEHOLDER}: which state of the text this is: as signed, or as "
              "amended (and by what)",
        sources=(m.Source(IMPORT_SOURCE, f"Plain-text file {_one_line(source_name)}, "
                          f"read by treatycmp import. {PLACEHOLDER}: name the publication "
                          "each provision was checked against, cite it in checked=, and "
                          "remove this entry."),),
        notes=("Imported from plain text: check every provision against a named source, "
               "and record what cannot be checked as not yet transcribed.",),
        preamble=_plain_provision(m.PREAMBLE, preamble, report, width),
        articles=tuple(build_article(line, heading, body, report, width)
                       for line, heading, body in articles),
        conclusions=_plain_provision(m.CONCLUSIONS, conclusions, report, width))
    return ImportResult(version, tuple(sorted(report.unplaced)),
                        tuple(sorted(report.warnings, key=lambda w: w[0])))


def _one_line(name: str) -> str:
    """A file name fit for a one-line description (metadata, not wording)."""
    return " ".join(name.split()) or "(unnamed)"


def _split_lines(text: str, report: Report) -> list[tuple[int, str]]:
    """``(line number, stripped text)`` for every line, blank ones included."""
    out = []
    for no, raw in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        line = raw.strip()
        if _CONTROL.search(line):
            line = _CONTROL.sub(" ", line).strip()  # a control at an end leaves no space
            report.warn(no, "a tab or control character inside the line became a space")
        out.append((no, line))
    return out


def _drop_furniture(raw: list[tuple[int, str]], report: Report,
                    title_lines: frozenset[int]) -> list[Line]:
    """The non-blank lines, without the title, page numbers and running
    headers and footers.

    A blank line next to a dropped line does not separate blocks, so a
    paragraph broken by a page break reads on.
    """
    counts = _furniture_counts(raw)
    lines: list[Line] = []
    gap = dropped = False
    for no, text in raw:
        if no in title_lines:
            continue
        if not text:
            gap = True
        elif is_page_number(text):
            dropped = True
            report.warn(no, f"page number {text!r} ignored")
        elif counts.get(text):
            dropped = True
            report.warn(no, f"{text!r} ignored as a page header or footer (the line "
                            f"appears {counts[text]} times)")
        else:
            lines.append(Line(no, text, bool(lines) and gap and not dropped))
            gap = dropped = False
    return lines


def _furniture_counts(raw: list[tuple[int, str]]) -> dict[str, int]:
    """Running headers and footers, with the number of times each appears:
    short lines seen three times or more, or twice, each time beside a page
    number (a short text has few page breaks)."""
    texts = [text for _, text in raw if text]
    counts: dict[str, int] = {}
    beside: dict[str, int] = {}
    for i, text in enumerate(texts):
        if has_words(text) and len(text.split()) <= 12 and not _is_structural(text):
            counts[text] = counts.get(text, 0) + 1
            near = texts[max(i - 1, 0):i] + texts[i + 1:i + 2]
            beside[text] = beside.get(text, 0) + any(map(is_page_number, near))
    return {text: count for text, count in counts.items()
            if count >= REPEATS_FOR_FURNITURE or count == beside[text] >= 2}


def _is_structural(text: str) -> bool:
    return (_article_heading(text) is not None or parse_item_label(text) is not None
            or UNTRANSCRIBED_MARKER.fullmatch(text) is not None
            or FINAL_MARKER.fullmatch(text) is not None)


def _article_heading(text: str) -> ArticleHeading | None:
    marked = ARTICLE_MARKER.fullmatch(text)
    if marked:
        return ArticleHeading(marked["n"], marked["num"], None)
    return parse_article_heading(text)


def _find_title(raw: list[tuple[int, str]],
                report: Report) -> tuple[str | None, frozenset[int]]:
    """The title and the numbers of its lines: a first line standing alone
    (a blank line or an article heading after it), or the lines above an
    underline (``=====``) at the top."""
    block: list[tuple[int, str]] = []
    for no, text in raw:
        if text:
            block.append((no, text))
        elif block:
            break
    underline = next((i for i, (_, text) in enumerate(block)
                      if i and _UNDERLINE.fullmatch(text)), None)
    if underline is not None:
        if underline > 1:
            report.warn(block[1][0], "title lines above the underline joined with spaces")
        return (" ".join(text for _, text in block[:underline]),
                frozenset(no for no, _ in block[:underline + 1]))
    if block and _looks_like_title(block[0][1]) and (
            len(block) == 1 or _article_heading(block[1][1])):
        return block[0][1], frozenset({block[0][0]})
    report.warn(block[0][0] if block else 1, "no title line found: the title is a "
                                             "placeholder to fill in")
    return None, frozenset()


def _looks_like_title(text: str) -> bool:
    return not (_is_structural(text) or is_final_clause_opener(text)
                or is_preamble_heading(text) or is_division_heading(text)
                or is_page_number(text) or ends_sentence(text) or text.endswith(",")
                or len(text.split()) > TITLE_MAX_WORDS)


def _wrap_width(lines: list[Line]) -> int | None:
    """The line width of a hard-wrapped text (most lines followed by more
    of the same paragraph are about as long), or None."""
    widths = [len(line.text) for line, after in zip(lines, lines[1:])
              if not after.new_block and not _is_structural(after.text)
              and not _is_structural(line.text)]
    if len(widths) < WRAP_MIN_LINES:
        return None
    width = statistics.median(widths)
    near = sum(1 for w in widths if 0.8 * width <= w <= 1.2 * width)
    plausible = WRAP_WIDTHS[0] <= width <= WRAP_WIDTHS[1]
    return int(width) if plausible and near >= 0.7 * len(widths) else None


_Article = tuple[Line, ArticleHeading, list[Line]]


def _regions(lines: list[Line],
             report: Report) -> tuple[list[Line], list[_Article], list[Line]]:
    """Split into preamble lines, ``(heading line, heading, body)`` per
    article, and conclusion lines."""
    preamble: list[Line] = []
    articles: list[_Article] = []
    conclusions: list[Line] = []
    first_seen: dict[str, int] = {}
    body: list[Line] | None = preamble
    for line in lines:
        if body is not conclusions:
            heading = _article_heading(line.text)
            if heading is not None:
                if heading.n in first_seen:
                    report.unplace(line, f"Article {heading.n} appears twice (first on "
                                         f"line {first_seen[heading.n]}): it and the "
                                         "lines under it are not placed")
                    body = None
                    continue
                first_seen[heading.n] = line.no
                articles.append((line, heading, []))
                body = articles[-1][2]
                continue
            if articles and _opens_conclusions(line.text):
                body = conclusions
        elif _article_heading(line.text) is not None:
            report.warn(line.no, "looks like an article heading but follows the final "
                                 "clauses: kept as final-clause text")
        if body is None:
            report.unplace(line)
        else:
            body.append(line)
    return preamble, articles, conclusions


def _opens_conclusions(text: str) -> bool:
    marker = UNTRANSCRIBED_MARKER.fullmatch(text)
    return (is_final_clause_opener(text) or FINAL_MARKER.fullmatch(text) is not None
            or (marker is not None and (marker["what"] or "").lower() in _FINAL_WORDS))


def _plain_provision(kind: str, lines: list[Line], report: Report,
                     width: int | None) -> m.Provision | None:
    """The preamble or the conclusions: plain paragraphs (no labels read)."""
    eid, label, child = ((m.PREAMBLE, "Preamble", "recital") if kind == m.PREAMBLE
                         else (m.CONCLUSIONS, "Conclusions", "para"))
    units: list[list[Line]] = []
    note = None
    for line in lines:
        marker = UNTRANSCRIBED_MARKER.fullmatch(line.text)
        if FINAL_MARKER.fullmatch(line.text):
            continue
        if marker and note is None:
            note = (marker["note"] or "").strip() or DEFAULT_NOTE
        elif marker or not has_words(line.text):
            report.unplace(line, None if not marker else "a second marker: not placed")
        elif is_preamble_heading(line.text) or is_division_heading(line.text):
            report.unplace(line, "a heading the schema has no place for: not placed")
        elif units and not line.new_block and continues(units[-1][-1].text, line.text,
                                                        width):
            report.warn(line.no, join_warning(units[-1][-1].text))
            units[-1].append(line)
        else:
            units.append([line])
    if note is not None:
        for unit in units:
            for line in unit:
                report.unplace(line, f"the {label.lower()} is marked as not yet "
                                     "transcribed: line not placed")
        return m.Provision(kind, eid, None, label, None, (), False, notes=(note,))
    if not units:
        return None
    paragraphs = tuple(m.Paragraph(f"{eid}__{child}_{i}", None,
                                   " ".join(line.text for line in unit))
                       for i, unit in enumerate(units, 1))
    return m.Provision(kind, eid, None, label, None, paragraphs, True,
                       checked=(IMPORT_SOURCE,))
