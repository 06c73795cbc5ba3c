"""Commands that compare: compare (HTML report, of two articles or two
treaties), diff (terminal, JSON), and index (the list of reports in a folder)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import PurePath, Path
from typing import NamedTuple

import click

from ..align import PARAGRAPH_THRESHOLD, ManualPairs, basis_label, parse_pair_spec
from .. import store
from ..compare import ClauseComparison, Options, compare_provisions, group_text, share_text
from ..curation import curated_pair_of, curated_split_of, paragraphs_error
from ..diff import unit_texts
from ..errors import DataError, LookupFailed
from ..inputs import read_input
from ..model import Provision, TextVersion, Treaty, cite
from ..refs import Reference, choose_versions, find_provision, select_provision
from ..report import build_clause_report, language_basis, render_report
from ..report.redline import same_spelling
from ..text import Folding, spell_spaces
from .base import (REF, Context, Share, comparison_options, echo, echo_written, fails_cleanly,
                   keep_compiled_templates, main, pass_context)
from .pairing import AlignRequest, alignment_options

from .formats import docx_bytes, docx_figures, format_option, pdf_bytes, report_format, with_extension

INDEX_HEAD_BYTES = 1 << 20  # a report's <head> comes first, well within this

Side = tuple[Treaty, TextVersion, Provision]


def resolve_clauses(context: Context, left: Reference,
                    right: Reference) -> tuple[Side, Side, str | None]:
    """Load both treaties and find the two provisions to compare."""
    for ref in (left, right):
        if ref.provision is None:
            raise click.UsageError(f"{ref} names no article: use ID[@LANG]:ARTICLE, "
                                   f"for example {ref}:5")
    lt, rt = context.treaty(left.treaty), context.treaty(right.treaty)
    lv, rv, chosen = choose_versions(lt, rt, left.lang, right.lang, left.provision,
                                     right.provision)
    return ((lt, lv, _provision(lt, lv, left.provision)),
            (rt, rv, _provision(rt, rv, right.provision)), chosen)


def _provision(treaty: Treaty, version: TextVersion, name: str) -> Provision:
    """:func:`select_provision`, whose message, when the version lacks the
    provision, names the languages that have it."""
    try:
        return select_provision(version, name)
    except LookupFailed as exc:
        if find_provision(version, name) is not None:
            raise  # it exists here (not yet transcribed): the message says so
        langs = [v.lang for v in treaty.versions if find_provision(v, name) is not None]
        if not langs:
            raise
        raise LookupFailed(f"{exc.message}; {treaty.id} has it in {', '.join(langs)} "
                           f"({treaty.id}@{langs[0]}:{name})") from None


def pairing_options(func):
    """``--pair``, ``--no-curated`` and ``--threshold``: how the paragraphs of
    two clauses are paired."""
    func = click.option(
        "--no-curated", is_flag=True,
        help="Pair the paragraphs automatically even where the curated alignment "
             "file pairs them (a curated pair's paragraphs=).")(func)
    func = click.option(
        "--threshold", type=Share(), default=None,
        help=f"Score in [0, 1] from which two paragraphs are paired on their score "
             f"alone (default {PARAGRAPH_THRESHOLD}); below it, paragraphs are still "
             "paired when they are clearly each other's best (docs/alignment.md).")(func)
    func = click.option(
        "--pair", "pairs", metavar="L=R,...", default=None,
        callback=lambda ctx, param, value: _checked_spec(value),
        help="Pair paragraphs by hand, numbered from 1: '1=1,2=2+3' pairs left 1 with "
             "right 1 and left 2 with right 2 and 3; '3=-' leaves left 3 alone. "
             "Paragraphs not named are aligned as usual. Given, it replaces the "
             "paragraph pairs of a curated pair of the two articles.")(func)
    return func


def _checked_spec(value: str | None) -> str | None:
    _pair_spec(value)  # a usage error now, before any file is read
    return value


def _pair_spec(value: str | None) -> ManualPairs | None:
    if value is None:
        return None
    try:
        return parse_pair_spec(value)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="'--pair'") from None


class ParagraphPairing(NamedTuple):
    """Who paired the paragraphs of two clauses: ``by`` is ``automatic``,
    ``hand`` (--pair) or ``curated`` (a curated pair's ``paragraphs``)."""

    by: str
    pairs: ManualPairs | None = None
    spec: str | None = None  # as written: "1=1,2=-"
    file: str | None = None  # alignments/NAME.xml, of a curated pair (used or overridden)
    line: int | None = None
    curated_spec: str | None = None  # the curated pairs that --pair replaced
    path: str | None = None  # the curated file as read, for error messages
    split: bool = False  # a curated split joins one of the two to a third provision
    written: str | None = None  # the curated pairs as the file writes them, read turned round

    @property
    def note(self) -> str | None:
        """One sentence for the reader, or None when the pairing is automatic
        and no curated pair was set aside."""
        where = f"{self.file}, line {self.line}" if self.line else self.file
        curated = self.spec if self.by == "curated" else self.curated_spec
        quoted = f'paragraphs="{self.written or curated}"' + (
            f", read the other way round: {curated}" if self.written else "")
        if self.split and self.by == "automatic":
            return (f"Paragraphs paired automatically: the curated alignment ({where}) "
                    "joins one of these provisions with another (a split), and its "
                    "paragraph pairs number the joined text (compare the two treaties "
                    "to see them applied).")
        if self.by == "curated":
            return (f"Paragraphs paired as the curated alignment decides ({where}: "
                    f"{quoted}); --pair or --no-curated overrides it.")
        if self.by == "hand":
            text = f"Paragraphs paired by hand (--pair {self.spec})"
            if self.curated_spec:
                text += f", instead of the curated pairs ({where}: {quoted})"
            return text + "."
        return None

    def as_json(self) -> dict:
        return {"by": self.by, "pairs": self.spec, "curated_file": self.file,
                "curated_line": self.line, "curated_pairs_not_used": self.curated_spec,
                "curated_split": self.split}


def paragraph_pairing(context: Context, lside: Side, rside: Side, hand: str | None,
                      use_curated: bool) -> ParagraphPairing:
    """How the paragraphs of the two clauses are paired: ``hand`` (--pair)
    wins; else the ``paragraphs`` of the curated pair that joins the two
    provisions, unless ``use_curated`` is false. The curated file is read
    whenever ``use_curated`` holds, so a malformed one stops the command as
    it stops ``align``."""
    curated = (store.find_alignment(context.corpus, lside[0].id, rside[0].id)
               if use_curated else None)
    pair = curated_pair_of(curated, lside[1], lside[2], rside[1], rside[2])
    spec = pair.paragraphs if pair else None
    split = (None if spec else
             curated_split_of(curated, lside[1], lside[2], rside[1], rside[2]))
    file = (f"alignments/{PurePath(curated.path).name}" if (spec or split) and curated.path
            else None)
    line = pair.line if spec else split.line if split else None
    written = store.alignments.as_written(curated, pair) if spec else None
    if hand is not None:
        return ParagraphPairing("hand", _pair_spec(hand), hand.strip(), file, line, spec,
                                written=written)
    if split is not None:
        return ParagraphPairing("automatic", file=file, line=line, split=True)
    if spec is None:
        return ParagraphPairing("automatic")
    try:
        pairs = parse_pair_spec(spec)
    except ValueError as exc:
        raise _curated_error(lside, rside, spec, exc, curated.path, line, written) from None
    return ParagraphPairing("curated", pairs, spec, file, line, path=curated.path,
                            written=written)


def _curated_error(lside: Side, rside: Side, spec: str, exc: ValueError, path: str | None,
                   line: int | None, written: str | None = None) -> DataError:
    return paragraphs_error(lside[2].label, rside[2].label, spec, str(exc), path, line, written)


def compare_clauses(lside: Side, rside: Side, options: Options,
                    pairing: ParagraphPairing) -> ClauseComparison:
    """The comparison, with a usage error for manual pairs that do not fit (a
    data error, at its file and line, for curated pairs that do not)."""
    try:
        return compare_provisions(lside[2], rside[2], options, pairing.pairs)
    except ValueError as error:
        if pairing.by == "curated":
            raise _curated_error(lside, rside, pairing.spec, error, pairing.path,
                                 pairing.line, pairing.written) from None
        raise click.BadParameter(str(error), param_hint="'--pair'") from None


def clause_options(folding: Folding, cleanup: str, threshold: float | None) -> Options:
    return Options(folding=folding, cleanup=cleanup,
                   threshold=PARAGRAPH_THRESHOLD if threshold is None else threshold)


def default_report_name(left: Side, right: Side) -> str:
    def part(side: Side) -> str:
        treaty, version, provision = side
        return f"{treaty.id}-{version.lang}-{provision.key.replace(':', '-')}"
    return f"{part(left)}_vs_{part(right)}.html"


@main.command()
@click.argument("left", type=REF)
@click.argument("right", type=REF)
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Report file to write (default: LEFT_vs_RIGHT.html here; "
                   "- for standard output).")
@click.option("--timestamp", is_flag=True,
              help="Record the time of generation in the report (off by default, so "
                   "that the same input gives a byte-identical report).")
@format_option
@comparison_options
@alignment_options
@pass_context
@fails_cleanly
def compare(context: Context, left: Reference, right: Reference, output: Path | None,
            timestamp: bool, fmt: str | None, folding: Folding, cleanup: str,
            alignment: AlignRequest) -> None:
    """Compare two articles (or two treaties) and write a side-by-side HTML report.

    LEFT is the base text, RIGHT is read against it. With no language given, a
    language in which both treaties are authentic is chosen (French for the
    flagship pair). Prints the path of the report written. Example:

        treatycmp compare nato-1949@fr:5 liptako-gourma-2023@fr:6 -o report.html

    With two treaties (no :ARTICLE), the report aligns their provisions (see
    'treatycmp align') and shows every aligned pair's redline:

        treatycmp compare nato-1949@fr liptako-gourma-2023@fr

    Paragraphs are paired automatically; --pair overrides it by hand:

        treatycmp compare nato-1949:5 us-japan-1960:5 --pair 1=1,2=2

    With two treaties, --pair pairs provisions and --threshold is the
    article threshold ('treatycmp align' takes the same options):

        treatycmp compare nato-1949@en brussels-1948@en --pair 5=V,6=-

    The format follows the extension of -o (or --format): .html, .docx (a Word
    redline of tracked changes: accept all for the right text, reject all for
    the left), or .pdf (the HTML report printed, with page numbers):

        treatycmp compare nato-1949@fr:5 liptako-gourma-2023@fr:6 -o redline.docx
    """
    fmt = report_format(output, fmt)
    if fmt != "html" and (left.provision is None or right.provision is None):
        raise click.UsageError(f"a {fmt.upper()} report is made of two articles, for "
                               f"example {left.treaty}:5 {right.treaty}:6")
    if left.provision is None and right.provision is None:
        from .align import write_treaty_report  # only a treaty report needs the aligner
        path, note = write_treaty_report(context, left, right, output, timestamp,
                                         Options(folding=folding, cleanup=cleanup), alignment)
        click.echo(note, err=True)
        echo_written(path)
        return
    alignment.refuse_for_clauses()
    lside, rside, chosen = resolve_clauses(context, left, right)
    pairing = paragraph_pairing(context, lside, rside, alignment.pair,
                                not alignment.no_curated)
    comparison = compare_clauses(lside, rside,
                                 clause_options(folding, cleanup, alignment.threshold),
                                 pairing)
    now = dt.datetime.now(dt.timezone.utc) if timestamp else None
    generated = now.strftime("%Y-%m-%d %H:%M UTC") if now else None
    report = _with_pairing(build_clause_report(comparison, lside[:2], rside[:2], chosen,
                                               generated), pairing)
    path = output or with_extension(default_report_name(lside, rside), fmt)
    if fmt == "docx":  # the Word file has one note under its title: the pairing joins it
        noted = report._replace(language_note=" ".join(
            filter(None, (report.language_note, pairing.note))))
        data = docx_bytes(comparison, lside, rside, noted, docx_figures(comparison), now)
    else:
        keep_compiled_templates()
        data = render_report(report)
        if fmt == "pdf":
            data = pdf_bytes(data, report.title, now)
    path = context.write(data, path)
    click.echo(report.language_note, err=True)
    echo_written(path)


@main.command("diff")
@click.argument("left", type=REF)
@click.argument("right", type=REF)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: a coloured word diff; json: for programs.")
@comparison_options
@pairing_options
@pass_context
@fails_cleanly
def diff_command(context: Context, left: Reference, right: Reference, fmt: str,
                 folding: Folding, cleanup: str, threshold: float | None,
                 pairs: str | None, no_curated: bool) -> None:
    """Print the word diff of two articles in the terminal.

    Deletions are shown [-like this-] and insertions {+like this+} (and in
    colour on a terminal), so the diff reads without colour too; a run of
    words that moved is shown [<1 where it was<] and {>1 where it went>}.
    Example:

        treatycmp diff nato-1949:5 anzus-1951:4 --pair 1=1,2=2
    """
    lside, rside, chosen = resolve_clauses(context, left, right)
    pairing = paragraph_pairing(context, lside, rside, pairs, not no_curated)
    comparison = compare_clauses(lside, rside, clause_options(folding, cleanup, threshold),
                                 pairing)
    note = language_basis(lside[1], rside[1], chosen)
    if fmt == "json":
        from ..export import comparison_to_json  # only for --format json
        payload = json.loads(comparison_to_json(comparison, lside, rside, note))
        payload["paragraph_pairing"] = pairing.as_json()
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        click.echo(_terminal_diff(comparison, lside, rside,
                                  note + (f"\n{pairing.note}" if pairing.note else "")))


def _with_pairing(report, pairing: ParagraphPairing):
    """The clause report with a note saying who paired the paragraphs, when a
    person did (the rows say "paired by hand"; this says where it comes from)."""
    if pairing.note is None:
        return report
    return report._replace(warnings=report.warnings + (pairing.note,),
                           options=report.options + (("Paragraph pairs", pairing.note),))


def _terminal_diff(comparison: ClauseComparison, lside: Side, rside: Side,
                   note: str) -> str:
    lines = [f"{cite(lside[0], lside[1])}, {lside[2].pinpoint}",
             f"{cite(rside[0], rside[1])}, {rside[2].pinpoint}", note, ""]
    for row in comparison.paragraphs:
        llabel = _para_label(row.lefts)
        rlabel = _para_label(row.rights)
        score = f", score {row.score:.2f}" if row.score is not None else ""
        how = (f" ({basis_label(row.basis, row.joined)}{score})" if row.lefts and row.rights
               else "")
        lines.append(click.style(f"{llabel} <-> {rlabel}{how}", bold=True))
        if not (row.lefts and row.rights):  # (a diff: the paragraphs hold a move)
            marker = ("-", "red") if row.lefts else ("+", "green")
            lines.append(click.style(f"[{marker[0]}only on the {'left' if row.lefts else 'right'}"
                                     f"{marker[0]}] ", fg=marker[1])
                         + (_inline(row.diff) if row.diff else group_text(row.lefts or row.rights)))
        else:
            lines.append(_inline(row.diff))
        lines.append("")
    f, s = comparison.figures, comparison.figures.stats
    if f.words_identical and any(row.diff is None or op.tag != "equal"
                                 for row in comparison.paragraphs
                                 for op in (row.diff.opcodes if row.diff else (None,))):
        lines.append("the words are identical: the changes are to punctuation or spacing")
    lowered = " (moved words count as changed)" if s.moved else ""
    lines.append(f"word similarity {share_text(f.word_similarity)}{lowered} · shingle Jaccard "
                 f"{share_text(f.shingle_jaccard)} · words unchanged {s.unchanged}, deleted "
                 f"{s.deleted}, inserted {s.inserted}, moved {s.moved}")
    if not comparison.complete:
        lines.append("note: the diff hit its time limit and may not be minimal")
    return "\n".join(lines)


def _para_label(paragraphs) -> str:
    if not paragraphs:
        return "(none)"
    return " + ".join(p.num or p.eid.rsplit("_", 1)[-1].join(("para ", ""))
                      for p in paragraphs)


class _Piece(NamedTuple):
    """Text of one side between two unchanged words: ``side`` 0 (left) or 1
    (right), ``move`` its move's number, ``gap`` when it is only the space
    after an unchanged word that this side alone has."""

    order: int
    side: int
    text: str
    move: int | None = None
    gap: bool = False


def _inline(diff) -> str:
    """One line of text: unchanged words in the left text's spelling (a word
    matched only after folding is followed by the right's {~spelling~}),
    [-deleted-] and {+inserted+} runs (coloured on a terminal), each mark
    closing on its last word. The left text reads from the unchanged and
    deleted runs, the right from the unchanged (with their right spellings)
    and inserted runs: a space or paragraph break that only one text has
    before a change is printed inside that change's mark (``agree{+ that…+}``),
    and a space that both texts have after a change, each after its own
    words, is printed once after the marks (``attacked[-,-] forthwith`` for
    ``attacked, forthwith`` against ``attacked forthwith``)."""
    out: list[str] = []
    block: list[_Piece] = []
    spaced = True  # the line so far ends with a space both texts have (or is empty)
    for op in diff.opcodes:
        if op.tag == "equal":
            out.append(_changes(block, spaced))
            text, block, spaced = _equal_run(diff, op)
            out.append(text)
            continue
        side = 0 if op.tag == "delete" else 1
        block.append(_Piece(len(block), side,
                            diff.left_text(op) if side == 0 else diff.right_text(op), op.move))
    out.append(_changes(block, spaced))
    return "".join(out)


def _changes(pieces: list[_Piece], spaced: bool) -> str:
    """The marks of the changes between two unchanged runs, then the space
    after them that both texts have. ``spaced``: the unchanged run before
    them ends with a space both texts have."""
    if all(p.gap for p in pieces):  # only the spacing differs (whitespace folded)
        return "".join(p.text for p in pieces[:1])
    sides = [_joined([p for p in pieces if p.side == k]) for k in (0, 1)]
    last = [mine[-1] if mine else None for mine in sides]
    tail = ""
    if all(p is not None and _spaced_end(p) for p in last) or (
            None not in last and _space_after(last[0].text)
            and _space_after(last[0].text) == _space_after(last[1].text)):
        # Both texts have a space after their own words: one space, after the marks.
        tail = _space_after(last[0].text)
        sides = [_strip_end(mine) for mine in sides]
    elif spaced and (last[0] is None) != (last[1] is None):
        mine = last[0] or last[1]
        if _spaced_end(mine) and not mine.gap:  # (a [-b-] c: the space after b is shared)
            tail = _space_after(mine.text)
            sides = [_strip_end(s) for s in sides]
    return "".join(_mark(p) for p in sorted(sides[0] + sides[1])) + tail


def _joined(pieces: list[_Piece]) -> list[_Piece]:
    """One side's pieces, each run of them that is not a move one mark: a
    lone space opens the change after it, and a change of spaces alone
    (whitespace compared) joins the words changed beside it."""
    out: list[_Piece] = []
    for piece in pieces:
        if out and out[-1].gap:  # (in the place of the change it opens)
            out[-1] = piece._replace(text=out[-1].text + piece.text)
        elif out and out[-1].move is None and piece.move is None:
            out[-1] = out[-1]._replace(text=out[-1].text + piece.text)
        else:
            out.append(piece)
    return out


def _spaced_end(piece: _Piece) -> bool:
    """Ends with a space that may stand outside its mark: after a word (a
    change of spaces alone, whitespace compared, stays marked), or a lone gap."""
    return piece.text[-1:].isspace() and (piece.gap or bool(piece.text.strip()))


def _space_after(text: str) -> str:
    return text[len(text.rstrip()):]


def _strip_end(pieces: list[_Piece]) -> list[_Piece]:
    if not pieces:
        return pieces
    last = pieces[-1]._replace(text=pieces[-1].text.rstrip())
    return pieces[:-1] + ([last] if last.text else [])


def _mark(piece: _Piece) -> str:
    text = piece.text
    if not text.strip():  # only a space differs: show which
        text = spell_spaces(text)
    if piece.move is not None and piece.side == 0:
        return click.style(f"[<{piece.move} {text}<]", fg="blue", strikethrough=True)
    if piece.move is not None:
        return click.style(f"{{>{piece.move} {text}>}}", fg="blue", underline=True)
    if piece.side == 0:
        return click.style(f"[-{text}-]", fg="red", strikethrough=True)
    return click.style(f"{{+{text}+}}", fg="green", underline=True)


def _equal_run(diff, op) -> tuple[str, list[_Piece], bool]:
    """The unchanged run in the left text's spelling; the whitespace after
    its last word that only the left or only the right text has (a gap, for
    the changes that follow); and whether the run ends with a space that both
    texts have. A word is followed by the right's {~spelling~} only where
    the two spellings differ: canonically equivalent ones (NFC against NFD)
    do not (:func:`~treatycmp.report.redline.same_spelling`)."""
    units = list(zip(unit_texts(diff.left, op.i1, op.i2), unit_texts(diff.right, op.j1, op.j2)))
    gaps: list[_Piece] = []
    if units:
        mine, theirs = units[-1]
        mine_space, theirs_space = _space_after(mine), _space_after(theirs)
        if bool(mine_space) != bool(theirs_space):
            gaps = [_Piece(-1, k, space, gap=True)
                    for k, space in enumerate((mine_space, theirs_space)) if space]
            units[-1] = (mine.rstrip(), theirs.rstrip())
    out = []
    for mine, theirs in units:
        word, other = mine.rstrip(), theirs.rstrip()
        if same_spelling(word, other):
            out.append(mine)
        else:
            out.append(word + click.style(f"{{~{other}~}}", fg="cyan") + mine[len(word):])
    return "".join(out), gaps, bool(units) and units[-1][0][-1:].isspace()


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
                default="reports")
@pass_context
@fails_cleanly
def index(context: Context, folder: Path) -> None:
    """Write FOLDER/index.html: every treatycmp report in FOLDER (default:
    reports) and what it compares. Other HTML files are left out."""
    from ..report.index import build_index, read_index_entry, render_index
    entries = []
    for path in sorted(folder.glob("*.html")):
        if path.name == "index.html":
            continue
        try:  # only the head is read: it holds what the index needs
            head = read_input(path, INDEX_HEAD_BYTES, "report", head=True)
        except DataError as exc:
            echo(f"warning: {exc} (left out)", err=True)
            continue
        entry = read_index_entry(path.name, head.decode("utf-8", errors="replace"))
        if entry:
            entries.append(entry)
    if not entries and not (folder / "index.html").exists():
        raise DataError("no treatycmp report here: nothing to index (no index.html "
                        "written)", str(folder))
    keep_compiled_templates()
    echo_written(context.write(render_index(build_index(entries)), folder / "index.html"))
