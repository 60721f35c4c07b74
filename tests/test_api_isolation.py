"""Expensive requests: the time budget (504 HS601), the bounded waiting line (503 HS602), and short requests
answered meanwhile, over a live server (long texts in worker processes) and in-process (the thread fallback)."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient

from hatescope.api import ApiConfig, create_app
from hatescope.config import DetectorSpec, EngineConfig
from hatescope.document import Document
from hatescope.engine import Engine
from hatescope.registry import detectors
from tests.browser_util import serve
from tests.fakes import fake_engine

#: What makes a text expensive here: the quote-heavy input that once took the engine minutes.
HEAVY = "“‘" * 3000
WORDS = {"vermin": ("dehumanization", 0.9)}


@dataclass
class CpuBurner:
    """Spins the CPU in pure Python (holding the GIL, as a slow analysis does) on quote-heavy texts."""

    seconds: float = 60.0
    name: str = "test.burn.v1"
    version: str = "test"

    def load(self) -> None:
        pass

    def detect(self, doc: Document) -> list:
        self.burn_if_heavy(doc.original)
        return []

    def burn_if_heavy(self, text: str) -> None:
        if "“‘“‘“‘“‘" in text:
            end = time.monotonic() + self.seconds
            n = 0
            while time.monotonic() < end:
                n += 1


@detectors.register("test.burn.v1")
def make_burner(**params: object) -> CpuBurner:
    return CpuBurner(**params)  # type: ignore[arg-type]


def burning_engine(seconds: float) -> Engine:
    return Engine(config=EngineConfig(detectors=[
        DetectorSpec(name="test.words.v1", params={"words": WORDS}),
        DetectorSpec(name="test.burn.v1", params={"seconds": seconds}),
    ]))


def _isolated_workers_alive() -> int:
    return sum(1 for p in multiprocessing.active_children() if p.name.startswith("hatescope-isolated"))


def _until_ok(base: str, text: str, *, within: float = 60.0) -> httpx.Response:
    """POST until 200: the first long text may find its worker still loading the engine (bounded wait)."""
    deadline = time.monotonic() + within
    while True:
        r = httpx.post(f"{base}/v1/analyze", json={"text": text}, timeout=30)
        if r.status_code == 200 or time.monotonic() > deadline:
            return r
        time.sleep(0.2)


@pytest.mark.timeout(180)
def test_over_budget_gets_504_while_short_requests_answer_and_the_worker_is_replaced():
    config = ApiConfig(auth=False, access_log=False, time_budget_s=2.0, isolate_above_chars=500, isolated_workers=1)
    app = create_app(config, engine=burning_engine(seconds=120))
    lanes = app.state.services.workers
    assert lanes.isolated_in_processes
    try:
        with serve(app) as base:
            long_but_cheap = "a calm and long text about the harbour. " * 30
            assert _until_ok(base, long_but_cheap).status_code == 200  # the worker is up and warm
            with ThreadPoolExecutor(1) as pool:
                started = time.monotonic()
                heavy = pool.submit(httpx.post, f"{base}/v1/analyze", json={"text": HEAVY}, timeout=60)
                time.sleep(0.3)
                short_times, short_answers = [], []
                while not heavy.done() and len(short_times) < 40:
                    t0 = time.monotonic()
                    r = httpx.post(f"{base}/v1/analyze", json={"text": "they are vermin"}, timeout=30)
                    short_times.append(time.monotonic() - t0)
                    short_answers.append((r.status_code, r.json().get("action")))
                    time.sleep(0.05)
                r = heavy.result()
                heavy_s = time.monotonic() - started
            assert r.status_code == 504, r.text
            assert r.json()["error"]["code"] == "HS601" and r.json()["error"]["details"]["budget_seconds"] == 2.0
            assert 1.9 <= heavy_s < 6.0  # answered at the budget, not when the analysis would have ended
            assert short_answers and all(a == (200, "remove") for a in short_answers)
            assert max(short_times) < 1.5, short_times  # never held for the heavy analysis (which burns 120 s)
            # The busy worker was stopped (not left running for two minutes) and a fresh one answers again.
            assert _until_ok(base, long_but_cheap).status_code == 200
            assert _isolated_workers_alive() <= 1
    finally:
        lanes.close()


@pytest.mark.timeout(180)
def test_a_full_waiting_line_is_refused_at_once_with_retry_after():
    config = ApiConfig(auth=False, access_log=False, time_budget_s=3.0, isolate_above_chars=500,
                       isolated_workers=1, isolated_queue_max=1)
    app = create_app(config, engine=burning_engine(seconds=120))
    lanes = app.state.services.workers
    try:
        with serve(app) as base:
            assert _until_ok(base, "a calm and long text about the harbour. " * 30).status_code == 200
            with ThreadPoolExecutor(3) as pool:
                heavy = [pool.submit(httpx.post, f"{base}/v1/analyze", json={"text": HEAVY + str(i)}, timeout=60)
                         for i in range(3)]
                answers = [f.result() for f in heavy]
            codes = sorted((r.status_code, r.json()["error"]["code"]) for r in answers)
            # One runs (out of time), one waits (out of time), the third finds the line full.
            assert codes == [(503, "HS602"), (504, "HS601"), (504, "HS601")], codes
            busy = next(r for r in answers if r.status_code == 503)
            assert int(busy.headers["retry-after"]) >= 1
            # Short texts have their own lane: still answered while long ones are refused.
            assert httpx.post(f"{base}/v1/analyze", json={"text": "they are vermin"}, timeout=10).status_code == 200
    finally:
        lanes.close()


class CustomEngine:
    """An engine a worker process cannot rebuild (not a hatescope Engine): long texts then run in threads."""

    def __init__(self, burn_seconds: float) -> None:
        self.inner = fake_engine(WORDS)
        self.burner = CpuBurner(seconds=burn_seconds)
        self.config = self.inner.config
        self.policy = self.inner.policy

    def load(self) -> "CustomEngine":
        return self

    def analyze(self, text, *, kind="post"):
        self.burner.burn_if_heavy(text)
        return self.inner.analyze(text, kind=kind)


def test_thread_lane_answers_504_at_the_budget_and_short_requests_still_answer():
    config = ApiConfig(auth=False, access_log=False, time_budget_s=0.5, isolate_above_chars=500)
    app = create_app(config, engine=CustomEngine(burn_seconds=2.0))
    assert not app.state.services.workers.isolated_in_processes
    client = TestClient(app, raise_server_exceptions=False)
    with ThreadPoolExecutor(1) as pool:
        t0 = time.monotonic()
        heavy = pool.submit(client.post, "/v1/analyze", json={"text": HEAVY})
        time.sleep(0.1)
        short = client.post("/v1/analyze", json={"text": "they are vermin"})
        r = heavy.result()
        heavy_s = time.monotonic() - t0
    assert short.status_code == 200 and short.json()["action"] == "remove"
    assert r.status_code == 504 and r.json()["error"]["code"] == "HS601" and heavy_s < 1.8

    # The Perspective endpoint answers in Google's shape, with the code in details.
    body = {"comment": {"text": HEAVY}, "requestedAttributes": {"TOXICITY": {}}, "languages": ["en"]}
    r = client.post("/v1alpha1/comments:analyze", json=body)
    assert r.status_code == 504 and r.json()["error"]["status"] == "DEADLINE_EXCEEDED"
    assert r.json()["error"]["details"][0]["reason"] == "HS601"

    # A batch reports the item that ran out of time and answers the others.
    r = client.post("/v1/analyze:batch", json={"items": [{"id": 1, "text": HEAVY}, {"id": 2, "text": "they are vermin"}]})
    assert r.status_code == 200
    heavy_item, short_item = r.json()["results"]
    assert heavy_item["error"]["code"] == "HS601" and heavy_item["analysis"] is None
    assert short_item["error"] is None and short_item["analysis"]["action"] == "remove"
    time.sleep(2.0)  # let the abandoned analyses finish before the next test takes the cores
