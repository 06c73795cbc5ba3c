"""Recognising the printed labels of a treaty in plain text.

Pure functions over single lines (already stripped of surrounding white
space); :mod:`treatycmp.contrib.plaintext` uses them to find the structure of a text.

- :func:`parse_article_heading`: ``Article 5``, ``ARTICLE V``, ``Art. 1er``,
  ``Article premier``, ``Article II.``, ``Article 5 - Heading``, ``Статья 4.``,
  ``المادة الثانية``, ``第五条``... as ``(n, num, rest)``.
- :func:`parse_item_label`: paragraph and point numbers (``1.``, ``1)``,
  ``(1)``, ``(a)``, ``a)``, ``(i)``, bullets).
- :func:`roman_value`: ``"XIV"`` -> 14; :func:`next_letter`.
- :func:`is_page_number`, :func:`is_division_heading`,
  :func:`is_preamble_heading`, :func:`is_final_clause_opener`,
  :func:`looks_like_heading`, :func:`ends_sentence`.

>>> parse_article_heading("Art. 1er")
ArticleHeading(n='1', num='Art. 1er', rest=None)
>>> parse_article_heading("ARTICLE V - Collective defence")
ArticleHeading(n='5', num='ARTICLE V', rest='Collective defence')
>>> parse_article_heading("Article 51 of the Charter") is None
True
>>> parse_item_label("(b) to assist each other.")
ItemLabel(num='(b)', value='b', kind='letter', form='(x)', text='to assist each other.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADING_MAX_WORDS = 12  # a line of this many words or more is text, not a heading

# Printed words for "article" (Latin and Cyrillic scripts). The first letter
# must not be lower case, so a wrapped line "article 5 of ..." stays text.
_ARTICLE_WORD = (r"(?i:article|art\.|art|artikel|art[ií]culo|artigo|articolo|artykuł"
                 r"|článek|статья|стаття|член)")
_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_WORD_NUMBERS = {
    "premier": 1, "première": 1, "unique": 1, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20,
}
_BOUNDARY = r"(?=$|[\s.:\-–—])"
_LATIN_HEADING = re.compile(
    _ARTICLE_WORD + r"\s*(?:"
    r"(?P<digits>\d+)(?:\s?(?:er|º|°|\.º))?(?P<suffix>\s?(?i:bis|ter|quater)|[A-Z])?"
    r"|(?P<roman>[IVXLCDM]+)(?P<rsuffix>\s?(?i:bis|ter|quater))?"
    r"|(?P<word>(?i:" + "|".join(_WORD_NUMBERS) + r"))"
    r")" + _BOUNDARY)

# Arabic: المادة followed by digits or a (feminine) ordinal word.
_ARABIC_UNITS = ("الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة",
                 "السابعة", "الثامنة", "التاسعة", "العاشرة")
_ARABIC_ORDINALS = {word: i for i, word in enumerate(_ARABIC_UNITS, 1)}
_ARABIC_ORDINALS["الاولى"] = 1
for _i, _unit in enumerate(_ARABIC_UNITS[:9], 11):
    for _ten in ("عشرة", "عشر"):
        _ARABIC_ORDINALS[f"{'الحادية' if _i == 11 else _unit} {_ten}"] = _i
_ARABIC_ORDINALS["العشرون"] = 20
_ARABIC_HEADING = re.compile(
    r"(?:ال)?ماد\u0651?ة\s*(?:\(\s*(?P<digits>\d+)\s*\)|(?P<digits2>\d+)"
    r"|(?P<word>" + "|".join(sorted(_ARABIC_ORDINALS, key=len, reverse=True)) + r"))"
    + _BOUNDARY)

# Chinese and Japanese 第五条 / 第5條, Korean 제5조.
_CJK_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_CJK_HEADING = re.compile(r"第\s*(?P<cjk>[0-9０-９〇零一二三四五六七八九十百]+)\s*[条條]"
                          r"|제\s*(?P<digits>\d+)\s*조")

_SEPARATOR = re.compile(r"\s*[-–—:]+\s+|\s*[-–—:]+$")


@dataclass(frozen=True)
class ArticleHeading:
    """An article heading line: ``n`` in arabic digits, ``num`` as printed,
    ``rest`` the words after the number (a heading or the first text) or None."""

    n: str
    num: str
    rest: str | None


def parse_article_heading(line: str) -> ArticleHeading | None:
    """The article number at the start of ``line``, or None if it is text.

    >>> parse_article_heading("Article premier")
    ArticleHeading(n='1', num='Article premier', rest=None)
    >>> parse_article_heading("Article II. The Parties")
    ArticleHeading(n='2', num='Article II.', rest='The Parties')
    >>> parse_article_heading("Article 6 bis")
    ArticleHeading(n='6bis', num='Article 6 bis', rest=None)
    >>> parse_article_heading("المادة الثانية").n
    '2'
    """
    if not line or line[0].islower():
        return None
    for pattern in (_LATIN_HEADING, _ARABIC_HEADING, _CJK_HEADING):
        match = pattern.match(line)
        if match:
            n = _article_number(match)
            if n is not None:
                return _split_rest(line, match.end(), n, free=pattern is _CJK_HEADING)
    return None


def _article_number(match: re.Match) -> str | None:
    groups = match.groupdict()
    digits = groups.get("digits") or groups.get("digits2")
    if digits:
        return f"{int(digits)}{(groups.get('suffix') or '').strip()}"
    if groups.get("roman"):
        value = roman_value(groups["roman"])
        return None if value is None else f"{value}{(groups['rsuffix'] or '').strip()}"
    if groups.get("word"):
        word = groups["word"]
        return str(_WORD_NUMBERS.get(word.lower()) or _ARABIC_ORDINALS[word])
    value = _cjk_value(groups["cjk"])
    return None if value is None else str(value)


def _split_rest(line: str, end: int, n: str, free: bool = False) -> ArticleHeading | None:
    """Split what follows the number; None if the line reads as a reference.

    ``free``: any words may follow (scripts without capitals: 第一条（目的）).
    """
    tail, num = line[end:], line[:end]
    if tail.startswith("."):  # "Article II." keeps its full stop in the label
        num, tail = line[:end + 1], tail[1:]
        if tail.strip():
            tail = " " + tail.lstrip()
    if not tail.strip():
        return ArticleHeading(n, num, None)
    separator = _SEPARATOR.match(tail)
    if separator:
        return ArticleHeading(n, num, tail[separator.end():].strip() or None)
    rest = tail.strip()
    if free or num.endswith(".") or rest[0].isupper():  # "Article 5 The Parties"
        return ArticleHeading(n, num, rest)
    return None  # "Article 5 of the Charter": a reference, not a heading


def roman_value(text: str) -> int | None:
    """The value of an upper- or lower-case roman numeral, or None.

    >>> roman_value("XIV"), roman_value("iv"), roman_value("IIII")
    (14, 4, None)
    """
    upper = text.upper()
    if not upper or not _ROMAN.fullmatch(upper):
        return None
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, char in enumerate(upper):
        value = values[char]
        total += -value if i + 1 < len(upper) and values[upper[i + 1]] > value else value
    return total


def _cjk_value(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if "百" in text:
        return None  # over 99 articles: not a form this reader knows
    if "十" in text:
        tens, _, units = text.partition("十")
        value = (_CJK_DIGITS.get(tens, -99) if tens else 1) * 10
        value += _CJK_DIGITS.get(units, -99) if units else 0
        return value if value > 0 else None
    return _CJK_DIGITS.get(text) if len(text) == 1 else None


# ------------------------------------------------------------ item labels

@dataclass(frozen=True)
class ItemLabel:
    """A paragraph or point number at the start of a line.

    ``num`` is the label as printed (None for a bullet), ``value`` what goes
    in ``n`` (``"1"``, ``"a"``, ``"ii"``), ``kind`` one of ``arabic``,
    ``letter``, ``roman``, ``upper``, ``upper-roman``, ``bullet``, and
    ``form`` the shape of the label (``"x."``, ``"(x)"``, ``"x)"``, or the
    bullet): two labels belong to the same list when kind and form agree.
    """

    num: str | None
    value: str | None
    kind: str
    form: str
    text: str

    @property
    def maybe_roman(self) -> bool:
        """A letter that is also a roman numeral (``(i)``, ``(v)``, ``(x)``)."""
        return self.kind == "letter" and roman_value(self.value) is not None


_ITEM = re.compile(
    r"(?P<num>\((?P<p>\d{1,3}|[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]|[IVXLC]{1,6})\)"
    r"|(?P<b>\d{1,3}|[a-z]|[ivxlc]{2,6}|[A-Z])\)"
    r"|(?P<d>\d{1,3}|[a-z])\.)(?=\s|$)")
_BULLET = re.compile(r"(?P<bullet>[•●▪◦·*\-–—])\s+(?=\S)")


def parse_item_label(line: str) -> ItemLabel | None:
    """The paragraph or point label that starts ``line``, or None.

    ``(i)``, ``(v)`` and ``(x)`` come back as letters; see
    :attr:`ItemLabel.maybe_roman` (the caller decides from the list around).

    >>> parse_item_label("1. The Parties undertake").form
    'x.'
    >>> parse_item_label("(ii) on the forces").kind
    'roman'
    >>> parse_item_label("1949. A year") is None
    True
    """
    bullet = _BULLET.match(line)
    if bullet:
        return ItemLabel(None, None, "bullet", bullet["bullet"], line[bullet.end():])
    match = _ITEM.match(line)
    if not match:
        return None
    core = match["p"] or match["b"] or match["d"]
    form = "(x)" if match["p"] else "x)" if match["b"] else "x."
    text = line[match.end():].strip()
    if core.isdigit():
        return ItemLabel(match["num"], str(int(core)), "arabic", form, text)
    if core.isupper():
        kind = "upper" if len(core) == 1 and core not in "IVX" else "upper-roman"
        if kind == "upper-roman" and roman_value(core) is None:
            return None
        return ItemLabel(match["num"], core, kind, form, text)
    if len(core) > 1 and not _is_double_letter(core):
        if roman_value(core) is None:
            return None
        return ItemLabel(match["num"], core, "roman", form, text)
    return ItemLabel(match["num"], core, "letter", form, text)


def _is_double_letter(core: str) -> bool:
    """``aa``, ``bb``: the letters after ``z`` in long lists (``ii``, ``xx`` are roman)."""
    return len(core) == 2 and core[0] == core[1] and core not in ("ii", "xx")


def next_letter(value: str) -> str:
    """The letter label after ``value`` (``h`` -> ``i``, ``z`` -> ``aa``).

    >>> next_letter("h"), next_letter("z"), next_letter("bb")
    ('i', 'aa', 'cc')
    """
    if value == "z":
        return "aa"
    if len(value) == 2 and value[0] == value[1]:
        return chr(ord(value[0]) + 1) * 2
    return chr(ord(value[-1]) + 1)


# --------------------------------------------------------- other lines

_PAGE_NUMBER = re.compile(
    r"[-–—]?\s*\d{1,4}\s*[-–—]?"
    r"|\[\d{1,4}\]"
    r"|(?i:page|p\.|seite|стр\.?)\s*\d{1,4}(?:\s*(?:of|/|de|sur|von|из)\s*\d{1,4})?"
    r"|\d{1,4}\s*/\s*\d{1,4}")
_DIVISION = re.compile(
    r"(?i:chapter|chapitre|part|partie|title|titre|section|cap[ií]tulo|t[ií]tulo|parte"
    r"|kapitel|teil|раздел|глава)"
    r"\s+(?:\d+|[IVXLC]+|(?i:premier|première|one|first))"
    + _BOUNDARY)
_PREAMBLE_WORDS = frozenset({"preamble", "préambule", "preámbulo", "preâmbulo",
                             "präambel", "преамбула"})
_FINAL_OPENERS = re.compile(
    r"(?i:in witness whereof|in faith whereof|done at|done in|signed at"
    r"|fait à|fait a |fait en|en foi de quoi|en témoignage de quoi"
    r"|hecho en|en fe de lo cual|feito em|em fé do que|geschehen zu|zu urkund dessen"
    r"|совершено в|в удостоверение чего)")
_SENTENCE_END = re.compile(r"[.;:!?…][\"'”’»)\]]*$")


def is_page_number(line: str) -> bool:
    """``3``, ``- 3 -``, ``Page 3``, ``Page 3 of 12``, ``3/12``, ``[3]``.

    >>> is_page_number("- 3 -"), is_page_number("Page 3 of 12"), is_page_number("3.")
    (True, True, False)
    """
    return _PAGE_NUMBER.fullmatch(line) is not None


def is_division_heading(line: str) -> bool:
    """``CHAPTER I``, ``Part II - Institutions``, ``Titre premier``: a division
    of the text above the articles, which the schema does not model.

    >>> is_division_heading("PART II - Institutions")
    True
    >>> is_division_heading("Part 1 of Annex II")
    False
    """
    match = _DIVISION.match(line)
    if match is None or line[0].islower() or len(line.split()) >= HEADING_MAX_WORDS:
        return False
    return _split_rest(line, match.end(), "0") is not None


def is_preamble_heading(line: str) -> bool:
    """The word ``Preamble`` printed as a heading (not part of the wording)."""
    return line.rstrip(".:").strip().lower() in _PREAMBLE_WORDS


def is_final_clause_opener(line: str) -> bool:
    """``In witness whereof``, ``Done at``, ``Fait à``, ``En foi de quoi``...:
    words that open the final clauses (capitalised, at the start of a line)."""
    return bool(line) and line[0].isupper() and _FINAL_OPENERS.match(line) is not None


def ends_sentence(text: str) -> bool:
    """True if ``text`` ends with ``. ; : ! ?`` (closing quotes may follow)."""
    return _SENTENCE_END.search(text) is not None


def looks_like_heading(text: str) -> bool:
    """Short, and not ending like a sentence or clause: ``Purpose``, ``Objet``."""
    return (0 < len(text.split()) < HEADING_MAX_WORDS and not ends_sentence(text)
            and not text.endswith(",") and not text[0].islower())
