-- A consultant's free slots for the next 4 weeks, walking every published consultant in turn.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
local consultants = lines(os.getenv("BENCH_PLAN") .. "/consultants.txt")
local from = os.getenv("BENCH_FROM")
local to = os.getenv("BENCH_TO")
local i = 0

function init(args)
  i = id * 7919
end

function request()
  i = i + 1
  local c = consultants[(i % #consultants) + 1]
  return wrk.format("GET", "/api/v1/consultants/" .. c .. "/slots?from=" .. from .. "&to=" .. to)
end
