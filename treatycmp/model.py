"""The treaty data model: immutable values, no I/O.

A :class:`Treaty` is one work (:class:`Work`, its metadata) with one or more
language versions (:class:`TextVersion`). A version holds :class:`Provision`
values (the preamble, the articles, the conclusions), each made of
:class:`Paragraph` values that may hold :class:`Point` lists.

The articles of a version sit in a tree: its ``body`` holds articles and
:class:`Division` values (part, title, chapter, section, subsection), which
hold divisions and articles; after the conclusions come :class:`Annex` values
(annexes, protocols, schedules, appendices) holding a body of the same kind or
plain paragraphs (one :class:`Provision` of kind ``annex``). A division, and
an annex with articles, may open with an ``intro``: plain paragraphs before its
first article (a Provision of kind :data:`INTRO`, eId ``part_1__intro``, key
``part-1:intro``), transcribed or recorded as not yet transcribed. Intros are
not among ``provisions()``, so the treaty alignment does not see them, but
references find them by key (``part-1:intro``, ``annex-2:intro``): see
:meth:`TextVersion.intros` and :meth:`TextVersion.reading_order`.
``TextVersion.articles`` is the flat list of the main body's articles in
document order, and ``TextVersion.provisions()`` everything in reading order.

Every provision, paragraph and point carries a stable identifier in the style
of Akoma Ntoso eIds (``art_5``, ``art_5__para_2``, ``preamble__recital_1``):
used for anchors and pinpoint citations. An article's eId does not depend on
the divisions around it (``art_5`` inside ``part_1__chp_2``); inside an annex
it is prefixed by the annex's (``annex_2__art_3``): see :func:`article_eid`,
:func:`division_eid` and :func:`annex_eid`.

An article keeps its number as printed (``label``: "Article 21 bis",
"ARTICLE IV", "Artículo 1-01") and a normalised key ``n`` ("21bis", "4",
"1-01") made by :func:`normalise_key`; references use the key, or the printed
number (see :mod:`treatycmp.refs`).

Stored text is the authentic wording exactly as printed; nothing here
normalises it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass

# Keys and eIds live in .numbering; re-exported here (model.normalise_key...).
from .numbering import (ANNEX_KINDS, DIVISION_EID, DIVISION_KINDS, annex_eid,  # noqa: F401
                        article_eid, division_eid, is_key, normalise_key, roman_to_int)

AUTHENTIC = "authentic"
OFFICIAL_TRANSLATION = "official-translation"
UNOFFICIAL_TRANSLATION = "unofficial-translation"

PREAMBLE = "preamble"
ARTICLE = "article"
CONCLUSIONS = "conclusions"
ANNEX = "annex"  # the plain paragraphs of an annex without articles
INTRO = "intro"  # the text under a division's or annex's heading, before its articles


@dataclass(frozen=True)
class Point:
    """An item of a list inside a paragraph, such as ``(a)``."""

    eid: str
    num: str | None
    text: str
    points: tuple[Point, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (or a recital of a preamble): text, then optional points."""

    eid: str
    num: str | None
    text: str
    points: tuple[Point, ...] = ()
    wrap_up: str | None = None

    def lines(self) -> tuple[str, ...]:
        """The printed lines of the paragraph, point labels included.

        The paragraph's own number is not part of its lines (it labels the
        paragraph); a point's number is, separated from its text by a space.
        """
        out = [self.text]

        def walk(points: tuple[Point, ...]) -> None:
            for point in points:
                out.append(f"{point.num} {point.text}" if point.num else point.text)
                walk(point.points)

        walk(self.points)
        if self.wrap_up is not None:
            out.append(self.wrap_up)
        return tuple(out)

    @property
    def full_text(self) -> str:
        """The lines joined by newlines: the string that is compared."""
        return "\n".join(self.lines())


