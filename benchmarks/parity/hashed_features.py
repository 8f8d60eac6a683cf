"""Our hashed features rebuilt in Python, so that scikit-learn's learners can be
fitted on the inputs ours are fitted on (up to the differences listed below).

The parity table compares our learners on 2^19 + 2^20 signed hash buckets with
scikit-learn's on an exact vocabulary, which mixes two differences: the
features and the learner. Fitting LinearSVC, LogisticRegression(liblinear) and
NB-SVM on these rebuilt features isolates the learner.

Terms come from scikit-learn's own analyzers (the token pattern and char_wb
padding that our HashedAnalyzer reproduces); each term goes to the bucket and
sign our FeatureHash gives it (FNV-1a over the UTF-8 bytes of a word or the
Unicode scalars of a character n-gram, a word n-gram from its words' hashes,
MurmurHash3's 64-bit finaliser), and a tweet's value in a bucket is the signed
sum of its terms there, as our BucketCounts sums them. Min-df is decided per
term on the training rows (NgramFrequencies): a training tweet's buckets sum
its kept terms only (KeptNgramCounts), a test tweet's every term, as a served
tweet's do. Document frequencies of the buckets, the 8-bit idf, sublinear tf
and the per-block L2 norm follow HashedVectorizer; NB-SVM's blocks are the
same buckets binarised.

Checked once against a trained model file of ours (2026-12-01, before min-df
was decided per term; after it, issue12-linear.md compares the kept buckets'
counts and the accuracies, not the idf codes): 8 of the
1,572,864 idf codes differ, from tweets where Python and Swift lower-case
differently (Python splits "İ" into "i" and a combining dot, which ends a
token, and lower-cases a word-final "Σ" to "ς" where Swift gives "σ"), and
the rebuilt features with that model's weights give its test accuracy
exactly. Other differences: NB-SVM's ratios stay 64-bit here (ours are
16-bit codes, and a ratio that rounds to code 0 drops its bucket), and the
block sizes and min-df are the defaults of `american train`, written below.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp

MASK64 = (1 << 64) - 1
FNV_SEED = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
# `american train`'s defaults (RecommendedSettings, FeatureBlock): the parity run trains with them.
WORD_BUCKETS, CHAR_BUCKETS = 1 << 19, 1 << 20
MIN_DF = 2


def _finish(h: int) -> int:
    """MurmurHash3's finaliser (FeatureHash.finish)."""
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & MASK64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & MASK64
    return h ^ (h >> 33)


def _fnv(units) -> int:
    h = FNV_SEED
    for unit in units:
        h = ((h ^ unit) * FNV_PRIME) & MASK64
    return h


def _word_ngram_hash(words: list[str], cache: dict[str, int]) -> int:
    """FeatureHash.hash(ngramOf:) of the words' FeatureHash.hash(_:)."""
    h = ((FNV_SEED ^ len(words)) * FNV_PRIME) & MASK64
    for word in words:
        if word not in cache:
            cache[word] = _finish(_fnv(word.encode("utf-8")))
        w = cache[word]
        h = ((h ^ (w & 0xFFFFFFFF)) * FNV_PRIME) & MASK64
        h = ((h ^ (w >> 32)) * FNV_PRIME) & MASK64
    return _finish(h)


def _sign_matrix(terms: list[str], word_block: bool, buckets: int) -> sp.csr_matrix:
    """terms × buckets, ±1 where each term lands (FeatureHash.slot)."""
    cache: dict[str, int] = {}
    columns = np.empty(len(terms), dtype=np.int64)
    signs = np.empty(len(terms), dtype=np.float64)
    for j, term in enumerate(terms):
        h = _word_ngram_hash(term.split(" "), cache) if word_block else _finish(_fnv(ord(c) for c in term))
        columns[j], signs[j] = (h >> 1) % buckets, (1.0 if h & 1 == 0 else -1.0)
    return sp.csr_matrix((signs, (np.arange(len(terms)), columns)), shape=(len(terms), buckets))


