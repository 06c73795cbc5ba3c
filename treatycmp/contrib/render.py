"""A language version as plain text: the form :func:`treatycmp.contrib.plaintext.import_text`
reads back unchanged (the layout is described in :mod:`treatycmp.contrib.plaintext`).

Where the importer could not otherwise tell what a line is, the rendering
marks it: ``[Article 7] LABEL``, ``[Division chapter 2] LABEL``, ``[Annex
protocol 1] LABEL``, ``[Heading] HEADING``, ``[Final clauses]``,
``[Not yet transcribed] NOTE`` (``[Intro: not yet transcribed] NOTE`` for an
intro), and ``[Intro]`` before a division's or annex's intro whose first
paragraph would be read as its heading.
"""

from __future__ import annotations

from .. import model as m
from .headings import (is_final_clause_opener, looks_like_heading, looks_like_title_line,
                       parse_annex_heading, parse_division_heading)
from .labels import parse_article_heading
from .outline import DEFAULT_NOTE


def render_text(version: m.TextVersion) -> str:
    """``version`` as plain text (see the module docstring for the layout)."""
    blocks = [[version.title, "=" * max(3, len(version.title))]]
    if version.preamble is not None:
        blocks.extend(_render_plain(version.preamble, "Preamble"))
    blocks.extend(_render_items(version.body))
    if version.conclusions is not None:
        conclusions = _render_plain(version.conclusions, "Final clauses")
        if version.conclusions.transcribed and not is_final_clause_opener(
                version.conclusions.paragraphs[0].text):
            conclusions.insert(0, ["[Final clauses]"])
        blocks.extend(conclusions)
    for annex in version.annexes:
        blocks.extend(_render_annex(annex))
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _render_plain(provision: m.Provision, name: str) -> list[list[str]]:
    if not provision.transcribed:
        return [[f"[{name}: not yet transcribed] {_note(provision)}"]]
    return [[p.text] for p in provision.paragraphs]


def _render_items(items) -> list[list[str]]:
    blocks: list[list[str]] = []
    for item in items:
        if isinstance(item, m.Division):
            found = parse_division_heading(item.num or "")
            if item.num is None:  # printed without a number: the heading alone
                number = f" {item.n}" if item.n else ""
                head = [f"[Division {item.kind}{number}]"]
            elif found is None or (found.kind, found.n, found.num, found.rest) != (
                    item.kind, item.n, item.num, None):
                number = f" {item.n}" if item.n else ""
                head = [f"[Division {item.kind}{number}] {item.num}"]
            else:
                head = [item.num]
            blocks.append(head + _render_heading(item.heading, looks_like_title_line))
            blocks.extend(_render_intro(item.intro, item.heading))
            blocks.extend(_render_items(item.items))
        else:
            blocks.extend(_render_article(item))
    return blocks


def _render_heading(heading: str | None, reads_as_heading=looks_like_heading) -> list[str]:
    """The heading on the line under the number, marked where the importer
    would not read it as one (``reads_as_heading``: its rule for articles, or
    for divisions and annexes)."""
    if heading is None:
        return []
    return [heading if reads_as_heading(heading) else f"[Heading] {heading}"]


def _render_annex(annex: m.Annex) -> list[list[str]]:
    found = parse_annex_heading(annex.num)
    if found is None or (found.kind, found.n, found.num, found.rest) != (
            annex.kind, annex.n, annex.num, None):
        head = [f"[Annex {annex.kind} {annex.n}] {annex.num}"]
    else:
        head = [annex.num]
    blocks = [head + _render_heading(annex.heading, looks_like_title_line)]
    items = annex.items
    if len(items) == 1 and isinstance(items[0], m.Provision) and items[0].kind == m.ANNEX:
        plain = _render_plain(items[0], "Annex")
        if (annex.heading is None and items[0].transcribed and items[0].paragraphs
                and _may_read_as_heading(items[0].paragraphs[0].text)):
            plain.insert(0, ["[Intro]"])
        return blocks + plain
    return blocks + _render_intro(annex.intro, annex.heading) + _render_items(items)


def _render_intro(intro: m.Provision | None, heading: str | None) -> list[list[str]]:
    """A division's or annex's intro: its paragraphs, one block each, after
    ``[Intro]`` where the first would be read as the missing heading."""
    if intro is None:
        return []
    if not intro.transcribed:
        return _render_plain(intro, "Intro")
    blocks = [[p.text] for p in intro.paragraphs]
    if heading is None and _may_read_as_heading(intro.paragraphs[0].text):
        blocks.insert(0, ["[Intro]"])
    return blocks


def _may_read_as_heading(text: str) -> bool:
    """Whether the first line of ``text``, right under a division's or annex's
    number, could be read as its heading: the whole paragraph, or its first
    words once the rendering is hard-wrapped (a line of fewer than
    HEADING_MAX_WORDS words starting with a capital)."""
    return looks_like_title_line(text) or not text[:1].islower()


def _render_article(article: m.Provision) -> list[list[str]]:
    heading = parse_article_heading(article.label)
    if heading is None or (heading.n, heading.num, heading.rest) != (
            article.n, article.label, None) or heading.letter == article.n:
        head = [f"[Article {article.n}] {article.label}"]
    else:
        head = [article.label]
    head.extend(_render_heading(article.heading))
    if not article.transcribed:
        return [head + [f"[Not yet transcribed] {_note(article)}"]]
    blocks = [head]
    for paragraph in article.paragraphs:
        lines = [f"{paragraph.num} {paragraph.text}" if paragraph.num else paragraph.text]
        lines.extend(_render_points(paragraph.points, 1))
        blocks.append(lines)
        if paragraph.wrap_up is not None:
            blocks.append([paragraph.wrap_up])
    return blocks


def _render_points(points: tuple[m.Point, ...], depth: int) -> list[str]:
    lines = []
    for point in points:
        lines.append("  " * depth + f"{point.num or '•'} {point.text}")
        lines.extend(_render_points(point.points, depth + 1))
    return lines


def _note(provision: m.Provision) -> str:
    return provision.notes[0] if provision.notes else DEFAULT_NOTE
