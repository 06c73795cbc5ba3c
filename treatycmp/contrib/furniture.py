"""Page furniture in plain text: page numbers and running headers and footers.

A line is dropped as a running header or footer only when it really repeats
as page furniture: the same short line seen at least twice, each time at a
page edge (beside a page number or a form feed, or at the start or end of
the text), or at least three times at regular intervals as if once a page.
Numbers in the line may change (a page number printed in the header). A
line is never dropped when it follows an article, division or annex
heading (it is that heading's title: ``Scope and Coverage`` under each
``Article X.1``), nor, for the regular-interval rule, when it comes right
before one or anywhere under a division or annex heading before the next
heading (there it is the heading or intro of that division or annex: a
``Scope`` line in the intro of each of three parts, a page apart, is text).
Every dropped line is reported.

>>> raw = list(enumerate(["T", "Article 1", "Scope", "Text.", "", "Article 2",
...                       "Scope", "More text."], 1))
>>> find_furniture(raw, frozenset(), lambda t: t.startswith("Article"))
{}
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Callable

from .headings import is_page_number
from .joining import has_words
from .labels import parse_item_label

FURNITURE_MAX_WORDS = 12  # a running header or footer is short
EDGE_DISTANCE = 2         # non-blank lines from a page break that count as its edge
MIN_REGULAR = 3           # occurrences needed to call a spacing regular
REGULAR_SPREAD = 0.25     # gaps within this fraction of their median are "regular"
MIN_PAGE_LINES = 15       # lines: a page is at least this long
_DIGITS = re.compile(r"\d+")


def find_furniture(raw: list[tuple[int, str]], page_breaks: frozenset[int],
                   is_heading: Callable[[str], bool],
                   opens_division: Callable[[str], bool] = lambda text: False
                   ) -> dict[int, str]:
    """``{line number: why}`` for the page numbers and running headers and
    footers among ``raw`` (``(line number, stripped text)``, blank lines
    included). ``page_breaks``: numbers of lines that begin with a form feed;
    ``is_heading``: whether a line is an article, division or annex heading;
    ``opens_division``: whether such a heading is a division's or an annex's
    (the lines under it up to the next heading are its heading and intro)."""
    lines = [(no, text) for no, text in raw if text]
    heads = [is_heading(text) for _, text in lines]
    in_head = _under_divisions(lines, heads, opens_division)
    numbered = _numbered_lines(lines)
    found = {no: f"page number {text!r} ignored" for i, (no, text) in enumerate(lines)
             if is_page_number(text) and i not in numbered}
    edges, beside = _page_edges(lines, page_breaks, found)
    places: dict[str, list[int]] = {}
    for i, (_, text) in enumerate(lines):
        if (has_words(text) and not is_page_number(text) and not heads[i]
                and len(text.split()) <= FURNITURE_MAX_WORDS and not _sentence(text)
                and parse_item_label(text) is None and not text.startswith("[")):
            # numbers may change from page to page ("Treaty Series 1998 No. 12  345")
            places.setdefault(_DIGITS.sub("#", text), []).append(i)
    for key, where in places.items():
        if len(where) < 2 or any(i and heads[i - 1] for i in where):
            continue
        if all(i in edges for i in where) and sum(i in beside for i in where) >= 2:
            how = "each time at a page edge"
        elif _regular(lines, where) and not any(
                i + 1 < len(lines) and heads[i + 1] or i in in_head for i in where):
            how = "at regular intervals"
        else:
            continue
        varies = len({lines[i][1] for i in where}) > 1
        for i in where:
            found[lines[i][0]] = (
                f"{lines[i][1]!r} ignored as a page header or footer (the line appears "
                f"{len(where)} times{', its numbers changing' if varies else ''}, {how})")
    return found


def _under_divisions(lines: list[tuple[int, str]], heads: list[bool],
                     opens_division: Callable[[str], bool]) -> set[int]:
    """Indexes of the lines under a division or annex heading, before the
    next heading of any kind (that division's or annex's heading and intro)."""
    out: set[int] = set()
    under = False
    for i, (_, text) in enumerate(lines):
        if heads[i]:
            under = opens_division(text)
        elif under:
            out.add(i)
    return out


def _numbered_lines(lines: list[tuple[int, str]]) -> set[int]:
    """Indexes of bare numbers that number paragraphs, not pages: ``1``,
    ``2``, ``3`` each on a line of its own above its paragraph (as legal
    databases print numbered principles), the next number closer than a page
    (:data:`MIN_PAGE_LINES` lines)."""
    bare = [(i, int(text)) for i, (_, text) in enumerate(lines) if text.isdigit()]
    out: set[int] = set()
    for (i, value), (j, after) in zip(bare, bare[1:]):
        if after == value + 1 and j - i < MIN_PAGE_LINES:
            out.update((i, j))
    return out


def _sentence(text: str) -> bool:
    """Ends like a clause or a sentence (a running header does not)."""
    last = text.split()[-1]
    return text.endswith((",", ";", ":")) or (
        text.endswith(".") and last[:-1].isalpha() and last[:-1].islower() and len(last) > 4)


def _page_edges(lines: list[tuple[int, str]], page_breaks: frozenset[int],
                numbers: dict[int, str]) -> tuple[set[int], set[int]]:
    """Indexes (into ``lines``) of the lines near a page break, a page number,
    or the start or end of the text; and of those near a page break or number
    (a real page mark: two of them are needed to call a line furniture)."""
    marks: set[int] = set()
    marks.update(i for i, (no, _) in enumerate(lines) if no in numbers)
    numbers_in_order = [no for no, _ in lines]
    for no in page_breaks:  # the last line of one page and the first of the next
        after = bisect.bisect_left(numbers_in_order, no)
        marks.update({after - 1, after})
    marks = {i for i in marks if 0 <= i < len(lines)}
    beside = _near(marks, len(lines))
    return beside | _near({0, len(lines) - 1}, len(lines)), beside


def _near(marks: set[int], size: int) -> set[int]:
    near: set[int] = set()
    for mark in marks:
        near.update(range(max(mark - EDGE_DISTANCE, 0), min(mark + EDGE_DISTANCE + 1, size)))
    return near


def _regular(lines: list[tuple[int, str]], where: list[int]) -> bool:
    """Three or more occurrences spaced like pages (the gaps, in input lines,
    within :data:`REGULAR_SPREAD` of their median, at least a page apart)."""
    if len(where) < MIN_REGULAR:
        return False
    numbers = [lines[i][0] for i in where]
    gaps = [b - a for a, b in zip(numbers, numbers[1:])]
    middle = statistics.median(gaps)
    return middle >= MIN_PAGE_LINES and all(
        abs(gap - middle) <= REGULAR_SPREAD * middle for gap in gaps)
