"""Article keys, roman numerals and eIds: how the numbering of a treaty
becomes the names references and anchors use. Pure functions, no I/O.

- :func:`normalise_key`: the key of a printed number (``21 bis`` -> ``21bis``).
- :func:`is_key`: a well-formed key (``5``, ``21bis``, ``1.01``, ``1-01``, ``a``).
- :func:`roman_to_int`: the value of a roman numeral, or ``None``.
- :func:`article_eid`, :func:`division_eid`, :func:`annex_eid`: Akoma Ntoso
  style eIds (``art_5``, ``part_1__chp_2``, ``annex_2__art_3``).

Re-exported by :mod:`treatycmp.model`.
"""

from __future__ import annotations

import re

DIVISION_KINDS = ("part", "title", "chapter", "section", "subsection")
ANNEX_KINDS = ("annex", "protocol", "schedule", "appendix")
# Akoma Ntoso's eId abbreviations for the division kinds.
DIVISION_EID = {"part": "part", "title": "title", "chapter": "chp", "section": "sec",
                "subsection": "subsec"}

_KEY = re.compile(r"[0-9a-z]+(?:[.\-][0-9a-z]+)*")
_ROMAN = re.compile(r"(?=[ivxlcdm])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def normalise_key(number: str) -> str:
    """The key of a printed article number: lower case, no spaces.

    Keys are what references and eIds use. Roman numerals are *not* turned
    into arabic here, because a letter is a number too (Articles A to O of
    the Revised European Social Charter): a reader that knows a text is
    numbered in roman numerals calls :func:`roman_to_int`.

    >>> [normalise_key(x) for x in ("21 bis", "1.01", "1-01", "A", " 5 ")]
    ['21bis', '1.01', '1-01', 'a', '5']
    """
    return "".join(number.split()).lower()


def is_key(text: str) -> bool:
    """True for a well-formed key: ``5``, ``21bis``, ``1.01``, ``1-01``, ``a``."""
    return _KEY.fullmatch(text) is not None


def roman_to_int(text: str) -> int | None:
    """The value of a roman numeral (any case), or ``None``.

    >>> roman_to_int("XIV"), roman_to_int("iv"), roman_to_int("IIII"), roman_to_int("")
    (14, 4, None, None)
    """
    text = text.lower()
    if not text or not _ROMAN.fullmatch(text):
        return None
    values = [_ROMAN_VALUES[c] for c in text]
    return sum(-v if v < nxt else v for v, nxt in zip(values, values[1:] + [0]))


def article_eid(n: str, container: str | None = None) -> str:
    """``art_5``; ``annex_2__art_3`` inside an annex (its eId given as ``container``).

    Divisions are not part of an article's eId: articles keep their anchors
    when a text is divided differently.
    """
    return f"{container}__art_{n}" if container else f"art_{n}"


def division_eid(kind: str, n_or_position: str | int, parent: str | None = None) -> str:
    """``part_5``, ``part_5__chp_2``, ``annex_1__sec_3``: the division's own
    abbreviation and key after its parent's eId (the parent division's, or the
    annex's; none in the main body). A division without a number takes its
    position among the divisions of the same kind in its parent (1, 2...).

    >>> division_eid("chapter", "2", "part_1"), division_eid("section", 1)
    ('part_1__chp_2', 'sec_1')
    """
    own = f"{DIVISION_EID[kind]}_{n_or_position}"
    return f"{parent}__{own}" if parent else own


def annex_eid(kind: str, n: str) -> str:
    """``annex_2``, ``protocol_1``, ``schedule_a``."""
    return f"{kind}_{n}"
