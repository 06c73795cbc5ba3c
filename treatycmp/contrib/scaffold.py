"""New treaty files for contributors to fill in.

- :func:`scaffold_treaty`: ``treaty.xml`` and ``LANG.xml`` for a new
  treaty, every metadata element present, each with a comment saying what
  to write there.
- :func:`find_placeholders`: the lines of a treaty file still to fill in.
- :data:`PLACEHOLDER`: the words that start every value still to fill in.

The treaty is marked ``status="draft"``: a draft validates with its
placeholders (``treatycmp validate`` accepts the scaffold as it stands), is
listed as DRAFT, and reports show it as a draft. Placeholders are values the
schema allows, clearly marked: texts start with ``TO FILL IN``, and the one
date the schema requires (signature) is :data:`PLACEHOLDER_DATE`,
9999-12-31, a date no treaty was signed on. Once the draft mark is removed,
``validate`` reports every placeholder left. The text itself is one article
recorded as not yet transcribed.
"""

from __future__ import annotations

import datetime as dt
import re

from .. import model as m
from ..refs import is_treaty_id
from ..store import validate as _rules
from ..store.write import version_to_xml, work_to_xml

PLACEHOLDER = _rules.PLACEHOLDER
PLACEHOLDER_DATE = dt.date.fromisoformat(_rules.PLACEHOLDER_DATE)
_LANG = re.compile(r"[a-z]{2,3}")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# What to write in each element: ElementPath -> comment lines ("." is the file).
WORK_COMMENTS = {
    ".": ("The treaty as a work: what every language version shares (docs/schema.md).",
          f"Every value starting with {PLACEHOLDER} is a placeholder: replace it with",
          "a fact checked against a source you can name; say which in a <note>.",
          'status="draft" marks the treaty as still being filled in: remove it when',
          "no placeholder is left (validate then checks that none is)."),
    "signed": ('Signature: date="YYYY-MM-DD" and place as in the final clauses;',
               "by= (optional) who signed. 9999-12-31 is a placeholder: the schema",
               "requires a date here."),
    "entryIntoForce": ('Entry into force: add date="YYYY-MM-DD" once known, and say how',
                       '(for example "On the deposit of the fifth instrument of',
                       'ratification (Article 11).") or why it never entered into force.',
                       "Where sources disagree, take it from the final clauses."),
    "parties": ("One <party> per original party, named as in the treaty.",),
    "depositary": ("The depositary named in the final clauses.",),
    "authenticLanguages": ("Every language in which the text is authentic, as the final",
                           'clauses say (one <language code="xx"/> each). A language',
                           "file marked authentic must be listed here."),
    "citations": ("Official citations, such as <citation>34 UNTS 243</citation>; keep",
                  'verified="false" until checked against the publication itself. If',
                  "there is none, replace the citations with <none>the reason</none>."),
    "status": ("The status today. value: in-force, terminated, suspended, not-in-force",
               "or superseded (the value here is a placeholder); asOf=\"YYYY-MM-DD\":",
               "when you checked; the text: for whom, since when (a party that",
               "suspended it...)."),
    "note": ("Notes on the work: where these facts come from, where sources disagree.",
             "Delete the note if there is nothing to say."),
}

VERSION_COMMENTS = {
    ".": ("One language version of the treaty (CONTRIBUTING.md, docs/schema.md).",
          "authority: authentic, official-translation or unofficial-translation.",
          'A translation says translationOf="LANG" (the text it translates). An',
          "unofficial translation is the project's own, never a third party's, and",
          "names its translator: <translator>treatycmp</translator> after <shortTitle>.",
          "Store the wording exactly as printed: accents, capitals, punctuation and",
          "apostrophes as in the authentic text, one paragraph per line."),
    "meta/title": ("The full title as printed in this language version, then a short",
                   "title."),
    "meta/state": ('Which state of the text is stored: kind="as-signed", or',
                   'kind="as-amended" and the text names the amending instruments.'),
    "meta/sources": ("Every publication the wording was checked against, each with a",
                     'short id that checked="..." below refers to. For an online copy',
                     'add url="..." and accessed="YYYY-MM-DD". Prefer official',
                     "publications (treaty series, official journal); say in the",
                     "description when a copy is not official."),
    "meta/note": ("Transcription conventions: spelling family, apostrophes, what is left",
                  "out (footnote markers, signatures). Delete the note if there is",
                  "nothing to say."),
    "preamble": ('Once checked against a source: checked="SOURCE-ID" instead of status,',
                 "and one <p> per recital. Delete the element if the treaty has no",
                 "preamble."),
    "body/article": ('One <article n="5"> per article (n: the key used in references,',
                     "lower case: 5 for ARTICLE V or Article 5, 1 for Article premier,",
                     "21bis, 1.01, a); <num> the label as printed; articles may sit in",
                     '<division kind="part|title|chapter|section|subsection">;',
                     '<heading> its heading, if printed. A checked article has',
                     'checked="SOURCE-ID ..." and one <para> per paragraph:',
                     '<para n="1"><num>1.</num><p>...</p><point n="a"><num>(a)</num>',
                     "<p>...</p></point></para>. An article you cannot check against a",
                     'named source stays status="untranscribed" with a note saying why:',
                     "never fill it from memory."),
    "conclusions": ("The final clauses (In witness whereof..., Done at...), one <p> per",
                    "paragraph once checked; delete the element if there are none."),
}


