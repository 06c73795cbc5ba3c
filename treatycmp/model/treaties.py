"""A treaty as a work (:class:`Work`, :class:`Citation`) with its language
versions (:class:`Treaty`), a loaded :class:`Corpus`, how a treaty is cited
(:func:`cite`, :func:`format_date`), and the curated alignments between two
treaties (:class:`CuratedAlignment`). See :mod:`treatycmp.model`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .versions import TextVersion

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
