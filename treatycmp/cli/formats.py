"""Report formats for ``compare -o``: HTML, Word (tracked changes) or PDF.

The format follows ``--format``, else the extension of ``-o``; an unknown
extension is a usage error (never an HTML file under a wrong name).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .. import __version__
from ..compare import share_text

FORMATS = {".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf"}
EXTENSION = {"html": ".html", "docx": ".docx", "pdf": ".pdf"}


def format_option(func):
    return click.option(
        "--format", "fmt", type=click.Choice(sorted(EXTENSION)), default=None,
        help="Report format: html, docx (a Word redline of tracked changes) or pdf. "
             "Default: from the extension of --output, else html.")(func)


def report_format(output: Path | None, fmt: str | None) -> str:
    """The format to write, or a usage error for an unknown extension."""
    found = FORMATS.get(output.suffix.lower()) if output is not None else None
    if fmt and found and found != fmt:
        raise click.BadParameter(f"{output}: the name says .{found} but --format says {fmt}",
                                 param_hint="'-o' / '--output'")
    if fmt:
        return fmt
    if output is None or str(output) == "-" or (output.exists() and not output.is_file()):
        return "html"  # standard output; or a special file, which the writer refuses
    if found is None:
        shown = output.suffix or "no extension"
        raise click.BadParameter(
            f"{output}: {shown} is not a report format; use .html, .docx or .pdf, "
            "or say which with --format", param_hint="'-o' / '--output'")
    return found


def with_extension(name: str, fmt: str) -> Path:
    return Path(name).with_suffix(EXTENSION[fmt])


def docx_bytes(comparison, lside, rside, report, figures,
               timestamp: dt.datetime | None) -> bytes:
    """The Word redline of a clause comparison (see treatycmp.export.docx)."""
    from ..export.docx import comparison_to_docx, docx_side, revision_date

    if timestamp is not None:
        date = timestamp.replace(second=0, microsecond=0)
        note = f"The changes are dated {date:%Y-%m-%d %H:%M} UTC, when this file was made."
    else:
        date, note = revision_date((lside, rside))
    try:
        data = comparison_to_docx(comparison, report.title, docx_side(report.left),
                                  docx_side(report.right), report.language_note, figures,
                                  date, note, __version__)
    except ValueError as error:
        raise click.ClickException(f"cannot write a Word redline: {error}") from None
    return data


def pdf_bytes(html: str, title: str, timestamp: dt.datetime | None) -> bytes:
    """A rendered HTML report printed to PDF (see treatycmp.export.pdf)."""
    from ..export.pdf import html_to_pdf

    return html_to_pdf(html, title, timestamp)


def docx_figures(comparison) -> tuple[tuple[str, str], ...]:
    f, s = comparison.figures, comparison.figures.stats
    return (("Word similarity", share_text(f.word_similarity)),
            ("Shingle similarity (Jaccard, 5-character)", share_text(f.shingle_jaccard)),
            ("Words unchanged", str(s.unchanged)),
            ("Words deleted", f"{s.deleted} (of {s.left_words} in the left text)"),
            ("Words inserted", f"{s.inserted} (of {s.right_words} in the right text)"),
            ("Words moved", str(s.moved)))
