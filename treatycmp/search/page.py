"""The HTML results page as plain data (no markup): what the template
``search-results.html`` (in :mod:`treatycmp.report`'s templates) renders."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from .query import Results


@dataclass(frozen=True)
class PageHit:
    rank: int
    ref: str
    label: str
    heading: str | None
    title: str
    signed: str
    lang: str
    authentic: bool
    score: str | None                       # "0.812" (similarity search)
    score_value: float | None               # the same, unrounded
    snippet: tuple[str, str, str] | None    # before, match, after (phrase search)
    command: str                            # the command to run
    report: str | None                      # the report file that command writes


@dataclass(frozen=True)
class ResultsPage:
    title: str
    kind: str                 # "phrase" or "like"
    query: str
    query_ref: str | None
    searched: int
    total: int | None         # None: the search stopped at the limit
    candidates: int | None    # then: what the full-text index proposed in all
    filters: tuple[str, ...]  # human-readable filter descriptions
    folding: str              # what phrase matching ignored ("case, quotes, whitespace")
    hits: tuple[PageHit, ...]
    version: str


def report_name(left_ref: str, right_ref: str) -> str:
    """The file ``treatycmp compare LEFT RIGHT`` writes by default, for
    references of the form ``ID@LANG:PROVISION``."""
    def part(ref: str) -> str:
        treaty, rest = ref.split("@", 1)
        lang, provision = rest.split(":", 1)
        return f"{treaty}-{lang}-{provision}"
    return f"{part(left_ref)}_vs_{part(right_ref)}.html"


def hit_command(prefix: list[str], query_ref: str | None, ref: str) -> tuple[str, str | None]:
    """The ready-to-run command for a hit, and the report it writes (if any)."""
    if query_ref is None:
        return shlex.join(prefix + ["show", ref]), None
    return shlex.join(prefix + ["compare", query_ref, ref]), report_name(query_ref, ref)


def build_page(results: Results, *, kind: str, query_ref: str | None, prefix: list[str],
               filters: tuple[str, ...], folding: str, version: str) -> ResultsPage:
    hits = []
    for rank, hit in enumerate(results.hits, 1):
        record = hit.record
        command, report = hit_command(prefix, query_ref, record.ref)
        hits.append(PageHit(
            rank=rank, ref=record.ref, label=record.label, heading=record.heading,
            title=record.title, signed=record.signed, lang=record.lang,
            authentic=record.authentic,
            score=None if hit.score is None else f"{hit.score:.3f}", score_value=hit.score,
            snippet=hit.snippet if kind == "phrase" else None,
            command=command, report=report))
    title = (f"Provisions like {query_ref}" if kind == "like"
             else f"Provisions containing {results.query}")
    return ResultsPage(title, kind, results.query if kind == "phrase" else "", query_ref,
                       results.searched, results.total, results.extra.get("candidates"),
                       filters, folding, tuple(hits), version)
