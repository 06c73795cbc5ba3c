"""The contributor workflow: new treaty files and plain-text import.

- ``scaffold``: :func:`scaffold_treaty` makes a new treaty folder's files,
  every metadata field present and explained (``treatycmp new``);
- ``plaintext``: :func:`import_text` turns a plain-text treaty into a
  :class:`~treatycmp.model.TextVersion` (``treatycmp import``) and
  :func:`render_text` does the reverse; ``labels`` and ``outline`` are its
  parts (recognising "Article premier", "ARTICLE V", "(a)"; building
  paragraphs and points).

XML is written by :mod:`treatycmp.store.write`.
"""
