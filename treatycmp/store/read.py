"""Loading treaties into the model; checking files and whole corpora.

A corpus is a folder with one sub-folder per treaty::

    treaties/
      nato-1949/treaty.xml   the work (<treaty>)
      nato-1949/en.xml       a language version (<text xml:lang="en">)
      nato-1949/fr.xml
      alignments/            curated alignments (not treaties)
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from lxml import etree

from .. import model as m
from ..errors import DataError, LookupFailed, OutputError
from ..refs import is_treaty_id
from .alignments import ALIGNMENTS_FOLDER, check_alignment_file
from .validate import WORK_FILE, XML_LANG, check_file, check_tree, consistency_errors
from .xml import parse_xml
from .xml import corpus_entries, folder_files

RESERVED_FOLDERS = frozenset({"alignments"})
CORPUS_ENV = "TREATYCMP_CORPUS"


def check_files(paths: list[Path], progress=None) -> tuple[int, list[DataError]]:
    """Check files and folders: (number of files, problems).

    A folder is a corpus or a treaty folder: its ``*.xml`` files and those of
    its immediate sub-folders are checked, no deeper, and symbolic links are
    followed only inside it. ``progress(done, total)`` is called per file.
    """
    files: list[Path] = []
    problems: list[DataError] = []
    for path in paths:
        if path.is_dir():
            every, outside = folder_files(path)
            problems.extend(outside or ([] if every else [DataError(
                "no treaty files here: give a treaty file, a treaty folder "
                "(ID/treaty.xml) or a corpus (a folder of treaty folders)", str(path))]))
            found = [p for p in every if p.parent.name not in RESERVED_FOLDERS]
            files.extend(found)
            files.extend(p for p in every if p.parent.name == ALIGNMENTS_FOLDER)
            problems.extend(
                DataError(f"treaty folder has no {WORK_FILE}", str(folder))
                for folder in sorted({p.parent for p in found})
                if folder != path and not (folder / WORK_FILE).exists())
        else:
            files.append(path)
    # Each treaty folder's files are parsed and checked once, and the checks
    # between its files reuse those trees; only one folder's trees are held.
    folder_files_ = _FolderFiles(None)
    cross: dict[Path, list[DataError]] = {}
    for done, file in enumerate(files, 1):
        if progress:
            progress(done, len(files))
        if not file.exists():
            problems.append(DataError("no such file", str(file)))
        elif file.parent.name == ALIGNMENTS_FOLDER:
            problems.extend(check_alignment_file(file, load_treaty))
        else:
            if file.parent != folder_files_.folder:
                folder_files_.cross_file_errors(cross)
                folder_files_ = _FolderFiles(file.parent)
            problems.extend(folder_files_.check(file))
    folder_files_.cross_file_errors(cross)
    for folder in sorted({f.parent for f in files if f.exists()}):
        if (folder / WORK_FILE).exists():
            problems.extend(cross[folder] if folder in cross else _cross_file_errors(folder))
    return len(files), problems


class _FolderFiles:
    """The files of one treaty folder, each parsed and checked at most once."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._trees: dict[Path, etree._ElementTree | DataError] = {}
        self._errors: dict[Path, list[DataError]] = {}

    def parse(self, path: Path) -> etree._ElementTree:
        if path not in self._trees:
            try:
                self._trees[path] = parse_xml(path)
            except DataError as exc:
                self._trees[path] = exc
        tree = self._trees[path]
        if isinstance(tree, DataError):
            raise tree
        return tree

    def check(self, path: Path) -> list[DataError]:
        if path not in self._errors:
            self._errors[path] = check_file(path, self.parse)
        return self._errors[path]

    def valid_tree(self, path: Path) -> etree._ElementTree:
        errors = self.check(path)
        if errors:
            raise errors[0]
        return self.parse(path)

    def cross_file_errors(self, found: dict[Path, list[DataError]]) -> None:
        """Add this folder's problems between files to ``found`` (once)."""
        if (self.folder is not None and self.folder not in found
                and (self.folder / WORK_FILE).exists()):
            found[self.folder] = _cross_file_errors(self.folder, self.valid_tree)


def load_corpus(root: Path, progress=None) -> m.Corpus:
    """Load every treaty under ``root``; broken ones become ``problems``.
    ``progress(done, total)`` is called per folder."""
    treaties, problems = scan_corpus(root, lambda treaty: treaty, progress)
    return m.Corpus(str(root), tuple(treaties), tuple(problems))


def scan_corpus(root: Path, summarise, progress=None) -> tuple[list, list[DataError]]:
    """``summarise(treaty)`` for every treaty under ``root``, one folder at a
    time (only the summaries are kept, never the whole corpus model), and
    every problem found, as :func:`load_corpus` finds them."""
    if not root.is_dir():
        raise DataError("corpus folder does not exist", str(root))
    folders, problems = corpus_entries(root, root, folders=True)
    treaties = []
    for done, folder in enumerate(folders, 1):
        if progress:
            progress(done, len(folders))
        if folder.name in RESERVED_FOLDERS:
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
        treaties.append(summarise(treaty))
        problems.extend(version_problems)
    if not treaties and problems and not any((f / WORK_FILE).exists() for f in folders):
        # Such as --corpus /: say so once, not once per folder.
        raise DataError(f"not a treaty corpus: no folder here holds a {WORK_FILE} "
                        f"({len(problems)} other entries)", str(root))
    return treaties, problems


