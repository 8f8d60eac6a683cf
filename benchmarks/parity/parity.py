#!/usr/bin/env python3
"""Accuracy and training-time parity between scikit-learn and `american train`.

1. Fits the course's pipeline, Pipeline([CountVectorizer(stop_words="english"),
   TfidfTransformer(), MultinomialNB()]), on training.csv (median of --runs fits)
   and scores it on test.csv.
2. Runs our `american train --model nb --ngram-max 1 --min-df 1` (the
   scikit-learn-equivalent settings) and our best model (`--model logreg`, the
   defaults) on the same files, --runs times each, and reads `train_seconds`
   from `--json` plus the wall clock of the whole process.
3. Does the same on a 10,000-tweet set: training.csv (7,499 rows) plus the first
   2,501 usable rows of corona-nlp-geolabelled.csv, written to a temporary
   `text;country_code` CSV.

Prints a table and exits 1 when our NB accuracy differs from scikit-learn's by
more than 0.5 points (the acceptance rule), 2 when our binary cannot be run.

Usage (from anywhere; paths are relative to the repo root):
    benchmarks/.venv/bin/python benchmarks/parity/parity.py [--runs 5] [--json-out F] [--markdown-out F]
Environment: AMERICAN_BIN (default .build-release/release/american), SHARED_DIR.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import tweets  # noqa: E402

ACCEPTANCE_POINTS = 0.5
TEN_K = 10_000

OUR_MODELS = {
    # label: extra arguments of `american train`
    "nb": ["--model", "nb", "--ngram-max", "1", "--min-df", "1"],
    "logreg": ["--model", "logreg"],
}


# Options beyond the product contract that, when our `train` has them, pin the
# remaining scikit-learn defaults explicitly (token pattern, English stop words,
# raw counts, alpha=1.0) for the NB run.
SKLEARN_EQUIVALENT_FLAGS = [
    ("--tokenizer", ["--tokenizer", "sklearn"]),
    ("--stop-words", ["--stop-words", "english"]),
    ("--no-sublinear-tf", ["--no-sublinear-tf"]),
    ("--alpha", ["--alpha", "1"]),
]


def add_equivalent_flags(binary: Path) -> None:
    done = subprocess.run([str(binary), "train", "--help"], capture_output=True, text=True, timeout=60)
    help_text = done.stdout + done.stderr
    for flag, arguments in SKLEARN_EQUIVALENT_FLAGS:
        if flag in help_text:
            OUR_MODELS["nb"].extend(arguments)


def sklearn_run(train: tuple[list[str], list[int]], test: tuple[list[str], list[int]], runs: int) -> dict:
    from sklearn.metrics import accuracy_score

    tweets.course_pipeline().fit(*train)  # warm-up (imports, caches), not timed
    fits = []
    pipeline = None
    for _ in range(runs):
        pipeline = tweets.course_pipeline()
        start = time.perf_counter()
        pipeline.fit(*train)
        fits.append(time.perf_counter() - start)
    start = time.perf_counter()
    predicted = pipeline.predict(test[0])
    predict_seconds = time.perf_counter() - start
    return {
        "fit_seconds_median": statistics.median(fits),
        "fit_seconds_min": min(fits),
        "fit_seconds_all": fits,
        "predict_seconds": predict_seconds,
        "predict_rows": len(test[0]),
        "accuracy": float(accuracy_score(test[1], predicted)),
        "vocabulary_size": len(pipeline.named_steps["counts"].vocabulary_),
        "rows_used": len(train[0]),
    }


def american_bin() -> Path:
    return Path(os.environ.get("AMERICAN_BIN") or tweets.REPO_ROOT / ".build-release/release/american")


def last_json_object(stdout: str) -> dict:
    for line in reversed(stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{") and line.endswith("}"):
            return json.loads(line)
    raise ValueError("no JSON object on stdout")


def ours_run(binary: Path, train_csv: Path, test_csv: Path, extra: list[str], runs: int, workdir: Path) -> dict:
    model_out = workdir / f"parity-{os.getpid()}.model.json"
    command = [str(binary), "train", "--data", tweets.rel(train_csv), "--test", tweets.rel(test_csv),
               *extra, "--out", str(model_out), "--json"]
    walls, trains, summary = [], [], {}
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=tweets.REPO_ROOT, capture_output=True, text=True, timeout=900)
        walls.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(f"`{' '.join(command)}` exited {done.returncode}: {done.stderr.strip()[-800:]}")
        summary = last_json_object(done.stdout)
        trains.append(float(summary["train_seconds"]))
    model_bytes = model_out.stat().st_size if model_out.exists() else None
    model_out.unlink(missing_ok=True)
    return {
        "command": " ".join(["american", *command[1:-3], "--json"]),
        "train_seconds_median": statistics.median(trains),
        "train_seconds_all": trains,
        "wall_seconds_median": statistics.median(walls),
        "wall_seconds_all": walls,
        "accuracy": summary.get("test_accuracy"),
        "vocabulary_size": summary.get("vocabulary_size"),
        "rows_used": summary.get("rows_used"),
        "rows_skipped": summary.get("rows_skipped"),
        "model_kind": summary.get("model_kind"),
        "model_bytes": model_bytes,
    }


def ten_k_set(path: Path) -> tuple[list[str], list[int]]:
    texts, _ = tweets.load(tweets.data_path("training.csv"))
    codes = [row["country_code"].strip() for row in tweets.read_rows(tweets.data_path("training.csv"))
             if (row.get("text") or "").strip() and (row.get("country_code") or "").strip()]
    extra_texts, extra_codes = [], []
    for row in tweets.read_rows(tweets.data_path("corona-nlp-geolabelled.csv")):
        text, code = (row.get("text") or ""), (row.get("country_code") or "").strip()
        if text.strip() and code:
            extra_texts.append(text)
            extra_codes.append(code)
        if len(texts) + len(extra_texts) >= TEN_K:
            break
    all_texts, all_codes = texts + extra_texts, codes + extra_codes
    tweets.write_csv(path, all_texts, all_codes)
    return all_texts, [1 if c == "US" else 0 for c in all_codes]


def fmt(value, pattern="{:.3f}", missing="n/a") -> str:
    return missing if value is None else pattern.format(value)


def table(results: dict) -> str:
    lines = []
    for set_name, block in results["sets"].items():
        sk = block["sklearn"]
        lines.append(f"\n**{block['title']}** (train rows used: scikit-learn {sk['rows_used']}"
                     + "".join(f", ours {k} {v['rows_used']}" for k, v in block["ours"].items() if v.get("rows_used") is not None)
                     + ")\n")
        lines.append("| model | test accuracy | train seconds (fit / train_seconds, median) | wall seconds (whole process, median) | sklearn fit ÷ ours (train_seconds) | sklearn fit ÷ ours (wall) |")
        lines.append("|---|---|---|---|---|---|")
        lines.append(f"| scikit-learn CountVectorizer(stop_words=english)+Tfidf+MultinomialNB | {fmt(sk['accuracy'])} | {fmt(sk['fit_seconds_median'], '{:.4f}')} | – | 1.0× | – |")
        for kind, ours in block["ours"].items():
            if "error" in ours:
                lines.append(f"| ours `{kind}` | n/a | n/a | n/a | n/a | n/a |")
                continue
            t, w = ours["train_seconds_median"], ours["wall_seconds_median"]
            lines.append(
                f"| ours `{ours['command']}` "
                f"| {fmt(ours['accuracy'])} | {fmt(t, '{:.4f}')} | {fmt(w, '{:.4f}')} "
                f"| {fmt(sk['fit_seconds_median'] / t if t else None, '{:.2f}×')} "
                f"| {fmt(sk['fit_seconds_median'] / w if w else None, '{:.2f}×')} |")
        errors = [f"- ours `{k}`: {v['error']}" for k, v in block["ours"].items() if "error" in v]
        if errors:
            lines.append("\n" + "\n".join(errors))
    verdict = results["acceptance"]
    lines.append(f"\nAcceptance (|ours NB − scikit-learn| ≤ {ACCEPTANCE_POINTS} accuracy points on test.csv): "
                 f"**{verdict['verdict']}** ({verdict['detail']})")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="fits per model (median reported); default 5")
    parser.add_argument("--skip-10k", action="store_true", help="skip the 10,000-tweet training-time set")
    parser.add_argument("--json-out", type=Path, help="also write the results as JSON here")
    parser.add_argument("--markdown-out", type=Path, help="also write the table as Markdown here")
    args = parser.parse_args()

    train_csv, test_csv = tweets.data_path("training.csv"), tweets.data_path("test.csv")
    binary = american_bin()
    test = tweets.load(test_csv)
    results: dict = {"american_bin": tweets.rel(binary), "runs": args.runs, "sets": {}}

    with tempfile.TemporaryDirectory(prefix="american-parity-") as tmp:
        workdir = Path(tmp)
        sets = [("train", "training.csv (7,499 tweets) → test.csv (1,000 tweets)", train_csv, tweets.load(train_csv))]
        if not args.skip_10k:
            # Kept under benchmarks/out/ (git-ignored) so that reports show a repo-relative path.
            tweets.OUT_DIR.mkdir(parents=True, exist_ok=True)
            ten_k_csv = tweets.OUT_DIR / "train-10k.csv"
            sets.append(("10k", "10,000 tweets (training.csv + first 2,501 rows of corona-nlp-geolabelled.csv) → test.csv",
                         ten_k_csv, ten_k_set(ten_k_csv)))
        binary_ok = binary.is_file() and os.access(binary, os.X_OK)
        if binary_ok:
            add_equivalent_flags(binary)
        for key, title, csv_path, train in sets:
            print(f"[parity] {title}: scikit-learn, {args.runs} fits ...", file=sys.stderr, flush=True)
            block = {"title": title, "sklearn": sklearn_run(train, test, args.runs), "ours": {}}
            for kind, extra in OUR_MODELS.items():
                if not binary_ok:
                    block["ours"][kind] = {"error": f"binary {tweets.rel(binary)} not found (set AMERICAN_BIN or build it)"}
                    continue
                print(f"[parity] {title}: ours {kind}, {args.runs} runs ...", file=sys.stderr, flush=True)
                try:
                    block["ours"][kind] = ours_run(binary, csv_path, test_csv, extra, args.runs, workdir)
                except Exception as error:  # report and go on: the table says what is missing
                    block["ours"][kind] = {"error": str(error)}
            results["sets"][key] = block

    sk_acc = results["sets"]["train"]["sklearn"]["accuracy"]
    ours_nb = results["sets"]["train"]["ours"]["nb"]
    if "error" in ours_nb or ours_nb.get("accuracy") is None:
        verdict = {"verdict": "NOT CHECKED", "passed": None,
                   "detail": ours_nb.get("error", "no test_accuracy in our JSON"), "exit": 2}
    else:
        gap = (float(ours_nb["accuracy"]) - sk_acc) * 100
        passed = abs(gap) <= ACCEPTANCE_POINTS
        verdict = {"verdict": "PASS" if passed else "FAIL", "passed": passed, "gap_points": gap,
                   "detail": f"ours {float(ours_nb['accuracy']):.4f} vs scikit-learn {sk_acc:.4f}, gap {gap:+.2f} points",
                   "exit": 0 if passed else 1}
    results["acceptance"] = verdict

    markdown = table(results)
    print(markdown)
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(results, indent=2) + "\n")
    if args.markdown_out:
        args.markdown_out.parent.mkdir(parents=True, exist_ok=True)
        args.markdown_out.write_text(markdown + "\n")
    return verdict["exit"]


if __name__ == "__main__":
    sys.exit(main())
