"""Loads the pickled scikit-learn pipeline for the baseline servers.

The path comes from SKLEARN_MODEL (default benchmarks/out/sklearn_pipeline.pkl,
made by train_pickle.py).
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "out" / "sklearn_pipeline.pkl"


def load_bundle() -> dict:
    path = Path(os.environ.get("SKLEARN_MODEL") or DEFAULT_PATH)
    with open(path, "rb") as fh:
        return pickle.load(fh)
