"""Search and similarity over a whole corpus, from an embedded index.

The only user of ``sqlite3`` (the index file), of datasketch (MinHash
sketches) and of Dask (scale-out, imported only when asked for).

- :mod:`.records`: the provisions of a corpus and the SHA-256 of its files.
- :mod:`.sketch`: shingle sets and MinHash sketches.
- :mod:`.index`: the SQLite index: :func:`index_path`, :func:`ensure_index`
  (open, check, rebuild if untrustworthy, update incrementally).
- :mod:`.query`: :func:`search_phrases` (FTS5, checked with the comparison's
  folding) and :func:`search_like` (sketch estimates, exact re-ranking).
- :mod:`.allpairs`: :func:`similar_pairs`, every pair at or above a
  shingle Jaccard threshold (banded LSH tuned for the threshold, exact
  verification), and the exact oracle :func:`exact_pairs`.
- :mod:`.scale`: :func:`open_runner`: single process, a local Dask cluster
  or a remote one.
- :mod:`.page`: the view-model of the HTML results page.
- :mod:`.synthetic`: generated corpora for tests and benchmarks.

The score of a similarity search and of ``similar --all`` is the shingle
similarity of docs/figures.md (Jaccard of 5-character shingles), always
computed exactly on the real shingle sets; sketches only choose candidates.
"""

from .allpairs import PairResult, choose_bands, exact_pairs, similar_pairs
from .index import INDEX_NAME, UpdateResult, ensure_index, index_path
from .query import (Filters, Hit, Results, check_phrases, indexed_names, search_like,
                    search_phrases)
from .records import ProvisionRecord
from .scale import SCHEDULERS, open_runner

__all__ = ["INDEX_NAME", "Filters", "Hit", "PairResult", "ProvisionRecord", "Results",
           "SCHEDULERS", "UpdateResult", "check_phrases", "choose_bands", "ensure_index",
           "exact_pairs", "index_path", "indexed_names", "open_runner", "search_like",
           "search_phrases", "similar_pairs"]
