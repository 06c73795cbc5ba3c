"""Whole-treaty commands: ``align`` (the correspondence table) and the
treaty-level path of ``compare`` (:func:`compare_treaties`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from .. import __version__, store
from ..compare import Options
from ..match import ARTICLE_THRESHOLD, TreatyAlignment, align_articles, compare_pairs
from ..model import ARTICLE, Provision, TextVersion, Treaty
from ..refs import Reference, choose_versions
from ..report import language_basis
from ..report.treaty import build_treaty_report, render_treaty_report
from ..text import Folding
from .base import REF, Context, fails_cleanly, folding_option, main, pass_context

Sides = tuple[tuple[Treaty, TextVersion], tuple[Treaty, TextVersion], str | None]


def resolve_treaties(context: Context, left: Reference, right: Reference) -> Sides:
    """Load both treaties and choose the two versions (a shared authentic
    language unless languages are given)."""
    for ref in (left, right):
        if ref.provision is not None:
            raise click.UsageError(f"{ref} names a provision: give treaties, ID[@LANG], "
                                   f"for example {ref.treaty}"
                                   f"{'@' + ref.lang if ref.lang else ''}")
    lt, rt = context.treaty(left.treaty), context.treaty(right.treaty)
    lv, rv, chosen = choose_versions(lt, rt, left.lang, right.lang)
    return (lt, lv), (rt, rv), chosen


def align_treaties(context: Context, lside, rside, folding: Folding = Folding(),
                   threshold: float = ARTICLE_THRESHOLD,
                   curated: bool = True) -> TreatyAlignment:
    found = store.find_alignment(context.corpus, lside[0].id, rside[0].id) if curated else None
    return align_articles(lside[1], rside[1], found, folding, threshold)


def compare_treaties(context: Context, left: Reference, right: Reference,
                     output: Path | None, timestamp: bool,
                     options: Options) -> tuple[Path | None, str]:
    """Align two treaties, compare every pair and write the treaty report
    atomically: (path written or None for stdout, language note)."""
    lside, rside, chosen = resolve_treaties(context, left, right)
    generated = None
    if timestamp:
        generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    with context.progress("Aligning, comparing, rendering") as progress:  # three steps
        progress(0, 3)
        alignment = align_treaties(context, lside, rside, options.folding)
        progress(1, 3)
        report = build_treaty_report(alignment, compare_pairs(alignment, options), lside[0],
                                     rside[0], options, chosen, generated)
        progress(2, 3)
        html = render_treaty_report(report)
        progress(3, 3)
    name = f"{lside[0].id}-{lside[1].lang}_vs_{rside[0].id}-{rside[1].lang}.html"
    path = context.write(html, output or Path(name))
    return path, report.language_note


def _name(provision: Provision) -> str:
    """What a reference calls a provision: ``5``, ``preamble``, ``conclusions``."""
    return provision.n if provision.kind == ARTICLE else provision.kind


def _labels(provisions) -> str:
    return " + ".join(p.label for p in provisions)


def alignment_table(alignment: TreatyAlignment, note: str) -> str:
    """The correspondence table as plain text: every left provision in reading
    order with its counterpart(s), then right provisions without one."""
    lv, rv = alignment.left, alignment.right
    lines = [f"left:  {lv.treaty_id}@{lv.lang} {lv.short_title} ({lv.authority_label})",
             f"right: {rv.treaty_id}@{rv.lang} {rv.short_title} ({rv.authority_label})",
             note, ""]
    rows = [("LEFT", "RIGHT", "SCORE", "BASIS")]
    by_left = {pair.left[0].eid: pair for pair in alignment.pairs}
    unmatched = {p.eid for p in alignment.unmatched_left}
    notes = []
    for provision in alignment.rows:
        pair = by_left.get(provision.eid)
        if pair is None:
            if provision.eid in unmatched:  # else: a later part of a split, shown above
                rows.append((provision.label, "-", "", "no counterpart"))
            continue
        basis = pair.basis + (" (split)" if pair.is_split else "")
        if pair.note:
            notes.append(f"[{len(notes) + 1}] {_labels(pair.left)} <-> "
                         f"{_labels(pair.right)}: {pair.note}")
            basis += f" [{len(notes)}]"
        rows.append((_labels(pair.left), _labels(pair.right), f"{pair.score:.2f}", basis))
    rows += [("-", p.label, "", "no counterpart") for p in alignment.unmatched_right]
    widths = [max(len(row[k]) for row in rows) for k in range(3)]
    for row in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths))
                     + "  " + row[3])
    lines.append("")
    lines += notes
    for side, items in (("left", alignment.untranscribed_left),
                        ("right", alignment.untranscribed_right)):
        if items:
            lines.append(f"not yet transcribed ({side}, not aligned): "
                         + ", ".join(p.label for p in items))
    lines.append(f"threshold {alignment.threshold:.2f}; curated pairs: "
                 f"{Path(alignment.curated_path).name if alignment.curated_path else 'none'}")
    return "\n".join(lines).rstrip("\n")


def alignment_json(alignment: TreatyAlignment, note: str) -> str:
    """The alignment as JSON, for other programs."""
    def version(v: TextVersion) -> dict:
        return {"treaty": v.treaty_id, "lang": v.lang, "authority": v.authority,
                "title": v.title}

    def names(provisions) -> list[str]:
        return [_name(p) for p in provisions]

    payload = {
        "treatycmp": __version__, "left": version(alignment.left),
        "right": version(alignment.right), "language_note": note,
        "threshold": alignment.threshold,
        "curated": Path(alignment.curated_path).name if alignment.curated_path else None,
        "pairs": [{"left": names(p.left), "right": names(p.right),
                   "score": round(p.score, 4), "basis": p.basis, "note": p.note}
                  for p in alignment.pairs],
        "unmatched": {"left": names(alignment.unmatched_left),
                      "right": names(alignment.unmatched_right)},
        "untranscribed": {"left": names(alignment.untranscribed_left),
                          "right": names(alignment.untranscribed_right)},
        "warnings": [f"line {s.pair.line}: curated pair left={s.pair.left} "
                     f"right={s.pair.right} not used: {s.reason}" for s in alignment.stale],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


@main.command("align")
@click.argument("left", type=REF)
@click.argument("right", type=REF)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: a table; json: for programs.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=ARTICLE_THRESHOLD,
              show_default=True,
              help="Score (0 to 1) a pair's text must reach to be matched automatically.")
@click.option("--no-curated", is_flag=True,
              help="Ignore curated pairs: show what the automatic alignment finds alone.")
@click.option("--ignore", "folding", default="case,quotes,whitespace", show_default=True,
              callback=lambda ctx, param, value: folding_option(value),
              help="Differences that matching ignores: any of case, accents, quotes, "
                   "whitespace (comma-separated), or none.")
@pass_context
@fails_cleanly
def align_command(context: Context, left: Reference, right: Reference, fmt: str,
                  threshold: float, no_curated: bool, folding: Folding) -> None:
    """Print which provisions of two treaties correspond.

    LEFT and RIGHT are treaties, ID[@LANG]. Every transcribed provision of
    the left text is listed with its counterpart(s) on the right, the
    similarity score and the basis of the match: curated (decided by a
    person, treaties/alignments/) or automatic. Provisions with no
    counterpart, and those not yet transcribed, are listed too. Example:

        treatycmp align nato-1949@fr liptako-gourma-2023@fr
    """
    lside, rside, chosen = resolve_treaties(context, left, right)
    alignment = align_treaties(context, lside, rside, folding, threshold, not no_curated)
    note = language_basis(lside[1], rside[1], chosen)
    for stale in alignment.stale:
        click.echo(f"warning: {stale}", err=True)
    if fmt == "json":
        click.echo(alignment_json(alignment, note))
    else:
        click.echo(alignment_table(alignment, note))
