"""Rendering view-models with Jinja2, and writing reports atomically.

Templates live in ``templates/`` beside this module; autoescaping is on for
every ``*.html`` template, and no treaty text is ever marked safe. The CSS is
included inline, so a report is one self-contained file.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

import jinja2

from ..errors import OutputError


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


# --------------------------------------------------------------- writing

def write_report(html: str, path: Path) -> Path:
    """Write ``html`` to ``path`` atomically; raise OutputError if impossible."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write the report: folder {folder} does not exist",
                          str(path))
    if path.is_dir():
        raise OutputError("cannot write the report: this is a folder", str(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write the report: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(html)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write the report: {exc.strerror}", str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
