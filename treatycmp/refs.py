"""References to treaties, language versions and provisions.

The syntax, used by every command that takes a treaty or an article::

    ID[@LANG][:PROVISION]

    nato-1949                 the treaty (its default language version)
    nato-1949@fr              the French version
    nato-1949:5               Article 5 (default language version)
    nato-1949@fr:5            Article 5 of the French version
    liptako-gourma-2023@fr:preamble   the preamble (also: conclusions)

``ID`` is lower-case letters, digits and single hyphens (so an identifier can
never name a path outside the corpus); ``LANG`` a two- or three-letter code;
``PROVISION`` an article number as stored in the ``n`` attribute (arabic,
``1`` for "Article premier"), ``preamble`` or ``conclusions``.

>>> parse_reference("nato-1949@fr:5")
Reference(treaty='nato-1949', lang='fr', provision='5')
>>> str(parse_reference("nato-1949:5"))
'nato-1949:5'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import LookupFailed
from .model import ARTICLE, Provision, TextVersion, Treaty

TREATY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_REFERENCE = re.compile(
    r"(?P<treaty>[a-z0-9]+(?:-[a-z0-9]+)*)"
    r"(?:@(?P<lang>[a-z]{2,3}))?"
    r"(?::(?P<provision>[0-9A-Za-z]+))?")


@dataclass(frozen=True)
class Reference:
    treaty: str
    lang: str | None = None
    provision: str | None = None

    def __str__(self) -> str:
        out = self.treaty
        if self.lang:
            out += f"@{self.lang}"
        if self.provision:
            out += f":{self.provision}"
        return out


def parse_reference(text: str) -> Reference:
    """Parse ``ID[@LANG][:PROVISION]``; raise ``ValueError`` with a hint if malformed."""
    match = _REFERENCE.fullmatch(text.strip())
    if not match:
        raise ValueError(
            f"{text!r} is not a reference: expected ID[@LANG][:ARTICLE], "
            "for example nato-1949@fr:5")
    return Reference(match["treaty"], match["lang"], match["provision"])


def is_treaty_id(text: str) -> bool:
    """True for a well-formed identifier (``nato-1949``), never for ``..`` or paths."""
    return TREATY_ID.fullmatch(text) is not None


def select_version(treaty: Treaty, lang: str | None) -> TextVersion:
    """The version in ``lang``; with no ``lang``, English if present, else the
    first authentic version. Raise :class:`LookupFailed` naming what exists."""
    if lang is None:
        return treaty.preferred_version()
    version = treaty.version(lang)
    if version is None:
        raise LookupFailed(f"{treaty.id} has no {lang!r} text "
                           f"(available: {', '.join(describe_languages(treaty))})")
    return version


def select_provision(version: TextVersion, provision: str,
                     require_text: bool = True) -> Provision:
    """The named provision; raise :class:`LookupFailed` if it is missing or,
    with ``require_text``, not yet transcribed."""
    found = version.find(provision)
    where = f"{version.treaty_id}@{version.lang}"
    if found is None:
        names = [p.n if p.kind == ARTICLE else p.kind for p in version.provisions()]
        raise LookupFailed(f"{where} has no provision {provision!r} "
                           f"(available: {', '.join(names)})")
    if require_text and not found.transcribed:
        note = f": {found.notes[0]}" if found.notes else ""
        raise LookupFailed(f"{where}:{provision} is recorded as not yet transcribed{note}")
    return found


def describe_languages(treaty: Treaty) -> list[str]:
    """``['en (authentic)', 'fr (authentic)']``: for messages."""
    return [f"{v.lang} ({v.authority_label})" for v in treaty.versions]


def shared_authentic_language(left: Treaty, right: Treaty) -> str | None:
    """A language in which both treaties have an authentic text.

    Ties are broken by the order of the left treaty's authentic languages
    in treaty.xml, so the choice is deterministic.
    """
    for lang in left.work.authentic_languages:
        lv, rv = left.version(lang), right.version(lang)
        if lv and rv and lv.is_authentic and rv.is_authentic:
            return lang
    return None


def choose_versions(left: Treaty, right: Treaty, left_lang: str | None,
                    right_lang: str | None) -> tuple[TextVersion, TextVersion, str | None]:
    """The two versions to compare, and the shared authentic language if it
    was chosen automatically (``None`` when languages were given).

    - both languages given: those versions;
    - one given: the same language on the other side;
    - none given: a shared authentic language (:func:`shared_authentic_language`).
    Raise :class:`LookupFailed` listing each treaty's languages otherwise.
    """
    if left_lang or right_lang:
        lv = select_version(left, left_lang or right_lang)
        rv = select_version(right, right_lang or left_lang)
        return lv, rv, None
    lang = shared_authentic_language(left, right)
    if lang is None:
        raise LookupFailed(
            f"{left.id} and {right.id} have no authentic language in common; name the "
            f"languages, for example {left.id}@{left.languages[0]} "
            f"{right.id}@{right.languages[0]} ({left.id}: "
            f"{', '.join(describe_languages(left))}; {right.id}: "
            f"{', '.join(describe_languages(right))})")
    return left.version(lang), right.version(lang), lang
