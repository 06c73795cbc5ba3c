"""Plain messages for a malformed ``<intro>`` (checked before RELAX NG).

libxml2 reports a bad intro indirectly: at the ``<heading>`` of the division
around it ("unexpected element <heading> there"), because the division's
other choices fail too. An intro is the text under a division's or annex's
heading before its first article, transcribed (``checked`` and ``<p>``s,
optional ``<note>``s) or recorded as not yet transcribed
(``status="untranscribed"`` and one ``<note>``): :func:`intro_errors` says
which of those rules an intro breaks, at the intro's own line and column.
Everything else is left to the schema.
"""

from __future__ import annotations

from lxml import etree

from ..errors import DataError

INTRO = "intro"
HOLDERS = ("division", "annex")
_EITHER = ('an <intro> is transcribed (checked="SOURCE-IDS" and one <p> per paragraph) '
           'or recorded as not yet transcribed (status="untranscribed" and a <note> '
           'saying why)')


def intro_errors(tree: etree._ElementTree, where: str) -> list[DataError]:
    """A problem for each ``<intro>`` that breaks the rules above."""
    errors = []
    lines: list[str] | None = None
    for el in tree.iter(INTRO):
        message = _problem(el)
        if message is None:
            continue
        if lines is None:
            lines = _source_lines(where)
        errors.append(DataError(message, where, el.sourceline,
                                _column(lines, el.sourceline)))
    return errors


def _problem(el: etree._Element) -> str | None:
    parent = el.getparent()
    if parent is None or parent.tag not in HOLDERS:
        return ("an <intro> belongs to a <division> or an <annex>: the text under its "
                "heading, before its first article")
    before = [c.tag for c in el.itersiblings(preceding=True) if isinstance(c.tag, str)]
    if INTRO in before:
        return f"a <{parent.tag}> has one <intro> at most"
    if any(tag not in ("num", "heading") for tag in before):
        return (f"an <intro> comes right after the <num> and <heading> of its "
                f"<{parent.tag}>, before its first article or division")
    if parent.tag == "annex" and parent.find("article") is None and parent.find(
            "division") is None:
        return ("an <intro> opens an annex of articles; an annex of plain paragraphs "
                "(or not yet transcribed) has none: its <p>s are its text")
    children = [c.tag for c in el if isinstance(c.tag, str)]
    status = el.get("status")
    if status is not None and status != "untranscribed":
        return f"status={status!r}: {_EITHER}"
    if status == "untranscribed":
        if el.get("checked") is not None or "p" in children:
            return ("an <intro> recorded as not yet transcribed has no text and no "
                    "checked= sources: only a <note> saying why")
        if children.count("note") != 1:
            return ("an <intro> recorded as not yet transcribed needs one <note> saying "
                    "why")
        return None
    if el.get("checked") is None:
        return f"an <intro> without checked= names no source: {_EITHER}"
    if "p" not in children:
        return f"an <intro> needs its text, at least one <p>: {_EITHER}"
    return None


def _source_lines(where: str) -> list[str]:
    try:
        with open(where, encoding="utf-8", errors="replace") as handle:
            return handle.read().split("\n")
    except OSError:
        return []


def _column(lines: list[str], line: int | None) -> int | None:
    """Where ``<intro`` starts on its line (1-based), when the file can be read."""
    if line is None or not 0 < line <= len(lines):
        return None
    found = lines[line - 1].find("<intro")
    return found + 1 if found >= 0 else None
