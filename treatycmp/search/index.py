"""The search index: one SQLite file (the only user of sqlite3).

What it holds, per provision of every transcribed language version: the
exact text and its metadata, a full-text entry (FTS5), and a MinHash sketch
(:mod:`treatycmp.search.sketch`) stored as a blob. A ``files`` table records
the SHA-256 of every corpus file indexed; :func:`update_index` re-reads only
the treaty folders whose files changed, appeared or disappeared.

The index is data *about* a corpus, never part of it. :func:`index_path`
puts it beside a writable corpus (``CORPUS/.treatycmp-index.sqlite``, which
the corpus loader skips) or, for the shipped corpus and read-only folders, in
the user's cache folder (``$XDG_CACHE_HOME/treatycmp/``).

:func:`open_index` never trusts a file silently: a file that is not SQLite,
whose length differs from what its header records, whose schema version or
sketch settings differ, made for another corpus, whose text and full-text
tables disagree, that fails SQLite's ``quick_check`` (when asked for), or
that raises an SQLite error while it is checked or updated, starts afresh,
and the reason is returned so the caller can say so. An update is one
transaction: an interrupted one leaves the index as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import __version__
from ..errors import OutputError, TreatycmpError
from ..inputs import file_kind
from ..similarity import SHINGLE_SIZE
from ..text import Folding, fold
from .records import ProvisionRecord, corpus_files, read_treaty_records
from .scale import AUTO_LOCAL_BYTES, Runner, open_runner
from .sketch import NUM_PERM, SEED, sketch_bytes, sketch_texts

INDEX_NAME = ".treatycmp-index.sqlite"
FORMAT = "treatycmp search index"
# 3: intros indexed, annex provisions named by key (annex-1:3);
# 4: shingles of the word key (NFC, combining marks kept);
# 5: full-width forms and the tatweel folded in keys;
# 6: digits of every script read as ASCII digits, and the Greek tonos folded with case
# 7: the forms of the Catalan middle dot (and the letter ŀ) folded to the middle dot;
# 8: the full-text index holds texts folded as the comparison folds quotes
# 9: a capital with a combining mark folds to the precomposed small letter (Η͂ is ῆ)
SCHEMA_VERSION = "9"
_HEADER = b"SQLite format 3\x00"
BUSY_SECONDS = 60  # how long to wait for another process that is updating the index

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files(path TEXT PRIMARY KEY, treaty TEXT NOT NULL, sha256 TEXT NOT NULL);
CREATE TABLE provisions(
    id INTEGER PRIMARY KEY, ref TEXT NOT NULL UNIQUE, treaty TEXT NOT NULL,
    lang TEXT NOT NULL, provision TEXT NOT NULL, label TEXT NOT NULL, heading TEXT,
    authentic INTEGER NOT NULL, signed TEXT NOT NULL, title TEXT NOT NULL,
    text TEXT NOT NULL, path TEXT NOT NULL, line INTEGER);
CREATE INDEX provisions_treaty ON provisions(treaty);
-- Sketches apart from the texts, so that a scan of every sketch reads them alone.
CREATE TABLE sketches(id INTEGER PRIMARY KEY, sketch BLOB NOT NULL);
CREATE VIRTUAL TABLE provisions_fts USING fts5(
    folded, tokenize = "unicode61 remove_diacritics 2");
"""
RECORD_FIELDS = ("ref", "treaty", "lang", "provision", "label", "heading", "authentic",
                 "signed", "title", "text", "path", "line")


def expected_meta(corpus: Path) -> dict[str, str]:
    """What an index must record to be trusted for ``corpus``. The treatycmp
    version is among it: a new version may read provisions differently."""
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "treatycmp": __version__,
            "num_perm": str(NUM_PERM), "seed": str(SEED), "scheme": "affine32",
            "shingle_size": str(SHINGLE_SIZE), "corpus": str(corpus.resolve())}


def index_path(corpus: Path, shipped: Path, environ: dict[str, str] | None = None) -> Path:
    """Where the index of ``corpus`` lives (see the module docstring).

    ``shipped`` is the corpus that comes with the package: its index always
    goes to the cache folder, so nothing is ever written into an installed
    package (nor into a source checkout's ``treaties/``).
    """
    environ = os.environ if environ is None else environ
    corpus = corpus.resolve()
    if corpus != shipped.resolve() and os.access(corpus, os.W_OK):
        return corpus / INDEX_NAME
    cache = Path(environ.get("XDG_CACHE_HOME") or Path(environ.get("HOME", "~")) / ".cache")
    digest = hashlib.sha256(str(corpus).encode("utf-8")).hexdigest()[:16]
    return cache.expanduser() / "treatycmp" / f"index-{digest}.sqlite"


@dataclass(frozen=True)
class UpdateResult:
    """What :func:`update_index` did."""

    provisions: int             # provisions in the index afterwards
    treaties_read: int          # treaty folders (re)read
    treaties_removed: int
    problems: tuple[str, ...]   # folders left out, one message each
    rebuilt_because: str | None = None


