"""What ``hatescope score`` does when no worker count or batch size is given: defaults a user need not tune."""

from __future__ import annotations

import os

from hatescope.parallel import default_workers

#: Inputs smaller than this are scored in one process: a second worker loads its own engine (seconds), which
#: a few hundred posts do not pay back.
SMALL_INPUT_BYTES = 64 * 1024


def default_workers_for(source: str) -> int:
    """``hatescope score``'s worker count when none is given: one per core, but one for a small input file."""
    try:
        if source != "-" and os.path.getsize(source) < SMALL_INPUT_BYTES:
            return 1
    except OSError:
        pass  # unreadable here: the reader reports it
    return default_workers()


def default_batch_size(device: str) -> int:
    """Records per batch when none is given: a GPU wants hundreds of texts per encoder launch; on the CPU the
    encoder reads one text per call, and 128 keeps the per-batch overhead (pickling, one detector pass per
    batch) small while a worker's batches stay short enough to share the tail of a run evenly."""
    return 512 if device != "cpu" else 128


__all__ = ["SMALL_INPUT_BYTES", "default_batch_size", "default_workers_for"]
