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
- a **number**: digits with the decimal and grouping marks between them, or
  a date's slashes (``1,000,000``, ``2.5``, ``16.09.2023``, ``01/02/2003``,
  ``1 000 000`` grouped by no-break,
  narrow no-break or thin spaces, Arabic ``١٬٠٠٠``), in any script's digits;
  a mark after the last digit (``Article 5.``, ``5,`` in a list) is not part
  of it, nor is a plain space (``Article 1 000 men`` is ambiguous);
- a **Chinese or Japanese character** (Han, hiragana, katakana), and a
  **grapheme cluster** of Thai, Lao, Myanmar or Khmer (a letter with its
  vowel signs, tone marks and viramas; a Khmer coeng or Myanmar virama
  stacks the next consonant into it): texts written without spaces are
  compared character by character (Tibetan, whose syllables the tsheg ``་``
  separates, is compared by syllable);
- a run of whitespace, or a single mark of punctuation (``ʼ`` U+02BC, a
  letter to Unicode, is an apostrophe here, exactly like ``’``).

The key (:func:`fold`) is always in Unicode NFC, without invisible characters
(soft hyphen, zero-width space, joiners, bidi marks), so that canonically
equivalent texts never differ; each :class:`Folding` option then folds more
(for matching only):

- ``case``: Unicode case folding that never changes spelling
  (``Parties`` = ``parties``; ``İ`` = ``i``; ``ẞ`` = ``ß`` but ``Maßen`` ≠
  ``Massen``): the few characters whose full folding expands (``ß``, ``ŉ``,
  Greek iota subscript, ligatures) fold by simple case folding only. The
  Greek tonos folds with case, as words in capitals are printed without it
  (``ΜΕΡΗ`` = ``Μέρη``).
- ``accents``: combining marks removed after NFD decomposition
  (``sécurité`` = ``securite``; Arabic harakat fold away; ``œ`` stays ``œ``).
