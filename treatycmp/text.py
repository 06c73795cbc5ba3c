"""Tokens for comparison: each carries the exact text and a comparison key.

As in CollateX, a token keeps its original text ``t`` (what is displayed, never
changed) and a normalised key ``n`` (what is matched). Joining the ``t`` of a
text's tokens gives the text back exactly, character for character.

What a token is, so that units match what a reader sees:

- a **word**: letters and digits with the combining marks and invisible
  format characters inside it (``हिन्दी``, Arabic with harakat, ``se\u0301curite\u0301``
  in decomposed form, a word with a soft hyphen are each one word);
- an **elided article or pronoun** with its apostrophe (``l’``, ``d’``,
  ``qu’``, ``jusqu’``, Italian ``dell’``): its own token, so that a change
  never cuts ``l’une`` in two, while ``aujourd’hui`` and ``Party’s`` stay one
  word each;
- a **Chinese or Japanese character** (Han, hiragana, katakana): texts written
  without spaces are compared character by character;
- a run of whitespace, or a single mark of punctuation.

The key (:func:`fold`) is always in Unicode NFC, without invisible characters
(soft hyphen, zero-width space, joiners, bidi marks), so that canonically
equivalent texts never differ; each :class:`Folding` option then folds more
(for matching only):

- ``case``: Unicode case folding (``Parties`` = ``parties``; ``İ`` = ``i``).
- ``accents``: combining marks removed after NFD decomposition
  (``sécurité`` = ``securite``; Arabic harakat fold away; ``œ`` stays ``œ``).
- ``quotes``: ’ ‘ ‚ ‛ ʼ ′ ´ ` and ' are one apostrophe; “ ” „ ‟ « » ″ and " are
  one double quote.
- ``whitespace``: every run of whitespace (spaces, no-break and narrow no-break
  spaces, tabs, newlines) is one space.

>>> [t.t for t in tokenize("l’emploi de la force,")]
['l’', 'emploi', ' ', 'de', ' ', 'la', ' ', 'force', ',']
>>> [t.n for t in tokenize("L’Alliance")] == [t.n for t in tokenize("l'alliance")]
True
>>> [t.t for t in tokenize("aujourd’hui 安全保障")]
['aujourd’hui', ' ', '安', '全', '保', '障']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

_APOSTROPHE_CHARS = "'’ʼ"  # the apostrophes that join or elide words
# Invisible characters that never make a difference: soft hyphen, zero-width
# space and joiners, bidi marks, word joiner and invisible operators, BOM.
_INVISIBLE_CHARS = ("\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
                    "\u2060\u2061\u2062\u2063\u2064\ufeff")
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
_WORD = rf"[\w{_INVISIBLE_CHARS}]"  # a character of a word
# (Possessive: the same tokens as greedy runs, found without backtracking.)
_TOKEN = re.compile(rf"{_WORD}++(?:[{_APOSTROPHE_CHARS}]{_WORD}++)*+|\s++|[^\w\s]")
# Elided forms (French, Catalan, Italian, Portuguese): the apostrophe stays with them.
_ELIDED_FORMS = (r"(?i:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu"
                 r"|dell|dall|nell|sull|all|coll|quell|quest|nessun|un|sant|tutt)")
_ELIDED = re.compile(_ELIDED_FORMS)
# _TOKEN with an elided form and its apostrophe as a token of its own: in a
# text without invisible characters nor ʼ, the tokens that _TOKEN, then
# _split_elision and _join_final_elisions give (tests/test_fast_paths.py).
# (The lookahead lets only words short enough and followed by an apostrophe
# try the list of forms.)
_TOKEN_ELIDING = re.compile(rf"(?=(?i:[acdjlmnpqstu])\w{{0,5}}+[{_APOSTROPHE_CHARS}])"
                            rf"{_ELIDED_FORMS}[{_APOSTROPHE_CHARS}]|{_TOKEN.pattern}")
_CJK = re.compile("([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                  "\U00020000-\U0003134f])")
_GLUE = frozenset(("Mn", "Mc", "Me", "Cf"))  # categories that belong to the word they touch
_MAX_SHARED = 200_000  # distinct pieces whose tokens are kept for reuse
_APOSTROPHES = dict.fromkeys(map(ord, "’‘‚‛ʼ′´`"), "'")
_DOUBLE_QUOTES = dict.fromkeys(map(ord, "“”„‟«»″"), '"')
_QUOTES = tuple((chr(code), new) for table in (_APOSTROPHES, _DOUBLE_QUOTES)
                for code, new in table.items())
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


@dataclass(frozen=True)
class Folding:
    """Which differences matching ignores. Display never changes."""

    case: bool = True
    accents: bool = False
    quotes: bool = True
    whitespace: bool = True

    def describe(self) -> str:
        """``case, quotes, whitespace`` or ``nothing``: for reports."""
        names = [name for name in ("case", "accents", "quotes", "whitespace")
                 if getattr(self, name)]
        return ", ".join(names) or "nothing"


EXACT = Folding(case=False, accents=False, quotes=False, whitespace=False)


class Token(NamedTuple):
    """A token: immutable, and light enough to make by the hundred thousand."""

    t: str  # the exact text
    n: str  # the comparison key
    is_word: bool  # a word (or a character of a text without spaces): what a reader counts
    opens: bool  # not whitespace nor invisible: opens a unit of the diff (treatycmp.diff)

    @property
    def is_space(self) -> bool:
        return self.t.isspace()


def _is_word(piece: str) -> bool:
    first = piece[:1]
    return first.isalnum() or first == "_" or (
        not first.isascii() and any(c.isalnum() for c in piece))


def fold(text: str, folding: Folding) -> str:
    """The comparison key of ``text`` under ``folding``."""
    if folding.whitespace and text.isspace():
        return " "
    # str.translate looks up every character: on a paragraph it costs ten
    # times more than finding the few characters to change (the same result).
    if not text.isascii():
        if _HAS_INVISIBLE.search(text):
            text = text.translate(_INVISIBLE)
        text = unicodedata.normalize("NFC", text)
    if folding.quotes:
        for old, new in _QUOTES:
            if old in text:
                text = text.replace(old, new)
    if folding.accents:
        text = "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c))
        text = unicodedata.normalize("NFC", text)
    if folding.case:
        # İ folds to i and a dot above: a reader of Turkish reads i.
        text = text.casefold().replace("i\u0307", "i")
    return text


def _split_elision(piece: str) -> list[str]:
    """``l’une`` is ``l’`` + ``une``; ``aujourd’hui`` stays whole."""
    out = []
    while True:
        cut = min((k for k in map(piece.find, _APOSTROPHE_CHARS) if k > 0), default=-1)
        if cut < 0 or not _ELIDED.fullmatch(piece[:cut].translate(_INVISIBLE)):
            break
        out.append(piece[:cut + 1])
        piece = piece[cut + 1:]
    out.append(piece)
    return out


def _join_final_elisions(pieces: list[str]) -> list[str]:
    """An elided form with nothing after its apostrophe (``dans l’`` at the end
    of a quoted phrase) is still one token, as it is inside a text."""
    out: list[str] = []
    for piece in pieces:
        if (piece in _APOSTROPHE_CHARS and out
                and _ELIDED.fullmatch(out[-1].translate(_INVISIBLE))):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _glue_marks(pieces: list[str]) -> list[str]:
    """Join combining marks and invisible format characters to the word they
    touch (``\\w`` leaves them out), and cut Han and kana into characters."""
    out: list[str] = []
    glued = False  # the last piece ends with glue that the next word joins
    for piece in pieces:
        glue = len(piece) == 1 and unicodedata.category(piece) in _GLUE
        if glue and out and not out[-1].isspace():
            out[-1] += piece
            glued = True
        elif out and glued and (glue or piece[:1].isalnum() or piece[:1] in _INVISIBLE_CHARS):
            out[-1] += piece
            glued = glue
        else:
            out.append(piece)
            glued = glue
    if any(_CJK.search(piece) for piece in out):
        out = [part for piece in out for part in (
            _CJK.split(piece) if not piece.isspace() else [piece]) if part]
    return out


def tokenize(text: str, folding: Folding = Folding()) -> tuple[Token, ...]:
    """Split ``text`` into tokens whose ``t`` values join back to ``text``."""
    # Elided forms are cut by the regex engine, unless an invisible character
    # may stand inside one (_split_elision looks through them) or an
    # apostrophe is also a letter (ʼ: \w, inside word runs).
    marked = "’" in text or "'" in text  # (an apostrophe but ʼ)
    eliding = marked and "ʼ" not in text and (text.isascii() or not _HAS_INVISIBLE.search(text))
    pieces = (_TOKEN_ELIDING if eliding else _TOKEN).findall(text)
    # Each pass below looks at the distinct pieces first: most texts need none
    # (and a text in ASCII needs no look at all).
    distinct = None
    if not text.isascii():
        distinct = set(pieces)
        if _CJK.search(text) or any(len(piece) == 1 and unicodedata.category(piece) in _GLUE
                                    for piece in distinct):
            if eliding:  # marks are glued before elided forms are cut: start again
                pieces, eliding = _TOKEN.findall(text), False
            pieces = _glue_marks(pieces)
            distinct = set(pieces)
    if not eliding and (marked or "ʼ" in text):
        if distinct is None:
            distinct = set(pieces)
        splits = {piece: parts for piece in distinct
                  if ("’" in piece or "'" in piece or "ʼ" in piece)
                  and len(parts := _split_elision(piece)) > 1}
        if splits:
            pieces = [part for piece in pieces for part in splits.get(piece, (piece,))]
            distinct = set(pieces)
        if not distinct.isdisjoint(_APOSTROPHE_CHARS):
            pieces = _join_final_elisions(pieces)
            distinct = set(pieces)
    # A text has few distinct pieces, and a corpus few more: each is folded
    # once per folding and its token shared (tokens are immutable).
    made = _tokens_made(folding)
    try:
        return tuple(map(made.__getitem__, pieces))  # every piece made before: the usual case
    except KeyError:
        pass
    if distinct is None:
        distinct = set(pieces)
    new = distinct.difference(made)
    if len(made) + len(new) > _MAX_SHARED:
        made.clear()
        new = distinct
    for piece in new:
        key = fold(piece, folding)
        made[piece] = Token(piece, key, _is_word(piece), bool(key) and not piece[0].isspace())
    return tuple(map(made.__getitem__, pieces))


@lru_cache(maxsize=8)
def _tokens_made(folding: Folding) -> dict[str, Token]:
    """The tokens already made under ``folding``, by text (a cache)."""
    return {}


def word_count(text: str, folding: Folding = Folding()) -> int:
    """How many words a reader counts in ``text``."""
    return sum(1 for tok in tokenize(text, folding) if tok.is_word)


def words(text: str, folding: Folding = Folding()) -> list[str]:
    """The comparison keys of the word tokens only."""
    return [tok.n for tok in tokenize(text, folding) if tok.is_word]
