"""The view-model of ``reports/index.html``: every report in a folder, and
what each compares. Plain frozen data; ``index.html`` renders it.

>>> page = build_index([("b.html", "B", "left B", "right B", "clause"),
...                     ("a.html", "A", "left A", "right A", "treaty")])
>>> [e.file for e in page.entries]
['a.html', 'b.html']
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Iterable
from urllib.parse import quote

from .. import __version__
from .render import render_template

KINDS = {"clause": "Clause comparison", "treaty": "Treaty comparison", "collation": "Collation"}


@dataclass(frozen=True)
class IndexEntry:
    file: str  # a file name in the same folder: the link
    title: str
    left: str  # what the left side is
    right: str
    kind: str  # "clause" or "treaty"

    @property
    def href(self) -> str:
        """The link to the file: percent-encoded, so that a name such as
        ``a:b.html`` is a file beside the index, not a URL scheme ``a:``."""
        return quote(os.fsencode(self.file), safe="")

    @property
    def name(self) -> str:
        """The file name as text to show (undecodable bytes replaced)."""
        return os.fsencode(self.file).decode("utf-8", "replace")

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class ReportIndex:
    title: str
    entries: tuple[IndexEntry, ...]
    version: str = __version__


def build_index(entries: Iterable[tuple[str, str, str, str, str]],
                title: str = "treatycmp reports") -> ReportIndex:
    """The index of ``entries`` (file name, title, left, right, kind), sorted by
    file name so that the page does not depend on the order files were found.

    A file name must name a file beside the index (no folder): anything else
    is a programmer error (``ValueError``). Any other name is fine, ``a:b.html``
    or ``.draft.html`` too: links are percent-encoded (:attr:`IndexEntry.href`).

    >>> build_index([("a:b.html", "T", "l", "r", "clause")]).entries[0].href
    'a%3Ab.html'
    """
    out = []
    for file, report_title, left, right, kind in entries:
        if not file or "/" in file or file in (".", ".."):
            raise ValueError(f"{file!r} is not a file name beside the index")
        out.append(IndexEntry(file, report_title, left, right, kind))
    return ReportIndex(title, tuple(sorted(out, key=lambda e: e.file)))


class _ReportHead(HTMLParser):
    """Collects the <title> and the treatycmp-* <meta> tags of a report."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or "").startswith("treatycmp-"):
            self.meta[values["name"][len("treatycmp-"):]] = values.get("content") or ""
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def read_index_entry(file: str, html: str) -> tuple[str, str, str, str, str] | None:
    """The index entry of a report written by treatycmp (from the ``treatycmp-*``
    meta tags in its head), or ``None`` for any other HTML file."""
    head = _ReportHead()
    head.feed(html.split("</head>", 1)[0])
    if not {"kind", "left", "right"} <= head.meta.keys():
        return None
    title = head.title.removesuffix(" — treatycmp").strip()
    return (file, title, head.meta["left"], head.meta["right"], head.meta["kind"])


def render_index(index: ReportIndex) -> str:
    """The index as one self-contained HTML page."""
    return render_template("index.html", index=index)
