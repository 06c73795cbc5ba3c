"""When a line continues the one above it: the joining rules of the importer.

Pure functions over stripped lines, used by :mod:`treatycmp.contrib.outline`
(paragraphs and points) and :mod:`treatycmp.contrib.plaintext` (preamble,
conclusions, annex text). Every join is reported by the caller with
:func:`join_warning`.

>>> continues("The objectives of this", "Agreement, as elaborated")
True
>>> continues("REFORZAR las leyes; y", "PROTEGER los derechos;")
False
"""

from __future__ import annotations

import re

from .headings import ends_sentence

LONG_LINE = 40  # characters: a shorter line not ending a sentence is a line of its own
CLOSERS = "\"'”’»)]"
# Words a sentence or heading does not end with (articles, prepositions,
# conjunctions in en, fr, es, pt, de, nl, it): a line ending with one is wrapped.
HANGING_WORDS = frozenset("""
    the a an of to in on at by for from with and or nor this that these those its their
    le la les un une des du de au aux et ou à en par pour sur dans ce cette ces
    el los las del al y o por para con su sus
    os as um uma do da dos das ao e em com pelo pela
    der die das den dem des ein eine einer und oder von zu mit im für auf
    het een van en of te voor met op bij aan
    il lo gli di del della dei delle e per con su nel nella
""".split())
_HAS_WORD = re.compile(r"\w")
_LIST_END = re.compile(r";\s+\w{1,4}$")  # "; and", "; y", "; et", "; und", "; или"


def join_warning(before: str) -> str:
    """The warning for a line joined to the line ``before`` it."""
    if before.endswith(("-", "\u00ad")):
        return ("joined to the line above, which ends with a hyphen, with a space: "
                "check whether the hyphen belongs to the word")
    return ("joined to the line above with a single space (a wrapped line): check the "
            "wording")


def has_words(text: str) -> bool:
    """False for lines of punctuation only (``* * *``, ``______``)."""
    return _HAS_WORD.search(text) is not None


def hangs(before: str) -> bool:
    """True if ``before`` ends with a word no sentence ends with ("... of
    the"): the next line continues it even after a blank line (a paragraph
    broken by a page or a copying accident). Not after a semicolon ("...;
    and"), which ends an item of a list."""
    words = before.rsplit(None, 2)
    if len(words) > 1 and words[-2].endswith(";"):
        return False  # "...; and" ends an item of a list: the next line is the last item
    return bool(words) and words[-1] in HANGING_WORDS


def continues(before: str, line: str, width: int | None = None) -> bool:
    """True if ``line`` reads as the continuation of the line ``before`` it.

    ``width``: the line width of a hard-wrapped text, if one was found; a
    line that fills it, or that the next line's first word would not have
    fitted on, was broken by the wrapping, whatever its last character.
    Otherwise a line that ends a sentence ends the paragraph (a
    full stop before a lower-case word is taken for an abbreviation); a line
    that does not continues if it ends with a word that cannot end a
    sentence or heading (:data:`HANGING_WORDS`: "of", "the", "de", "und"...),
    if the next starts in lower case or, unless it
    ends with a comma, if it is long (a short line is a line of its own: a
    signature, a heading, a recital).
    """
    if hangs(before):
        return True  # "The objectives of this" / "Agreement, as elaborated ..."
    full = len(before) >= (0.85 * width if width else LONG_LINE)
    if width and (full or len(before) + 1 + len(line.split(maxsplit=1)[0]) > width):
        return True
    if ends_sentence(before):
        return before.rstrip(CLOSERS).endswith(".") and line[0].islower()
    if line[0].islower():
        return True
    if _LIST_END.search(before):  # "...; and" / "PROTECT ...": the list's last item
        return False
    return full and not before.endswith(",")
