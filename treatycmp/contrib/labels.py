"""Recognising the printed labels of a treaty in plain text.

Pure functions over single lines (already stripped of surrounding white
space); :mod:`treatycmp.contrib.plaintext` uses them to find the structure of a text.

- :func:`parse_article_heading`: ``Article 5``, ``ARTICLE V``, ``Art. 1er``,
  ``Article premier``, ``Article II.``, ``Article 5 - Heading``,
  ``ARTÍCULO 1-01``, ``Article 1.01: Heading``, ``Article A``, ``Artigo 2.º``,
  ``Статья 4.``, ``المادة الثانية``, ``第五条``... as ``(n, num, rest)``.
- :func:`parse_item_label`: paragraph and point numbers (``1.``, ``1)``,
  ``(1)``, ``(a)``, ``a)``, ``(i)``, bullets).
- :func:`number_key`: the normalised key of a printed number (``"XIV"`` ->
  ``"14"``, ``"21 bis"`` -> ``"21bis"``, ``"B"`` -> ``"b"``, ``"TWO"`` -> ``"2"``).
- :func:`roman_value`: ``"XIV"`` -> 14; :func:`next_letter`.

Division, annex and closing-formula lines are read by
:mod:`treatycmp.contrib.headings`.

>>> parse_article_heading("Art. 1er")
ArticleHeading(n='1', num='Art. 1er', rest=None, letter=None)
>>> parse_article_heading("ARTICLE V - Collective defence")
ArticleHeading(n='5', num='ARTICLE V', rest='Collective defence', letter='v')
>>> parse_article_heading("ARTÍCULO 1-01: Establecimiento").n
'1-01'
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
_UNITS_EN = ("one two three four five six seven eight nine ten eleven twelve thirteen "
             "fourteen fifteen sixteen seventeen eighteen nineteen").split()
_TENS_EN = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_CARDINALS_ES = ("uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece "
                 "catorce quince dieciséis diecisiete dieciocho diecinueve veinte "
                 "veintiuno veintidós veintitrés veinticuatro veinticinco veintiséis "
                 "veintisiete veintiocho veintinueve treinta").split()
# Ordinals printed as the number of an article or a division, masculine and
# feminine (es, pt, it, fr, en, de, nl): "Article premier", "ARTÍCULO PRIMERO",
# "PRIMERA PARTE", "ERSTER TEIL", "TITRE PREMIER".
_ORDINALS = [
    "premier première first primero primera primer primeiro primeira primo prima "
    "erster erste erstes eerste unique único unica única unico sole",
    "second seconde deuxième segundo segunda secondo seconda zweiter zweite tweede",
    "third troisième tercero tercera terceiro terceira terzo terza dritter dritte derde",
    "fourth quatrième cuarto cuarta quarto quarta vierter vierte vierde",
    "fifth cinquième quinto quinta fünfter fünfte vijfde",
    "sixth sixième sexto sexta sesto sesta sechster sechste zesde",
    "seventh septième séptimo séptima sétimo sétima settimo settima siebter siebte zevende",
    "eighth huitième octavo octava oitavo oitava ottavo ottava achter achte achtste",
    "ninth neuvième noveno novena nono nona neunter neunte negende",
    "tenth dixième décimo décima decimo decima zehnter zehnte tiende",
    "eleventh onzième undécimo undécima", "twelfth douzième duodécimo duodécima",
    "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth", "twentieth",
]
WORD_NUMBERS: dict[str, int] = {}
for _value, _words in enumerate(_ORDINALS, 1):
    WORD_NUMBERS.update((word, _value) for word in _words.split())
for _value, _word in enumerate(_UNITS_EN, 1):
    WORD_NUMBERS[_word] = _value
for _value, _word in enumerate(_CARDINALS_ES, 1):
    WORD_NUMBERS.setdefault(_word, _value)
for _t, _ten in enumerate(_TENS_EN, 2):
    WORD_NUMBERS[_ten] = _t * 10
    for _u, _unit in enumerate(_UNITS_EN[:9], 1):
        for _joint in ("-", " "):
            WORD_NUMBERS[f"{_ten}{_joint}{_unit}"] = _t * 10 + _u
# Longest first, so "twenty-two" is not read as "twenty".
NUMBER_WORDS = r"(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s") for w in sorted(
    WORD_NUMBERS, key=len, reverse=True)) + r")"
_BOUNDARY = r"(?=$|[\s.:\-–—,;(])"
SUFFIX = r"(?i:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)"
# A printed number: digits (with decimal or hyphenated parts: 1.01, 1-01,
# 300-A), a roman numeral, a single capital letter, or a number word.
NUMBER = (
    r"(?P<digits>\d+(?:[.\-–]\d+)*(?:-[A-Z])?)(?:\s?(?i:er\b)|\.?[º°˚]|o\b)?"
    r"(?P<suffix>\s?" + SUFFIX + r"|[A-Z](?![\w.]))?"
    r"|(?P<roman>[IVXLCDM]+)(?P<rpart>-[A-Z\d]+)?(?P<rsuffix>\s?" + SUFFIX + r")?"
    r"|(?P<letter>[A-Z])(?P<lsuffix>\s?" + SUFFIX + r")?"
    r"|(?P<word>(?i:" + NUMBER_WORDS + r"))")
_LATIN_HEADING = re.compile(_ARTICLE_WORD + r"\s*(?:" + NUMBER + r")" + _BOUNDARY)

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
    r"|(?P<arabic>" + "|".join(sorted(_ARABIC_ORDINALS, key=len, reverse=True)) + r"))"
    + _BOUNDARY)

# Chinese and Japanese 第五条 / 第5條, Korean 제5조.
_CJK_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_CJK_HEADING = re.compile(r"第\s*(?P<cjk>[0-9０-９〇零一二三四五六七八九十百]+)\s*[条條]"
                          r"|제\s*(?P<digits>\d+)\s*조")

_SEPARATOR = re.compile(r"\s*[-–—:]+\s+|\s*[-–—:]+$")


@dataclass(frozen=True)
class ArticleHeading:
    """An article heading line: ``n`` the normalised key (arabic digits for
    roman numerals and words, ``1.01``, ``1-01``, ``21bis``, ``a``), ``num``
    as printed, ``rest`` the words after the number (a heading or the first
    text) or None. ``letter``: the key if a one-letter number that is also a
    roman numeral (``C``, ``I``, ``V``) is a letter; the sequence decides."""

    n: str
    num: str
    rest: str | None
    letter: str | None = None


def parse_article_heading(line: str) -> ArticleHeading | None:
    """The article number at the start of ``line``, or None if it is text.

    >>> parse_article_heading("Article premier").n
    '1'
    >>> heading = parse_article_heading("Article II. The Parties")
    >>> heading.n, heading.num, heading.rest
    ('2', 'Article II.', 'The Parties')
    >>> parse_article_heading("Article 6 bis").n, parse_article_heading("Article B").n
    ('6bis', 'b')
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
                heading = split_rest(line, match.end(), n, free=pattern is _CJK_HEADING)
                if heading is not None and match.groupdict().get("roman") and len(
                        match["roman"]) == 1 and not match["rpart"]:
                    suffix = (match["rsuffix"] or "").strip().lower()
                    heading = ArticleHeading(heading.n, heading.num, heading.rest,
                                             match["roman"].lower() + suffix)
                return heading
    return None


