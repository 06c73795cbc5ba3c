"""Plain text to and from the treaty model.

- :func:`render_text` (from :mod:`treatycmp.contrib.render`): a language
  version as plain text.
- :func:`import_text`: plain text as a language version (an
  :class:`ImportResult`, with what could not be placed and what was guessed).

The plain-text form that :func:`render_text` writes and :func:`import_text`
reads back (the importer also reads the looser forms found in the wild)::

    Title of the treaty                      the title, underlined
    ===================

    The Parties to this Treaty ...           the preamble: one block per recital

    PART I                                   a division: its number as printed
    General Provisions                       and its heading, if any

    The Parties accept as the aim ...        its intro, if any: plain paragraphs
                                             before its first article

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

    ANNEX 2                                  an annex: number and heading, then
    List of Goods                            its articles (after an optional
                                             intro) or its paragraphs

An untranscribed preamble or final clause is one marker line:
``[Preamble: not yet transcribed] NOTE`` or
``[Final clauses: not yet transcribed] NOTE`` (and under a division's or
annex's heading, ``[Intro: not yet transcribed] NOTE`` for its intro). An article label the importer
would not recognise is written ``[Article 7] LABEL``, a division or annex
label ``[Division chapter 2] LABEL`` or ``[Annex protocol 1] LABEL``, and a
heading it would take for text (long, or ending with a full stop)
``[Heading] HEADING``; ``[Intro]`` stands above a division's or annex's intro
whose first paragraph would otherwise be taken for its heading. The rendering holds the current wording only: notes,
sources, ``checked`` and superseded wordings are metadata and stay in the XML.

Import rules (details in :mod:`treatycmp.contrib.structure`,
:mod:`treatycmp.contrib.outline`, :mod:`treatycmp.contrib.headings`,
:mod:`treatycmp.contrib.labels`, :mod:`treatycmp.contrib.joining`,
:mod:`treatycmp.contrib.contents` and :mod:`treatycmp.contrib.furniture`): text
before the first heading is the title (a first line standing alone, or
underlined) and the preamble; each article runs to the next heading;
division headings (``PART V``, ``CHAPTER TWO``, ``DEEL II``) open divisions,
and the text under one before its first article is its intro (likewise the
text of an annex before its articles, such as a protocol's own preamble);
a closing formula (``In witness whereof``, ``Done at``, ``Fait à``, ``TEN
BLIJKE WAARVAN``...) starts the conclusions, which run to the first annex
heading (``ANNEX 2``, ``PROTOCOL``). A table of contents whose articles are
printed again after it, page numbers, running headers and footers that
repeat as page furniture, lines without words (``* * *``) and the word
``Preamble`` printed as a heading are dropped, each reported.

**Every non-blank line is accounted for**: placed, dropped with a reason, or
reported as not placed (:attr:`ImportResult.unplaced`).

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

from pathlib import Path

from .. import model as m
from ..errors import DataError
from ..inputs import read_input
from ..refs import is_treaty_id
from .contents import find_contents
from .furniture import find_furniture
from .headings import (ends_sentence, is_closing_heading, is_final_clause_opener,
                       is_page_number, is_preamble_heading, is_source_note)
from .labels import parse_item_label
from .joining import continues, hangs, has_words, join_warning
from .outline import (DEFAULT_NOTE, HEADING_MARKER, IMPORT_SOURCE, UNTRANSCRIBED_MARKER,
                      Line, Report, build_article)
from .render import render_text
from .scaffold import PLACEHOLDER, check_lang
from ..store.xml import first_unstorable
from .structure import (FINAL_MARKER, AnnexDraft, DivisionDraft, annex_heading,
                        article_heading, division_heading, is_heading_line,
                        resolve_numbers, split_structure)

_UNDERLINE = re.compile(r"[=\-]{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x09\x0b-\x1f\x7f]+")
TITLE_MAX_WORDS = 40
TITLE_MAX_LINES = 4        # a title printed over more lines is not guessed
WRAP_MIN_LINES = 6         # fewer wrapped lines than this say nothing about a width
WRAP_WIDTHS = (45, 130)    # characters: the widths at which texts are hard-wrapped


__all__ = ["ImportResult", "import_text", "render_text"]


@dataclass(frozen=True)
class ImportResult:
    """The version read from plain text; every non-blank line that could
    not be placed, as ``(line number, line)``; warnings (guesses to check)
    as ``(line number, message)``; and the lines dropped on purpose (page
    furniture, separators) as ``(line number, why)``, all in line order.
    Every non-blank input line is placed, dropped or unplaced."""

    version: m.TextVersion
    unplaced: tuple[tuple[int, str], ...]
    warnings: tuple[tuple[int, str], ...]
    dropped: tuple[tuple[int, str], ...] = ()


# ------------------------------------------------------------- importing

MAX_TEXT_BYTES = 10_000_000  # a treaty in plain text is far smaller


def read_text_file(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """The text of a plain-text treaty file, or a :class:`DataError` saying
    why not (not a regular file, too large, not UTF-8, a character that no
    XML file can hold, with its line and column)."""
    try:
        text = read_input(path, limit, "text file").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text (byte {exc.start}): save the file as UTF-8",
                        str(path)) from None
    bad = first_unstorable(text)
    if bad:
        raise DataError(f"character U+{ord(bad[2]):04X} cannot be stored in XML: remove "
                        "it or replace it with what is printed", str(path), bad[0], bad[1])
    return text


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
    raw, page_breaks = _split_lines(text, report)
    title, title_lines = _find_title(raw, report)
    lines = _drop_furniture(raw, report, title_lines, page_breaks)
    width = _wrap_width(lines)
    structure = split_structure(lines, report)
    if not structure.has_articles():
        raise DataError("no article heading found (such as \"Article 1\", \"ARTICLE I\" "
                        "or \"Article premier\" on a line of its own)", source_name)
    body = _items(structure.children, None, None, report, width)
    annexes = tuple(a for a in (_annex(d, report, width) for d in structure.annexes) if a)
    if not any(True for _ in _articles(body)):
        raise DataError("no article heading found in the main text (only in annexes)",
                        source_name)
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
        preamble=_plain_provision(m.PREAMBLE, structure.preamble, report, width),
        body=body,
        conclusions=_plain_provision(m.CONCLUSIONS, structure.conclusions, report, width),
        annexes=annexes)
    _account(raw, title_lines, lines, report)
    return ImportResult(version, tuple(sorted(set(report.unplaced))),
                        tuple(sorted(report.warnings, key=lambda w: w[0])),
                        tuple(sorted(report.dropped.items())))


def _articles(items):
    for item in items:
        if isinstance(item, m.Division):
            yield from _articles(item.items)
        else:
            yield item


def _account(raw: list[tuple[int, str]], title_lines: frozenset[int], lines: list[Line],
             report: Report) -> None:
    """Every non-blank line was given to the title, dropped, or given to the
    structure (which places or reports it): a line in none of these would be
    lost, so it is reported as not placed."""
    seen = set(title_lines) | set(report.dropped) | {line.no for line in lines}
    for no, text in raw:
        if text and no not in seen:
            report.unplace(Line(no, text), "this line was not read: not placed")


def _items(children: list, container: str | None, annex: str | None, report: Report,
           width: int | None) -> tuple:
    """The model's articles and divisions for the drafts in ``children``."""
    keys = {id(draft): draft.n for draft in resolve_numbers(children, report)}
    return _convert(children, container, annex is not None, keys, report, width)