def signed_counts(train_texts: list[str], test_texts: list[str]) -> list[tuple[sp.csr_matrix, sp.csr_matrix]]:
    """(train, test) signed bucket counts of the word 1-2-gram and char_wb 2-5-gram blocks:
    a training row's over the terms at least MIN_DF training rows have, a test row's over all its terms."""
    from sklearn.feature_extraction.text import CountVectorizer
    blocks = []
    for analyzer, word_block, buckets in ((CountVectorizer(ngram_range=(1, 2)), True, WORD_BUCKETS),
                                          (CountVectorizer(analyzer="char_wb", ngram_range=(2, 5)), False, CHAR_BUCKETS)):
        # Every term of both sets gets a column so that a test tweet's unseen
        # n-grams still land in their buckets, as they do when we hash them.
        terms = analyzer.fit_transform(list(train_texts) + list(test_texts)).tocsr().astype(np.float64)
        vocabulary = [""] * len(analyzer.vocabulary_)
        for term, j in analyzer.vocabulary_.items():
            vocabulary[j] = term
        signs = _sign_matrix(vocabulary, word_block, buckets)
        train, test = terms[:len(train_texts)], terms[len(train_texts):]
        kept = sp.diags((np.bincount(train.indices, minlength=train.shape[1]) >= MIN_DF).astype(np.float64))
        sides = []
        for side in (train @ kept, test):
            counts = (side @ signs).tocsr()
            counts.data = np.round(counts.data)
            counts.eliminate_zeros()
            sides.append(counts)
        blocks.append(tuple(sides))
    return blocks


def document_frequencies(train: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """The document frequency of each bucket on the training rows, and whether min-df keeps it."""
    frequency = np.bincount(train.indices, minlength=train.shape[1])
    return frequency, frequency >= MIN_DF


def _l2(x: sp.csr_matrix) -> sp.csr_matrix:
    from sklearn.preprocessing import normalize
    return normalize(x, norm="l2", axis=1)


def tfidf(blocks: list[tuple[sp.csr_matrix, sp.csr_matrix]]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """HashedVectorizer's rows: sublinear signed tf × 8-bit smooth idf, pruned
    buckets dropped, each block L2-normalised, blocks side by side."""
    n = blocks[0][0].shape[0]
    idf = []
    for train, _ in blocks:
        frequency, kept = document_frequencies(train)
        idf.append(np.where(kept, np.log((1 + n) / (1 + frequency)) + 1, 0).astype(np.float32))
    values = np.concatenate(idf)
    # Quantized<UInt8>: scale = largest / 255 in binary32, codes rounded half away from zero.
    scale = np.float32(values.max() / np.float32(255))
    quantized = (np.floor(values / scale + np.float32(0.5)).astype(np.float32) * scale).astype(np.float64)
    sides, start = ([], []), 0
    for train, test in blocks:
        weights = sp.diags(quantized[start:start + train.shape[1]])
        for side, counts in zip(sides, (train, test)):
            tf = counts.copy()
            tf.data = np.sign(tf.data) * (1 + np.log(np.abs(tf.data)))
            weighed = (tf @ weights).tocsr()
            weighed.eliminate_zeros()
            side.append(_l2(weighed))
        start += train.shape[1]
    return sp.hstack(sides[0]).tocsr(), sp.hstack(sides[1]).tocsr()


def binary_blocks(blocks: list[tuple[sp.csr_matrix, sp.csr_matrix]]) -> tuple[list[sp.csr_matrix], list[sp.csr_matrix]]:
    """NB-SVM's inputs: 1 where a tweet fills a bucket, over the buckets min-df
    keeps only (our log-count ratios and their norms are over those)."""
    train_parts, test_parts = [], []
    for train, test in blocks:
        _, kept = document_frequencies(train)
        for parts, counts in ((train_parts, train), (test_parts, test)):
            parts.append(abs(counts[:, np.flatnonzero(kept)]).sign().tocsr())
    return train_parts, test_parts
