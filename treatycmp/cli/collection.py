"""Command import-collection: a folder of ToTA XML files or plain texts, one treaty each."""

from __future__ import annotations

from pathlib import Path

import click

from ..contrib.collection import (FORMATS, Options, check_corpus, collection_licence,
                                  find_inputs, import_collection, treaty_ids)
from ..contrib.scaffold import check_lang
from ..contrib.tota import TOTA_LICENCE
from ..errors import DataError, excerpt
from ..refs import is_treaty_id
from .base import Context, echo, fails_cleanly, main, pass_context


def _lang(ctx, param, value):
    if value is None:
        return None
    try:
        check_lang(value)
    except ValueError as exc:
        raise click.BadParameter(excerpt(str(exc))) from None
    return value


@main.command("import-collection")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="tota: ToTA's XML files (*.xml); text: plain texts (*.txt). "
                   "Default: told by the files' suffixes.")
@click.option("--lang", callback=_lang,
              help="Language of the texts (plain text: required; ToTA: only for files "
                   "that name none).")
@click.option("--prefix", default="", help="Put this before every treaty id (e.g. tota-).")
@click.option("--licence", "licence",
              help="The collection's licence, recorded in every treaty (default: a "
                   "LICENSE file beside the collection; for ToTA, its published licence).")
@click.option("--replace", is_flag=True, help="Replace treaties that already exist.")
@click.option("--allow-unplaced", is_flag=True,
              help="Write a treaty even if some of its text could not be placed.")
@click.option("--notes", "show_notes", is_flag=True,
              help="Also list every note to check (guesses, joined lines, new keys).")
@pass_context
@fails_cleanly
def import_collection_command(context: Context, folder: Path, fmt: str | None,
                              lang: str | None, prefix: str, licence: str | None,
                              replace: bool, allow_unplaced: bool, show_notes: bool) -> None:
    """Import a whole collection into the corpus: one treaty folder per file.

    DIR holds ToTA files (the Texts of Trade Agreements corpus, XML) or plain
    texts (UTF-8, read as `treatycmp import` reads one). Each treaty's id is
    its file's name (pta_442.xml: pta-442), with --prefix before it; it is
    written to the corpus (--corpus, TREATYCMP_CORPUS, or the checkout's
    treaties/), never over an existing treaty unless --replace. What the files
    give is mapped (ToTA's name, dates, status, parties, language); what they
    do not is left TO FILL IN, and each treaty is a draft (status="draft").
    The source file, the collection and its licence are recorded in each.

    A file that fails is reported as FILE:LINE: why, and the others go on;
    the exit status is then 1, as it is when a file had text that could not
    be placed (that file is not written unless --allow-unplaced). Example:

        treatycmp --corpus ~/research/pta import-collection tota/xml --prefix tota-

    ToTA is published under CC BY-NC 4.0: import it for your own research;
    never commit it to treatycmp's repository.
    """
    if prefix and not is_treaty_id(prefix + "a"):
        raise click.BadParameter("lower-case letters, digits and hyphens, starting with "
                                 "a letter or digit (for example tota-)",
                                 param_hint="'--prefix'")
    fmt, inputs, others = find_inputs(folder, fmt)
    if fmt == "text" and lang is None:
        raise click.UsageError("plain texts do not say their language: pass --lang")
    corpus = check_corpus(context.corpus)
    licence = licence or collection_licence(folder) or (TOTA_LICENCE if fmt == "tota"
                                                        else None)
    options = Options(fmt, lang, licence, replace, allow_unplaced)
    ids = treaty_ids(inputs, prefix)
    collection = "/".join(folder.resolve().parts[-2:]) or str(folder)
    files = written = provisions = failed = unplaced = replaced = 0
    with context.progress("Importing") as progress:
        for result in import_collection(inputs, ids, corpus, options, collection, progress):
            files += 1
            unplaced += bool(result.unplaced)
            for no, message in result.messages:
                if show_notes or not no or message.startswith("not placed"):
                    echo(f"{result.path}:{no}: {message}" if no else
                         f"{result.path}: {message}", err=True)
            if result.error is not None:
                failed += 1
                echo(str(result.error), err=True)
                continue
            written += 1
            replaced += result.replaced
            provisions += result.provisions
            if not context.quiet:
                echo(str(result.written))
    if others and not context.quiet:
        echo(f"{len(others)} other file(s) in {folder} left aside (not {fmt} files)",
             err=True)
    click.echo(f"{files} files: {written} treaties written ({replaced} replaced), "
               f"{provisions} provisions; {failed} failed, {unplaced} with text not "
               "placed", err=True)
    if written and licence and ("NonCommercial" in licence or "BY-NC" in licence):
        click.echo("licence: non-commercial (CC BY-NC): for your own research; never "
                   "commit these treaties to treatycmp's repository", err=True)
    if failed:
        raise DataError(f"{failed} of {files} file(s) not imported (listed above)",
                        str(folder))