def _convert(children: list, container: str | None, in_annex: bool, keys: dict,
             report: Report, width: int | None) -> tuple:
    out: list = []
    counts: dict[str, int] = {}
    seen: dict[tuple[str, str], int] = {}
    prefix = container.split("__", 1)[0] if in_annex and container else None
    for child in children:
        if not isinstance(child, DivisionDraft):
            if id(child) in keys:
                out.append(build_article(child.line, child.heading, child.body, report,
                                         width, keys[id(child)],
                                         f"{prefix}__" if prefix else "", child.above))
            continue
        heading = child.heading
        counts[heading.kind] = counts.get(heading.kind, 0) + 1
        n = heading.n
        if (heading.kind, n) in seen:
            report.warn(child.line.no, f"{heading.num}: {heading.kind} {n} came before "
                                       f"here (line {seen[heading.kind, n]}): stored "
                                       "without a key, under its printed number")
            n = None
        elif n is not None:
            seen[heading.kind, n] = child.line.no
        eid = m.division_eid(heading.kind, n or counts[heading.kind], container)
        items = _convert(child.children, eid, in_annex, keys, report, width)
        intro = _intro(child.text, eid, heading.num, report, width)
        if not items and intro is None:
            for line in [child.line] + child.title:
                report.unplace(line, f"{heading.num} holds no article and no text: not "
                                     "placed")
            continue
        out.append(m.Division(heading.kind, n, heading.num,
                              _heading_text(heading.rest, child.title), eid, items,
                              intro=intro))
    return tuple(out)


