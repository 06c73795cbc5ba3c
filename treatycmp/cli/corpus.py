"""Commands that read the corpus: list, show, validate."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import click

from .. import store
from ..errors import DataError, TreatycmpError
from ..model import ANNEX, Division, Provision, TextVersion, cite, intro_label
from ..refs import Reference, select_provision, select_version
from .base import REF, Context, echo, fails_cleanly, main, pass_context


def echo_problems(problems) -> None:
    for problem in problems:
        echo(f"warning: {problem}", err=True)


@main.command("list")
@pass_context
@fails_cleanly
def list_treaties(context: Context) -> None:
    """List the treaties of the corpus.

    One row per treaty: id, short title ("[DRAFT]" in front for a treaty
    marked status="draft", still being filled in), date of signature, and each
    language version (a = authentic, t = translation) with its articles
    transcribed / listed (and its intros, where it has any: text under a
    division's or annex's heading). Files that fail to load are reported on stderr; the
    others are listed.
    """
    def row(treaty) -> tuple[str, str, str, str]:
        texts = "  ".join(
            f"{v.lang}({'a' if v.is_authentic else 't'}) {v.transcribed_count}/{len(v.articles)}"
            + (" intros {}/{}".format(*v.intro_count) if v.intros() else "")
            for v in treaty.versions)
        draft = "[DRAFT] " if treaty.is_draft else ""
        return (treaty.id, draft + treaty.preferred_version().short_title,
                treaty.work.signed_date.isoformat(), texts)

    # One treaty folder at a time: only the rows are kept, not the corpus model.
    with context.progress("Loading the corpus") as progress:
        treaty_rows, problems = store.scan_corpus(context.corpus, row, progress)
    rows = [("ID", "SHORT TITLE", "SIGNED", "TEXTS (a = authentic, t = translation: "
             "articles transcribed/listed)"), *treaty_rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    echo_problems(problems)
    if problems:
        click.echo(f"{len(problems)} problem(s) kept files out of the list; "
                   "run 'treatycmp validate' for details", err=True)


@main.command()
@click.argument("ref", type=REF)
@click.option("--lang", help="Language version (overrides @LANG in REF).")
@click.option("--article", "provision",
              help="Article number, 'preamble', 'conclusions' or an intro such as "
                   "'part-1:intro' (overrides :ARTICLE).")
@pass_context
@fails_cleanly
def show(context: Context, ref: Reference, lang: str | None, provision: str | None) -> None:
    """Print a treaty, or one provision, with its citation line.

    The text is printed exactly as stored. Examples:

        treatycmp show nato-1949@fr:5

        treatycmp show liptako-gourma-2023 --lang fr --article 6
    """
    treaty = context.treaty(ref.treaty)
    version = select_version(treaty, lang or ref.lang)
    provision = provision or ref.provision
    provisions = ((select_provision(version, provision, require_text=False),)
                  if provision else version.provisions())
    click.echo(f"{cite(treaty, version)} [{version.lang}, {version.authority_label}]")
    if provision:
        click.echo(f"Pinpoint: {provisions[0].pinpoint}")
        blocks = [_render_provision(dataclasses.replace(
            provisions[0], label=intro_label(version, provisions[0])))]
    else:
        blocks = list(_render_version(version))
    for block in blocks:
        click.echo()
        click.echo(block)


def _render_version(version: TextVersion):
    """Every provision in reading order, with the headings of the divisions
    and annexes that hold them."""
    if version.preamble:
        yield _render_provision(version.preamble)
    yield from _render_items(version.body)
    if version.conclusions:
        yield _render_provision(version.conclusions)
    for annex in version.annexes:
        items = annex.items
        if len(items) == 1 and isinstance(items[0], Provision) and items[0].kind == ANNEX:
            yield _render_provision(items[0])  # its label and heading are the annex's
        else:
            yield _title(annex.num, annex.heading)
            yield from _render_intro(annex.intro)
            yield from _render_items(items)


def _render_items(items):
    for item in items:
        if isinstance(item, Division):
            yield _title(item.num, item.heading) or f"[{item.kind}]"
            yield from _render_intro(item.intro)
            yield from _render_items(item.items)
        else:
            yield _render_provision(item)


def _render_intro(intro: Provision | None):
    """A division's or annex's intro, labelled, as stored (or not yet transcribed)."""
    if intro is not None:
        yield _render_provision(intro)


def _title(num: str | None, heading: str | None) -> str:
    return " - ".join(part for part in (num, heading) if part)


def _render_provision(provision: Provision) -> str:
    head = provision.label + (f": {provision.heading}" if provision.heading else "")
    if not provision.transcribed:
        note = provision.notes[0] if provision.notes else ""
        return f"{head}\n[not yet transcribed] {note}".rstrip()
    blocks = [head]
    for para in provision.paragraphs:
        lines = para.lines()
        first = f"{para.num} {lines[0]}" if para.num else lines[0]
        blocks.append("\n".join((first,) + tuple(f"    {ln}" for ln in lines[1:])))
    for wording in provision.superseded:
        since = f" (from {wording.effective.isoformat()})" if wording.effective else ""
        blocks.append(f"[superseded wording, replaced by {wording.replaced_by}{since}]")
        blocks.extend(p.full_text for p in wording.paragraphs)
    return "\n\n".join(blocks)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@pass_context
@fails_cleanly
def validate(context: Context, paths: tuple[Path, ...]) -> None:
    """Validate treaty files or folders (default: the whole corpus).

    Every problem in every file is reported as FILE:LINE:COL: message;
    the exit code is 1 if there is any.
    """
    targets = list(paths) or [context.corpus]
    with context.progress("Validating") as progress:
        count, problems = store.check_files(targets, progress)
        problems += _curated_problems(targets, problems)
    for problem in problems:
        echo(str(problem), err=True)
    for folder in _treaty_folders(targets):
        left = store.draft_placeholders(folder)
        if left is not None:
            click.echo(f"{folder}: draft (status=\"draft\" in treaty.xml): "
                       f"{len(left)} placeholder(s) left to fill in; remove the draft "
                       "mark when none is left", err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {count} file(s)")
    click.echo(f"{count} file(s) valid")


def _curated_problems(targets: list[Path], problems: list[DataError]) -> list[DataError]:
    """What compare and diff would refuse in the paragraph pairs of the
    curated alignment files among ``targets`` that are valid on their own
    (:func:`treatycmp.curation.paragraph_problems`)."""
    from ..curation import paragraph_problems  # (the comparison's rules: only here)
    from ..store.xml import folder_files
    files: list[Path] = []
    for path in targets:
        found = folder_files(path)[0] if path.is_dir() else [path]
        files += [f for f in found if f.parent.name == store.ALIGNMENTS_FOLDER and f.is_file()]
    reported = {str(problem.path) for problem in problems}
    out: list[DataError] = []
    for file in dict.fromkeys(files):
        if str(file) in reported:
            continue
        try:
            alignment = store.load_alignment(file)
            left, right = (store.load_treaty(file.parent.parent, treaty_id)
                           for treaty_id in (alignment.left, alignment.right))
        except TreatycmpError:
            continue  # reported with the treaty's files or the alignment's
        out += paragraph_problems(alignment, left.versions, right.versions)
    return out


def _treaty_folders(paths: list[Path]) -> list[Path]:
    folders: set[Path] = set()
    for path in paths:
        if path.is_file():
            folders.add(path.parent)
        elif (path / store.WORK_FILE).is_file():
            folders.add(path)
        elif path.is_dir():
            folders.update(p.parent for p in path.glob(f"*/{store.WORK_FILE}"))
    return sorted(f for f in folders if (f / store.WORK_FILE).is_file())


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@pass_context
@fails_cleanly
def migrate(context: Context, paths: tuple[Path, ...]) -> None:
    """Update treaty files to the current schema version (default: the corpus).

    Rewrites only what changed between versions (the schemaVersion, and
    article keys in lower case), keeping comments, layout and wording
    byte for byte; each file is replaced atomically, and files already up
    to date are left alone, so running it twice is harmless. Example:

        treatycmp migrate treaties/
    """
    targets = list(paths) or [store.writable_corpus_root(context.corpus)]
    for path in targets:
        store.writable_corpus_root(path)
    results = store.migrate_paths(targets)
    for path, changed in results:
        if changed:
            click.echo(str(path))
    changed = sum(1 for _, c in results if c)
    click.echo(f"{changed} file(s) updated to schemaVersion {store.SCHEMA_VERSION}, "
               f"{len(results) - changed} already up to date", err=True)
