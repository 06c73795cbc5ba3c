"""The command line: parses arguments, calls the stages, reports errors.

The only module that prints or exits. Exit codes: 0 success, 1 bad data or a
reference that does not resolve (a :class:`TreatycmpError`), 2 bad usage.
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

from . import __version__, store
from .compare import ClauseComparison, Options, compare_provisions
from .diff import CLEANUPS
from .errors import TreatycmpError
from .model import Provision, TextVersion, Treaty, cite
from .refs import (Reference, choose_versions, parse_reference, select_provision,
                   select_version)
from .report import (build_clause_report, language_basis,
                     render_report, write_report)
from .text import Folding


class Context:
    """What every command shares: where the corpus is."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus

    def treaty(self, treaty_id: str) -> Treaty:
        return store.load_treaty(self.corpus, treaty_id)


def fails_cleanly(command):
    """Turn a :class:`TreatycmpError` into a one-line message and exit code 1."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except TreatycmpError as exc:
            raise click.ClickException(str(exc)) from None
    return wrapper


class ReferenceType(click.ParamType):
    name = "REF"

    def convert(self, value, param, ctx):
        if isinstance(value, Reference):
            return value
        try:
            return parse_reference(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


REF = ReferenceType()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="treatycmp")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              envvar=store.CORPUS_ENV, show_envvar=True,
              help="Folder of treaties to use instead of the shipped corpus.")
@click.pass_context
def main(ctx: click.Context, corpus: Path | None) -> None:
    """Align and compare treaty clauses; write side-by-side redline reports.

    References name a treaty, a language version and a provision:
    ID[@LANG][:ARTICLE], for example nato-1949, nato-1949@fr:5,
    liptako-gourma-2023@fr:6 or nato-1949@en:preamble.
    """
    ctx.obj = Context(corpus or store.default_corpus_root({}))


pass_context = click.make_pass_decorator(Context)


def echo_problems(problems) -> None:
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)


@main.command("list")
@pass_context
@fails_cleanly
def list_treaties(context: Context) -> None:
    """List the treaties of the corpus.

    One row per treaty: id, short title, date of signature, language versions
    (a = authentic, t = translation) and articles transcribed / total in the
    most complete authentic text.
    Files that fail to load are reported on stderr; the others are listed.
    """
    corpus = store.load_corpus(context.corpus)
    rows = [("ID", "SHORT TITLE", "SIGNED", "LANGUAGES", "ARTICLES")]
    for treaty in corpus.treaties:
        shown = treaty.preferred_version()
        counted = max((v for v in treaty.versions if v.is_authentic),
                      key=lambda v: v.transcribed_count, default=shown)
        langs = " ".join(f"{v.lang}({'a' if v.is_authentic else 't'})"
                         for v in treaty.versions)
        articles = f"{counted.transcribed_count}/{len(counted.articles)}"
        rows.append((treaty.id, shown.short_title, treaty.work.signed_date.isoformat(),
                     langs, articles))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    echo_problems(corpus.problems)
    if corpus.problems:
        click.echo(f"{len(corpus.problems)} problem(s) kept files out of the list; "
                   "run 'treatycmp validate' for details", err=True)


@main.command()
@click.argument("ref", type=REF)
@click.option("--lang", help="Language version (overrides @LANG in REF).")
@click.option("--article", "provision",
              help="Article number, 'preamble' or 'conclusions' (overrides :ARTICLE).")
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
    for item in provisions:
        click.echo()
        click.echo(_render_provision(item))


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
    count, problems = store.check_files(list(paths) or [context.corpus])
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {count} file(s)")
    click.echo(f"{count} file(s) valid")



# ------------------------------------------------------------- comparing

FOLDABLE = ("case", "accents", "quotes", "whitespace")


def folding_option(value: str) -> Folding:
    names = {name.strip() for name in value.split(",") if name.strip()} - {"none"}
    unknown = names - set(FOLDABLE)
    if unknown:
        raise click.BadParameter(f"unknown: {', '.join(sorted(unknown))} "
                                 f"(choose from {', '.join(FOLDABLE)}, or none)")
    return Folding(**{name: name in names for name in FOLDABLE})


def comparison_options(func):
    func = click.option(
        "--cleanup", type=click.Choice(CLEANUPS), default="efficiency", show_default=True,
        help="How the word diff is tidied: efficiency keeps shared phrases of 2+ words "
             "visible; semantic merges more into whole-phrase replacements.")(func)
    func = click.option(
        "--ignore", "folding", default="case,quotes,whitespace", show_default=True,
        callback=lambda ctx, param, value: folding_option(value),
        help="Differences that matching ignores: any of case, accents, quotes, "
             "whitespace (comma-separated), or none. Display never changes.")(func)
    return func


Side = tuple[Treaty, TextVersion, Provision]


def resolve_clauses(context: Context, left: Reference,
                    right: Reference) -> tuple[Side, Side, str | None]:
    """Load both treaties and find the two provisions to compare."""
    for ref in (left, right):
        if ref.provision is None:
            raise click.UsageError(f"{ref} names no article: use ID[@LANG]:ARTICLE, "
                                   f"for example {ref}:5")
    lt, rt = context.treaty(left.treaty), context.treaty(right.treaty)
    lv, rv, chosen = choose_versions(lt, rt, left.lang, right.lang)
    return ((lt, lv, select_provision(lv, left.provision)),
            (rt, rv, select_provision(rv, right.provision)), chosen)


def default_report_name(left: Side, right: Side) -> str:
    def part(side: Side) -> str:
        treaty, version, provision = side
        return f"{treaty.id}-{version.lang}-{provision.n or provision.kind}"
    return f"{part(left)}_vs_{part(right)}.html"


@main.command()
@click.argument("left", type=REF)
@click.argument("right", type=REF)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Report file to write (default: LEFT_vs_RIGHT.html here).")
@click.option("--timestamp", is_flag=True,
              help="Record the time of generation in the report (off by default, so "
                   "that the same input gives a byte-identical report).")
@comparison_options
@pass_context
@fails_cleanly
def compare(context: Context, left: Reference, right: Reference, output: Path | None,
            timestamp: bool, folding: Folding, cleanup: str) -> None:
    """Compare two articles and write a side-by-side HTML report.

    LEFT is the base text, RIGHT is read against it. With no language given, a
    language in which both treaties are authentic is chosen (French for the
    flagship pair). Prints the path of the report written. Example:

        treatycmp compare nato-1949@fr:5 liptako-gourma-2023@fr:6 -o report.html
    """
    lside, rside, chosen = resolve_clauses(context, left, right)
    comparison = compare_provisions(lside[2], rside[2], Options(folding=folding, cleanup=cleanup))
    generated = None
    if timestamp:
        import datetime as dt
        generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    report = build_clause_report(comparison, lside[:2], rside[:2], chosen, generated)
    path = write_report(render_report(report),
                        output or Path(default_report_name(lside, rside)))
    click.echo(report.language_note, err=True)
    click.echo(str(path))


@main.command("diff")
@click.argument("left", type=REF)
@click.argument("right", type=REF)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: a coloured word diff; json: for programs.")
@comparison_options
@pass_context
@fails_cleanly
def diff_command(context: Context, left: Reference, right: Reference, fmt: str,
                 folding: Folding, cleanup: str) -> None:
    """Print the word diff of two articles in the terminal.

    Deletions are shown [-like this-] and insertions {+like this+} (and in
    colour on a terminal), so the diff reads without colour too.
    """
    lside, rside, chosen = resolve_clauses(context, left, right)
    comparison = compare_provisions(lside[2], rside[2], Options(folding=folding, cleanup=cleanup))
    note = language_basis(lside[1], rside[1], chosen)
    if fmt == "json":
        from .export import comparison_to_json
        click.echo(comparison_to_json(comparison, lside, rside, note))
    else:
        click.echo(_terminal_diff(comparison, lside, rside, note))


def _terminal_diff(comparison: ClauseComparison, lside: Side, rside: Side,
                   note: str) -> str:
    lines = [f"{cite(lside[0], lside[1])}, {lside[2].pinpoint}",
             f"{cite(rside[0], rside[1])}, {rside[2].pinpoint}", note, ""]
    for row in comparison.paragraphs:
        llabel = _para_label(row.left)
        rlabel = _para_label(row.right)
        score = f" (score {row.score:.2f})" if row.score is not None else ""
        lines.append(click.style(f"{llabel} <-> {rlabel}{score}", bold=True))
        if row.diff is None:
            para = row.left or row.right
            marker = ("-", "red") if row.left else ("+", "green")
            lines.append(click.style(f"[{marker[0]}only on the {'left' if row.left else 'right'}"
                                     f"{marker[0]}] ", fg=marker[1]) + para.full_text)
        else:
            lines.append(_inline(row.diff))
        lines.append("")
    f, s = comparison.figures, comparison.figures.stats
    lines.append(f"word similarity {f.word_similarity:.2f} · shingle Jaccard "
                 f"{f.shingle_jaccard:.2f} · words unchanged {s.unchanged}, deleted "
                 f"{s.deleted}, inserted {s.inserted}")
    if not comparison.complete:
        lines.append("note: the diff hit its time limit and may not be minimal")
    return "\n".join(lines)


def _para_label(para) -> str:
    if para is None:
        return "(none)"
    return para.num or para.eid.rsplit("_", 1)[-1].join(("para ", ""))


def _inline(diff) -> str:
    out = []
    for op in diff.opcodes:
        if op.tag == "equal":
            out.append(diff.right_text(op))
        elif op.tag == "delete":
            out.append(click.style(f"[-{diff.left_text(op)}-]", fg="red", strikethrough=True))
        else:
            out.append(click.style(f"{{+{diff.right_text(op)}+}}", fg="green", underline=True))
    return "".join(out)
