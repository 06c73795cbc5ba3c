"""Curated pairs: pairs of provisions decided by a person, in a curated
alignment file (``treaties/alignments/``) or by hand (``--pair``).

- :func:`parse_provision_pairs`: ``5=V,3=-,6=5+6`` as curated pairs.
- the provision a pair names is found as references find it
  (:func:`treatycmp.refs.find_provision`: the key, the printed number, a
  roman numeral's value).
- :func:`with_manual`: pairs by hand replacing the file's pairs they touch.
- :func:`resolve_curated`: curated pairs as groups of provisions, the
  provisions said to have no counterpart, and the stale pairs
  (:class:`StalePair`: a provision named has no text yet).
- :func:`curated_pair_of`: the curated pair that joins two given provisions
  (for the clause comparison of those two, which uses its ``paragraphs``);
  :func:`curated_split_of`: one that makes either part of a split.
- :func:`paragraph_problems`: what the clause comparison would refuse in a
  curated file's ``paragraphs``, found without comparing texts (``validate``).
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

from .align import check_pairs, parse_pair_spec
from .errors import DataError, LookupFailed
from .model import INTRO, CuratedAlignment, CuratedPair, Provision, TextVersion
from .refs import find_provision

BY_HAND = "Paired by hand (--pair)."
ALONE_BY_HAND = "No counterpart, by hand (--pair)."


class StalePair(NamedTuple):
    """A curated pair that could not be used: a provision it names has no text."""

    pair: CuratedPair
    reason: str
    path: str | None = None
    # the provisions it names (None where it names none): the transcribed one
    # stays out of automatic pairing, as a person paired it
    found: tuple[Provision | None, Provision | None] = (None, None)

    @property
    def by_hand(self) -> bool:
        return self.pair.note in (BY_HAND, ALONE_BY_HAND) and self.pair.line is None

    def held(self) -> tuple[dict[str, str], dict[str, str]]:
        """eid -> why, for each side: the transcribed provisions this pair
        keeps out of automatic pairing."""
        out: tuple[dict[str, str], dict[str, str]] = ({}, {})
        by = ("by hand (--pair)" if self.by_hand else
              f"in the curated alignment{f' (line {self.pair.line})' if self.pair.line else ''}")
        for side in (0, 1):
            mine, other = self.found[side], self.found[1 - side]
            if mine is not None and mine.transcribed and other is not None:
                out[side][mine.eid] = (f"Paired {by} with {other.label}, not yet "
                                       "transcribed: not compared.")
        return out

    def __str__(self) -> str:
        where = f"{self.path}:{self.pair.line}: " if self.path and self.pair.line else ""
        return (f"{where}curated pair left={self.pair.left or '-'} "
                f"right={self.pair.right or '-'} not used: {self.reason}")


_SIDE = r"[0-9A-Za-z]+(?:\+[0-9A-Za-z]+)*|-"
_PAIR_ITEM = rf"\s*({_SIDE})\s*=\s*({_SIDE})\s*"  # (compiled by re when first used)


def parse_provision_pairs(text: str) -> tuple[CuratedPair, ...]:
    """Pairs given by hand: ``5=V``, ``5=6,3=-`` (3 has no counterpart),
    ``-=9``, ``6=5+6`` (a split). Raises ``ValueError`` on bad syntax (the
    command line turns it into a usage error).

    >>> [(p.left, p.right) for p in parse_provision_pairs("5=V, 3=-, 6=5+6")]
    [('5', 'V'), ('3', None), ('6', '5'), ('6', '6')]
    """
    out = []
    for item in text.split(","):
        found = re.fullmatch(_PAIR_ITEM, item)
        if found is None or found.groups() == ("-", "-"):
            raise ValueError(f"--pair {item.strip()!r}: write LEFT=RIGHT, such as 5=V, "
                               "3=- (no counterpart) or 6=5+6 (a split)")
        lefts, rights = (g.split("+") for g in found.groups())
        if len(lefts) > 1 and len(rights) > 1:
            raise ValueError(f"--pair {item.strip()!r}: a split pairs one provision "
                               "with several, never several with several")
        for lp in lefts:
            for rp in rights:
                alone = "-" in (lp, rp)
                out.append(CuratedPair(None if lp == "-" else lp, None if rp == "-" else rp,
                                       ALONE_BY_HAND if alone else BY_HAND))
    return tuple(out)


def with_manual(curated: CuratedAlignment | None, manual: Sequence[CuratedPair],
                 ids: tuple[str, str]) -> CuratedAlignment | None:
    """Pairs by hand replace the file's pairs that name the same provisions."""
    if not manual:
        return curated
    named = ({p.left for p in manual} - {None}, {p.right for p in manual} - {None})
    kept = tuple(p for p in (curated.pairs if curated else ())
                 if p.left not in named[0] and p.right not in named[1])
    return CuratedAlignment(ids[0], ids[1], kept + tuple(manual),
                            curated.notes if curated else (),
                            curated.path if curated else None)


