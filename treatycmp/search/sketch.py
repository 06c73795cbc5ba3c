"""Shingle sets and their MinHash sketches (the only user of datasketch).

- :func:`provision_shingles`: the 5-character shingle set of a text, exactly
  :func:`treatycmp.similarity.shingles` (a test checks the two agree), made
  faster with one regular expression instead of a loop over characters.
- :func:`sketch_texts`: MinHash signatures of many texts, as rows of a
  ``uint32`` matrix (``NUM_PERM`` values per text); :func:`sketch_bytes`
  and :func:`sketch_matrix` turn rows into index blobs and back.
- :func:`estimate`: the share of equal signature values, an unbiased
  estimate of shingle Jaccard similarity (standard error
  ``sqrt(J(1-J)/NUM_PERM)``, 0.031 at 0.5).

The permutations are datasketch's, drawn from ``SEED``: a sketch stored in
an index is comparable only with sketches of the same ``NUM_PERM`` and
``SEED``, which the index records and checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from ..similarity import SHINGLE_SIZE, shingle_key

NUM_PERM = 256   # MinHash values per provision (1 KiB per sketch)
SEED = 1949      # datasketch's permutation seed


def provision_shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset[str]:
    """The shingles of :func:`treatycmp.similarity.shingles`, computed faster."""
    key = shingle_key(text)
    if len(key) <= size:
        return frozenset([key]) if key else frozenset()
    return frozenset([key[i:i + size] for i in range(len(key) - size + 1)])


def shingle_hashes(text: str, size: int = SHINGLE_SIZE) -> np.ndarray:
    """The shingles of ``text`` as distinct 32-bit hashes (sorted ``uint32``).

    Each shingle's code points are combined by a polynomial hash modulo 2^64,
    folded to 32 bits; two distinct shingles share a value with probability
    about 2^-32, which moves a sketch's estimate by nothing measurable (and
    every reported score is computed exactly on the real shingle sets).
    """
    key = shingle_key(text)
    if not key:
        return np.zeros(0, dtype=np.uint32)
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = max(1, len(codes) - size + 1)  # a key shorter than size is one shingle
    value = np.zeros(count, dtype=np.uint64)
    for i in range(min(size, len(codes))):
        value = value * _MULTIPLIER + codes[i:i + count] + np.uint64(1)
    return np.unique((value ^ (value >> np.uint64(32))).astype(np.uint32))


_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_PACK_BITS = 12  # bits per code point in a packed shingle: 5 x 12 = 60 bits


def packed_shingles(text: str, size: int = SHINGLE_SIZE) -> np.ndarray | None:
    """The shingles of ``text`` encoded exactly, one ``uint64`` each (sorted, distinct).

    Each code point + 1 takes 12 bits, so the encoding is one-to-one (a short
    key's missing places are 0, which no code point gives): equal values are
    equal shingles, and :func:`packed_jaccard` is exactly
    :func:`treatycmp.similarity.jaccard` of the shingle sets, in an eighth of
    the memory of Python strings. ``None`` when a code point is too large
    (beyond U+0FFE, as in CJK scripts): use the string shingles then.
    """
    key = shingle_key(text)
    if not key:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(key.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64) + 1
    if codes.max() >= 1 << _PACK_BITS:
        return None
    count = max(1, len(codes) - size + 1)
    value = np.zeros(count, dtype=np.uint64)
    for i in range(size):
        value <<= np.uint64(_PACK_BITS)
        if i < len(codes):
            value |= codes[i:i + count]
    return np.unique(value)


def packed_jaccard(left: np.ndarray, right: np.ndarray) -> float:
    """Jaccard similarity of two :func:`packed_shingles` arrays (1.0 if both are empty)."""
    if not len(left) and not len(right):
        return 1.0
    if len(left) > len(right):
        left, right = right, left
    at = np.searchsorted(right, left)
    common = int((right[np.minimum(at, len(right) - 1)] == left).sum()) if len(right) else 0
    return common / (len(left) + len(right) - common)


def sketch_texts(texts: Iterable[str]) -> np.ndarray:
    """MinHash signatures of ``texts``: a ``(len(texts), NUM_PERM)`` uint32 matrix.

    datasketch's MinHash (its affine permutations drawn from ``SEED``) over
    :func:`shingle_hashes`. A text without shingles gets datasketch's empty
    signature (all values at the maximum), which equals only other empty ones.
    """
    from datasketch import MinHash

    batches = (shingle_hashes(text) for text in texts)
    rows = [m.hashvalues for m in MinHash.generator(
        batches, num_perm=NUM_PERM, seed=SEED, hashfunc=int)]
    if not rows:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    return np.asarray(rows, dtype=np.uint64).astype(np.uint32)


def sketch_bytes(row: np.ndarray) -> bytes:
    return np.ascontiguousarray(row, dtype="<u4").tobytes()


def sketch_matrix(blobs: Sequence[bytes]) -> np.ndarray:
    """Index blobs back into a signature matrix; raise ``ValueError`` if any is damaged."""
    data = b"".join(blobs)
    if len(data) != len(blobs) * NUM_PERM * 4:
        raise ValueError("a stored sketch has the wrong length")
    return np.frombuffer(data, dtype="<u4").reshape(len(blobs), NUM_PERM)


def estimate(signatures: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of each row of ``signatures`` with ``query``."""
    return (signatures == query).mean(axis=1)
