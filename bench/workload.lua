-- wrk script: sends the requests of a file written by Load.java, one per line (method, path, JSON body and an
-- optional bearer token, tab-separated). Each wrk thread takes every n-th line, so no two threads send the same
-- request; a thread that reaches the end of its lines starts again and says so in the result.
-- Environment: BENCH_REQUESTS (the file), BENCH_THREADS (wrk's -t), BENCH_OFFSET (lines an earlier run used:
-- requests such as verify and reset can be sent only once).
-- Prints one RESULT line (counts, microsecond percentiles, errors), and per thread its answers by status, the
-- last line it sent, and its first unexpected answer.

local threads = {}

function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

local requests = {}
local line_numbers = {}
local next_request = 1
wrapped = 0
last_line = -1
first_bad = nil

function init(args)
  local count = tonumber(os.getenv("BENCH_THREADS"))
  local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")
  local i = 0
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    if i >= offset and i % count == index then
      local method, path, body, token = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?([^\t]*)$")
      local headers = { ["Content-Type"] = "application/json" }
      if token ~= nil and token ~= "" then
        headers["Authorization"] = "Bearer " .. token
      end
      table.insert(requests, wrk.format(method, path, headers, body))
      table.insert(line_numbers, i)
    end
    i = i + 1
  end
end

function request()
  local r = requests[next_request]
  if line_numbers[next_request] > last_line then
    last_line = line_numbers[next_request]
  end
  next_request = next_request + 1
  if next_request > #requests then
    next_request = 1
    wrapped = wrapped + 1
  end
  return r
end

counts = {}

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if status >= 300 and first_bad == nil then
    first_bad = status .. " " .. string.sub(body or "", 1, 300)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d "
      .. "connect_errors=%d read_errors=%d write_errors=%d non2xx=%d timeouts=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
  for _, thread in ipairs(threads) do
    local parts = {}
    for code, n in pairs(thread:get("counts") or {}) do
      table.insert(parts, code .. ":" .. n)
    end
    io.write(string.format("THREAD statuses=%s wrapped=%d last_line=%d\n", table.concat(parts, ","),
      thread:get("wrapped") or 0, thread:get("last_line") or -1))
    local bad = thread:get("first_bad")
    if bad ~= nil then
      io.write("BAD " .. string.gsub(bad, "\n", " ") .. "\n")
    end
  end
end
