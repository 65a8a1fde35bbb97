#!/usr/bin/env python3
"""Turns run.sh's JSON lines into bench/results/<stamp>.json and a markdown table with the issue's targets."""
import json
import os
import subprocess
import sys

lines_path, out_base, scale, duration, threads, connections = sys.argv[1:7]
rows = [json.loads(line) for line in open(lines_path) if line.strip()]


def git(*args):
    try:
        return subprocess.check_output(["git", *args], cwd=os.path.dirname(__file__), text=True).strip()
    except Exception:  # noqa: BLE001 - the report is still useful without git
        return "?"


meta = {
    "commit": git("rev-parse", "--short", "HEAD"),
    "scale": float(scale),
    "duration_s": int(duration),
    "wrk": f"-t{threads} -c{connections}",
    "cores": os.cpu_count(),
    "uptime": subprocess.check_output(["uptime"], text=True).strip(),
}
json.dump({"meta": meta, "results": rows}, open(out_base + ".json", "w"), indent=2, ensure_ascii=False)

# scenario -> (what is measured, target text, check(data) -> bool | None)
TARGETS = {
    "catalog": ("rps, p99", "≥ 6,000 req/s, p99 ≤ 50 ms", lambda d: d["rps"] >= 6000 and d["p99_ms"] <= 50),
    "slots-4-weeks": ("rps, p99", "≥ 5,000 req/s", lambda d: d["rps"] >= 5000),
    "admin-queue": ("rps, p95", "p95 ≤ 50 ms", lambda d: d["p95_ms"] <= 50),
    "admin-queue-overdue": ("rps, p95", "p95 ≤ 50 ms", lambda d: d["p95_ms"] <= 50),
    "mother-portal": ("rps, p99", "–", None),
}


def fmt_wrk(d):
    if "error" in d:
        return "wrk failed"
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(d["statuses"].items()))
    cpu = f" · app CPU {d['app_cpu_ms_per_request']:.2f} ms/req" if "app_cpu_ms_per_request" in d else ""
    cpu += f" · RSS after {d['rss_mb_after']} MB" if "rss_mb_after" in d else ""
    return f"{d['rps']:,.0f} req/s{cpu} · p50 {d['p50_ms']:.1f} ms · p95 {d['p95_ms']:.1f} ms · p99 {d['p99_ms']:.1f} ms ({statuses})"


def verdict(ok):
    return "–" if ok is None else ("✅" if ok else "❌")


out = [
    f"# PeerConsult benchmark {os.path.basename(out_base)}",
    "",
    f"commit `{meta['commit']}` · scale {scale} · wrk `{meta['wrk']}` {duration} s per scenario · {meta['cores']} cores "
    "shared with the load generator",
    "",
    f"`{meta['uptime']}`",
    "",
]
for provider in dict.fromkeys(r["provider"] for r in rows):
    pr = [r for r in rows if r["provider"] == provider]
    out += [f"## {provider}", "", "| scenario | result | target | | load (1/5/15 min) |", "| --- | --- | --- | --- | --- |"]
    booking_rate = None
    for r in pr:
        s, d, load = r["scenario"], r["data"], r["load"]
        if s == "generate":
            out.append(f"| data generation | {d['consultants']:,} consultants, {d['mothers']:,} mothers, {d['meetings']:,} meetings, "
                       f"{d['rows']:,} rows in {d['wall_seconds']} s | minutes | | {load} |")
        elif s in TARGETS:
            _, target, check = TARGETS[s]
            ok = None if check is None or "error" in d else check(d)
            out.append(f"| {s} | {fmt_wrk(d)} | {target} | {verdict(ok)} | {load} |")
        elif s == "bookings":
            created = d.get("statuses", {}).get("201", 0)
            booking_rate = created / d["seconds"] if d.get("seconds") else 0
            target = 500 if provider == "sqlite" else 1000
            out.append(f"| bookings (distinct slots, distinct mothers) | {booking_rate:,.0f} bookings/s · {fmt_wrk(d)} | "
                       f"≥ {target:,}/s | {verdict(booking_rate >= target)} | {load} |")
        elif s == "bookings-check":
            out.append(f"| double bookings afterwards | {d['double_bookings']} ({d['meetings_added']:,} meetings added) | 0 | "
                       f"{verdict(d['double_bookings'] == 0)} | {load} |")
        elif s == "first-answer":
            out.append(f"| start → first answered request | {d['ms']:,} ms | ≤ 2,000 ms | {verdict(d['ms'] <= 2000)} | {load} |")
        elif s == "memory":
            heap = f", managed heap {d['managed_heap_mb']} MB" if d.get("managed_heap_mb") is not None else ""
            if d.get("rssanon_mb") is not None:
                heap += f"; anonymous {d['rssanon_mb']}, files {d['rssfile_mb']}, shared {d['rssshmem_mb']} MB"
            if d.get("gcCommittedMb") is not None:
                heap += f"; GC committed {d['gcCommittedMb']} MB, SQLite {d['sqliteMb']} MB (peak {d['sqlitePeakMb']})"
            out.append(f"| peak resident memory | {d['peak_rss_mb']} MB (now {d['rss_mb']} MB{heap}) | ≤ 200 MB | "
                       f"{verdict(d['peak_rss_mb'] <= 200)} | {load} |")
        elif s == "sweep-due":
            applied = d["warned"] + d["overdue"] + d["reminded"] + d["closed"]
            out.append(f"| sweep with {d['due']:,} due | {d['elapsedMs']:,.0f} ms, {applied:,} applied | 10,000 ≤ 2,000 ms | "
                       f"{verdict(d['elapsedMs'] <= 2000 * d['due'] / 10000 and applied == d['due'])} | {load} |")
    sweeps = [r["data"]["elapsedMs"] for r in pr if r["scenario"] == "sweep-nothing-due"]
    if sweeps:
        sweeps.sort()
        out.append(f"| sweep, nothing due (5 runs) | median {sweeps[len(sweeps) // 2]:.1f} ms, max {sweeps[-1]:.1f} ms | ≤ 5 ms | "
                   f"{verdict(sweeps[len(sweeps) // 2] <= 5)} | |")
    out.append("")

open(out_base + ".md", "w").write("\n".join(out) + "\n")
