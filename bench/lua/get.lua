-- A plain GET of the URL given to wrk, with optional headers from the environment (BENCH_AUTH, BENCH_COOKIE;
-- empty means none, so the public catalog is fetched as an anonymous visitor).
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
local auth, cookie = os.getenv("BENCH_AUTH"), os.getenv("BENCH_COOKIE")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
