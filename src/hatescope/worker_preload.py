"""What the workers' fork server imports before it forks a worker (hatescope.worker_start): importing this module is
the work, done once in the server instead of once in each worker.

numpy, tokenizers, the engine and the built-in detectors' modules: only imports, which start no thread. numpy's
BLAS is held to one thread before numpy loads (a worker runs one anyway: hatescope.device.one_thread_per_process),
so that the server has no thread but its own when it forks. onnxruntime is left to the worker: its import starts a
native thread, which a fork would not carry over.
"""

import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"  # read once, when numpy loads OpenBLAS

import numpy  # noqa: E402,F401
import tokenizers  # noqa: E402,F401

import hatescope.detect.classifier  # noqa: E402,F401
import hatescope.detect.lexicon  # noqa: E402,F401
import hatescope.detect.multilingual  # noqa: E402,F401
import hatescope.detect.negated_praise  # noqa: E402,F401
import hatescope.engine  # noqa: E402,F401
import hatescope.parallel  # noqa: E402,F401 - the worker's entry points
