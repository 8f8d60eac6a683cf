"""Shared helpers for the benchmark scripts: the data sets and the course's pipeline.

Data files are `;`-separated with a header row; the label is 1 when
`country_code == "US"`. Fields may be quoted and hold newlines, so they are read
with the csv module (never split on lines).
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "benchmarks"
OUT_DIR = BENCH_DIR / "out"

csv.field_size_limit(1 << 30)


def shared_dir() -> Path:
    """`$SHARED_DIR`, default `<repo root>/../shared`."""
    return Path(os.environ.get("SHARED_DIR") or REPO_ROOT.parent / "shared")


def data_path(name: str) -> Path:
    return shared_dir() / "data" / name


def rel(path: Path | str) -> str:
    """A path as printed in reports: relative to the repo root when possible."""
    p = os.path.abspath(path)  # not resolve(): keep symlinks such as .build-release/release
    try:
        return os.path.relpath(p, REPO_ROOT)
    except ValueError:
        return str(path)


def read_rows(path: Path | str, limit: int | None = None) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = []
        for row in csv.DictReader(fh, delimiter=";"):
            rows.append(row)
            if limit is not None and len(rows) >= limit:
                break
        return rows


def load(path: Path | str, limit: int | None = None) -> tuple[list[str], list[int]]:
    """(texts, labels) of the rows that have a text and a country code."""
    texts, labels = [], []
    for row in read_rows(path):
        text, country = row.get("text") or "", row.get("country_code") or ""
        if not text.strip() or not country.strip():
            continue
        texts.append(text)
        labels.append(1 if country.strip() == "US" else 0)
        if limit is not None and len(texts) >= limit:
            break
    return texts, labels


def write_csv(path: Path | str, texts: list[str], labels_or_codes: list) -> None:
    """Writes a minimal `text;country_code` file (quoted where needed)."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        w.writerow(["text", "country_code"])
        for text, code in zip(texts, labels_or_codes):
            if isinstance(code, int):
                code = "US" if code == 1 else "XX"
            w.writerow([text, code])


def course_pipeline():
    """The course's suggested model, the reference to match and to beat."""
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import Pipeline

    return Pipeline([
        ("counts", CountVectorizer(stop_words="english")),
        ("tfidf", TfidfTransformer()),
        ("nb", MultinomialNB()),
    ])
