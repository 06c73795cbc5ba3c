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

The names are defined in three modules, imported from here:
:mod:`~treatycmp.model.provisions` (paragraphs, provisions, divisions,
annexes), :mod:`~treatycmp.model.versions` (a language version and its
sources) and :mod:`~treatycmp.model.treaties` (the work, the treaty, the
corpus, citations, curated alignments).
"""

from __future__ import annotations

# Keys and eIds live in treatycmp.numbering; re-exported here (model.normalise_key...).
from ..numbering import (ANNEX_KINDS, DIVISION_EID, DIVISION_KINDS, annex_eid,
                         article_eid, division_eid, is_key, normalise_key, roman_to_int)
from .provisions import (ANNEX, ARTICLE, CONCLUSIONS, INTRO, PREAMBLE, Annex, Division, Paragraph,
                         Point, Provision, Wording, intro_path)
from .treaties import (MONTHS, Citation, Corpus, CuratedAlignment, CuratedPair,
                       Treaty, Work, cite, format_date)
from .versions import (AUTHENTIC, OFFICIAL_TRANSLATION, UNOFFICIAL_TRANSLATION, Source,
                       TextVersion, holder_name, intro_label)

__all__ = [
    # provisions.py: what a text is made of, and the tree of articles
    "PREAMBLE", "ARTICLE", "CONCLUSIONS", "ANNEX", "INTRO",
    "Point", "Paragraph", "Wording", "Provision", "Division", "Annex", "intro_path",
    # versions.py: a language version, its authority and its sources
    "AUTHENTIC", "OFFICIAL_TRANSLATION", "UNOFFICIAL_TRANSLATION",
    "Source", "TextVersion", "holder_name", "intro_label",
    # treaties.py: the work, the treaty, the corpus, citations, curated alignments
    "Citation", "Work", "Treaty", "Corpus", "MONTHS", "format_date", "cite",
    "CuratedPair", "CuratedAlignment",
    # treatycmp.numbering
    "ANNEX_KINDS", "DIVISION_EID", "DIVISION_KINDS", "annex_eid", "article_eid",
    "division_eid", "is_key", "normalise_key", "roman_to_int",
]
