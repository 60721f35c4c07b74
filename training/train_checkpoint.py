"""Mid-epoch checkpoints for training loops on a CPU, where a session can end at any moment.

A checkpoint holds what the loop needs to go on as if it had never stopped: weights, optimiser and schedule,
the position (epoch, step), the numpy generator's state at the start of that epoch (the epoch's batch order is
rebuilt exactly and the batches already done are skipped), torch's generator, and the best epoch so far.
It is written to a temporary file and renamed, so a kill during the write leaves the previous checkpoint whole.
A checkpoint whose fingerprint (the run's arguments and row counts) differs from the current run is ignored:
resuming a different run would silently mix two trainings.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


class Checkpointer:
    """Saves when ``due`` (at most every ``every_seconds``); ``load`` returns the state of a matching earlier run
    or None. With ``path`` None it does nothing (a caller that gives no output folder)."""

    def __init__(self, path: Path | None, fingerprint: str, every_seconds: float = 300.0) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.every_seconds = every_seconds
        self._last = time.monotonic()

    def load(self) -> dict | None:
        import torch

        if self.path is None or not self.path.exists():
            return None
        state = torch.load(self.path, map_location="cpu", weights_only=False)
        if state.get("fingerprint") != self.fingerprint:
            return None
        return state

    def due(self) -> bool:
        return self.path is not None and time.monotonic() - self._last >= self.every_seconds

    def save(self, state: dict) -> None:
        import torch

        if self.path is None:
            return
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        torch.save({**state, "fingerprint": self.fingerprint}, tmp)
        os.replace(tmp, self.path)
        self._last = time.monotonic()

    def clear(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
