"""Point labels: the number or letter of a point of a list, at the start of
a line ("(a) text", "(iv) text", "1. text"): structure, not wording.

:func:`label_spans` finds them in a token tuple; the word diff
(:mod:`treatycmp.diff`) makes each label one unit whose key is
:data:`LABEL_KEY`, so that any label matches any label and a list is aligned
point by point, and leaves labels out of the word counts (docs/figures.md,
"Words"). :func:`remember_labels` and :func:`known_labels` keep the labels of
the token tuples lately diffed, so that a diff rebuilt from the same tokens
(:mod:`treatycmp.moves`) does not look for them again.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from typing import Sequence

from .text import Token

_TEXT = itemgetter(Token._fields.index("t"))

# A point's label at the start of a line ("(a)", "(iv)", "1.", "a)", "(1)",
# "1.2."): structure, not wording (see label_spans). Its unit key is this one
# key, which no token has (a token holding U+0000 is that mark alone), so
# that any label matches any label and a list is aligned point by point.
LABEL_KEY = "\x00label"
_LABEL_OPENERS = {"(": ")", "[": "]", "\uff08": "\uff09", "\uff3b": "\uff3d"}  # ( [ （ ［
_LABEL_CLOSERS = frozenset(")]\uff09\uff3d")
# The word of a label: a number (up to three digits, maybe with a letter or
# two: "2bis", "12a"), one or two letters with up to two digits ("a", "aa",
# "z29", Arabic "أ", Chinese "一"), a Roman numeral, or a dotted number
# ("1.2"), followed by its mark. Before a full stop only a number, one letter or a Roman numeral
# ("1.", "a.", "IV."): "No." and "St." open sentences.
_LABEL_STOPS = frozenset(".\uff0e")  # . ．
_LABEL_PATTERNS = {
    "word": r"\d{1,3}[^\W\d_]{0,3}|[^\W\d_]{1,2}\d{0,2}|[ivxlcdm]{1,7}|\d{1,3}(?:\.\d{1,3})+",
    "before stop": r"\d{1,3}|[^\W\d_]|[ivxlcdm]{1,7}|\d{1,3}(?:\.\d{1,3})+",
    # A line that may start with a label: a fast test, in C, that spares
    # most texts the search of their tokens (see label_spans).
    "line": r"\n\s*(?:[(\[\uff08\uff3b]\w|\w{1,7}[.)\]\uff09\uff3d\uff0e])",
}


@lru_cache(maxsize=None)
def _label_pattern(name: str) -> re.Pattern:
    """Compiled on first use: a text without line breaks has no label, and a
    process comparing such texts never pays for these."""
    return re.compile(_LABEL_PATTERNS[name], re.IGNORECASE if name != "line" else 0)


def _label_end(tokens: tuple[Token, ...], k: int, hi: int) -> int:
    """The token index after the label that starts at ``tokens[k]`` (which
    starts a line), or ``k`` if none does; a label ends before ``hi`` and is
    followed by whitespace or the end of the text. Marks are read by their
    keys, so that a full-width ``（一）`` is a label as ``(一)`` is."""
    token = tokens[k]
    close = _LABEL_OPENERS.get(token.n)
    if close is not None:  # "(a)", "(iv)", "(1)", "[2]", "（一）"
        if not (k + 2 < hi and tokens[k + 2].n == close and tokens[k + 1].is_word
                and _label_pattern("word").fullmatch(tokens[k + 1].n)):
            return k
        end = k + 3
    elif token.is_word and _label_pattern("word").fullmatch(token.n):
        after = tokens[k + 1].n if k + 1 < hi else ""
        if not (after in _LABEL_CLOSERS  # "a)", "iv)", "1)"
                or after in _LABEL_STOPS  # "1."
                and _label_pattern("before stop").fullmatch(token.n)):
            return k
        end = k + 2
    else:
        return k
    return end if end == len(tokens) or tokens[end].t[:1].isspace() else k


def label_spans(tokens: tuple[Token, ...], lo: int = 0, hi: int | None = None,
                text: str | None = None) -> list[tuple[int, int]]:
    """The token ranges of the point labels in ``tokens[lo:hi]``.

    A label is structure, not wording: the number or letter of a point, in
    the forms :meth:`treatycmp.model.Paragraph.lines` writes ("(a) text",
    "(iv) text", "1. text", "a) text", "(1) text", "1.2. text"), at the start of
    a line after a single line break (the first line is the paragraph's own
    text, and a blank line starts another paragraph of a group: a paragraph
    counts the same alone or in a group), followed by a space. A number
    without its mark ("2.5 per cent") is wording, never a label. Labels are matched with
    each other whatever their letters (one unit key, :data:`LABEL_KEY`), so
    that a list is aligned point by point and an inserted point is shown
    whole; they are not counted as words (as a paragraph's own number is
    not part of its text), so that relettering a list adds no deleted or
    inserted words (docs/figures.md, "Words"). ``text``, if given, is the
    text of ``tokens[lo:hi]`` (it spares joining them).
    """
    hi = len(tokens) if hi is None else hi
    if lo >= hi:
        return []
    joined = "".join(map(_TEXT, tokens[lo:hi])) if text is None else text
    first = lo > 0 and tokens[lo - 1].t.count("\n") == 1
    if not (first or "\n" in joined and _label_pattern("line").search(joined)):
        return []  # (no line starts like a label: most texts)
    starts = [lo] if first else []
    at = joined.find("\n")
    if at >= 0:
        # Where each token ends in the joined text.
        ends = list(accumulate(map(len, map(_TEXT, tokens[lo:hi]))))
        while at >= 0:
            k = bisect_right(ends, at)  # the token that holds the line break
            if lo + k + 1 < hi and tokens[lo + k].t.count("\n") == 1:
                starts.append(lo + k + 1)
            at = joined.find("\n", ends[k])
    spans = []
    for k in starts:
        end = _label_end(tokens, k, hi)
        if end > k:
            spans.append((k, end))
    return spans


# The point labels of the token tuples diff_texts made lately, by id (each
# entry holds its tuple, so that the id is not reused while it is kept): a
# diff that treatycmp.moves rebuilds from the same tokens finds them here.
# A cache: results never depend on it.
_LABELS: dict[int, tuple[tuple[Token, ...], tuple[tuple[int, int], ...]]] = {}
_MAX_LABELS = 512


def remember_labels(tokens: tuple[Token, ...], spans: tuple[tuple[int, int], ...]) -> None:
    if len(_LABELS) >= _MAX_LABELS:
        _LABELS.clear()
    _LABELS[id(tokens)] = (tokens, spans)


def known_labels(tokens: tuple[Token, ...]) -> Sequence[tuple[int, int]]:
    known = _LABELS.get(id(tokens))
    if known is not None and known[0] is tokens:
        return known[1]
    return label_spans(tokens)
