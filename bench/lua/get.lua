-- A plain GET of the URL given to wrk, with optional headers from the environment (BENCH_AUTH, BENCH_COOKIE).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
if os.getenv("BENCH_AUTH") then wrk.headers["Authorization"] = os.getenv("BENCH_AUTH") end
if os.getenv("BENCH_COOKIE") then wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") end