def check_lang(lang: str) -> None:
    """Raise ``ValueError`` unless ``lang`` is a two- or three-letter code."""
    if not isinstance(lang, str) or not _LANG.fullmatch(lang):
        raise ValueError(f"{lang!r} is not a language code (two or three lower-case "
                         "letters, for example en or fr)")


def scaffold_treaty(treaty_id: str, lang: str) -> dict[str, str]:
    """``{"treaty.xml": ..., "LANG.xml": ...}`` for a new treaty folder ``treaty_id``.

    Raise ``ValueError`` for a malformed identifier or language code.

    >>> sorted(scaffold_treaty("anzus-1951", "en"))
    ['en.xml', 'treaty.xml']
    >>> 'status="draft"' in scaffold_treaty("anzus-1951", "en")["treaty.xml"]
    True
    """
    if not isinstance(treaty_id, str) or not is_treaty_id(treaty_id):
        raise ValueError(f"{treaty_id!r} is not a treaty id (lower-case letters, digits "
                         "and single hyphens, for example nato-1949)")
    check_lang(lang)
    work = work_to_xml(_work(treaty_id, lang), comments=_joined(WORK_COMMENTS))
    text = version_to_xml(_version(treaty_id, lang), comments=_joined(VERSION_COMMENTS))
    return {"treaty.xml": work.decode("utf-8"), f"{lang}.xml": text.decode("utf-8")}


def _joined(comments: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {path: "\n".join(lines) for path, lines in comments.items()}


def _work(treaty_id: str, lang: str) -> m.Work:
    return m.Work(
        id=treaty_id,
        signed_date=PLACEHOLDER_DATE,
        signed_place=f"{PLACEHOLDER}: place of signature",
        signed_by=f"{PLACEHOLDER}: who signed (optional: delete by= if not needed)",
        entry_into_force_note=f"{PLACEHOLDER}: when and how the treaty entered into force",
        parties=(f"{PLACEHOLDER}: a party, as named in the treaty",),
        depositary=f"{PLACEHOLDER}: the depositary",
        authentic_languages=(lang,),
        citations=(m.Citation(f"{PLACEHOLDER}: the official citation, such as a UNTS "
                              "volume and page", verified=False),),
        status="not-in-force",
        status_note=f"{PLACEHOLDER}: the status today (the value is a placeholder too)",
        notes=(f"{PLACEHOLDER}: notes on the work, or delete this note",),
        draft=True,
    )


def _version(treaty_id: str, lang: str) -> m.TextVersion:
    def untranscribed(kind: str, eid: str, what: str, **extra) -> m.Provision:
        note = f"{PLACEHOLDER}: transcribe {what} from a named source, or say why not"
        return m.Provision(kind=kind, eid=eid, paragraphs=(), transcribed=False,
                           notes=(note,), heading=None, **extra)

    return m.TextVersion(
        treaty_id=treaty_id, lang=lang, authority=m.AUTHENTIC,
        title=f"{PLACEHOLDER}: the full title as printed in this language version",
        short_title=f"{PLACEHOLDER}: a short title",
        state_kind="as-signed",
        state=f"{PLACEHOLDER}: as signed, or as amended (and by what)",
        sources=(m.Source("source1", f"{PLACEHOLDER}: the publication this text was "
                                     "checked against (title, volume, page)"),),
        notes=(f"{PLACEHOLDER}: transcription conventions, or delete this note",),
        preamble=untranscribed(m.PREAMBLE, "preamble", "the preamble", n=None,
                               label="Preamble"),
        articles=(untranscribed(m.ARTICLE, "art_1", "this article", n="1",
                                label="Article 1"),),
        conclusions=untranscribed(m.CONCLUSIONS, "conclusions", "the final clauses",
                                  n=None, label="Conclusions"),
    )


def is_untouched_scaffold(data: bytes, treaty_id: str, lang: str) -> bool:
    """True when ``data`` is exactly the language file :func:`scaffold_treaty`
    writes for this treaty and language: nothing of a contributor's is in it,
    so an import may replace it.

    >>> text = scaffold_treaty("x-1", "en")["en.xml"].encode("utf-8")
    >>> is_untouched_scaffold(text, "x-1", "en"), is_untouched_scaffold(text + b" ", "x-1", "en")
    (True, False)
    """
    try:
        expected = scaffold_treaty(treaty_id, lang)[f"{lang}.xml"]
    except ValueError:
        return False
    return data == expected.encode("utf-8")


def find_placeholders(xml_text: str) -> tuple[tuple[int, str], ...]:
    """``(line number, line)`` of every line of a treaty file that still holds a
    placeholder (comments aside).

    >>> files = scaffold_treaty("x-1", "en")
    >>> any("9999-12-31" in line for _, line in find_placeholders(files["treaty.xml"]))
    True
    """
    # Comments explain placeholders; blank them out but keep their line breaks.
    text = _COMMENT.sub(lambda c: "\n" * c.group().count("\n"), xml_text)
    date = PLACEHOLDER_DATE.isoformat()
    return tuple((no, line.strip()) for no, line in enumerate(text.split("\n"), 1)
                 if PLACEHOLDER in line or date in line)
