"""Queries over an index: phrases (:func:`search_phrases`) and provisions
like a given text (:func:`search_like`).

Phrase search: every phrase must occur in the provision as a run of tokens
(words and punctuation marks, :func:`treatycmp.text.tokenize`) whose keys
under a :class:`~treatycmp.text.Folding` (case and quotes folded by default,
accents on request) equal the phrase's, exactly as the comparison matches
tokens; whitespace between tokens is skipped, so a line break inside the
text does not hide a phrase. ``l'emploi`` finds ``l’emploi`` when quotes are
folded; ``armed attack`` does not find ``armed, attack``. SQLite's FTS5
index proposes candidates (it folds case and accents and ignores
punctuation, so it proposes a superset) and each is checked on its stored
text.

Similarity search: the MinHash sketches of the candidates are compared with
the query's (an estimate of shingle Jaccard similarity, see
:mod:`treatycmp.search.sketch`), the best ``RERANK`` are re-scored exactly
with :func:`treatycmp.similarity.jaccard` on their real shingle sets, and the
hits are ranked by that exact score.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass, field

import numpy as np

from ..similarity import jaccard
from ..text import Folding, tokenize, unspaced, words
from .index import RECORD_FIELDS, fts_text, record_from_row
from .records import ProvisionRecord
from .sketch import (estimate, packed_jaccard, packed_shingles, provision_shingles,
                     sketch_matrix, sketch_texts)

RERANK = 300   # candidates re-scored exactly in a similarity search (at least 10 x limit)
SNIPPET_WORDS = 10  # tokens (words, punctuation) of context each side of a match
_SPACES = re.compile(r"\s+")  # a snippet is one line: each run of whitespace shows as a space


@dataclass(frozen=True)
class Filters:
    """Which provisions a query looks at."""

    treaties: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    signed_from: dt.date | None = None
    signed_to: dt.date | None = None
    authentic_only: bool = False

    def where(self) -> tuple[str, list]:
        """An SQL condition on ``provisions`` (alias ``p``) and its parameters."""
        parts, params = ["1"], []
        for column, values in (("treaty", self.treaties), ("lang", self.langs)):
            if values:
                parts.append(f"p.{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        if self.signed_from:
            parts.append("p.signed >= ?")
            params.append(self.signed_from.isoformat())
        if self.signed_to:
            parts.append("p.signed <= ?")
            params.append(self.signed_to.isoformat())
        if self.authentic_only:
            parts.append("p.authentic = 1")
        return " AND ".join(parts), params


def indexed_names(conn: sqlite3.Connection) -> tuple[list[str], list[str]]:
    """The treaty ids and the languages the index holds, sorted: what a
    :class:`Filters` can name."""
    treaties, langs = ([row[0] for row in conn.execute(
        f"SELECT DISTINCT {column} FROM provisions ORDER BY {column}")]
        for column in ("treaty", "lang"))
    return treaties, langs


@dataclass(frozen=True)
class Hit:
    record: ProvisionRecord
    score: float | None = None        # exact shingle Jaccard (similarity search)
    # Phrase search: the text before, of and after the first match, exactly as
    # stored except that whitespace runs are single spaces; joined, a window.
    snippet: tuple[str, str, str] = ("", "", "")


@dataclass(frozen=True)
class Results:
    hits: tuple[Hit, ...]
    total: int | None                  # every hit, or None when the search stopped at the limit
    searched: int                      # provisions the filters allowed
    query: str
    extra: dict = field(default_factory=dict)


_COLUMNS = ", ".join(f"p.{name}" for name in RECORD_FIELDS)
_ORDER = "p.signed, p.treaty, p.lang, p.id"


def _count(conn: sqlite3.Connection, filters: Filters) -> int:
    where, params = filters.where()
    return conn.execute(f"SELECT count(*) FROM provisions p WHERE {where}", params).fetchone()[0]


def check_phrases(phrases: list[str], folding: Folding = Folding()) -> None:
    """Raise ``ValueError`` if a phrase has no word (nothing could match it):
    :func:`search_phrases` refuses it, and a caller can refuse it before
    opening an index."""
    for phrase in phrases:
        if not words(phrase, folding):
            raise ValueError(f"{phrase!r} has no word to search for")


def search_phrases(conn: sqlite3.Connection, phrases: list[str], *,
                   folding: Folding = Folding(), filters: Filters = Filters(),
                   limit: int | None = None) -> Results:
    """Provisions containing every phrase, in order of signature date.

    Candidates are checked in that order until ``limit`` hits are found; when
    some were left unchecked, ``total`` is ``None`` and ``extra["candidates"]``
    says how many candidates the full-text index proposed in all.
    Raise ``ValueError`` if a phrase has no word (nothing could match it).
    """
    check_phrases(phrases, folding)
    keys = [[tok.n for tok in tokenize(phrase, folding) if not tok.is_space]
            for phrase in phrases]
    # The full-text index only proposes candidates: give it the words alone
    # (no mark or control character can then break its query syntax). It
    # holds a run of Chinese, Japanese or Thai as one token, which a word of
    # it never matches: such phrases are looked for in every provision.
    match = " AND ".join('"' + " ".join(tok.t for tok in tokenize(fts_text(phrase))
                                        if tok.is_word).replace('"', '""') + '"'
                         for phrase in phrases)
    where, params = filters.where()
    if any(map(unspaced, phrases)):
        source, match_params = "provisions p WHERE", []
    else:
        source = ("provisions_fts JOIN provisions p ON p.id = provisions_fts.rowid "
                  "WHERE provisions_fts MATCH ? AND")
        match_params = [match]
    rows = conn.execute(f"SELECT {_COLUMNS} FROM {source} {where} ORDER BY {_ORDER}",
                        match_params + params)
    hits, checked, complete = [], 0, True
    for row in rows:
        if limit and len(hits) == limit:
            complete = False
            break
        checked += 1
        record = record_from_row(row)
        snippet = _find_all(record.text, keys, folding)
        if snippet is not None:
            hits.append(Hit(record, snippet=snippet))
    extra = {"checked": checked}
    if not complete:
        extra["candidates"] = conn.execute(f"SELECT count(*) FROM {source} {where}",
                                           match_params + params).fetchone()[0]
    return Results(tuple(hits), len(hits) if complete else None, _count(conn, filters),
                   " + ".join(phrases), extra)


def _find_all(text: str, keys: list[list[str]], folding: Folding) -> tuple[str, str, str] | None:
    """The snippet around the first phrase, if every phrase occurs in ``text``."""
    tokens = tokenize(text, folding)
    word_at = [i for i, tok in enumerate(tokens) if not tok.is_space]
    seq = [tokens[i].n for i in word_at]
    first = None
    for key in keys:
        start = next((i for i in range(len(seq) - len(key) + 1)
                      if seq[i:i + len(key)] == key), None)
        if start is None:
            return None
        if first is None:
            first = (start, start + len(key))
    start, stop = first
    lo_word, hi_word = max(0, start - SNIPPET_WORDS), stop + SNIPPET_WORDS
    lo = word_at[lo_word]
    hi = word_at[hi_word] if hi_word < len(word_at) else len(tokens)
    a, b = word_at[start], word_at[stop - 1] + 1

    def join(i: int, j: int) -> str:
        return _SPACES.sub(" ", "".join(tok.t for tok in tokens[i:j]))

    before, after = join(lo, a), join(b, hi)
    if lo_word > 0:
        before = "… " + before.lstrip()
    if hi_word < len(word_at):
        after = after.rstrip() + " …"
    return before, join(a, b), after


def search_like(conn: sqlite3.Connection, text: str, *, exclude: str | None = None,
                filters: Filters = Filters(), limit: int = 20,
                min_score: float = 0.0) -> Results:
    """The provisions most similar to ``text`` (exact shingle Jaccard, ranked).

    ``exclude`` is a reference left out of the results (the query provision);
    when the index holds it with this very text, its stored sketch is used
    (which spares loading datasketch). Ties are broken by reference, so the
    order is deterministic.
    """
    where, params = filters.where()
    rows = conn.execute(
        "SELECT s.id, s.sketch FROM sketches s" if filters == Filters() else
        f"SELECT s.id, s.sketch FROM sketches s JOIN provisions p ON p.id = s.id WHERE {where}",
        params).fetchall()
    ids, blobs = (list(column) for column in zip(*rows)) if rows else ([], [])
    query_packed = packed_shingles(text)
    if not ids or not provision_shingles(text):
        return Results((), 0, len(ids), text)
    stored = exclude and conn.execute(
        "SELECT s.sketch FROM provisions p JOIN sketches s ON s.id = p.id "
        "WHERE p.ref = ? AND p.text = ?", (exclude, text)).fetchone()
    query = sketch_matrix([stored[0]])[0] if stored else sketch_texts([text])[0]
    estimates = estimate(sketch_matrix(blobs), query)
    keep = min(len(ids), max(RERANK, 10 * limit))
    best = np.argpartition(-estimates, keep - 1)[:keep]
    candidates = [ids[i] for i in best]
    hits = []
    for chunk in range(0, len(candidates), 500):
        part = candidates[chunk:chunk + 500]
        for row in conn.execute(f"SELECT {_COLUMNS} FROM provisions p WHERE p.id IN "
                                f"({', '.join('?' * len(part))})", part):
            record = record_from_row(row)
            if record.ref == exclude:
                continue
            score = _score(text, query_packed, record.text)
            if score >= min_score and score > 0:
                hits.append(Hit(record, score=score))
    hits.sort(key=lambda hit: (-hit.score, hit.record.ref))
    return Results(tuple(hits[:limit]), len(hits), len(ids), text,
                   {"estimated": len(ids), "rescored": len(candidates)})


def _score(query_text: str, query_packed, text: str) -> float:
    """Exact shingle Jaccard of two texts: on packed shingles when both pack."""
    packed = packed_shingles(text) if query_packed is not None else None
    if packed is None:  # a script too wide to pack: compare string shingles
        return jaccard(provision_shingles(query_text), provision_shingles(text))
    return packed_jaccard(query_packed, packed)
