#!/usr/bin/env python3
"""Fits the course's scikit-learn pipeline on training.csv and pickles it for the
baseline servers (the seed's stack): benchmarks/out/sklearn_pipeline.pkl.

Usage: benchmarks/.venv/bin/python benchmarks/baselines/train_pickle.py [--data CSV] [--out PKL]
"""
from __future__ import annotations

import argparse
import datetime as dt
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import tweets  # noqa: E402

DEFAULT_OUT = tweets.OUT_DIR / "sklearn_pipeline.pkl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=tweets.data_path("training.csv"))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    import sklearn

    texts, labels = tweets.load(args.data)
    pipeline = tweets.course_pipeline()
    start = time.perf_counter()
    pipeline.fit(texts, labels)
    seconds = time.perf_counter() - start
    bundle = {
        "pipeline": pipeline,
        "model_date": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "sklearn_version": sklearn.__version__,
        "rows": len(texts),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as fh:
        pickle.dump(bundle, fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"train_pickle: fitted on {len(texts)} rows in {seconds:.3f} s -> {tweets.rel(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
