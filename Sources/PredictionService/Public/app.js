// American Predictor web page: plain JavaScript, no build step, no external resources.
// Talks to the service on the same origin: GET version, POST api/american/explain.
"use strict";

(function () {
  const REQUEST_TIMEOUT_MS = 15000;
  const MAX_FEATURES = 10;

  const $ = (id) => document.getElementById(id);
  const form = $("predict-form");
  const tweet = $("tweet");
  const predictButton = $("predict");
  const clearButton = $("clear");
  const charCount = $("char-count");
  const errorBox = $("error");
  const result = $("result");
  const verdict = $("verdict");
  const probability = $("probability");
  const probabilityFill = $("probability-fill");
  const probabilityMeter = $("probability-meter");
  const highlighted = $("highlighted");
  const features = $("features");
  const noFeatures = $("no-features");
  const modelVersion = $("model-version");
  const modelDate = $("model-date");
  const modelKind = $("model-kind");
  const modelKindWrap = $("model-kind-wrap");

  let inflight = null; // AbortController of the current request
  let requestSeq = 0;

  // ---------- HTTP ----------

  class ApiError extends Error {
    constructor(title, detail, code, status) {
      super(detail ? `${title} ${detail}` : title);
      this.title = title;
      this.detail = detail || "";
      this.code = code || "";
      this.status = status || 0;
    }
  }

  const FRIENDLY = {
    model_not_loaded: "The model is not loaded yet.",
    not_ready: "The service is not ready yet.",
    payload_too_large: "That text is too long for the service.",
    missing_text: "The request had no text.",
    invalid_text: "The service could not use this text.",
    malformed_json: "The service could not read the request.",
    too_many_texts: "Too many texts in one request.",
    not_found: "The service does not know this address.",
    method_not_allowed: "The service refused this kind of request.",
  };

  function titleForStatus(status) {
    if (status === 503) return "The service is unavailable right now.";
    if (status === 413) return FRIENDLY.payload_too_large;
    if (status === 429) return "Too many requests.";
    if (status >= 500) return "The service had a problem.";
    if (status >= 400) return "The service rejected the request.";
    return "Unexpected answer from the service.";
  }

  async function requestJSON(path, options) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort("timeout"), REQUEST_TIMEOUT_MS);
    const outer = options && options.signal;
    if (outer) outer.addEventListener("abort", () => controller.abort("superseded"), { once: true });
    let response;
    try {
      response = await fetch(path, {
        ...options,
        signal: controller.signal,
        headers: { Accept: "application/json", ...(options && options.headers) },
        cache: "no-store",
      });
    } catch (err) {
      clearTimeout(timer);
      if (outer && outer.aborted) throw err; // superseded by a newer request: stay quiet
      if (controller.signal.aborted) {
        throw new ApiError("The service took too long to answer.", "Please try again in a moment.", "timeout");
      }
      throw new ApiError("Could not reach the prediction service.",
        "Check your connection or that the service is running, then try again.", "network_error");
    }
    clearTimeout(timer);

    const text = await response.text().catch(() => "");
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }

    if (!response.ok) {
      const code = data && typeof data.error === "string" ? data.error : "";
      const serverMessage = data && typeof data.message === "string" ? data.message : "";
      const title = FRIENDLY[code] || titleForStatus(response.status);
      let detail = serverMessage || `HTTP ${response.status}${response.statusText ? " " + response.statusText : ""}.`;
      if (response.status === 503 && !/try again/i.test(detail)) detail += " Try again in a few seconds.";
      throw new ApiError(title, detail, code || `http_${response.status}`, response.status);
    }
    if (data === null || typeof data !== "object") {
      throw new ApiError("Unexpected answer from the service.", "The response was not valid JSON.", "bad_response", response.status);
    }
    return data;
  }

  // ---------- error display ----------

  function showError(err) {
    errorBox.replaceChildren();
    const title = document.createElement("strong");
    title.className = "error-title";
    title.textContent = err.title || "Something went wrong.";
    const body = document.createElement("span");
    body.className = "error-body";
    if (err.detail) {
      const detail = document.createElement("span");
      detail.className = "error-detail";
      detail.textContent = err.detail;
      body.append(title, detail);
    } else {
      body.append(title);
    }
    if (err.code && err.status) {
      const code = document.createElement("span");
      code.className = "error-code";
      code.textContent = `${err.status} · ${err.code}`;
      body.append(code);
    }
    errorBox.append(body);
    errorBox.dataset.code = err.code || "";
    errorBox.hidden = false;
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.replaceChildren();
    delete errorBox.dataset.code;
    tweet.removeAttribute("aria-invalid");
  }

  // ---------- model info (footer) ----------

  function formatDate(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return String(iso);
    const pad = (n) => String(n).padStart(2, "0");
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
      `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  }

  function setModelInfo(info) {
    if (!info) return;
    if (typeof info.version === "string" && info.version) modelVersion.textContent = info.version;
    if (typeof info.model_date === "string" && info.model_date) {
      modelDate.textContent = formatDate(info.model_date);
      modelDate.dateTime = info.model_date;
    }
    if (typeof info.model_kind === "string" && info.model_kind) {
      modelKind.textContent = info.model_kind;
      modelKindWrap.hidden = false;
    }
    if (typeof info.model_sha256 === "string" && info.model_sha256) {
      modelVersion.title = `model sha256 ${info.model_sha256}`;
    }
  }

  async function loadVersion() {
    try {
      const info = await requestJSON("version", { method: "GET" });
      setModelInfo(info);
      if (info.model_date === null || info.model_date === undefined) modelDate.textContent = "no model loaded";
    } catch (_) {
      modelVersion.textContent = "unavailable";
      modelDate.textContent = "unknown";
    }
  }

  // ---------- rendering ----------

  const formatPercent = (p) => `${(Math.min(1, Math.max(0, p)) * 100).toFixed(1)}%`;
  const formatSigned = (x) => (x >= 0 ? "+" : "\u2212") + Math.abs(x).toFixed(2);

  // URLs are left alone; words may start with # or @ and contain inner apostrophes.
  const SEGMENT_RE = /(https?:\/\/\S+|www\.\S+)|([#@]?[\p{L}\p{N}_]+(?:['\u2019][\p{L}\p{N}_]+)*)/gu;
  const PART_RE = /[\p{L}\p{N}_]+/gu;

  function lookup(map, word) {
    const lower = word.toLowerCase().replace(/\u2019/g, "'");
    if (map.has(lower)) return lower;
    if (/^[#@]/.test(lower) && map.has(lower.slice(1))) return lower.slice(1);
    return null;
  }

  function tokenSpan(word, token, contribution, scale) {
    const span = document.createElement("span");
    const positive = contribution >= 0;
    span.className = `tok ${positive ? "tok-pos" : "tok-neg"}`;
    const w = scale > 0 ? Math.min(1, Math.abs(contribution) / scale) : 0;
    span.style.setProperty("--w", w.toFixed(3));
    span.dataset.token = token;
    span.dataset.contribution = String(contribution);
    span.title = `${token}: ${formatSigned(contribution)} (${positive ? "toward" : "away from"} American)`;
    span.textContent = word;
    return span;
  }

  function renderHighlight(text, tokens) {
    const unigrams = new Map();
    for (const t of tokens) {
      if (!t.token.includes(" ")) unigrams.set(t.token.toLowerCase(), t.contribution);
    }
    const scale = Math.max(0, ...[...unigrams.values()].map(Math.abs));
    const frag = document.createDocumentFragment();
    let last = 0;
    const plain = (s) => { if (s) frag.append(document.createTextNode(s)); };

    for (const m of text.matchAll(SEGMENT_RE)) {
      plain(text.slice(last, m.index));
      last = m.index + m[0].length;
      const word = m[0];
      if (m[1]) { plain(word); continue; } // URL
      const hit = lookup(unigrams, word);
      if (hit !== null) { frag.append(tokenSpan(word, hit, unigrams.get(hit), scale)); continue; }
      if (/['\u2019]/.test(word) || /^[#@]/.test(word)) {
        // e.g. the model split "don't" into "don" and "t": highlight the parts it knows.
        let inner = 0;
        for (const p of word.matchAll(PART_RE)) {
          plain(word.slice(inner, p.index));
          inner = p.index + p[0].length;
          const partHit = lookup(unigrams, p[0]);
          if (partHit !== null) frag.append(tokenSpan(p[0], partHit, unigrams.get(partHit), scale));
          else plain(p[0]);
        }
        plain(word.slice(inner));
        continue;
      }
      plain(word);
    }
    plain(text.slice(last));
    highlighted.replaceChildren(frag);
  }

  function renderFeatures(tokens) {
    const top = [...tokens].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, MAX_FEATURES);
    const scale = Math.max(0, ...top.map((t) => Math.abs(t.contribution)));
    features.replaceChildren(...top.map((t) => {
      const li = document.createElement("li");
      const positive = t.contribution >= 0;
      li.className = `feature ${positive ? "feature-pos" : "feature-neg"}`;
      li.title = `${t.token}: ${formatSigned(t.contribution)} (${positive ? "toward" : "away from"} American)`;

      const name = document.createElement("span");
      name.className = "feature-token";
      name.textContent = t.token;

      const bar = document.createElement("span");
      bar.className = "feature-bar";
      bar.setAttribute("aria-hidden", "true");
      const fill = document.createElement("span");
      fill.style.width = `${scale > 0 ? (Math.abs(t.contribution) / scale) * 50 : 0}%`;
      bar.append(fill);

      const value = document.createElement("span");
      value.className = "feature-value";
      value.textContent = formatSigned(t.contribution);

      const sr = document.createElement("span");
      sr.className = "visually-hidden";
      sr.textContent = positive ? " toward American" : " away from American";

      li.append(name, bar, value, sr);
      return li;
    }));
    noFeatures.hidden = top.length > 0;
  }

  function renderResult(text, data) {
    const p = Number(data.probability);
    const isAmerican = Number(data.is_american) === 1;
    verdict.textContent = isAmerican ? "American" : "Not American";
    probability.textContent = Number.isFinite(p) ? formatPercent(p) : "–";
    probabilityFill.style.width = Number.isFinite(p) ? formatPercent(p) : "0";
    probabilityMeter.setAttribute("aria-valuenow", Number.isFinite(p) ? (p * 100).toFixed(1) : "0");
    probabilityMeter.setAttribute("aria-valuetext", `${probability.textContent} chance the author is American`);
    result.dataset.verdict = isAmerican ? "american" : "not-american";

    const tokens = Array.isArray(data.tokens)
      ? data.tokens.filter((t) => t && typeof t.token === "string" && Number.isFinite(Number(t.contribution)))
        .map((t) => ({ token: t.token, contribution: Number(t.contribution) }))
      : [];
    renderHighlight(text, tokens);
    renderFeatures(tokens);
    setModelInfo(data);
    result.dataset.state = "done";
    result.hidden = false;
  }

  // ---------- actions ----------

  function setLoading(on) {
    predictButton.disabled = on;
    predictButton.classList.toggle("is-loading", on);
    predictButton.setAttribute("aria-busy", on ? "true" : "false");
    if (on && !result.hidden) result.dataset.state = "loading";
  }

  async function predict() {
    const text = tweet.value;
    if (!text.trim()) {
      if (inflight) inflight.abort();
      result.hidden = true;
      showError({ title: "Type a tweet first.", detail: "The text box is empty, so there is nothing to predict." });
      tweet.setAttribute("aria-invalid", "true");
      tweet.focus();
      return;
    }
    clearError();
    if (inflight) inflight.abort();
    const controller = new AbortController();
    inflight = controller;
    const seq = ++requestSeq;
    setLoading(true);
    try {
      const data = await requestJSON("api/american/explain", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text }),
        signal: controller.signal,
      });
      if (seq !== requestSeq) return;
      renderResult(text, data);
    } catch (err) {
      if (seq !== requestSeq || controller.signal.aborted) return;
      result.hidden = true;
      result.dataset.state = "error";
      showError(err instanceof ApiError ? err : new ApiError("Something went wrong.", String(err && err.message || err)));
    } finally {
      if (seq === requestSeq) {
        setLoading(false);
        inflight = null;
      }
    }
  }

  function updateCount() {
    const n = [...tweet.value].length;
    charCount.textContent = `${n} character${n === 1 ? "" : "s"}`;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    predict();
  });

  tweet.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.shiftKey || event.altKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    predict();
  });

  tweet.addEventListener("input", () => {
    updateCount();
    if (tweet.getAttribute("aria-invalid") === "true" && tweet.value.trim()) clearError();
  });

  clearButton.addEventListener("click", () => {
    if (inflight) inflight.abort();
    requestSeq++;
    setLoading(false);
    tweet.value = "";
    updateCount();
    clearError();
    result.hidden = true;
    result.dataset.state = "idle";
    tweet.focus();
  });

  for (const chip of document.querySelectorAll("[data-example]")) {
    chip.addEventListener("click", () => {
      tweet.value = chip.dataset.example;
      updateCount();
      tweet.focus();
      predict();
    });
  }

  updateCount();
  loadVersion();
})();
