"""The treaty data model: immutable values, no I/O.

A :class:`Treaty` is one work (:class:`Work`, its metadata) with one or more
language versions (:class:`TextVersion`). A version holds :class:`Provision`
values (the preamble, the articles, the conclusions), each made of
:class:`Paragraph` values that may hold :class:`Point` lists.

Every provision, paragraph and point carries a stable identifier in the style
of Akoma Ntoso eIds (``art_5``, ``art_5__para_2``, ``preamble__recital_1``):
used for anchors and pinpoint citations.

Stored text is the authentic wording exactly as printed; nothing here
normalises it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

AUTHENTIC = "authentic"
OFFICIAL_TRANSLATION = "official-translation"
UNOFFICIAL_TRANSLATION = "unofficial-translation"

PREAMBLE = "preamble"
ARTICLE = "article"
CONCLUSIONS = "conclusions"


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

    @property
    def pinpoint(self) -> str:
        """How a citation points at this provision: ``art 5``, ``preamble``."""
        return f"art {self.n}" if self.kind == ARTICLE else self.kind

    @property
    def full_text(self) -> str:
        """All paragraphs joined by blank lines (for similarity measures)."""
        return "\n\n".join(p.full_text for p in self.paragraphs)


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
    articles: tuple[Provision, ...]
    preamble: Provision | None = None
    conclusions: Provision | None = None
    translation_of: str | None = None
    translator: str | None = None
    notes: tuple[str, ...] = ()
    path: str | None = None

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
        """The preamble, the articles and the conclusions, in reading order."""
        head = (self.preamble,) if self.preamble else ()
        tail = (self.conclusions,) if self.conclusions else ()
        return head + self.articles + tail

    def find(self, provision: str) -> Provision | None:
        """The provision named ``preamble``, ``conclusions`` or an article number."""
        for candidate in self.provisions():
            if provision == candidate.kind or (
                    candidate.kind == ARTICLE and candidate.n == provision):
                return candidate
        return None

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    @property
    def transcribed_count(self) -> int:
        return sum(1 for a in self.articles if a.transcribed)


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
    """A citation line: title, place and date of signature, official citation."""
    work = treaty.work
    parts = [version.title, work.signed_place, format_date(work.signed_date)]
    if work.citations:
        parts.append(work.citation_text)
    return ", ".join(parts)


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
