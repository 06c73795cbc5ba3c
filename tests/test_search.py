"""Search, the index and whole-corpus similarity (treatycmp.search, cli/search.py).

Small corpora only: the shipped one, and generated ones of a few hundred
provisions (treatycmp.search.synthetic). Timings are in bench/bench_search.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treatycmp.cli import main
from treatycmp.search import (Filters, choose_bands, ensure_index, exact_pairs, index_path,
                              search_like, search_phrases, similar_pairs)
from treatycmp.search.allpairs import TARGET_RECALL, _pairs_in_buckets, all_pairs_bruteforce
from treatycmp.search.index import INDEX_NAME
from treatycmp.search.sketch import (NUM_PERM, packed_jaccard, packed_shingles,
                                     provision_shingles, shingle_hashes)
from treatycmp.search.synthetic import generate_corpus
from treatycmp.similarity import jaccard, shingle_jaccard, shingles
from treatycmp.text import EXACT, Folding

from conftest import CORPUS


@pytest.fixture(autouse=True)
def cache_home(tmp_path, monkeypatch):
    """Indexes of the shipped corpus go to the cache folder: a temporary one here."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TREATYCMP_CORPUS", raising=False)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    path = tmp_path_factory.mktemp("index") / "shipped.sqlite"
    conn, result = ensure_index(CORPUS, path)
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """200 provisions in 10 treaties: unrelated, copied and edited (read-only)."""
    root = tmp_path_factory.mktemp("gen") / "corpus"
    generate_corpus(root, 200, seed=3, articles_per_treaty=20, vocabulary=2000)
    return root


@pytest.fixture(scope="module")
def generated_index(generated, tmp_path_factory):
    path = tmp_path_factory.mktemp("genindex") / "index.sqlite"
    conn, _ = ensure_index(generated, path)
    conn.close()
    return path