def load_treaty(root: Path, treaty_id: str) -> m.Treaty:
    """Load one treaty; raise :class:`LookupFailed` or :class:`DataError`.

    The id is matched case-insensitively (``NATO-1949`` is ``nato-1949``);
    an unknown id is answered with the closest known ones.
    """
    if not isinstance(treaty_id, str) or not is_treaty_id(treaty_id.lower()):
        raise LookupFailed(f"{treaty_id!r} is not a treaty id (lower-case letters, "
                           "digits and hyphens, for example nato-1949)")
    treaty_id = treaty_id.lower()
    folder = root / treaty_id
    if not root.is_dir():  # say the real problem, not "no treaty here"
        raise DataError("corpus folder does not exist" if not root.exists()
                        else "the corpus is not a folder", str(root))
    if folder.is_dir() and not (folder / WORK_FILE).exists():
        raise DataError(f"treaty folder has no {WORK_FILE}", str(folder))
    if not (folder / WORK_FILE).is_file():
        known = sorted(p.name for p in root.iterdir() if (p / WORK_FILE).is_file())
        import difflib  # only when a name is not found
        close = difflib.get_close_matches(treaty_id, known, n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise LookupFailed(f"no treaty {treaty_id!r} in {root} "
                           f"({hint}available: {', '.join(known) or 'none'})")
    treaty, problems = _load_folder(folder)
    if problems:
        raise problems[0]
    return treaty


def _load_folder(folder: Path, valid_tree=None, read_version=None,
                 read_work=None) -> tuple[m.Treaty, list[DataError]]:
    """The treaty in ``folder`` and its problems; ``valid_tree(path)`` reads a
    valid file (default :func:`_valid_tree`; a cache may stand in), and
    ``read_version(root, path)`` and ``read_work(root, path)`` their models
    (default :func:`_read_version`, :func:`_read_work`)."""
    valid_tree = valid_tree or _valid_tree
    read_version = read_version or _read_version
    read_work = read_work or _read_work
    work_path = folder / WORK_FILE
    if not work_path.is_file():
        raise DataError(f"treaty folder has no {WORK_FILE}", str(folder))
    files, problems = corpus_entries(folder, folder.parent, "*.xml")
    if work_path not in files:  # a symbolic link out of the corpus
        raise next(p for p in problems if p.path == str(work_path))
    work_tree = valid_tree(work_path)
    if work_tree.getroot().tag != "treaty":
        raise DataError(f"{WORK_FILE} must hold a <treaty> element", str(work_path), 1)
    work = read_work(work_tree.getroot(), work_path)
    versions = []
    for path in files:
        if path.name == WORK_FILE:
            continue
        try:
            tree = valid_tree(path)
            if tree.getroot().tag != "text":
                raise DataError("a language file must hold a <text> element", str(path), 1)
            versions.append(read_version(tree.getroot(), path))
        except DataError as exc:
            problems.append(exc)
    if not versions:
        raise problems[0] if problems else DataError(
            "treaty folder has no language version (such as en.xml)", str(folder))
    problems.extend(consistency_errors(work, versions))
    return m.Treaty(work, tuple(versions)), problems


def _valid_tree(path: Path) -> etree._ElementTree:
    tree = parse_xml(path)
    errors = check_tree(tree, path)
    if errors:
        raise errors[0]
    return tree


def _cross_file_errors(folder: Path, valid_tree=None) -> list[DataError]:
    try:
        _, problems = _load_folder(folder, valid_tree, _version_header, _work_header)
    except DataError:
        return []  # already reported file by file
    return [p for p in problems if p.message.startswith("versions:")]


def _version_header(root: etree._Element, path: Path) -> m.TextVersion:
    """What the checks between files read of a language version: its
    language, authority and what it translates, without its provisions."""
    return m.TextVersion(
        treaty_id=root.get("treaty"), lang=root.get(XML_LANG), authority=root.get("authority"),
        translation_of=root.get("translationOf"), title="", short_title="", state_kind="",
        state="", sources=(), articles=(), path=str(path))


def _work_header(root: etree._Element, path: Path) -> m.Work:
    """What the checks between files read of a work: its id and its
    authentic languages, without the rest of its metadata."""
    return m.Work(
        id=root.get("id"), signed_date=None, signed_place="", parties=(), depositary="",
        authentic_languages=tuple(
            el.get("code") for el in root.iterfind("authenticLanguages/language")),
        citations=(), status="", path=str(path))


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
        draft=root.get("status") == "draft",
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
        amended_by=state.get("by"),
        sources=tuple(m.Source(s.get("id"), s.text, s.get("url"), _date(s.get("accessed")))
                      for s in meta.iterfind("sources/source")),
        notes=tuple(n.text for n in meta.iterfind("note")),
        preamble=None if preamble is None else _read_provision(preamble),
        body=_read_items(root.find("body"), None, None),
        conclusions=None if conclusions is None else _read_provision(conclusions),
        annexes=tuple(_read_annex(a) for a in root.iterfind("annex")),
        path=str(path),
    )


