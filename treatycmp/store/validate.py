"""Validation rules that RELAX NG cannot express, file by file.

:func:`check_tree` tells every problem of a parsed file. Walks in Python
over every element are most of its cost on a large corpus, so for a file
the schema admits it first takes quick looks (one serialisation by libxml2,
one walk doing the least per element) and runs only the walks that could
find something; the problems and their order are those of the full walks.

Layout rules (file and folder names match the ids) apply inside a treaty
folder; content rules (unique keys, known source ids, one-line text,
translations that name their translator, no placeholders outside a draft)
apply everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from lxml import etree

from .. import model as m
from ..errors import DataError
from .xml import (ALL_ATTRIBUTE_VALUES, ALL_TEXTS, TREATY_SCHEMA, _schema,
                  character_errors, parse_xml, schema_errors)

WORK_FILE = "treaty.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEMA_VERSION = "2"
TREATY_ROOTS = ("treaty", "text")

# What `treatycmp new` writes where a contributor has something to fill in: a
# text starting with PLACEHOLDER, and the signature date the schema requires.
PLACEHOLDER = "TO FILL IN"
PLACEHOLDER_DATE = "9999-12-31"


def early_errors(tree: etree._ElementTree, path: Path) -> list[DataError]:
    """Problems told more plainly than the schema would: a file of another
    schema version (with what to do about it), a malformed key."""
    root = tree.getroot()
    if root.tag not in TREATY_ROOTS:
        return []
    return _version_errors(root, path) or [
        DataError(f"<{el.tag} n={el.get('n')!r}>: a key is lower-case letters and digits, "
                  "with . or - between them (5, 21bis, 1.01, 1-01, a); the number as "
                  "printed goes in <num>", str(path), el.sourceline)
        for el in root.iter("article", "division", "annex")
        if el.get("n") is not None and not m.is_key(el.get("n"))]


def _version_errors(root: etree._Element, path: Path) -> list[DataError]:
    version = root.get("schemaVersion")
    if version == SCHEMA_VERSION or version is None:
        return []  # a missing version is reported by the schema
    if version == "1":
        return [DataError(f"schemaVersion 1 is no longer read: update the file with "
                          f"'treatycmp migrate {path}' (it rewrites only the version)",
                          str(path), root.sourceline)]
    return [DataError(f"schemaVersion {version!r} is not one this treatycmp reads "
                      f"(it reads {SCHEMA_VERSION})", str(path), root.sourceline)]


def semantic_errors(tree: etree._ElementTree, path: Path,
                    parse=parse_xml, serialized: bytes | None = None) -> list[DataError]:
    """Rules RELAX NG cannot express.

    Layout rules (file and folder names match the ids) and the placeholder
    rule (none left unless the treaty is marked ``status="draft"``) apply only
    inside a treaty folder, that is, beside a ``treaty.xml``: a file written
    elsewhere (``treatycmp import -o x.xml``) is work in progress.
    ``serialized`` is :func:`_serialized` of the root, when already made.
    """
    where, root = str(path), tree.getroot()
    errors: list[DataError] = []

    def err(message: str, el: etree._Element) -> None:
        errors.append(DataError(message, where, el.sourceline))

    in_folder = (path.parent / WORK_FILE).exists()
    if in_folder:
        _check_layout(root, path, err)
    suspects = _suspects(root)
    if root.tag == "text":
        _check_version(root, err, suspects)
    _check_text(root, err, suspects)
    _check_attribute_text(root, err)
    if in_folder:
        serialized = _serialized(root) if serialized is None else serialized
        if _may_hold_placeholder_text(serialized) and not _is_draft(root, path, parse):
            _check_placeholders(root, err)
    return errors


# The quick looks below decide only that a walk in Python over every element
# would find nothing; when they cannot tell, the walk runs and tells the
# problems in its own order. tests/test_scale.py checks, on random trees and
# on random corpora with random defects, that they change no result.

def _serialized(root: etree._Element) -> bytes:
    """The element as XML in UTF-8, written by libxml2 in one pass: every
    text, tail and attribute value of the tree is in it, character for
    character, except that a tab, line break or carriage return in an
    attribute value and a carriage return in a text are written as character
    references (``&#13;``)."""
    return etree.tostring(root, encoding="UTF-8")


def _may_hold_placeholder_text(serialized: bytes) -> bool:
    return PLACEHOLDER.encode() in serialized or PLACEHOLDER_DATE.encode() in serialized


# xml._INVISIBLE_CONTROL in UTF-8, each pattern starting with the one byte
# every character it finds starts with, which the regex engine looks for
# quickly: C1 controls (U+0080-U+009F), then line and paragraph separators,
# bidi embeddings and overrides (U+2028-U+202E) and isolates (U+2066-U+2069).
_CONTROLS_UTF8 = (re.compile(b"\xc2[\x80-\x9f]"),
                  re.compile(b"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])"))


def _may_hold_controls(serialized: bytes) -> bool:
    """Whether :func:`character_errors` could find anything: a character
    reference (a tab or line break in an attribute) or a control character,
    all of them outside ASCII."""
    return (b"#" in serialized and b"&#" in serialized) or (
        not serialized.isascii()
        and any(pattern.search(serialized) for pattern in _CONTROLS_UTF8))


def _is_draft(root: etree._Element, path: Path, parse=parse_xml) -> bool:
    """The treaty is marked status="draft" (in this file or the treaty.xml beside it)."""
    if root.tag == "treaty":
        return root.get("status") == "draft"
    work = path.parent / WORK_FILE
    if not work.is_file():
        return False
    try:
        return parse(work).getroot().get("status") == "draft"
    except DataError:
        return False  # reported when treaty.xml itself is checked


def draft_placeholders(folder: Path) -> list[DataError] | None:
    """For a treaty folder marked ``status="draft"``, every placeholder left in
    its files (empty when none is); ``None`` when it is not a draft."""
    work = folder / WORK_FILE
    try:
        if not work.is_file() or parse_xml(work).getroot().get("status") != "draft":
            return None
    except DataError:
        return None
    found: list[DataError] = []
    for path in sorted(folder.glob("*.xml")):
        try:
            root = parse_xml(path).getroot()
        except DataError:
            continue  # reported by validation
        _check_placeholders(root, lambda message, el, where=str(path): found.append(
            DataError(message, where, el.sourceline)))
    return found


def _may_hold_placeholder(root: etree._Element) -> bool:
    return any(PLACEHOLDER in values or PLACEHOLDER_DATE in values for values in (
        "\0".join(ALL_TEXTS(root)), "\0".join(ALL_ATTRIBUTE_VALUES(root))))


def _check_placeholders(root: etree._Element, err) -> None:
    if not _may_hold_placeholder(root):
        return  # the usual case, found without visiting each element in Python
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # comments explain placeholders; they are not values
        values = [el.text or "", *el.attrib.values()]
        if any(PLACEHOLDER in v or PLACEHOLDER_DATE in v for v in values):
            err(f"<{el.tag}> still holds a placeholder ({PLACEHOLDER} or "
                f"{PLACEHOLDER_DATE}): fill it in, or mark the treaty as a draft with "
                f"status=\"draft\" on <treaty> in {WORK_FILE}", el)


def _check_layout(root: etree._Element, path: Path, err) -> None:
    folder = path.parent.name
    if root.tag == "treaty":
        if path.name != WORK_FILE:
            err(f"a <treaty> element belongs in a file named {WORK_FILE}", root)
        if root.get("id") != folder:
            err(f"treaty id {root.get('id')!r} does not match its folder {folder!r}", root)
        return
    lang = root.get(XML_LANG)
    if root.get("treaty") != folder:
        err(f"treaty={root.get('treaty')!r} does not match its folder {folder!r}", root)
    if path.name != f"{lang}.xml":
        err(f"a text in language {lang!r} belongs in a file named {lang}.xml", root)


def _check_version(root: etree._Element, err,
                   suspects: frozenset[str] | None = None) -> None:
    suspects = _suspects(root) if suspects is None else suspects
    authority = root.get("authority")
    if authority == m.UNOFFICIAL_TRANSLATION and root.find("meta/translator") is None:
        err("an unofficial translation names its translator in <translator>", root)
    if authority != m.AUTHENTIC and not root.get("translationOf"):
        err("a translation says which text it translates in translationOf=\"LANG\"", root)
    if authority == m.AUTHENTIC and root.get("translationOf"):
        err("an authentic text is not a translation: remove translationOf", root)

    source_ids: set[str] = set()
    for source in root.iterfind("meta/sources/source"):
        if source.get("id") in source_ids:
            err(f"source id {source.get('id')!r} is used twice", source)
        source_ids.add(source.get("id"))
    for el in root.iter(*_CHECKED_TAGS) if CHECKED in suspects else ():
        for source_id in (el.get("checked") or "").split():
            if source_id not in source_ids:
                err(f"checked={source_id!r} names no <source> in <meta><sources> "
                    f"(known: {', '.join(sorted(source_ids))})", el)
    for body in (root.find("body"), *root.iterfind("annex")) if KEYS in suspects else ():
        if body is not None:
            _check_keys(body, err)
    annexes: dict[str, int] = {}
    for annex in root.iterfind("annex"):
        key = f"{annex.get('kind')}-{annex.get('n')}"
        if key in annexes:
            err(f"{key} is used twice (first on line {annexes[key]})", annex)
        else:
            annexes[key] = annex.sourceline
    if NUMBERS not in suspects:
        return  # the usual case
    for container in root.iter("article", "para", "point", "superseded"):
        numbers = [n for c in container.iterchildren("para", "point") if (n := c.get("n"))]
        if len(numbers) == len(set(numbers)):
            continue  # the usual case: no Counter needed
        for dup in sorted(n for n, times in Counter(numbers).items() if times > 1):
            err(f"number {dup} is used twice for paragraphs or points here", container)


def _check_keys(body: etree._Element, err) -> None:
    """Article keys are unique in a body or an annex (whatever divisions hold
    them); division numbers are unique among the divisions of one parent."""
    articles: dict[str, int] = {}
    for article in body.iter("article"):
        n = article.get("n")
        if n in articles:
            err(f"article number {n} is used twice (first on line {articles[n]})", article)
        else:
            articles[n] = article.sourceline
    for parent in (body, *body.iter("division")):
        divisions: dict[tuple[str, str], int] = {}
        for division in parent.iterchildren("division"):
            key = (division.get("kind"), division.get("n"))
            if key[1] is None:
                continue
            if key in divisions:
                err(f"{key[0]} number {key[1]} is used twice here (first on line "
                    f"{divisions[key]})", division)
            else:
                divisions[key] = division.sourceline


# What _suspects can name: the walks that could find something.
TEXT, CHECKED, KEYS, NUMBERS = "text", "checked", "keys", "numbers"
_CHECKED_TAGS = ("preamble", "article", "conclusions", "superseded", "annex", "intro")
# What _suspects looks at in an element, by tag: its number among its siblings
# (para, point), its key (article, division), whether it starts a scope of
# article keys (body, annex), its checked attribute (_CHECKED_TAGS).
_NUMBERED, _ARTICLE, _DIVISION, _SCOPE, _SOURCED = 1, 2, 3, 4, 5
_RULES = {"para": _NUMBERED, "point": _NUMBERED, "article": _ARTICLE, "division": _DIVISION,
          "body": _SCOPE, "annex": _SCOPE, "preamble": _SOURCED, "conclusions": _SOURCED,
          "superseded": _SOURCED, "intro": _SOURCED}


def _suspects(root: etree._Element) -> frozenset[str]:
    """The walks of :func:`_check_text` and :func:`_check_version` that could
    find something (:data:`TEXT`, :data:`CHECKED`, :data:`KEYS`,
    :data:`NUMBERS`), told by one walk that does the least Python per
    element: the texts that are not blank are searched for line breaks and
    tabs all at once, and each rule is looked at loosely (a number repeated
    anywhere among siblings, an article key repeated anywhere after the same
    <body> or <annex>), so that a walk may run for nothing but never fails to
    run when it would find something."""
    source_ids = {source.get("id") for source in root.iterfind("meta/sources/source")}
    found: set[str] = set()
    kept: list[str] = []
    # Keyed by (parent or scope, number): lxml hands out the same Python object
    # for an element as long as one is alive, and these sets keep them alive.
    numbers: set[tuple] = set()
    articles: set[tuple] = set()
    divisions: set[tuple] = set()
    scope = None  # the <body> or <annex> of the root that article keys are unique in
    rule_of = _RULES.get
    for el in root.iter(etree.Element):
        text = el.text
        if text is not None:
            stripped = text.strip()
            if stripped == text:
                kept.append(text)
                if ((not text[:1].isalnum() or text[:1] in _BLANKS) and not len(el)
                        and not _visible(text)):
                    found.add(TEXT)  # nothing a reader sees
            elif stripped or not len(el):
                found.add(TEXT)  # padded, or blank with no element around it
        rule = rule_of(el.tag)
        if rule is None:
            continue
        if rule == _NUMBERED:
            if n := el.get("n"):
                key = (el.getparent(), n)
                if key in numbers:
                    found.add(NUMBERS)
                numbers.add(key)
            continue
        if rule == _ARTICLE:
            key = (scope, el.get("n"))
            if key in articles:
                found.add(KEYS)
            articles.add(key)
        elif rule == _DIVISION:
            key = (el.getparent(), el.get("kind"), el.get("n"))
            if key[2] is not None and key in divisions:
                found.add(KEYS)
            divisions.add(key)
            continue
        elif rule == _SCOPE:
            if el.getparent() is root:
                scope = el
            if el.tag == "body":
                continue
        if not source_ids.issuperset((el.get("checked") or "").split()):
            found.add(CHECKED)
    texts = "\0".join(kept)
    if "\n" in texts or "\r" in texts or "\t" in texts:
        found.add(TEXT)
    return frozenset(found)


def _check_text(root: etree._Element, err, suspects: frozenset[str] | None = None) -> None:
    if TEXT not in (_suspects(root) if suspects is None else suspects):
        return  # the usual case
    for el in root.iter():
        if not isinstance(el.tag, str) or el.text is None:
            continue
        if len(el) and not el.text.strip():
            continue  # indentation between child elements
        text = el.text
        if "\n" in text or "\r" in text or "\t" in text:
            err(f"<{el.tag}> text contains a line break or tab: store the wording "
                "on one line, exactly as printed", el)
        elif text != text.strip():
            err(f"<{el.tag}> text starts or ends with a space: store the wording "
                "exactly, without padding", el)
        elif text and not len(el) and not _visible(text):
            names = ", ".join(sorted({f"U+{ord(c):04X}" for c in text}))
            err(f"<{el.tag}> text holds no visible character (only {names}): store the "
                "wording as printed", el)


# Attributes whose value is wording a reader sees (the place of signature, the
# instrument that amended a text): held to the rules of element text.
_WORDING_ATTRIBUTES = etree.XPath("//@place | //@by")


def _check_attribute_text(root: etree._Element, err) -> None:
    for value in _WORDING_ATTRIBUTES(root):
        el, name = value.getparent(), value.attrname
        if value != value.strip():
            err(f"attribute {name} of <{el.tag}> starts or ends with a space: store the "
                "wording exactly, without padding", el)
        elif value and not _visible(value):
            names = ", ".join(sorted({f"U+{ord(c):04X}" for c in value}))
            err(f"attribute {name} of <{el.tag}> holds no visible character (only {names}): "
                "store the wording as printed", el)


def _visible(text: str) -> bool:
    """Whether ``text`` holds a character a reader sees: a letter, digit,
    punctuation mark or symbol (not the blank ones: the Hangul fillers, the
    blank Braille pattern) or a private-use glyph. Spaces, control and format
    characters (a zero-width space, a soft hyphen, a joiner) and combining
    marks or variation selectors with no letter to sit on show nothing."""
    return any((unicodedata.category(c)[0] in "LNPS" and c not in _BLANKS)
               or unicodedata.category(c) == "Co" for c in text)


_BLANKS = frozenset("\u115f\u1160\u2800\u3164\uffa0")  # letters and symbols that show nothing


def check_file(path: Path, parse=parse_xml) -> list[DataError]:
    """Every problem in one treaty file (empty when it is valid); ``parse``
    reads it and the ``treaty.xml`` beside it (a cache may stand in for
    :func:`parse_xml`)."""
    try:
        tree = parse(path)
    except DataError as exc:
        return [exc]
    return check_tree(tree, path, parse)


def check_tree(tree: etree._ElementTree, path: Path, parse=parse_xml) -> list[DataError]:
    """Every problem of a parsed treaty file, told as they always were: those
    of :func:`early_errors`, else those of :func:`schema_errors`, else those
    of :func:`semantic_errors`."""
    root, where = tree.getroot(), str(path)
    version = _version_errors(root, path) if root.tag in TREATY_ROOTS else []
    if version:
        return version
    if not _schema(TREATY_SCHEMA).validate(tree):
        return early_errors(tree, path) or schema_errors(tree, where)
    # The schema admits the file, so the walks for unknown elements and for
    # malformed keys would find nothing: it names every element it allows (no
    # wildcard) and checks keys with m.is_key's pattern (tests/test_scale.py).
    serialized = _serialized(root)
    errors = character_errors(root, where) if _may_hold_controls(serialized) else []
    return errors or semantic_errors(tree, path, parse, serialized)


def consistency_errors(work: m.Work, versions: list[m.TextVersion]) -> list[DataError]:
    """Problems between a work and its versions (authentic languages, translations)."""
    errors = []
    for version in versions:
        if version.is_authentic and version.lang not in work.authentic_languages:
            errors.append(DataError(
                f"versions: {version.lang!r} is marked authentic but treaty.xml lists "
                f"authentic languages {', '.join(work.authentic_languages)}",
                version.path, 1))
        if version.translation_of and version.translation_of not in {
                v.lang for v in versions}:
            errors.append(DataError(
                f"versions: translationOf={version.translation_of!r} but there is no "
                f"{version.translation_of}.xml beside it", version.path, 1))
    return errors
