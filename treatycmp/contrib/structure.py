"""The structure of a plain-text treaty: preamble, divisions and articles,
conclusions, annexes (the lines of each, not yet read as paragraphs).

Used by :mod:`treatycmp.contrib.plaintext`. :func:`split_structure` walks the
lines once:

- before the first article, division or annex heading: the preamble;
- an article heading opens an article in the current division (of the body,
  or of the current annex); a division heading (``PART V``, ``CHAPTER TWO``,
  ``DEEL II``) closes the article and opens a division: one of a kind already
  open is its sibling, a new kind nests in the innermost open division (the
  order of first appearance decides the nesting);
- a closing formula (``IN WITNESS WHEREOF``, ``Fait à``) after the articles
  opens the conclusions, which run to the first annex heading;
- the lines under a division heading before its first article or division
  are its intro (``[Intro]`` on a line of its own says where the heading
  ends and the intro begins);
- an annex heading (``ANNEX 2``, ``PROTOCOL``) after the first article opens an
  annex: its lines before any article are its own paragraphs (or, if it has
  articles, its intro);
- under a division or annex heading, the short lines before anything else
  are its heading (joined, and reported, if more than one).

Article numbers are then decided over the whole sequence
(:func:`resolve_numbers`): ``C`` after ``B`` is the letter c, after ``XCIX``
the number 100; a number seen twice in one container is reported with the
lines under it.
"""

from __future__ import annotations

import dataclasses

import re
from dataclasses import dataclass, field

from .headings import (Heading, ends_sentence, is_annexed_to_label, is_closing_heading,
                       is_final_clause_opener, looks_like_heading, looks_like_title_line,
                       parse_annex_heading, parse_division_heading)
from .labels import ArticleHeading, next_letter, parse_article_heading, parse_item_label
from .joining import hangs, has_words
from .outline import HEADING_MARKER, UNTRANSCRIBED_MARKER, Line, Report

FINAL_MARKER = re.compile(r"\[(?i:final clauses|conclusions)\]")
ARTICLE_MARKER = re.compile(r"\[(?i:article) (?P<n>[0-9A-Za-z][0-9A-Za-z.\-]*)\]\s+"
                            r"(?P<num>\S.*)")
# "[Division chapter 2] Chapter the Second", "[Annex protocol 1] Protocol"
DIVISION_MARKER = re.compile(r"\[(?i:division) (?P<kind>[a-z]+)(?: (?P<n>[0-9A-Za-z.\-]+))?\]"
                             r"(?:\s+(?P<num>\S.*))?")  # no num: a division printed without one
ANNEX_MARKER = re.compile(r"\[(?i:annex) (?P<kind>[a-z]+) (?P<n>[0-9A-Za-z.\-]+)\]"
                          r"\s+(?P<num>\S.*)")
# "[Intro]": the text below is the intro of the division or annex above, not its heading
INTRO_MARKER = re.compile(r"\[(?i:intro)\]")
_FINAL_WORDS = ("final clauses", "conclusions")
HEADING_MAX_LINES = 3  # lines joined into one division or annex heading


@dataclass
class ArticleDraft:
    line: Line
    heading: ArticleHeading
    body: list[Line] = field(default_factory=list)
    n: str = ""           # the key, once the sequence has decided it
    above: Line | None = None  # its heading, printed on the line above the number


@dataclass
class DivisionDraft:
    line: Line
    heading: Heading
    title: list[Line] = field(default_factory=list)
    text: list[Line] = field(default_factory=list)  # its intro: text before its items
    children: list = field(default_factory=list)  # DivisionDraft | ArticleDraft


@dataclass
class AnnexDraft:
    line: Line
    heading: Heading
    n: str
    title: list[Line] = field(default_factory=list)
    intro: list[Line] = field(default_factory=list)
    children: list = field(default_factory=list)


@dataclass
class Structure:
    preamble: list[Line] = field(default_factory=list)
    children: list = field(default_factory=list)
    conclusions: list[Line] = field(default_factory=list)
    annexes: list[AnnexDraft] = field(default_factory=list)

    def has_articles(self) -> bool:
        return any(True for _ in articles_in(self.children)) or any(
            True for annex in self.annexes for _ in articles_in(annex.children))


