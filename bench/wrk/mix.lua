-- A realistic mix of pages, searches and API calls; counts every answer that is not 2xx or 3xx.
-- WRK_PATH=/bench/floor/ asks for that one path instead; WRK_IF_NONE_MATCH sends that ETag with it,
-- and WRK_COOKIE the cookie it was given with (a page's ETag names the CSRF cookie its forms use).
local paths = {
  "/", "/initiatives/", "/initiatives/?agency=FAO", "/initiatives/?covid=true&region=africa",
  "/initiatives/?q=%E7%96%AB%E8%8B%97", "/initiatives/?q=UNDP&country=CHN", "/countries/ETH/",
  "/agencies/UNOSSC/", "/about/", "/api/v1/initiatives/?agency=UNOSSC&covid=true",
  "/api/v1/initiatives/?q=%E5%8D%97%E5%8D%97%E5%90%88%E4%BD%9C", "/api/v1/facets/?region=africa",
  "/api/v1/paragraphs/?document=A/76/403&page_size=100", "/api/v1/countries/", "/api/v1/agencies/FAO/",
}
if os.getenv("WRK_PATH") then paths = {os.getenv("WRK_PATH")} end
local headers = {["Accept-Language"] = "zh-Hans"}
if os.getenv("WRK_IF_NONE_MATCH") then headers["If-None-Match"] = os.getenv("WRK_IF_NONE_MATCH") end
if os.getenv("WRK_COOKIE") then headers["Cookie"] = os.getenv("WRK_COOKIE") end
local failures = 0
math.randomseed(os.time())

request = function()
  return wrk.format("GET", paths[math.random(#paths)], headers)
end

response = function(status, headers, body)
  if status >= 400 then failures = failures + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.2f, "rps": %.1f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "socket_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.timeout))
end