- ``quotes``: typographic variants of one mark: ’ ‘ ‚ ‛ ʼ ′ ´ ` and ' are one
  apostrophe; “ ” „ ‟ « » ″ and " are one double quote; the hyphen U+2010 and
  non-breaking hyphen U+2011 are ``-`` (as a no-break space is a space); the
  presentation ligatures ``ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ`` (and Armenian ``ﬓ``–``ﬗ``) are
  their letters; full-width forms (``第５条``, ``Ａ``) are their ASCII
  characters, and so are the digits of every script (Arabic-Indic ``٥١`` is
  ``51``); the Arabic tatweel (kashida, ``الدفـــاع``) is left out.
  Dashes (– —) and the minus sign are other marks.
- ``whitespace``: every run of whitespace (spaces, no-break and narrow no-break
  spaces, tabs, newlines) is one space, as is the space grouping a number's
  digits. Without it, a different space after a word marks only the space
  (see :func:`treatycmp.diff.diff_texts`).

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
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

_APOSTROPHE_CHARS = "'’ʼ"  # the apostrophes that join or elide words
# U+02BC ʼ is a letter to Unicode (and to ``\w``) but an apostrophe or closing
# quote where treaty texts use it: it is tokenised exactly like ’.
_MODIFIER_APOSTROPHE = "\u02bc"
# Invisible characters that never make a difference: soft hyphen, zero-width
# space and joiners, bidi marks, word joiner and invisible operators, BOM.
_INVISIBLE_CHARS = ("\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f"
                    "\u2060\u2061\u2062\u2063\u2064\ufeff")
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
_WORD = rf"[\w{_INVISIBLE_CHARS}]"  # a character of a word
# Inside a number, between digits: a decimal or grouping mark or a date's
# slash (``1,000,000``, ``2.5``, ``16.09.2023``, ``01/02/2003``, Arabic
# ``٢٫٥``), or a no-break, narrow no-break or thin space before a group of
# three digits (``1 000 000`` as printed in French or SI style). A plain space
# never joins: ``Article 1 000 men`` is ambiguous.
_NUMBER_JOIN = (r"(?<=\d)[.,/\u066b\u066c](?=\d)"
                r"|(?<=\d)[\u00a0\u202f\u2009](?=\d\d\d(?!\w))")
# Inside a word, between Latin letters: the Catalan middle dot (``col·lectiva``,
# ``intel·ligència``: one word), also as typed with a hyphenation point, a
# bullet or dot operator, or a full stop between two l of one case inside a
# word (``col.lectiva``; not the ``L.L`` of an abbreviation, nor
# ``will.Lastly``, a missing space); all fold to the middle dot under
# ``quotes``. (Greek's ano teleia, which NFC makes a middle dot, ends a
# clause: between Greek letters it is a mark, a missing space after it a
# spacing difference.)
_MIDDLE_DOTS = "\u00b7\u0387\u2027\u2219\u22c5"  # (U+0387: NFC makes it U+00B7)
_LATIN = "a-zA-Z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"  # Latin letters
# (A full stop between two l of one case, inside a word: col.lectiva, COL.LECTIVA.)
_GEMINATE = r"(?<=[^\W\d_]l)\.(?=l[^\W\d_])|(?<=[^\W\d_]L)\.(?=L[^\W\d_])"
_LETTER_JOIN = rf"(?<=[{_LATIN}])[{_MIDDLE_DOTS}](?=[{_LATIN}])|{_GEMINATE}"
# (The lookahead makes the usual case, a word followed by a space, fail at once.)
_JOIN = (rf"(?=[{_APOSTROPHE_CHARS}.,/\u066b\u066c\u00a0\u202f\u2009{_MIDDLE_DOTS}])"
         rf"(?:[{_APOSTROPHE_CHARS}]|{_NUMBER_JOIN}|{_LETTER_JOIN})")
# (Possessive: the same tokens as greedy runs, found without backtracking.)
_TOKEN = rf"{_WORD}++(?:(?:{_JOIN}){_WORD}++)*+|\s++|[^\w\s]"  # (see _pattern)
# An abbreviation of single letters each followed by a full stop (``U.S.``,
# ``e.g.``, ``U.S.S.R.``, ``l’O.N.U.``; the last stop may be missing; with a
# space after each stop, ``U. S.``) is one word: :func:`_join_abbreviations`,
# for the texts where a full stop stands before a letter, or a letter and its
# stop after a stop and a space.
_DOT_LETTER = re.compile(r"\.[^\W\d_]")
# Digits grouped in threes by plain spaces (``1 000 000``): one number, as
# with no-break spaces (:func:`join_spaced_numbers`).
_NUMBER_SPACES = "\u00a0\u202f\u2009"  # no-break, narrow no-break, thin: they group digits
_SPACED_DIGITS = re.compile(r" \d\d\d(?!\d)")  # (a space first: found at C speed)
_ODD_SPACED_DIGITS = re.compile(rf"[{_NUMBER_SPACES}]\d\d\d(?!\d)")  # (1 \u00a0000)
# The first group of a number grouped by spaces, and each next one (the last
# with its decimals); either may be groups already joined by no-break spaces.
_LEAD = re.compile(rf"\d{{1,3}}(?:[{_NUMBER_SPACES}]\d{{3}})*")
_GROUP = re.compile(rf"\d{{3}}(?:[{_NUMBER_SPACES}]\d{{3}})*(?:[.,\u066b]\d+)?")
_SPACED_INITIALS = re.compile(r"\.[^\S\n\r\u2028\u2029]+[^\W\d_][^\w\s.]*\.")  # (marks: \W)
_GEMINATE_DOT = re.compile(_GEMINATE)  # its key's middle dot (not will.Lastly)
# The same, for the few pieces holding ʼ: ʼ is not a word character there.
_WORD_NOT_MODIFIER = rf"(?:[^\W{_MODIFIER_APOSTROPHE}]|[{_INVISIBLE_CHARS}])"
_MODIFIER_SPLIT = (rf"{_WORD_NOT_MODIFIER}++(?:(?:{_JOIN}){_WORD_NOT_MODIFIER}++)*+"
                   r"|[\s\S]")
# Elided forms (French, Catalan, Italian, Portuguese): the apostrophe stays with them.
_ELIDED_FORMS = (r"(?i:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu"
                 r"|dell|dall|nell|sull|all|coll|quell|quest|nessun|un|sant|tutt)")
# _TOKEN with an elided form and its apostrophe as a token of its own: in a
# text without invisible characters nor ʼ, the tokens that _TOKEN, then
# _split_elision and _join_final_elisions give (tests/test_fast_paths.py).
# (The lookahead lets only words short enough and followed by an apostrophe
# try the list of forms.)
_TOKEN_ELIDING = re.compile(rf"(?=(?i:[acdjlmnpqstu])\w{{0,5}}+[{_APOSTROPHE_CHARS}])"
                            rf"{_ELIDED_FORMS}[{_APOSTROPHE_CHARS}]|{_TOKEN}")
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Thai, Lao, Myanmar and Khmer are written without spaces between words too:
# they are compared by grapheme cluster (a letter with the vowel signs, tone
# marks and viramas on it; Khmer coeng and Myanmar virama stack the next
# consonant into the same cluster). Their digits stay numbers.
_SEA_RANGES = ((0x0E00, 0x0E7F), (0x0E80, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF),
               (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))
_STACKERS = "\u17d2\u1039"  # Khmer coeng, Myanmar virama: the next consonant stacks


def char_bounds(ranges: str) -> tuple[str, ...]:
    """Ranges written as in a regex class (``"a-zA-Z"``: each ``first-last``)
    as the sorted bounds :func:`holds_any` looks up.

    >>> char_bounds("a-zA-Z")
    ('A', '[', 'a', '{')
    """
    if len(ranges) % 3 or set(ranges[1::3]) - {"-"} or any(
            ranges[k] > ranges[k + 2] for k in range(0, len(ranges), 3)):
        raise ValueError(f"not ranges written first-last: {ranges!r}")
    merged: list[list[int]] = []  # [first, last + 1], overlapping or touching ranges merged
    for first, stop in sorted((ord(ranges[k]), ord(ranges[k + 2]) + 1)
                              for k in range(0, len(ranges), 3)):
        if merged and first <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([first, stop])
    # (A range up to the last code point is open at the end.)
    return tuple(chr(bound) for span in merged for bound in span if bound <= 0x10FFFF)


def holds_any(text: str, bounds: tuple[str, ...]) -> bool:
    """Whether a character of ``text`` falls in the ranges of ``bounds``
    (:func:`char_bounds`; a bound list of odd length is open at the end).

    The same answer as a regex class of these ranges, without compiling one:
    a class of tens of thousands of characters (Han) takes the regex compiler
    milliseconds, paid by every process that looks, while a text has few
    distinct characters.

    >>> holds_any("Paix 和平", char_bounds("\u4e00-\u9fff")), holds_any("Paix", char_bounds("\u4e00-\u9fff"))
    (True, False)
    """
    if not text or max(text) < bounds[0]:
        return False
    return any(bisect_right(bounds, c) % 2 for c in set(text) if c >= bounds[0])


# Characters of scripts written without spaces: Han, kana, and the scripts of _SEA_RANGES.
_NO_SPACES = char_bounds(_CJK_CHARS + "".join(f"{chr(a)}-{chr(b)}" for a, b in _SEA_RANGES))
# A character that may be one of them: neither below Thai nor general
# punctuation (’ “ –). A class this small compiles at once, and finds at C
# speed that most texts need no closer look.
_MAY_BE_UNSPACED = re.compile("[^\x00-\u0dff\u2000-\u206f]")


def unspaced(text: str) -> bool:
    """Whether ``text`` holds a character of a script written without spaces."""
    return _MAY_BE_UNSPACED.search(text) is not None and holds_any(text, _NO_SPACES)


_GLUE = frozenset(("Mn", "Mc", "Me", "Cf"))  # categories that belong to the word they touch
_MAX_SHARED = 200_000  # distinct pieces whose tokens are kept for reuse
# Typographic variants of one mark, folded by ``quotes``: apostrophes, double
# quotes, the hyphen and non-breaking hyphen (U+2010, U+2011: ``-`` as a
# no-break space is a space), the Latin and Armenian presentation
# ligatures (``ﬁ`` is ``fi``), the forms of the Catalan middle dot, full-width
# forms and the tatweel (below).
_APOSTROPHES = dict.fromkeys(map(ord, "’‘‚‛ʼ′´`"), "'")
_DOUBLE_QUOTES = dict.fromkeys(map(ord, "“”„‟«»″"), '"')
_HYPHENS = dict.fromkeys(map(ord, "\u2010\u2011"), "-")
# The Catalan middle dot as typed otherwise (see _LETTER_JOIN), and the
# letter ŀ that holds it.
_MIDDLE_DOT_FORMS = {**dict.fromkeys(map(ord, "\u2027\u2219\u22c5"), "\u00b7"),
                     0x0140: "l\u00b7", 0x013F: "L\u00b7"}
