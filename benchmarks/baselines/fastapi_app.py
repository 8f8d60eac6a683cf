"""Baseline 2: FastAPI + the pickled scikit-learn pipeline.

Served by uvicorn with 2 workers (from benchmarks/baselines):
    uvicorn fastapi_app:app --workers 2 --host 127.0.0.1 --port 8083 --no-access-log
"""
from __future__ import annotations

import json

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from model import load_bundle

bundle = load_bundle()
pipeline = bundle["pipeline"]
MODEL_DATE = bundle["model_date"]

app = FastAPI()


@app.post("/api/american")
async def american(request: Request):
    # Like Flask's get_json(force=True): the body is JSON whatever the
    # Content-Type says (our API does not require the header either).
    try:
        payload = json.loads(await request.body())
    except ValueError:
        return JSONResponse({"error": "malformed_json", "message": "The body is not JSON."}, status_code=400)
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str):
        return JSONResponse({"error": "missing_text", "message": "The field text is missing."}, status_code=400)
    # The prediction is short and CPU-bound: it runs on the event loop (an
    # `async def` route) rather than paying a thread-pool hop per request.
    return {"is_american": int(pipeline.predict([text])[0]), "version": "fastapi", "model_date": MODEL_DATE}


@app.get("/readyz")
async def readyz() -> dict:
    return {"status": "ready"}