def _intro(lines: list[Line], container: str, name: str, report: Report,
           width: int | None) -> m.Provision | None:
    """The text under a division's or annex's heading before its first
    article or division: its intro (plain paragraphs), or, marked
    ``[Intro: not yet transcribed] NOTE``, an intro not yet transcribed."""
    if lines and not UNTRANSCRIBED_MARKER.fullmatch(lines[0].text):
        report.warn(lines[0].no, f"text under {name} before its first article: kept as "
                                 "its intro")
    return _plain_provision(m.INTRO, lines, report, width, f"{container}__intro",
                            "Introduction")


def _heading_text(rest: str | None, lines: list[Line]) -> str | None:
    """A division's or annex's heading: the words after its number, or the
    line(s) under it (joined with single spaces)."""
    texts = [rest] if rest else []
    for line in lines:
        marked = HEADING_MARKER.fullmatch(line.text)
        texts.append(marked["heading"] if marked else line.text)
    return " ".join(texts) or None


def _annex(draft: AnnexDraft, report: Report, width: int | None) -> m.Annex | None:
    heading = draft.heading
    eid, key = m.annex_eid(heading.kind, draft.n), f"{heading.kind}-{draft.n}"
    title = _heading_text(heading.rest, draft.title)
    intro = None
    if draft.children:
        items = _items(draft.children, eid, key, report, width)
        if items:
            intro = _intro(draft.intro, eid, heading.num, report, width)
        else:
            for line in draft.intro:
                report.unplace(line, f"{heading.num} holds no text: not placed")
    else:
        plain = _plain_provision(m.ANNEX, draft.intro, report, width, eid, heading.num)
        items = () if plain is None else (
            m.Provision(m.ANNEX, eid, None, heading.num, title, plain.paragraphs,
                        plain.transcribed, plain.checked, plain.notes, annex=key),)
    if not items:
        for line in [draft.line] + draft.title:
            report.unplace(line, f"{heading.num} holds no text: not placed")
        return None
    return m.Annex(heading.kind, draft.n, heading.num, title, eid, items, intro=intro)


def _one_line(name: str) -> str:
    """A file name fit for a one-line description (metadata, not wording)."""
    return " ".join(name.split()) or "(unnamed)"


def _split_lines(text: str, report: Report) -> tuple[list[tuple[int, str]], frozenset[int]]:
    """``(line number, stripped text)`` for every line, blank ones included,
    and the numbers of the lines that hold a form feed (a page break)."""
    out, breaks = [], set()
    for no, raw in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        line = raw.strip()
        if "\f" in raw:
            breaks.add(no)
            line = line.replace("\f", " ").strip()
        if _CONTROL.search(line):
            line = _CONTROL.sub(" ", line).strip()  # a control at an end leaves no space
            report.warn(no, "a tab or control character inside the line became a space")
        out.append((no, line))
    return out, frozenset(breaks)


def _drop_furniture(raw: list[tuple[int, str]], report: Report,
                    title_lines: frozenset[int], page_breaks: frozenset[int]) -> list[Line]:
    """The non-blank lines, without the title, a table of contents, page
    furniture, lines without words and the word "Preamble" printed as a heading.

    A blank line next to a dropped line does not separate blocks, so a
    paragraph broken by a page break reads on.
    """
    body = [(no, text) for no, text in raw if no not in title_lines]
    furniture = find_contents(body)
    furniture.update(find_furniture([(no, "" if no in furniture else text)
                                     for no, text in body], page_breaks, is_heading_line,
                                    _opens_division))
    lines: list[Line] = []
    gap = dropped = False
    for no, text in body:
        why = furniture.get(no)
        if text and why is None and not has_words(text):
            why = f"{text!r} ignored: a line without words (a separator)"
        if text and why is None and is_source_note(text):
            why = f"{text!r} ignored: the database's note of where the text was printed"
        if text and why is None and is_preamble_heading(text) and not lines:
            why = f"{text!r} ignored: the preamble's printed heading (the preamble is " \
                  "marked as such in the XML)"
        if not text:
            gap = True
        elif why is not None:
            dropped = True
            report.drop(no, why)
        else:
            lines.append(Line(no, text, bool(lines) and gap and not dropped))
            gap = dropped = False
    return lines