_LIGATURES = {code: unicodedata.normalize("NFKC", chr(code))
              for code in (*range(0xFB00, 0xFB07), *range(0xFB13, 0xFB18))}
# Full-width forms of ASCII (``５``, ``Ａ``, ``（``: CJK typesetting) are their
# ASCII characters; the Arabic tatweel (kashida, U+0640) only stretches a line.
_WIDTHS = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_TATWEEL = {0x0640: ""}
_RECOMPOSE = frozenset(map(chr, (*_WIDTHS, *_TATWEEL)))  # a mark after them may now compose
_QUOTES = {chr(code): new for table in (_APOSTROPHES, _DOUBLE_QUOTES, _HYPHENS, _LIGATURES,
                                        _MIDDLE_DOT_FORMS, _WIDTHS, _TATWEEL)
           for code, new in table.items()}
# (Sets, not regex classes: found at C speed, with nothing to compile.)
_QUOTE_CHARS = frozenset(_QUOTES)
# A decimal digit of another script than ASCII (``\d`` is Unicode's Nd:
# Arabic-Indic ``٥١``, Devanagari ``५``...): folded by ``quotes`` to its ASCII
# digit, as full-width ``５`` is (printings of one treaty use either form).
_SCRIPT_DIGIT = re.compile(r"(?![0-9])\d")
_ODD_SPACE = re.compile(r"[^\S ]")  # whitespace but the plain space
# The characters whose full Unicode case folding changes spelling, not case
# (``ß`` -> ``ss``, ``ŉ`` -> ``ʼn``, ``ﬁ`` -> ``fi``, Greek iota subscript -> ``ι``):
# each folds by simple case folding only (``ẞ`` -> ``ß``, ``ᾼ`` -> ``ᾳ``; ``İ`` -> ``i``).
# tests/test_units.py checks that this is every such character of Python's Unicode.
FULL_FOLDING_CHARS = ("\xdf\u0130\u0149\u01f0\u0390\u03b0\u0587\u1e96\u1e97\u1e98\u1e99\u1e9a"
                      "\u1e9e\u1f50\u1f52\u1f54\u1f56\u1f80\u1f81\u1f82\u1f83\u1f84\u1f85\u1f86"
                      "\u1f87\u1f88\u1f89\u1f8a\u1f8b\u1f8c\u1f8d\u1f8e\u1f8f\u1f90\u1f91\u1f92"
                      "\u1f93\u1f94\u1f95\u1f96\u1f97\u1f98\u1f99\u1f9a\u1f9b\u1f9c\u1f9d\u1f9e"
                      "\u1f9f\u1fa0\u1fa1\u1fa2\u1fa3\u1fa4\u1fa5\u1fa6\u1fa7\u1fa8\u1fa9\u1faa"
                      "\u1fab\u1fac\u1fad\u1fae\u1faf\u1fb2\u1fb3\u1fb4\u1fb6\u1fb7\u1fbc\u1fc2"
                      "\u1fc3\u1fc4\u1fc6\u1fc7\u1fcc\u1fd2\u1fd3\u1fd6\u1fd7\u1fe2\u1fe3\u1fe4"
                      "\u1fe6\u1fe7\u1ff2\u1ff3\u1ff4\u1ff6\u1ff7\u1ffc\ufb00\ufb01\ufb02\ufb03"
                      "\ufb04\ufb05\ufb06\ufb13\ufb14\ufb15\ufb16\ufb17")
