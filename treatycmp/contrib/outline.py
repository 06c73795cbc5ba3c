"""The outline of one article read from plain text: heading, paragraphs, points.

Used by :mod:`treatycmp.contrib.plaintext`; :func:`build_article` turns the lines
under an article heading into a :class:`~treatycmp.model.Provision`.

How lines are read (each decision that is a guess is reported as a warning):

- A line that starts with a label (``1.``, ``(1)``, ``(a)``, ``a)``, ``(i)``,
  a bullet) opens a paragraph or a point. Labels of the same kind and shape
  (``(a)``, ``(b)``...) are siblings; a new kind opens a list inside the item
  before it. Arabic numbers number the paragraphs, unless the item before
  ends with a colon (a lead-in), when they number its points. ``(i)`` after
  ``(h)`` is a letter; otherwise ``(i)``, ``(ii)``... are roman numerals.
- A line without a label continues the line before it (a paragraph wrapped
  over several lines, joined with single spaces) as :func:`continues`
  decides: in short, unless the line before ends a sentence or clause
  (``. ; : ! ?``), or is short, or ends with a comma and the line starts
  with a capital. A blank line always ends a paragraph.
- A new unlabelled paragraph after a numbered paragraph, or after a list of
  points, becomes its second part (``<p>`` after the points: the schema's
  "wrap-up" line) when that slot is free; otherwise it is a new unnumbered
  paragraph. After the points of an unnumbered paragraph this needs a
  lower-case start or a list that has not ended with a full stop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import model as m
from .headings import ends_sentence, looks_like_heading
from .joining import CLOSERS, continues, hangs, has_words, join_warning
from .labels import ArticleHeading, ItemLabel, next_letter, parse_item_label, roman_value

UNTRANSCRIBED_MARKER = re.compile(
    r"\[(?:(?P<what>[^\]:]*?)\s*:\s*)?not yet transcribed\](?:\s+(?P<note>.*))?",
    re.IGNORECASE)
HEADING_MARKER = re.compile(r"\[(?i:heading)\]\s+(?P<heading>\S.*)")
DEFAULT_NOTE = "Recorded as not yet transcribed in the imported plain text."
NO_WORDING_NOTE = ("Not transcribed: the imported plain text has no wording under "
                   "this heading.")
IMPORT_SOURCE = "import"


@dataclass(frozen=True)
class Line:
    """A non-blank line of the input: its number, its text (stripped) and
    whether a blank line separates it from the line before."""

    no: int
    text: str
    new_block: bool = False


@dataclass
class Report:
    """What an import could not place, what it guessed and what it dropped
    (collected while one import runs; never shared between calls)."""

    unplaced: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    dropped: dict[int, str] = field(default_factory=dict)

    def drop(self, no: int, why: str) -> None:
        """A line left out on purpose (page furniture, a separator): reported."""
        self.dropped[no] = why
        self.warn(no, why)

    def warn(self, no: int, message: str) -> None:
        self.warnings.append((no, message))

    def unplace(self, line: Line, why: str) -> None:
        """``line`` has no place: recorded, and ``why`` reported for its number."""
        self.unplaced.append((line.no, line.text))
        self.warn(line.no, why)


@dataclass
class _Node:
    """A paragraph or point being built."""

    line: Line
    num: str | None
    value: str | None
    parts: list[str]
    wrap: list[str] | None = None
    children: list[_Node] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)  # every input line it holds

    def __post_init__(self) -> None:
        self.lines.append(self.line)

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    def last_leaf(self) -> _Node:
        return self.children[-1].last_leaf() if self.children else self

    def all_lines(self) -> list[Line]:
        """Every input line of this item and of the items under it, in order."""
        return sorted(self.lines + [line for child in self.children
                                    for line in child.all_lines()], key=lambda l: l.no)


@dataclass
class _Level:
    kind: str | None
    form: str | None
    nodes: list[_Node] = field(default_factory=list)


class _Outline:
    """The paragraphs of one article, built line by line."""

    def __init__(self, label: str, report: Report, width: int | None) -> None:
        self.label, self.report, self.width = label, report, width
        self.levels = [_Level(None, None)]
        self.target: list[str] | None = None  # where joined lines go (None: skip)
        self.target_lines: list[Line] = []    # the input lines of that target's item
        self.before: str | None = None        # the previous line, as printed

    # -- labelled lines
    def add_item(self, line: Line, item: ItemLabel) -> None:
        kind = self._kind(item)
        if self._reads_as_text(line, item, kind):
            self.add_text(line, wrapped=True)
            return
        depth, level = self._place(kind, item)
        siblings = (self.levels[0].nodes if depth == 0
                    else self.levels[depth - 1].nodes[-1].children)
        if item.value is not None and any(n.value == item.value for n in siblings):
            self.report.unplace(line, f"number {item.num} is used twice here in "
                                      f"{self.label}: line not placed")
            self.target, self.before = None, line.text if item.text else None
            return
        del self.levels[depth:]
        self.levels.append(level)
        if depth > 0:
            self._reopen_wrap_up(line)
        node = _Node(line, item.num, item.value, [item.text] if item.text else [])
        siblings.append(node)
        if depth > 0:
            level.nodes.append(node)
        # the whole printed line (label and text): its length tells whether the
        # next line was wrapped onto it, its end whether it ended a sentence
        self.target, self.before = node.parts, line.text if item.text else None
        self.target_lines = node.lines

    def _place(self, kind: str, item: ItemLabel) -> tuple[int, _Level]:
        """The depth of the list this label belongs to, and that list (a new
        one if it opens a list); nothing is changed yet."""
        for depth in range(len(self.levels) - 1, -1, -1):
            level = self.levels[depth]
            if (level.kind, level.form) == (kind, item.form):
                return depth, level
        paragraphs = self.levels[0]
        if not paragraphs.nodes:
            return 0, _Level(kind, item.form, paragraphs.nodes)
        if kind == "arabic" and not self._lead_in():  # numbered paragraphs begin
            return 0, _Level(kind, item.form, paragraphs.nodes)
        return len(self.levels), _Level(kind, item.form)

    def _kind(self, item: ItemLabel) -> str:
        if not item.maybe_roman:
            return item.kind
        for level in reversed(self.levels):
            if level.form == item.form and level.nodes and level.nodes[-1].value:
                last = level.nodes[-1].value
                if level.kind == "letter" and next_letter(last) == item.value:
                    return "letter"
                if level.kind == "roman" and (roman_value(last) or 0) + 1 == roman_value(
                        item.value):
                    return "roman"
        return "roman" if item.value == "i" else "letter"

    def _reads_as_text(self, line: Line, item: ItemLabel, kind: str) -> bool:
        """A label that is really the start of a wrapped line ("... Articles 3
        and" / "5.", "государств" / "- участников"): right under a line that
        has not ended a sentence, and neither the next item of an open list
        nor the first of a new one."""
        if line.new_block or self.before is None or ends_sentence(self.before):
            return False
        level = next((lv for lv in self.levels if (lv.kind, lv.form) == (kind, item.form)
                      and lv.nodes), None)
        if item.kind == "bullet":
            return level is None and item.form in "-–—"
        if level is not None:
            return item.value != _next_value(kind, level.nodes[-1].value)
        return item.value not in ("1", "a", "i", "A", "I")

    def _lead_in(self) -> bool:
        text = self.levels[-1].nodes[-1].text.rstrip(CLOSERS)
        return text.endswith((":", "—", "–"))

    def _reopen_wrap_up(self, line: Line) -> None:
        paragraph = self.levels[0].nodes[-1]
        if paragraph.wrap is not None:
            leaf = paragraph.last_leaf()
            leaf.parts.extend(paragraph.wrap)
            paragraph.wrap = None
            self.report.warn(line.no, "the line(s) before this point were joined to the "
                                      "point above them, not kept as closing words")

    # -- unlabelled lines
    def add_text(self, line: Line, wrapped: bool = False) -> None:
        """An unlabelled line; ``wrapped``: known to continue the line above."""
        if self.target is not None and not self.target:   # a label alone on its line
            self.target.append(line.text)
            self.target_lines.append(line)
        elif wrapped or (self.before is not None and (
                continues(self.before, line.text, self.width) if not line.new_block
                else hangs(self.before))):
            if self.target is None:
                self.report.unplace(line, "continues a line that was not placed: not "
                                          "placed")
                return
            self.target.append(line.text)
            self.target_lines.append(line)
            self.report.warn(line.no, join_warning(self.before))
        else:
            self._new_unit(line)
        self.before = line.text

    def _new_unit(self, line: Line) -> None:
        paragraphs = self.levels[0].nodes
        paragraph = paragraphs[-1] if paragraphs else None
        if paragraph is not None and paragraph.wrap is None and paragraph.parts and (
                paragraph.children or paragraph.num is not None):
            leaf = paragraph.last_leaf()
            if paragraph.num is not None or line.text[0].islower() or (
                    leaf is not paragraph and not ends_sentence(leaf.text)):
                paragraph.wrap = [line.text]
                self.target = paragraph.wrap
                self.target_lines = paragraph.lines
                paragraph.lines.append(line)
                del self.levels[1:]
                self.report.warn(line.no, f"taken as the closing words of paragraph "
                                          f"{paragraph.value or len(paragraphs)} of "
                                          f"{self.label} (its second <p>)")
                return
        node = _Node(line, None, None, [line.text])
        del self.levels[1:]
        paragraphs.append(node)
        self.target, self.target_lines = node.parts, node.lines

    # -- result
    def paragraphs(self, eid: str) -> tuple[m.Paragraph, ...]:
        out = []
        for i, node in enumerate(self._keep(self.levels[0].nodes), 1):
            para_eid = f"{eid}__para_{node.value or i}"
            out.append(m.Paragraph(
                para_eid, node.num, node.text, self._points(node.children, para_eid),
                " ".join(node.wrap) if node.wrap else None))
        return tuple(out)

    def _points(self, nodes: list[_Node], prefix: str) -> tuple[m.Point, ...]:
        out = []
        for i, node in enumerate(self._keep(nodes), 1):
            eid = f"{prefix}__point_{node.value or i}"
            out.append(m.Point(eid, node.num, node.text, self._points(node.children, eid)))
        return tuple(out)

    def _keep(self, nodes: list[_Node]) -> list[_Node]:
        """The nodes that have text; a label with no text is reported, with
        the items under it (a ``<p>`` cannot be empty)."""
        kept = []
        for node in nodes:
            if node.parts:
                kept.append(node)
                continue
            lines = node.all_lines()
            self.report.unplace(lines[0], f"{node.num} in {self.label} has no text: it "
                                          "and the items under it are not placed")
            for line in lines[1:]:
                self.report.unplace(line, f"under {node.num} in {self.label}, which was "
                                          "not placed: not placed")
        return kept


def _next_value(kind: str, value: str | None) -> str | None:
    """The label value expected after ``value`` in a list of ``kind``."""
    if value is None:
        return None
    if kind == "arabic":
        return str(int(value) + 1)
    if kind in ("roman", "upper-roman"):
        following = next((v for v in _ROMANS if roman_value(v) == roman_value(value) + 1),
                         None)
        return following.upper() if following and kind == "upper-roman" else following
    return next_letter(value) if kind == "letter" else chr(ord(value) + 1)


_ROMANS = tuple("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx"
                .split())


def build_article(heading_line: Line, heading: ArticleHeading, body: list[Line],
                  report: Report, width: int | None = None, n: str | None = None,
                  prefix: str = "", above: Line | None = None) -> m.Provision:
    """The article under ``heading`` (found on ``heading_line``) from its lines;
    ``width`` as in :func:`continues`; ``n`` the article's key if the sequence
    decided it (a letter rather than a roman numeral); ``prefix`` the eId of
    the annex holding it (``annex_2__``); ``above`` its heading if printed on
    the line above the number."""
    n = n or heading.n
    eid, label = f"{prefix}art_{n}", f"Article {n}"
    title, body = _find_heading(heading_line, heading, body, report, label, width)
    if title is None and above is not None:
        title = above.text
    elif above is not None:  # not expected: the walker gives it back in that case
        body = [above] + body
    markers = [(line, UNTRANSCRIBED_MARKER.fullmatch(line.text)) for line in body]
    marked = [(line, match) for line, match in markers if match]
    if marked:
        for line, match in markers:
            if not match or line is not marked[0][0]:
                report.unplace(line, f"{label} is marked as not yet transcribed: "
                                     "line not placed")
        note = (marked[0][1]["note"] or "").strip() or DEFAULT_NOTE
        return m.Provision(m.ARTICLE, eid, n, heading.num, title, (), False,
                           notes=(note,))
    paragraphs = build_paragraphs(body, eid, label, report, width)
    if not paragraphs:
        report.warn(heading_line.no, f"{label} has no wording: recorded as not yet "
                                     "transcribed")
        return m.Provision(m.ARTICLE, eid, n, heading.num, title, (), False,
                           notes=(NO_WORDING_NOTE,))
    return m.Provision(m.ARTICLE, eid, n, heading.num, title, paragraphs, True,
                       checked=(IMPORT_SOURCE,))


def build_paragraphs(body: list[Line], eid: str, label: str, report: Report,
                     width: int | None = None) -> tuple[m.Paragraph, ...]:
    """The paragraphs (with their points) read from ``body``, the lines of
    ``label`` (an article or an annex); ``eid`` prefixes their eIds."""
    outline = _Outline(label, report, width)
    for line in body:
        if not has_words(line.text):
            report.unplace(line, "a line without words: not placed")
        else:
            item = parse_item_label(line.text)
            if item is not None:
                outline.add_item(line, item)
            else:
                outline.add_text(line)
    return outline.paragraphs(eid)


def _find_heading(heading_line: Line, heading: ArticleHeading, body: list[Line],
                  report: Report, label: str, width: int | None = None
                  ) -> tuple[str | None, list[Line]]:
    """The article's heading, if any, and the body lines that remain.

    A heading is printed after the number (``Article 5 - Heading``) or on the
    line below it, directly (no blank line between): short, not ending like a
    sentence, and followed by a blank line, a label or a short capitalised
    line; or it is marked ``[Heading] ...`` on the line below the number.
    """
    after = body[0] if body else None
    if heading.rest is not None:
        separated = re.match(r"\s*[-–—:(]", heading_line.text[len(heading.num):])
        breaks = after is None or after.new_block or _structural(after.text)
        if looks_like_heading(heading.rest) and separated and not breaks and (
                _wrapped_heading(body)):
            report.warn(after.no, f"joined to the heading of {label} with a space (a "
                                  "heading wrapped over two lines)")
            return f"{heading.rest} {after.text}", body[1:]
        if looks_like_heading(heading.rest) and (separated or breaks):
            return heading.rest, body
        return None, [Line(heading_line.no, heading.rest)] + body
    if after is None or after.new_block or _structural(after.text):
        return None, body
    marked = HEADING_MARKER.fullmatch(after.text)
    if marked:
        return marked["heading"], body[1:]
    if not looks_like_heading(after.text):
        return None, body
    second = body[1] if len(body) > 1 else None
    third = body[2] if len(body) > 2 else None
    if (second is not None and not second.new_block and not _structural(second.text)
            and (hangs(after.text) or (width is not None and len(after.text) + 1 + len(
                second.text.split()[0]) > width))
            and looks_like_heading(f"{after.text} {second.text}")
            and (third is None or third.new_block or _structural(third.text))):
        # a heading under the number, wrapped onto a second line ("... Bildung von"
        # / "Landesregierungen", or a line the next word would not have fitted
        # on), then a break
        report.warn(after.no, f"taken as the heading of {label}")
        report.warn(second.no, f"joined to the heading of {label} with a space (a "
                               "heading wrapped over two lines)")
        return f"{after.text} {second.text}", body[2:]
    announced = re.search(r"[:\-–—]$", heading_line.text) is not None  # "Artículo 1-01:"
    if (second is None or second.new_block or _structural(second.text) or announced
            or (len(after.text.split()) <= 6 and second.text[0].isupper())):
        report.warn(after.no, f"taken as the heading of {label}")
        return after.text, body[1:]
    return None, body


def _wrapped_heading(body: list[Line]) -> bool:
    """The first body line ends a heading wrapped after the number's line
    ("Article 101: Establishment" / "of the Free Trade Area" / "The Parties"):
    short, in lower case, not ending a sentence, and a capital or a break after."""
    after, second = body[0], body[1] if len(body) > 1 else None
    return (after.text[0].islower() and looks_like_heading(after.text.capitalize())
            and len(after.text.split()) <= 6 and (
                second is None or second.new_block or second.text[0].isupper()))


def _structural(text: str) -> bool:
    return (parse_item_label(text) is not None or UNTRANSCRIBED_MARKER.fullmatch(text)
            is not None or not has_words(text))
