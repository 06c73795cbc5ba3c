"""Whole-treaty commands: ``align`` (the correspondence table), and the
treaty-level path of ``compare`` (:func:`write_treaty_report`); the options
both take are in :mod:`treatycmp.cli.pairing`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from .. import __version__, store
from ..compare import Options
from ..match import TreatyAlignment, align_with
from ..model import Provision, TextVersion, Treaty
from ..refs import Reference, choose_versions
from ..report import language_basis
from ..report.treaty import compare_treaties, render_treaty_report
from ..text import Folding
from .base import (REF, Context, fails_cleanly, folding_option, keep_compiled_templates, main,
                   pass_context)
from .pairing import AlignRequest, alignment_options

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


def _curated_file(context: Context, left: Treaty, right: Treaty, alignment: AlignRequest):
    """The curated file of the two treaties, unread with --no-curated (so a
    broken one does not stop the command that was told to ignore it)."""
    if alignment.no_curated:
        return None
    return store.find_alignment(context.corpus, left.id, right.id)


def write_treaty_report(context: Context, left: Reference, right: Reference,
                        output: Path | None, timestamp: bool, options: Options,
                        alignment: AlignRequest) -> tuple[Path | None, str]:
    """The treaty-level ``compare``: write the report atomically and return
    (path written, or None for standard output, language note)."""
    settings = alignment.settings()
    lside, rside, chosen = resolve_treaties(context, left, right)
    curated = _curated_file(context, lside[0], rside[0], alignment)
    generated = None
    if timestamp:
        generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    keep_compiled_templates()
    with context.progress("Comparing, rendering") as progress:  # two steps
        progress(0, 2)
        report = compare_treaties(lside, rside, curated, options, settings, chosen, generated)
        progress(1, 2)
        html = render_treaty_report(report)
        progress(2, 2)
    name = f"{lside[0].id}-{lside[1].lang}_vs_{rside[0].id}-{rside[1].lang}.html"
    path = context.write(html, output or Path(name))
    return path, report.language_note


def _name(provision: Provision) -> str:
    """What a reference calls a provision: ``5``, ``preamble``, ``annex-2:3``."""
    return provision.key


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
                rows.append((provision.label, "-", "", _lone_basis(alignment, provision, notes)))
            continue
        basis = pair.basis + (f" ({pair.rule})" if pair.rule else
                              " (split)" if pair.is_split else "")
        for note in (pair.note, pair.caveat):
            if note:
                notes.append(f"[{len(notes) + 1}] {_labels(pair.left)} <-> "
                             f"{_labels(pair.right)}: {note}")
                basis += f" [{len(notes)}]"
        rows.append((_labels(pair.left), _labels(pair.right), f"{pair.score:.2f}", basis))
    rows += [("-", p.label, "", _lone_basis(alignment, p, notes))
             for p in alignment.unmatched_right]
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
    for side, version in (("left", lv), ("right", rv)):
        if version.intros():  # text the alignment does not see: say so
            lines.append(f"outside the alignment ({side}, intros, not aligned): "
                         + ", ".join(p.key + ("" if p.transcribed else " (not yet transcribed)")
                                     for p in version.intros()))
    lines.append(f"threshold {alignment.threshold:.2f}; curated pairs: "
                 f"{Path(alignment.curated_path).name if alignment.curated_path else 'none'}"
                 f"; by hand (--pair): {hand_pairs(alignment.manual) or 'none'}")
    return "\n".join(lines).rstrip("\n")


def hand_pairs(pairs) -> str:
    """``5=-, 7=V``: the pairs given by hand, as written."""
    return ", ".join(f"{p.left or '-'}={p.right or '-'}" for p in pairs)


def _lone_basis(alignment: TreatyAlignment, provision: Provision, notes: list[str]) -> str:
    """``no counterpart``, or ``no counterpart (curated) [n]`` with its note
    added, or ``paired with a text not yet transcribed [n]``."""
    held = alignment.held_note(provision)
    if held is not None:
        notes.append(f"[{len(notes) + 1}] {provision.label}: {held}")
        return f"paired with a provision not yet transcribed [{len(notes)}]"
    note = alignment.no_counterpart_note(provision)
    if note is None:
        return "no counterpart"
    notes.append(f"[{len(notes) + 1}] {provision.label}: {note}")
    return f"no counterpart (curated) [{len(notes)}]"


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
                   "score": round(p.score, 4), "basis": p.basis, "rule": p.rule,
                   "evidence": p.evidence, "caveat": p.caveat,
                   "note": p.note, "paragraphs": p.paragraphs}
                  for p in alignment.pairs],
        "unmatched": {"left": names(alignment.unmatched_left),
                      "right": names(alignment.unmatched_right)},
        "no_counterpart": [{"side": side, "provision": _name(p),
                            "note": alignment.no_counterpart[k][p.eid]}
                           for k, (side, items) in enumerate(
                               (("left", alignment.unmatched_left),
                                ("right", alignment.unmatched_right)))
                           for p in items if p.eid in alignment.no_counterpart[k]],
        "held": [{"side": side, "provision": _name(p), "note": alignment.held[k][p.eid]}
                 for k, (side, items) in enumerate((("left", alignment.unmatched_left),
                                                    ("right", alignment.unmatched_right)))
                 for p in items if p.eid in alignment.held[k]],
        "by_hand": [{"left": p.left, "right": p.right} for p in alignment.manual],
        "untranscribed": {"left": names(alignment.untranscribed_left),
                          "right": names(alignment.untranscribed_right)},
        "outside_alignment": {"left": names(alignment.left.intros()),
                              "right": names(alignment.right.intros())},
        "warnings": [f"line {s.pair.line}: curated pair left={s.pair.left or '-'} "
                     f"right={s.pair.right or '-'} not used: {s.reason}"
                     for s in alignment.stale],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


@main.command("align")
@click.argument("left", type=REF)
@click.argument("right", type=REF)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: a table; json: for programs.")
@alignment_options
@click.option("--ignore", "folding", default="case,quotes,whitespace", show_default=True,
              callback=lambda ctx, param, value: folding_option(value),
              help="Differences that matching ignores: any of case, accents, quotes, "
                   "whitespace (comma-separated), or none.")
@pass_context
@fails_cleanly
def align_command(context: Context, left: Reference, right: Reference, fmt: str,
                  alignment: AlignRequest, folding: Folding) -> None:
    """Print which provisions of two treaties correspond.

    LEFT and RIGHT are treaties, ID[@LANG]. Every transcribed provision of
    the left text is listed with its counterpart(s) on the right, the
    similarity score and the basis of the match: curated (decided by a
    person, treaties/alignments/ or --pair) or automatic (by the threshold,
    a split, or mutual best). Provisions with no counterpart, and those not
    yet transcribed, are listed too. 'compare' takes the same options.
    Example:

        treatycmp align nato-1949@en brussels-1948@en --pair 6=-
    """
    settings = alignment.settings()
    lside, rside, chosen = resolve_treaties(context, left, right)
    curated = _curated_file(context, lside[0], rside[0], alignment)
    result = align_with(lside[1], rside[1], curated, folding, settings,
                        (lside[0].versions, rside[0].versions))
    note = language_basis(lside[1], rside[1], chosen)
    for stale in result.stale:
        click.echo(f"warning: {stale}", err=True)
    if fmt == "json":
        click.echo(alignment_json(result, note))
    else:
        click.echo(alignment_table(result, note))