@pytest.fixture
def gen_copy(generated, tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(generated, target)
    return target


def refs(results) -> list[str]:
    return [hit.record.ref for hit in results.hits]


# ------------------------------------------------------------------ shingles and sketches

@given(st.text(max_size=60))
def test_fast_shingles_are_the_similarity_shingles(text):
    assert provision_shingles(text) == shingles(text)


@given(st.text(alphabet="abcdéèXYZ 1’,.", max_size=80))
def test_shingle_hashes_count_the_shingles(text):
    assert len(shingle_hashes(text)) == len(provision_shingles(text))


@given(st.text(alphabet="abcdeé ’1", max_size=40), st.text(alphabet="abcdeé ’1", max_size=40))
def test_packed_jaccard_is_exact(left, right):
    a, b = packed_shingles(left), packed_shingles(right)
    assert len(a) == len(provision_shingles(left))
    assert packed_jaccard(a, b) == jaccard(shingles(left), shingles(right))


def test_wide_scripts_are_not_packed():
    assert packed_shingles("集体自卫权利") is None
    assert packed_shingles("Αθήνα Москва عربي") is not None


@pytest.mark.parametrize("threshold", [0.2, 0.4, 0.5, 0.6, 0.8, 0.95, 1.0])
def test_bands_reach_the_target_at_the_threshold(threshold):
    bands = choose_bands(threshold)
    assert bands.bands * bands.rows <= NUM_PERM
    assert bands.probability(threshold) >= TARGET_RECALL
    assert bands.probability(min(1.0, threshold + 0.1)) >= bands.probability(threshold)


@settings(max_examples=50)
@given(st.lists(st.integers(0, 5), min_size=0, max_size=40))
def test_bucket_pairs_are_every_pair_of_equal_keys(keys):
    ids = np.arange(100, 100 + len(keys), dtype=np.int64)
    codes = _pairs_in_buckets(ids, np.asarray(keys, dtype=np.uint64))
    got = {(int(c) >> 32, int(c) & 0xFFFFFFFF) for c in codes}
    want = {(100 + i, 100 + j) for i in range(len(keys)) for j in range(i + 1, len(keys))
            if keys[i] == keys[j]}
    assert got == want and len(codes) == len(want)


# ------------------------------------------------------------------ phrase search

def test_armed_attack_finds_the_collective_defence_clauses(shipped):
    found = refs(search_phrases(shipped, ["armed attack"]))
    for ref in ("nato-1949@en:5", "anzus-1951@en:4", "us-rok-1953@en:3", "nato-1949@en:6"):
        assert ref in found
    # Ordered by date of signature.
    assert found.index("nato-1949@en:5") < found.index("anzus-1951@en:4")


def test_phrase_means_words_in_order(shipped):
    assert refs(search_phrases(shipped, ["attack armed"])) == []
    both = set(refs(search_phrases(shipped, ["armed attack", "Europe"])))
    assert "nato-1949@en:5" in both and "anzus-1951@en:4" not in both


def test_snippet_shows_the_stored_words(shipped):
    hit = next(h for h in search_phrases(shipped, ["ARMED ATTACK"]).hits
               if h.record.ref == "nato-1949@en:5")
    before, match, after = hit.snippet
    assert match == "armed attack"
    assert (before + match + after).replace(" …", "") in " ".join(hit.record.text.split())


def test_folding_case_accents_quotes(shipped):
    assert "nato-1949@en:5" in refs(search_phrases(shipped, ["ARMED ATTACK"]))
    assert refs(search_phrases(shipped, ["ARMED ATTACK"], folding=EXACT)) == []
    # French NATO Article 5 (ASCII apostrophe) and Liptako-Gourma Article 6
    # (typographic apostrophe) both say "l'emploi de la force armée".
    assert "nato-1949@fr:5" not in refs(search_phrases(shipped, ["securite"]))
    accents = Folding(accents=True)
    assert "nato-1949@fr:5" in refs(search_phrases(shipped, ["securite"], folding=accents))
    both = {"nato-1949@fr:5", "liptako-gourma-2023@fr:6"}
    assert both <= set(refs(search_phrases(shipped, ["l’emploi de la force armée"])))
    assert both <= set(refs(search_phrases(shipped, ["L'EMPLOI DE LA FORCE ARMÉE"])))
    no_quotes = Folding(quotes=False)
    ascii_only = set(refs(search_phrases(shipped, ["l'emploi de la force"], folding=no_quotes)))
    typographic = set(refs(search_phrases(shipped, ["l’emploi de la force"], folding=no_quotes)))
    assert "nato-1949@fr:5" in ascii_only and "liptako-gourma-2023@fr:6" not in ascii_only
    assert "liptako-gourma-2023@fr:6" in typographic and "nato-1949@fr:5" not in typographic


def test_punctuation_in_a_phrase_counts_whitespace_does_not(shipped):
    # NATO Article 5: "... in Europe or North America shall be considered ..."
    assert "nato-1949@en:5" in refs(search_phrases(shipped, ["Europe  or\nNorth America"]))
    assert "nato-1949@en:5" not in refs(search_phrases(shipped, ["Europe, or North America"]))


def test_filters(shipped):
    import datetime as dt

    def found(**kwargs):
        return set(refs(search_phrases(shipped, ["attack"], filters=Filters(**kwargs))))

    everything = found()
    assert found(treaties=("anzus-1951",)) == {r for r in everything if r.startswith("anzus")}
    assert all("@fr:" in r for r in found(langs=("fr",)))
    early = found(signed_to=dt.date(1950, 12, 31))
    assert "nato-1949@en:5" in early and "anzus-1951@en:4" not in early
    late = found(signed_from=dt.date(1951, 1, 1))
    assert "anzus-1951@en:4" in late and "nato-1949@en:5" not in late
    # The English Liptako-Gourma text is treatycmp's translation, not authentic.
    aggression = set(refs(search_phrases(shipped, ["aggression"])))
    authentic = set(refs(search_phrases(shipped, ["aggression"],
                                        filters=Filters(authentic_only=True))))
    assert any(r.startswith("liptako-gourma-2023@en") for r in aggression)
    assert not any(r.startswith("liptako-gourma-2023@en") for r in authentic)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_run_of_a_provision_finds_it(shipped, data):
    from treatycmp.text import tokenize

    ref, text = data.draw(st.sampled_from(shipped.execute(
        "SELECT ref, text FROM provisions ORDER BY id").fetchall()))
    tokens = [tok for tok in tokenize(text) if not tok.is_space]
    start = data.draw(st.integers(0, len(tokens) - 1))
    stop = data.draw(st.integers(start + 1, min(len(tokens), start + 8)))
    run = tokens[start:stop]
    if not any(tok.is_word for tok in run):
        return
    phrase = " ".join(tok.t for tok in run)  # spacing differs from the text's: it is skipped
    if data.draw(st.booleans()):
        phrase = phrase.upper()
    assert ref in refs(search_phrases(shipped, [phrase], filters=Filters(
        treaties=(ref.split("@")[0],))))


def test_a_limited_search_stops_and_says_so(shipped):
    every = search_phrases(shipped, ["the"])
    assert every.total == len(every.hits) > 5
    first = search_phrases(shipped, ["the"], limit=3)
    assert first.total is None and refs(first) == refs(every)[:3]
    assert first.extra["candidates"] >= every.total
    exact = search_phrases(shipped, ["the"], limit=every.total)
    assert refs(exact) == refs(every)


def test_a_phrase_without_words_is_refused(shipped):
    with pytest.raises(ValueError):
        search_phrases(shipped, ["« — »"])


# ------------------------------------------------------------------ similarity search

def test_like_ranks_by_exact_shingle_similarity(shipped):
    text = next(r for (r,) in shipped.execute(
        "SELECT text FROM provisions WHERE ref = 'nato-1949@en:5'"))
    results = search_like(shipped, text, exclude="nato-1949@en:5", limit=10)
    found = refs(results)
    assert "nato-1949@en:5" not in found
    assert set(found[:3]) >= {"anzus-1951@en:4", "us-japan-1960@en:5"}
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True)
    for hit in results.hits:
        assert hit.score == shingle_jaccard(text, hit.record.text)


