"""The collate command: one clause across many treaties, in one HTML report."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..collate import Witness, choose_languages, collate
from ..compare import Options
from ..errors import LookupFailed
from ..refs import Reference, select_provision
from ..report.collation import build_collation_report
from ..report.render import render_template
from ..text import Folding
from .base import (REF, Context, comparison_options, echo_written, fails_cleanly,
                   keep_compiled_templates, main, pass_context)
from .formats import pdf_bytes, report_format, with_extension


def resolve_witnesses(context: Context, refs: list[Reference],
                      base: int) -> tuple[list[Witness], str | None]:
    for ref in refs:
        if ref.provision is None:
            raise click.UsageError(f"{ref} names no article: use ID[@LANG]:ARTICLE, "
                                   f"for example {ref}:5")
    treaties = [context.treaty(ref.treaty) for ref in refs]
    versions, chosen = choose_languages(treaties, [ref.lang for ref in refs], base)
    witnesses = [Witness(t, v, select_provision(v, ref.provision))
                 for t, v, ref in zip(treaties, versions, refs)]
    seen: dict[str, int] = {}
    for k, witness in enumerate(witnesses):
        if witness.sigil in seen:
            raise LookupFailed(f"{witness.sigil} is named twice (references "
                               f"{seen[witness.sigil] + 1} and {k + 1})")
        seen[witness.sigil] = k
    return witnesses, chosen


def _progress(message: str) -> None:
    click.echo(f"\r\x1b[K{message}", err=True, nl=False)


@main.command("collate")
@click.argument("refs", nargs=-1, required=True, type=REF, metavar="REF REF [REF ...]")
@click.option("--base", "base", type=click.IntRange(min=1), default=1, show_default=True,
              help="Which reference is the base every other text is read against "
                   "(1 = the first).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Report file to write, .html or .pdf (default: collation-BASE.html "
                   "here).")
@click.option("--timestamp", is_flag=True,
              help="Record the time of generation in the report (off by default, so "
                   "that the same input gives a byte-identical report).")
@comparison_options
@pass_context
@fails_cleanly
def collate_command(context: Context, refs: tuple[Reference, ...], base: int,
                    output: Path | None, timestamp: bool, folding: Folding,
                    cleanup: str) -> None:
    """Collate one clause across many treaties: an HTML report that reads every
    text against a base, passage by passage.

    The report holds an alignment table (a row per passage of the base, a
    column per text), the words of the base each text keeps, a similarity
    matrix, a family tree (average-linkage clustering) and each text's full
    redline against the base. With no language given, a language in which
    every treaty is authentic is chosen; a language given for one text
    applies to those given none. Prints the path of the report. Example:

        treatycmp collate nato-1949@en:5 anzus-1951:4 us-japan-1960:5 \\
            brussels-1948:5 liptako-gourma-2023@en:6 -o defence.html
    """
    refs = list(refs)
    fmt = report_format(output, None)
    if fmt == "docx":
        raise click.BadParameter("a collation is written as .html or .pdf; a Word redline "
                                 "is made by 'treatycmp compare'", param_hint="'-o'")
    if len(refs) < 2:
        raise click.UsageError("collate needs at least two references, for example "
                               "nato-1949@en:5 anzus-1951:4")
    if base > len(refs):
        raise click.BadParameter(f"{base} is more than the {len(refs)} references given",
                                 param_hint="'--base'")
    witnesses, chosen = resolve_witnesses(context, refs, base - 1)
    tty = sys.stderr.isatty()
    collation = collate(witnesses, base - 1, Options(folding=folding, cleanup=cleanup),
                        progress=_progress if tty else None)
    if tty:
        click.echo("\r\x1b[K", err=True, nl=False)
    now = dt.datetime.now(dt.timezone.utc) if timestamp else None
    generated = now.strftime("%Y-%m-%d %H:%M UTC") if now else None
    report = build_collation_report(collation, chosen, generated)
    head = witnesses[base - 1]
    key = head.provision.key.replace(":", "-")
    name = f"collation-{head.treaty.id}-{head.version.lang}-{key}"
    keep_compiled_templates()
    data = render_template("collation.html", report=report)
    if fmt == "pdf":
        data = pdf_bytes(data, report.title, now)
    path = context.write(data, output or with_extension(name, fmt))
    click.echo(report.language_note, err=True)
    echo_written(path)
