-- wrk script of `make bench`: signed-in requests and the server's own time.
--
--   wrk -s bench/wrk.lua URL -- COOKIE_FILE
--
-- COOKIE_FILE holds one Cookie header value per line ("sessionid=…; csrftoken=…"),
-- one signed-in browser each; the requests take them in turn. Without a file the
-- requests carry no cookie (the bare view). Each response's Server-Timing header
-- (bench.middleware: Django's time for the request, all middleware included) is
-- collected, and done() prints one JSON line with client and server percentiles.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  cookies = {}
  if args[1] then
    for line in io.lines(args[1]) do
      if line ~= "" then cookies[#cookies + 1] = line end
    end
  end
  n = id or 0
  timings = {}
  bad = 0
end

function request()
  n = n + 1
  if #cookies > 0 then
    return wrk.format("GET", nil, { Cookie = cookies[n % #cookies + 1] })
  end
  return wrk.format("GET")
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
  local timing = headers["Server-Timing"] or headers["server-timing"]
  if timing then
    local dur = timing:match("dur=([%d%.]+)")
    if dur then timings[#timings + 1] = tonumber(dur) end
  end
end

local function percentile(sorted, p)
  if #sorted == 0 then return 0 end
  local index = math.max(1, math.ceil(#sorted * p / 100))
  return sorted[index]
end

function done(summary, latency, requests)
  local all, non200 = {}, 0
  for _, thread in ipairs(threads) do
    for _, value in ipairs(thread:get("timings")) do all[#all + 1] = value end
    non200 = non200 + thread:get("bad")
  end
  table.sort(all)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.2f, "latency_p50": %.2f, ' ..
    '"latency_p95": %.2f, "server_p50": %.2f, "server_p95": %.2f, "timed": %d, ' ..
    '"non200": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    percentile(all, 50), percentile(all, 95), #all, non200,
    errors.connect + errors.read + errors.write + errors.timeout))
end