def test_like_without_a_stored_sketch_ranks_the_same(shipped):
    text = next(r for (r,) in shipped.execute(
        "SELECT text FROM provisions WHERE ref = 'anzus-1951@en:4'"))
    stored = search_like(shipped, text, exclude="anzus-1951@en:4", limit=5)
    computed = search_like(shipped, text + " ", limit=6)  # not in the index: sketched now
    assert refs(computed)[0] == "anzus-1951@en:4"
    assert refs(computed)[1:] == refs(stored)


@pytest.mark.parametrize("left, right", [("集体自卫权利和义务", "集体自卫权利"),
                                         ("abc 集体自卫权利", "abcdefg"),
                                         ("abcdefg", "abc 集体自卫权利")])
def test_like_scores_wide_scripts_exactly(left, right):
    from treatycmp.search.query import _score
    assert _score(left, packed_shingles(left), right) == shingle_jaccard(left, right)


def test_like_finds_copies_first(generated_index, generated):
    conn = sqlite3.connect(generated_index)
    texts = dict(conn.execute("SELECT ref, text FROM provisions"))
    by_text: dict[str, list[str]] = {}
    for ref, text in texts.items():
        by_text.setdefault(text, []).append(ref)
    copies = next(group for group in by_text.values() if len(group) > 1)
    results = search_like(conn, texts[copies[0]], exclude=copies[0], limit=5)
    assert results.hits[0].score == 1.0 and results.hits[0].record.ref in copies[1:]
    conn.close()


# ------------------------------------------------------------------ whole corpus

@pytest.fixture(scope="module")
def truth(generated_index):
    """``(ids, shingle sets, every pair scoring >= 0.3 by the definition)``."""
    conn = sqlite3.connect(generated_index)
    rows = conn.execute("SELECT id, text FROM provisions ORDER BY id").fetchall()
    conn.close()
    sets = [provision_shingles(r[1]) for r in rows]
    return [r[0] for r in rows], sets, all_pairs_bruteforce(sets, 0.3)


