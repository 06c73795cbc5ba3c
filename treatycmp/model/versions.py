"""A language version of a treaty (:class:`TextVersion`), the sources it was
transcribed from (:class:`Source`), and how its intros are named. See
:mod:`treatycmp.model`."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from ..numbering import normalise_key
from .provisions import INTRO, Annex, Division, Provision, _walk_articles, intro_path

# A version's authority: the text is authentic, or a translation.
AUTHENTIC = "authentic"
OFFICIAL_TRANSLATION = "official-translation"
UNOFFICIAL_TRANSLATION = "unofficial-translation"

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
