"""The command line (click): parses arguments, calls the stages, reports errors.

The only part of treatycmp that prints or exits. One module per family of
commands; ``base`` holds what they share.

- ``corpus``: list, show, validate
- ``compare``: compare, diff
- ``align``: align (and the treaty-level report of compare)
- ``contrib``: new, import
"""

from . import align, collate, compare, contrib, corpus, site  # noqa: F401  (importing registers the commands)
from .base import main

__all__ = ["main"]