def _read_items(parent: etree._Element, container: str | None,
                annex: str | None) -> tuple:
    """The articles and divisions of a body, a division or an annex.

    ``container`` is the eId that division eIds grow from (``None`` in the
    main body); articles take the annex's eId as prefix only (see
    :func:`treatycmp.model.article_eid`).
    """
    items: list = []
    counts: dict[str, int] = {}
    article_prefix = container.split("__", 1)[0] if annex else None
    for el in parent:
        if el.tag == m.ARTICLE:
            items.append(_read_provision(el, article_prefix, annex))
        elif el.tag == "division":
            kind = el.get("kind")
            counts[kind] = counts.get(kind, 0) + 1
            eid = m.division_eid(kind, el.get("n") or counts[kind], container)
            items.append(m.Division(
                kind=kind, n=el.get("n"), num=el.findtext("num"),
                heading=el.findtext("heading"), eid=eid,
                items=_read_items(el, eid, annex), line=el.sourceline,
                intro=_read_intro(el, eid, annex)))
    return tuple(items)


def _read_annex(el: etree._Element) -> m.Annex:
    kind, n = el.get("kind"), el.get("n")
    eid = m.annex_eid(kind, n)
    key = f"{kind}-{n}"
    if el.find("article") is not None or el.find("division") is not None:
        items = _read_items(el, eid, key)
    else:
        items = (_read_provision(el, eid, key),)
    return m.Annex(kind=kind, n=n, num=el.findtext("num"), heading=el.findtext("heading"),
                   eid=eid, items=items, line=el.sourceline,
                   intro=_read_intro(el, eid, key))


def _read_intro(parent: etree._Element, container: str,
                annex: str | None) -> m.Provision | None:
    """The ``<intro>`` of a division or annex, if it has one."""
    el = parent.find(m.INTRO)
    return None if el is None else _read_provision(el, container, annex)


def _read_provision(el: etree._Element, container: str | None = None,
                    annex: str | None = None) -> m.Provision:
    kind = el.tag
    if kind == m.ARTICLE:
        eid, label, child = m.article_eid(el.get("n"), container), el.findtext("num"), "para"
    elif kind == m.PREAMBLE:
        eid, label, child = "preamble", "Preamble", "recital"
    elif kind == m.ANNEX:
        eid, label, child = container, el.findtext("num"), "para"
    elif kind == m.INTRO:
        eid, label, child = f"{container}__intro", "Introduction", "para"
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
        kind=kind, eid=eid, n=el.get("n") if kind == m.ARTICLE else None, label=label,
        heading=el.findtext("heading"), paragraphs=paragraphs,
        transcribed=el.get("status") != "untranscribed",
        checked=tuple((el.get("checked") or "").split()),
        notes=tuple(n.text for n in el.findall("note")),
        superseded=superseded, line=el.sourceline, annex=annex)


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


def default_corpus_root(environ: dict[str, str] | None = None,
                        package: Path | None = None) -> Path:
    """``$TREATYCMP_CORPUS``, else the corpus shipped with the package.

    In a source checkout (a folder holding ``setup.cfg`` and ``treaties/``
    beside the package) that is its ``treaties/``; after ``pip install .`` it
    is the copy installed as package data, which is for reading only (see
    :func:`writable_corpus_root`). ``package`` is the package folder
    (default: this one's), for tests.
    """
    environ = os.environ if environ is None else environ
    if environ.get(CORPUS_ENV):
        return Path(environ[CORPUS_ENV])
    package = Path(__file__).resolve().parents[1] if package is None else package
    checkout = package.parent
    if (checkout / "setup.cfg").is_file() and (checkout / "treaties").is_dir():
        return checkout / "treaties"
    return package / "corpus"


def installed_corpus(path: Path, package: Path | None = None) -> bool:
    """True when ``path`` lies inside an installed package (the corpus shipped
    as package data, or anything under site-packages): not a place to write."""
    package = Path(__file__).resolve().parents[1] if package is None else package
    resolved = Path(os.path.abspath(path)).resolve()
    if any(part in ("site-packages", "dist-packages") for part in resolved.parts):
        return True
    return resolved == package or package in resolved.parents


def writable_corpus_root(corpus: Path, package: Path | None = None) -> Path:
    """``corpus`` if contributors may write there; raise :class:`OutputError`
    when it is the corpus inside an installed package."""
    if installed_corpus(corpus, package):
        raise OutputError("this is the corpus installed with the package, which is read "
                          "only: pass --corpus FOLDER (or set TREATYCMP_CORPUS), or work "
                          "in a checkout (pip install -e .)", str(corpus))
    return corpus
