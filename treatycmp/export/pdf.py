"""A report's HTML printed to PDF with WeasyPrint (the only user of it).

The HTML report is printed as it is: its own print styles set the page
(A4 landscape for two columns side by side) and the page number and count
at the foot of every page. One more stylesheet, :data:`PAGE_CSS`, adds a
running header with the report's title (the two citations, ``h1``), taken
from the document by ``string-set``, and what WeasyPrint needs besides: a
change number as an inline block (WeasyPrint lays an inline flex box out as
a block, which cut the sentence at every number), and no screen-reader words
in the PDF (WeasyPrint puts visually hidden text in the text layer, so that a
copy from the PDF would carry "[deleted: ]"). Its rules are a user style
sheet, below the report's own: they win by ``!important``.
No network: WeasyPrint is given a URL fetcher that refuses every URL, so a
report can never make the PDF writer fetch anything.

WeasyPrint needs Pango (Debian: ``libpango-1.0-0 libpangoft2-1.0-0``);
:func:`pdf_available` says whether it loads, and why not.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from ..errors import OutputError

PAGE_CSS = """
@page {
  margin-top: 18mm;
  @top-center { content: string(running-title); font: 8pt sans-serif; color: #5b5b66; }
}
h1 { string-set: running-title content(); }
html { font-size: 10.5pt; }
/* On paper the sections stack (WeasyPrint shrinks a grid column holding a
   long address to one character); long addresses still break. */
section { display: block !important; }
section > * + * { margin-top: .6em; }
.url, code, .hash { overflow-wrap: break-word !important; }
/* WeasyPrint lays an inline-flex box out as a block: a change number would
   break the sentence. On paper the number stands alone (no arrows). */
.mark { display: inline-block !important; }
/* Nobody hears paper: the screen-reader words stay out of the PDF's text
   layer, so that copying from the PDF gives the texts (the HTML keeps them). */
.sr-only { display: none !important; }
del.deleted::before, ins.inserted::before, del.moved::before, ins.moved::before,
del.deleted::after, ins.inserted::after, del.moved::after, ins.moved::after { content: none !important; }
"""


@lru_cache(maxsize=1)
def _weasyprint():
    import weasyprint  # heavy: imported only when a PDF is asked for

    return weasyprint


def pdf_available() -> str | None:
    """``None`` if WeasyPrint loads, else why not (one line)."""
    try:
        _weasyprint()
    except (ImportError, OSError) as error:  # OSError: Pango missing
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"WeasyPrint cannot load: {first}"
    return None


def _refuse(url: str, timeout: int = 10, ssl_context=None):
    raise ValueError(f"treatycmp does not fetch {url} when printing a report")


def html_to_pdf(html: str, title: str, when: dt.datetime | None = None) -> bytes:
    """The PDF of a rendered report. ``when`` dates the file (metadata);
    without it the PDF carries no date, so that it is byte-identical."""
    problem = pdf_available()
    if problem:
        raise OutputError(f"{problem} (install it with: pip install 'treatycmp[pdf]'; "
                          "it needs Pango, on Debian: apt install libpango-1.0-0 "
                          "libpangoft2-1.0-0)")
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, url_fetcher=_refuse, base_url=".").render(
        stylesheets=[weasyprint.CSS(string=PAGE_CSS)])
    document.metadata.title = title
    document.metadata.generator = "treatycmp"
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ") if when else None
    document.metadata.created = document.metadata.modified = stamp
    return document.write_pdf(uncompressed_pdf=False)
