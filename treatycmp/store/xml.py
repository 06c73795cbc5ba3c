"""Safe XML parsing and RELAX NG validation (the store's use of lxml).

Every XML file treatycmp reads goes through :func:`parse_xml`: no DTD, no
entities, no network, no huge trees; a DOCTYPE is refused before parsing.
Schemas ship in ``treatycmp/schema`` and are compiled once per process.
"""

from __future__ import annotations

import functools
import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..errors import DataError
from ..inputs import read_input

MAX_FILE_BYTES = 20_000_000  # a treaty text is far smaller; refuse anything huge
# Markup ("<") a file may hold: an upper bound on its elements, checked before
# parsing so that a file of millions of tiny elements never becomes a tree
# (a whole treaty of 400 articles holds about 5,000 elements).
MAX_MARKUP = 200_000
TREATY_SCHEMA = "treaty.rng"


def safe_parser() -> etree.XMLParser:
    # No DTD, no entity expansion, no network, no huge trees: treaty files are
    # plain XML, and anything else is refused before it can cost memory.
    return etree.XMLParser(resolve_entities=False, no_network=True,
                           load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=False)


def parse_xml(path: Path) -> etree._ElementTree:
    """Parse ``path`` safely; raise :class:`DataError` with file:line:col."""
    where = str(path)
    data = read_input(path, MAX_FILE_BYTES, "treaty file")
    markup = data.count(b"<")
    if markup > MAX_MARKUP:
        raise DataError(f"too many elements: {markup:,} tags where a treaty file has at "
                        f"most {MAX_MARKUP:,} (nothing was parsed)", where)
    doctype = data.find(b"<!DOCTYPE")
    if doctype >= 0:
        # Refused before parsing: no DTD, entity or entity bomb ever reaches libxml2.
        raise DataError("a DOCTYPE declaration is not allowed: treaty files use no "
                        "DTDs and no entities (write characters directly, in UTF-8)",
                        where, data.count(b"\n", 0, doctype) + 1)
    try:
        tree = etree.fromstring(data, safe_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        raise DataError(f"not well-formed XML: {_clean_syntax_message(exc.msg)}",
                        where, line, column) from None
    if tree.docinfo.internalDTD is not None:  # a DOCTYPE the byte scan missed (UTF-16)
        raise DataError("a DOCTYPE declaration is not allowed", where, 1)
    return tree


def _clean_syntax_message(message: str) -> str:
    # libxml2 appends ", line N, column M" which we already report in front.
    head, sep, _ = message.rpartition(", line ")
    return head if sep else message


SCHEMA_FOLDER = Path(__file__).resolve().parent.parent / "schema"  # package data (setup.cfg)


def _schema_document(name: str) -> etree._Element:
    # A plain path, not importlib.resources (3 ms to import for one file):
    # pip installs the package, and its schema files, as plain files.
    return etree.fromstring((SCHEMA_FOLDER / name).read_bytes(), safe_parser())


@lru_cache(maxsize=None)
def _schema(name: str) -> etree.RelaxNG:
    # Compiled once per process and shared: schemas never change at run time.
    return etree.RelaxNG(_schema_document(name))


@lru_cache(maxsize=None)
def _vocabulary(name: str) -> frozenset[str]:
    """Every element name the schema defines."""
    return frozenset(el.get("name") for el in _schema_document(name).iter("{*}element"))


def schema_errors(tree: etree._ElementTree, where: str,
                  name: str = TREATY_SCHEMA) -> list[DataError]:
    """Problems of ``tree`` against the named schema (empty when valid),
    including control characters no treaty file may hold (:func:`character_errors`)."""
    # Unknown elements first: libxml2 reports them only indirectly.
    known = _vocabulary(name)
    unknown = [DataError(f"unknown element <{el.tag}>: the schema has no such element "
                         "(see docs/schema.md)", where, el.sourceline)
               for el in tree.iter() if isinstance(el.tag, str) and el.tag not in known]
    if unknown:
        return unknown
    if name == TREATY_SCHEMA:  # libxml2 reports a bad intro at the heading before it
        from .intros import intro_errors
        bad_intros = intro_errors(tree, where)
        if bad_intros:
            return bad_intros
    schema = _schema(name)
    if schema.validate(tree):
        # Valid XML the schema admits, but characters no treaty file may hold.
        return character_errors(tree.getroot(), where)
    entries = list(schema.error_log)
    # "element <x> failed to validate content" repeats, for every enclosing
    # element, a problem already named more precisely: kept only when alone.
    precise = [e for e in entries if not e.message.endswith("failed to validate content")]
    return [DataError(f"schema: {_explain(entry.message)}", where,
                      entry.line or None, entry.column or None)
            for entry in (precise or entries)]


def _explain(message: str) -> str:
    """Make libxml2's RELAX NG messages read a little more plainly.

    >>> _explain("Expecting an element num, got nothing")
    'missing element <num>, got nothing'
    >>> _explain("Expecting an element , got nothing")
    'missing element, got nothing'
    >>> _explain("Error validating datatype string")
    'empty text or attribute value: it needs at least one character'
    """
    if message == "Error validating datatype string":  # the schema's only string facet
        return "empty text or attribute value: it needs at least one character"
    if message.startswith("Did not expect element ") and message.endswith(" there"):
        name = message[len("Did not expect element "):-len(" there")]
        return (f"unexpected element <{name}> there: an element before it is missing or "
                "out of order (docs/schema.md gives the order)")
    replacements = (
        ("Did not expect element ", "unexpected element <"),
        ("Expecting an element ", "missing element <"),
        ("Element ", "element <"),
        ("Invalid attribute ", "unknown or invalid attribute "),
    )
    for old, new in replacements:
        if message.startswith(old):
            rest = message[len(old):]
            name, _, tail = rest.partition(" ")
            if new.endswith("<") and name.strip(","):
                comma = "," if name.endswith(",") else ""
                return f"{new}{name.rstrip(',')}>{comma}{(' ' + tail) if tail else ''}"
            if new.endswith("<"):  # libxml2 names no element
                return f"{new[:-2]}{name}{(' ' + tail) if tail else ''}"
            return new + rest
    return message


# ------------------------------------------------------------- validation


# ------------------------------------------------------------ corpus walks

def corpus_entries(folder: Path, root: Path, pattern: str = "*",
                   folders: bool = False) -> tuple[list[Path], list[DataError]]:
    """The entries of ``folder`` matching ``pattern`` that a corpus walk may
    visit (sub-folders if ``folders``, else everything else), sorted, and a
    problem for each symbolic link that leads outside ``root``.

    A walk looks only where it is told, never deeper: it follows a symbolic
    link only when its target lies inside the corpus, so a link to ``/`` or
    to a file elsewhere is reported, not read. Hidden entries are skipped
    when looking for folders (``.git``).
    """
    try:
        base = root.resolve()
        entries = sorted(folder.glob(pattern))
    except OSError as exc:
        return [], [DataError(f"cannot list folder: {exc.strerror}", str(folder))]
    found, problems = [], []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
            target = entry.resolve() if entry.is_symlink() else None
        except (OSError, RuntimeError):  # a loop of links, or an unreadable entry
            problems.append(DataError("cannot follow this entry (a loop of links, or "
                                      "not readable)", str(entry)))
            continue
        if is_folder != folders or (folders and entry.name.startswith(".")):
            continue
        if target is not None and not target.is_relative_to(base):
            problems.append(DataError(f"a symbolic link to {target}, outside the corpus: "
                                      "not followed", str(entry)))
            continue
        found.append(entry)
    return found, problems


# ------------------------------------------------------- storable characters

@functools.lru_cache(maxsize=1)
def _not_xml() -> re.Pattern:
    """What XML 1.0 cannot hold at all (Char production): most C0 controls,
    lone surrogates, U+FFFE and U+FFFF. Compiled on first use (3 ms: the
    astral range), which only importing and writing need."""
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def first_unstorable(text: str) -> tuple[int, int, str] | None:
    """(line, column, character) of the first character XML cannot hold,
    or ``None``; lines and columns count from 1.

    >>> first_unstorable("fine\\nbad \\ufffe here")
    (2, 5, '\\ufffe')
    >>> first_unstorable("all fine") is None
    True
    """
    match = _not_xml().search(text)
    if match is None:
        return None
    start = match.start()
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("\n", 0, start) + 1, start - line_start + 1, match.group()


# Characters no printed wording holds, which could forge or scramble what a
# terminal or a page shows: C1 controls (U+009B is an 8-bit ESC [), line and
# paragraph separators, bidi embeddings, overrides and isolates.
_INVISIBLE_CONTROL = re.compile("[\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# In an attribute, a line break or tab can only come from a character reference
# (&#10;): a value is one line.
_ATTRIBUTE_CONTROL = re.compile("[\t\n\r\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


# Every text node and every attribute value of a tree, as plain strings,
# gathered by libxml2: a quick look before any walk in Python.
ALL_TEXTS = etree.XPath("//text()", smart_strings=False)
ALL_ATTRIBUTE_VALUES = etree.XPath("//@*", smart_strings=False)


def _may_hold_controls(root: etree._Element) -> bool:
    return bool(_INVISIBLE_CONTROL.search("".join(ALL_TEXTS(root)))
                or _ATTRIBUTE_CONTROL.search("".join(ALL_ATTRIBUTE_VALUES(root))))


def character_errors(root: etree._Element, where: str) -> list[DataError]:
    """Control characters in text or attribute values (one problem per element)."""
    if not _may_hold_controls(root):
        return []  # the usual case, found without visiting each element in Python
    errors = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            bad = _ATTRIBUTE_CONTROL.search(value)
            if bad:
                errors.append(DataError(
                    f"attribute {name} of <{el.tag}> holds {_describe(bad.group())}: an "
                    "attribute value is one line of visible text", where, el.sourceline))
                break
        for text in (el.text, el.tail):
            bad = _INVISIBLE_CONTROL.search(text or "")
            if bad:
                errors.append(DataError(
                    f"<{el.tag}> text holds {_describe(bad.group())}, which no printed "
                    "wording holds and which can disguise text: remove it",
                    where, el.sourceline))
                break
    return errors


def _describe(char: str) -> str:
    code = ord(char)
    if char in "\t\n\r":
        kind = "a line break or tab"
    elif code <= 0x9F:
        kind = "a C1 control character"
    elif code in (0x2028, 0x2029):
        kind = "a line or paragraph separator"
    else:
        kind = "a bidirectional control character"
    return f"{kind} (U+{code:04X})"


def refuse_link_out(path: Path, root: Path) -> None:
    """Raise :class:`DataError` if ``path`` exists but leads, through a
    symbolic link (of the file or a folder on the way), outside ``root``."""
    try:
        if not path.exists() or path.resolve().is_relative_to(root.resolve()):
            return
        target = path.resolve()
    except (OSError, RuntimeError):
        return  # reading it will say what is wrong
    raise DataError(f"a symbolic link to {target}, outside the corpus: not followed", str(path))


def folder_files(folder: Path, pattern: str = "*.xml") -> tuple[list[Path], list[DataError]]:
    """The files a folder given to validate or migrate stands for: its own
    and those of its immediate sub-folders (a corpus, a treaty folder), never
    deeper, following links only inside it; and the links that lead out."""
    files, problems = corpus_entries(folder, folder, pattern)
    subfolders, outside = corpus_entries(folder, folder, folders=True)
    problems += outside
    for sub in subfolders:
        found, outside = corpus_entries(sub, folder, pattern)
        files += found
        problems += outside
    return files, problems


def looks_like_corpus(root: Path, work_file: str = "treaty.xml") -> bool:
    """Whether ``root`` is a corpus or could start one: it holds a treaty
    folder (``ID/treaty.xml``), or nothing but hidden entries. A folder of
    other things (``/``, ``/proc``, a home folder) is not one."""
    try:
        entries = [e for e in root.iterdir() if not e.name.startswith(".")]
        return not entries or any((e / work_file).is_file() for e in entries)
    except OSError:
        return False
