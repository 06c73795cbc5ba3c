"""Import a whole collection: a folder of ToTA XML files or of plain texts.

- :func:`find_inputs`: the files of a collection and its format
  (``tota`` or ``text``), in name order.
- :func:`treaty_ids`: a deterministic, clash-free treaty id for each file.
- :func:`collection_licence`: the licence a collection states beside it.
- :func:`import_collection`: import every file, one at a time (a generator:
  memory stays bounded by the largest file), writing one treaty folder each.

Each treaty folder is built in a hidden temporary folder inside the corpus,
its files written and validated there, then renamed into place: a folder is
never seen half-written, an existing one is never replaced unless asked
(``replace``), and a file that fails leaves nothing behind. A failure is
reported as a :class:`FileResult` and the next file goes on.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from .. import model as m
from .. import store
from ..errors import DataError, OutputError, TreatycmpError
from ..inputs import file_kind, read_input
from ..output import TEMP_MARK, write_atomically
from ..refs import MAX_ID_CHARS, is_treaty_id
from ..store.validate import PLACEHOLDER, PLACEHOLDER_DATE
from ..store.write import version_to_xml, work_to_xml
from ..store.xml import looks_like_corpus
from .plaintext import import_text, read_text_file
from .tota import one_line, read_tota, safe_name

FORMATS = ("tota", "text")
SUFFIXES = {"tota": ".xml", "text": ".txt"}
MAX_ID_STEM = 60  # characters of a file name kept in its treaty id
LICENCE_FILES = ("LICENSE", "LICENCE", "LICENSE.md", "LICENSE.txt", "COPYING")
MAX_LICENCE_BYTES = 64_000


@dataclass(frozen=True)
class Options:
    """How to import: the format, the language of texts that do not state
    theirs, the licence to record, whether to replace existing treaties and
    to write texts with lines not placed."""

    format: str
    lang: str | None = None
    licence: str | None = None
    replace: bool = False
    allow_unplaced: bool = False


@dataclass(frozen=True)
class FileResult:
    """What became of one input file. ``messages`` are ``(line, message)``
    for the file (line 0: the file as a whole, always worth showing); ``error`` is set when
    nothing was written; ``written`` is the treaty folder when one was."""

    path: Path
    treaty_id: str | None
    written: Path | None = None
    provisions: int = 0
    unplaced: int = 0
    notes: int = 0
    messages: tuple[tuple[int, str], ...] = ()
    error: TreatycmpError | None = None
    replaced: bool = False


def find_inputs(folder: Path, fmt: str | None = None) -> tuple[str, list[Path], list[Path]]:
    """``(format, inputs, others)``: the collection's files in name order and
    the files left aside. ``folder`` may be one file. Without ``fmt`` the
    format is told by the suffixes (``.xml``: ToTA, ``.txt``: plain text).
    Raise :class:`DataError` when there is nothing to import or the format
    cannot be told."""
    where = str(folder)
    try:
        mode = os.stat(folder).st_mode
    except OSError as exc:
        raise DataError(f"cannot read the collection: {exc.strerror}", where) from None
    if stat.S_ISREG(mode):
        names = [folder]
    elif stat.S_ISDIR(mode):
        try:
            with os.scandir(folder) as entries:
                names = sorted((Path(e.path) for e in entries if not e.name.startswith(".")
                                and not _is_dir(e)), key=lambda p: p.name)
        except OSError as exc:
            raise DataError(f"cannot read the collection: {exc.strerror}", where) from None
    else:
        raise DataError("a collection is a folder (or one file), not "
                        f"{file_kind(mode)}", where)
    by_suffix = {f: [p for p in names if p.suffix.lower() == s] for f, s in SUFFIXES.items()}
    if fmt is None:
        found = [f for f in FORMATS if by_suffix[f]]
        if not found:
            hint = " (its xml/ folder holds ToTA's files)" if (folder / "xml").is_dir() else ""
            raise DataError("no .xml (ToTA) or .txt (plain text) files here: nothing to "
                            f"import{hint}", where)
        if len(found) > 1:
            raise DataError("both .xml and .txt files here: say which to import with "
                            "--format tota or --format text", where)
        fmt = found[0]
    inputs = by_suffix[fmt] if stat.S_ISDIR(mode) else names
    if not inputs:
        raise DataError(f"no {SUFFIXES[fmt]} files here: nothing to import", where)
    chosen = set(inputs)
    return fmt, inputs, [p for p in names if p not in chosen]


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def slug(name: str) -> str:
    """A treaty id made from a file name: ASCII lower-case letters and
    digits, other characters as single hyphens.

    >>> slug("pta_442"), slug("Traité de l'Élysée (1963)"), slug("___")
    ('pta-442', 'traite-de-l-elysee-1963', '')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return text[:MAX_ID_STEM].strip("-")