def number_key(match: re.Match) -> str | None:
    """The normalised key of the number matched by :data:`NUMBER` (None if
    the letters are not a roman numeral)."""
    groups = match.groupdict()
    digits = groups.get("digits") or groups.get("digits2")
    if digits:
        digits = digits.replace("–", "-")
        key = str(int(digits)) if digits.isdigit() else digits.lower()
        return key + _suffix(groups.get("suffix"))
    if groups.get("roman"):
        value = roman_value(groups["roman"])
        part = (groups.get("rpart") or "").lower()
        return None if value is None else f"{value}{part}{_suffix(groups['rsuffix'])}"
    if groups.get("letter"):
        return groups["letter"].lower() + _suffix(groups["lsuffix"])
    if groups.get("word"):
        return str(WORD_NUMBERS[" ".join(groups["word"].lower().split())])
    return None


def _suffix(text: str | None) -> str:
    """``" bis"`` -> ``"bis"``, ``"A"`` (of ``6A``) -> ``"a"``."""
    return (text or "").strip().lower()


def _article_number(match: re.Match) -> str | None:
    groups = match.groupdict()
    if groups.get("arabic"):
        return str(_ARABIC_ORDINALS[groups["arabic"]])
    if groups.get("cjk"):
        value = _cjk_value(groups["cjk"])
        return None if value is None else str(value)
    return number_key(match)


def split_rest(line: str, end: int, n: str, free: bool = False) -> ArticleHeading | None:
    """Split what follows the number; None if the line reads as a reference.

    ``free``: any words may follow (scripts without capitals: 第一条（目的）).
    """
    tail, num = line[end:], line[:end]
    if tail.startswith(".") and not tail.startswith(".."):  # "Article II." keeps its stop
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
    if rest.startswith("(") and rest[1:2].isupper() and rest.endswith(")"):
        return ArticleHeading(n, num, rest)  # "Articolo 1 (Oggetto)"
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
    r"|(?P<b>\d{1,3}|[a-z]|[ivxlc]{2,6}|[A-Z])\)\.?"  # a), a). (older copies)
    r"|(?P<d>\d{1,3}|[a-z])\."
    r"|(?P<o>\d{1,3})[°º˚][.)]?)(?=\s|$|(?<=\))\S)")  # 1°, 2°., 3º) (fr, it, es, pt)
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
    >>> parse_item_label("2°. d'avoir un signe distinctif").form
    'x°'
    >>> parse_item_label("a)La defensa de la democracia;").text
    'La defensa de la democracia;'
    """
    bullet = _BULLET.match(line)
    if bullet:
        return ItemLabel(None, None, "bullet", bullet["bullet"], line[bullet.end():])
    match = _ITEM.match(line)
    if not match:
        return None
    if match.end() < len(line) and not line[match.end()].isspace() and not (
            line[match.end()].isupper()):
        return None  # "a)La defensa" (a copy that lost the space) is a label; "b)c" not
    core = match["p"] or match["b"] or match["d"] or match["o"]
    form = "(x)" if match["p"] else "x)" if match["b"] else "x°" if match["o"] else "x."
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
