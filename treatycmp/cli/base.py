"""What every command shares: the group, the corpus context, references,
comparison options, writing output, progress, and turning errors into messages.

Exit codes: 0 success, 1 bad data or a reference that does not resolve (a
:class:`~treatycmp.errors.TreatycmpError`), 2 bad usage (click's own).

The group is the safety net: whatever a command raises that is bad input or
a failing file system (``TreatycmpError``, ``OSError``, ``UnicodeError``)
becomes one line and exit code 1, never a traceback; so does a bug (any
other exception), said to be one. ``TREATYCMP_DEBUG=1`` lets all but
``TreatycmpError`` through, to see where they came from.
Messages, and text from files that are not validated (file names, imported
plain text), are printed with :func:`echo`, which escapes control and bidi
characters (:func:`terminal_safe`); treaty files cannot hold them (validate).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import re
import signal
import sys
import time
from pathlib import Path

import click

from .. import __version__, store
from ..diff import CLEANUPS
from ..errors import OutputError, TreatycmpError, excerpt
from ..model import Treaty
from ..output import STDOUT, write_atomically
from ..refs import Reference, parse_reference
from ..text import Folding

DEBUG_ENV = "TREATYCMP_DEBUG"
INTERNAL_ERROR = "internal error, a bug in treatycmp"
PROGRESS_AFTER = 0.5  # seconds of work before a progress bar appears
PROGRESS_ENV = "TREATYCMP_PROGRESS_AFTER"  # for tests: 0 shows it at once

# What could forge or scramble terminal output: C0 controls but tab and line
# feed (ESC starts every terminal command; CR overwrites a line), DEL, C1
# controls (U+009B is an 8-bit ESC [), line and paragraph separators, and
# the bidi embeddings, overrides and isolates that reorder what is shown.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029"
                     "\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SGR = re.compile("(\x1b\\[[0-9;]*m)")


def terminal_safe(text: str, one_line: bool = False, styled: bool = False) -> str:
    """``text`` with every character that could forge terminal output escaped
    (``\\x1b``, ``\\u202e``); with ``one_line`` line feeds and tabs too.
    ``styled`` keeps colour codes (``ESC[...m``), for text that click.style made
    from data that cannot hold ESC (treaty XML).

    >>> terminal_safe("a\\x1b[2Jb\\u202ec\\nd")
    'a\\\\x1b[2Jb\\\\u202ec\\nd'
    >>> terminal_safe("one\\ntwo", one_line=True)
    'one\\\\ntwo'
    """
    def escape(match: re.Match) -> str:
        char = match.group()
        if char in _NAMED:
            return _NAMED[char]
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    unsafe = re.compile(_UNSAFE.pattern[:-1] + "\t\n]") if one_line else _UNSAFE
    if not styled:
        return unsafe.sub(escape, text)
    return "".join(part if _SGR.fullmatch(part) else unsafe.sub(escape, part)
                   for part in _SGR.split(text))


def echo(text: str = "", err: bool = False, styled: bool = False, nl: bool = True) -> None:
    """Print text made from data: escaped on a terminal; exact when piped, so
    files and programs get the stored text. On stderr, which only people
    read, always escaped, and one line (a message is one line)."""
    if err:
        text = one_line_message(text)
    elif _is_tty(sys.stdout):
        text = terminal_safe(text, styled=styled)
    click.echo(text, err=err, nl=nl)


def _is_tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def one_line_message(text: str) -> str:
    """An error message for stderr: one line, safe, long input shortened."""
    return terminal_safe(excerpt(text), one_line=True)


def os_error_message(exc: OSError) -> str:
    """``PATH: reason`` for an operating-system error, without a traceback."""
    where = exc.filename if exc.filename is not None else ""
    reason = exc.strerror or exc.__class__.__name__
    return f"{where}: {reason}" if where != "" else reason


class Context:
    """What every command shares: where the corpus is, whether to be quiet."""

    def __init__(self, corpus: Path, quiet: bool = False) -> None:
        self.corpus = corpus
        self.quiet = quiet

    def treaty(self, treaty_id: str) -> Treaty:
        return store.load_treaty(self.corpus, treaty_id)

    def write(self, data: str | bytes, path: Path, overwrite: bool = True) -> Path | None:
        """Write a report to ``path`` (``-``: standard output, then ``None``),
        never into the corpus it was made from."""
        return write_output(data, path, overwrite=overwrite, protect=self.corpus)

    @contextlib.contextmanager
    def progress(self, label: str):
        """A ``progress(done, total)`` callback for library code: a progress
        bar on stderr when stderr is a terminal and not ``--quiet``, from
        PROGRESS_AFTER seconds on (quick work shows nothing)."""
        stream = sys.stderr
        if self.quiet or not _is_tty(stream):
            yield lambda done, total: None
            return
        bar = None
        start = time.monotonic()
        try:
            after = float(os.environ.get(PROGRESS_ENV, PROGRESS_AFTER))
        except ValueError:
            after = PROGRESS_AFTER

        def update(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                if time.monotonic() - start < after:
                    return
                bar = click.progressbar(length=total, label=label, file=stream,
                                        show_pos=True).__enter__()
            bar.length = total
            bar.update(done - bar.pos)

        try:
            yield update
        finally:
            if bar is not None:
                bar.__exit__(None, None, None)


def write_output(data: str | bytes, path: Path, overwrite: bool = True,
                 protect: Path | None = None) -> Path | None:
    """Write ``data`` atomically to ``path``, or to standard output if ``path``
    is ``-`` (then return ``None``). Refuse a path inside ``protect`` (the
    corpus: a report never replaces a file it was made from)."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    if str(path) == STDOUT:
        sys.stdout.flush()
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only stream
            sys.stdout.write(data.decode("utf-8"))
        else:
            stream.write(data)
        sys.stdout.flush()
        if stream is not None:
            stream.flush()
        return None
    if protect is not None:
        refuse_inside(path, protect)
    return write_atomically(path, data, overwrite=overwrite)


def refuse_inside(path: Path, corpus: Path, folder: bool = False) -> None:
    """Raise :class:`OutputError` if ``path`` (a file to write, or a
    ``folder`` to write into: followed if it is a link) is ``corpus`` or
    inside it."""
    if _inside(path, corpus, folder):
        raise OutputError(f"this is inside the corpus ({corpus}): a report never "
                          "replaces or joins the files it was made from; write it "
                          "elsewhere", str(path))


def _inside(path: Path, folder: Path, into: bool = False) -> bool:
    try:
        # (A file is replaced, never written through a link; a folder is written into.)
        target = path.resolve() if into else path.parent.resolve() / path.name
        return target.is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def echo_written(path: Path | None) -> None:
    """Print the path of a file written (nothing when it went to stdout)."""
    if path is not None:
        echo(str(path))


def fails_cleanly(command):
    """Turn a :class:`TreatycmpError` into a one-line message and exit code 1.

    (The group does the same for every command; this keeps a command safe
    when it is called on its own.)"""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except TreatycmpError as exc:
            raise click.ClickException(one_line_message(str(exc))) from None
    return wrapper


class SafeGroup(click.Group):
    """A group whose commands never end in a traceback on bad input."""

    def main(self, *args, **kwargs):
        # SIGTERM (kill, a CI timeout) ends the run like Ctrl-C does: through
        # every finally, so no temporary file is left behind.
        previous = None
        with contextlib.suppress(ValueError):  # not the main thread: leave it be
            if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
                previous = signal.signal(signal.SIGTERM, _terminated)
        try:
            return super().main(*args, **kwargs)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:  # the group's own options: shorten them too
            exc.message = one_line_message(exc.message)
            raise

    def invoke(self, ctx: click.Context):
        debug = os.environ.get(DEBUG_ENV) == "1"
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            exc.message = one_line_message(exc.message)
            raise
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own ways to stop (--help, Ctrl-C)
        except TreatycmpError as exc:
            raise click.ClickException(one_line_message(str(exc))) from None
        except BrokenPipeError:
            # The reader went away (| head): stop quietly, and keep Python from
            # complaining again when it flushes stdout at exit.
            with contextlib.suppress(OSError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(1) from None
        except OSError as exc:
            if debug:
                raise
            raise click.ClickException(one_line_message(os_error_message(exc))) from None
        except UnicodeError as exc:
            if debug:
                raise
            raise click.ClickException(one_line_message(
                f"text that is not valid Unicode: {exc}")) from None
        except Exception as exc:  # a bug: one line for users, the traceback with debug
            if debug:
                raise
            sqlite3 = sys.modules.get("sqlite3")  # loaded only if the search index was used
            if sqlite3 is not None and isinstance(exc, sqlite3.Error):
                raise click.ClickException(one_line_message(
                    f"the search index could not be used: {exc}")) from None
            if isinstance(exc, ValueError) and "embedded null" in str(exc):
                # Only a program can pass it (a shell cannot): the OS refuses it as a path.
                raise click.UsageError("an argument holds a NUL character, which no file "
                                       "name can hold") from None
            raise click.ClickException(one_line_message(
                f"{INTERNAL_ERROR} (please report it with the command that caused it; "
                f"{DEBUG_ENV}=1 shows where): {type(exc).__name__}: {exc}")) from None


def _terminated(signum, frame):
    raise SystemExit(128 + signum)


class ReferenceType(click.ParamType):
    name = "REF"

    def convert(self, value, param, ctx):
        if isinstance(value, Reference):
            return value
        try:
            return parse_reference(value)
        except ValueError as exc:
            self.fail(excerpt(str(exc)), param, ctx)


REF = ReferenceType()


class Share(click.FloatRange):
    """A number in [0, 1] (``min_open``: above 0); ``nan`` is refused, which
    ``click.FloatRange`` lets through because every comparison with it is false."""

    name = "share"

    def __init__(self, min_open: bool = False):
        super().__init__(0, 1, min_open=min_open)

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number in the range {self._describe_range()}.",
                      param, ctx)
        return number


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


class SafeLazyGroup(SafeGroup, LazyGroup):
    """The group of treatycmp: lazy imports, and no traceback on bad input."""


@click.group(cls=SafeLazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="treatycmp")
@click.option("--corpus", type=click.Path(file_okay=False, path_type=Path),
              envvar=store.CORPUS_ENV, show_envvar=True,
              help="Folder of treaties to use instead of the shipped corpus.")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bars (they are shown only on a terminal anyway).")
@click.pass_context
def main(ctx: click.Context, corpus: Path | None, quiet: bool) -> None:
    """Align and compare treaty clauses; write side-by-side redline reports.

    References name a treaty, a language version and a provision:
    ID[@LANG][:ARTICLE], for example nato-1949, nato-1949@fr:5,
    liptako-gourma-2023@fr:6 or nato-1949@en:preamble.
    """
    ctx.obj = Context(corpus or store.default_corpus_root({}), quiet)


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
    names = {name.strip() for name in value.split(",") if name.strip()}
    if not names:  # an empty shell variable must not turn every folding off
        raise click.BadParameter(f"{value!r} names nothing to ignore: give any of "
                                 f"{', '.join(FOLDABLE)} (comma-separated), or none")
    if "none" in names and len(names) > 1:
        raise click.BadParameter(f"'none' cannot go with {', '.join(sorted(names - {'none'}))}: "
                                 "give none alone, or the differences to ignore")
    names -= {"none"}
    unknown = names - set(FOLDABLE)
    if unknown:
        raise click.BadParameter(f"unknown: {', '.join(sorted(unknown))} "
                                 f"(choose from {', '.join(FOLDABLE)}, or none)")
    return Folding(**{name: name in names for name in FOLDABLE})


def comparison_options(func):
    func = click.option(
        "--cleanup", type=click.Choice(CLEANUPS), default="content", show_default=True,
        help="How the word diff is tidied: content folds only short runs of function words "
             "and marks caught between changes, so shared phrases and content words stay "
             "visible; efficiency and semantic are diff-match-patch's cleanups.")(func)
    func = click.option(
        "--ignore", "folding", default="case,quotes,whitespace", show_default=True,
        callback=lambda ctx, param, value: folding_option(value),
        help="Differences that matching ignores: any of case, accents, quotes, "
             "whitespace (comma-separated), or none. Display never changes.")(func)
    return func
