"""``python -m treatycmp``: the same as the ``treatycmp`` command."""

from .cli import main

main(prog_name="treatycmp")
