"""The analysis workers: bounded concurrency, batching under load, errors delivered to the right request."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from hatescope.api.batching import AnalysisWorkers
from hatescope.errors import EmptyInput, ModelError
from tests.fakes import fake_engine


class SlowRecordingEngine:
    """Wraps the fake engine: records batch sizes and how many calls overlap."""

    def __init__(self) -> None:
        self.inner = fake_engine({"vermin": ("dehumanization", 0.9)})
        self.batches: list[int] = []
        self.running = 0
        self.max_running = 0
        self._lock = threading.Lock()

    def _enter(self, n: int) -> None:
        with self._lock:
            self.batches.append(n)
            self.running += 1
            self.max_running = max(self.max_running, self.running)
        time.sleep(0.05)

    def _exit(self) -> None:
        with self._lock:
            self.running -= 1

    def analyze(self, text, *, kind="post"):
        self._enter(1)
        try:
            return self.inner.analyze(text, kind=kind)
        finally:
            self._exit()

    def analyze_many(self, texts, *, kinds=None):
        self._enter(len(texts))
        try:
            return self.inner.analyze_many(texts, kinds=kinds)
        finally:
            self._exit()


def test_waiting_texts_are_batched_and_concurrency_is_bounded():
    engine = SlowRecordingEngine()
    workers = AnalysisWorkers(engine, workers=2, max_batch=8)
    texts = [f"post {i} about vermin" if i % 3 == 0 else f"post {i}" for i in range(20)]

    async def main():
        return await asyncio.gather(*(workers.analyze(t) for t in texts))

    results = asyncio.run(main())
    assert [a.text for a in results] == texts  # each request gets its own answer
    assert [a.scores["dehumanization"] > 0 for a in results] == [i % 3 == 0 for i in range(20)]
    assert engine.max_running <= 2
    assert max(engine.batches) > 1 and sum(engine.batches) == 20


def test_a_refused_text_fails_only_its_own_request():
    workers = AnalysisWorkers(fake_engine(), workers=1)

    async def main():
        return await workers.analyze_many([("fine text", "post"), ("   ", "post"), ("they are vermin", "post")])

    ok, refused, flagged = asyncio.run(main())
    assert isinstance(refused, EmptyInput)
    assert ok.action == "allow" and flagged.action == "remove"


def test_an_engine_failure_reaches_every_waiter_and_the_worker_survives():
    class Flaky:
        calls = 0

        def analyze(self, text, *, kind="post"):
            Flaky.calls += 1
            if Flaky.calls == 1:
                raise ModelError("model crashed", code="HS302")
            return fake_engine().analyze(text, kind=kind)

    workers = AnalysisWorkers(Flaky(), workers=1)
    with pytest.raises(ModelError):
        workers.submit("first").result(timeout=10)
    assert workers.submit("second").result(timeout=10).text == "second"
