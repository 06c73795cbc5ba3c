"""Reports: view-models of plain data, Jinja2 templates, atomic writing.

The only part of treatycmp that uses Jinja2. As in coverage.py's HTML report:

- ``clause``: :func:`build_clause_report` makes a :class:`ClauseReport`
  (no markup) from a clause comparison; ``redline``: its rows, segments and
  numbered changes (:func:`build_redline`);
- ``render``: :func:`render_report` renders it with autoescaping templates
  (``templates/``; CSS inlined: one self-contained file, no network, no
  JavaScript); :func:`write_report` writes the file atomically, so an
  interrupted run leaves the old report or the new one, never half of one.

Nothing here reads the clock: a timestamp appears only if the caller passes one.
"""

from .clause import (ClauseReport, build_clause_report, language_basis, language_name,
                     text_direction)
from .redline import Change, Segment, build_redline, diff_segments
from .render import render_report, render_template, write_report

__all__ = ["Change", "ClauseReport", "Segment", "build_clause_report", "build_redline",
           "diff_segments", "language_basis", "language_name", "render_report",
           "render_template", "text_direction", "write_report"]