def _opens_division(text: str) -> bool:
    return division_heading(text) is not None or annex_heading(text) is not None


def _find_title(raw: list[tuple[int, str]],
                report: Report) -> tuple[str | None, frozenset[int]]:
    """The title and the numbers of its lines: a first line standing alone
    (a blank line or a heading after it), or the lines above an underline
    (``=====``) at the top."""
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
            len(block) == 1 or is_heading_line(block[1][1])
            or is_preamble_heading(block[1][1])):
        return block[0][1], frozenset({block[0][0]})
    if 1 < len(block) <= TITLE_MAX_LINES and all(_looks_like_title(t) for _, t in block):
        report.warn(block[1][0], "taken as the title, with the line(s) above: joined "
                                 "with spaces")
        return " ".join(text for _, text in block), frozenset(no for no, _ in block)
    report.warn(block[0][0] if block else 1, "no title line found: the title is a "
                                             "placeholder to fill in")
    return None, frozenset()


def _looks_like_title(text: str) -> bool:
    """A title line; it may end with one full stop (``CONVENTION concernant
    les lois et coutumes de la guerre sur terre.``)."""
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    return bool(text) and not (_is_structural(text) or is_final_clause_opener(text)
                or is_preamble_heading(text) or is_heading_line(text)
                or is_page_number(text) or ends_sentence(text) or text.endswith(",")
                or len(text.split()) > TITLE_MAX_WORDS or not has_words(text))


def _is_structural(text: str) -> bool:
    return (article_heading(text) is not None or parse_item_label(text) is not None
            or UNTRANSCRIBED_MARKER.fullmatch(text) is not None
            or FINAL_MARKER.fullmatch(text) is not None)


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


def _next_in_list(first: str, line: str) -> bool:
    """``line`` starts with the bullet that started ``first`` (a recital list
    printed with dashes): a new recital, however the one before ended."""
    label, before = parse_item_label(line), parse_item_label(first)
    return (label is not None and before is not None and label.kind == "bullet"
            and before.kind == "bullet" and label.form == before.form)


def _plain_provision(kind: str, lines: list[Line], report: Report, width: int | None,
                     eid: str | None = None, label: str | None = None
                     ) -> m.Provision | None:
    """The preamble, the conclusions or an annex's text: plain paragraphs
    (no labels read: a label stays in the paragraph's text)."""
    eid, label, child = ((m.PREAMBLE, "Preamble", "recital") if kind == m.PREAMBLE
                         else (m.CONCLUSIONS, "Conclusions", "para")
                         if kind == m.CONCLUSIONS else (eid, label, "para"))
    units: list[list[Line]] = []
    note = None
    markers = []
    for line in lines:
        marker = UNTRANSCRIBED_MARKER.fullmatch(line.text)
        if FINAL_MARKER.fullmatch(line.text) and kind == m.CONCLUSIONS:
            markers.append(line)
            continue
        if kind == m.CONCLUSIONS and not units and is_closing_heading(line.text):
            report.drop(line.no, f"{line.text!r} ignored: the final clauses' printed "
                                 "heading (they are marked as such in the XML)")
            continue
        if marker and note is None:
            note = (marker["note"] or "").strip() or DEFAULT_NOTE
        elif marker:
            report.unplace(line, "a second marker: not placed")
        elif units and not _next_in_list(units[-1][0].text, line.text) and (
                hangs(units[-1][-1].text) or not line.new_block and continues(
                    units[-1][-1].text, line.text, width)):
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
        for line in markers:
            report.drop(line.no, f"{line.text!r} ignored: no final clauses follow it")
        return None
    paragraphs = tuple(m.Paragraph(f"{eid}__{child}_{i}", None,
                                   " ".join(line.text for line in unit))
                       for i, unit in enumerate(units, 1))
    return m.Provision(kind, eid, None, label, None, paragraphs, True,
                       checked=(IMPORT_SOURCE,))