def treaty_ids(paths: list[Path], prefix: str = "") -> dict[Path, str]:
    """A treaty id for each file: ``prefix`` and its name without suffix,
    as :func:`slug` makes it. Names that make the same id (``A b.txt`` and
    ``a-b.txt``) each get a short hash of their full name added, so an id
    never depends on the order of the files or on which others are there."""
    first = {p: (prefix + slug(p.stem)).strip("-") or "treaty" for p in paths}
    counts: dict[str, int] = {}
    for treaty_id in first.values():
        counts[treaty_id] = counts.get(treaty_id, 0) + 1
    out = {}
    for path, treaty_id in first.items():
        if counts[treaty_id] > 1 or not is_treaty_id(treaty_id):
            digest = hashlib.sha256(path.name.encode("utf-8", "surrogateescape")).hexdigest()
            treaty_id = f"{treaty_id[:MAX_ID_CHARS - 9]}-{digest[:8]}"
        out[path] = treaty_id
    return out


def collection_licence(folder: Path) -> str | None:
    """The first line of a licence file in ``folder`` or the folder above
    (ToTA keeps its ``LICENSE`` beside ``xml/``), or None."""
    folder = folder if folder.is_dir() else folder.parent
    for place in (folder, folder.parent):
        for name in LICENCE_FILES:
            path = place / name
            if not path.is_file():
                continue
            try:
                text = read_input(path, MAX_LICENCE_BYTES, "licence file", head=True)
            except DataError:
                continue
            first = next((line for line in text.decode("utf-8", "replace").splitlines()
                          if line.strip()), "")
            if first:
                return f"{one_line(first)[:200]} (as its {name} file states)"
    return None


def check_corpus(corpus: Path) -> Path:
    """``corpus`` if treaties may be written there (see ``treatycmp new``)."""
    store.writable_corpus_root(corpus)
    if not corpus.is_dir():
        raise OutputError("corpus folder does not exist", str(corpus))
    if not looks_like_corpus(corpus):
        raise OutputError("not a treaty corpus: this folder holds other things and no "
                          "treaty folder (ID/treaty.xml); give --corpus a corpus, or an "
                          "empty folder to start one", str(corpus))
    return corpus


def import_collection(paths: list[Path], ids: dict[Path, str], corpus: Path,
                      options: Options, collection: str,
                      progress: Callable[[int, int], None] = lambda done, total: None
                      ) -> Iterator[FileResult]:
    """Import each file of ``paths`` (with its id from ``ids``) into
    ``corpus``, yielding one :class:`FileResult` per file as it is done."""
    if options.format not in FORMATS:
        raise ValueError(f"format {options.format!r} is not one of {', '.join(FORMATS)}")
    total = len(paths)
    progress(0, total)
    seen: dict[str, str] = {}  # ToTA treaty_identifier -> the file that had it first
    for done, path in enumerate(paths, 1):
        yield _import_one(path, ids[path], corpus, options, collection, seen)
        progress(done, total)


def _import_one(path: Path, treaty_id: str, corpus: Path, options: Options,
                collection: str, seen: dict[str, str]) -> FileResult:
    target = corpus / treaty_id
    try:
        if os.path.lexists(target) and not options.replace:
            raise OutputError(f"treaty {treaty_id} already exists in the corpus: not "
                              "imported (pass --replace to replace it)", str(path))
        work, version, unplaced, warnings, identifier = _read(path, treaty_id, options,
                                                              collection)
    except TreatycmpError as exc:
        return FileResult(path, treaty_id, error=exc)
    messages = sorted([(no, f"not placed: {text}") for no, text in unplaced]
                      + list(warnings), key=lambda item: item[0])
    if identifier is not None and identifier in seen:
        messages.insert(0, (0, f"the same ToTA treaty_identifier ({identifier}) as "
                               f"{seen[identifier]}: imported as a treaty of its own"))
    elif identifier is not None:
        seen[identifier] = path.name
    counts = dict(provisions=len(version.provisions()), unplaced=len(unplaced),
                  notes=len(warnings), messages=tuple(messages))
    if unplaced and not options.allow_unplaced:
        error = DataError(f"{len(unplaced)} line(s) could not be placed: nothing was "
                          "written for this file (pass --allow-unplaced to write what "
                          "was placed)", str(path))
        return FileResult(path, treaty_id, error=error, **counts)
    try:
        existed = write_treaty(corpus, work, (version,), options.replace, str(path))
    except TreatycmpError as exc:
        return FileResult(path, treaty_id, error=exc, **counts)
    return FileResult(path, treaty_id, written=target, replaced=existed, **counts)


