"""How ``hatescope score``'s worker processes start: forked from a warm server where that is safe, else spawned.

A spawned worker is a fresh interpreter: it imports numpy, tokenizers and hatescope and reads the packaged
lexicons (the spelling repair, the target finder) and the language identifier before its first batch, about 1 s
of CPU, paid again by every worker and every restarted one. On Linux the workers are instead forked from
multiprocessing's fork server: a fresh interpreter, started once per process, that does that work once
(:mod:`hatescope.worker_preload`, :mod:`hatescope.worker_preload_data`) and then forks each worker with it done
(the pages are shared until written). A worker is left with its own model sessions to load (~0.3 s).

What the server holds must survive a fork: module imports and plain Python and numpy data, made by one thread.
onnxruntime is not even imported there (its import starts a native thread; it costs ~30 ms); every model session
and every thread pool is made in the worker, after the fork. The server is a fresh interpreter, not a fork of the
caller, so whatever threads the caller runs never reach a worker.

Elsewhere (macOS, where the child of a fork may crash in system frameworks; Windows, which has no fork), or where
the server cannot start (no Unix sockets), the workers are spawned.
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from importlib.machinery import ModuleSpec
from multiprocessing.context import BaseContext
from typing import Any, Callable, Iterator

from hatescope.config import EngineConfig

#: What the fork server imports before it forks a worker; importing it is the work.
IMPORTS = "hatescope.worker_preload"
#: Reads the packaged lexicons' resources and the language identifier: only for an engine that uses them.
PACKAGED_DATA = "hatescope.worker_preload_data"


def default_start_method(platform: str = sys.platform, available: list[str] | None = None) -> str:
    """``forkserver`` on Linux where multiprocessing offers it, else ``spawn``."""
    available = multiprocessing.get_all_start_methods() if available is None else available
    return "forkserver" if platform.startswith("linux") and "forkserver" in available else "spawn"


def uses_packaged_data(config: EngineConfig) -> bool:
    """Whether an engine of ``config`` reads the packaged lexicons and stance model (hatescope.resources builds
    another set for a lexicon folder, a lexicon detector given its own files, or another stance model)."""
    own_files = any(spec.name == "hatescope.lexicon.v1" and spec.params.get("paths") is not None
                    for spec in config.detectors)
    return config.lexicons is None and config.stance_model is None and not own_files


def worker_context(start_method: str | None, config: EngineConfig) -> BaseContext:
    """The multiprocessing context that starts the workers of an engine of ``config``: ``forkserver`` or ``spawn``.

    ``None`` picks :func:`default_start_method`, and ``spawn`` where the fork server cannot start. The server is
    started here, so that it warms up while the caller goes on (``hatescope score`` calls this before its own
    imports); a server already running in this process (an earlier run) is reused as it is: it holds imports and
    read-only data, which any engine uses or ignores.
    """
    method = start_method or default_start_method()
    if method != "forkserver":
        return multiprocessing.get_context(method)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([IMPORTS, *([PACKAGED_DATA] if uses_packaged_data(config) else [])])
    try:
        from multiprocessing import forkserver

        forkserver.ensure_running()
    except OSError:  # no Unix socket or no temporary folder here
        if start_method is not None:
            raise
        return multiprocessing.get_context("spawn")
    return context


class WorkerPool:
    """A process pool that can be replaced when one of its workers dies (hatescope.parallel sends its batches
    again); its workers run ``initializer(*initargs)`` once each."""

    def __init__(self, workers: int, context: BaseContext, initializer: Callable[..., None],
                 initargs: tuple[Any, ...], *, rerun_main: bool) -> None:
        self._workers, self._context, self._rerun_main = workers, context, rerun_main
        self._initializer, self._initargs = initializer, initargs
        self._executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self._workers, mp_context=self._context, initializer=self._initializer,
                                   initargs=self._initargs)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        with _main_not_rerun(not self._rerun_main):  # workers start as jobs are submitted
            return self._executor.submit(fn, *args)

    def replace(self) -> None:
        """A fresh pool (the batches to send again are sent by the caller, one at a time)."""
        self.stop()
        self._executor = self._new()

    def stop(self) -> None:
        """Stop now: queued batches are dropped and running workers ended (this run no longer wants them)."""
        processes = list((getattr(self._executor, "_processes", None) or {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            if proc.is_alive():
                proc.terminate()
        for proc in processes:
            proc.join(timeout=5)


@contextmanager
def _main_not_rerun(active: bool) -> Iterator[None]:
    """While workers start, present ``__main__`` as one they skip (a spec named ``__main__``): a spawned worker, and
    one from the fork server alike, otherwise runs the parent's main script again as ``__mp_main__``."""
    main = sys.modules.get("__main__")
    if not active or main is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    main.__spec__ = ModuleSpec("__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None


__all__ = ["IMPORTS", "PACKAGED_DATA", "WorkerPool", "default_start_method", "uses_packaged_data", "worker_context"]
