"""Tokens for comparison: each carries the exact text and a comparison key.

As in CollateX, a token keeps its original text ``t`` (what is displayed, never
changed) and a normalised key ``n`` (what is matched). Joining the ``t`` of a
text's tokens gives the text back exactly, character for character.

Tokenisation splits a text into runs of word characters, runs of whitespace
and single punctuation marks. An apostrophe is its own token, so the French
elision ``l’emploi`` is ``l`` + ``’`` + ``emploi`` and matches ``l'emploi``
when quotes are folded. A word is never split.

What each :class:`Folding` option folds (for matching only):

- ``case``: Unicode case folding (``Parties`` = ``parties``).
- ``accents``: combining marks removed after NFD decomposition
  (``sécurité`` = ``securite``; ``œ`` stays ``œ``).
- ``quotes``: ’ ‘ ‚ ‛ ʼ ′ ´ ` and ' are one apostrophe; “ ” „ ‟ « » ″ and " are
  one double quote.
- ``whitespace``: every run of whitespace (spaces, no-break and narrow no-break
  spaces, tabs, newlines) is one space.

>>> [t.t for t in tokenize("l’emploi de la force,")]
['l', '’', 'emploi', ' ', 'de', ' ', 'la', ' ', 'force', ',']
>>> [t.n for t in tokenize("L’Alliance")] == [t.n for t in tokenize("l'alliance")]
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_APOSTROPHES = dict.fromkeys(map(ord, "’‘‚‛ʼ′´`"), "'")
_DOUBLE_QUOTES = dict.fromkeys(map(ord, "“”„‟«»″"), '"')


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

    @property
    def is_word(self) -> bool:
        return self.t[:1].isalnum() or self.t[:1] == "_"

    @property
    def is_space(self) -> bool:
        return self.t.isspace()


def fold(text: str, folding: Folding) -> str:
    """The comparison key of ``text`` under ``folding``."""
    if folding.whitespace and text.isspace():
        return " "
    if folding.quotes:
        text = text.translate(_APOSTROPHES).translate(_DOUBLE_QUOTES)
    if folding.accents:
        text = "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c))
        text = unicodedata.normalize("NFC", text)
    if folding.case:
        text = text.casefold()
    return text


def tokenize(text: str, folding: Folding = Folding()) -> tuple[Token, ...]:
    """Split ``text`` into tokens whose ``t`` values join back to ``text``."""
    pieces = _TOKEN.findall(text)
    # A text has few distinct pieces: fold each once, and share its token.
    made = {piece: Token(piece, fold(piece, folding)) for piece in set(pieces)}
    return tuple(map(made.__getitem__, pieces))


def word_count(text: str, folding: Folding = Folding()) -> int:
    """How many words a reader counts in ``text``."""
    return sum(1 for tok in tokenize(text, folding) if tok.is_word)


def words(text: str, folding: Folding = Folding()) -> list[str]:
    """The comparison keys of the word tokens only."""
    return [tok.n for tok in tokenize(text, folding) if tok.is_word]
