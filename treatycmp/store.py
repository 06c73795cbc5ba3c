"""Reading treaty files: safe parsing, RELAX NG validation, the corpus.

The only module that uses lxml. A corpus is a folder with one sub-folder per
treaty::

    treaties/
      nato-1949/treaty.xml   the work (<treaty>)
      nato-1949/en.xml       a language version (<text xml:lang="en">)
      nato-1949/fr.xml
      alignments/            curated alignments (not treaties)

Public names:

- :func:`load_corpus`: every treaty that loads, and every problem found.
- :func:`load_treaty`: one treaty by identifier (raises on any problem).
- :func:`check_files`: all problems in the given files or folders.
- :func:`parse_xml`: safe parsing shared with other XML readers.
- :func:`default_corpus_root`: where the shipped corpus lives.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from . import model as m
from .errors import DataError, LookupFailed
from .refs import is_treaty_id

WORK_FILE = "treaty.xml"
RESERVED_FOLDERS = frozenset({"alignments"})
CORPUS_ENV = "TREATYCMP_CORPUS"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_FILE_BYTES = 20_000_000  # a treaty text is far smaller; refuse anything huge


# ----------------------------------------------------------------- parsing

def _parser() -> etree.XMLParser:
    # No DTD, no entity expansion, no network, no huge trees: treaty files are
    # plain XML, and anything else is refused before it can cost memory.
    return etree.XMLParser(resolve_entities=False, no_network=True,
                           load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=False)


def parse_xml(path: Path) -> etree._ElementTree:
    """Parse ``path`` safely; raise :class:`DataError` with file:line:col."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(f"file is {size} bytes; a treaty file must be under "
                            f"{MAX_FILE_BYTES} bytes", where)
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read file: {exc.strerror}", where) from None
    doctype = data.find(b"<!DOCTYPE")
    if doctype >= 0:
        # Refused before parsing: no DTD, entity or entity bomb ever reaches libxml2.
        raise DataError("a DOCTYPE declaration is not allowed: treaty files use no "
                        "DTDs and no entities (write characters directly, in UTF-8)",
                        where, data.count(b"\n", 0, doctype) + 1)
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
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


@lru_cache(maxsize=None)
def _schema() -> etree.RelaxNG:
    # Loaded once per process and shared: the schema never changes at run time.
    ref = resources.files("treatycmp") / "schema" / "treaty.rng"
    with resources.as_file(ref) as path:
        return etree.RelaxNG(etree.parse(str(path), _parser()))


@lru_cache(maxsize=None)
def _vocabulary() -> frozenset[str]:
    """Every element name the schema defines."""
    ref = resources.files("treatycmp") / "schema" / "treaty.rng"
    rng = etree.fromstring(ref.read_bytes(), _parser())
    return frozenset(el.get("name") for el in rng.iter("{*}element"))


def _schema_errors(tree: etree._ElementTree, where: str) -> list[DataError]:
    # Unknown elements first: libxml2 reports them only indirectly.
    known = _vocabulary()
    unknown = [DataError(f"unknown element <{el.tag}>: the schema has no such element "
                         "(see docs/schema.md)", where, el.sourceline)
               for el in tree.iter() if isinstance(el.tag, str) and el.tag not in known]
    if unknown:
        return unknown
    schema = _schema()
    if schema.validate(tree):
        return []
    return [DataError(f"schema: {_explain(entry.message)}", where,
                      entry.line or None, entry.column or None)
            for entry in schema.error_log]


def _explain(message: str) -> str:
    """Make libxml2's RELAX NG messages read a little more plainly."""
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
            if new.endswith("<"):
                return f"{new}{name}>{(' ' + tail) if tail else ''}"
            return new + rest
    return message


# ------------------------------------------------------------- validation

def _text(el: etree._Element | None) -> str | None:
    return None if el is None else (el.text or "")


def _semantic_errors(tree: etree._ElementTree, path: Path) -> list[DataError]:
    """Rules RELAX NG cannot express.

    Layout rules (file and folder names match the ids) apply only inside a
    treaty folder, that is, beside a ``treaty.xml``.
    """
    where, root = str(path), tree.getroot()
    errors: list[DataError] = []

    def err(message: str, el: etree._Element) -> None:
        errors.append(DataError(message, where, el.sourceline))

    if (path.parent / WORK_FILE).exists():
        _check_layout(root, path, err)
    if root.tag == "text":
        _check_version(root, err)
    _check_text(root, err)
    return errors


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


def _check_version(root: etree._Element, err) -> None:
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
    for el in root.iter("preamble", "article", "conclusions", "superseded"):
        for source_id in (el.get("checked") or "").split():
            if source_id not in source_ids:
                err(f"checked={source_id!r} names no <source> in <meta><sources> "
                    f"(known: {', '.join(sorted(source_ids))})", el)
    seen: dict[str, int] = {}
    for article in root.iterfind("body/article"):
        n = article.get("n")
        if n in seen:
            err(f"article number {n} is used twice (first on line {seen[n]})", article)
        else:
            seen[n] = article.sourceline
    for container in root.iter("article", "para", "point", "superseded"):
        numbers = [c.get("n") for c in container if c.tag in ("para", "point") and c.get("n")]
        for dup in sorted({n for n in numbers if numbers.count(n) > 1}):
            err(f"number {dup} is used twice for paragraphs or points here", container)


