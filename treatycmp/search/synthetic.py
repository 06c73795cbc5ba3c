"""Generated corpora for tests and benchmarks: no real treaty text.

:func:`generate_corpus` writes a valid corpus of made-up treaties whose
provisions mix three kinds, so that whole-corpus similarity has something to
find and something to reject:

- *unrelated*: fresh sentences of pseudo-words (syllables drawn at random,
  word frequencies roughly Zipfian, as in natural language);
- *copied*: an earlier provision, word for word;
- *edited*: an earlier provision with a share of its words substituted,
  deleted or inserted (the share is drawn per provision, so shingle
  Jaccard similarities spread across the whole range, around any threshold).

Every text is invented by the generator; every file validates. The same
``seed`` gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from .. import model as m

_SYLLABLES = tuple(c + v for c in "bcdfghjklmnprstvz" for v in "aeiou") + (
    "an", "en", "in", "on", "ar", "er", "or", "al", "el", "il")
ARTICLES_PER_TREATY = 50


@dataclass(frozen=True)
class GeneratedCorpus:
    root: Path
    treaties: int
    provisions: int
    copied: int
    edited: int


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
    ranked = sorted(words)
    rng.shuffle(ranked)  # frequency rank must not follow the alphabet
    return ranked


class _Writer:
    def __init__(self, rng: random.Random, vocabulary_size: int) -> None:
        self.rng = rng
        self.vocabulary = _vocabulary(rng, vocabulary_size)
        # Zipf-like: weight 1/rank.
        self.weights = [1 / (rank + 1) for rank in range(vocabulary_size)]

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocabulary, self.weights, k=count)

    def fresh(self) -> list[str]:
        return self.words(self.rng.randint(25, 140))

    def edit(self, words: list[str]) -> list[str]:
        share = self.rng.uniform(0.02, 0.45)
        out: list[str] = []
        for word in words:
            if self.rng.random() >= share:
                out.append(word)
                continue
            kind = self.rng.random()
            if kind < 0.5:
                out.extend(self.words(1))
            elif kind < 0.75:
                out.extend([word] + self.words(1))
        return out or self.words(3)


def generated_work(treaty_id: str, rng: random.Random) -> m.Work:
    """The metadata of a generated treaty: a random date, nothing real."""
    signed = dt.date(1900, 1, 1) + dt.timedelta(days=rng.randrange(45_000))
    return m.Work(id=treaty_id, signed_date=signed, signed_place="Nowhere",
                  parties=("Party A", "Party B"), depositary="Party A",
                  authentic_languages=("en",), citations=(),
                  no_citation_reason="A generated treaty: it has no citation.",
                  status="in-force")


def _sentences(words: list[str]) -> str:
    """Words as sentences: a capital first letter, a full stop every 8–20 words."""
    out, start = [], 0
    step = 8 + len(words) % 13
    while start < len(words):
        chunk = words[start:start + step]
        out.append(" ".join([chunk[0].capitalize()] + chunk[1:]) + ".")
        start += step
    return " ".join(out)


def generate_corpus(root: Path, provisions: int, *, seed: int = 0,
                    copied: float = 0.15, edited: float = 0.35,
                    vocabulary: int = 20_000,
                    articles_per_treaty: int = ARTICLES_PER_TREATY) -> GeneratedCorpus:
    """Write a corpus of about ``provisions`` articles under ``root`` (created)."""
    from ..store.write import version_to_xml, work_to_xml  # only the generator writes XML

    rng = random.Random(seed)
    writer = _Writer(rng, vocabulary)
    texts: list[list[str]] = []
    counts = {"copied": 0, "edited": 0}
    treaty_count = max(1, -(-provisions // articles_per_treaty))
    root.mkdir(parents=True, exist_ok=True)
    made = 0
    for t in range(treaty_count):
        treaty_id = f"gen-{t:06d}"
        articles = []
        for n in range(1, min(articles_per_treaty, provisions - made) + 1):
            draw = rng.random()
            if texts and draw < copied:
                words = list(rng.choice(texts))
                counts["copied"] += 1
            elif texts and draw < copied + edited:
                words = writer.edit(rng.choice(texts))
                counts["edited"] += 1
            else:
                words = writer.fresh()
            texts.append(words)
            articles.append(m.Provision(
                kind=m.ARTICLE, eid=f"art_{n}", n=str(n), label=f"Article {n}",
                heading=None, transcribed=True, checked=("gen",),
                paragraphs=(m.Paragraph(f"art_{n}__para_1", None, _sentences(words)),)))
        made += len(articles)
        work = generated_work(treaty_id, rng)
        version = m.TextVersion(
            treaty_id=treaty_id, lang="en", authority=m.AUTHENTIC,
            title=f"Generated Treaty {t}", short_title=f"Generated {t}",
            state_kind="as-signed", state="As generated.",
            sources=(m.Source("gen", "Generated by treatycmp.search.synthetic"),),
            articles=tuple(articles))
        folder = root / treaty_id
        folder.mkdir(exist_ok=True)
        # Plain writes: a generated corpus is scratch data, and fsync per file
        # would make a big one slow to write.
        (folder / "treaty.xml").write_bytes(work_to_xml(work))
        (folder / "en.xml").write_bytes(version_to_xml(version))
    return GeneratedCorpus(root, treaty_count, made, counts["copied"], counts["edited"])
