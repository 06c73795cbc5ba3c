"""What every command shares: the group, the corpus context, references,
comparison options, and turning errors into messages.

Exit codes: 0 success, 1 bad data or a reference that does not resolve (a
:class:`~treatycmp.errors.TreatycmpError`), 2 bad usage (click's own).
"""

from __future__ import annotations

import functools
import importlib
import os
from pathlib import Path

import click

from .. import __version__, store
from ..diff import CLEANUPS
from ..errors import TreatycmpError
from ..model import Treaty
from ..refs import Reference, parse_reference
from ..text import Folding


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


class LazyGroup(click.Group):
    """A group whose commands are imported when first asked for: a command
    that compares two clauses never imports the importer or the aligner, so
    that the tool starts fast when a script runs it hundreds of times.

    ``lazy`` maps each command name to the module (relative to this package)
    whose import registers it on the group.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, str] = {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.lazy:
            importlib.import_module(self.lazy[name], __package__)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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


def cache_folder(environ=os.environ) -> Path:
    """The user's cache folder for treatycmp (``$XDG_CACHE_HOME/treatycmp``)."""
    base = environ.get("XDG_CACHE_HOME") or Path(environ.get("HOME") or "~") / ".cache"
    return Path(base).expanduser() / "treatycmp"


def keep_compiled_templates() -> None:
    """Let a command that renders reuse the templates compiled by earlier runs
    (start-up is a feature); silently not, where the cache folder cannot be written."""
    from ..report.render import keep_compiled_templates as keep
    folder = cache_folder() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    if folder.is_dir() and os.access(folder, os.W_OK | os.X_OK):
        keep(folder)


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
        help="How the word diff is tidied: efficiency folds only short shared runs "
             "caught between changes, so shared phrases stay visible; semantic merges "
             "more into whole-phrase replacements.")(func)
    func = click.option(
        "--ignore", "folding", default="case,quotes,whitespace", show_default=True,
        callback=lambda ctx, param, value: folding_option(value),
        help="Differences that matching ignores: any of case, accents, quotes, "
             "whitespace (comma-separated), or none. Display never changes.")(func)
    return func
