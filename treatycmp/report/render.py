"""Rendering view-models with Jinja2, and writing reports atomically.

Templates live in ``templates/`` beside this module; autoescaping is on for
every ``*.html`` template, and no treaty text is ever marked safe. The CSS is
included inline, so a report is one self-contained file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2

from ..compare import share_text
from ..output import write_atomically

_WEB_URL = re.compile(r"https?://[^\s\x00-\x1f\x7f-\x9f<>\"]+\Z", re.IGNORECASE)


_compiled_templates: list[Path] = []  # where compiled templates are kept, if anywhere


def keep_compiled_templates(folder: Path) -> None:
    """Keep compiled templates in ``folder`` for later processes (Jinja2's
    bytecode cache, keyed by each template's checksum, so an edited template
    is compiled again). Process-wide: the command line calls it once, with
    the user's cache folder; the library alone never writes outside its output.
    """
    if not _compiled_templates:
        _compiled_templates.append(folder)
        _environment.cache_clear()


@lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    # One environment per process: templates are compiled once, then reused.
    cache = (jinja2.FileSystemBytecodeCache(str(_compiled_templates[0]))
             if _compiled_templates else None)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("treatycmp.report", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined, bytecode_cache=cache,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["percent"] = lambda value: f"{value * 100:.0f}%"
    env.filters["share"] = share_text
    env.filters["web_url"] = web_url
    env.filters["ends_sentence"] = ends_sentence
    return env


def web_url(url: str | None) -> str | None:
    """``url`` if it may be a link (http or https, no space or control
    character), else None: a source address never becomes a script link.

    >>> web_url("https://www.nato.int/a b"), web_url("javascript:alert(1)")
    (None, None)
    >>> web_url("http://www.austlii.edu.au/au/other/dfat/treaties/1952/2.html")
    'http://www.austlii.edu.au/au/other/dfat/treaties/1952/2.html'
    """
    if not url or not _WEB_URL.match(url):
        return None
    return url


def ends_sentence(text: str) -> bool:
    """True if ``text`` already ends with a full stop (or ? or !), perhaps
    inside a closing quote or bracket, so that no second one is added.

    >>> ends_sentence("NATO, The North Atlantic Treaty."), ends_sentence("AfricanLII (2023)")
    (True, False)
    """
    return text.rstrip().rstrip("”’\"')]»").endswith((".", "?", "!", "…"))


def render_template(name: str, **context) -> str:
    """Render one of the package's templates."""
    return _environment().get_template(name).render(**context)


def render_report(report) -> str:
    """A clause report as one self-contained HTML document."""
    return render_template("clause.html", report=report)


def write_report(html: str, path: Path) -> Path:
    """Write a rendered report atomically (see :mod:`treatycmp.output`)."""
    return write_atomically(path, html.encode("utf-8"))