def resolve_curated(curated: CuratedAlignment, left: TextVersion, right: TextVersion,
                    others: tuple[Sequence[TextVersion], Sequence[TextVersion]] = ((), ())):
    """Curated pairs as groups of provisions, the provisions said to have no
    counterpart, and the stale pairs.

    ``others`` are the other language versions of each treaty: a provision
    that the curated file names and that ``left`` (or ``right``) lacks but
    another version holds makes the pair stale (versions may hold different
    provisions), not an error."""
    usable, stale = [], []
    alone: tuple[dict[str, str], dict[str, str]] = ({}, {})
    for pair in curated.pairs:
        found = []
        elsewhere = _held_elsewhere(pair, (left, right), others)
        if elsewhere:
            stale.append(StalePair(pair, elsewhere, curated.path))
            continue
        for side, name, version in (("left", pair.left, left), ("right", pair.right, right)):
            if name is None:
                found.append(None)
                continue
            provision = find_provision(version, name)
            if provision is None or provision.kind == INTRO:
                available = ", ".join(p.key for p in version.provisions())
                what = (f"{side}={name!r} names no provision of {version.treaty_id}@"
                        f"{version.lang} (available: {available})")
                if provision is not None:  # intros are shown beside the alignment, not in it
                    what = (f"{side}={name!r} is an intro, which the alignment does not "
                            f"pair: compare it by name (treatycmp compare "
                            f"{version.treaty_id}@{version.lang}:{provision.key} ...)")
                if pair.note in (BY_HAND, ALONE_BY_HAND) and pair.line is None:
                    raise LookupFailed(f"--pair: {what}")
                raise DataError(f"curated pair: {what}", curated.path, pair.line)
            found.append(provision)
        if None in found:
            side = 0 if found[0] else 1
            alone[side][found[side].eid] = pair.note or "No counterpart (curated)."
            continue
        missing = [f"{v.treaty_id}@{v.lang} {p.label} is not yet transcribed"
                   for v, p in zip((left, right), found) if not p.transcribed]
        if missing:
            kept = [f"{p.label} is kept out of automatic pairing" for p in found
                    if p.transcribed]
            stale.append(StalePair(pair, "; ".join(missing + kept), curated.path,
                                   (found[0], found[1])))
        else:
            usable.append((found[0], found[1], pair))
    groups: list[list[list]] = []  # [lefts, rights, pairs]: pairs sharing a provision
    for lp, rp, pair in usable:
        merged = [[lp], [rp], [pair]]
        for group in [g for g in groups if lp in g[0] or rp in g[1]]:
            groups.remove(group)
            merged = [a + b for a, b in zip(group, merged)]
        groups.append(merged)
    out = []
    for lefts, rights, pairs in groups:
        lefts = sorted(dict.fromkeys(lefts), key=left.provisions().index)
        rights = sorted(dict.fromkeys(rights), key=right.provisions().index)
        if len(lefts) > 1 and len(rights) > 1:
            raise DataError("curated pairs pair several provisions with several: a split "
                            "pairs one provision with several", curated.path, pairs[0].line)
        spec = next((p for p in pairs if p.paragraphs), pairs[0])
        out.append((lefts, rights, " ".join(dict.fromkeys(p.note for p in pairs if p.note))
                    or None, (spec.paragraphs, spec.line)))
    return out, alone, tuple(stale)


def _held_elsewhere(pair: CuratedPair, versions: tuple[TextVersion, TextVersion],
                    others: tuple[Sequence[TextVersion], Sequence[TextVersion]]) -> str:
    """Why a file's pair cannot be used in these versions though its names
    exist in other versions of the treaties ("" when that is not the case)."""
    if pair.note in (BY_HAND, ALONE_BY_HAND) and pair.line is None:
        return ""  # a name typed by hand must exist in the version compared
    reasons = []
    for name, version, siblings in zip((pair.left, pair.right), versions, others):
        if name is None or find_provision(version, name) is not None:
            continue
        langs = [v.lang for v in siblings
                 if v.lang != version.lang and find_provision(v, name) is not None]
        if not langs:
            return ""  # named nowhere: the error below says so
        reasons.append(f"{version.treaty_id}@{version.lang} has no provision {name!r} "
                       f"(it is in {', '.join(langs)})")
    return "; ".join(reasons)


def curated_pair_of(curated: CuratedAlignment | None, left: TextVersion, lp: Provision,
                    right: TextVersion, rp: Provision) -> CuratedPair | None:
    """The curated pair that joins ``lp`` (of ``left``) with ``rp`` (of
    ``right``) and nothing else, or ``None``.

    A pair whose provisions are part of a split (another pair names ``lp`` or
    ``rp`` with a third provision) is not returned: its ``paragraphs`` number
    the paragraphs of the joined parts, not of ``lp`` and ``rp`` alone
    (:func:`curated_split_of` finds it). Names that resolve to nothing in
    these versions are passed over: the clause comparison is not the place to
    report a stale curated file (``validate`` and ``align`` do).
    """
    found, split = _touching(curated, left, lp, right, rp)
    return None if split else found


