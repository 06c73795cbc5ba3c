"""``python -m treatycmp``: the same as the ``treatycmp`` command (:func:`run`)."""

import gc


def run() -> None:
    """The ``treatycmp`` program: the command line in a process of its own.

    Start-up is a feature (a script may run the tool hundreds of times), and
    in a short run Python's cyclic garbage collector costs more than the
    work: it walks every object the imported modules made, which are never
    garbage, while they load and again when the process ends. So it is off
    while the command line loads, and what loaded is then set aside
    (``gc.freeze``) before the collector is switched back on for the command
    itself, which may be long and make garbage. What is left when the command
    ends is set aside too: the process is ending, and the operating system
    takes back its memory. Nothing is lost that Python promises: ``finally``
    blocks and ``atexit`` functions still run and the standard streams are
    still flushed (no ``__del__`` of an object left at exit is promised).

    Only the program does this, never ``treatycmp.cli.main`` as a library or
    in tests, where the collector keeps its defaults.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        from .cli import main
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
    try:
        main(prog_name="treatycmp")
    finally:
        gc.freeze()


if __name__ == "__main__":
    run()
