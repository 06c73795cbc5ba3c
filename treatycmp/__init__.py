"""treatycmp: align treaty clauses across treaties and redline each pair.

Stages (each a module; imports point one way, top to bottom)::

    cli         command line (the only place that prints or exits)
    report      view-model, Jinja2 templates, atomic writing
    align       paragraph and article alignment
    diff        word-level diff (diff-match-patch)
    similarity  scores in [0, 1]
    text        tokenisation and comparison keys
    store       safe XML loading and validation (lxml, RELAX NG)
    refs        the ID[@LANG][:ARTICLE] reference syntax
    model       immutable treaty values
    errors      TreatycmpError and friends
"""

__version__ = "0.1.0"