# Greek words in capitals are printed without the tonos (ΜΕΡΗ for Μέρη): it
# is part of the small letters' spelling, and folds with case (the dialytika,
# printed on capitals too, stays: ΐ is ϊ).
_GREEK_TONOS = str.maketrans("άέήίόύώΐΰ", "αεηιουωϊϋ")
_GREEK_TONOS_CHARS = frozenset("άέήίόύώΐΰ")
_SIMPLE_FOLD = {c: "i" if c == "İ" else c.lower() if len(c.lower()) == 1 else c
                for c in FULL_FOLDING_CHARS}


@lru_cache(maxsize=None)
def _pattern(name: str) -> re.Pattern:
    """The regular expressions only some texts need, compiled on first use
    (a process that compares English never pays for them)."""
    if name == "cluster":  # a Han or kana character, or a grapheme cluster
        sea = [chr(c) for a, b in _SEA_RANGES for c in range(a, b + 1)]
        letters = "".join(c for c in sea if unicodedata.category(c)[0] == "L"
                          and c not in "\u0e33\u0eb3")  # SARA AM, LAO AM: vowel signs
        marks = "".join(c for c in sea if unicodedata.category(c)[0] == "M"
                        or c in "\u0e33\u0eb3") + _INVISIBLE_CHARS
        return re.compile(f"([{_CJK_CHARS}]|[{letters}](?:[{_STACKERS}][{letters}]?|[{marks}])*)")
    if name == "full folding":
        return re.compile(f"([{FULL_FOLDING_CHARS}])")
    if name == "token":
        return re.compile(_TOKEN)
    if name == "elided":
        return re.compile(_ELIDED_FORMS)
    return re.compile(_MODIFIER_SPLIT)


class Folding(NamedTuple):
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
    if first.isascii():
        return first.isalnum() or first == "_"
    return (first.isalnum() and first != _MODIFIER_APOSTROPHE) or any(
        c.isalnum() and c != _MODIFIER_APOSTROPHE for c in piece)


def _casefold(text: str) -> str:
    """Unicode case folding that never changes spelling: ``ß`` stays ``ß``
    (``Maße`` is not ``Masse``), ``ẞ`` folds to ``ß``; ``İ`` folds to ``i``."""
    if text.isascii():
        return text.lower()
    folded = text.casefold()
    if len(folded) == len(text):  # no character expanded (none ever shrinks)
        return folded
    parts = _pattern("full folding").split(text)
    return "".join(_SIMPLE_FOLD[part] if k % 2 else part.casefold()
                   for k, part in enumerate(parts))


def ascii_digits(text: str) -> str:
    """``text`` with the decimal digits of every script as ASCII digits
    (``٥١`` -> ``51``): what ``quotes`` folds, and what shingles read.

    >>> ascii_digits("المادة ٥١ ، ५ , ５")
    'المادة 51 ، 5 , 5'
    """
    for digit in set(_SCRIPT_DIGIT.findall(text)):
        text = text.replace(digit, str(unicodedata.decimal(digit)))
    return text


