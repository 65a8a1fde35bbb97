-- Bookings of distinct slots by distinct mothers: each thread walks its own share of the generator's list
-- (request id + a free hour of her consultant). When the list is used up it says so instead of repeating a booking.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
wrk.headers["Content-Type"] = "application/json"
-- BENCH_BOOKINGS: which list (run.sh gives the warm-up and the measured run each their own part of bookings.txt).
local bookings = lines(os.getenv("BENCH_BOOKINGS") or (os.getenv("BENCH_PLAN") .. "/bookings.txt"))
local threadCount = tonumber(os.getenv("BENCH_THREADS") or "2")
local n = 0
exhausted = 0

function request()
  local index = id + n * threadCount + 1
  n = n + 1
  if index > #bookings then
    exhausted = exhausted + 1
    return wrk.format("GET", "/health/live")
  end
  local requestId, start = bookings[index]:match("^(%S+) (%S+)$")
  return wrk.format("POST", "/api/v1/meetings", nil, '{"requestId":"' .. requestId .. '","start":"' .. start .. '"}')
end