def open_index(path: Path, corpus: Path,
               thorough: bool = False) -> tuple[sqlite3.Connection, str | None]:
    """Open (or create) the index at ``path``; ``(connection, why it was rebuilt)``.

    ``thorough`` adds SQLite's full ``quick_check`` (``index-corpus`` asks
    for it; queries skip it, since it reads the whole file).
    """
    _refuse_foreign(path)
    reason = _check(path, corpus, thorough) if path.exists() else None
    if reason is not None:
        _remove(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists()
    conn = sqlite3.connect(path, timeout=BUSY_SECONDS)
    if fresh:
        with conn:
            conn.executescript(_SCHEMA)
            conn.executemany("INSERT INTO meta VALUES (?, ?)", expected_meta(corpus).items())
    return conn, reason


def _refuse_foreign(path: Path) -> None:
    """Never read, remove or replace what is not an index: a device, FIFO,
    socket, folder or link (``--index /dev/null``), or a file that is not
    SQLite (``--index treaties/x/en.xml``) unless it is named like an index
    (``.treatycmp-index.sqlite``, ``*.sqlite``, ``*.db``): that one is rebuilt."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise OutputError(f"this is {file_kind(mode)}, not a plain file: no index is read "
                          "or written there", str(path))
    if path.name == INDEX_NAME or path.suffix in (".sqlite", ".sqlite3", ".db"):
        return  # an index by name: rebuilt when it cannot be trusted
    with open(path, "rb") as handle:  # a regular file: reading cannot block
        head = handle.read(len(_HEADER))
    if head and head != _HEADER:
        raise OutputError("not an SQLite file, so not an index: it is never replaced "
                          "(give --index the name of a new file)", str(path))


def _remove(path: Path) -> None:
    for stale in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)


def ensure_index(corpus: Path, path: Path, *, runner: Runner | None = None,
                 scheduler: str = "single", progress: Callable[[int], None] | None = None,
                 on_plan: Callable[[int], None] | None = None, thorough: bool = False,
                 ) -> tuple[sqlite3.Connection, UpdateResult]:
    """Open the index at ``path`` (rebuilding it if it cannot be trusted) and
    bring it up to date with ``corpus``: what every search command does first."""
    conn, reason = open_index(path, corpus, thorough)
    try:
        result = update_index(conn, corpus, runner=runner, scheduler=scheduler,
                              progress=progress, on_plan=on_plan)
    except sqlite3.DatabaseError as exc:
        conn.close()
        # Damage the cheap checks could not see: start again, once. Any other
        # error (another process holding the lock too long) is reported as is.
        damage = _check(path, corpus, thorough=True)
        if damage is None:
            raise TreatycmpError(f"cannot update the index: {exc}", str(path)) from None
        _remove(path)
        conn, _ = open_index(path, corpus)
        reason = damage
        result = update_index(conn, corpus, runner=runner, scheduler=scheduler,
                              progress=progress, on_plan=on_plan)
    if reason:
        result = UpdateResult(result.provisions, result.treaties_read,
                              result.treaties_removed, result.problems, reason)
    return conn, result


def _check(path: Path, corpus: Path, thorough: bool = False) -> str | None:
    """Why the file at ``path`` cannot be trusted, or ``None``.

    Always: the SQLite header, the file's length against the page count the
    header records (a truncated or extended file fails), the meta values,
    and that the text and full-text tables hold the same rows. ``thorough``
    adds SQLite's ``quick_check``, which reads the whole file.
    """
    with open(path, "rb") as handle:
        header = handle.read(100)
    if len(header) < 100 or not header.startswith(_HEADER):
        return "not an SQLite file"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages, counter, valid_for = (int.from_bytes(header[i:i + 4], "big") for i in (28, 24, 92))
    if pages and counter == valid_for and path.stat().st_size != pages * page_size:
        return f"file is {path.stat().st_size} bytes, its header says {pages * page_size}"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            for key, value in expected_meta(corpus).items():
                if meta.get(key) != value:
                    return f"{key} is {meta.get(key)!r}, expected {value!r}"
            if thorough and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                return "SQLite integrity check failed"
            counts = conn.execute("SELECT (SELECT count(*) FROM provisions), "
                                  "(SELECT count(*) FROM provisions_fts), "
                                  "(SELECT count(*) FROM sketches)").fetchone()
            if not counts[0] == counts[1] == counts[2]:
                return (f"{counts[0]} provisions but {counts[1]} full-text entries "
                        f"and {counts[2]} sketches")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return f"damaged ({exc})"
    return None


def update_index(conn: sqlite3.Connection, corpus: Path, *, runner: Runner | None = None,
                 scheduler: str = "single", progress: Callable[[int], None] | None = None,
                 on_plan: Callable[[int], None] | None = None) -> UpdateResult:
    """Bring the index up to date with the files of ``corpus``.

    Folders whose files are unchanged (same paths, same SHA-256) are not read.
    A folder that does not load is left out of the index (its old entries are
    removed) and named in ``problems``; it is read again next time. ``on_plan``
    receives the number of folders to read, ``progress`` each folder read.
    The folders are read by ``runner``, else by one that ``scheduler`` names
    (:func:`treatycmp.search.scale.open_runner`).
    """
    current = corpus_files(corpus)
    stored: dict[str, dict[str, str]] = {}
    for path, treaty, sha in conn.execute("SELECT path, treaty, sha256 FROM files"):
        stored.setdefault(treaty, {})[path] = sha
    changed = [t for t in current if current[t] != stored.get(t)]
    removed = [t for t in stored if t not in current]
    if on_plan:
        on_plan(len(changed))
    problems: list[str] = []
    sizes = {t: sum(p.stat().st_size for p in (corpus / t).glob("*.xml")) for t in changed}
    with contextlib.ExitStack() as stack:
        if runner is None:
            large = sum(sizes.values()) >= AUTO_LOCAL_BYTES
            runner = stack.enter_context(open_runner(scheduler, large) if changed
                                         else contextlib.nullcontext(Runner()))
        with conn:
            _apply(conn, corpus, current, changed, removed, sizes, runner, progress, problems)
    count = conn.execute("SELECT count(*) FROM provisions").fetchone()[0]
    return UpdateResult(count, len(changed), len(removed), tuple(problems))


def _apply(conn, corpus, current, changed, removed, sizes, runner, progress, problems) -> None:
    for treaty in changed + removed:
        _delete_treaty(conn, treaty)
    tasks = [(str(corpus), chunk) for chunk in _chunks(changed, sizes, runner.workers)]
    for treaty_ids, rows, sketches, failed in runner.map(read_and_sketch, tasks):
        problems.extend(failed)
        _insert(conn, rows, sketches)
        for treaty in treaty_ids:
            conn.executemany("INSERT INTO files VALUES (?, ?, ?)",
                             [(p, treaty, sha) for p, sha in current[treaty].items()])
        if progress:
            progress(len(treaty_ids) + len(failed))


def _chunks(treaties: list[str], sizes: dict[str, int], workers: int) -> list[list[str]]:
    """Groups of treaty folders of about ``CHUNK_BYTES`` of XML each (at least
    four groups per worker, so the work spreads and memory per task stays small)."""
    if not treaties:
        return []
    target = min(CHUNK_BYTES, max(1, sum(sizes.values()) // (4 * workers)))
    chunks, chunk, size = [], [], 0
    for treaty in treaties:
        chunk.append(treaty)
        size += sizes[treaty]
        if size >= target:
            chunks.append(chunk)
            chunk, size = [], 0
    return chunks + ([chunk] if chunk else [])


CHUNK_BYTES = 4_000_000  # XML per task: bounds a worker's memory


def read_and_sketch(corpus: str, treaty_ids: list[str]):
    """One task of an index build: ``(loaded ids, rows, sketches, problems)``.

    Runs anywhere the corpus folder is readable (a Dask worker too); returns
    plain values so the result can travel between processes.
    """
    loaded, records, problems = [], [], []
    for treaty in treaty_ids:
        try:
            records.extend(read_treaty_records(Path(corpus), treaty))
            loaded.append(treaty)
        except TreatycmpError as exc:
            problems.append(str(exc))
    rows = [tuple(getattr(r, f) for f in RECORD_FIELDS) for r in records]
    return loaded, rows, sketch_texts(r.text for r in records), problems


def _delete_treaty(conn: sqlite3.Connection, treaty: str) -> None:
    for table, column in (("provisions_fts", "rowid"), ("sketches", "id")):
        conn.execute(f"DELETE FROM {table} WHERE {column} IN "
                     "(SELECT id FROM provisions WHERE treaty = ?)", (treaty,))
    conn.execute("DELETE FROM provisions WHERE treaty = ?", (treaty,))
    conn.execute("DELETE FROM files WHERE treaty = ?", (treaty,))


def _insert(conn: sqlite3.Connection, rows: list[tuple], sketches: np.ndarray) -> None:
    text_at = RECORD_FIELDS.index("text")
    placeholders = ", ".join("?" * len(RECORD_FIELDS))
    for row, sketch in zip(rows, sketches):
        text = row[text_at]
        cursor = conn.execute(
            f"INSERT INTO provisions ({', '.join(RECORD_FIELDS)}) VALUES ({placeholders})", row)
        conn.execute("INSERT INTO sketches VALUES (?, ?)", (cursor.lastrowid, sketch_bytes(sketch)))
        conn.execute("INSERT INTO provisions_fts (rowid, folded) VALUES (?, ?)",
                     (cursor.lastrowid, fts_text(text)))


# What the full-text index holds of a text, and what a query gives it: case
# and typographic variants folded as the comparison folds them (``ŀ`` is
# ``l·``, ``٥`` is ``5``), so that the index proposes every provision a phrase
# may match; the match itself is then checked on the exact text.
_FTS_FOLDING = Folding(case=True, accents=False, quotes=True, whitespace=False)


def fts_text(text: str) -> str:
    return fold(text, _FTS_FOLDING)


def record_from_row(row: sqlite3.Row | tuple) -> ProvisionRecord:
    """A :class:`ProvisionRecord` from the ``RECORD_FIELDS`` columns of a row."""
    values = dict(zip(RECORD_FIELDS, row))
    values["authentic"] = bool(values["authentic"])
    return ProvisionRecord(**values)