def fold(text: str, folding: Folding) -> str:
    """The comparison key of ``text`` under ``folding``."""
    if folding.whitespace and text.isspace():
        return " "
    # str.translate looks up every character: on a paragraph it costs ten
    # times more than finding the few characters to change (the same result).
    plain = text.isascii()
    if not plain:
        if _holds_invisible(text):
            text = text.translate(_INVISIBLE)
        text = unicodedata.normalize("NFC", text)
        if folding.whitespace and text[:1].isdigit() and _ODD_SPACE.search(text):
            text = _ODD_SPACE.sub(" ", text)  # the no-break space grouping a number's digits
    if folding.quotes:
        if plain:
            if "`" in text:
                text = text.replace("`", "'")
        else:
            found = _QUOTE_CHARS.intersection(text)
            for old in found:
                text = text.replace(old, _QUOTES[old])
            text = ascii_digits(text)
            if not found.isdisjoint(_RECOMPOSE):
                # ``ｅ`` + U+0301 is ``e`` + U+0301 now: NFC makes it ``é`` again.
                text = unicodedata.normalize("NFC", text)
    if folding.accents:
        text = "".join(c for c in unicodedata.normalize("NFD", text)
                       if not unicodedata.combining(c))
        text = unicodedata.normalize("NFC", text)
    if folding.case:
        # İ folds to i (and i with a dot above to i): a reader of Turkish reads i.
        text = _casefold(text)
        if not plain:
            text = text.replace("i\u0307", "i")
            if not unicodedata.is_normalized("NFC", text):
                # A capital with a combining mark that has no precomposed capital
                # (Η + perispomeni, J + caron) folds to a small letter that has one.
                text = unicodedata.normalize("NFC", text)
            if not _GREEK_TONOS_CHARS.isdisjoint(text):
                text = text.translate(_GREEK_TONOS)
    return text


def _split_elision(piece: str) -> list[str]:
    """``l’une`` is ``l’`` + ``une``; ``aujourd’hui`` stays whole."""
    out = []
    while True:
        cut = min((k for k in map(piece.find, _APOSTROPHE_CHARS) if k > 0), default=-1)
        if cut < 0 or not _pattern("elided").fullmatch(piece[:cut].translate(_INVISIBLE)):
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
                and _pattern("elided").fullmatch(out[-1].translate(_INVISIBLE))):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _glue_marks(pieces: list[str]) -> list[str]:
    """Join combining marks and invisible format characters to the word they
    touch (``\\w`` leaves them out), and cut Han and kana into characters and
    Thai, Lao, Myanmar and Khmer into grapheme clusters."""
    # The parts of each piece, joined at the end: a text without spaces (Thai)
    # glues thousands of parts into one piece, and += on it would copy it each time.
    parts: list[list[str]] = []
    glued = False  # the last piece ends with glue that the next word joins
    for piece in pieces:
        glue = len(piece) == 1 and unicodedata.category(piece) in _GLUE
        if glue and parts and not parts[-1][0].isspace():  # (spaces are never joined)
            parts[-1].append(piece)
            glued = True
        elif parts and glued and (glue or piece[:1] in _INVISIBLE_CHARS or (
                piece[:1].isalnum() and piece[:1] != _MODIFIER_APOSTROPHE)):
            parts[-1].append(piece)
            glued = glue
        else:
            parts.append([piece])
            glued = glue
    out = [piece[0] if len(piece) == 1 else "".join(piece) for piece in parts]
    if unspaced("".join(out)):
        out = [part for piece in out for part in (
            _pattern("cluster").split(piece) if not piece.isspace() else [piece]) if part]
    return out


def _holds_invisible(text: str) -> bool:
    """Whether ``text`` holds an invisible character (a substring search
    each: faster than a set looking at every character)."""
    return any(char in text for char in _INVISIBLE_CHARS)


_GLUES: dict[str, bool] = {}  # characters seen: of a category in _GLUE or not (a cache)


# Every character of a category in _GLUE is here: the soft hyphen, and all
# from U+0300 on but the general punctuation that is no format character
# (dashes, quotes, ellipsis: most texts in a Latin script have only these).
_MAY_GLUE_CHAR = re.compile("[\xad\u0300-\u200f\u2028-\u202f\u2060-\U0010ffff]")


def _may_glue(text: str) -> bool:
    """Whether a character of ``text`` is of a category in :data:`_GLUE`
    (each distinct character's category looked up once per process)."""
    if _MAY_GLUE_CHAR.search(text) is None:
        return False
    try:
        return any(map(_GLUES.__getitem__, set(text)))
    except KeyError:
        if len(_GLUES) > _MAX_SHARED:
            _GLUES.clear()
        for char in set(text).difference(_GLUES):
            _GLUES[char] = unicodedata.category(char) in _GLUE
        return any(map(_GLUES.__getitem__, set(text)))


