"""Commands for contributors: new (scaffold a treaty) and import (plain text to XML)."""

from __future__ import annotations

from pathlib import Path

import click

from .. import store
from ..contrib.plaintext import import_text, read_text_file
from ..contrib.scaffold import find_placeholders, is_untouched_scaffold, scaffold_treaty
from ..errors import DataError, OutputError, excerpt
from ..inputs import read_input
from ..output import STDOUT, write_atomically
from ..store.xml import looks_like_corpus
from ..store.write import version_to_xml
from .base import Context, echo, fails_cleanly, main, pass_context


# A plain-text treaty is rarely over 2 MB; its XML must stay under the store's
# limit, and importing 10 MB peaks near 200 MB of memory.


@main.command()
@click.argument("treaty_id", metavar="ID")
@click.option("--lang", default="en", show_default=True,
              help="Language of the first text file to scaffold.")
@pass_context
@fails_cleanly
def new(context: Context, treaty_id: str, lang: str) -> None:
    """Scaffold a new treaty folder in the corpus: ID/treaty.xml and ID/LANG.xml.

    The corpus is --corpus (or TREATYCMP_CORPUS), else the treaties/ folder
    of the checkout you work in; never the copy inside an installed package.
    Every metadata field is present, with a comment saying what belongs there;
    values still to fill in start with "TO FILL IN", and the treaty is marked
    status="draft" until they are filled in. The files validate as they are.
    Refuses to touch an existing folder. See CONTRIBUTING.md. Example:

        treatycmp new anzus-1951 --lang en
    """
    try:
        files = scaffold_treaty(treaty_id, lang)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    store.writable_corpus_root(context.corpus)
    folder = context.corpus / treaty_id
    if folder.exists():
        raise OutputError("already exists: nothing was written (choose another id, or "
                          "edit the files that are there)", str(folder))
    if not context.corpus.is_dir():
        raise OutputError("corpus folder does not exist", str(context.corpus))
    if not looks_like_corpus(context.corpus):
        raise OutputError("not a treaty corpus: this folder holds other things and no "
                          "treaty folder (ID/treaty.xml); give --corpus a corpus, or an "
                          "empty folder to start one", str(context.corpus))
    folder.mkdir()
    for name, text in sorted(files.items()):
        path = write_atomically(folder / name, text.encode("utf-8"), overwrite=False)
        click.echo(str(path))
    todo = sum(len(find_placeholders(text)) for text in files.values())
    click.echo(f"{todo} lines to fill in (marked TO FILL IN); the treaty is a draft "
               f"(status=\"draft\" in treaty.xml) until they are; check with: "
               f"treatycmp validate {folder}", err=True)


@main.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "treaty_id", required=True, help="Treaty identifier, e.g. nato-1949.")
@click.option("--lang", required=True, help="Language of the text, e.g. fr.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="XML file to write (default, or -: print it).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--allow-unplaced", is_flag=True,
              help="Write the file even if some lines could not be placed.")
@pass_context
@fails_cleanly
def import_command(context: Context, source: Path, treaty_id: str, lang: str,
                   output: Path | None, force: bool, allow_unplaced: bool) -> None:
    """Turn a plain-text treaty (UTF-8) into a treaty XML file.

    Finds the preamble, the divisions (PART, CHAPTER, SECTION... in several
    languages), the articles ("Article 5", "ARTICLE V", "Art. 1er", "Article
    premier", "ARTÍCULO 1-01", "Article 1.01", "Article A"), their headings,
    numbered paragraphs and points, the final clauses and the annexes and
    protocols, keeping the text exactly (wrapped lines are joined with one
    space). Every line it could not place, every line it dropped (page
    numbers, running headers) and every guess it made is reported on stderr
    as FILE:LINE: message. If a line could not be placed, nothing is written
    and the exit status is 1 (unless --allow-unplaced). Example:

        treatycmp import anzus.txt --id anzus-1951 --lang en -o treaties/anzus-1951/en.xml
    """
    text = read_text_file(source)
    with context.progress("Importing") as progress:  # one step: the structure
        progress(0, 1)
        try:
            result = import_text(text, treaty_id, lang, source.name)
        except ValueError as exc:
            raise click.BadParameter(excerpt(str(exc))) from None
        progress(1, 1)
    messages = [(no, f"not placed: {excerpt(content)}") for no, content in result.unplaced]
    messages += list(result.warnings)
    for no, message in sorted(messages, key=lambda item: item[0]):
        echo(f"{source}:{no}: {message}", err=True)
    version = result.version
    click.echo(f"{len(version.articles)} articles, {len(version.divisions())} divisions, "
               f"{len(version.annexes)} annexes; {len(result.unplaced)} lines not placed, "
               f"{len(result.dropped)} dropped, {len(result.warnings)} notes to check",
               err=True)
    if result.unplaced and not allow_unplaced:
        raise DataError(f"{len(result.unplaced)} line(s) could not be placed (listed "
                        "above): nothing was written; fix the text, or pass "
                        "--allow-unplaced to write what was placed", str(source))
    xml = version_to_xml(version)
    if output is not None and str(output) == STDOUT:
        output = None
    if output is None:
        echo(xml.decode("utf-8"), nl=False)
    else:
        store.writable_corpus_root(output.parent)
        untouched = output.is_file() and is_untouched_scaffold(
            read_input(output, store.MAX_FILE_BYTES, "file", head=True), treaty_id, lang)
        write_atomically(output, xml, overwrite=force or untouched)
        if untouched:
            click.echo(f"replaced the untouched scaffold from 'treatycmp new': {output}",
                       err=True)
        problems = store.check_file(output)
        for problem in problems:
            echo(f"warning: {problem}", err=True)
        click.echo(str(output))
