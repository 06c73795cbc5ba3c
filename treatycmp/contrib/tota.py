"""Texts of Trade Agreements (ToTA) files as treaties.

ToTA (github.com/mappingtreaties/tota, published under CC BY-NC 4.0) is a
corpus of about 450 preferential trade agreements, one XML file each
(``xml/pta_442.xml``)::

    <treaty>
      <meta>
        <name>…</name> <type>…</type> <wto_rta_id>…</wto_rta_id>
        <treaty_identifier>…</treaty_identifier> <status>In Force</status>
        <date_signed>2013-11-05</date_signed> <date_into_force>…</date_into_force>
        <parties_original><partyisocode n="1">CAN</partyisocode>…</parties_original>
        <language>en</language> <source lang="en" type="full text">URL</source> …
      </meta>
      <body>
        <chapter name="Preamble" chapter_identifier="…"><article …>…</article></chapter>
        <chapter number="CHAPTER 1" name="…" chapter_identifier="…">
          <article number="ARTICLE 1.1" name="…" article_identifier="…">text</article>
        </chapter>
        <chapter name="Conclusion" …>…</chapter>
      </body>
    </treaty>

:func:`read_tota` turns one parsed file into a :class:`~treatycmp.model.Work`
and a :class:`~treatycmp.model.TextVersion`, marked as a draft: what ToTA
gives is mapped (name, dates, status, parties as ISO codes, language, the
source it names), what it does not give (place of signature, depositary,
citation, the title as printed) is a placeholder to fill in, never guessed.

The text: a first chapter named ``Preamble`` is the preamble, a last one
named ``Conclusion`` the conclusions; every other chapter a division (its
kind and key read from ``number``: ``CHAPTER 3``, ``TITLE II``,
``CAPÍTULO 9``), unless it has neither number nor name (its articles then
stand in the body). An article's ``number`` is its printed label and gives
its key; its ``name`` is its heading. An article without a number, or whose
number came before, gets a key of its own, reported.

**The one change made to the wording**: our files hold a paragraph on one
line, so an article's text is split into paragraphs at blank lines, and a
line break or tab inside a paragraph becomes one space (with the white
space around it); spaces within a line are kept. Every other character is
kept as it is (the text without white space is unchanged). An empty article
is recorded as not transcribed. Text outside any article and unknown
elements are reported as not placed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .. import model as m
from ..errors import DataError
from ..numbering import is_key, normalise_key
from ..store.validate import PLACEHOLDER, PLACEHOLDER_DATE
from .headings import parse_division_heading
from .labels import parse_article_heading
from .scaffold import check_lang

TOTA_SOURCE = "tota"  # the source id every imported provision is checked against
TOTA_LICENCE = ("CC BY-NC 4.0 (Creative Commons Attribution-NonCommercial 4.0 "
                "International), as the ToTA corpus is published")
UNNUMBERED = "[unnumbered]"  # the label of an article ToTA gives no number
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_BREAK = re.compile(r" *[\t\n\r\f\v]\s*")
_STATUS = {"in force": "in-force"}
_PREAMBLE = {"preamble", "preámbulo", "preambulo", "préambule", "preambule"}
_CONCLUSION = {"conclusion", "conclusions", "conclusión"}
# "ARTICLE - 9": a word (three letters at least, so that "G-9" is a number), then the number
_WORD_NUMBER = re.compile(r"(?:[^\W\d_]{3,}\.?(?=[\s\-–—:.]|\d))?[\s\-–—:.]*(?P<rest>\S.*)")


@dataclass
class Notes:
    """What reading one file could not place, and what it decided (line, message)."""

    unplaced: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class TotaText:
    """One ToTA file read: the work, its one version, and what to report."""

    work: m.Work
    version: m.TextVersion
    unplaced: tuple[tuple[int, str], ...]
    warnings: tuple[tuple[int, str], ...]
    identifier: str | None = None  # ToTA's treaty_identifier


def read_tota(root, treaty_id: str, where: str, collection: str,
              licence: str | None = None, lang: str | None = None) -> TotaText:
    """The treaty in the ToTA element ``root`` (parsed from the file ``where``).

    ``collection`` names the folder it came from; ``licence`` is the licence
    the collection states (else ToTA's published one is recorded); ``lang``
    is used only when the file names no language. Raise
    :class:`~treatycmp.errors.DataError` (with the file and line) when the
    file is not ToTA's format, names no usable language, or holds no article.
    """
    if root.tag != "treaty":
        raise DataError(f"not a ToTA file: the root element is <{_tag(root)}>, ToTA's is "
                        "<treaty>", where, root.sourceline)
    if root.find("signed") is not None:
        raise DataError("not a ToTA file: this is a treatycmp treaty.xml (it has "
                        "<signed>)", where, root.sourceline)
    meta = root.find("meta")
    body = root.find("body")
    if body is None:
        raise DataError("not a ToTA file: no <body> under <treaty>", where, root.sourceline)
    notes = Notes()
    fields = _fields(meta)
    lang = _language(meta, fields, lang, where)
    licence = licence or TOTA_LICENCE
    version = _version(body, fields, treaty_id, lang, where, collection, licence, notes)
    work = _work(meta, fields, treaty_id, lang, where, collection, licence, notes,
                 meta.sourceline if meta is not None else root.sourceline)
    return TotaText(work, version, tuple(sorted(set(notes.unplaced))),
                    tuple(sorted(notes.warnings, key=lambda w: w[0])),
                    fields.get("treaty_identifier", (None, None))[0])


def _tag(el) -> str:
    return el.tag if isinstance(el.tag, str) else "?"


_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                          "\ud800-\udfff\ufffe\uffff]")


def safe_name(name: str) -> str:
    """A file or folder name fit for metadata: on one line, with what a
    treaty file cannot or should not hold (controls, bidi marks, bytes that
    are not UTF-8) written as escapes.

    >>> safe_name("a\\x1bb\\u202e c.txt")
    'a\\\\x1bb\\\\u202e c.txt'
    """
    def escape(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return one_line(_UNSAFE_NAME.sub(escape, name)) or "(unnamed)"


def _file_name(where: str) -> str:
    """The file's own name (a treaty file names no folder of this machine)."""
    return safe_name(where.replace("\\", "/").rsplit("/", 1)[-1])


def one_line(text: str | None) -> str:
    """Metadata on one line (white space collapsed): ToTA's meta values
    are descriptions, not wording."""
    return " ".join((text or "").split())


def _fields(meta) -> dict[str, tuple[str, int]]:
    """ToTA's simple meta fields: name -> (value on one line, line), non-empty only."""
    if meta is None:
        return {}
    out = {}
    for child in meta:
        if isinstance(child.tag, str) and not len(child) and one_line(child.text):
            out.setdefault(child.tag, (one_line(child.text), child.sourceline))
    return out


def _language(meta, fields, fallback: str | None, where: str) -> str:
    value, line = fields.get("language", ("", meta.sourceline if meta is not None else 1))
    value = value.lower()
    try:
        check_lang(value)
        return value
    except ValueError:
        pass
    if fallback is not None:
        return fallback
    said = f"<language> is {value!r}, not a language code" if value else \
        "no <language> in <meta>"
    raise DataError(f"{said}: pass --lang to say which language the file is in",
                    where, line)


def _date(fields, name: str, notes: Notes) -> dt.date | None:
    if name not in fields:
        return None
    value, line = fields[name]
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        notes.warnings.append((line, f"<{name}> {value!r} is not a date (YYYY-MM-DD): "
                                     "left to fill in"))
        return None


def _work(meta, fields, treaty_id: str, lang: str, where: str, collection: str, licence: str,
          notes: Notes, line: int | None) -> m.Work:
    signed = _date(fields, "date_signed", notes)
    in_force = _date(fields, "date_into_force", notes)
    inactive = _date(fields, "date_inactive", notes)
    status = fields.get("status", ("", line))[0]
    status_value = _STATUS.get(status.lower(), "not-in-force")
    if status_value == "in-force":
        status_note = f"{status}, according to the WTO RTA database as recorded in ToTA."
    else:
        since = f" since {inactive.isoformat()}" if inactive else ""
        status_note = (f"{PLACEHOLDER}: the status today (ToTA, from the WTO RTA database, "
                       f"says: {status or 'nothing'}{since}).")
    parties = _parties(meta)
    described = "; ".join(f"{name}: {value}" for name, (value, _) in fields.items()
                          if name not in ("name", "language"))
    work_notes = [f"Imported by treatycmp import-collection from the ToTA file "
                  f"{_file_name(where)} (collection {safe_name(collection)}); a draft until "
                  "the values marked to fill in are checked against the treaty itself.",
                  f"Licence of the source: {licence}. Imported for research; a text "
                  "under a non-commercial licence must not be committed to treatycmp's "
                  "repository."]
    if described:
        work_notes.append(f"ToTA meta: {described}.")
    if parties:
        work_notes.append(f"{PLACEHOLDER}: the parties are ISO 3166-1 alpha-3 codes as "
                          "ToTA gives the original signatories: write each as named in "
                          "the treaty.")
    return m.Work(
        id=treaty_id,
        signed_date=signed or dt.date.fromisoformat(PLACEHOLDER_DATE),
        signed_place=f"{PLACEHOLDER}: place of signature (ToTA does not give it)",
        parties=parties or (f"{PLACEHOLDER}: a party, as named in the treaty",),
        depositary=f"{PLACEHOLDER}: the depositary (ToTA does not give it)",
        authentic_languages=(lang,),
        citations=(m.Citation(f"{PLACEHOLDER}: the official citation (ToTA does not give "
                              "it)", verified=False),),
        status=status_value, status_note=status_note,
        entry_into_force=in_force,
        entry_into_force_note=("The date of the WTO RTA database, as recorded in ToTA: "
                               "check it against the final clauses." if in_force else
                               f"{PLACEHOLDER}: when and how the treaty entered into "
                               "force"),
        notes=tuple(work_notes), draft=True)


def _parties(meta) -> tuple[str, ...]:
    """The original signatories' codes (else the current parties')."""
    if meta is None:
        return ()
    for name in ("parties_original", "parties"):
        codes = tuple(code for el in meta.findall(f"{name}/partyisocode")
                      if (code := one_line(el.text)))
        if codes:
            return codes
    return ()


def _version(body, fields, treaty_id: str, lang: str, where: str, collection: str,
             licence: str, notes: Notes) -> m.TextVersion:
    name = fields.get("name", ("", None))[0]
    chapters = _chapters(body, notes)
    preamble = conclusions = None
    if chapters and chapters[0].get("name", "").strip().lower() in _PREAMBLE:
        preamble = _plain(m.PREAMBLE, chapters.pop(0), notes)
    if chapters and chapters[-1].get("name", "").strip().lower() in _CONCLUSION:
        conclusions = _plain(m.CONCLUSIONS, chapters.pop(), notes)
    items = _items(chapters, notes)
    if not any(True for _ in _walk(items)):
        raise DataError("no article in the ToTA file (outside its preamble and "
                        "conclusion): nothing to import", where, body.sourceline)
    source = (f"ToTA (Texts of Trade Agreements) file {_file_name(where)}, collection "
              f"{safe_name(collection)}; licence: {licence}. ToTA's text was made from "
              "the WTO RTA database's sources, partly by OCR, without annexes. "
              f"{PLACEHOLDER}: check each provision against the official publication, "
              "name it here and cite it in checked=.")
    return m.TextVersion(
        treaty_id=treaty_id, lang=lang, authority=m.AUTHENTIC,
        title=f"{PLACEHOLDER}: the full title as printed"
              + (f" (ToTA names it {name})" if name else ""),
        short_title=name or f"{PLACEHOLDER}: a short title",
        state_kind="as-signed",
        state=f"{PLACEHOLDER}: as signed, or as amended (and by what)",
        sources=(m.Source(TOTA_SOURCE, source),),
        notes=("Imported from ToTA: each article's text is split into paragraphs at "
               "blank lines, and a line break or tab inside a paragraph became one "
               "space; nothing else in the wording was changed.",
               f"{PLACEHOLDER}: check that this language version is authentic."),
        preamble=preamble, body=items, conclusions=conclusions)


def _chapters(body, notes: Notes) -> list:
    """The chapters of the body; anything else in it is reported."""
    _stray_text(body.text, body.sourceline, "inside <body>", notes)
    chapters = []
    for child in body:
        if not isinstance(child.tag, str):
            _stray_text(child.tail, child.sourceline, "inside <body>", notes)
            continue
        if child.tag == "chapter":
            chapters.append(child)
        else:
            _unknown(child, "<body>", notes)
        _stray_text(child.tail, child.sourceline, "inside <body>", notes)
    return chapters


def _stray_text(text: str | None, line: int | None, where: str, notes: Notes) -> None:
    if text and text.strip():
        notes.unplaced.append((line or 1, one_line(text)))
        notes.warnings.append((line or 1, f"text {where}, outside any article: not placed"))


def _unknown(el, parent: str, notes: Notes) -> None:
    text = one_line("".join(el.itertext()))
    notes.unplaced.append((el.sourceline or 1, text or f"<{el.tag}>"))
    notes.warnings.append((el.sourceline or 1, f"<{el.tag}> in {parent} is not part of "
                                               "ToTA's format: not placed"))


def _articles(chapter, notes: Notes) -> list:
    _stray_text(chapter.text, chapter.sourceline, "inside <chapter>", notes)
    out = []
    for child in chapter:
        if isinstance(child.tag, str) and child.tag == "article":
            out.append(child)
        elif isinstance(child.tag, str):
            _unknown(child, "<chapter>", notes)
        _stray_text(child.tail, child.sourceline, "inside <chapter>", notes)
    return out


def article_text(article, notes: Notes) -> str:
    """The text of an ``<article>``: its own text and what follows its child
    elements, which are reported (ToTA's articles hold text only)."""
    parts = [article.text or ""]
    for child in article:
        if isinstance(child.tag, str):
            _unknown(child, "<article>", notes)
        parts.append(child.tail or "")
    return "".join(parts)


def split_paragraphs(text: str) -> tuple[str, ...]:
    """The paragraphs of an article's text: split at blank lines, a line
    break or tab inside one (with the white space around it) made one space.

    >>> split_paragraphs("1. The Parties\\n  agree:\\n\\n\\n(a) \\tto  trade. ")
    ('1. The Parties agree:', '(a) to  trade.')
    """
    out = []
    for block in _BLANK_LINE.split(text):
        block = _BREAK.sub(" ", block.strip())
        if block:
            out.append(block)
    return tuple(out)


def _plain(kind: str, chapter, notes: Notes) -> m.Provision:
    """The preamble or the conclusions: every paragraph of the chapter's articles."""
    eid, label, child = ((m.PREAMBLE, "Preamble", "recital") if kind == m.PREAMBLE
                         else (m.CONCLUSIONS, "Conclusions", "para"))
    texts = [p for a in _articles(chapter, notes) for p in
             split_paragraphs(article_text(a, notes))]
    if not texts:
        return m.Provision(kind, eid, None, label, None, (), False, notes=(
            f"The ToTA file holds no text for the {label.lower()} (line "
            f"{chapter.sourceline}).",))
    return m.Provision(kind, eid, None, label, None,
                       tuple(m.Paragraph(f"{eid}__{child}_{i}", None, text)
                             for i, text in enumerate(texts, 1)),
                       True, checked=(TOTA_SOURCE,))


def _walk(items):
    for item in items:
        if isinstance(item, m.Division):
            yield from _walk(item.items)
        else:
            yield item


def _items(chapters: list, notes: Notes) -> tuple:
    """Divisions (and loose articles) for the chapters, with unique keys."""
    drafts = [(c, _articles(c, notes)) for c in chapters]
    taken = {key for _, articles in drafts for a in articles
             if (key := article_key(a.get("number"))) is not None}
    keys = _KeyMaker(taken, notes)
    out: list = []
    counts: dict[str, int] = {}
    seen: dict[tuple[str, str], int] = {}
    for chapter, articles in drafts:
        provisions = tuple(_article(a, keys, notes) for a in articles)
        number, name = one_line(chapter.get("number")), one_line(chapter.get("name"))
        if not number and not name:
            out.extend(provisions)
            continue
        heading = parse_division_heading(number) if number else None
        kind = heading.kind if heading else "chapter"
        n = heading.n if heading and is_key(heading.n or "") else None
        if n is not None and (kind, n) in seen:
            notes.warnings.append((chapter.sourceline, f"{number}: {kind} {n} came before "
                                   f"(line {seen[kind, n]}): stored without a key"))
            n = None
        elif n is not None:
            seen[kind, n] = chapter.sourceline
        counts[kind] = counts.get(kind, 0) + 1
        if not provisions:
            notes.warnings.append((chapter.sourceline, f"{number or name}: a chapter "
                                   "without articles: left out"))
            continue
        out.append(m.Division(kind, n, number or None, name or None,
                              m.division_eid(kind, n or counts[kind]), provisions))
    return tuple(out)


def article_key(number: str | None) -> str | None:
    """The key of a ToTA article number (``ARTICLE 1.1`` -> ``1.1``), or None.

    >>> [article_key(x) for x in ("ARTICLE 5", "ARTÍCULO 3-02", "ARTICLE - 9", "12", "", None)]
    ['5', '3-02', '9', '12', None, None]
    """
    number = one_line(number)
    if not number:
        return None
    heading = parse_article_heading(number)
    if heading is not None and is_key(heading.n) and heading.rest is None:
        return heading.n
    match = _WORD_NUMBER.fullmatch(number)
    key = normalise_key(match["rest"]).rstrip(".") if match else ""
    # A word alone ("ARTICLE") is no number: a key holds a digit, or is short ("a", "iv").
    return key if is_key(key) and (len(key) <= 3 or re.search(r"\d", key)) else None


class _KeyMaker:
    """Unique article keys: the number's own when free, else a new one."""

    def __init__(self, taken: set[str], notes: Notes) -> None:
        self.taken = set(taken)
        self.used: dict[str, int] = {}
        self.notes = notes

    def key(self, article) -> str:
        number = one_line(article.get("number"))
        key = article_key(number)
        line = article.sourceline
        if key is not None and key not in self.used:
            self.used[key] = line
            return key
        base = key or "u"
        k = 2 if key else 1
        while (candidate := f"{base}-{k}") in self.taken or candidate in self.used:
            k += 1
        self.used[candidate] = line
        why = (f"{number}: came before (line {self.used[key]})" if key else
               f"{number!r} is not an article number" if number else
               "an article without a number")
        self.notes.warnings.append((line, f"{why}: stored under the key {candidate}"))
        return candidate


def _article(article, keys: _KeyMaker, notes: Notes) -> m.Provision:
    n = keys.key(article)
    eid = m.article_eid(n)
    label = one_line(article.get("number")) or UNNUMBERED
    heading = one_line(article.get("name")) or None
    texts = split_paragraphs(article_text(article, notes))
    if not texts:
        return m.Provision(m.ARTICLE, eid, n, label, heading, (), False, notes=(
            f"The ToTA file holds no text for this article (line {article.sourceline}).",))
    return m.Provision(m.ARTICLE, eid, n, label, heading,
                       tuple(m.Paragraph(f"{eid}__para_{i}", None, text)
                             for i, text in enumerate(texts, 1)),
                       True, checked=(TOTA_SOURCE,))