def curated_split_of(curated: CuratedAlignment | None, left: TextVersion, lp: Provision,
                     right: TextVersion, rp: Provision) -> CuratedPair | None:
    """A curated pair with ``paragraphs`` that makes ``lp`` or ``rp`` part of
    a split (so its paragraph pairs do not apply to the two alone), or None."""
    found, split = _touching(curated, left, lp, right, rp)
    return next((p for p in split + ([found] if split and found else []) if p.paragraphs),
                None)


def _touching(curated, left, lp, right, rp) -> tuple[CuratedPair | None, list[CuratedPair]]:
    """The pair naming both ``lp`` and ``rp``, and the pairs joining either to a
    third provision."""
    if curated is None:
        return None, []
    found, split = None, []
    for pair in curated.pairs:
        names = (find_provision(left, pair.left) if pair.left else None,
                 find_provision(right, pair.right) if pair.right else None)
        touches = (names[0] is not None and names[0].eid == lp.eid,
                   names[1] is not None and names[1].eid == rp.eid)
        if all(touches):
            found = found or pair
        elif any(touches) and None not in names:
            split.append(pair)  # lp or rp is joined to a third provision
    return found, split


def paragraphs_error(left_label: str, right_label: str, spec: str, problem: str,
                     path: str | None, line: int | None,
                     written: str | None = None) -> DataError:
    """How a curated pair's ``paragraphs`` that do not fit are reported
    (``written``: the value as its file writes it, when the two treaties are
    compared the other way round; it is quoted, then the value as read)."""
    quoted = (f"{written!r} (read the other way round: {spec!r})"
              if written is not None and written != spec else repr(spec))
    return DataError(f"curated pair {left_label} / {right_label}: paragraphs={quoted}: "
                     f"{problem}", path, line)


def paragraph_problems(curated: CuratedAlignment, left: Sequence[TextVersion],
                       right: Sequence[TextVersion]) -> list[DataError]:
    """What ``compare`` and ``diff`` would refuse in the curated pairs'
    ``paragraphs``, found without comparing any text (``treatycmp validate``),
    with the messages they give; ``left`` and ``right`` are every version of
    the two treaties.

    - In any pair's ``paragraphs``: a paragraph paired twice, pairs that
      cross once put in reading order, joined paragraphs out of order
      (:func:`treatycmp.align.check_pairs` with no paragraph counts).
    - A paragraph number beyond the paragraphs of the clause, in each pair
      of versions in which both provisions are transcribed (the parts of a
      split counted together, as the treaty comparison joins them); the
      versions concerned are named after the message.
    - What :func:`resolve_curated` refuses in some pair of versions.
    """
    found: dict[tuple, DataError] = {}
    labels: dict[int | None, tuple[str, str]] = {}
    too_far: dict[tuple[int | None, str], list[str]] = {}
    # (Versions in the same language first: their labels are quoted.)
    for lv, rv in sorted(((lv, rv) for lv in left for rv in right),
                         key=lambda versions: versions[0].lang != versions[1].lang):
        try:
            groups, _, _ = resolve_curated(curated, lv, rv, (left, right))
        except DataError as exc:
            found.setdefault((exc.line, str(exc)), exc)
            continue
        for lefts, rights, _, (spec, line) in groups:
            if spec is None:
                continue
            names = (" + ".join(p.label for p in lefts), " + ".join(p.label for p in rights))
            labels.setdefault(line, names)
            try:
                pairs = parse_pair_spec(spec)
            except ValueError:
                continue  # said once below, for the pair
            try:
                check_pairs(pairs)
                known = None
            except ValueError as exc:
                known = str(exc)  # said once below; a number out of range may come first
            for side, version, parts in ((0, lv, lefts), (1, rv, rights)):
                size = sum(len(p.paragraphs) for p in parts)
                try:
                    check_pairs(pairs, *((size, None) if side == 0 else (None, size)))
                except ValueError as exc:
                    if str(exc) == known:
                        continue
                    message = str(paragraphs_error(*names, spec, str(exc), None, None))
                    where = f"{version.treaty_id}@{version.lang}"
                    places = too_far.setdefault((line, message), [])
                    if where not in places:
                        places.append(where)
    for pair in curated.pairs:
        if pair.paragraphs is None:
            continue
        try:
            check_pairs(parse_pair_spec(pair.paragraphs))
        except ValueError as exc:
            names = labels.get(pair.line) or (_label(pair.left, left), _label(pair.right, right))
            error = paragraphs_error(*names, pair.paragraphs, str(exc), curated.path, pair.line)
            found.setdefault((pair.line, str(error)), error)
    for (line, message), places in too_far.items():
        found.setdefault((line, message), DataError(f"{message} (in {', '.join(places)})",
                                                    curated.path, line))
    return sorted(found.values(), key=lambda error: error.line or 0)


def _label(name: str | None, versions: Sequence[TextVersion]) -> str:
    """How the provision ``name`` is labelled in the first version that has it."""
    found = next((p for p in (find_provision(v, name) for v in versions) if p), None)
    return found.label if found else name or "-"