@dataclass(frozen=True)
class Wording:
    """An earlier wording of an article, replaced by a later instrument."""

    replaced_by: str
    effective: dt.date | None
    checked: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Provision:
    """The preamble, an article, or the conclusions of one text version."""

    kind: str
    eid: str
    n: str | None
    label: str
    heading: str | None
    paragraphs: tuple[Paragraph, ...]
    transcribed: bool
    checked: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    superseded: tuple[Wording, ...] = ()
    line: int | None = None
    annex: str | None = None

    @property
    def key(self) -> str:
        """What a reference names this provision by, unique in its version:
        ``5``, ``preamble``, ``conclusions``; ``annex-2:3`` for Article 3 of
        Annex 2 and ``annex-2`` for the text of an annex without articles;
        ``part-1:chapter-2:intro``, ``annex-2:intro`` for an intro (the path
        of the divisions and annex that hold it, from its eId)."""
        if self.kind == ARTICLE:
            return f"{self.annex}:{self.n}" if self.annex else str(self.n)
        if self.kind == ANNEX:
            return str(self.annex)
        if self.kind == INTRO:
            return ":".join(intro_path(self.eid) + ("intro",))
        return self.kind

    @property
    def pinpoint(self) -> str:
        """How a citation points at this provision: ``art 5``, ``preamble``,
        ``annex 2, art 3``, ``part 1, chapter 2, intro``."""
        where = self.annex.replace("-", " ", 1) if self.annex else None
        if self.kind == ARTICLE:
            return f"{where}, art {self.n}" if where else f"art {self.n}"
        if self.kind == INTRO:
            return ", ".join([p.replace("-", " ", 1) for p in intro_path(self.eid)]
                             + ["intro"])
        return where if self.kind == ANNEX else self.kind

    @property
    def full_text(self) -> str:
        """All paragraphs joined by blank lines (for similarity measures)."""
        return "\n\n".join(p.full_text for p in self.paragraphs)


_EID_KINDS = {abbreviation: kind for kind, abbreviation in DIVISION_EID.items()}


def intro_path(eid: str) -> tuple[str, ...]:
    """The divisions and annex holding an intro, as references name them,
    read from its eId: ``annex_1__part_2__chp_3__intro`` gives
    ``('annex-1', 'part-2', 'chapter-3')``.

    >>> intro_path("part_1__chp_2__intro"), intro_path("protocol_1__intro")
    (('part-1', 'chapter-2'), ('protocol-1',))
    """
    out = []
    for segment in eid.split("__")[:-1]:
        kind, _, n = segment.partition("_")
        out.append(f"{_EID_KINDS.get(kind, kind)}-{n}")
    return tuple(out)


@dataclass(frozen=True)
class Division:
    """A part, title, chapter, section or subsection: articles and divisions
    under an optional printed number (``num``: "PART V", "CHAPTER TWO",
    "AFDELING 1") and heading. ``n`` is its key (``5``), if it has one."""

    kind: str
    n: str | None
    num: str | None
    heading: str | None
    eid: str
    items: tuple[Division | Provision, ...]
    line: int | None = None
    intro: Provision | None = None  # plain paragraphs before its first item
    # (a division may hold only an intro: a part stating principles, no article)

    def __post_init__(self) -> None:
        if self.kind not in DIVISION_KINDS:
            raise ValueError(f"{self.eid}: division kind {self.kind!r} is not one of "
                             f"{', '.join(DIVISION_KINDS)}")

    @property
    def articles(self) -> tuple[Provision, ...]:
        """Every article inside, at any depth, in document order."""
        return tuple(_walk_articles(self.items))

    def divisions(self) -> Iterator[Division]:
        """This division and every division inside it, in document order."""
        yield self
        for item in self.items:
            if isinstance(item, Division):
                yield from item.divisions()


def _walk_articles(items) -> Iterator[Provision]:
    for item in items:
        if isinstance(item, Division):
            yield from _walk_articles(item.items)
        else:
            yield item