def _read(path: Path, treaty_id: str, options: Options, collection: str):
    """``(work, version, unplaced, warnings, ToTA identifier)`` for one file."""
    source = safe_name(path.name)
    if options.format == "tota":
        root = store.parse_xml(path).getroot()
        result = read_tota(root, treaty_id, str(path), collection,
                           options.licence, options.lang)
        return (result.work, result.version, result.unplaced, result.warnings,
                result.identifier)
    if options.lang is None:
        raise DataError("the language of plain texts is not known: pass --lang", str(path))
    text = read_text_file(path)
    try:
        result = import_text(text, treaty_id, options.lang,
                             f"{source} ({safe_name(collection)})")
    except DataError as exc:
        raise DataError(exc.message, str(path), exc.line, exc.column) from None
    provenance = (f"Imported by treatycmp import-collection from the plain-text file "
                  f"{source} (collection {safe_name(collection)}).")
    version = replace(result.version, notes=result.version.notes + (provenance,))
    licence = (f"Licence of the source: {options.licence}.",) if options.licence else ()
    return (draft_work(treaty_id, options.lang, (provenance,) + licence), version,
            result.unplaced, result.warnings, None)


def draft_work(treaty_id: str, lang: str, notes: tuple[str, ...]) -> m.Work:
    """The metadata of a treaty known only from its text: every value a
    placeholder to fill in, the treaty a draft."""
    return m.Work(
        id=treaty_id, signed_date=dt.date.fromisoformat(PLACEHOLDER_DATE),
        signed_place=f"{PLACEHOLDER}: place of signature",
        entry_into_force_note=f"{PLACEHOLDER}: when and how the treaty entered into force",
        parties=(f"{PLACEHOLDER}: a party, as named in the treaty",),
        depositary=f"{PLACEHOLDER}: the depositary", authentic_languages=(lang,),
        citations=(m.Citation(f"{PLACEHOLDER}: the official citation, such as a UNTS "
                              "volume and page", verified=False),),
        status="not-in-force",
        status_note=f"{PLACEHOLDER}: the status today (the value is a placeholder too)",
        notes=notes, draft=True)


def write_treaty(corpus: Path, work: m.Work, versions: tuple[m.TextVersion, ...],
                 replace_existing: bool = False, where: str | None = None) -> bool:
    """Write a treaty folder ``corpus/ID`` whole or not at all; return
    whether it replaced one. The files are written and validated in a hidden
    folder beside it, which is then renamed into place."""
    target = corpus / work.id
    where = where or str(target)
    files = {store.WORK_FILE: work_to_xml(work)}
    files.update({f"{v.lang}.xml": version_to_xml(v) for v in versions})
    try:
        building = Path(tempfile.mkdtemp(prefix=f".{work.id}{TEMP_MARK}", suffix=".tmp",
                                         dir=corpus))
    except OSError as exc:
        raise OutputError(f"cannot write into the corpus: {exc.strerror}",
                          str(corpus)) from None
    try:
        # Inside the hidden folder, one named by the id: the layout rules hold there.
        folder = building / work.id
        folder.mkdir()
        for name, data in sorted(files.items()):
            write_atomically(folder / name, data, overwrite=False)
        for name in sorted(files):
            problems = store.check_file(folder / name)
            if problems:
                raise DataError(f"the treaty made from it does not validate, so nothing "
                                f"was written: {problems[0].message}", where)
        return _move_into_place(folder, target, replace_existing)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(building)


def _move_into_place(building: Path, target: Path, replace_existing: bool) -> bool:
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is None:
        try:
            os.rename(building, target)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror}", str(target)) from None
        return False
    if not replace_existing:
        raise OutputError("already exists: not replaced (pass --replace)", str(target))
    if not stat.S_ISDIR(mode):
        raise OutputError(f"cannot replace {file_kind(mode)} with a treaty folder",
                          str(target))
    # Only what an import writes is replaced: a file of anyone else's is never lost.
    others = sorted(set(os.listdir(target)) - set(os.listdir(building)))
    if others:
        shown = ", ".join(others[:3]) + (" ..." if len(others) > 3 else "")
        raise OutputError(f"not replaced: the treaty folder also holds {shown}, which the "
                          "import would not write; move them out first, or import under "
                          "another id (--prefix)", str(target))
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}{TEMP_MARK}", suffix=".tmp",
                                dir=target.parent))
    try:
        os.rename(target, old / target.name)
        try:
            os.rename(building, target)
        except OSError as exc:
            os.rename(old / target.name, target)  # put the old one back
            raise OutputError(f"cannot write: {exc.strerror}", str(target)) from None
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
    return True