def articles_in(children: list):
    """The articles among ``children`` and in their divisions, in order."""
    for child in children:
        if isinstance(child, ArticleDraft):
            yield child
        else:
            yield from articles_in(child.children)


def article_heading(text: str) -> ArticleHeading | None:
    marked = ARTICLE_MARKER.fullmatch(text)
    if marked:
        return ArticleHeading(marked["n"], marked["num"], None)
    return parse_article_heading(text)


def division_heading(text: str) -> Heading | None:
    marked = DIVISION_MARKER.fullmatch(text)
    if marked:
        return Heading(marked["kind"], marked["n"], marked["num"], None)
    return parse_division_heading(text)


def annex_heading(text: str) -> Heading | None:
    marked = ANNEX_MARKER.fullmatch(text)
    if marked:
        return Heading(marked["kind"], marked["n"], marked["num"], None)
    return parse_annex_heading(text)


def is_heading_line(text: str) -> bool:
    """An article, division or annex heading (what a title line follows)."""
    return bool(article_heading(text) or division_heading(text) or annex_heading(text))


def opens_conclusions(text: str) -> bool:
    marker = UNTRANSCRIBED_MARKER.fullmatch(text)
    return (is_final_clause_opener(text) or FINAL_MARKER.fullmatch(text) is not None
            or is_closing_heading(text)
            or (marker is not None and (marker["what"] or "").lower() in _FINAL_WORDS))


