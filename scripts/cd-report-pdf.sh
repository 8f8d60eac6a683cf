#!/usr/bin/env bash
# Render docs/cd-report.md to docs/cd-report.pdf: Markdown -> one standalone HTML file
# (Python-Markdown, CSS inline, every local SVG/PNG figure embedded as a data: URI) ->
# PDF with headless Chromium's --print-to-pdf.
#
#   bash scripts/cd-report-pdf.sh [--setup] [--html-only] [--out docs/cd-report.pdf]
#
#   --setup      create the Python virtual environment with `markdown` (PyPI) first
#                (the only step that uses the network; the rendering itself does not)
#   --html-only  write the HTML (next to the PDF, .html) and stop
# Env: CD_REPORT_VENV (default ${TMPDIR:-/tmp}/cd-report-venv), CHROMIUM (default chromium).
#
# Rendering loads nothing from the network: the page carries a Content-Security-Policy
# that allows only inline styles and data: images, and Chromium runs with every host
# name mapped to nothing. Needs: python3, Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${CD_REPORT_VENV:-${TMPDIR:-/tmp}/cd-report-venv}"
CHROMIUM="${CHROMIUM:-chromium}"
SRC=docs/cd-report.md
OUT=docs/cd-report.pdf
SETUP=0
HTML_ONLY=0
while [ $# -gt 0 ]; do
    case "$1" in
        --setup) SETUP=1; shift ;;
        --html-only) HTML_ONLY=1; shift ;;
        --out) OUT="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "cd-report-pdf: unknown argument: $1" >&2; exit 2 ;;
    esac
done

if [ "$SETUP" = 1 ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'markdown>=3.5,<4'
fi
PY="$VENV/bin/python"
if ! [ -x "$PY" ] || ! "$PY" -c 'import markdown' 2>/dev/null; then
    if python3 -c 'import markdown' 2>/dev/null; then
        PY=python3
    else
        echo "cd-report-pdf: the Python package 'markdown' is missing; run once with --setup" >&2
        exit 2
    fi
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cd-report-pdf.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
HTML="$WORK/cd-report.html"

"$PY" - "$SRC" "$HTML" <<'PYTHON'
import base64, html, os, re, sys
import markdown

src, out = sys.argv[1], sys.argv[2]
base = os.path.dirname(os.path.abspath(src))
with open(src, encoding="utf-8") as f:
    text = f.read()

body = markdown.markdown(
    text,
    extensions=["tables", "fenced_code", "sane_lists", "attr_list", "toc"],
    extension_configs={"toc": {"permalink": False}, "tables": {"use_align_attribute": True}},
    output_format="html",
)

MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}

def embed(match):
    before, src_attr, after = match.group(1), match.group(2), match.group(3)
    if re.match(r"^[a-z]+:", src_attr):
        raise SystemExit(f"cd-report-pdf: remote or non-file image not allowed: {src_attr}")
    path = os.path.normpath(os.path.join(base, html.unescape(src_attr)))
    ext = os.path.splitext(path)[1].lower()
    if ext not in MIME:
        raise SystemExit(f"cd-report-pdf: unsupported image type: {src_attr}")
    with open(path, "rb") as f:
        data = base64.b64encode(f.read()).decode("ascii")
    return f'<img{before}src="data:{MIME[ext]};base64,{data}"{after}>'

body = re.sub(r'<img([^>]*?)src="([^"]+)"([^>]*)>', embed, body)
# A paragraph that holds only an image is a figure; its alt text is the caption.
body = re.sub(
    r'<p>(<img[^>]*alt="([^"]*)"[^>]*>)</p>',
    lambda m: f'<figure>{m.group(1)}<figcaption>{m.group(2)}</figcaption></figure>',
    body,
)
# Links to other files of the repository cannot be followed from a PDF: keep the text,
# drop the link (http(s) links and #anchors stay).
body = re.sub(r'<a href="(?!https?:|#)[^"]*">(.*?)</a>', r'<span class="file">\1</span>', body)

# Short right-aligned cells (numbers, ranges) stay on one line.
def right_cell(match):
    attrs, content = match.group(1), match.group(2)
    extra = ' class="nw"' if len(re.sub(r"<[^>]+>", "", content)) <= 20 else ""
    return f'<td align="right"{attrs}{extra}>{content}</td>'