@dataclass(frozen=True)
class Annex:
    """An annex, protocol, schedule or appendix, after the conclusions.

    ``items`` is a body like the main one (articles and divisions), or one
    :class:`Provision` of kind :data:`ANNEX` holding plain paragraphs. Every
    provision inside carries the annex's :attr:`key` in ``Provision.annex``
    (filled in here when missing). ``intro`` (kind :data:`INTRO`) is the
    text before the articles of an annex that has articles (a protocol's
    own preamble).
    """

    kind: str
    n: str
    num: str
    heading: str | None
    eid: str
    items: tuple[Division | Provision, ...]
    line: int | None = None
    intro: Provision | None = None

    def __post_init__(self) -> None:
        if self.kind not in ANNEX_KINDS:
            raise ValueError(f"{self.eid}: annex kind {self.kind!r} is not one of "
                             f"{', '.join(ANNEX_KINDS)}")
        object.__setattr__(self, "items", _with_annex(self.items, self.key))
        if self.intro is not None and self.intro.annex != self.key:
            object.__setattr__(self, "intro", dataclasses.replace(self.intro, annex=self.key))

    @property
    def key(self) -> str:
        """``annex-2``, ``protocol-1``: how references name it."""
        return f"{self.kind}-{self.n}"

    @property
    def articles(self) -> tuple[Provision, ...]:
        """The annex's articles (none for an annex of plain paragraphs)."""
        return tuple(p for p in _walk_articles(self.items) if p.kind == ARTICLE)

    @property
    def provisions(self) -> tuple[Provision, ...]:
        """Its articles, or its one provision of plain paragraphs."""
        return tuple(_walk_articles(self.items))


def _with_annex(items, key: str) -> tuple:
    out = []
    for item in items:
        if isinstance(item, Division):
            children = _with_annex(item.items, key)
            intro = item.intro
            if intro is not None and intro.annex != key:
                intro = dataclasses.replace(intro, annex=key)
            if intro is not item.intro or any(a is not b for a, b in zip(children,
                                                                        item.items)):
                item = dataclasses.replace(item, items=children, intro=intro)
        elif item.annex != key:
            item = dataclasses.replace(item, annex=key)
        out.append(item)
    return tuple(out)


@dataclass(frozen=True)
class Source:
    """Where a text was transcribed from or checked against."""

    id: str
    description: str
    url: str | None = None
    accessed: dt.date | None = None