def test_exact_oracle_is_the_definition(truth):
    _, sets, scores = truth
    assert exact_pairs(sets, 0.3) == scores
    sample = [0, 7, 99]
    assert exact_pairs(sets, 0.5, rows=sample) == {
        pair: s for pair, s in scores.items()
        if s >= 0.5 and (pair[0] in sample or pair[1] in sample)}


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
def test_similar_pairs_recall_and_exact_scores(generated_index, truth, threshold):
    ids, _, scores = truth
    want = {(ids[i], ids[j]): s for (i, j), s in scores.items() if s >= threshold}
    result = similar_pairs(generated_index, threshold)
    got = {(int(a), int(b)): float(s)
           for a, b, s in zip(result.left, result.right, result.score)}
    assert len(want) > 20  # the generated corpus has pairs to find
    assert set(got) <= set(want)  # precision 1: every pair is checked exactly
    assert all(got[pair] == want[pair] for pair in got)
    assert len(got) / len(want) >= 0.95


def test_small_blocks_and_tasks_give_the_same_pairs(generated_index, monkeypatch):
    from treatycmp.search import allpairs

    whole = similar_pairs(generated_index, 0.5)
    monkeypatch.setattr(allpairs, "BLOCK_ROWS", 7)
    monkeypatch.setattr(allpairs, "PAIRS_PER_TASK", 5)
    monkeypatch.setattr(allpairs, "BANDS_PER_TASK", 3)
    monkeypatch.setattr(allpairs, "READ_ROWS", 11)
    parts = similar_pairs(generated_index, 0.5)
    assert sorted(zip(parts.left.tolist(), parts.right.tolist(), parts.score.tolist())) == \
        sorted(zip(whole.left.tolist(), whole.right.tolist(), whole.score.tolist()))


def test_similar_pairs_respect_filters(generated_index):
    only = Filters(treaties=("gen-000001",))
    result = similar_pairs(generated_index, 0.5, filters=only)
    conn = sqlite3.connect(generated_index)
    allowed = {r for (r,) in conn.execute(
        "SELECT id FROM provisions WHERE treaty = 'gen-000001'")}
    conn.close()
    assert set(result.left.tolist()) | set(result.right.tolist()) <= allowed


# ------------------------------------------------------------------ the index file

def test_index_updates_only_what_changed(gen_copy, tmp_path):
    path = tmp_path / "index.sqlite"
    conn, first = ensure_index(gen_copy, path)
    conn.close()
    assert first.treaties_read == 10 and first.provisions == 200
    conn, again = ensure_index(gen_copy, path)
    conn.close()
    assert again.treaties_read == 0 and again.provisions == 200

    en = gen_copy / "gen-000002" / "en.xml"
    en.write_text(en.read_text(encoding="utf-8").replace(
        "<p>", "<p>Zanzibarquux frobnicates. ", 1), encoding="utf-8")
    shutil.rmtree(gen_copy / "gen-000005")
    conn, changed = ensure_index(gen_copy, path)
    assert (changed.treaties_read, changed.treaties_removed) == (1, 1)
    assert changed.provisions == 180
    assert refs(search_phrases(conn, ["zanzibarquux frobnicates"])) == ["gen-000002@en:1"]
    assert not conn.execute("SELECT count(*) FROM provisions WHERE treaty = 'gen-000005'"
                            ).fetchone()[0]
    conn.close()


def test_a_folder_that_does_not_load_is_left_out_and_named(gen_copy, tmp_path):
    broken = gen_copy / "gen-000003" / "en.xml"
    broken.write_text("<text>not a treaty", encoding="utf-8")
    conn, result = ensure_index(gen_copy, tmp_path / "index.sqlite")
    conn.close()
    assert result.provisions == 180
    assert len(result.problems) == 1 and "gen-000003" in result.problems[0]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "schema", "corpus",
                                    "sketch-setting", "version", "extended", "fts-rows", "sketch-rows",
                                    "page-garbage"])
