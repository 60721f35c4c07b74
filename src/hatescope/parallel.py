"""Batch scoring in one process or many (``hatescope score --workers N``).

The reader (the parent process) cuts the input into batches and hands them to N worker processes,
each with its own engine loaded once. Results come back in input order, and at most
``workers * PREFETCH`` batches are in flight at any moment, so memory stays flat on any input size:
the parent never reads ahead of what the workers can take.

Workers are forked from a fork server that has imported and read what they need, or spawned where that is not
safe (hatescope.worker_start); never forked from the caller, which may hold onnxruntime threads. They import the
modules that registered the parent's detectors, so plug-ins and test fakes work there too.
"""

from __future__ import annotations

import importlib
import inspect
import json
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
import os
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Sequence

from hatescope import errors
from hatescope.config import EngineConfig
from hatescope.errors import HatescopeError, InputError, WorkerDied
from hatescope.registry import detectors as detector_registry
from hatescope.worker_start import WorkerPool, worker_context

#: Batches queued per worker beyond the one it is working on; bounds memory and keeps workers busy.
PREFETCH = 2


@dataclass(frozen=True)
class Item:
    """One screened record on its way to the engine."""

    line: int
    id: Any
    text: Any
    kind: str


@dataclass
class BatchOutcome:
    """What became of one batch, in input order."""

    size: int  # records read, good and bad (for the progress bar)
    problems: list[HatescopeError] = field(default_factory=list)  # records refused before analysis
    #: Output rows: dicts, or JSON lines already encoded by the worker (``score_parallel(encode_jsonl=True)``).
    results: list[tuple[dict[str, Any] | str | None, HatescopeError | None]] = field(default_factory=list)


def output_record(rec_id: Any, analysis: Any) -> dict[str, Any]:
    """The row ``hatescope score`` writes for one analysed record."""
    return {
        "id": rec_id,
        "hateful": analysis.hateful,
        "action": analysis.action,
        "scores": {k: round(v, 4) for k, v in analysis.scores.items()},
        "findings": [f.to_dict() for f in analysis.findings],
        "labels": list(analysis.labels),
    }


def analyze_items(engine: Any, items: Sequence[Item], policy: Any) -> list[tuple[dict[str, Any] | None, HatescopeError | None]]:
    """Analyse a batch together; if one text is refused (empty, too large) fall back to one at a time."""
    texts = [it.text for it in items]
    kinds = [it.kind for it in items]
    try:
        analyses = engine.analyze_many(texts, kinds=kinds, policy=policy)
        return [(output_record(it.id, a), None) for it, a in zip(items, analyses)]
    except InputError:
        pass
    out: list[tuple[dict[str, Any] | None, HatescopeError | None]] = []
    for it in items:
        try:
            out.append((output_record(it.id, engine.analyze(it.text, kind=it.kind, policy=policy)), None))
        except InputError as exc:
            out.append((None, type(exc)(f"line {it.line}: {exc.message}", code=exc.code, **{**exc.details, "line": it.line})))
    return out


# --- engine configuration for a device and a worker count ------------------------------------------


def _accepts(factory: Any, param: str) -> bool:
    try:
        params = inspect.signature(factory).parameters
    except (TypeError, ValueError):
        return False
    return param in params  # not **kwargs: a factory that passes everything on may not take it


def _factory(name: str) -> Any:
    """The registered factory for ``name``; built-in "hatescope.X.vN" lives in hatescope.detect.X (as in the engine)."""
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "hatescope":
        try:
            importlib.import_module(f"hatescope.detect.{parts[1]}")
        except ImportError:
            pass  # the registry's coded error below says what is missing
    return detector_registry.get(name)


