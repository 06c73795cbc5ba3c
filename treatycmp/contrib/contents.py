"""A table of contents printed before the text: its entries are headings
that come again, with their text, further on.

Used by :mod:`treatycmp.contrib.plaintext`, which drops (and reports) the
lines :func:`find_contents` returns. A run of heading lines (article,
division and annex headings, the word "Contents", an entry's title on the
line under it, page numbers after dot leaders) is a table of contents only
if it holds at least :data:`MIN_ENTRIES` article headings and every one of
them is printed again after it: otherwise the lines are left to the
importer, which places or reports them.

>>> lines = list(enumerate(["Contents", "Article 1 Scope ..... 1", "Article 2 Aims ..... 2",
...                         "Article 3 Final ..... 3", "", "Article 1 Scope", "Text.",
...                         "Article 2 Aims", "Text.", "Article 3 Final", "Text."], 1))
>>> sorted(find_contents(lines))
[1, 2, 3, 4]
"""

from __future__ import annotations

import re

from .headings import is_preamble_heading, looks_like_heading
from .labels import ArticleHeading
from .structure import annex_heading, article_heading, division_heading

MIN_ENTRIES = 3  # article headings in a row before a run can be a table of contents
_LEADER = re.compile(r"(?:\s*(?:\.{2,}|…+|·{2,}|_{2,})\s*|\s{2,})"
                     r"(?:\d+(?:[-–]\d+)?|[ivxlcIVXLC]+)$")
_TITLES = frozenset({"contents", "table of contents", "table des matières", "sommaire",
                     "índice", "indice", "índice general", "inhalt", "inhaltsverzeichnis",
                     "inhoud", "inhoudsopgave", "sumário", "sommario", "содержание",
                     "оглавление"})


def find_contents(lines: list[tuple[int, str]]) -> dict[int, str]:
    """``{line number: why}`` for the lines of every table of contents among
    ``lines`` (``(line number, stripped text)``, blank lines included)."""
    found: dict[int, str] = {}
    entries = [_entry(text) for _, text in lines]
    places = {heading.n: i for i, (heading, _) in enumerate(entries) if heading is not None}
    i = 0
    while i < len(lines):
        run, keys, end = _run(lines, entries, i)
        if len(keys) >= MIN_ENTRIES and all(places[key] >= end for key in keys):
            first, last = lines[run[0]][0], lines[run[-1]][0]
            for j in run:
                found[lines[j][0]] = (f"{lines[j][1]!r} ignored: part of a table of contents "
                                      f"(lines {first}–{last}) whose {len(keys)} articles "
                                      "are printed again after it")
        i = max(end, i + 1)
    return found


def _entry(text: str) -> tuple[ArticleHeading | None, str]:
    """The article heading of a line without its dot leaders and page
    number (or None), and that stripped line."""
    entry = _LEADER.sub("", text) if text else ""
    return (article_heading(entry) if entry else None), entry


def _run(lines: list[tuple[int, str]], entries: list[tuple[ArticleHeading | None, str]],
         start: int) -> tuple[list[int], list[str], int]:
    """The indexes of the run of heading lines from ``start``, the article
    keys in it, and the index where it ends. The run stops where an article
    comes a second time (the text itself has begun), and does not end with
    a division, annex or preamble heading (it may be the text's own)."""
    run: list[tuple[int, str]] = []  # (index, kind): article, title, other
    keys: list[str] = []
    titled = False  # the line before was a heading whose title may follow
    j = start
    while j < len(lines):
        if not lines[j][1]:
            j += 1
            continue
        article, entry = entries[j]
        if article is not None:
            if article.n in keys:
                break
            keys.append(article.n)
            run.append((j, "article"))
            titled = article.rest is None
        elif division_heading(entry) or annex_heading(entry):
            run.append((j, "other"))
            titled = True
        elif titled and looks_like_heading(entry) and run[-1][1] == "article":
            run.append((j, "title"))
            titled = False
        elif entry.lower().rstrip(":") in _TITLES or is_preamble_heading(entry) or (
                titled and looks_like_heading(entry)):
            run.append((j, "other"))
            titled = False
        else:
            break
        j += 1
    while run and run[-1][1] == "other":
        run.pop()
    end = run[-1][0] + 1 if run else j
    return [i for i, _ in run], keys, max(end, start + 1)