def test_an_untrustworthy_index_is_rebuilt(generated, tmp_path, damage):
    path = tmp_path / "index.sqlite"
    conn, _ = ensure_index(generated, path)
    conn.close()
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    elif damage == "truncated":
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 3])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "extended":
        path.write_bytes(path.read_bytes() + b"\0" * 4096)
    elif damage == "page-garbage":
        # Same length, a page in the middle overwritten: only the full check sees it.
        data = bytearray(path.read_bytes())
        middle = len(data) // 2 // 4096 * 4096
        data[middle:middle + 4096] = random.Random(5).randbytes(4096)
        path.write_bytes(bytes(data))
    elif damage in ("fts-rows", "sketch-rows"):
        table, column = (("provisions_fts", "rowid") if damage == "fts-rows"
                         else ("sketches", "id"))
        with sqlite3.connect(path) as db:
            db.execute(f"DELETE FROM {table} WHERE {column} = 3")
        db.close()
    else:
        key, value = {"schema": ("schema_version", "0"), "corpus": ("corpus", "/elsewhere"),
                      "version": ("treatycmp", "0.0.0"),
                      "sketch-setting": ("num_perm", "64")}[damage]
        with sqlite3.connect(path) as db:
            db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
        db.close()
    conn, result = ensure_index(generated, path, thorough=True)
    assert result.provisions == 200 and result.treaties_read == 10
    if damage != "empty":
        assert result.rebuilt_because
    assert len(search_phrases(conn, ["a"]).hits) >= 0  # usable
    assert conn.execute("SELECT count(*) FROM provisions_fts").fetchone()[0] == 200
    conn.close()


def test_queries_check_cheaply_but_see_truncation(generated, tmp_path):
    path = tmp_path / "index.sqlite"
    conn, _ = ensure_index(generated, path)
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[:len(data) - 4096])
    conn, result = ensure_index(generated, path)  # not thorough
    conn.close()
    assert "header says" in result.rebuilt_because and result.provisions == 200


def test_a_busy_index_is_not_thrown_away(gen_copy, tmp_path, monkeypatch):
    from treatycmp.errors import TreatycmpError
    from treatycmp.search import index as index_module

    path = tmp_path / "index.sqlite"
    conn, _ = ensure_index(gen_copy, path)
    conn.close()
    en = gen_copy / "gen-000002" / "en.xml"
    en.write_text(en.read_text(encoding="utf-8").replace("<p>", "<p>Changed. ", 1),
                  encoding="utf-8")
    monkeypatch.setattr(index_module, "BUSY_SECONDS", 0.1)
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        with pytest.raises(TreatycmpError, match="cannot update the index"):
            ensure_index(gen_copy, path)
    finally:
        other.rollback()
        other.close()
    conn, result = ensure_index(gen_copy, path)
    conn.close()
    assert result.rebuilt_because is None and result.treaties_read == 1


def test_index_location(tmp_path):
    corpus = tmp_path / "mine"
    corpus.mkdir()
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert index_path(corpus, shipped, env) == corpus / INDEX_NAME
    cached = index_path(shipped, shipped, env)
    assert cached.parent == tmp_path / "cache" / "treatycmp"
    corpus.chmod(0o555)
    try:
        if not os.access(corpus, os.W_OK):  # root can write anywhere
            assert index_path(corpus, shipped, env).parent == tmp_path / "cache" / "treatycmp"
    finally:
        corpus.chmod(0o755)


# ------------------------------------------------------------------ Dask

@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    import logging
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  protocol="tcp", dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster:
        yield cluster


def test_index_and_pairs_on_a_local_dask_cluster(dask_cluster, generated, generated_index,
                                                 tmp_path):
    from distributed import Client

    from treatycmp.search.scale import DaskRunner

    with Client(dask_cluster) as client:
        runner = DaskRunner(client)
        conn, result = ensure_index(generated, tmp_path / "dask.sqlite", runner=runner)
        conn.close()
        assert result.provisions == 200
        on_dask = similar_pairs(tmp_path / "dask.sqlite", 0.5, runner=runner)
    single = similar_pairs(generated_index, 0.5)

    def by_ref(index, result):
        db = sqlite3.connect(index)
        name = dict(db.execute("SELECT id, ref FROM provisions"))
        db.close()
        return {(name[a], name[b], s) for a, b, s in
                zip(result.left.tolist(), result.right.tolist(), result.score.tolist())}

    assert by_ref(tmp_path / "dask.sqlite", on_dask) == by_ref(generated_index, single)