def _check_text(root: etree._Element, err) -> None:
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


def check_file(path: Path) -> list[DataError]:
    """Every problem in one treaty file (empty when it is valid)."""
    try:
        tree = parse_xml(path)
    except DataError as exc:
        return [exc]
    return _schema_errors(tree, str(path)) or _semantic_errors(tree, path)


def check_files(paths: list[Path]) -> tuple[int, list[DataError]]:
    """Check files and folders (recursively): (number of files, problems)."""
    files: list[Path] = []
    problems: list[DataError] = []
    for path in paths:
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*.xml"))
                     if p.parent.name not in RESERVED_FOLDERS]
            files.extend(found)
            problems.extend(
                DataError(f"treaty folder has no {WORK_FILE}", str(folder))
                for folder in sorted({p.parent for p in found})
                if folder != path and not (folder / WORK_FILE).exists())
        else:
            files.append(path)
    for file in files:
        if not file.exists():
            problems.append(DataError("no such file", str(file)))
        else:
            problems.extend(check_file(file))
    for folder in sorted({f.parent for f in files if f.exists()}):
        if (folder / WORK_FILE).exists():
            problems.extend(_cross_file_errors(folder))
    return len(files), problems


# ------------------------------------------------------------------ loading

def load_corpus(root: Path) -> m.Corpus:
    """Load every treaty under ``root``; broken ones become ``problems``."""
    if not root.is_dir():
        raise DataError("corpus folder does not exist", str(root))
    treaties, problems = [], []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        if folder.name in RESERVED_FOLDERS or folder.name.startswith("."):
            continue
        if not is_treaty_id(folder.name):
            problems.append(DataError("folder name is not a valid treaty id "
                                      "(lower-case letters, digits, hyphens)", str(folder)))
            continue
        try:
            treaty, version_problems = _load_folder(folder)
        except DataError as exc:
            problems.append(exc)
            continue
        treaties.append(treaty)
        problems.extend(version_problems)
    return m.Corpus(str(root), tuple(treaties), tuple(problems))


def load_treaty(root: Path, treaty_id: str) -> m.Treaty:
    """Load one treaty; raise :class:`LookupFailed` or :class:`DataError`."""
    if not is_treaty_id(treaty_id):
        raise LookupFailed(f"{treaty_id!r} is not a treaty id (lower-case letters, "
                           "digits and hyphens, for example nato-1949)")
    folder = root / treaty_id
    if not (folder / WORK_FILE).is_file():
        known = sorted(p.name for p in root.iterdir()
                       if (p / WORK_FILE).is_file()) if root.is_dir() else []
        raise LookupFailed(f"no treaty {treaty_id!r} in {root} "
                           f"(available: {', '.join(known) or 'none'})")
    treaty, problems = _load_folder(folder)
    if problems:
        raise problems[0]
    return treaty


def _load_folder(folder: Path) -> tuple[m.Treaty, list[DataError]]:
    work_path = folder / WORK_FILE
    if not work_path.is_file():
        raise DataError(f"treaty folder has no {WORK_FILE}", str(folder))
    work_tree = _valid_tree(work_path)
    if work_tree.getroot().tag != "treaty":
        raise DataError(f"{WORK_FILE} must hold a <treaty> element", str(work_path), 1)
    work = _read_work(work_tree.getroot(), work_path)
    versions, problems = [], []
    for path in sorted(folder.glob("*.xml")):
        if path.name == WORK_FILE:
            continue
        try:
            tree = _valid_tree(path)
            if tree.getroot().tag != "text":
                raise DataError("a language file must hold a <text> element", str(path), 1)
            versions.append(_read_version(tree.getroot(), path))
        except DataError as exc:
            problems.append(exc)
    if not versions:
        raise problems[0] if problems else DataError(
            "treaty folder has no language version (such as en.xml)", str(folder))
    problems.extend(_consistency_errors(work, versions))
    return m.Treaty(work, tuple(versions)), problems


def _valid_tree(path: Path) -> etree._ElementTree:
    tree = parse_xml(path)
    errors = _schema_errors(tree, str(path)) or _semantic_errors(tree, path)
    if errors:
        raise errors[0]
    return tree


def _cross_file_errors(folder: Path) -> list[DataError]:
    try:
        _, problems = _load_folder(folder)
    except DataError:
        return []  # already reported file by file
    return [p for p in problems if p.message.startswith("versions:")]


def _consistency_errors(work: m.Work, versions: list[m.TextVersion]) -> list[DataError]:
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


