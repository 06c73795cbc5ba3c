"""Recognising the lines around the articles: divisions, annexes, the
preamble heading, closing formulas, page numbers.

Pure functions over single stripped lines, like :mod:`treatycmp.contrib.labels`.

- :func:`parse_division_heading`: ``PART V – ...``, ``CHAPTER TWO``,
  ``Chapitre II``, ``PRIMERA PARTE``, ``DEEL II``, ``AFDELING 1``,
  ``ERSTER TEIL``, ``Section A - Heading``, ``РАЗДЕЛ I``.
- :func:`parse_annex_heading`: ``ANNEX 2``, ``ANNEXE I``, ``Anexo 3.3``,
  ``ANLAGE``, ``BIJLAGE A``, ``PROTOCOL``, ``Schedule 1``, ``APPENDIX``.
- :func:`is_final_clause_opener`: ``IN WITNESS WHEREOF``, ``Done at``,
  ``Fait à``, ``EN FE DE LO CUAL``, ``TEN BLIJKE WAARVAN``, ``Geschehen zu``,
  ``В УДОСТОВЕРЕНИЕ ЧЕГО``...
- :func:`is_page_number`, :func:`is_preamble_heading`, :func:`is_closing_heading`,
  :func:`is_source_note`,
  :func:`looks_like_heading`, :func:`ends_sentence`.

>>> parse_division_heading("CHAPTER TWO – Initial Provisions")
Heading(kind='chapter', n='2', num='CHAPTER TWO', rest='Initial Provisions')
>>> parse_division_heading("PRIMERA PARTE")
Heading(kind='part', n='1', num='PRIMERA PARTE', rest=None)
>>> parse_annex_heading("ANNEXE I")
Heading(kind='annex', n='1', num='ANNEXE I', rest=None)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .labels import (HEADING_MAX_WORDS, NUMBER, NUMBER_WORDS, WORD_NUMBERS, number_key,
                     split_rest)

DIVISION_KINDS = ("part", "title", "chapter", "section", "subsection")
ANNEX_KINDS = ("annex", "protocol", "schedule", "appendix")
_DIVISION_WORDS = {
    "part": "part partie parte teil deel część часть раздел",
    "title": "title titre título titulo titolo titel",
    "chapter": "chapter chapitre capítulo capitulo capitolo capo kapitel hoofdstuk "
               "rozdział глава",
    "section": "section sección seccion secção seção sezione abschnitt afdeling "
               "paragraaf",
    "subsection": "subsection sub-section sous-section subsección subsecção subseção "
                  "unterabschnitt onderafdeling подраздел",
}
_ANNEX_WORDS = {
    "annex": "annex annexe anexo anlage anhang bijlage allegato приложение",
    "protocol": "protocol protocole protocolo protokoll protocollo протокол",
    "schedule": "schedule",
    "appendix": "appendix appendice apéndice apêndice",
}


def _kinds(words: dict[str, str]) -> dict[str, str]:
    return {word: kind for kind, text in words.items() for word in text.split()}


_DIVISION_KIND = _kinds(_DIVISION_WORDS)
_ANNEX_KIND = _kinds(_ANNEX_WORDS)


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_BOUNDARY = r"(?=$|[\s.:\-–—,;(])"
# "CHAPTER 2", "Chapitre II", "TITRE PREMIER", "SECTION A"
_DIVISION_AFTER = re.compile(
    r"(?P<kind>(?i:" + _alternatives(_DIVISION_KIND) + r"))\s+(?:" + NUMBER + r")"
    + _BOUNDARY)
# "PRIMERA PARTE", "ERSTER TEIL", "DEUXIÈME PARTIE"
_DIVISION_BEFORE = re.compile(
    r"(?P<word>(?i:" + NUMBER_WORDS + r"))\s+(?P<kind>(?i:"
    + _alternatives(_DIVISION_KIND) + r"))" + _BOUNDARY)
_ANNEX = re.compile(
    r"(?P<kind>(?i:" + _alternatives(_ANNEX_KIND) + r"))(?:\s+(?:" + NUMBER + r"))?"
    + _BOUNDARY)


# An unnumbered annex word and what it is annexed to ("ANNEXE à la
# Convention.", "Annex to the Agreement", "Anhang zu dem Abkommen ..."): the
# word starts with a capital, the preposition is in lower case.
_ANNEXED_TO = re.compile(
    r"(?P<kind>(?i:" + _alternatives(_ANNEX_KIND) + r"))\s+"
    r"(?:to|of|à|au|aux|de|du|zu|zum|zur|bij|al|ao|à|del|della|dello|к|ко)\s+\S")
ANNEXED_TO_MAX_WORDS = 60


@dataclass(frozen=True)
class Heading:
    """A division or annex heading: ``kind`` (``part``... or ``annex``...),
    ``n`` the normalised number (None if unnumbered), ``num`` the label as
    printed, ``rest`` what follows it on the line (the heading) or None."""

    kind: str
    n: str | None
    num: str
    rest: str | None


def parse_division_heading(line: str) -> Heading | None:
    """A part, title, chapter, section or subsection heading, or None.

    >>> parse_division_heading("PART II - Institutions").rest
    'Institutions'
    >>> parse_division_heading("Part 1 of Annex II") is None
    True
    """
    if not line or line[0].islower() or len(line.split()) >= HEADING_MAX_WORDS:
        return None
    match = _DIVISION_AFTER.match(line)
    if match and match["word"] and match["word"][0].islower():
        return None  # "Part one of ..." is text; "PART ONE", "Chapter One" headings
    if match:
        n = number_key(match)
    else:
        match = _DIVISION_BEFORE.match(line)
        if match is None:
            return None
        n = str(WORD_NUMBERS[" ".join(match["word"].lower().split())])
    if n is None:
        return None
    split = split_rest(line, match.end(), n)
    if split is None:
        return None
    return Heading(_DIVISION_KIND[match["kind"].lower()], n, split.num, split.rest)


def parse_annex_heading(line: str) -> Heading | None:
    """An annex, protocol, schedule or appendix heading, or None.

    Without a number, only a line holding the word alone (``Annex``,
    ``PROTOCOL:``) or in capitals (``PROTOCOL ON THE PRIVILEGES``) is a heading.

    >>> parse_annex_heading("Annex 300-B: Textile and Apparel Goods").n
    '300-b'
    >>> parse_annex_heading("Annex I to this Agreement shall apply") is None
    True
    >>> parse_annex_heading("Anhang zu dem Abkommen zwischen A und B").num
    'Anhang zu dem Abkommen zwischen A und B'
    >>> parse_annex_heading("Annex to this Agreement shall apply.") is None
    True
    """
    if not line or line[0].islower():
        return None
    annexed = _ANNEXED_TO.match(line)
    if annexed and len(line.split()) < ANNEXED_TO_MAX_WORDS and not line.endswith(
            (",", ";", ":")) and (annexed["kind"].isupper() or not ends_sentence(line)):
        # "ANNEXE à la Convention.", "Anhang zu dem Abkommen zwischen ...": the
        # word and what it is annexed to make one label, however long
        return Heading(_ANNEX_KIND[annexed["kind"].lower()], None, line.strip(), None)
    if len(line.split()) >= HEADING_MAX_WORDS:
        return None
    match = _ANNEX
    found = match.match(line)
    if found is None:
        return None
    kind = _ANNEX_KIND[found["kind"].lower()]
    numbered = any(found.groupdict().get(g) for g in ("digits", "roman", "letter", "word"))
    if found["word"] and found["word"][0].islower():
        return None  # "Protocol one." is a sentence; "PROTOCOL ONE" a heading
    if numbered:
        n = number_key(found)
        if n is None:
            return None
        split = split_rest(line, found.end(), n)
        return None if split is None else Heading(kind, n, split.num, split.rest)
    tail = line[found.end():].strip(" .:")
    if tail and not (line.isupper() or tail[:1] in "-–—"):
        return None
    num = line[:found.end()]
    rest = tail.lstrip("-–— ") or None
    return Heading(kind, None, num, rest)


# --------------------------------------------------------- other lines

_PAGE_NUMBER = re.compile(
    r"[-–—]?\s*\d{1,4}\s*[-–—]?"
    r"|\[\d{1,4}\]"
    r"|(?i:page|p\.|seite|pagina|página|bladzijde|стр\.?)\s*\d{1,4}"
    r"(?:\s*(?:of|/|de|sur|von|di|van|из)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4}")
_PREAMBLE_WORDS = frozenset({"preamble", "préambule", "preámbulo", "preâmbulo",
                             "präambel", "preambule", "preambolo", "преамбула",
                             # what legal databases print above a preamble
                             # (gesetze-im-internet.de, wetten.overheid.nl)
                             "eingangsformel", "aanhef"})
# What legal databases print above the final clauses ("Schlußformel" on
# gesetze-im-internet.de, "Slotformulier" on wetten.overheid.nl): a label of
# the copy, not wording of the treaty.
_CLOSING_WORDS = frozenset({"schlußformel", "schlussformel", "slotformulier"})
_FINAL_OPENERS = re.compile(
    r"(?i:in witness whereof|in faith whereof|in testimony whereof|done at|done in"
    r"|signed at|fait à|fait a |fait en|en foi de quoi|en témoignage de quoi"
    r"|hecho en|hecho a |firmado en|en fe de lo cual|en testimonio de lo cual"
    r"|feito em|feito a |em fé do que|em testemunho do que"
    r"|geschehen zu|geschehen in|zu urkund dessen|zu urkund hiervon"
    r"|ten blijke waarvan|ten blijke hiervan|ten oirkonde waarvan|gedaan te|gedaan in"
    r"|in fede di che|in fede di ciò|in fede di cio|fatto a |fatto in"
    r"|совершено в|в удостоверение чего|в подтверждение чего)")
_SENTENCE_END = re.compile(r"[.;:!?…][\"'”’»)\]]*$")
_INNER_END = re.compile(r"[.;:!?…]\s")


def is_page_number(line: str) -> bool:
    """``3``, ``- 3 -``, ``Page 3``, ``Page 3 of 12``, ``3/12``, ``[3]``.

    >>> is_page_number("- 3 -"), is_page_number("Page 3 of 12"), is_page_number("3.")
    (True, True, False)
    """
    return _PAGE_NUMBER.fullmatch(line) is not None


def is_preamble_heading(line: str) -> bool:
    """The word ``Preamble`` printed as a heading (not part of the wording)."""
    return line.rstrip(".:").strip().lower() in _PREAMBLE_WORDS


_SOURCE_NOTE = re.compile(r"\((?:Fundstelle|Fundstelle des Originaltextes)\s*:[^()]*\)")


def is_annexed_to_label(label: str) -> bool:
    """An annex word with what it is annexed to (``Anhang zu dem Abkommen``)."""
    return _ANNEXED_TO.match(label) is not None


def is_source_note(line: str) -> bool:
    """A legal database's note of where the text was printed, on a line of
    its own (gesetze-im-internet.de: ``(Fundstelle: BGBl. II 1955, 826 - 828)``).

    >>> is_source_note("(Fundstelle: BGBl. II 1955, 826 - 828)"), is_source_note("(1) Text")
    (True, False)
    """
    return _SOURCE_NOTE.fullmatch(line) is not None


def is_closing_heading(line: str) -> bool:
    """A printed label of the final clauses (``Schlußformel``), not wording.

    >>> is_closing_heading("Schlußformel"), is_closing_heading("Schlußformel des Vertrags")
    (True, False)
    """
    return line.rstrip(".:").strip().lower() in _CLOSING_WORDS


def is_final_clause_opener(line: str) -> bool:
    """``In witness whereof``, ``Done at``, ``Fait à``, ``En foi de quoi``...:
    words that open the final clauses (capitalised, at the start of a line).

    >>> is_final_clause_opener("TEN BLIJKE WAARVAN de gevolmachtigden"), is_final_clause_opener("done at")
    (True, False)
    """
    return bool(line) and line[0].isupper() and _FINAL_OPENERS.match(line) is not None


def ends_sentence(text: str) -> bool:
    """True if ``text`` ends with ``. ; : ! ?`` (closing quotes may follow)."""
    return _SENTENCE_END.search(text) is not None


def looks_like_title_line(text: str) -> bool:
    """What a division's or annex's heading printed under its number looks
    like: as :func:`looks_like_heading`, or one short phrase ending with a
    full stop (older texts: ``CHAPITRE II`` / ``– Des prisonniers de guerre.``).

    >>> looks_like_title_line("– Des prisonniers de guerre.")
    True
    >>> looks_like_title_line("It ends. Here.")
    False
    """
    if text.endswith(".") and not text.endswith("..") and not _INNER_END.search(text[:-1]):
        text = text[:-1].rstrip()
    text = text.lstrip("-–— ")  # a dash that separates it from the number is no word
    return any(c.isalpha() for c in text) and looks_like_heading(text)  # not "1."


def looks_like_heading(text: str) -> bool:
    """Short, and not ending like a sentence or clause: ``Purpose``, ``Objet``."""
    return (0 < len(text.split()) < HEADING_MAX_WORDS and not ends_sentence(text)
            and not text.endswith(",") and not text[0].islower())
