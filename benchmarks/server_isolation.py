"""Do expensive requests stall short ones? A bounded loopback benchmark of `hatescope serve`.

    .venv/bin/python benchmarks/server_isolation.py                  # default engine; writes the JSON and the doc section
    .venv/bin/python benchmarks/server_isolation.py --no-write       # print only
    .venv/bin/python benchmarks/server_isolation.py --unisolated     # also the same load with every text in the threads

It starts the server in a subprocess (auth on, a throw-away SQLite store and key, the default time
budget) and measures 280-character posts sent open loop at ``--rate`` requests a second:

1. alone, for ``--baseline-seconds``;
2. for ``--heavy-seconds`` while two 100,000-character quote-heavy texts (``“‘`` × 50,000) are always
   being analysed: each heavy request is sent again as soon as it is answered, whatever the answer.

Latency is measured from each short request's scheduled send time (no coordinated omission). With
``--unisolated`` a second server runs with ``--isolate-above`` past any text's length, so the heavy
texts share the batching threads with the short ones (what the server did before it had a long-text lane).
Everything runs on the loopback interface and stops by itself. Output: docs/performance/server_isolation.json
and the ``server-isolation`` section of docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `python benchmarks/X.py`: the benchmarks package
from benchmarks.harness import write_section  # noqa: E402
from benchmarks.load_test import RawClient, free_port, posts  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "PERFORMANCE.md"
JSON_OUT = ROOT / "docs" / "performance" / "server_isolation.json"
HEAVY_TEXT = "“‘" * 50_000
TARGET_P99_MS = 200.0


def start_server(tmp: Path, name: str, extra: list[str]) -> tuple[subprocess.Popen, int, str]:
    from hatescope.store import Store

    db = str(tmp / f"{name}.db")
    with Store.open(db) as store:
        _, key = store.create_api_key("isolation-bench", rate_limit_per_min=10_000_000)
    port = free_port()
    cmd = [sys.executable, "-c", "import sys; from hatescope.cli import main; sys.exit(main(sys.argv[1:]))",
           "serve", "--host", "127.0.0.1", "--port", str(port), "--db", db, "--log-level", "warning", *extra]
    log = open(tmp / f"{name}.log", "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early:\n{(tmp / f'{name}.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc, port, key
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not become healthy in 120 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=15)


def warm_up(port: int, key: str) -> None:
    """Wait until every long-text worker has loaded its engine (bounded), then send a few texts of each kind."""
    base, headers = f"http://127.0.0.1:{port}", {"authorization": f"Bearer {key}"}
    deadline = time.monotonic() + 120
    while True:
        health = httpx.get(f"{base}/healthz", timeout=10).json()
        if health["long_text_workers_ready"] >= health["long_text_workers"]:
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"the long-text workers were not ready within 120 s: {health}")
        time.sleep(0.5)
    text = "The council met on Tuesday to discuss the harbour, the buses and the library. " * 40
    for _ in range(4):
        httpx.post(f"{base}/v1/analyze", json={"text": text}, headers=headers, timeout=60)
    for post in posts(20, seed=99):
        httpx.post(f"http://127.0.0.1:{port}/v1/analyze", json={"text": post}, headers=headers, timeout=60)


def summarise(latencies: list[float], errors: int, statuses: dict[int, int], slow: list[list[float]]) -> dict:
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float | None:
        return round(ms[min(len(ms) - 1, int(p / 100 * len(ms)))], 2) if ms else None

    return {"requests": len(ms) + errors, "ok": len(ms), "errors": errors, "statuses": statuses,
            "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "max_ms": round(ms[-1], 2) if ms else None,
            "mean_ms": round(statistics.fmean(ms), 2) if ms else None,
            "over_target": len(slow),
            # [seconds into the phase, latency ms] of the slowest requests over the target (where the stalls were)
            "slowest_over_target": sorted(slow, key=lambda s: -s[1])[:20]}


async def short_requests(port: int, key: str, rate: float, seconds: float) -> dict:
    client = RawClient(port, key)
    requests = [client.encode("native", t) for t in posts(200)]
    n = int(rate * seconds)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    slow: list[list[float]] = []
    retries = [0]
    start = time.perf_counter() + 0.05

    async def one(i: int) -> None:
        scheduled = start + i / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        status = await client.send(requests[i % len(requests)])
        for _ in range(2):  # 0: a kept-alive connection the server had closed as idle; sent again, and the wait is charged
            if status != 0:
                break
            retries[0] += 1
            status = await client.send(requests[i % len(requests)])
        statuses[status] = statuses.get(status, 0) + 1
        if status == 200:
            latencies.append(time.perf_counter() - scheduled)
            if latencies[-1] * 1000 > TARGET_P99_MS:
                slow.append([round(scheduled - start, 2), round(latencies[-1] * 1000, 1)])

    await asyncio.gather(*(one(i) for i in range(n)))
    client.close()
    return {**summarise(latencies, n - len(latencies), statuses, slow), "resent_after_closed_connection": retries[0]}


async def heavy_requests(port: int, key: str, until: float, budget_s: float) -> list[dict]:
    """Two heavy requests always in flight until ``until``; each answer is recorded (status, code, seconds)."""
    outcomes: list[dict] = []
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", headers={"authorization": f"Bearer {key}"},
                                 timeout=budget_s + 60) as client:
        async def lane() -> None:
            while time.perf_counter() < until:
                t0 = time.perf_counter()
                sent = round(t0 - started, 2)
                try:
                    r = await client.post("/v1/analyze", json={"text": HEAVY_TEXT})
                    code = r.json().get("error", {}).get("code") if r.status_code != 200 else None
                    outcomes.append({"status": r.status_code, "code": code, "sent_at": sent,
                                     "seconds": round(time.perf_counter() - t0, 2)})
                    if r.status_code == 503:  # a polite client waits as told before sending the text again
                        await asyncio.sleep(min(float(r.headers.get("retry-after", "1")), max(0.0, until - time.perf_counter())))
                except httpx.HTTPError as exc:
                    outcomes.append({"status": 0, "code": type(exc).__name__, "seconds": round(time.perf_counter() - t0, 2)})
                await asyncio.sleep(0.05)

        await asyncio.gather(lane(), lane())
    return outcomes


async def under_heavy_load(port: int, key: str, rate: float, seconds: float, budget_s: float) -> tuple[dict, list[dict]]:
    until = time.perf_counter() + seconds
    heavy = asyncio.create_task(heavy_requests(port, key, until, budget_s))
    await asyncio.sleep(0.5)  # both heavy texts have reached the server
    short = await short_requests(port, key, rate, seconds - 0.5)
    return short, await heavy


def measure(tmp: Path, name: str, budget_s: float, extra: list[str], args: argparse.Namespace) -> dict:
    extra = ["--time-budget", f"{budget_s:g}", *extra]
    proc, port, key = start_server(tmp, name, extra)
    try:
        warm_up(port, key)
        baseline = asyncio.run(short_requests(port, key, args.rate, args.baseline_seconds))
        loaded, heavy = asyncio.run(under_heavy_load(port, key, args.rate, args.heavy_seconds, budget_s))
    finally:
        stop_server(proc)
    return {"server_flags": extra, "short_alone": baseline, "short_with_two_heavy": loaded, "heavy": heavy}


def load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def doc_section(result: dict) -> str:
    env = result["environment"]
    lines = [
        f"Generated by `.venv/bin/python benchmarks/server_isolation.py{result['arguments']}` "
        f"on {result['date']} ({env['cpu_cores']} CPU cores, {env['machine']}, Python {env['python']}, 1-min load average "
        f"{env['load_average_before']} before the run and {env['load_average_after']} after; server and load generator share "
        f"the machine). Default engine, auth on. Short requests: 280-character posts to `POST /v1/analyze`, "
        f"{result['rate']:g} req/s open loop (latency from the scheduled send time). Heavy requests: "
        f"100,000 characters of `“‘` × 50,000, two always in flight (each re-sent when answered).",
        "",
        "| server | short requests | requests | errors | p50 ms | p90 ms | p99 ms | max ms | over 200 ms | heavy answers |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    labels = {
        "isolated": f"defaults (long-text processes, budget {result['time_budget_s']:g} s)",
        "over_budget": "long-text processes, budget {budget} s (shorter than a heavy analysis)",
        "unisolated": f"every text in the batching threads (`--isolate-above 10000000`), budget {result['time_budget_s']:g} s",
    }
    for run_name, run in result["runs"].items():
        label = labels[run_name].format(budget=run["server_flags"][1])
        heavy = run["heavy"]
        kinds: dict[str, list[float]] = {}
        for h in heavy:
            kinds.setdefault(f"{h['status']} {h['code'] or ''}".strip(), []).append(h["seconds"])
        heavy_text = "; ".join(f"{k} ×{len(v)} (median {statistics.median(v):.1f} s)" for k, v in sorted(kinds.items()))
        for phase, title in (("short_alone", "alone"), ("short_with_two_heavy", "with two heavy")):
            s = run[phase]
            lines.append(f"| {label} | {title} | {s['requests']} | {s['errors']} | {s['p50_ms']} | {s['p90_ms']} | "
                         f"{s['p99_ms']} | {s['max_ms']} | {s['over_target']} | {heavy_text if phase == 'short_with_two_heavy' else ''} |")
    isolated = [result["runs"][r]["short_with_two_heavy"] for r in ("isolated", "over_budget") if r in result["runs"]]
    met = all(s["p99_ms"] is not None and s["p99_ms"] < TARGET_P99_MS and s["errors"] == 0 for s in isolated)
    lines += ["", f"Target p99 < {TARGET_P99_MS:g} ms for short requests while two heavy ones run: **{'met' if met else 'not met'}** "
              "in this run. A heavy request is answered by the time budget at the latest (504 `HS601`), and its worker "
              "process is then stopped and replaced (docs/API.md, Concurrency). The *alone* row of each server is the same "
              "load without heavy requests, just before: what the machine's other work costs the short requests; the gap "
              "to the row below it is what the heavy requests cost them."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=20.0, help="short requests a second")
    parser.add_argument("--baseline-seconds", type=float, default=10.0)
    parser.add_argument("--heavy-seconds", type=float, default=20.0)
    parser.add_argument("--time-budget", type=float, default=10.0)
    parser.add_argument("--over-budget", type=float, default=1.0, metavar="SECONDS",
                        help="also measure a server whose time budget is shorter than a heavy analysis (0: skip)")
    parser.add_argument("--unisolated", action="store_true", help="also measure a server without the long-text lane")
    parser.add_argument("--no-write", action="store_true", help="print the result only")
    args = parser.parse_args()

    result: dict = {
        "benchmark": "server_isolation",
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "environment": {"cpu_cores": os.cpu_count(), "machine": platform.machine(), "python": platform.python_version(),
                        "load_average_before": load_average()},
        "arguments": "".join(f" {a}" for a in sys.argv[1:] if a != "--no-write"),
        "rate": args.rate, "time_budget_s": args.time_budget, "heavy_text_chars": len(HEAVY_TEXT), "runs": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        result["runs"]["isolated"] = measure(Path(tmp), "isolated", args.time_budget, [], args)
        if args.over_budget:
            result["runs"]["over_budget"] = measure(Path(tmp), "over_budget", args.over_budget, [], args)
        if args.unisolated:
            result["runs"]["unisolated"] = measure(Path(tmp), "unisolated", args.time_budget, ["--isolate-above", "10000000"], args)
    result["environment"]["load_average_after"] = load_average()
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if not args.no_write:
        JSON_OUT.parent.mkdir(parents=True, exist_ok=True)
        JSON_OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        write_section(DOCS, "server-isolation", doc_section(result), title="HTTP API: expensive requests beside short ones")


if __name__ == "__main__":
    main()
