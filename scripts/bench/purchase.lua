-- wrk script of scripts/bench.sh: POSTs one purchase (quantity 1) per request as JSON, for a buyer
-- and product picked at random among the bench's fixtures, and prints one machine-readable line
-- when the run is done.
--
--   wrk ... -s purchase.lua URL -- PRODUCT_IDS USER_IDS    (comma-separated, the same length)
--
-- The line: BENCH requests=.. seconds=.. status_200=.. status_409=.. status_other=..
--           connect=.. read=.. write=.. timeout=.. p50_ms=.. p95_ms=.. p99_ms=.. max_ms=..
-- Statuses are counted here (response()), since wrk's own summary.errors.status lumps every status
-- from 400 up together, and a 409 (rolled back: not enough stock or money) is an outcome, not an error.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local function split(list)
  local out = {}
  for id in string.gmatch(list or "", "[^,]+") do
    table.insert(out, tonumber(id))
  end
  return out
end

function init(args)
  products = split(args[1])
  users = split(args[2])
  if #products == 0 or #products ~= #users then
    error("purchase.lua needs PRODUCT_IDS and USER_IDS of the same length")
  end
  statuses = {}
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end

function request()
  local i = math.random(#products)
  local body = string.format('{"userId":%d,"productId":%d,"quantity":1}', users[i], products[i])
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local ok, rolled_back, other = 0, 0, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      if status == 200 then
        ok = ok + count
      elseif status == 409 then
        rolled_back = rolled_back + count
      else
        other = other + count
        io.stderr:write(string.format("status %d: %d responses\n", status, count))
      end
    end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d seconds=%.3f status_200=%d status_409=%d status_other=%d "
      .. "connect=%d read=%d write=%d timeout=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, ok, rolled_back, other,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
