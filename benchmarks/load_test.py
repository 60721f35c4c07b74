"""Bounded loopback load test of `hatescope serve`: latency at a fixed rate, and peak throughput.

    .venv/bin/python benchmarks/load_test.py                      # default engine, 50 req/s for 20 s
    .venv/bin/python benchmarks/load_test.py --write-docs         # also rewrite the api-load section of docs/PERFORMANCE.md
    .venv/bin/python benchmarks/load_test.py --engine-config cfg.toml --rate 50 --duration 20

It starts the server in a subprocess (auth on, a throw-away SQLite store and key), then:

1. open loop: requests at a fixed ``--rate`` for ``--duration`` seconds, to the Perspective endpoint
   and then to POST /v1/analyze. Latency is measured from each request's *scheduled* send time,
   so a server (or client) that falls behind is charged for the wait (no coordinated omission);
2. closed loop: ``--concurrency`` clients send back-to-back for ``--throughput-seconds`` seconds:
   the sustained requests per second the server manages.

Every request is a 280-character post. The load generator runs on the same machine as the server
and takes CPU from it; that is part of what the numbers measure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "PERFORMANCE.md"
BEGIN, END = "<!-- section:api-load -->", "<!-- /section:api-load -->"

_SENTENCES = [
    "The council meeting ran long again and nobody addressed the parking on Harbour Street.",
    "Great match last night, the second half was a different team entirely.",
    "Does anyone know if the library is open on the bank holiday?",
    "Honestly these people in the comments are idiots, read the article first.",
    "My neighbour's dog has been barking since six, send coffee.",
    "Prices at the market went up again; the bread stall is now four pounds a loaf.",
    "Thanks to the volunteers who cleaned the beach this morning, it looks brilliant.",
    "That referee should never work another game, what a damn shambles.",
    "New bus timetable is out and the 42 now skips the hospital stop, which is mad.",
    "Reminder: the school fair is on Saturday, bring cakes and spare change.",
]


def posts(n: int, *, seed: int = 7, length: int = 280) -> list[str]:
    """``n`` different posts of exactly ``length`` characters, deterministic."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text = ""
        while len(text) < length:
            text += rng.choice(_SENTENCES) + " "
        out.append(text[:length])
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp: Path, port: int, engine_config: str | None, model_threads: int) -> tuple[subprocess.Popen, str]:
    from hatescope.store import Store

    db = str(tmp / "load.db")
    with Store.open(db) as store:
        _, key = store.create_api_key("load-test", rate_limit_per_min=10_000_000)
    cmd = [sys.executable, "-c", "import sys; from hatescope.cli import main; sys.exit(main(sys.argv[1:]))",
           "serve", "--host", "127.0.0.1", "--port", str(port), "--db", db, "--log-level", "warning"]
    if engine_config:
        cmd += ["--config", engine_config]
    cmd += ["--model-threads", str(model_threads)]
    log = open(tmp / "server.log", "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early:\n{(tmp / 'server.log').read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc, key
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("server did not become healthy in 120 s")


def request_for(endpoint: str, text: str) -> tuple[str, dict]:
    if endpoint == "perspective":
        return "/v1alpha1/comments:analyze", {
            "comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}, "IDENTITY_ATTACK": {}, "THREAT": {}},
            "languages": ["en"], "doNotStore": True,
        }
    return "/v1/analyze", {"text": text}


class RawClient:
    """A minimal keep-alive HTTP/1.1 client on asyncio streams.

    The load generator shares the 2 cores with the server; a full client library (httpx) costs
    about as much CPU per request as the server does, so this one only writes pre-encoded
    requests and reads status line, headers and Content-Length bytes."""

    def __init__(self, port: int, key: str) -> None:
        self.port = port
        self.key = key
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    def encode(self, endpoint: str, text: str) -> bytes:
        path, body = request_for(endpoint, text)
        data = json.dumps(body).encode()
        head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                f"x-goog-api-key: {self.key}\r\nAuthorization: Bearer {self.key}\r\nContent-Length: {len(data)}\r\n\r\n")
        return head.encode() + data

    async def send(self, request: bytes) -> int:
        pooled = bool(self._idle)
        conn = self._idle.pop() if pooled else await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = conn
        try:
            writer.write(request)
            status_line = await reader.readline()
            if not status_line and pooled:  # the server closed an idle keep-alive connection: retry on a new one
                writer.close()
                self._idle.clear()
                return await self.send(request)
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            await reader.readexactly(length)
            status = int(status_line.split()[1])
        except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
            writer.close()
            return 0
        self._idle.append(conn)
        return status

    def close(self) -> None:
        for _, writer in self._idle:
            writer.close()