def tokenize(text: str, folding: Folding = Folding()) -> tuple[Token, ...]:
    """Split ``text`` into tokens whose ``t`` values join back to ``text``."""
    # Elided forms are cut by the regex engine, unless an invisible character
    # may stand inside one (_split_elision looks through them) or an
    # apostrophe is also a letter (ʼ: \w, inside word runs).
    marked = "’" in text or "'" in text  # (an apostrophe but ʼ)
    eliding = marked and "ʼ" not in text and (text.isascii() or not _holds_invisible(text))
    pieces = (_TOKEN_ELIDING if eliding else _pattern("token")).findall(text)
    if _MODIFIER_APOSTROPHE in text:
        pieces = [part for piece in pieces for part in (
            _pattern("modifier").findall(piece) if _MODIFIER_APOSTROPHE in piece else (piece,))]
    # Each pass below looks at the distinct pieces first: most texts need none
    # (and a text in ASCII needs no look at all).
    distinct = None
    # (A mark to glue is a piece of one character: a character of the text.)
    if not text.isascii() and (unspaced(text) or (_may_glue(text) and any(
            len(piece) == 1 and unicodedata.category(piece) in _GLUE for piece in set(pieces)))):
        if eliding:  # marks are glued before elided forms are cut: start again
            pieces, eliding = _pattern("token").findall(text), False
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
    if "." in text and (_DOT_LETTER.search(text) or _SPACED_INITIALS.search(text)):
        joined = _join_abbreviations(pieces)
        if joined is not pieces:
            pieces, distinct = joined, None
    if _SPACED_DIGITS.search(text) or (not text.isascii() and _ODD_SPACED_DIGITS.search(text)):
        joined = join_spaced_numbers(pieces)
        if joined is not pieces:
            pieces, distinct = joined, None
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
        if folding.quotes and "." in piece and piece[:1].isalpha():
            key = _dotted_key(piece, key)
        if folding.whitespace and not piece.isalnum() and piece[:1].isalnum():
            if piece[:1].isalpha():
                key = "".join(key.split())  # spaced initials: U. S. is U.S.
            elif " " in key:
                key = " ".join(key.split())  # a number grouped by any spaces: 1  000 is 1 000
        made[piece] = Token(piece, key, _is_word(piece), bool(key) and not piece[0].isspace())
    return tuple(map(made.__getitem__, pieces))


def _join_abbreviations(pieces: list[str]) -> list[str]:
    """``pieces`` with each abbreviation joined into one: single letters each
    followed by a full stop, at least two (the last stop may be missing), and
    no word character right after (``U.S.``, ``e.g.``, ``l’`` + ``O.N.U.``);
    or initials each followed by spaces within the line (not a line break),
    every one with its stop (``U. S.``, ``J. F.``; the two forms do not mix:
    ``U.S. U.K.`` is two words); ``pieces`` itself when there is none."""
    out: list[str] = []
    k, n, found = 0, len(pieces), False
    while k < n:
        end = k  # the abbreviation is pieces[k:end]
        spaced = None  # whether its initials are written with spaces between
        kept = k  # where the spaced initials read so far end (before a space)
        while end + 1 < n and _letter(pieces[end]) and pieces[end + 1] == ".":
            end += 2
            if (end + 2 < n and _inline_space(pieces[end]) and _letter(pieces[end + 1])
                    and pieces[end + 2] == "."):
                if spaced is False:
                    break
                spaced, kept = True, end
                end += 1  # (a space, then the next initial)
            elif end < n and _letter(pieces[end]):
                if spaced:
                    end = kept  # (U. S. e.g.: U. S., then e.g. on its own)
                    break
                spaced = False
        if not spaced and end - k >= 2 and end < n and _letter(pieces[end]):
            end += 1  # a last letter without its stop (U.S)
        after = pieces[end][:1] if end < n else ""
        if end - k >= 3 and not (after.isalnum() or after == "_"):
            out.append("".join(pieces[k:end]))
            k, found = end, True
        else:  # (a run starting later in this one fails the same way, or mixes forms: linear)
            end = max(end, k + 1)
            out.extend(pieces[k:end])
            k = end
    return out if found else pieces


