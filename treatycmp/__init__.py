"""treatycmp: align treaty clauses across treaties and redline each pair.

Stages (each a module; imports point one way, top to bottom)::

    cli         command line (the only place that prints or exits)
    report      view-models and Jinja2 templates (clause, treaty, index)
    contrib     contributor workflow: scaffold, plain-text import
    export      a clause comparison as JSON
    match       article alignment of two treaties
    compare     a clause comparison: paragraphs aligned, each pair diffed, figures
    align       paragraph alignment within a clause
    diff        word-level diff (diff-match-patch)
    similarity  scores in [0, 1]
    text        tokenisation and comparison keys
    store       safe XML reading, validation and writing (lxml, RELAX NG)
    refs        the ID[@LANG][:ARTICLE] reference syntax
    output      atomic file writing
    model       immutable treaty values
    errors      TreatycmpError and friends
"""

__version__ = "0.1.0"
