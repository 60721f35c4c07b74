"""Analysis workers: a fixed number of threads that take whatever texts are waiting, as one batch.

Why: on a small machine, one engine call per request thread lets a burst start dozens of model
runs that fight over two cores, and the tail latency explodes. Here at most ``workers`` batches
run at once; a worker that finds several requests waiting analyses them together
(``Engine.analyze_many``: one encoder pass), which costs less per text. An idle server sees
batches of one, so a lone request pays only a thread hand-off (tens of microseconds).

Thread-based (not asyncio) so it works from any event loop or thread, including test clients.
The waiting line is bounded (``max_waiting``): past it a request is refused at once (503 HS602)
rather than queued behind work it could never see finish. Long texts do not come here at all:
``lanes.py`` sends them to their own lane, so these threads only ever hold short analyses.
"""

from __future__ import annotations

import asyncio
import os
import queue
import threading
from concurrent.futures import Future
from typing import Any

from hatescope.errors import HatescopeError, InputError, ServerBusy
from hatescope.types import Analysis


def analyze_each(engine: Any, items: list[tuple[str, str]]) -> list[Analysis | HatescopeError]:
    """Batch through the engine; if one text is refused (empty, too large), fall back to one at a time."""
    if not items:
        return []
    if len(items) > 1 and hasattr(engine, "analyze_many"):
        try:
            return list(engine.analyze_many([t for t, _ in items], kinds=[k for _, k in items]))
        except InputError:
            pass
    out: list[Analysis | HatescopeError] = []
    for text, kind in items:
        try:
            out.append(engine.analyze(text, kind=kind))
        except InputError as exc:
            out.append(exc)
    return out


class AnalysisWorkers:
    def __init__(self, engine: Any, *, workers: int = 0, max_batch: int = 16, max_waiting: int = 0,
                 retry_after: int = 1) -> None:
        self.engine = engine
        self.workers = workers or min(4, os.cpu_count() or 1)
        self.max_batch = max_batch
        self.max_waiting = max_waiting  # 0: unbounded
        self.retry_after = retry_after
        self._queue: queue.SimpleQueue[tuple[str, str, Future]] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._start_lock = threading.Lock()

    def depth(self) -> int:
        return self._queue.qsize()

    def submit(self, text: str, kind: str = "post") -> "Future[Analysis]":
        """Queue one text; ServerBusy (503 HS602) when the waiting line is full."""
        if self.max_waiting and self._queue.qsize() >= self.max_waiting:
            raise ServerBusy(f"{self._queue.qsize()} texts are already waiting for analysis; retry shortly",
                             retry_after=self.retry_after)
        self._ensure_started()
        fut: Future = Future()
        self._queue.put((text, kind, fut))
        return fut

    async def analyze(self, text: str, kind: str = "post") -> Analysis:
        """Await one analysis; a refused text raises its coded error here."""
        return await asyncio.wrap_future(self.submit(text, kind))

    async def analyze_many(self, items: list[tuple[str, str]]) -> list[Analysis | HatescopeError]:
        """Per item: the Analysis, or the coded error that refused it (other errors propagate)."""
        futures = [asyncio.wrap_future(self.submit(t, k)) for t, k in items]
        results = await asyncio.gather(*futures, return_exceptions=True)
        for r in results:
            if isinstance(r, BaseException) and not isinstance(r, InputError):
                raise r
        return list(results)  # type: ignore[arg-type]

    def _ensure_started(self) -> None:
        if self._threads:
            return
        with self._start_lock:
            if not self._threads:
                for i in range(self.workers):
                    t = threading.Thread(target=self._run, name=f"hatescope-analysis-{i}", daemon=True)
                    t.start()
                    self._threads.append(t)

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < self.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            live = [(t, k, f) for t, k, f in batch if f.set_running_or_notify_cancel()]  # skip abandoned requests
            if not live:
                continue
            try:
                results: list[Any] = analyze_each(self.engine, [(t, k) for t, k, _ in live])
            except BaseException as exc:  # noqa: BLE001 - every waiting request gets the failure, the worker lives on
                results = [exc] * len(live)
            for (_, _, fut), result in zip(live, results):
                if isinstance(result, BaseException):
                    fut.set_exception(result)
                else:
                    fut.set_result(result)
