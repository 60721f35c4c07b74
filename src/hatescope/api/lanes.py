"""Where each text is analysed, and how long its request waits for it.

Two lanes, chosen by length, so that one expensive text can never take the workers a short one needs:

* texts up to ``isolate_above_chars`` (2,000 by default: posts and comments) go to the batching
  threads of ``batching.py``, in this process;
* longer texts go to a lane of their own with a small, fixed number of workers (``isolation.py``):
  worker processes by default, so their CPU-bound Python never holds this process's GIL.

Every request has a time budget (``time_budget_s``, ``serve --time-budget``): at the deadline the
client gets 504 HS601, whatever the analysis is doing. A long-text worker still busy then is
killed; a short analysis finishes in its thread (it is short by construction) and its result is
dropped. Texts not yet started when their request gave up are never analysed. Both waiting lines
are bounded: a full one answers 503 HS602 with ``Retry-After`` at once.
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

from hatescope.api.batching import AnalysisWorkers
from hatescope.api.config import ApiConfig
from hatescope.api.isolation import ProcessLane, can_rebuild, time_budget_error
from hatescope.errors import AnalysisTimedOut, HatescopeError, InputError, ServerBusy
from hatescope.types import Analysis


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class AnalysisLanes:
    def __init__(self, engine: Any, config: ApiConfig) -> None:
        self.budget_s = config.time_budget_s
        self.isolate_above = config.isolate_above_chars
        self.short = AnalysisWorkers(
            engine, workers=config.analysis_workers, max_batch=config.analysis_batch_max,
            max_waiting=config.analysis_queue_max, retry_after=1,
        )
        workers = config.isolated_workers or min(2, _cores())
        retry_after = max(1, math.ceil(config.time_budget_s))
        self.long: ProcessLane | AnalysisWorkers
        if config.isolation == "process" and can_rebuild(engine):
            self.long = ProcessLane(engine, workers=workers, max_waiting=config.isolated_queue_max,
                                    budget_s=config.time_budget_s, retry_after=retry_after)
        else:  # an engine a process cannot rebuild (a custom object): threads, bounded the same way
            self.long = AnalysisWorkers(engine, workers=workers, max_batch=1,
                                        max_waiting=config.isolated_queue_max, retry_after=retry_after)

    @property
    def isolated_in_processes(self) -> bool:
        return isinstance(self.long, ProcessLane)

    def long_ready(self) -> int:
        """Long-text workers ready to analyse (threads always are)."""
        return self.long.ready() if isinstance(self.long, ProcessLane) else self.long.workers

    def depth(self) -> int:
        """Texts waiting in either lane (the analysis queue depth metric)."""
        return self.short.depth() + self.long.depth()

    def start(self) -> None:
        """Start the long-text workers now, so the first long text does not wait for their engines to load."""
        if isinstance(self.long, ProcessLane):
            self.long.start()

    def close(self) -> None:
        if isinstance(self.long, ProcessLane):
            self.long.close()

    # ------------------------------------------------------------ the analyses
    async def analyze(self, text: str, kind: str = "post") -> Analysis:
        """One analysis within the time budget; a refused text raises its coded error here."""
        deadline = time.monotonic() + self.budget_s
        return await self._wait(self._submit(text, kind, deadline), deadline)

    async def analyze_many(self, items: list[tuple[str, str]]) -> list[Analysis | HatescopeError]:
        """Per item: the Analysis, or the coded error of that item (refused text, out of time).

        A full waiting line refuses the whole request (503 HS602); other errors propagate."""
        deadline = time.monotonic() + self.budget_s
        futures: list[Future] = []
        try:
            for text, kind in items:
                futures.append(self._submit(text, kind, deadline))
        except ServerBusy:
            for fut in futures:
                fut.cancel()
            raise
        results = await asyncio.gather(*(self._wait(f, deadline) for f in futures), return_exceptions=True)
        for r in results:
            if isinstance(r, BaseException) and not isinstance(r, (InputError, AnalysisTimedOut)):
                raise r
        return list(results)  # type: ignore[arg-type]

    def analyze_blocking(self, text: str, kind: str = "post") -> Analysis:
        """The same, for code already running in a worker thread (the review page's sync handlers)."""
        deadline = time.monotonic() + self.budget_s
        fut = self._submit(text, kind, deadline)
        try:
            return fut.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            fut.cancel()
            raise time_budget_error(self.budget_s) from None

    def _submit(self, text: str, kind: str, deadline: float) -> "Future[Analysis]":
        if isinstance(text, str) and len(text) > self.isolate_above:
            if isinstance(self.long, ProcessLane):
                return self.long.submit(text, kind, deadline)
            return self.long.submit(text, kind)
        return self.short.submit(text, kind)

    async def _wait(self, fut: "Future[Analysis]", deadline: float) -> Analysis:
        try:
            return await asyncio.wait_for(asyncio.wrap_future(fut), max(0.0, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            fut.cancel()  # not started yet: it never will be; started: its worker finishes or is stopped
            raise time_budget_error(self.budget_s) from None
