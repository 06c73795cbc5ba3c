"""The contributor workflow: new treaty files and plain-text import.

- ``scaffold``: :func:`scaffold_treaty` makes a new treaty folder's files,
  every metadata field present and explained (``treatycmp new``);
- ``plaintext``: :func:`import_text` turns a plain-text treaty into a
  :class:`~treatycmp.model.TextVersion` (``treatycmp import``) and
  ``render``'s :func:`render_text` does the reverse; its parts:
  ``contents`` (a table of contents), ``furniture`` (page numbers,
  running headers), ``structure`` (preamble,
  divisions, articles, conclusions, annexes), ``headings`` (division, annex
  and closing-formula lines), ``labels`` ("Article premier", "ARTÍCULO
  1-01", "(a)"), ``outline`` (paragraphs and points) and ``joining``
  (when a line continues the one above).

XML is written by :mod:`treatycmp.store.write`.
"""
