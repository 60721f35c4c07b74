"""Where the model runs: ``--device cpu`` (default) or ``--device cuda`` (ONNX Runtime's CUDA provider).

Only the encoder (ONNX) moves to the GPU; tokenisation, normalisation, the lexicon and the policy
stay on the CPU. Asking for CUDA where onnxruntime has no CUDA provider is a coded error, never a
silent fall-back to the CPU: a benchmark that claims GPU numbers must really have run on the GPU.
"""

from __future__ import annotations

from hatescope.errors import ModelError

DEVICES = ("cpu", "cuda")

#: Error code for "the requested device is not available here" (docs/ERRORS.md).
DEVICE_UNAVAILABLE = "HS311"


def onnx_providers(device: str) -> list[str]:
    """The onnxruntime execution providers for ``device``, most preferred first."""
    if device == "cpu":
        return ["CPUExecutionProvider"]
    if device != "cuda":
        raise ModelError(f"unknown device {device!r}; use one of: {', '.join(DEVICES)}", code=DEVICE_UNAVAILABLE)
    import onnxruntime as ort

    available = ort.get_available_providers()
    if "CUDAExecutionProvider" not in available:
        raise ModelError(
            "--device cuda: onnxruntime has no CUDAExecutionProvider on this machine "
            f"(available: {', '.join(available)}); install onnxruntime-gpu with a CUDA 12 runtime and a GPU driver",
            code=DEVICE_UNAVAILABLE,
        )
    # The CPU provider stays as the fall-back for the few operators CUDA does not implement.
    return ["CUDAExecutionProvider", "CPUExecutionProvider"]


def one_thread_per_process() -> bool:
    """Hold numpy's BLAS (OpenBLAS, MKL) and the tokenizer to one thread in this process; True when BLAS was limited.

    For processes of ours that already split the cores among themselves: ``hatescope score`` workers,
    Spark's Python workers, the API server (its engine threads). The classifier's MLP head is a small
    matrix product per batch; a multi-threaded BLAS wakes its pool for it, and the pool's threads then
    spin on the other cores — measured 1.3 ms of CPU per post, as much as the 3-layer encoder itself
    (docs/PERFORMANCE.md). The tokenizer's thread pool costs ~20 µs of CPU per post the same way.
    Library calls (``hatescope.analyze``) leave the caller's settings alone.
    """
    import os

    import numpy  # noqa: F401 - threadpoolctl limits only the libraries already loaded: load numpy's BLAS first

    os.environ["TOKENIZERS_PARALLELISM"] = "false"  # read by tokenizers on each batch call
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - a declared dependency; without it only speed suffers
        return False
    threadpool_limits(1, user_api="blas")
    return True
