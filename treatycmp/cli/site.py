"""The site command: the whole corpus as a static website."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import click

from .. import store
from ..collate import collate
from ..compare import Options
from ..errors import TreatycmpError
from ..refs import parse_reference
from ..report.collation import build_collation_report
from ..report.render import render_template
from ..report.site import write_site
from .base import Context, echo, fails_cleanly, main, pass_context, refuse_inside
from .corpus import echo_problems
from .collate import resolve_witnesses

# The family collations the site carries: (file, title, references, the base first).
DEFENCE = ("anzus-1951:4", "us-japan-1960:5", "us-rok-1953:3", "brussels-1948:5",
           "teu-42-7:42", "ecowas-pmad-1981:2", "au-pact-2005:4")
COLLATIONS = (
    ("defence-en.html", "Collective defence: NATO Art 5 and every stored defence clause (English)",
     ("nato-1949@en:5", *DEFENCE, "liptako-gourma-2023@en:6")),
    ("defence-fr.html", "Collective defence in French: NATO Art 5 and Liptako-Gourma Art 6",
     ("nato-1949@fr:5", "liptako-gourma-2023@fr:6")),
)


def _examples(folder: Path | None) -> list[tuple[str, str, bytes]]:
    if folder is None:
        return []
    listing = folder / "examples.toml"
    if listing.is_file():
        try:
            entries = tomllib.loads(listing.read_text(encoding="utf-8")).get("report", [])
        except tomllib.TOMLDecodeError as error:
            raise click.ClickException(f"{listing}: {error}") from None
        pairs = [(e["file"], e.get("about", e["file"])) for e in entries]
    else:
        pairs = [(p.name, p.name) for p in sorted(folder.glob("*.html")) if p.name != "index.html"]
    return [(name, about, (folder / name).read_bytes()) for name, about in pairs
            if "/" not in name and (folder / name).is_file()]


def _curated_alignments(corpus: Path) -> tuple[list, list[TreatycmpError]]:
    """The curated alignments of the corpus that pass ``treatycmp validate``'s
    checks, and the problems of those that do not (a pair naming a provision
    no version of its treaty has, paragraph pairs compare would refuse; two
    files of one pair: neither is used, as compare refuses them)."""
    from ..curation import paragraph_problems  # (the comparison's rules, as validate checks them)
    alignments, problems = [], []
    for path in sorted((corpus / store.ALIGNMENTS_FOLDER).glob("*.xml")):
        try:
            errors = store.check_alignment_file(path, store.load_treaty)
            if not errors:
                alignment = store.load_alignment(path)
                left, right = (store.load_treaty(corpus, treaty_id)
                               for treaty_id in (alignment.left, alignment.right))
                errors = paragraph_problems(alignment, left.versions, right.versions)
                if not errors:
                    alignments.append(alignment)
        except TreatycmpError as error:
            errors = [error]
        problems += errors
    return alignments, problems


@main.command("site")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--reports", "reports", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder of example reports to include (listed by its "
                                 "examples.toml if there is one; default: ./reports if it "
                                 "exists).")
@click.option("--keep-going", is_flag=True,
              help="Publish what loads when some files do not (a treaty file or a "
                   "curated alignment with a problem): each is named as a warning and "
                   "left out. Without it, any such problem writes nothing and exits 1.")
@pass_context
@fails_cleanly
def site_command(context: Context, out: Path, reports: Path | None, keep_going: bool) -> None:
    """Write the corpus as a static website into OUT (a new or empty folder, or
    one written by this command before).

    A home page with the corpus overview (what is transcribed, per treaty and
    language), a page per treaty with every language version and provision
    (its exact text, or "not yet transcribed"), a page per provision with
    links to its comparisons with its counterparts (other language versions,
    curated alignments), the family collations and the example reports. Open OUT/index.html in a browser; no server is needed.
    OUT may not be inside the corpus. A file of the corpus that does not load
    (what 'treatycmp validate' reports) stops the site before anything is
    written, exit code 1, unless --keep-going. Example:

        treatycmp site site/ && xdg-open site/index.html
    """
    refuse_inside(out, context.corpus, folder=True)
    if reports is None and Path("reports").is_dir():
        reports = Path("reports")
    corpus = store.load_corpus(context.corpus)
    alignments, left_out = _curated_alignments(context.corpus)
    if not keep_going and (corpus.problems or left_out):
        for problem in (*corpus.problems, *left_out):
            echo(str(problem), err=True)
        raise click.ClickException(
            f"{len(corpus.problems) + len(left_out)} problem(s) in the corpus: no site "
            "written (fix them, see 'treatycmp validate'; or publish the rest with "
            "--keep-going)")
    echo_problems(corpus.problems)
    for problem in left_out:
        echo(f"note: curated alignment left out: {problem}", err=True)
    tty = sys.stderr.isatty()
    collations = []
    for file, title, refs in COLLATIONS:
        try:
            witnesses, chosen = resolve_witnesses(context, [parse_reference(r) for r in refs], 0)
        except TreatycmpError as error:
            click.echo(f"note: collation {file} left out: {error}", err=True)
            continue
        if tty:
            click.echo(f"\r\x1b[Kcollating {file}", err=True, nl=False)
        report = build_collation_report(collate(witnesses, 0, Options()), chosen)
        collations.append((file, title, render_template("collation.html", report=report),
                           [w.sigil for w in witnesses]))
    if tty:
        click.echo("\r\x1b[K", err=True, nl=False)
    written = write_site(corpus, out, collations, _examples(reports), alignments)
    click.echo(f"{len(written)} files written", err=True)
    click.echo(str(out / "index.html"))
