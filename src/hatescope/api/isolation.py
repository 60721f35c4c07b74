"""The long-text lane: worker processes, each with its own engine, stopped when a text outlasts its budget.

Why processes: the analysis is CPU-bound Python. In a thread, a long text holds the GIL in 5 ms
slices for as long as it runs, and every short request (and the event loop itself) queues for
those slices. In another process it holds nothing of the server's. The workers also run at a
lower CPU priority (nice +10): when the cores are contended the kernel serves the server process
first, so short requests stay fast while long texts take what is left.

Why stop them: Python cannot interrupt a running analysis, but it can end a process. A worker still
busy at its request's deadline is killed and a fresh one started (engine loaded again, about a
second), so abandoned work never piles up. The waiting line is bounded too (``max_waiting``):
past it a request is refused at once with 503 HS602 and ``Retry-After``.

A worker: spawned (no fork of a process that holds onnxruntime threads), it imports the modules
that registered the parent's detectors (plug-ins, test fakes), builds the engine from the parent's
config and policy, analyses one warm-up text, says "ready", then answers ``(text, kind)`` messages.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import multiprocessing
import os
import signal
import threading
import time
import traceback
from concurrent.futures import Future
from collections import deque
from dataclasses import dataclass
from typing import Any

from hatescope.errors import AnalysisTimedOut, HatescopeError, ModelError, ServerBusy
from hatescope.types import Analysis

log = logging.getLogger("hatescope.api")

#: Loading models from a slow disk can take a while; past this a worker is given up as broken.
_STARTUP_TIMEOUT_S = 300.0
#: After a worker failed to start, wait this long before trying again (no spawn storm on a broken model).
_RESTART_BACKOFF_S = 10.0
_WARM_UP_TEXT = "A short text that loads every model before the first request."
#: CPU priority of the workers relative to the server (higher is nicer to others).
WORKER_NICENESS = 10
#: Spawning briefly changes ``__main__.__spec__``: one spawn at a time.
_SPAWN_LOCK = threading.Lock()


def time_budget_error(budget_s: float) -> AnalysisTimedOut:
    return AnalysisTimedOut(
        f"the analysis did not finish within this server's time budget of {budget_s:g} s", budget_seconds=budget_s
    )


def can_rebuild(engine: Any) -> bool:
    """True when a worker process can build the same engine (a hatescope Engine, from its config and policy)."""
    from hatescope.engine import Engine

    return isinstance(engine, Engine)


@dataclass(frozen=True)
class EngineRecipe:
    """What a worker needs to build the parent's engine: its config, its policy, the modules behind its detectors."""

    config: dict[str, Any]
    policy: Any
    modules: tuple[str, ...]

    @classmethod
    def of(cls, engine: Any) -> "EngineRecipe":
        from hatescope.parallel import plugin_modules

        return cls(engine.config.model_dump(), engine.policy, tuple(plugin_modules()))

    def build(self) -> Any:
        from hatescope.config import EngineConfig
        from hatescope.engine import Engine

        for name in self.modules:
            with contextlib.suppress(ImportError):  # the registry's coded error says what is missing
                importlib.import_module(name)
        return Engine(config=EngineConfig.model_validate(self.config), policy=self.policy).load()


def _error_payload(exc: HatescopeError) -> tuple[str, str, str, dict[str, Any]]:
    return type(exc).__name__, exc.message, exc.code, dict(exc.details)


def _error_from(payload: tuple[str, str, str, dict[str, Any]]) -> HatescopeError:
    from hatescope.parallel import _exc_from  # the same rebuild `hatescope score --workers` uses

    return _exc_from(payload)


def _lower_priority(pid: int, niceness: int) -> None:
    """Run ``pid`` ``niceness`` steps below this process's own CPU priority (where the OS allows it)."""
    with contextlib.suppress(OSError, AttributeError):  # AttributeError: no setpriority on this platform
        os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + niceness))