body = re.sub(r'<td align="right"([^>]*)>(.*?)</td>', right_cell, body, flags=re.S)
# Small tables are not split across pages.
body = re.sub(r"<table>(.*?)</table>",
              lambda m: ('<table class="keep">' if m.group(1).count("<tr>") <= 8 else "<table>") + m.group(1) + "</table>",
              body, flags=re.S)

title = re.search(r"<h1[^>]*>(.*?)</h1>", body)
title = re.sub(r"<[^>]+>", "", title.group(1)) if title else "CD report"

CSS = """
@page { size: A4; margin: 16mm 15mm 16mm 15mm; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.6pt;
       line-height: 1.42; color: #1f2328; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; padding: 0 2pt 0 1pt; }
h1 { font-size: 19pt; margin: 0 0 4pt 0; border-bottom: 2px solid #1f6feb; padding-bottom: 4pt; }
h2 { font-size: 13.5pt; margin: 16pt 0 5pt 0; border-bottom: 1px solid #d0d7de; padding-bottom: 2pt;
     break-after: avoid; }
h3 { font-size: 11pt; margin: 11pt 0 4pt 0; break-after: avoid; }
/* A paragraph that introduces a code block or a table stays with it. */
p:has(+ pre), p:has(+ table) { break-after: avoid; }
p, ul, ol { margin: 4pt 0 6pt 0; }
li { margin: 1pt 0; }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8.4pt;
       background: #f3f4f6; padding: 0 2px; border-radius: 3px; overflow-wrap: anywhere; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: 6pt 8pt;
      white-space: pre-wrap; overflow-wrap: anywhere; break-inside: avoid; margin: 5pt 0 8pt 0; }
pre code { background: none; padding: 0; font-size: 8pt; line-height: 1.35; }
table { border-collapse: collapse; width: 100%; margin: 5pt 0 9pt 0; font-size: 8.7pt; break-inside: auto; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #d0d7de; padding: 2.5pt 5pt; vertical-align: top; text-align: left; }
th { background: #f0f3f6; }
td[align="right"], th[align="right"] { text-align: right; }
td.nw { white-space: nowrap; }
table.keep { break-inside: avoid; }
tr:nth-child(even) td { background: #fafbfc; }
figure { margin: 6pt 0 10pt 0; break-inside: avoid; text-align: center; }
figure img { max-width: 100%; border: 1px solid #d0d7de; }
figcaption { font-size: 8.4pt; color: #57606a; margin-top: 2pt; }
blockquote { margin: 6pt 0; padding: 3pt 10pt; border-left: 3px solid #bf8700; background: #fff8c5; }
blockquote p { margin: 2pt 0; }
a { color: #0969da; text-decoration: none; }
span.file { font-style: normal; }
hr { border: 0; border-top: 1px solid #d0d7de; margin: 10pt 0; }
strong { font-weight: 700; }
"""

page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{html.escape(title)}</title>
<style>{CSS}</style></head>
<body>
{body}
</body></html>
"""
with open(out, "w", encoding="utf-8") as f:
    f.write(page)
PYTHON

if [ "$HTML_ONLY" = 1 ]; then
    cp "$HTML" "${OUT%.pdf}.html"
    echo "wrote ${OUT%.pdf}.html"
    exit 0
fi

mkdir -p "$(dirname "$OUT")"
OUT_ABS="$(cd "$(dirname "$OUT")" && pwd)/$(basename "$OUT")"
# --no-sandbox: root in a container has no user namespaces for Chromium's sandbox; the
# page is our own, has a CSP and no network.
"$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-extensions \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --no-default-browser-check --mute-audio \
    --host-resolver-rules='MAP * ~NOTFOUND' \
    --user-data-dir="$WORK/profile" \
    --no-pdf-header-footer --run-all-compositor-stages-before-draw \
    --print-to-pdf="$OUT_ABS" "file://$HTML" >"$WORK/chromium.log" 2>&1 || {
    tail -20 "$WORK/chromium.log" >&2
    echo "cd-report-pdf: chromium failed" >&2
    exit 1
}
[ -s "$OUT_ABS" ] || { tail -20 "$WORK/chromium.log" >&2; echo "cd-report-pdf: no PDF written" >&2; exit 1; }
echo "wrote $OUT ($(wc -c <"$OUT_ABS") bytes)"
