"""Baseline 1, the seed's stack: Flask + the pickled scikit-learn pipeline.

Served by gunicorn with 2 workers (from benchmarks/baselines):
    gunicorn -w 2 -b 127.0.0.1:8082 flask_app:app
"""
from __future__ import annotations

from flask import Flask, jsonify, request

from model import load_bundle

bundle = load_bundle()
pipeline = bundle["pipeline"]
MODEL_DATE = bundle["model_date"]

app = Flask(__name__)


@app.post("/api/american")
def american():
    payload = request.get_json(force=True, silent=True)
    if not isinstance(payload, dict):
        return jsonify(error="malformed_json", message="The body is not a JSON object."), 400
    text = payload.get("text")
    if not isinstance(text, str):
        return jsonify(error="missing_text", message="The field text is missing."), 400
    is_american = int(pipeline.predict([text])[0])
    return jsonify(is_american=is_american, version="flask", model_date=MODEL_DATE)


@app.get("/readyz")
def readyz():
    return jsonify(status="ready")
