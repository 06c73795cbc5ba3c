"""The command line (click): parses arguments, calls the stages, reports errors.

The only part of treatycmp that prints or exits. One module per family of
commands; ``base`` holds what they share.

- ``corpus``: list, show, validate
- ``compare``: compare, diff
- ``align``: align (and the treaty-level report of compare)
- ``contrib``: new, import
- ``collection``: import-collection
- ``search``: index-corpus, search, similar
"""

from .base import main

# Each command's module, imported when the command is first asked for
# (importing a module registers its commands on ``main``).
main.lazy.update({
    "list": ".corpus", "show": ".corpus", "validate": ".corpus", "migrate": ".corpus",
    "compare": ".compare", "diff": ".compare", "index": ".compare",
    "align": ".align",
    "new": ".contrib", "import": ".contrib",
    "import-collection": ".collection",
    "index-corpus": ".search", "search": ".search", "similar": ".search",
    "collate": ".collate", "site": ".site",
})

__all__ = ["main"]
