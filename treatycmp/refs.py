"""References to treaties, language versions and provisions.

The syntax, used by every command that takes a treaty or an article::

    ID[@LANG][:PROVISION]

    nato-1949                 the treaty (its default language version)
    nato-1949@fr              the French version
    nato-1949:5               Article 5 (default language version)
    nato-1949@fr:5            Article 5 of the French version
    liptako-gourma-2023@fr:preamble   the preamble (also: conclusions)

    anzus-1951:IV             Article IV, by its printed number (key 4)
    charter-1996:A            Article A (a lettered article: key a)
    fta-2004:1.01  fta-2004:1-01  x-1990:21bis  x-1990:21 bis
    x-1990:annex-2:3          Article 3 of Annex 2 (also protocol-1:3, schedule-a:2)
    x-1990:annex-2            the text of Annex 2, when it has no articles
    x-1990:part-1:intro       the intro of Part 1 (text under its heading, before
                              its articles); annex-2:intro, part-1:chapter-2:intro

``ID`` is letters, digits and single hyphens, read case-insensitively
(``NATO-1949`` is ``nato-1949``; an identifier can never name a path outside
the corpus); ``LANG`` a two- or three-letter code; ``PROVISION`` an article's
key as stored in its ``n`` attribute (``1`` for "Article premier", ``21bis``),
or its number as printed (``IV``, ``21 bis``), ``preamble`` or ``conclusions``,
optionally after an annex (``annex-2:``); or ``intro`` after the divisions and
annex that hold it (``part-1:chapter-2:intro``). A name that resolves to nothing is
answered with the closest names that exist ("did you mean ...").

>>> parse_reference("nato-1949@fr:5")
Reference(treaty='nato-1949', lang='fr', provision='5')
>>> str(parse_reference("NATO-1949:5"))
'nato-1949:5'
>>> parse_reference("x-1990:annex-2:21 bis").provision
'annex-2:21 bis'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import LookupFailed
from .model import (ANNEX, Division, Provision, TextVersion, Treaty, intro_path, normalise_key,
                    roman_to_int)

TREATY_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_CHARS = 100  # characters; a folder name may hold 255 bytes
_REFERENCE = re.compile(
    r"(?P<treaty>[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)"
    r"(?:@(?P<lang>[A-Za-z]{2,3}))?"
    r"(?::(?P<provision>[0-9A-Za-z][0-9A-Za-z .:\-]*))?")
_EDGE_PUNCTUATION = ".:;,-–—()[]"
MAX_LISTED = 12  # names listed in a message before "..."


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
    provision = match["provision"].strip() if match["provision"] else None
    return Reference(match["treaty"].lower(), match["lang"] and match["lang"].lower(),
                     provision or None)


def is_treaty_id(text: str) -> bool:
    """True for a well-formed identifier (``nato-1949``), never for ``..`` or paths,
    nor for one too long to name a folder."""
    return len(text) <= MAX_ID_CHARS and TREATY_ID.fullmatch(text) is not None


def select_version(treaty: Treaty, lang: str | None) -> TextVersion:
    """The version in ``lang``; with no ``lang``, English if present, else the
    first authentic version. Raise :class:`LookupFailed` naming what exists."""
    if lang is None:
        return treaty.preferred_version()
    version = treaty.version(lang.lower())
    if version is None:
        raise LookupFailed(f"{treaty.id} has no {lang!r} text "
                           f"({did_you_mean(lang.lower(), treaty.languages, 0.5)}"
                           f"available: {', '.join(describe_languages(treaty))})")
    return version


def find_provision(version: TextVersion, provision: str) -> Provision | None:
    """The provision a reference names, or ``None``.

    Tried in turn: the key (``5``, ``21bis``, ``annex-2:3``, ``preamble``,
    in any case and spacing); the number as printed in an article's ``<num>``
    (``IV`` for "ARTICLE IV", ``21 bis``); a roman numeral's value (``iv``
    for the article keyed ``4``). An annex prefix (``annex-2:``, ``Annex 2:``)
    limits the search to that annex's articles.
    """
    found = version.find(provision)
    if found is not None:
        return found
    annex_part, sep, number = provision.rpartition(":")
    if sep and normalise_key(number) == "intro":
        return _find_intro(version, annex_part)
    if sep:
        annex = version.annex("-".join(annex_part.split()))
        if annex is None:
            return None
        articles = annex.articles
    else:
        articles = version.articles
    key = normalise_key(number)
    printed = next((a for a in articles if key in _printed_keys(a.label)), None)
    if printed is not None:
        return printed
    value = roman_to_int(key)
    if value is not None:
        return next((a for a in articles if a.n == str(value)), None)
    return None


def _find_intro(version: TextVersion, path: str) -> Provision | None:
    """The intro of the division or annex named by ``path``, written with
    spaces or in any case (``Part 1``, ``PART-I``: a roman numeral is tried
    as its value when no key matches as written)."""
    steps = ["-".join(step.split()).lower() for step in path.split(":")]
    found = version.find(":".join(steps + ["intro"]))
    if found is not None:
        return found
    arabic = []
    for step in steps:
        kind, _, n = step.partition("-")
        value = roman_to_int(n)
        arabic.append(f"{kind}-{value}" if value is not None else step)
    return version.find(":".join(arabic + ["intro"]))


def _refuse_missing_intro(version: TextVersion, provision: str, where: str) -> None:
    """Raise :class:`LookupFailed` when ``provision`` asks for the intro of a
    division or annex that exists but has none (a clearer answer than a list
    of names)."""
    path, sep, last = provision.rpartition(":")
    if not sep or normalise_key(last) != "intro":
        return
    steps = ":".join("-".join(step.split()).lower() for step in path.split(":"))
    holders = [*(d for d in version.divisions()), *version.annexes,
               *(d for a in version.annexes for item in a.items
                 if isinstance(item, Division) for d in item.divisions())]
    for holder in holders:
        if ":".join(intro_path(f"{holder.eid}__intro")) == steps:
            name = " - ".join(x for x in (holder.num, holder.heading) if x) or steps
            plain = not any(isinstance(i, Division) or i.kind != ANNEX for i in holder.items)
            why = (f"its text is {steps}" if plain else
                   "its text starts with its first article or division")
            raise LookupFailed(f"{where}: {name} ({steps}) has no intro: {why}")


def _printed_keys(label: str) -> set[str]:
    """The keys of every tail of a printed label: "Article 21 bis" gives
    ``bis``, ``21bis`` and ``article21bis``."""
    words = [w.strip(_EDGE_PUNCTUATION) for w in label.split()]
    words = [w for w in words if w]
    return {normalise_key("".join(words[i:])) for i in range(len(words))}


def select_provision(version: TextVersion, provision: str,
                     require_text: bool = True) -> Provision:
    """The named provision (see :func:`find_provision`); raise
    :class:`LookupFailed` if it is missing (with the closest names that exist)
    or, with ``require_text``, not yet transcribed."""
    found = find_provision(version, provision)
    where = f"{version.treaty_id}@{version.lang}"
    if found is None:
        _refuse_missing_intro(version, provision, where)
        names = [p.key for p in version.provisions() + version.intros()]
        listed = ", ".join(names[:MAX_LISTED]) + (
            f", ... ({len(names)} in all)" if len(names) > MAX_LISTED else "")
        key = normalise_key(provision)
        hint = "" if key.isdigit() else did_you_mean(key, names)
        raise LookupFailed(f"{where} has no provision {provision!r} "
                           f"({hint}"
                           f"available: {listed})")
    if require_text and not found.transcribed:
        note = f": {found.notes[0]}" if found.notes else ""
        raise LookupFailed(f"{where}:{provision} is recorded as not yet transcribed{note}")
    return found


def did_you_mean(name: str, known, cutoff: float = 0.6) -> str:
    """``"did you mean X or Y? "`` for the known names closest to ``name``, or ``""``.

    >>> did_you_mean("nato-1994", ["nato-1949", "rio-1947"])
    'did you mean nato-1949? '
    """
    import difflib  # only when a name is not found
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=cutoff)
    return f"did you mean {' or '.join(close)}? " if close else ""


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
                    right_lang: str | None, left_provision: str | None = None,
                    right_provision: str | None = None
                    ) -> tuple[TextVersion, TextVersion, str | None]:
    """The two versions to compare, and the shared authentic language if it
    was chosen automatically (``None`` when languages were given).

    - both languages given: those versions;
    - one given: the same language on the other side;
    - none given: a shared authentic language (:func:`shared_authentic_language`);
      with provisions named, the first shared authentic language (in the left
      treaty's order) in which both provisions are transcribed, else in which
      both exist (the language versions of a treaty may hold different
      provisions). When none has both, :class:`LookupFailed` names the
      languages that have each.
    Raise :class:`LookupFailed` listing each treaty's languages otherwise.
    """
    if left_lang or right_lang:
        lv = select_version(left, left_lang or right_lang)
        rv = select_version(right, right_lang or left_lang)
        return lv, rv, None
    if left_provision is not None and right_provision is not None:
        lang = _language_of_both(left, right, left_provision, right_provision)
        if lang is not None:
            return left.version(lang), right.version(lang), lang
    lang = shared_authentic_language(left, right)
    if lang is None:
        raise LookupFailed(
            f"{left.id} and {right.id} have no authentic language in common; name the "
            f"languages, for example {left.id}@{left.languages[0]} "
            f"{right.id}@{right.languages[0]} ({left.id}: "
            f"{', '.join(describe_languages(left))}; {right.id}: "
            f"{', '.join(describe_languages(right))})")
    return left.version(lang), right.version(lang), lang


def _language_of_both(left: Treaty, right: Treaty, left_provision: str,
                      right_provision: str) -> str | None:
    """The first shared authentic language (left treaty's order) in which both
    provisions are transcribed, else in which both exist; None when no shared
    authentic language holds either. Raise :class:`LookupFailed` naming the
    languages that have each provision when the treaties share authentic
    languages but none holds both."""
    shared = [lang for lang in left.work.authentic_languages
              if (lv := left.version(lang)) and (rv := right.version(lang))
              and lv.is_authentic and rv.is_authentic]
    if not shared:
        return None
    found = {lang: (find_provision(left.version(lang), left_provision),
                    find_provision(right.version(lang), right_provision))
             for lang in shared}
    for usable in (lambda a, b: a.transcribed and b.transcribed, lambda a, b: True):
        for lang in shared:
            lp, rp = found[lang]
            if lp is not None and rp is not None and usable(lp, rp):
                return lang
    holders = [(treaty, name, [v.lang for v in treaty.versions
                               if find_provision(v, name) is not None])
               for treaty, name in ((left, left_provision), (right, right_provision))]
    if not all(langs for _, _, langs in holders):
        return None  # one exists nowhere: the usual message lists what does
    said = "; ".join(f"{treaty.id}:{name} is in {', '.join(langs)}"
                     for treaty, name, langs in holders)
    example = " ".join(f"{treaty.id}@{langs[0]}:{name}" for treaty, name, langs in holders)
    raise LookupFailed(f"no authentic language shared by {left.id} and {right.id} "
                       f"({', '.join(shared)}) holds both provisions: {said}; name the "
                       f"languages, for example {example}")
