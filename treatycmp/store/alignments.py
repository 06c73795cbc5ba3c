"""Curated alignments: reading and checking ``treaties/alignments/*.xml``.

A curated alignment records provisions of two treaties that a person has
decided correspond, each with a note saying why, and provisions that have
no counterpart (docs/alignment.md)::

    <alignment schemaVersion="1" left="liptako-gourma-2023" right="nato-1949">
      <pair left="6" right="5" paragraphs="1=1+2"><note>Collective-defence clause.</note></pair>
      <pair left="4"><note>Terrorism: nothing like it in the NATO treaty.</note></pair>
    </alignment>

The file is named after the two treaty ids, left first, joined by ``--``
(``liptako-gourma-2023--nato-1949.xml``), so the alignment of two treaties is
found without reading every file, in either direction.

- :func:`load_alignment`: one file as a :class:`~treatycmp.model.CuratedAlignment`.
- :func:`find_alignment`: the curated alignment of two treaties, read from the
  left one's side, or ``None``.
- :func:`as_written`: a pair's ``paragraphs`` as its file writes them, when
  the alignment is read the other way round.
- :func:`alignment_file_errors`: every problem of one file on its own.
- :func:`check_alignment_file`: the same, plus the provisions it names checked
  against the treaties of the corpus and a mirrored file of the same pair
  (:func:`mirror_problem`), for ``treatycmp validate``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Callable

from lxml import etree

from .. import model as m
from ..errors import DataError, LookupFailed
from .validate import semantic_errors
from .xml import parse_xml, schema_errors
from .xml import refuse_link_out

ALIGNMENTS_FOLDER = "alignments"
ALIGNMENT_SCHEMA = "alignment.rng"


def alignment_file_name(left_id: str, right_id: str) -> str:
    """``liptako-gourma-2023--nato-1949.xml``: where the alignment of two treaties lives.

    >>> alignment_file_name("liptako-gourma-2023", "nato-1949")
    'liptako-gourma-2023--nato-1949.xml'
    """
    return f"{left_id}--{right_id}.xml"


def alignment_file_errors(path: Path) -> list[DataError]:
    """Every problem of one alignment file on its own (empty when valid)."""
    try:
        tree = parse_xml(path)
    except DataError as exc:
        return [exc]
    errors = schema_errors(tree, str(path), ALIGNMENT_SCHEMA)
    if errors:
        return errors
    return semantic_errors(tree, path) + _pair_errors(tree.getroot(), path)


def _pair_errors(root: etree._Element, path: Path) -> list[DataError]:
    where, errors = str(path), []
    left, right = root.get("left"), root.get("right")
    if left == right:
        errors.append(DataError(f"left and right are both {left!r}: an alignment "
                                "pairs two different treaties", where, root.sourceline))
    expected = alignment_file_name(left, right)
    if path.name != expected:
        errors.append(DataError(f"the alignment of {left} with {right} belongs in a file "
                                f"named {expected}", where, root.sourceline))
    first_line: dict[tuple[str | None, str | None], int] = {}
    partners: dict[tuple[str, str], set[str]] = defaultdict(set)
    alone: dict[tuple[str, str], int] = {}
    for pair in root.iterfind("pair"):
        key = (pair.get("left"), pair.get("right"))
        if key in first_line:
            errors.append(DataError(f"pair left={key[0] or '-'!r} right={key[1] or '-'!r} "
                                    f"is listed twice (first on line {first_line[key]})",
                                    where, pair.sourceline))
            continue
        first_line[key] = pair.sourceline
        if None in key:
            side = "left" if key[0] else "right"
            alone[side, key[0] or key[1]] = pair.sourceline
            continue
        partners["left", key[0]].add(key[1])
        partners["right", key[1]].add(key[0])
        errors += _paragraph_errors(pair, where)
    for (side, name), line in alone.items():
        if partners[side, name]:
            errors.append(DataError(f"{side} {name!r} is said to have no counterpart but is "
                                    "also paired", where, line))
    for (lp, rp), line in first_line.items():
        # Several pairs may share one provision (a split), but not on both
        # sides at once: that would be a tangle no report can show as columns.
        if None not in (lp, rp) and len(partners["left", lp]) > 1 \
                and len(partners["right", rp]) > 1:
            errors.append(DataError(
                f"left {lp!r} and right {rp!r} are each paired more than once: a split "
                "pairs one provision with several, never several with several",
                where, line))
    return errors


def _paragraph_errors(pair: etree._Element, where: str) -> list[DataError]:
    """Beyond the schema's pattern: paragraph numbers start at 1 and an item
    pairs something (treatycmp.align.parse_pair_spec reads the attribute)."""
    spec = pair.get("paragraphs")
    if spec is None:
        return []
    problems = [f"{item!r} pairs nothing" for item in spec.split(",") if item == "-=-"]
    problems += [f"paragraph numbers start at 1 ({number!r})"
                 for number in re.findall(r"\d+", spec) if int(number) == 0]
    return [DataError(f"paragraphs={spec!r}: {problem}", where, pair.sourceline)
            for problem in problems]


def _read(path: Path) -> m.CuratedAlignment:
    errors = alignment_file_errors(path)
    if errors:
        raise errors[0]
    root = parse_xml(path).getroot()
    return m.CuratedAlignment(
        left=root.get("left"), right=root.get("right"),
        pairs=tuple(m.CuratedPair(p.get("left"), p.get("right"), p.findtext("note"),
                                  p.sourceline, p.get("paragraphs"))
                    for p in root.iterfind("pair")),
        notes=tuple(n.text for n in root.iterfind("note")),
        path=str(path))


def load_alignment(path: Path) -> m.CuratedAlignment:
    """Read one alignment file; raise :class:`DataError` (file:line) on any problem."""
    return _read(Path(path))


def find_alignment(root: Path, left_id: str, right_id: str) -> m.CuratedAlignment | None:
    """The curated alignment of two treaties in the corpus at ``root``, read
    with ``left_id`` on the left (a file written the other way round is
    swapped), or ``None`` when there is none."""
    folder = Path(root) / ALIGNMENTS_FOLDER
    forward = folder / alignment_file_name(left_id, right_id)
    backward = folder / alignment_file_name(right_id, left_id)
    for path in (forward, backward):
        refuse_link_out(path, Path(root))
    if forward.is_file() and backward.is_file() and forward != backward:
        raise mirrored_alignment(backward, forward)
    if forward.is_file():
        return load_alignment(forward)
    if backward.is_file():
        return load_alignment(backward).swapped()
    return None


def mirrored_alignment(path: Path, mirror: Path, line: int | None = None) -> DataError:
    """The problem of two curated alignments of the same treaties, one named
    the other way round (``mirror``): :func:`find_alignment` refuses to choose,
    and ``treatycmp validate`` reports it at ``path``."""
    return DataError(f"two curated alignments of the same treaties ({mirror.name} and "
                     f"{path.name}): keep one", str(path), line)


def mirror_problem(path: Path, alignment: m.CuratedAlignment) -> DataError | None:
    """:func:`mirrored_alignment` at ``path``'s root element if ``alignment``,
    read from ``path``, has a mirror file beside it; else ``None``."""
    mirror = Path(path).with_name(alignment_file_name(alignment.right, alignment.left))
    if alignment.left == alignment.right or not mirror.is_file():
        return None
    return mirrored_alignment(Path(path), mirror, _root_line(Path(path)))


def as_written(alignment: m.CuratedAlignment, pair: m.CuratedPair) -> str | None:
    """``pair``'s ``paragraphs`` as its file writes them, when ``alignment``
    is read the other way round from its file (:func:`find_alignment` turned
    it round: ``1+2=1`` where the file says ``1=1+2``); ``None`` when it is
    read as written, or says no ``paragraphs``."""
    if alignment.path is None or pair.paragraphs is None or alignment.left == alignment.right \
            or Path(alignment.path).name != alignment_file_name(alignment.right, alignment.left):
        return None
    return m.CuratedAlignment(alignment.left, alignment.right, (pair,)).swapped() \
        .pairs[0].paragraphs


def check_alignment_file(path: Path,
                         load_treaty: Callable[[Path, str], m.Treaty]) -> list[DataError]:
    """Every problem of an alignment file, including provisions it names that
    do not exist in the treaties of its corpus (the folder above
    ``alignments/``), loaded with ``load_treaty(root, id)``.

    A provision that exists but is not yet transcribed is not a problem here:
    the alignment reports such stale pairs when it is used.
    """
    errors = alignment_file_errors(path)
    if errors:
        return errors
    alignment = _read(path)
    mirror = mirror_problem(path, alignment)
    if mirror is not None:
        errors.append(mirror)
    treaties: dict[str, m.Treaty] = {}
    for side in ("left", "right"):
        treaty_id = getattr(alignment, side)
        try:
            treaties[side] = load_treaty(path.parent.parent, treaty_id)
        except LookupFailed as exc:
            errors.append(DataError(f"{side}={treaty_id!r}: {exc.message}", str(path),
                                    _root_line(path)))
        except DataError:
            pass  # the treaty's own files report their problems
    for pair in alignment.pairs:
        for side, treaty in treaties.items():
            name = getattr(pair, side)
            if name is None:
                continue
            # Language versions may hold different provisions: a name is
            # wrong only when no version of the treaty has it.
            if treaty.versions and all(v.find(name) is None for v in treaty.versions):
                errors.append(DataError(missing_message(side, name, treaty.versions[0]),
                                        str(path), pair.line))
    return errors


def missing_message(side: str, name: str, version: m.TextVersion) -> str:
    """What to say when a curated pair names a provision a version lacks."""
    available = ", ".join(p.key for p in version.provisions())
    return (f"curated pair: {side}={name!r} names no provision of "
            f"{version.treaty_id}@{version.lang} (available: {available})")


def _root_line(path: Path) -> int | None:
    return parse_xml(path).getroot().sourceline
