"""The command line (click): parses arguments, calls the stages, reports errors.

The only part of treatycmp that prints or exits. One module per family of
commands; ``base`` holds what they share.

- ``corpus``: list, show, validate
- ``compare``: compare, diff
"""

from . import compare, corpus  # noqa: F401  (importing registers the commands)
from .base import main

__all__ = ["main"]
