-- For scripts/bench-national.sh: each request asks for the next path of the file named by
-- PATHS (one per line, every municipality's page of one kind), and the run reports its
-- p50, p95 and p99 in milliseconds, its rate, and how many answers were not 2xx or 3xx.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.0f p50=%.1f p95=%.1f p99=%.1f errors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout, summary.requests))
end