def configure(config: EngineConfig, *, device: str = "cpu", threads: int | None = None,
              model: str | None = None) -> EngineConfig:
    """``config`` with the model detectors set to run on ``device`` with ``threads`` intra-op threads
    (and, when ``model`` is given, to load that packaged model: ``default`` or ``fast``).

    A detector takes the setting only if its constructor has that parameter (lexicons have no device).
    """
    from hatescope.device import encoder_backend, onnx_providers

    encoder_backend(device, probe_gpu=False)  # fails here, with a coded error, if nothing could run on the device
    specs = []
    took_device = False
    for spec in config.detectors:
        params = dict(spec.params)
        factory = _factory(spec.name)
        if device != "cpu" and "device" not in params and _accepts(factory, "device"):
            params["device"] = device
            took_device = True
        elif device != "cpu" and "providers" not in params and _accepts(factory, "providers"):
            params["providers"] = onnx_providers(device)  # a plug-in with its own ONNX session
            took_device = True
        if threads is not None and "threads" not in params and _accepts(factory, "threads"):
            params["threads"] = threads
        if model is not None and _accepts(factory, "model"):
            params["model"] = model
        specs.append(spec.model_copy(update={"params": params}))
    if device != "cpu" and not took_device:
        raise errors.DeviceUnavailable(
            f"--device {device}: none of the configured detectors can run on it"
        )
    return config.model_copy(update={"detectors": specs})


# --- worker side -------------------------------------------------------------------------------------

_worker_engine: Any = None
_worker_policy: Any = None
_worker_setup: tuple[dict[str, Any], Any] | None = None
_worker_encodes = False


def _init_worker(config: dict[str, Any], policy: Any, modules: Sequence[str], encode_jsonl: bool = False) -> None:
    """Runs once per worker: cheap (no model loading, which could fail in an initializer and respawn forever)."""
    global _worker_setup, _worker_encodes
    from hatescope.device import one_thread_per_process

    one_thread_per_process()  # the workers split the cores already; a BLAS pool per worker only spins
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # a detector that cannot be imported fails later with the registry's coded error
    _worker_setup = (config, policy)
    _worker_encodes = encode_jsonl


def _exc_payload(exc: HatescopeError) -> tuple[str, str, str, dict[str, Any]]:
    return type(exc).__name__, exc.message, exc.code, dict(exc.details)


def _exc_from(payload: tuple[str, str, str, dict[str, Any]]) -> HatescopeError:
    cls_name, message, code, details = payload
    cls = getattr(errors, cls_name, HatescopeError)
    if not (isinstance(cls, type) and issubclass(cls, HatescopeError)):
        cls = HatescopeError
    return cls(message, code=code, **details)


def _score_in_worker(items: list[Item]) -> tuple[str, Any]:
    global _worker_engine, _worker_policy
    try:
        if _worker_engine is None:
            from hatescope.engine import Engine
            from hatescope.policy import resolve_policy

            assert _worker_setup is not None
            config, policy = _worker_setup
            _worker_engine = Engine(config=EngineConfig.model_validate(config)).load()
            _worker_policy = resolve_policy(policy) if policy is not None else None
        results = analyze_items(_worker_engine, items, _worker_policy)
    except HatescopeError as exc:  # model missing, bad policy...: the whole run stops with this error
        return "fatal", _exc_payload(exc)
    if _worker_encodes:  # JSON encoding costs the parent ~25 µs a row; spread over the workers it is free
        return "ok", [(None if rec is None else json.dumps(rec, ensure_ascii=False), None if err is None else _exc_payload(err))
                      for rec, err in results]
    return "ok", [(rec, None if err is None else _exc_payload(err)) for rec, err in results]


# --- parent side -------------------------------------------------------------------------------------


def plugin_modules() -> list[str]:
    """Modules whose import registers every detector known in this process (built-ins, plug-ins, fakes)."""
    mods = {getattr(f, "__module__", None) for f in detector_registry._items.values()}
    return sorted(m for m in mods if m and m != "__main__")


