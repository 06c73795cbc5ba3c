"""Commands that compare: compare (HTML report, of two articles or two
treaties), diff (terminal, JSON), and index (the list of reports in a folder)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..align import parse_pair_spec
from ..compare import ClauseComparison, Options, compare_provisions
from ..export import comparison_to_json
from ..model import Provision, TextVersion, Treaty, cite
from ..refs import Reference, choose_versions, select_provision
from ..report import build_clause_report, language_basis, render_report, write_report
from ..report.index import build_index, read_index_entry, render_index
from ..text import Folding
from .align import AlignRequest, alignment_options, write_treaty_report
from .base import REF, Context, comparison_options, fails_cleanly, main, pass_context

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
@alignment_options
@pass_context
@fails_cleanly
def compare(context: Context, left: Reference, right: Reference, output: Path | None,
            timestamp: bool, folding: Folding, cleanup: str, alignment: AlignRequest) -> None:
    """Compare two articles (or two treaties) and write a side-by-side HTML report.

    LEFT is the base text, RIGHT is read against it. With no language given, a
    language in which both treaties are authentic is chosen (French for the
    flagship pair). Prints the path of the report written. Example:

        treatycmp compare nato-1949@fr:5 liptako-gourma-2023@fr:6 -o report.html

    With two treaties (no :ARTICLE), the report aligns their provisions (see
    'treatycmp align') and shows every aligned pair's redline:

        treatycmp compare nato-1949@fr liptako-gourma-2023@fr
    """
    if left.provision is None and right.provision is None:
        path, note = write_treaty_report(context, left, right, output, timestamp,
                                         Options(folding=folding, cleanup=cleanup), alignment)
        click.echo(note, err=True)
        click.echo(str(path))
        return
    alignment.refuse_for_clauses()
    lside, rside, chosen = resolve_clauses(context, left, right)
    try:
        pairs = parse_pair_spec(alignment.pair) if alignment.pair else None
        comparison = compare_provisions(lside[2], rside[2],
                                        Options(folding=folding, cleanup=cleanup), pairs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--pair'") from None
    generated = None
    if timestamp:
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
    """One line of text: the right text's unchanged words, [-deleted-] and
    {+inserted+} runs (coloured on a terminal), each mark closing on its last word."""
    out = []
    for op in diff.opcodes:
        if op.tag == "equal":
            out.append(diff.right_text(op))
            continue
        text = diff.left_text(op) if op.tag == "delete" else diff.right_text(op)
        words = text.rstrip()
        if op.tag == "delete":
            out.append(click.style(f"[-{words}-]", fg="red", strikethrough=True))
        else:
            out.append(click.style(f"{{+{words}+}}", fg="green", underline=True))
        out.append(text[len(words):])
    return "".join(out)


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
                default="reports")
@fails_cleanly
def index(folder: Path) -> None:
    """Write FOLDER/index.html: every treatycmp report in FOLDER (default:
    reports) and what it compares. Other HTML files are left out."""
    entries = []
    for path in sorted(folder.glob("*.html")):
        if path.name == "index.html":
            continue
        entry = read_index_entry(path.name, path.read_text(encoding="utf-8", errors="replace"))
        if entry:
            entries.append(entry)
    written = write_report(render_index(build_index(entries)), folder / "index.html")
    click.echo(str(written))
