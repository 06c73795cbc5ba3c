"""Commands over the whole corpus: index-corpus, search, similar.

Each opens the corpus's search index (:mod:`treatycmp.search`), bringing it
up to date first. The search package (numpy, datasketch, SQLite) is imported
inside the commands, so other commands start as fast as before.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import re
import sys
from pathlib import Path

import click

from .. import __version__, store
from ..errors import TreatycmpError
from ..refs import Reference, did_you_mean, select_provision, select_version
from ..text import Folding
from .base import REF, Context, Share, fails_cleanly, folding_option, main, pass_context

SCHEDULER_HELP = ("Where heavy work runs: auto (a local Dask cluster for big jobs on 4 or "
                  "more cores when Dask is installed, else this process), single (this "
                  "process), local (a local Dask cluster), or a Dask scheduler address such "
                  "as tcp://host:8786 (see docs/scale.md).")


def _date(ctx, param, value):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _scheduler(ctx, param, value):
    if value in ("auto", "single", "local") or "://" in value:
        return value
    raise click.BadParameter(f"{value!r}: choose auto, single, local or a scheduler "
                             "address such as tcp://host:8786")


def index_options(func):
    func = click.option("--scheduler", default="auto", show_default=True,
                        callback=_scheduler, help=SCHEDULER_HELP)(func)
    func = click.option("--index", "index_file", type=click.Path(dir_okay=False, path_type=Path),
                        help="Index file (default: CORPUS/.treatycmp-index.sqlite for a writable "
                             "corpus, else in $XDG_CACHE_HOME/treatycmp).")(func)
    return func


def filter_options(func):
    for option in reversed([
        click.option("--treaty", "treaties", multiple=True, metavar="ID",
                     help="Only this treaty (repeatable; any case)."),
        click.option("--lang", "langs", multiple=True, metavar="LANG",
                     help="Only this language version (repeatable; any case; a language "
                          "the corpus lacks is an error naming those it has)."),
        click.option("--from", "signed_from", callback=_date, metavar="YYYY-MM-DD",
                     help="Only treaties signed on or after this date."),
        click.option("--to", "signed_to", callback=_date, metavar="YYYY-MM-DD",
                     help="Only treaties signed on or before this date."),
        click.option("--authentic", "authentic_only", is_flag=True,
                     help="Only authentic texts (no translations)."),
    ]):
        func = option(func)
    return func


def checked_filters(conn, treaties, langs, signed_from, signed_to,
                    authentic_only, corpus: Path):
    """The filters of --treaty, --lang, --from, --to and --authentic, ids and
    languages in any case (as in references); an id or a language that the
    index does not hold is a usage error naming what it holds, never a
    silent "no provision found" (one the corpus has, with nothing transcribed
    yet, is said to be so)."""
    from ..search import Filters, indexed_names

    treaties = tuple(dict.fromkeys(name.lower() for name in treaties))
    langs = tuple(dict.fromkeys(name.lower() for name in langs))
    if treaties or langs:
        known_treaties, known_langs = indexed_names(conn)
        for name in treaties:
            if name in known_treaties:
                continue
            if name.replace("-", "").isalnum() and (corpus / name / "treaty.xml").is_file():
                raise click.BadParameter(f"treaty {name!r} has no transcribed provision to "
                                         "search yet (treatycmp list shows what is)",
                                         param_hint="'--treaty'")
            hint = did_you_mean(name, known_treaties).strip()
            raise click.BadParameter(f"no treaty {name!r} in the corpus "
                                     f"({hint or 'treatycmp list lists them'})",
                                     param_hint="'--treaty'")
        for name in langs:
            if name in known_langs:
                continue
            if re.fullmatch(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*", name) and any(
                    corpus.glob(f"*/{name}.xml")):  # (a language code: not treaty.xml)
                raise click.BadParameter(f"no text in {name!r} has a transcribed provision to "
                                         "search yet (treatycmp list shows what is)",
                                         param_hint="'--lang'")
            raise click.BadParameter(f"no text in {name!r} in the corpus (available: "
                                     f"{', '.join(known_langs) or 'none'})",
                                     param_hint="'--lang'")
    return Filters(treaties, langs, signed_from, signed_to, authentic_only)


def open_search_index(context: Context, index_file: Path | None, scheduler: str,
                      runner=None, thorough: bool = False):
    """The up-to-date index connection; progress and warnings on stderr."""
    from ..search import ensure_index, index_path

    if not context.corpus.is_dir():
        raise TreatycmpError("corpus folder does not exist", str(context.corpus))
    if not store.xml.looks_like_corpus(context.corpus):  # such as --corpus /
        raise TreatycmpError("not a treaty corpus: no folder here holds a treaty.xml; "
                             "no index is made of it", str(context.corpus))
    path = index_file or index_path(context.corpus, store.default_corpus_root({}))
    bar = _ProgressBar()
    try:
        conn, result = ensure_index(context.corpus, path, scheduler=scheduler, runner=runner,
                                    on_plan=bar.start, progress=bar.update, thorough=thorough)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        raise TreatycmpError(f"cannot write the index: {exc.strerror or exc}", str(path)) from None
    finally:
        bar.finish()
    if result.rebuilt_because:
        click.echo(f"warning: {path}: index rebuilt ({result.rebuilt_because})", err=True)
    for problem in result.problems:
        click.echo(f"warning: not indexed: {problem}", err=True)
    return conn, path, result


class _ProgressBar:
    """A progress bar on stderr when it is a terminal and there is work to show."""

    def __init__(self) -> None:
        self.bar = None

    def start(self, total: int) -> None:
        if total and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="indexing", file=sys.stderr)
            self.bar.__enter__()

    def update(self, count: int) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command("index-corpus")
@index_options
@pass_context
@fails_cleanly
def index_corpus(context: Context, index_file: Path | None, scheduler: str) -> None:
    """Build or update the search index of the corpus.

    Only treaty folders whose files changed (by SHA-256) are read again; a
    damaged or out-of-date index file is detected and rebuilt (this command
    also runs SQLite's full integrity check). search and similar update the
    index themselves; run this to pay the cost up front. Example:

        treatycmp --corpus my-corpus/ index-corpus
    """
    conn, path, result = open_search_index(context, index_file, scheduler, thorough=True)
    conn.close()
    click.echo(f"{path}: {result.provisions} provision(s); {result.treaties_read} treaty "
               f"folder(s) read, {result.treaties_removed} removed")


@main.command()
@click.argument("phrases", nargs=-1)
@click.option("--like", "like", type=REF, metavar="REF",
              help="List the provisions most similar to this one instead (ID[@LANG]:ARTICLE).")
@filter_options
@click.option("--ignore", "folding", default="case,quotes,whitespace", show_default=True,
              callback=lambda ctx, param, value: folding_option(value),
              help="Differences that phrase matching ignores: any of case, accents, quotes, "
                   "whitespace (comma-separated), or none; as in compare.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="Most results to show.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write an HTML results page here, linking to the comparisons.")
@index_options
@pass_context
@fails_cleanly
def search(context: Context, phrases: tuple[str, ...], like: Reference | None,
           treaties, langs, signed_from, signed_to, authentic_only, folding: Folding,
           limit: int, fmt: str, output: Path | None, index_file: Path | None,
           scheduler: str) -> None:
    """Find provisions by their words, or provisions like a given one.

    Each PHRASE must occur in the provision: its words and punctuation in
    order, whitespace aside (quote a phrase of several words for the shell);
    several phrases must all occur. Words match as the comparison matches them
    (see --ignore; docs/figures.md). Results are in order of signature date.

        treatycmp search "armed attack"

        treatycmp search "armed attack" Europe --lang en --from 1945-01-01

    With --like REF, the provisions most similar to REF, ranked by shingle
    similarity (docs/figures.md), each with the compare command that shows
    the redline:

        treatycmp search --like nato-1949:5
    """
    from ..search import check_phrases, search_like, search_phrases
    from ..search.page import build_page, hit_command

    if bool(phrases) == bool(like):
        raise click.UsageError("give either PHRASE... or --like REF")
    try:  # before the index is built or updated: a usage error costs nothing
        check_phrases(list(phrases), folding)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    query_ref = None
    if like is not None:
        if like.provision is None:
            raise click.UsageError(f"{like} names no provision: use ID[@LANG]:ARTICLE, "
                                   f"for example {like}:5")
        treaty = context.treaty(like.treaty)
        version = select_version(treaty, like.lang)
        provision = select_provision(version, like.provision)
        from ..search.records import record_name  # the search package loads on demand
        name = record_name(provision)
        query_ref = f"{treaty.id}@{version.lang}:{name}"
    conn, _, _ = open_search_index(context, index_file, scheduler)
    try:
        filters = checked_filters(conn, treaties, langs, signed_from, signed_to,
                                  authentic_only, context.corpus)
        if like is not None:
            results = search_like(conn, provision.full_text, exclude=query_ref,
                                  filters=filters, limit=limit)
        else:
            try:
                results = search_phrases(conn, list(phrases), folding=folding,
                                         filters=filters, limit=limit)
            except ValueError as exc:
                raise click.UsageError(str(exc)) from None
    finally:
        conn.close()
    prefix = ["treatycmp"] + _corpus_args(context)
    page = build_page(results, kind="like" if like else "phrase", query_ref=query_ref,
                      prefix=prefix, filters=_describe(filters), folding=folding.describe(),
                      version=__version__)
    if output:  # never into the corpus, never over a device (context.write)
        from ..report.render import render_template
        output = context.write(render_template("search-results.html", page=page), output)
    if fmt == "json":
        click.echo(json.dumps(_json(page, hit_command), ensure_ascii=False, indent=2))
    else:
        _table(page)
    if output:
        click.echo(f"wrote {output}", err=True)


def _corpus_args(context: Context) -> list[str]:
    shipped = store.default_corpus_root({})
    if context.corpus.resolve() == shipped.resolve():
        return []
    return ["--corpus", str(context.corpus)]


def _describe(filters) -> tuple[str, ...]:
    out = []
    if filters.treaties:
        out.append("treaty " + ", ".join(filters.treaties))
    if filters.langs:
        out.append("language " + ", ".join(filters.langs))
    if filters.signed_from:
        out.append(f"signed from {filters.signed_from.isoformat()}")
    if filters.signed_to:
        out.append(f"signed to {filters.signed_to.isoformat()}")
    if filters.authentic_only:
        out.append("authentic texts only")
    return tuple(out)


def _json(page, hit_command) -> dict:
    return {
        "query": page.query if page.kind == "phrase" else page.query_ref,
        "kind": page.kind, "searched": page.searched, "found": page.total,
        **({"candidates": page.candidates} if page.total is None else {}),
        "filters": list(page.filters),
        "hits": [{"rank": h.rank, "ref": h.ref, "label": h.label, "heading": h.heading,
                  "title": h.title, "signed": h.signed, "lang": h.lang,
                  "authentic": h.authentic,
                  **({"score": h.score_value} if h.score is not None else {}),
                  **({"snippet": "".join(h.snippet), "match": h.snippet[1]}
                     if h.snippet else {}),
                  "command": h.command,
                  **({"report": h.report} if h.report else {})}
                 for h in page.hits]}


def _table(page) -> None:
    if not page.hits:
        click.echo(f"no provision found (searched {page.searched})")
        return
    width = max(len("PROVISION"), *(len(hit.ref) for hit in page.hits))
    score_head = "SCORE  " if page.kind == "like" else ""
    click.echo(f"  #  {score_head}{'PROVISION':<{width}}  SIGNED      TREATY")
    for hit in page.hits:
        score = f"{hit.score}  " if hit.score is not None else ""
        click.echo(f"{hit.rank:>3}  {score}{hit.ref:<{width}}  {hit.signed}  {hit.title}")
        if hit.snippet:
            before, match, after = hit.snippet
            click.echo(f"     {before}[{match}]{after}")
        click.echo(f"     {hit.command}")
    shown = len(page.hits)
    if page.kind == "phrase" and page.total is None:
        click.echo(f"the first {shown} provision(s) of {page.searched} searched; more may match "
                   f"({page.candidates} proposed by the full-text index): raise --limit")
    elif page.kind == "phrase":
        click.echo(f"{page.total} provision(s) of {page.searched} searched")
    else:
        click.echo(f"{shown} most similar of {page.searched} searched "
                   "(score: shingle similarity, docs/figures.md)")


@main.command()
@click.option("--all", "all_pairs", is_flag=True, required=False,
              help="Every pair of provisions in the corpus (required).")
@click.option("--min", "threshold", type=Share(min_open=True), default=0.5,
              show_default=True, help="Least shingle similarity of a pair (0 < MIN <= 1).")
@filter_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="CSV file to write (default: standard output).")
@index_options
@pass_context
@fails_cleanly
def similar(context: Context, all_pairs: bool, threshold: float, treaties, langs,
            signed_from, signed_to, authentic_only, output: Path | None,
            index_file: Path | None, scheduler: str) -> None:
    """Every pair of provisions whose shingle similarity reaches --min, as CSV.

        treatycmp similar --all --min 0.5 -o pairs.csv

    Columns: left, right (references; left is the earlier signed), score
    (exact shingle similarity, docs/figures.md), sorted by score then
    references. Candidates come from MinHash bands tuned for --min and every
    pair is checked exactly, so every pair listed is right; a pair can be
    missed only rarely (measured recall in bench/bench_search.py). For the
    provisions like one provision, use search --like REF.
    """
    from ..search import similar_pairs
    from ..search.scale import AUTO_LOCAL_PROVISIONS, open_runner

    if not all_pairs:
        raise click.UsageError("similar needs --all (for one provision: search --like REF)")
    try:
        with contextlib.ExitStack() as stack:
            # An explicit cluster serves both the index update and the pairs.
            shared = (None if scheduler in ("auto", "single")
                      else stack.enter_context(open_runner(scheduler)))
            conn, path, result = open_search_index(context, index_file, scheduler, shared)
            stack.callback(conn.close)
            filters = checked_filters(conn, treaties, langs, signed_from, signed_to,
                                      authentic_only, context.corpus)
            runner = shared or stack.enter_context(
                open_runner(scheduler, result.provisions >= AUTO_LOCAL_PROVISIONS))
            pairs = similar_pairs(path, threshold, filters=filters, runner=runner)
            rows = _pair_rows(conn, pairs)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["left", "right", "score"])
    writer.writerows(rows)
    if output:  # never into the corpus, never over a device (context.write)
        context.write(buffer.getvalue(), output)
        click.echo(f"{len(rows)} pair(s) with shingle similarity >= {threshold:g} "
                   f"written to {output} ({pairs.candidates} candidates, "
                   f"{pairs.verified} checked exactly)", err=True)
    else:
        click.echo(buffer.getvalue(), nl=False)


def _pair_rows(conn, pairs) -> list[tuple[str, str, str]]:
    ids = sorted(set(pairs.left.tolist()) | set(pairs.right.tolist()))
    info: dict[int, tuple] = {}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        for row in conn.execute("SELECT id, ref, signed FROM provisions WHERE id IN "
                                f"({', '.join('?' * len(part))})", part):
            info[row[0]] = (row[2], row[1])
    rows = []
    for left, right, score in zip(pairs.left.tolist(), pairs.right.tolist(),
                                  pairs.score.tolist()):
        a, b = sorted((info[left], info[right]))
        rows.append((a[1], b[1], f"{score:.6f}"))
    rows.sort(key=lambda row: (-float(row[2]), row[0], row[1]))
    return rows