@dataclass(frozen=True)
class TextVersion:
    """One language version of a treaty."""

    treaty_id: str
    lang: str
    authority: str
    title: str
    short_title: str
    state_kind: str
    state: str
    sources: tuple[Source, ...]
    articles: tuple[Provision, ...] = None  # type: ignore[assignment]  # see below
    preamble: Provision | None = None
    conclusions: Provision | None = None
    translation_of: str | None = None
    translator: str | None = None
    notes: tuple[str, ...] = ()
    path: str | None = None
    body: tuple[Division | Provision, ...] = ()
    annexes: tuple[Annex, ...] = ()
    amended_by: str | None = None  # the amending instrument, for the citation line

    def __post_init__(self) -> None:
        # ``articles`` (flat) and ``body`` (the tree) describe the same articles:
        # give either, or both when they agree. Without divisions the body
        # follows ``articles``, so dataclasses.replace(version, articles=...)
        # keeps working; with divisions, give the body.
        if self.articles is None:
            object.__setattr__(self, "articles", tuple(_walk_articles(self.body)))
            return
        object.__setattr__(self, "articles", tuple(self.articles))
        if all(isinstance(item, Provision) for item in self.body):
            if self.body != self.articles:
                object.__setattr__(self, "body", self.articles)
            return
        flat = tuple(_walk_articles(self.body))
        if len(flat) != len(self.articles) or any(
                a is not b and a != b for a, b in zip(flat, self.articles)):
            raise ValueError(f"{self.treaty_id}@{self.lang}: articles and body disagree; "
                             "for a text with divisions give the body only")

    @property
    def is_authentic(self) -> bool:
        return self.authority == AUTHENTIC

    @property
    def authority_label(self) -> str:
        """``authentic``, ``official translation`` or ``unofficial translation (by X)``."""
        if self.authority == UNOFFICIAL_TRANSLATION:
            by = f" by {self.translator}" if self.translator else ""
            return f"unofficial translation{by}"
        return self.authority.replace("-", " ")

    def provisions(self) -> tuple[Provision, ...]:
        """The preamble, the articles, the conclusions and what the annexes
        hold, in reading order."""
        head = (self.preamble,) if self.preamble else ()
        tail = (self.conclusions,) if self.conclusions else ()
        annexed = tuple(p for annex in self.annexes for p in annex.provisions)
        return head + self.articles + tail + annexed

    def divisions(self) -> tuple[Division, ...]:
        """Every division of the main body, at any depth, in document order."""
        return tuple(d for item in self.body if isinstance(item, Division)
                     for d in item.divisions())

    def intros(self) -> tuple[Provision, ...]:
        """The intros (kind :data:`INTRO`) of the divisions and annexes, in
        reading order, transcribed or not. They are not among
        :meth:`provisions`: the treaty alignment works on the preamble,
        articles, conclusions and annex texts only; a reference finds an
        intro by its key (``part-1:intro``), so it can be shown and compared
        on its own."""
        return tuple(self._holders)

    @functools.cached_property
    def _holders(self) -> dict[Provision, Division | Annex]:
        # Each intro, in reading order, with the division or annex it opens.
        out: dict[Provision, Division | Annex] = {}

        def walk(items) -> None:
            for item in items:
                if isinstance(item, Division):
                    if item.intro is not None:
                        out[item.intro] = item
                    walk(item.items)

        walk(self.body)
        for annex in self.annexes:
            if annex.intro is not None:
                out[annex.intro] = annex
            walk(annex.items)
        return out

    def holder(self, intro: Provision) -> Division | Annex | None:
        """The division or annex that ``intro`` opens (``None`` if it is not
        one of :meth:`intros`)."""
        return self._holders.get(intro)

    def reading_order(self) -> tuple[Provision, ...]:
        """:meth:`provisions` with the intros in their places: each before
        the first article of its division or annex."""
        out: list[Provision] = [self.preamble] if self.preamble else []

        def walk(items) -> None:
            for item in items:
                if isinstance(item, Division):
                    if item.intro is not None:
                        out.append(item.intro)
                    walk(item.items)
                else:
                    out.append(item)

        walk(self.body)
        if self.conclusions:
            out.append(self.conclusions)
        for annex in self.annexes:
            if annex.intro is not None:
                out.append(annex.intro)
            walk(annex.items)
        return tuple(out)

    @property
    def intro_count(self) -> tuple[int, int]:
        """(intros transcribed, intros recorded): the intros' share of coverage."""
        intros = self.intros()
        return sum(1 for p in intros if p.transcribed), len(intros)

    def annex(self, key: str) -> Annex | None:
        """The annex named ``annex-2``, ``protocol-1`` (any case)."""
        key = normalise_key(key)
        return next((a for a in self.annexes if a.key == key), None)

    def find(self, provision: str) -> Provision | None:
        """The provision with this key (:attr:`Provision.key`): ``preamble``,
        ``conclusions``, an article key (``5``, ``21bis``), ``annex-2:3``,
        an intro's ``part-1:intro`` (intros too, though not in :meth:`provisions`).

        Only exact keys (after :func:`normalise_key`); printed forms such as
        ``IV`` or ``21 bis`` are resolved by :func:`treatycmp.refs.select_provision`.
        """
        return self._by_key.get(normalise_key(provision))

    @functools.cached_property
    def _by_key(self) -> dict[str, Provision]:
        # Built once per version (a frozen dataclass still has a __dict__ for
        # the cache): lookups stay O(1) for treaties of thousands of articles.
        index: dict[str, Provision] = {}
        for candidate in self.provisions() + self.intros():
            index.setdefault(candidate.key, candidate)
        return index

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    @property
    def transcribed_count(self) -> int:
        return sum(1 for a in self.articles if a.transcribed)


def holder_name(holder: Division | Annex) -> str:
    """``PART ONE (General Provisions)``: a division or annex as printed (its
    number and heading), or as references name it when it has neither."""
    if holder.num and holder.heading:
        return f"{holder.num} ({holder.heading})"
    return holder.num or holder.heading or ":".join(intro_path(f"{holder.eid}__intro"))


def intro_label(version: TextVersion, provision: Provision) -> str:
    """``Introduction to PART ONE (General Provisions)`` for an intro of
    ``version``; a provision's own label otherwise."""
    holder = version.holder(provision) if provision.kind == INTRO else None
    return f"{provision.label} to {holder_name(holder)}" if holder else provision.label


@dataclass(frozen=True)
class Citation:
    text: str
    verified: bool = True


