"""Reports in other formats than HTML: one module per format, each the only
user of its library.

- ``json``: :func:`comparison_to_json`, the comparison for other programs;
- ``docx``: :func:`comparison_to_docx`, a Word document whose redline is made
  of tracked changes (python-docx; imported only when asked for);
- ``pdf``: :func:`html_to_pdf`, a report's HTML printed to PDF (WeasyPrint;
  imported only when asked for).
"""

from .json import comparison_to_json

__all__ = ["comparison_to_json"]
