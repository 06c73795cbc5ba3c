"""Updating treaty files to the current schema version (``treatycmp migrate``).

Version 1 to version 2 changes only the ``schemaVersion`` of the root element
and lower-cases article keys (``n="A"`` becomes ``n="a"``: version 2 keys are
lower case, printed numbers stay in ``<num>``). Everything else a version 1
file can hold is valid version 2.

The rewrite is textual, so comments, indentation and every character of the
wording stay exactly as they were; the result is parsed before it replaces
the file (atomically), and a file already at version 2 is left untouched, so
running the migration twice changes nothing. Curated alignment files
(``alignments/``) have their own schema and are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..errors import DataError
from ..output import write_atomically
from .alignments import ALIGNMENTS_FOLDER
from .validate import SCHEMA_VERSION, TREATY_ROOTS
from .xml import parse_xml, safe_parser

_COMMENT = re.compile(rb"<!--.*?-->", re.DOTALL)
_ROOT = re.compile(rb"<(?:treaty|text)\b[^>]*>")
_VERSION = re.compile(rb'\bschemaVersion="1"')
_ARTICLE_N = re.compile(rb'(<article\b[^>]*?\bn=")([^"]*)(")')


def migrate_bytes(data: bytes, where: str) -> bytes:
    """The bytes of a version 1 treaty file as version 2 (unchanged if already 2)."""
    blanked = _COMMENT.sub(lambda c: b" " * len(c.group()), data)
    root = _ROOT.search(blanked)
    if root is None:
        raise DataError("not a treaty file: no <treaty> or <text> element", where)
    tag = data[root.start():root.end()]
    if _VERSION.search(tag) is None:
        return data
    tag = _VERSION.sub(f'schemaVersion="{SCHEMA_VERSION}"'.encode(), tag, count=1)
    body = _ARTICLE_N.sub(lambda a: a[1] + a[2].lower() + a[3], blanked[root.end():])
    # Only the article keys change after the root tag; copy them into the original.
    rest = bytearray(data[root.end():])
    for old, new in zip(_ARTICLE_N.finditer(blanked[root.end():]),
                        _ARTICLE_N.finditer(body)):
        rest[old.start(2):old.end(2)] = new[2]
    return data[:root.start()] + tag + bytes(rest)


def migrate_file(path: Path) -> bool:
    """Update one file in place; True if it changed. Raise :class:`DataError`
    for a file that is not a well-formed treaty file."""
    tree = parse_xml(path)
    if tree.getroot().tag not in TREATY_ROOTS:
        raise DataError(f"not a treaty file (<{tree.getroot().tag}>): nothing to migrate",
                        str(path))
    data = path.read_bytes()
    migrated = migrate_bytes(data, str(path))
    if migrated == data:
        return False
    try:
        root = etree.fromstring(migrated, safe_parser())
    except etree.XMLSyntaxError as exc:  # pragma: no cover - the rewrite keeps XML well-formed
        raise DataError(f"migration would break the file: {exc}", str(path)) from None
    if root.get("schemaVersion") != SCHEMA_VERSION:
        raise DataError("migration did not set the schema version", str(path))
    write_atomically(path, migrated)
    return True


def treaty_files(paths: list[Path]) -> list[Path]:
    """The treaty files named, folders searched recursively (alignments skipped)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*.xml"))
                         if ALIGNMENTS_FOLDER not in p.relative_to(path).parts[:-1]
                         and not p.name.startswith("."))
        elif not path.exists():
            raise DataError("no such file or folder", str(path))
        else:
            files.append(path)
    return files


def migrate_paths(paths: list[Path]) -> list[tuple[Path, bool]]:
    """Migrate every treaty file under ``paths``: ``(file, changed)`` for each.

    Every file is checked before any is written, so a folder holding one
    broken file is left as it was.
    """
    files = treaty_files(paths)
    for file in files:
        tree = parse_xml(file)
        if tree.getroot().tag not in TREATY_ROOTS:
            raise DataError(f"not a treaty file (<{tree.getroot().tag}>): nothing to "
                            "migrate", str(file))
    return [(file, migrate_file(file)) for file in files]