@dataclass(frozen=True)
class Work:
    """A treaty as a work: what every language version shares."""

    id: str
    signed_date: dt.date
    signed_place: str
    parties: tuple[str, ...]
    depositary: str
    authentic_languages: tuple[str, ...]
    citations: tuple[Citation, ...]
    status: str
    signed_by: str | None = None
    entry_into_force: dt.date | None = None
    entry_into_force_note: str | None = None
    no_citation_reason: str | None = None
    status_as_of: dt.date | None = None
    status_note: str | None = None
    notes: tuple[str, ...] = ()
    path: str | None = None
    draft: bool = False

    @property
    def citation_text(self) -> str:
        """Official citations joined, each not yet checked against its series
        marked "(unverified)"; empty when there is none (see ``no_citation_reason``)."""
        return "; ".join(c.text + ("" if c.verified else " (unverified)")
                         for c in self.citations)


@dataclass(frozen=True)
class Treaty:
    """A work and its language versions (sorted by language code)."""

    work: Work
    versions: tuple[TextVersion, ...]

    @property
    def id(self) -> str:
        return self.work.id

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(v.lang for v in self.versions)

    @property
    def is_draft(self) -> bool:
        """Marked ``status="draft"``: still being filled in (show it as DRAFT)."""
        return self.work.draft

    def version(self, lang: str) -> TextVersion | None:
        return next((v for v in self.versions if v.lang == lang), None)

    def preferred_version(self, lang: str = "en") -> TextVersion:
        """The version in ``lang`` if there is one, else the first authentic one."""
        return (self.version(lang)
                or next((v for v in self.versions if v.is_authentic), None)
                or self.versions[0])


@dataclass(frozen=True)
class Corpus:
    """The treaties that loaded, and the problems found on the way."""

    root: str
    treaties: tuple[Treaty, ...]
    problems: tuple[Exception, ...] = ()

    def treaty(self, treaty_id: str) -> Treaty | None:
        treaty_id = treaty_id.lower()
        return next((t for t in self.treaties if t.id == treaty_id), None)


MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")


def format_date(value: dt.date) -> str:
    """``16 September 2023``: the form used in citations (no locale involved).

    >>> format_date(dt.date(1949, 4, 4))
    '4 April 1949'
    """
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def cite(treaty: Treaty, version: TextVersion) -> str:
    """A citation line: title, place and date of signature, official citation,
    and the amending instrument of a text as amended; ``DRAFT:`` in front for
    a treaty still being filled in."""
    work = treaty.work
    parts = [version.title, work.signed_place, format_date(work.signed_date)]
    if work.citations:
        parts.append(work.citation_text)
    if version.amended_by:
        parts.append(f"as amended by {version.amended_by}")
    return ("DRAFT: " if treaty.is_draft else "") + ", ".join(parts)


# ------------------------------------------------- curated alignments

@dataclass(frozen=True)
class CuratedPair:
    """One correspondence a person has decided, with the reason.

    ``left`` and ``right`` name provisions as references do: an article
    number (the ``n`` attribute), ``preamble`` or ``conclusions``. Article
    numbers are shared by every language version of a treaty, so a curated
    pair holds for all of them.
    """

    left: str | None  # None: the right provision has no counterpart
    right: str | None  # None: the left provision has no counterpart
    note: str | None
    line: int | None = None
    paragraphs: str | None = None  # paragraph pairs for the clause comparison, "1=1,2=2+3"


@dataclass(frozen=True)
class CuratedAlignment:
    """The curated pairs between two treaties (``treaties/alignments/*.xml``)."""

    left: str
    right: str
    pairs: tuple[CuratedPair, ...]
    notes: tuple[str, ...] = ()
    path: str | None = None

    def swapped(self) -> CuratedAlignment:
        """The same alignment read from the other side (right becomes left)."""
        return CuratedAlignment(
            self.right, self.left,
            tuple(CuratedPair(p.right, p.left, p.note, p.line, _swap_spec(p.paragraphs))
                  for p in self.pairs),
            self.notes, self.path)


def _swap_spec(spec: str | None) -> str | None:
    """A paragraph-pair spec read from the other side: ``1=2+3`` -> ``2+3=1``."""
    if spec is None:
        return None
    return ",".join("=".join(reversed(item.split("=", 1))) for item in spec.split(","))