def _inline_space(piece: str) -> bool:
    """Whether ``piece`` is spaces of any kind within a line (none of the line
    breaks str.splitlines knows)."""
    return piece.isspace() and len((piece + ".").splitlines()) == 1


def _grouping_space(piece: str) -> bool:
    """Whether ``piece`` is spaces that may group a number's digits: plain,
    no-break, narrow no-break or thin spaces (the ones tokenize looks for)."""
    return piece != "" and not piece.strip(" " + _NUMBER_SPACES)


def join_spaced_numbers(pieces: list[str]) -> list[str]:
    """``pieces`` with each number grouped by plain spaces joined into one, as
    a number grouped by no-break spaces is one (``1 000 000``): a group of one
    to three digits that no number ends just before, then groups of exactly
    three, each after plain or no-break spaces (one, as a rule), the last
    perhaps with decimals (``1 000,5``);
    ``pieces`` itself when there is none."""
    out: list[str] = []
    k, n, found = 0, len(pieces), False
    while k < n:
        piece = pieces[k]
        end = k + 1
        if (_LEAD.fullmatch(piece)
                and not (k and pieces[k - 1][-1:].isdecimal())
                and not (k > 1 and _grouping_space(pieces[k - 1])
                         and pieces[k - 2][-1:].isdecimal())):
            while (end + 1 < n and _grouping_space(pieces[end])
                   and _GROUP.fullmatch(pieces[end + 1])):
                end += 2
                if any(c in ".,\u066b" for c in pieces[end - 1]):
                    break  # (a decimal part ends the number: 1 000,5)
        if end > k + 1:
            out.append("".join(pieces[k:end]))
            found = True
        else:
            out.append(piece)
        k = end
    return out if found else pieces


def _letter(piece: str) -> bool:
    """Whether ``piece`` is one letter (with the combining marks on it: an
    initial in NFD, ``E\u0301``)."""
    return piece[:1].isalpha() and (len(piece) == 1 or all(
        unicodedata.combining(c) for c in piece[1:]))


def _dotted_key(piece: str, key: str) -> str:
    """The key of a word holding a full stop, under ``quotes``: an
    abbreviation's stops are all there (``U.S`` is ``u.s.``), and a full stop
    between two l is the Catalan middle dot (``col.lectiva`` is
    ``col·lectiva``)."""
    parts = [part.strip() for part in piece.split(".")]  # (spaced initials: U. S.)
    if sum(map(bool, parts)) >= 2 and all(not part or _letter(part) for part in parts):
        return key if key.endswith(".") else key + "."
    return _GEMINATE_DOT.sub("\u00b7", key)


@lru_cache(maxsize=8)
def _tokens_made(folding: Folding) -> dict[str, Token]:
    """The tokens already made under ``folding``, by text (a cache)."""
    return {}


_SHOWN_SPACES = {" ": "␣", "\n": "⏎", "\t": "⇥"}


def spell_spaces(text: str) -> str:
    r"""A run of whitespace as a reader can see it: ``␣`` a space, ``⏎`` a
    line break, ``⇥`` a tab, any other by its code (``<U+00A0>``).

    >>> spell_spaces("\u00a0 \n")
    '<U+00A0>␣⏎'
    """
    return "".join(_SHOWN_SPACES.get(c) or f"<U+{ord(c):04X}>" for c in text)


def word_count(text: str, folding: Folding = Folding()) -> int:
    """How many words a reader counts in ``text``."""
    return sum(1 for tok in tokenize(text, folding) if tok.is_word)


def words(text: str, folding: Folding = Folding()) -> list[str]:
    """The comparison keys of the word tokens only."""
    return [tok.n for tok in tokenize(text, folding) if tok.is_word]
