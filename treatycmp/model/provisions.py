"""Provisions and what they are made of: :class:`Point`, :class:`Paragraph`,
:class:`Provision` (the preamble, an article, the conclusions, an annex's text,
an intro), the earlier :class:`Wording` of an amended article, and the tree
that holds articles: :class:`Division` and :class:`Annex`. See :mod:`treatycmp.model`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ..numbering import ANNEX_KINDS, DIVISION_EID, DIVISION_KINDS

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