def server_cpu_seconds(pid: int) -> float | None:
    """User + system CPU the server process used so far (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


async def open_loop(client: RawClient, endpoint: str, texts: list[str], rate: float, duration: float) -> dict:
    n = int(rate * duration)
    requests = [client.encode(endpoint, t) for t in texts]
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter() + 0.05

    async def one(i: int) -> None:
        nonlocal errors
        scheduled = start + i / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        if await client.send(requests[i % len(requests)]) == 200:
            latencies.append(time.perf_counter() - scheduled)
        else:
            errors += 1

    await asyncio.gather(*(one(i) for i in range(n)))
    return summarise(latencies, errors, time.perf_counter() - start, offered=rate)


async def closed_loop(client: RawClient, texts: list[str], concurrency: int, seconds: float) -> dict:
    requests = [client.encode("perspective", t) for t in texts]
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds
    started = time.perf_counter()

    async def worker(w: int) -> None:
        nonlocal errors
        i = w
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            if await client.send(requests[i % len(requests)]) == 200:
                latencies.append(time.perf_counter() - t0)
            else:
                errors += 1
            i += concurrency

    await asyncio.gather(*(worker(w) for w in range(concurrency)))
    return summarise(latencies, errors, time.perf_counter() - started, offered=None)


def summarise(latencies: list[float], errors: int, elapsed: float, *, offered: float | None) -> dict:
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))] if ms else float("nan")

    return {
        "offered_rps": offered,
        "requests": len(ms) + errors,
        "errors": errors,
        "seconds": round(elapsed, 2),
        "achieved_rps": round(len(ms) / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(pct(50), 2),
        "p90_ms": round(pct(90), 2),
        "p99_ms": round(pct(99), 2),
        "max_ms": round(ms[-1], 2) if ms else float("nan"),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
    }


async def run(args: argparse.Namespace, port: int, key: str, pid: int) -> dict:
    texts = posts(500)
    client = RawClient(port, key)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
        results: dict = {"server": (await http.get("/healthz")).json()}
    warm = [client.encode("perspective", t) for t in texts[:50]]
    await asyncio.gather(*(client.send(r) for r in warm))  # warm-up: connections, caches, first-call costs
    phases = [
        ("perspective_fixed_rate", open_loop(client, "perspective", texts, args.rate, args.duration)),
        ("native_fixed_rate", open_loop(client, "native", texts, args.rate, args.duration)),
        ("perspective_max_throughput", closed_loop(client, texts, args.concurrency, args.throughput_seconds)),
    ]
    for name, phase in phases:
        cpu0 = server_cpu_seconds(pid)
        results[name] = await phase
        cpu1 = server_cpu_seconds(pid)
        done = results[name]["requests"] - results[name]["errors"]
        results[name]["server_cpu_ms_per_request"] = (
            round((cpu1 - cpu0) * 1000 / done, 2) if cpu0 is not None and cpu1 is not None and done else None
        )
    client.close()
    return results


def markdown(results: dict, args: argparse.Namespace, command: str) -> str:
    a, b, c = results["perspective_fixed_rate"], results["native_fixed_rate"], results["perspective_max_throughput"]
    target = "met" if a["p99_ms"] < 50 and b["p99_ms"] < 50 and not (a["errors"] or b["errors"]) else "NOT met"
    rows = [
        ("POST /v1alpha1/comments:analyze", f"{args.rate:g} req/s open loop, {args.duration:g} s", a),
        ("POST /v1/analyze", f"{args.rate:g} req/s open loop, {args.duration:g} s", b),
        ("POST /v1alpha1/comments:analyze", f"{args.concurrency} clients closed loop, {args.throughput_seconds:g} s", c),
    ]
    lines = [
        BEGIN,
        "## HTTP API under load (loopback)",
        "",
        f"Generated by `{command}` on {results['date']} "
        f"({results['machine']}; server and load generator share the machine). "
        f"Detectors: {', '.join(results['server']['detectors'])}. Auth on (API key checked on every request, cached). "
        "Requests cycle through 500 different 280-character posts; latency is measured from each request's "
        "scheduled send time (open loop, so waiting behind a slow request counts) or send time (closed loop). "
        "*Server CPU* is the server process's user+system time over the phase divided by its requests.",
        "",
        "| endpoint | load | requests | errors | achieved req/s | p50 ms | p90 ms | p99 ms | max ms | server CPU ms/request |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, load, r in rows:
        lines.append(f"| `{name}` | {load} | {r['requests']} | {r['errors']} | {r['achieved_rps']} | "
                     f"{r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['server_cpu_ms_per_request']} |")
    cores = a["server_cpu_ms_per_request"] * args.rate / 1000 if a["server_cpu_ms_per_request"] else None
    lines += ["", f"Target p99 < 50 ms for a 280-character post at 50 req/s: **{target}** in this run."]
    if cores is not None:
        lines += [f"At {args.rate:g} req/s the server used {cores:.2f} of the 2 cores ({a['server_cpu_ms_per_request']} ms CPU a request); "
                  "the load average above is the rest of the machine's demand, which the latency percentiles include."]
    lines.append(END)
    return "\n".join(lines)


def write_docs(section: str) -> None:
    # Other sections of this file belong to other scripts: replace only ours, re-reading just before writing.
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Performance\n\nNumbers below are written by the scripts that measure them.\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + section + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rate", type=float, default=50.0, help="open-loop requests per second")
    p.add_argument("--duration", type=float, default=20.0, help="seconds per open-loop phase")
    p.add_argument("--concurrency", type=int, default=8, help="closed-loop clients")
    p.add_argument("--throughput-seconds", type=float, default=10.0)
    p.add_argument("--engine-config", default=None, help="engine TOML for the server (default: the default engine)")
    p.add_argument("--model-threads", type=int, default=1, help="passed to `hatescope serve --model-threads`")
    p.add_argument("--write-docs", action="store_true", help="rewrite the api-load section of docs/PERFORMANCE.md")
    args = p.parse_args(argv)
    port = free_port()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="hatescope-load-") as tmp:
        proc, key = start_server(Path(tmp), port, args.engine_config, args.model_threads)
        try:
            results = asyncio.run(run(args, port, key, proc.pid))
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    results["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    import importlib.util

    loop = "uvloop + httptools" if importlib.util.find_spec("uvloop") and importlib.util.find_spec("httptools") else "asyncio + h11"
    results["machine"] = (f"{os.cpu_count()} CPU cores, {platform.machine()}, Python {platform.python_version()}, uvicorn on {loop}, "
                          f"1-min load average {load_before:.1f} before the run")
    print(json.dumps(results, indent=2))
    if args.write_docs:
        shown = ["benchmarks/load_test.py"] + [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--write-docs"]
        write_docs(markdown(results, args, " ".join([".venv/bin/python", *shown, "--write-docs"])))
        print(f"wrote the api-load section of {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