class _Walker:
    """One pass over the lines (see the module docstring)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.out = Structure()
        self.stack: list[DivisionDraft] = []   # open divisions, outermost first
        self.depths: dict[str, int] = {}       # the depth each division kind took
        self.target: list[Line] = self.out.preamble
        self.titled: DivisionDraft | AnnexDraft | None = None  # heading lines go here
        self.annex: AnnexDraft | None = None
        self.started = False    # an article, division or annex was seen
        self.concluded = False  # the conclusions have begun
        # an article that took the line above it as heading, and where that
        # line came from (it goes back if a heading follows the number)
        self.pending: tuple[ArticleDraft, list[Line]] | None = None

    def children(self) -> list:
        if self.stack:
            return self.stack[-1].children
        return self.annex.children if self.annex else self.out.children

    def add(self, line: Line, before: Line | None) -> None:
        if self.pending is not None:
            self._settle(line)
        text = line.text
        # the line under a bare article number is its heading ("Article N" /
        # "Appendix"), not an annex or division heading
        under = (before is not None and not line.new_block and self.children()
                 and isinstance(self.children()[-1], ArticleDraft)
                 and self.children()[-1].line is before and self.children()[-1].heading.rest
                 is None)
        # "... in accordance with" / "Article 5. The Parties ...": a line that
        # ends with a word no sentence ends with is continued by the next
        hanging = before is not None and not line.new_block and hangs(before.text)
        under = under or hanging
        annex = annex_heading(text) if self.started and not under else None
        if annex is not None and annex.n is None and self.titled is not None and (
                not self.titled.title and self.titled.heading.rest is None):
            annex = None  # "ANNEX I" / "SCHEDULE OF CANADA": its heading
        if annex is not None and annex.n is None and not self.concluded and not (
                annex.num.split()[0].isupper()):
            annex = None  # a lone "Schedule" among the articles is a word of the text
        if annex is not None and not _wrapped(line, before):
            self._open_annex(line, annex)
            return
        article = (article_heading(text) if not hanging or ARTICLE_MARKER.fullmatch(text)
                   else None)
        if article is not None and self.concluded and self.annex is None:
            self.report.warn(line.no, "looks like an article heading but follows the "
                                      "final clauses: kept as final-clause text")
            article = None
        if article is not None:
            draft = ArticleDraft(line, article)
            if article.rest is None and _heading_above(
                    line, before, self.target, self.target is self.out.preamble):
                draft.above = self.target.pop()
                self.pending = (draft, self.target)
            self.children().append(draft)
            self.target, self.titled, self.started = draft.body, None, True
            return
        division = (division_heading(text) if (not self.concluded or self.annex)
                    and not under else None)
        if division is not None and not _wrapped(line, before):
            self._open_division(line, division)
            return
        if (self.started and not self.concluded and self.annex is None
                and opens_conclusions(text)):
            self.concluded, self.titled = True, None
            self.target = self.out.conclusions
        if self.titled is not None and INTRO_MARKER.fullmatch(text):
            self.report.drop(line.no, f"{text!r}: the text below is the intro of "
                                      f"{self.titled.heading.num}, not its heading")
            self.titled = None
            return
        if self.titled is not None and self._heading_line(line):
            return
        self.titled = None
        self.target.append(line)

    def _settle(self, line: Line) -> None:
        """Keep the heading taken from above the number, unless the number has
        one of its own on the line below: then the line above goes back."""
        draft, source = self.pending
        self.pending = None
        if not line.new_block and (looks_like_heading(line.text)
                                   or HEADING_MARKER.fullmatch(line.text)):
            source.append(draft.above)
            draft.above = None
        else:
            self.report.warn(draft.above.no, f"taken as the heading of {draft.heading.num} "
                                             "(printed above its number)")

    def _heading_line(self, line: Line) -> bool:
        """Take ``line`` as (part of) the heading of the division or annex just
        opened, if it reads as one."""
        owner = self.titled
        if _label_goes_on(owner, line):
            owner.heading = dataclasses.replace(owner.heading,
                                                num=f"{owner.heading.num} {line.text}")
            self.report.warn(line.no, "joined to the label above it with a space (a "
                                      "wrapped line)")
            return True
        marked = HEADING_MARKER.fullmatch(line.text)
        joined = " ".join([t.text for t in owner.title] + [line.text])  # a wrapped heading
        if (owner.heading.rest is not None and not owner.title) or not (
                marked or looks_like_title_line(line.text)
                or (owner.title and looks_like_title_line(joined))) \
                or UNTRANSCRIBED_MARKER.fullmatch(line.text):
            return False
        if len(owner.title) >= HEADING_MAX_LINES or (owner.title and line.new_block):
            return False
        owner.title.append(line)
        name = owner.heading.num
        self.report.warn(line.no, f"taken as the heading of {name}" if len(
            owner.title) == 1 else f"joined to the heading of {name} with a space")
        return True

    def _open_division(self, line: Line, heading: Heading) -> None:
        kind = heading.kind
        depth = next((i for i, d in enumerate(self.stack) if d.heading.kind == kind), None)
        if depth is None:
            depth = min(self.depths.get(kind, len(self.stack)), len(self.stack))
        self.depths.setdefault(kind, depth)
        del self.stack[depth:]
        draft = DivisionDraft(line, heading)
        self.children().append(draft)
        self.stack.append(draft)
        self.target, self.titled, self.started = draft.text, draft, True

    def _open_annex(self, line: Line, heading: Heading) -> None:
        taken = {a.n for a in self.out.annexes if a.heading.kind == heading.kind}
        n = heading.n
        if n is None:  # unnumbered: keyed by its place among the annexes of its kind
            n = next(str(i) for i in range(len(taken) + 1, 2 * len(taken) + 2)
                     if str(i) not in taken)
            self.report.warn(line.no, f"{heading.num} has no number: keyed "
                                      f"{heading.kind}-{n} for references")
        elif n in taken:
            n = next(f"{n}-{i}" for i in range(2, len(taken) + 3) if f"{n}-{i}" not in taken)
            self.report.warn(line.no, f"{heading.num}: a {heading.kind} numbered "
                                      f"{heading.n} came before; this one is keyed "
                                      f"{heading.kind}-{n}")
        draft = AnnexDraft(line, heading, n)
        self.out.annexes.append(draft)
        self.annex, self.stack, self.depths = draft, [], {}
        self.target, self.titled = draft.intro, draft
        self.concluded = True


def _heading_above(line: Line, before: Line | None, target: list[Line],
                   preamble: bool) -> bool:
    """``before`` is a short heading-like line standing alone above ``line``
    (a blank line, or the start of the text, above it; none below), the last
    line of the text so far (``target``, the preamble if ``preamble``)."""
    return (before is not None and not line.new_block and bool(target)
            and target[-1] is before and (before.new_block or preamble and len(target) == 1)
            and looks_like_heading(before.text) and not is_heading_line(before.text)
            and parse_item_label(before.text) is None
            and UNTRANSCRIBED_MARKER.fullmatch(before.text) is None
            and not before.text.startswith("["))


def _wrapped(line: Line, before: Line | None) -> bool:
    """A heading word that starts a wrapped line ("... under" / "Chapter 11
    Investment"): right under a long line of the same block that has not
    ended, and not printed in capitals."""
    if before is None or line.new_block or ends_sentence(before.text):
        return False
    first = line.text.split()[0]
    return not first.isupper() and len(before.text) >= 40 and not is_heading_line(
        before.text)


def split_structure(lines: list[Line], report: Report) -> Structure:
    """The structure of ``lines`` (see the module docstring)."""
    walker = _Walker(report)
    before = None
    for line in lines:
        walker.add(line, before)
        before = line
    for draft in _drafts(walker.out.children + walker.out.annexes):
        _give_back_a_lone_sentence(draft, report)
    _unnumbered_groups(walker.out, report)
    _headings_in_blocks_of_their_own(
        list(articles_in(walker.out.children + walker.out.annexes)))
    return walker.out


GROUP_KIND = "part"     # the kind given to an unnumbered heading grouping articles
GROUPS_MIN = 2          # such headings needed before they are read so


def _unnumbered_groups(out: Structure, report: Report) -> None:
    """Headings printed without a number between the articles, each as a
    block of its own right above an article number ("Algemene bepalingen" /
    "Artikel 1" ... "Slotbepalingen" / "Artikel 20"), group the articles
    below them: unnumbered divisions. Read so only in a text without
    numbered divisions, where at least GROUPS_MIN of them head at most half
    of the articles (above every article, such lines are the articles'
    headings)."""
    children = out.children
    if not children or not all(isinstance(c, ArticleDraft) for c in children):
        return
    found: dict[int, Line] = {}
    for i, article in enumerate(children):
        above = out.preamble if i == 0 else children[i - 1].body
        if not above or (i and len(above) < 2) or not article.line.new_block:
            continue
        line = above[-1]
        if (line.new_block or (i == 0 and len(above) == 1)) and looks_like_heading(
                line.text) and parse_item_label(line.text) is None and not (
                line.text.startswith("[")) and article.above is None:
            found[i] = line
    if len(found) < GROUPS_MIN or 2 * len(found) > len(children):
        return
    grouped: list = []
    for i, article in enumerate(children):
        if i in found:
            line = found[i]
            (out.preamble if i == 0 else children[i - 1].body).pop()
            grouped.append(DivisionDraft(line, Heading(GROUP_KIND, None, None, line.text)))
            report.warn(line.no, "taken as a heading grouping the articles below it "
                                 f"(a {GROUP_KIND} printed without a number)")
        (grouped[-1].children if grouped and isinstance(grouped[-1], DivisionDraft)
         else grouped).append(article)
    out.children[:] = grouped


BLOCK_HEADINGS_MIN = 2  # articles that show the layout before it is read so


def _headings_in_blocks_of_their_own(articles: list[ArticleDraft]) -> None:
    """Copies of web pages print an article's heading as a block of its own,
    between blank lines, under the number ("Artikel 1" / "" / "Werkingssfeer
    van dit Verdrag" / "" / text). A short line so placed is read as the
    heading (by :func:`treatycmp.contrib.outline.build_article`, as if directly
    under the number) only if the text shows this layout: in at least
    BLOCK_HEADINGS_MIN articles and half of those whose number stands alone."""
    def candidate(article: ArticleDraft) -> bool:
        body = article.body
        return (len(body) >= 2 and body[0].new_block and body[1].new_block
                and looks_like_heading(body[0].text) and article.above is None
                and parse_item_label(body[0].text) is None
                and HEADING_MARKER.fullmatch(body[0].text) is None)
    alone = [a for a in articles if a.heading.rest is None and a.body
             and a.body[0].new_block]
    chosen = [a for a in alone if candidate(a)]
    if len(chosen) >= BLOCK_HEADINGS_MIN and 2 * len(chosen) >= len(alone):
        for article in chosen:
            article.body[0] = dataclasses.replace(article.body[0], new_block=False)


def _label_goes_on(owner: DivisionDraft | AnnexDraft, line: Line) -> bool:
    """``line`` continues the label of the division or annex just opened: the
    label ends with a word no line ends with, or it is an annex word with
    what it is annexed to ("Anhang zu dem Abkommen zwischen der
    Bundesrepublik ..."), which runs on, once wrapped, to a blank line or a
    full stop."""
    heading = owner.heading
    if (owner.title or heading.rest is not None or heading.num is None or line.new_block
            or HEADING_MARKER.fullmatch(line.text) or not has_words(line.text)
            or is_heading_line(line.text) or parse_item_label(line.text) is not None):
        return False
    annexed = (isinstance(owner, AnnexDraft) and is_annexed_to_label(heading.num)
               and not ends_sentence(heading.num))
    return annexed or hangs(heading.num)


def _drafts(items: list):
    for item in items:
        if isinstance(item, (DivisionDraft, AnnexDraft)):
            yield item
            yield from _drafts(item.children)


def _give_back_a_lone_sentence(draft: DivisionDraft | AnnexDraft, report: Report) -> None:
    """A phrase ending with a full stop under a number is its heading only
    if something follows it: under an annex or division that holds nothing
    else ("Annex" / "The list."), it is the text."""
    text = draft.text if isinstance(draft, DivisionDraft) else draft.intro
    if draft.title and not draft.children and not text and ends_sentence(
            draft.title[-1].text) and not HEADING_MARKER.fullmatch(draft.title[0].text):
        text.extend(draft.title)
        draft.title.clear()
        report.warn(text[0].no, f"kept as the text of {draft.heading.num}, not its "
                                "heading: nothing follows it")


def resolve_numbers(children: list, report: Report) -> list[ArticleDraft]:
    """Decide each article's key in one container (the body or an annex) and
    return the articles kept; a key seen twice is reported, with its lines."""
    drafts = list(articles_in(children))
    keys: list[str] = []
    for i, draft in enumerate(drafts):
        draft.n = _key(draft, keys[-1] if keys else None,
                       drafts[i + 1].heading if i + 1 < len(drafts) else None)
        if draft.n == draft.heading.letter:
            report.warn(draft.line.no, f"{draft.heading.num}: read as the letter "
                                       f"{draft.n}, not a roman numeral (from the "
                                       "articles around it)")
        keys.append(draft.n)
    seen: dict[str, int] = {}
    kept = []
    for draft in drafts:
        if draft.n in seen:
            report.unplace(draft.line, f"Article {draft.n} appears twice (first on line "
                                       f"{seen[draft.n]}): it and the lines under it "
                                       "are not placed")
            if draft.above is not None:  # its heading, printed above its number
                report.unplace(draft.above, f"heading of the second Article {draft.n} "
                                            f"(line {draft.line.no}): not placed")
            for line in draft.body:
                report.unplace(line, f"under the second Article {draft.n} (line "
                                     f"{draft.line.no}): not placed")
            _remove(children, draft)
            continue
        seen[draft.n] = draft.line.no
        kept.append(draft)
    return kept


def _key(draft: ArticleDraft, before: str | None, after: ArticleHeading | None) -> str:
    """Roman numeral or letter: ``I`` after ``H`` (or before ``J``) is a letter."""
    heading = draft.heading
    if heading.letter is None:
        return heading.n
    letter = heading.letter
    if before is not None and before.isdigit() and heading.n.isdigit() and (
            int(before) + 1 == int(heading.n)):
        return heading.n
    if before is not None and _is_letter(before) and next_letter(before) == letter:
        return letter
    if after is not None and _is_letter(after.n) and after.letter is None and (
            next_letter(letter) == after.n):
        return letter
    return heading.n


def _is_letter(key: str) -> bool:
    return len(key) == 1 and key.isalpha()


def _remove(children: list, draft: ArticleDraft) -> None:
    for child in list(children):
        if child is draft:
            children.remove(child)
        elif isinstance(child, DivisionDraft):
            _remove(child.children, draft)
