"""The alignment options that ``align`` and ``compare`` share.

Kept apart from the commands so that loading ``compare`` (which also holds
``diff``) does not load the aligner: the settings are turned into
:class:`~treatycmp.match.AlignSettings` only when two treaties are aligned.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import click

from .base import Share

ARTICLE_THRESHOLD_SHOWN = "0.3"  # match.ARTICLE_THRESHOLD, for the help (a test checks)


class AlignRequest(NamedTuple):
    """The alignment options as given on the command line."""

    threshold: float | None
    pair: str | None
    no_curated: bool
    no_mutual: bool

    def settings(self):
        """The :class:`~treatycmp.match.AlignSettings` of two treaties; a bad
        --pair is a usage error."""
        from ..curation import parse_provision_pairs
        from ..match import ARTICLE_THRESHOLD, AlignSettings
        try:
            pairs = parse_provision_pairs(self.pair) if self.pair else ()
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="'--pair'") from None
        return AlignSettings(ARTICLE_THRESHOLD if self.threshold is None else self.threshold,
                             pairs, not self.no_curated, not self.no_mutual)

    def refuse_for_clauses(self) -> None:
        """Options that only mean something for two treaties (--pair and
        --threshold mean paragraph pairs and the paragraph threshold there;
        --no-curated leaves out a curated pair's paragraph pairs)."""
        if self.no_mutual:
            raise click.UsageError("--no-mutual applies to two treaties (ID[@LANG] "
                                   "ID[@LANG]), not to two articles")


def alignment_options(command):
    """--threshold, --pair, --no-curated, --no-mutual, passed on as ``alignment``
    (an :class:`AlignRequest`): the options ``align`` and ``compare`` share."""
    @functools.wraps(command)
    def wrapper(*args, threshold, pair, no_curated, no_mutual, **kwargs):
        request = AlignRequest(threshold, ",".join(pair) or None, no_curated, no_mutual)
        return command(*args, alignment=request, **kwargs)

    options = (
        click.option("--threshold", type=Share(), default=None,
                     help=f"Score (0 to 1) a pair of provisions must reach to be matched "
                          f"by the threshold [default: {ARTICLE_THRESHOLD_SHOWN}]. For two "
                          "articles: the paragraph threshold."),
        click.option("--pair", multiple=True, metavar="LEFT=RIGHT[,...]",
                     help="Pairs decided by hand, overriding the curated file for the "
                          "provisions they name: 5=V, 5=6,3=- (3 has no counterpart), "
                          "-=9, 6=5+6 (a split). For two articles: paragraph pairs "
                          "numbered from 1 (1=1,2=2+3,3=-), replacing those of a "
                          "curated pair of the two (paragraphs=)."),
        click.option("--no-curated", is_flag=True,
                     help="Ignore the curated alignment file: show what the automatic "
                          "alignment finds alone. For two articles: pair their "
                          "paragraphs automatically even where a curated pair gives "
                          "them (paragraphs=)."),
        click.option("--no-mutual", is_flag=True,
                     help="Match automatically only by the threshold, not by mutual best "
                          "(docs/alignment.md)."),
    )
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper
