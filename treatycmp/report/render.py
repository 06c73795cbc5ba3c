"""Rendering view-models with Jinja2, and writing reports atomically.

Templates live in ``templates/`` beside this module; autoescaping is on for
every ``*.html`` template, and no treaty text is ever marked safe. The CSS is
included inline, so a report is one self-contained file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from ..output import write_atomically


@lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    # One environment per process: templates are compiled once, then reused.
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("treatycmp.report", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["percent"] = lambda value: f"{value * 100:.0f}%"
    return env


def render_template(name: str, **context) -> str:
    """Render one of the package's templates."""
    return _environment().get_template(name).render(**context)


def render_report(report) -> str:
    """A clause report as one self-contained HTML document."""
    return render_template("clause.html", report=report)


def write_report(html: str, path: Path) -> Path:
    """Write a rendered report atomically (see :mod:`treatycmp.output`)."""
    return write_atomically(path, html.encode("utf-8"))
