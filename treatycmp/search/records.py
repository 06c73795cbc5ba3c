"""What the index knows about a corpus: its files (by SHA-256) and its provisions.

- :func:`corpus_files`: every treaty folder's XML files and their SHA-256.
- :func:`read_treaty_records`: the :class:`ProvisionRecord` values of one
  treaty folder (every transcribed provision of every language version).

A record is one provision of one language version, named by the reference
that commands accept (``nato-1949@en:5``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .. import store
from ..errors import DataError
from ..inputs import read_input
from ..store.xml import corpus_entries
from ..model import ARTICLE, INTRO, Provision, intro_label
from ..refs import is_treaty_id


@dataclass(frozen=True)
class ProvisionRecord:
    ref: str          # ID@LANG:PROVISION
    treaty: str
    lang: str
    provision: str    # article number, "preamble" or "conclusions"
    label: str
    heading: str | None
    authentic: bool
    signed: str       # ISO date of signature
    title: str
    text: str         # the provision's full text, exactly as stored
    path: str         # the language file, relative to the corpus root
    line: int | None


def corpus_files(root: Path) -> dict[str, dict[str, str]]:
    """``{treaty_id: {relative path: sha256}}`` for every treaty folder of ``root``.

    Folders the corpus loader skips (reserved, hidden, not a treaty id) are
    skipped here too, so the index covers exactly what ``list`` shows.
    """
    out: dict[str, dict[str, str]] = {}
    for folder in corpus_entries(root, root, folders=True)[0]:  # no link out of the corpus
        name = folder.name
        if name in store.RESERVED_FOLDERS or name.startswith(".") or not is_treaty_id(name):
            continue
        files = {f"{name}/{path.name}": _sha256(path)
                 for path in corpus_entries(folder, root, "*.xml")[0]}
        if files:
            out[name] = files
    return out


def _sha256(path: Path) -> str:
    try:  # never blocks on a FIFO nor reads without end (the loader says why)
        return hashlib.sha256(read_input(path, store.MAX_FILE_BYTES)).hexdigest()
    except DataError:
        return "unreadable"


def record_name(provision: Provision) -> str:
    """How the index names a provision in its version: the article number or
    kind (``5``, ``preamble``); the key inside an annex or for an intro
    (``annex-1:3``, ``part-1:intro``), which the body's numbers never are."""
    if provision.kind == INTRO or provision.annex:
        return provision.key
    return provision.n if provision.kind == ARTICLE else provision.kind


def read_treaty_records(root: Path, treaty_id: str) -> list[ProvisionRecord]:
    """The records of one treaty; raises :class:`~treatycmp.errors.TreatycmpError`
    when the folder does not load (the index then leaves it out and says so)."""
    treaty = store.load_treaty(root, treaty_id)
    signed = treaty.work.signed_date.isoformat()
    records = []
    for version in treaty.versions:
        relpath = f"{treaty_id}/{Path(version.path).name}" if version.path else treaty_id
        for provision in version.provisions() + version.intros():
            if not provision.transcribed:
                continue
            name = record_name(provision)
            records.append(ProvisionRecord(
                ref=f"{treaty_id}@{version.lang}:{name}", treaty=treaty_id,
                lang=version.lang, provision=name, label=intro_label(version, provision),
                heading=provision.heading, authentic=version.is_authentic,
                signed=signed, title=version.short_title, text=provision.full_text,
                path=relpath, line=provision.line))
    return records