def test_auto_runs_in_process_for_small_jobs_and_without_dask(monkeypatch):
    from treatycmp.search import scale

    with scale.open_runner("auto", large=False) as runner:
        assert type(runner) is scale.Runner
    monkeypatch.setattr(scale, "dask_available", lambda: False)
    with scale.open_runner("auto", large=True) as runner:
        assert type(runner) is scale.Runner
    with pytest.raises(ValueError, match="needs Dask"):
        with scale.open_runner("local"):
            pass


def test_cli_asks_for_dask_when_it_is_missing(runner, gen_copy, monkeypatch):
    from treatycmp.search import scale

    monkeypatch.setattr(scale, "dask_available", lambda: False)
    result = runner.invoke(main, ["--corpus", str(gen_copy), "similar", "--all",
                                  "--scheduler", "local"])
    assert result.exit_code == 2 and "pip install 'treatycmp[dask]'" in result.output


def test_cli_similar_on_a_scheduler_address(dask_cluster, gen_copy, runner, tmp_path):
    out = tmp_path / "pairs.csv"
    result = runner.invoke(main, ["--corpus", str(gen_copy), "similar", "--all", "--min", "0.6",
                                  "-o", str(out), "--scheduler", dask_cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    single = runner.invoke(main, ["--corpus", str(gen_copy), "similar", "--all", "--min", "0.6",
                                  "--scheduler", "single"])
    assert out.read_text(encoding="utf-8") == single.stdout


# ------------------------------------------------------------------ command line

def test_cli_search_table_and_json(runner):
    result = runner.invoke(main, ["search", "armed attack"])
    assert result.exit_code == 0, result.output
    assert "nato-1949@en:5" in result.stdout and "anzus-1951@en:4" in result.stdout
    assert "[armed attack]" in result.stdout
    data = json.loads(runner.invoke(main, ["search", "armed attack", "--format", "json",
                                           "--lang", "en"]).stdout)
    assert data["kind"] == "phrase" and data["found"] == len(data["hits"])
    limited = runner.invoke(main, ["search", "the", "--limit", "2"])
    assert "more may match" in limited.stdout and limited.stdout.count("treatycmp show") == 2
    assert {"nato-1949@en:5", "anzus-1951@en:4"} <= {h["ref"] for h in data["hits"]}
    assert all(h["lang"] == "en" for h in data["hits"])


def test_cli_like_prints_ready_to_run_compare_commands(runner, tmp_path, monkeypatch):
    result = runner.invoke(main, ["search", "--like", "nato-1949:5", "--format", "json",
                                  "--limit", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["query"] == "nato-1949@en:5"
    top = data["hits"][0]
    assert top["command"].startswith("treatycmp compare nato-1949@en:5 ")
    monkeypatch.chdir(tmp_path)
    args = top["command"].split()[1:]
    compared = runner.invoke(main, args)
    assert compared.exit_code == 0, compared.output
    assert (tmp_path / top["report"]).is_file()  # the page links to the file it writes


def test_cli_results_page_is_escaped_html(runner, gen_copy, tmp_path):
    en = gen_copy / "gen-000001" / "en.xml"
    en.write_text(en.read_text(encoding="utf-8").replace(
        "<p>", "<p>Quux &lt;script&gt;alert(1)&lt;/script&gt; quux. ", 1), encoding="utf-8")
    page = tmp_path / "results.html"
    result = runner.invoke(main, ["--corpus", str(gen_copy), "search", "quux", "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script" in html and "<script" not in html
    assert "gen-000001@en:1" in html
    like = tmp_path / "like.html"
    result = runner.invoke(main, ["--corpus", str(gen_copy), "search", "--like", "gen-000001:2",
                                  "-o", str(like)])
    assert result.exit_code == 0, result.output
    assert f"--corpus {gen_copy} compare gen-000001@en:2" in like.read_text(encoding="utf-8")
    assert 'href="gen-000001-en-2_vs_' in like.read_text(encoding="utf-8")


def test_cli_index_corpus_and_similar_csv(runner, gen_copy, tmp_path):
    result = runner.invoke(main, ["--corpus", str(gen_copy), "index-corpus"])
    assert result.exit_code == 0, result.output
    assert "200 provision(s)" in result.stdout and (gen_copy / INDEX_NAME).is_file()
    out = tmp_path / "pairs.csv"
    result = runner.invoke(main, ["--corpus", str(gen_copy), "similar", "--all", "--min", "0.5",
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and all(float(r["score"]) >= 0.5 for r in rows)
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    # The corpus still lists and validates with the index beside it.
    assert runner.invoke(main, ["--corpus", str(gen_copy), "validate"]).exit_code == 0


def test_cli_warns_of_folders_left_out_and_of_rebuilds(runner, gen_copy):
    (gen_copy / "gen-000003" / "en.xml").write_text("<text>broken", encoding="utf-8")
    result = runner.invoke(main, ["--corpus", str(gen_copy), "index-corpus"])
    assert result.exit_code == 0
    assert "warning: not indexed:" in result.stderr and "gen-000003" in result.stderr
    assert "180 provision(s)" in result.stdout
    (gen_copy / INDEX_NAME).write_bytes(b"garbage" * 50)
    result = runner.invoke(main, ["--corpus", str(gen_copy), "search", "--like", "gen-000001:1"])
    assert result.exit_code == 0
    assert "index rebuilt (not an SQLite file)" in result.stderr
    assert "gen-000001@en:1" not in result.stdout.split("\n", 2)[1]  # itself is left out


@pytest.mark.parametrize("args, code", [
    (["search"], 2),
    (["search", "armed", "--like", "nato-1949:5"], 2),
    (["search", "--like", "nato-1949"], 2),
    (["search", "--like", "nosuch-1900:1"], 1),
    (["search", "--like", "nato-1949:99"], 1),
    (["search", "attack", "--from", "1949-13-01"], 2),
    (["search", "attack", "--ignore", "colour"], 2),
    (["search", "«»"], 2),
    (["similar"], 2),
    (["similar", "--all", "--min", "0"], 2),
    (["similar", "--all", "--scheduler", "cloud"], 2),
])
def test_cli_bad_requests(runner, args, code):
    result = runner.invoke(main, args)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output


def test_cli_treaty_and_language_filters_in_any_case(runner):
    """Audit 9, F6.1: --lang EN found nothing (searched 0), as did --lang zz;
    ids and languages are read in any case, as in references, and a name
    the corpus lacks is a usage error naming what it has."""
    def refs_found(*args):
        result = runner.invoke(main, ["search", "armed attack", "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return {hit["ref"] for hit in json.loads(result.stdout)["hits"]}

    english = refs_found("--lang", "en")
    assert "nato-1949@en:5" in english
    assert refs_found("--lang", "EN") == refs_found("--lang", "En") == english
    assert refs_found("--treaty", "NATO-1949", "--lang", "en") == \
        {ref for ref in english if ref.startswith("nato-1949@")}
    assert refs_found("--lang", "Fr") == refs_found("--lang", "fr")
    for command in (["search", "attack"], ["similar", "--all"]):
        result = runner.invoke(main, [*command, "--lang", "zz"])
        assert result.exit_code == 2, result.output
        assert "no text in 'zz' in the corpus (available: " in result.stderr
        assert "en, fr" in result.stderr and "Traceback" not in result.output
        result = runner.invoke(main, [*command, "--treaty", "nato-1994"])
        assert result.exit_code == 2, result.output
        assert "no treaty 'nato-1994'" in result.stderr and "nato-1949" in result.stderr
    # (Audit 10, F4: a treaty or language the corpus has, with nothing
    # transcribed yet, is not said to be missing.)
    for option, name in (("--treaty", "arab-league-1950"), ("--lang", "AR")):
        result = runner.invoke(main, ["search", "attack", option, name])
        assert result.exit_code == 2, result.output
        assert "transcribed provision to search yet" in result.stderr
        assert "in the corpus" not in result.stderr
    result = runner.invoke(main, ["search", "attack", "--lang", "treaty"])  # (not treaty.xml)
    assert result.exit_code == 2 and "no text in 'treaty' in the corpus" in result.stderr
    pairs = runner.invoke(main, ["similar", "--all", "--lang", "EN", "--treaty", "NATO-1949",
                                 "--treaty", "ANZUS-1951", "--min", "0.1"])
    assert pairs.exit_code == 0, pairs.output
    assert "nato-1949@en:5" in pairs.stdout and "@fr" not in pairs.stdout


def test_cli_a_bad_query_is_refused_before_the_index_is_built(runner, demo_copy):
    """Audit 9, F6.4: search "" wrote the index, then said it was a usage error."""
    for query in ("", "«»", " "):
        result = runner.invoke(main, ["--corpus", str(demo_copy), "search", query])
        assert result.exit_code == 2 and "has no word to search for" in result.stderr
        assert not (demo_copy / INDEX_NAME).exists()
    result = runner.invoke(main, ["--corpus", str(demo_copy), "search", "Article"])
    assert result.exit_code == 0 and (demo_copy / INDEX_NAME).exists()  # (where it goes)


def test_cli_missing_corpus(runner, tmp_path):
    result = runner.invoke(main, ["--corpus", str(tmp_path / "nowhere"), "search", "x"])
    assert result.exit_code == 1 and "corpus folder does not exist" in result.output


def test_other_commands_do_not_import_the_search_libraries():
    code = ("import sys, treatycmp.cli; "
            "print(sorted(m for m in ('numpy', 'datasketch', 'dask', 'sqlite3') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("query, found", [
    ("col·lectiva", {1, 2, 3}), ("coŀlectiva", {1, 2, 3}), ("col.lectiva", {1, 2, 3}),
    ("article ٥١", {4}), ("article 51", {4})])
def test_a_phrase_finds_what_the_comparison_would_match(tmp_path, query, found):
    """Audit 7, finding 5: the full-text index held texts only case-folded,
    so a typographic variant the comparison folds (ŀ for l·, Arabic-Indic
    digits) was never proposed as a candidate."""
    from conftest import write_corpus
    root = tmp_path / "corpus"
    write_corpus(root, {"ca": [("defensa coŀlectiva", "x"), ("defensa col·lectiva", "x"),
                               ("defensa col.lectiva", "x"), ("article ٥١ de la Carta", "x")]})
    conn, _ = ensure_index(root, tmp_path / "index.sqlite")
    try:
        hits = {int(hit.record.provision) for hit in search_phrases(conn, [query]).hits
                if hit.record.treaty == "mx-2000"}
    finally:
        conn.close()
    assert hits == found


@pytest.mark.parametrize("query, found", [
    ("防御", "mx-2000@zh:1"), ("集体防御条约", "mx-2000@zh:1"), ("自衛権", "mx-2000@ja:1"),
    ("มาตรา", "mx-2000@th:1"), ("防御 条约", "mx-2000@zh:1")])
def test_a_phrase_in_a_script_without_spaces_is_found(tmp_path, query, found):
    """Audit 8, finding 5: the full-text index holds a run of Chinese,
    Japanese or Thai as one token, so a word of it proposed no candidate;
    such phrases are now looked for in every provision."""
    from conftest import write_corpus
    root = tmp_path / "corpus"
    write_corpus(root, {"zh": [("集体防御条约", "x")], "ja": [("集団的自衛権を有する", "x")],
                        "th": [("มาตรา 5 ของ", "x")]})
    conn, _ = ensure_index(root, tmp_path / "index.sqlite")
    try:
        assert [hit.record.ref for hit in search_phrases(conn, [query]).hits] == [found]
    finally:
        conn.close()