# ----------------------------------------------------- element -> model

def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _read_work(root: etree._Element, path: Path) -> m.Work:
    signed = root.find("signed")
    force = root.find("entryIntoForce")
    status = root.find("status")
    none = root.find("citations/none")
    return m.Work(
        id=root.get("id"),
        signed_date=_date(signed.get("date")),
        signed_place=signed.get("place"),
        signed_by=signed.get("by"),
        entry_into_force=_date(force.get("date")),
        entry_into_force_note=force.text,
        parties=tuple(p.text for p in root.iterfind("parties/party")),
        depositary=root.findtext("depositary"),
        authentic_languages=tuple(
            el.get("code") for el in root.iterfind("authenticLanguages/language")),
        citations=tuple(m.Citation(c.text, c.get("verified", "true") in ("true", "1"))
                        for c in root.iterfind("citations/citation")),
        no_citation_reason=None if none is None else none.text,
        status=status.get("value"),
        status_as_of=_date(status.get("asOf")),
        status_note=status.text,
        notes=tuple(n.text for n in root.iterfind("note")),
        path=str(path),
    )


def _read_version(root: etree._Element, path: Path) -> m.TextVersion:
    meta = root.find("meta")
    state = meta.find("state")
    preamble = root.find("preamble")
    conclusions = root.find("conclusions")
    return m.TextVersion(
        treaty_id=root.get("treaty"),
        lang=root.get(XML_LANG),
        authority=root.get("authority"),
        translation_of=root.get("translationOf"),
        translator=meta.findtext("translator"),
        title=meta.findtext("title"),
        short_title=meta.findtext("shortTitle"),
        state_kind=state.get("kind"),
        state=state.text,
        sources=tuple(m.Source(s.get("id"), s.text, s.get("url"), _date(s.get("accessed")))
                      for s in meta.iterfind("sources/source")),
        notes=tuple(n.text for n in meta.iterfind("note")),
        preamble=None if preamble is None else _read_provision(preamble),
        articles=tuple(_read_provision(a) for a in root.iterfind("body/article")),
        conclusions=None if conclusions is None else _read_provision(conclusions),
        path=str(path),
    )


def _read_provision(el: etree._Element) -> m.Provision:
    kind = el.tag
    if kind == m.ARTICLE:
        eid, label, child = f"art_{el.get('n')}", el.findtext("num"), "para"
    elif kind == m.PREAMBLE:
        eid, label, child = "preamble", "Preamble", "recital"
    else:
        eid, label, child = "conclusions", "Conclusions", "para"
    if kind == m.ARTICLE:
        paragraphs = _read_paragraphs(el.findall("para"), eid, child)
    else:
        paragraphs = tuple(m.Paragraph(f"{eid}__{child}_{i}", None, p.text)
                           for i, p in enumerate(el.findall("p"), 1))
    superseded = tuple(
        m.Wording(s.get("by"), _date(s.get("effective")), tuple(s.get("checked").split()),
                  _read_paragraphs(s.findall("para"), f"{eid}__superseded_{i}", "para"))
        for i, s in enumerate(el.findall("superseded"), 1))
    return m.Provision(
        kind=kind, eid=eid, n=el.get("n"), label=label,
        heading=el.findtext("heading"), paragraphs=paragraphs,
        transcribed=el.get("status") != "untranscribed",
        checked=tuple((el.get("checked") or "").split()),
        notes=tuple(n.text for n in el.findall("note")),
        superseded=superseded, line=el.sourceline)


def _read_paragraphs(elements: list, prefix: str, child: str) -> tuple[m.Paragraph, ...]:
    out = []
    for i, para in enumerate(elements, 1):
        eid = f"{prefix}__{child}_{para.get('n') or i}"
        texts = para.findall("p")
        out.append(m.Paragraph(
            eid=eid, num=para.findtext("num"), text=texts[0].text,
            points=_read_points(para.findall("point"), eid),
            wrap_up=texts[1].text if len(texts) > 1 else None))
    return tuple(out)


def _read_points(elements: list, prefix: str) -> tuple[m.Point, ...]:
    return tuple(
        m.Point(eid=(eid := f"{prefix}__point_{pt.get('n') or i}"),
                num=pt.findtext("num"), text=pt.find("p").text,
                points=_read_points(pt.findall("point"), eid))
        for i, pt in enumerate(elements, 1))


# ------------------------------------------------------------ corpus root

def default_corpus_root(environ: dict[str, str] | None = None) -> Path:
    """``$TREATYCMP_CORPUS``, else the corpus shipped with the package.

    In a source checkout that is ``treaties/`` beside the package; after
    ``pip install .`` it is the copy installed as package data.
    """
    environ = os.environ if environ is None else environ
    if environ.get(CORPUS_ENV):
        return Path(environ[CORPUS_ENV])
    checkout = Path(__file__).resolve().parent.parent / "treaties"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("treatycmp") / "corpus"))
