-- wrk script: POST real tweets to /api/american, rotating through a file of
-- JSON bodies (one per line, e.g. {"text":"..."}), and count non-2xx answers.
--
-- Usage: wrk -t2 -c32 -d10s --latency -s benchmarks/wrk/post_tweets.lua URL -- BODIES [PATH]
--   BODIES  file of JSON bodies, one per line (default benchmarks/out/bodies.jsonl,
--           made by benchmarks/runner.py from test.csv, at most 1,000 lines)
--   PATH    request path (default /api/american)
--
-- Besides wrk's own report, done() prints one line that starts with "WRK_JSON "
-- followed by a JSON object (times in microseconds) for scripts to read:
-- requests, duration_us, rps, latency percentiles, socket errors, non2xx.

local threads = {}

function setup(thread)
    thread:set("thread_index", #threads)
    table.insert(threads, thread)
end

function init(args)
    local file = args[1] or "benchmarks/out/bodies.jsonl"
    local path = args[2] or "/api/american"
    local headers = { ["Content-Type"] = "application/json" }
    requests_ = {}
    for line in io.lines(file) do
        if #line > 0 then
            -- wrk.format adds Content-Length and Host.
            table.insert(requests_, wrk.format("POST", path, headers, line))
        end
    end
    if #requests_ == 0 then
        error("no request bodies in " .. file)
    end
    -- Threads start at different places so they do not send the same tweets in step.
    next_ = (thread_index * 7919) % #requests_ + 1
    non2xx = 0
    responses = 0
end

function request()
    local r = requests_[next_]
    next_ = next_ % #requests_ + 1
    return r
end

function response(status, headers, body)
    responses = responses + 1
    if status < 200 or status > 299 then
        non2xx = non2xx + 1
    end
end

function done(summary, latency, requests)
    local total_non2xx, total_responses = 0, 0
    for _, thread in ipairs(threads) do
        total_non2xx = total_non2xx + (thread:get("non2xx") or 0)
        total_responses = total_responses + (thread:get("responses") or 0)
    end
    local e = summary.errors
    io.write(string.format("non-2xx responses: %d of %d\n", total_non2xx, total_responses))
    io.write(string.format(
        'WRK_JSON {"requests":%d,"duration_us":%d,"rps":%.2f,"responses":%d,"non2xx":%d,' ..
        '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
        '"latency_us":{"min":%d,"mean":%.1f,"max":%d,"stdev":%.1f,"p50":%d,"p75":%d,"p90":%d,"p99":%d,"p999":%d}}\n',
        summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), total_responses, total_non2xx,
        e.connect, e.read, e.write, e.status, e.timeout,
        latency.min, latency.mean, latency.max, latency.stdev,
        latency:percentile(50), latency:percentile(75), latency:percentile(90),
        latency:percentile(99), latency:percentile(99.9)))
end
