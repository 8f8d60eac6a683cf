#!/usr/bin/env python3
"""Writes the sentences of the project's own Markdown docs as a labelled CSV (text,country_code):
text that is neither about COVID-19 nor from 2020, which a model trained on March-April 2020
tweets has not seen (the drifted traffic of scripts/observability-test.sh).

    python3 scripts/lib/docs_sentences.py OUT.csv
"""
import csv
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]


def paragraphs(path: pathlib.Path) -> list[str]:
    """The prose paragraphs of a Markdown file (code blocks, tables, headings and indented lines left out)."""
    found, current, inside_code = [], [], False
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("```"):
            inside_code = not inside_code
        if inside_code or not line.strip() or line.startswith(("|", "#", "    ", "```")):
            if current:
                found.append(" ".join(current))
            current = []
        else:
            current.append(line.strip())
    return found


def sentences() -> list[str]:
    found = []
    for path in sorted([ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("deploy/**/*.md")]):
        for paragraph in paragraphs(path):
            plain = re.sub(r"`[^`]*`|\[([^\]]*)\]\([^)]*\)|[*_>]", lambda m: m.group(1) or "", paragraph)
            found += [s for s in re.split(r"(?<=[.!?:;])\s+", plain) if len(s.split()) >= 6]
    return found


def main() -> int:
    rows = sentences()
    with open(sys.argv[1], "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["text", "country_code"])
        writer.writerows([text, "US" if i % 2 else "GB"] for i, text in enumerate(rows))
    print(f"{len(rows)} sentences of the docs written to {sys.argv[1]}")
    return 0 if len(rows) >= 200 else 1


if __name__ == "__main__":
    sys.exit(main())