def _worker_main(conn: Any, recipe: EngineRecipe) -> None:
    """The worker process. Every reply is ("ok", Analysis), ("error", coded error) or ("crash", traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the server, and the server stops its workers
    from hatescope.device import one_thread_per_process

    one_thread_per_process()  # the workers and the server's threads already share the cores
    try:
        engine = recipe.build()
        engine.analyze(_WARM_UP_TEXT)
    except HatescopeError as exc:
        conn.send(("fatal", _error_payload(exc)))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the server went away
            return
        if message is None:
            return
        text, kind = message
        try:
            reply: tuple[str, Any] = ("ok", engine.analyze(text, kind=kind))
        except HatescopeError as exc:
            reply = ("error", _error_payload(exc))
        except Exception as exc:  # noqa: BLE001 - a bug: the server answers 500 and logs the frames, the worker lives on
            reply = ("crash", "".join(traceback.format_tb(exc.__traceback__)))  # frames only: a message may quote the text
        conn.send(reply)


class WorkerCrashed(RuntimeError):
    """An analysis failed with an unexpected exception (a bug) in a worker process: the server's 500 HS000."""


class _Worker:
    """One worker process and the pipe to it; ``error`` remembers why the last start failed."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.process: Any = None
        self.conn: Any = None
        self.error: HatescopeError | None = None
        self.retry_at = 0.0
        self.ready = False

    def alive(self) -> bool:
        return self.process is not None and self.process.is_alive()

    def start(self, recipe: EngineRecipe, niceness: int) -> None:
        from hatescope.worker_start import _main_not_rerun

        ctx = multiprocessing.get_context("spawn")
        mine, theirs = ctx.Pipe()
        process = ctx.Process(target=_worker_main, args=(theirs, recipe), name=self.name, daemon=True)
        # The worker needs nothing from the server's __main__ (its detectors' modules are in the recipe), and a
        # script without an `if __name__ == "__main__"` guard would start a server in every worker.
        with _SPAWN_LOCK, _main_not_rerun(True):
            process.start()
        _lower_priority(process.pid, niceness)  # from its first instruction on: its imports too yield to the server
        theirs.close()
        self.process, self.conn = process, mine
        try:
            if not mine.poll(_STARTUP_TIMEOUT_S):
                raise ModelError(f"the analysis worker did not load the engine within {_STARTUP_TIMEOUT_S:g} s")
            status, payload = mine.recv()
        except (EOFError, OSError):
            self.stop()
            raise ModelError("the analysis worker exited while loading the engine") from None
        except HatescopeError:
            self.stop()
            raise
        if status == "fatal":
            self.stop()
            raise _error_from(payload)
        self.ready = True

    def stop(self) -> None:
        process, conn = self.process, self.conn
        self.process = self.conn = None
        self.ready = False
        if process is not None:
            process.kill()  # SIGKILL: a worker deep in an analysis does not answer anything gentler
            process.join(timeout=5)
        if conn is not None:
            conn.close()


@dataclass
class _Job:
    text: str
    kind: str
    deadline: float  # time.monotonic()
    future: "Future[Analysis]"


class ProcessLane:
    """Long texts, analysed by ``workers`` processes; at most ``max_waiting`` more wait for one."""

    def __init__(self, engine: Any, *, workers: int, max_waiting: int, budget_s: float,
                 retry_after: int, niceness: int = WORKER_NICENESS) -> None:
        self.engine = engine
        self.workers = workers
        self.budget_s = budget_s
        self.retry_after = retry_after
        self.niceness = niceness
        self.max_waiting = max_waiting
        self._waiting: deque[_Job] = deque()
        self._line = threading.Condition()
        self._pool = [_Worker(f"hatescope-isolated-{i}") for i in range(workers)]
        self._threads: list[threading.Thread] = []
        self._recipe: EngineRecipe | None = None
        self._lock = threading.Lock()
        self._closed = threading.Event()

    def depth(self) -> int:
        with self._line:
            return sum(1 for job in self._waiting if not job.future.cancelled())

    def ready(self) -> int:
        """Workers whose engine is loaded (started and alive)."""
        return sum(1 for worker in self._pool if worker.ready and worker.alive())

    def start(self) -> None:
        """Start the workers now (each loads its engine in the background) rather than at the first long text."""
        with self._lock:
            if self._threads or self._closed.is_set():
                return
            self._recipe = EngineRecipe.of(self.engine)
            for worker in self._pool:
                thread = threading.Thread(target=self._supervise, args=(worker,), name=f"{worker.name}-supervisor", daemon=True)
                thread.start()
                self._threads.append(thread)

    def submit(self, text: str, kind: str, deadline: float) -> "Future[Analysis]":
        self.start()
        job = _Job(text, kind, deadline, Future())
        with self._line:
            # Texts whose requests have already been answered (out of time) hold no place in the line.
            live = [waiting for waiting in self._waiting if not waiting.future.cancelled()]
            self._waiting = deque(live)
            if len(live) >= self.max_waiting:
                raise ServerBusy(
                    f"every long-text worker is busy and {len(live)} long texts are waiting; retry later",
                    retry_after=self.retry_after,
                )
            self._waiting.append(job)
            self._line.notify()
        return job.future

    def _next_job(self, timeout: float) -> _Job | None:
        with self._line:
            if not self._waiting:
                self._line.wait(timeout)
            return self._waiting.popleft() if self._waiting else None

    def close(self) -> None:
        self._closed.set()
        for worker in self._pool:
            worker.stop()

    # ------------------------------------------------------------ supervisor side (one thread per worker)
    def _supervise(self, worker: _Worker) -> None:
        while not self._closed.is_set():
            if not worker.alive() and time.monotonic() >= worker.retry_at:
                self._start(worker)  # warm before the next job; a failure is remembered in worker.error
            job = self._next_job(timeout=0.5)
            if job is None:
                continue
            if not job.future.set_running_or_notify_cancel():
                continue  # its request has been answered already (out of time)
            try:
                job.future.set_result(self._run(worker, job))
            except BaseException as exc:  # noqa: BLE001 - the waiting request gets the failure; the supervisor lives on
                job.future.set_exception(exc)

    def _start(self, worker: _Worker) -> None:
        assert self._recipe is not None
        try:
            worker.start(self._recipe, self.niceness)
            worker.error = None
            if self._closed.is_set():  # the server stopped while this worker was loading
                worker.stop()
            return
        except HatescopeError as exc:
            error = exc
        except Exception as exc:  # noqa: BLE001 - the supervisor must outlive any failure to start a process
            log.error("analysis worker failed to start\n%s", "".join(traceback.format_tb(exc.__traceback__)))
            error = ModelError(f"the analysis worker could not be started ({type(exc).__name__})")
        log.error("analysis worker failed to start: %s", error.code)
        worker.error, worker.retry_at = error, time.monotonic() + _RESTART_BACKOFF_S

    def _run(self, worker: _Worker, job: _Job) -> Analysis:
        if not worker.alive():
            if worker.error is not None and time.monotonic() < worker.retry_at:
                raise worker.error
            self._start(worker)
            if worker.error is not None:
                raise worker.error
        remaining = job.deadline - time.monotonic()
        if remaining <= 0:
            raise time_budget_error(self.budget_s)
        try:
            worker.conn.send((job.text, job.kind))
            if not worker.conn.poll(remaining):
                worker.stop()  # the analysis cannot be interrupted, the process can; the next job starts a fresh one
                raise time_budget_error(self.budget_s)
            status, payload = worker.conn.recv()
        except (EOFError, OSError):  # killed from outside, or out of memory
            worker.stop()
            raise WorkerCrashed("the analysis worker process exited during an analysis") from None
        if status == "ok":
            return payload
        if status == "error":
            raise _error_from(payload)
        log.error("analysis worker: unexpected error\n%s", payload)
        raise WorkerCrashed("unexpected error in the analysis worker")
