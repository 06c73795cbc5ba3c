"""The view-model of ``reports/index.html``: every report in a folder, and
what each compares. Plain frozen data; ``index.html`` renders it.

>>> page = build_index([("b.html", "B", "left B", "right B", "clause"),
...                     ("a.html", "A", "left A", "right A", "treaty")])
>>> [e.file for e in page.entries]
['a.html', 'b.html']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .. import __version__
from .clause import ClauseReport
from .render import render_template
from .treaty import TreatyReport

KINDS = {"clause": "Clause comparison", "treaty": "Treaty comparison"}


@dataclass(frozen=True)
class IndexEntry:
    file: str  # a file name in the same folder: the link
    title: str
    left: str  # what the left side is
    right: str
    kind: str  # "clause" or "treaty"

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

    A file name must name a file beside the index (no folder, no scheme):
    anything else is a programmer error (``ValueError``).
    """
    out = []
    for file, report_title, left, right, kind in entries:
        if not file or "/" in file or "\\" in file or ":" in file or file.startswith("."):
            raise ValueError(f"{file!r} is not a file name beside the index")
        out.append(IndexEntry(file, report_title, left, right, kind))
    return ReportIndex(title, tuple(sorted(out, key=lambda e: e.file)))


def index_entry(file: str, report: ClauseReport | TreatyReport) -> tuple[str, str, str, str, str]:
    """The index entry of a report's view-model, for :func:`build_index`."""
    if isinstance(report, TreatyReport):
        sides, kind = (report.left, report.right), "treaty"
        described = [f"{s.title} ({s.language}, {s.authority})" for s in sides]
    else:
        sides, kind = (report.left, report.right), "clause"
        described = [f"{s.title}, {s.provision_label} ({s.language}, {s.authority})"
                     for s in sides]
    return (file, report.title, described[0], described[1], kind)


def render_index(index: ReportIndex) -> str:
    """The index as one self-contained HTML page."""
    return render_template("index.html", index=index)