def score_parallel(
    batches: Iterable[tuple[int, list[HatescopeError], list[Item]]],
    *,
    config: EngineConfig,
    policy: Any,
    workers: int,
    start_method: str | None = None,
    rerun_main: bool = True,
    encode_jsonl: bool = False,
) -> Iterator[BatchOutcome]:
    """Score screened batches ``(size, problems, items)`` on ``workers`` processes; outcomes in input order.

    ``start_method``: ``forkserver`` or ``spawn``; None picks (hatescope.worker_start.worker_context).
    ``rerun_main=False`` spares the workers re-running the parent's ``__main__`` (either start method does
    that so that whatever it defines exists in the worker): right for the ``hatescope`` command, whose main is
    only the CLI (~0.2 s of imports per worker), wrong for a script that defines plug-ins itself.
    ``encode_jsonl=True``: results come back as JSON lines (str) encoded by the workers, for a JSONL writer:
    at tens of thousands of rows a second the parent's one core would otherwise be the limit.

    A worker that dies (killed, out of memory) breaks the pool: the batches not yet collected are sent
    again, once, to a fresh pool, one at a time (so a batch that kills its worker is found alone and the
    others are not lost with it); if a worker dies again on one of them, the run stops with HS610 at that
    batch (never a hang). Each outcome is yielded once, in order, so nothing is counted twice."""
    initargs = (config.model_dump(), str(policy) if policy is not None else None, plugin_modules(), encode_jsonl)
    pool = WorkerPool(workers, worker_context(start_method, config), _init_worker, initargs, rerun_main=rerun_main)
    pending: deque[_Pending] = deque()
    try:
        for size, problems, items in batches:
            pending.append(_Pending(size, problems, items, pool.submit(_score_in_worker, items) if items else None))
            while len(pending) > workers * PREFETCH:
                yield _collect(pool, pending)
        while pending:
            yield _collect(pool, pending)
    finally:
        pool.stop()


@dataclass
class _Pending:
    size: int
    problems: list[HatescopeError]
    items: list[Item]
    job: Any  # a Future, or None for a batch with nothing to analyse
    retried: bool = False
    held: bool = False  # to be sent again to the fresh pool when it is the oldest batch (one at a time)


def _collect(pool: WorkerPool, pending: deque[_Pending]) -> BatchOutcome:
    """The oldest pending batch's outcome (it stays queued until its result is in, for a retry)."""
    while True:
        entry = pending[0]
        if entry.held:
            entry.job, entry.held = pool.submit(_score_in_worker, entry.items), False
        if entry.job is None:
            pending.popleft()
            return BatchOutcome(entry.size, entry.problems, [])
        try:
            status, payload = entry.job.result()
        except BrokenProcessPool:
            if entry.retried:
                first = entry.items[0].line
                raise WorkerDied(
                    f"a worker process died again after a restart, at the batch from line {first} (killed, or out of "
                    "memory?); the output holds every record before that batch", line=first,
                ) from None
            again = [e for e in pending if e.job is not None and not _finished_well(e.job)]
            for waiting in again:
                waiting.retried, waiting.held = True, True
            pool.replace()
            continue
        pending.popleft()
        if status == "fatal":
            raise _exc_from(payload)
        return BatchOutcome(entry.size, entry.problems, [(rec, None if err is None else _exc_from(err)) for rec, err in payload])


def _finished_well(job: Future) -> bool:
    return job.done() and not job.cancelled() and job.exception() is None


def score_serial(
    batches: Iterable[tuple[int, list[HatescopeError], list[Item]]], *, engine: Any, policy: Any
) -> Iterator[BatchOutcome]:
    """The same contract as :func:`score_parallel`, in this process."""
    from hatescope.policy import resolve_policy

    resolved = resolve_policy(policy) if policy is not None else None  # parse a policy file once, not per batch
    for size, problems, items in batches:
        yield BatchOutcome(size, problems, analyze_items(engine, items, resolved) if items else [])


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
