"""The static site of the corpus: view-models of its pages, and writing them.

A site is a folder of plain HTML files that works from ``file://`` or any
static host (relative links only, CSS inlined, no JavaScript):

- ``index.html``: what treatycmp is, the flagship, the collations and
  example reports, and the corpus overview (a table and an SVG chart of how
  much of each language version is transcribed);
- ``treaties/ID.html``: a treaty's metadata, citation, parties and status,
  then each language version with every provision in reading order (the
  intros of divisions and annexes in their places, labelled), its text
  exactly as stored or "not yet transcribed", its sources and notes;
- ``articles/ID-LANG-N.html``: a page per provision: its text (or "not
  yet transcribed"), notes and sources, with links to its comparisons with
  its counterparts and to the collations that read it;
- ``compare/*.html``: clause reports of every pair of counterparts
  (:func:`counterpart_pairs`: the same provision in two language versions,
  and the pairs of the curated alignments, in every language both have);
- ``collations/*.html``: family collations (:mod:`treatycmp.report.collation`);
- ``reports/*.html``: example reports, copied as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..errors import OutputError
from ..output import write_atomically
from ..compare import compare_provisions
from ..model import (INTRO, CuratedAlignment, Corpus, Provision, TextVersion, Treaty,
                     format_date, intro_label)
from .clause import build_clause_report, language_name
from .render import render_report, render_template, write_report

Text = tuple[Treaty, TextVersion, Provision]

MARKER = ".treatycmp-site"  # a folder holding this file may be rebuilt in place


@dataclass(frozen=True)
class Link:
    href: str
    label: str


@dataclass(frozen=True)
class SiteProvision:
    anchor: str
    href: str  # its own page, from the site's top
    label: str
    heading: str | None
    transcribed: bool
    paragraphs: tuple[tuple[str | None, str], ...]  # (number, exact text)
    notes: tuple[str, ...]
    checked: tuple[str, ...]  # descriptions of the sources it was checked against
    links: tuple[Link, ...]  # collations and reports that read it
    intro: bool = False  # the intro of a division or annex (not an article)


@dataclass(frozen=True)
class SiteVersion:
    anchor: str
    lang: str
    language: str
    authority: str
    is_authentic: bool
    title: str
    state: str
    transcribed: int
    listed: int
    sources: tuple[tuple[str, str | None], ...]
    notes: tuple[str, ...]
    provisions: tuple[SiteProvision, ...]  # in reading order, intros in their places
    intros: tuple[int, int] = (0, 0)  # intros transcribed, intros recorded


@dataclass(frozen=True)
class SiteTreaty:
    id: str
    href: str
    title: str
    short_title: str
    signed: str
    citation: str
    parties: tuple[str, ...]
    depositary: str
    status: str
    entry_into_force: str | None
    authentic: str
    notes: tuple[str, ...]
    versions: tuple[SiteVersion, ...]


@dataclass(frozen=True)
class CoverageBar:
    y: int
    label: str
    width: float  # share transcribed, in user units of the bar area
    text: str


@dataclass(frozen=True)
class SiteHome:
    treaties: tuple[SiteTreaty, ...]
    collations: tuple[Link, ...]
    reports: tuple[Link, ...]
    bars: tuple[CoverageBar, ...]
    chart_height: int
    flagship: Link | None
    version: str = __version__


def _provision(treaty: Treaty, version: TextVersion, provision: Provision,
               links: dict[str, list[Link]]) -> SiteProvision:
    sigil = _sigil(treaty, version, provision)
    checked = [version.source(s) for s in provision.checked]
    return SiteProvision(
        anchor=f"{version.lang}-{provision.eid}",
        href=f"articles/{article_file(treaty, version, provision)}",
        label=intro_label(version, provision), intro=provision.kind == INTRO,
        heading=provision.heading, transcribed=provision.transcribed,
        paragraphs=tuple((p.num, p.full_text) for p in provision.paragraphs),
        notes=provision.notes, checked=tuple(s.description for s in checked if s),
        links=tuple(links.get(sigil, ())))


def _name(provision: Provision) -> str:
    """How the site names a provision in its version: the article number or
    kind (``5``, ``preamble``), the key inside an annex or for an intro
    (``annex-1:1``, ``part-1:intro``: an annex's Article 1 is not the body's)."""
    if provision.kind == INTRO or provision.annex:
        return provision.key
    return provision.n or provision.kind


def _sigil(treaty: Treaty, version: TextVersion, provision: Provision) -> str:
    """How collations and links name a provision."""
    return f"{treaty.id}@{version.lang}:{_name(provision)}"


def article_file(treaty: Treaty, version: TextVersion, provision: Provision) -> str:
    return f"{treaty.id}-{version.lang}-{_name(provision).replace(':', '-')}.html"


def _describe(text: Text) -> str:
    treaty, version, provision = text
    return (f"{version.short_title}, {intro_label(version, provision)} "
            f"({language_name(version.lang)})")


def counterpart_pairs(corpus: Corpus,
                      alignments: list[CuratedAlignment]) -> list[tuple[Text, Text, str]]:
    """Pairs of transcribed provisions worth comparing, each with the reason:
    the same provision in two language versions of a treaty, and every pair
    of a curated alignment in each language both treaties have."""
    out = []
    for treaty in corpus.treaties:
        for a, b in ((a, b) for k, a in enumerate(treaty.versions)
                     for b in treaty.versions[k + 1:]):
            for provision in a.provisions() + a.intros():
                other = b.find(_name(provision))
                if provision.transcribed and other is not None and other.transcribed:
                    out.append(((treaty, a, provision), (treaty, b, other),
                                "The same provision in another language version."))
    for alignment in alignments:
        left, right = corpus.treaty(alignment.left), corpus.treaty(alignment.right)
        if left is None or right is None:
            continue
        for pair in alignment.pairs:
            for lv in left.versions:
                rv = right.version(lv.lang)
                lp, rp = lv.find(pair.left), rv.find(pair.right) if rv else None
                if lp is not None and rp is not None and lp.transcribed and rp.transcribed:
                    out.append(((left, lv, lp), (right, rv, rp), pair.note))
    return out


def compare_file(left: Text, right: Text) -> str:
    return article_file(*left)[:-5] + "_vs_" + article_file(*right)


def build_treaty_page(treaty: Treaty, links: dict[str, list[Link]]) -> SiteTreaty:
    work = treaty.work
    versions = tuple(SiteVersion(
        anchor=f"text-{v.lang}", lang=v.lang, language=language_name(v.lang),
        authority=v.authority_label, is_authentic=v.is_authentic, title=v.title,
        state=v.state, transcribed=v.transcribed_count, listed=len(v.articles),
        sources=tuple((s.description, s.url) for s in v.sources), notes=v.notes,
        provisions=tuple(_provision(treaty, v, p, links) for p in v.reading_order()),
        intros=v.intro_count)
        for v in treaty.versions)
    head = treaty.preferred_version()
    citation = work.citation_text or (f"no official citation: {work.no_citation_reason}"
                                      if work.no_citation_reason else "")
    force = format_date(work.entry_into_force) if work.entry_into_force else None
    if work.entry_into_force_note:
        force = f"{force}; {work.entry_into_force_note}" if force else work.entry_into_force_note
    status = work.status + (f" (as of {format_date(work.status_as_of)})"
                            if work.status_as_of else "")
    if work.status_note:
        status += f"; {work.status_note}"
    return SiteTreaty(
        id=treaty.id, href=f"treaties/{treaty.id}.html", title=head.title,
        short_title=head.short_title,
        signed=f"{work.signed_place}, {format_date(work.signed_date)}", citation=citation,
        parties=work.parties, depositary=work.depositary, status=status,
        entry_into_force=force,
        authentic=", ".join(language_name(lang) for lang in work.authentic_languages),
        notes=work.notes, versions=versions)


def build_site_home(treaties: tuple[SiteTreaty, ...], collations: list[Link],
                    reports: list[Link], flagship: Link | None) -> SiteHome:
    bars, y = [], 8
    for treaty in treaties:
        for version in treaty.versions:
            share = version.transcribed / version.listed if version.listed else 0.0
            bars.append(CoverageBar(y, f"{treaty.id}@{version.lang}", round(share * 300, 1),
                                    f"{version.transcribed}/{version.listed}"))
            y += 22
    return SiteHome(treaties, tuple(collations), tuple(reports), tuple(bars), y + 8, flagship)


def write_site(corpus: Corpus, out: Path, collations: list[tuple[str, str, str, list[str]]],
               reports: list[tuple[str, str, bytes]],
               alignments: list[CuratedAlignment] = ()) -> list[Path]:
    """Write the site into ``out`` (created if missing; an existing folder
    must be empty or hold a site written before). ``collations`` are (file,
    title, rendered HTML, witness sigils); ``reports`` (file, about, bytes).
    Returns the files written."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError("cannot write a site: this is a file", str(out))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise OutputError("cannot write a site into a folder that holds other files "
                          "(choose an empty or new folder)", str(out))
    for sub in ("", "treaties", "articles", "compare", "collations", "reports"):
        try:
            (out / sub).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create the folder: {error.strerror}",
                              str(out / sub)) from None
    links: dict[str, list[Link]] = {}
    for file, title, _, sigils in collations:
        for sigil in sigils:
            links.setdefault(sigil, []).append(Link(f"../collations/{file}", title))
    written = []
    for left, right, reason in counterpart_pairs(corpus, alignments):
        file = compare_file(left, right)
        comparison = compare_provisions(left[2], right[2])
        report = build_clause_report(comparison, left[:2], right[:2], None)
        written.append(write_report(render_report(report), out / "compare" / file))
        for mine, theirs in ((left, right), (right, left)):
            sigil = _sigil(*mine)
            links.setdefault(sigil, []).append(
                Link(f"../compare/{file}", f"compared with {_describe(theirs)}. {reason}"))
    pages = tuple(build_treaty_page(t, links) for t in corpus.treaties)
    for page in pages:
        written.append(write_report(render_template("site_treaty.html", treaty=page,
                                                    root="../", version=__version__),
                                    out / page.href))
        for version in page.versions:
            for provision in version.provisions:
                written.append(write_report(render_template(
                    "site_article.html", treaty=page, text=version, provision=provision,
                    root="../", version=__version__), out / provision.href))
    for file, _, html, _ in collations:
        written.append(write_report(html, out / "collations" / file))
    for file, _, data in reports:
        written.append(write_atomically(out / "reports" / file, data))
    flagship = next((Link(f"reports/{f}", about) for f, about, _ in reports), None)
    home = build_site_home(pages, [Link(f"collations/{f}", t) for f, t, _, _ in collations],
                           [Link(f"reports/{f}", about) for f, about, _ in reports], flagship)
    written.append(write_report(render_template("site_index.html", home=home, root="",
                                                version=__version__),
                                out / "index.html"))
    write_atomically(out / MARKER, b"written by treatycmp site\n")
    return written
