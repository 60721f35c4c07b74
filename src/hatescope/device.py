"""Where the model runs: ``--device cpu`` (default) or ``--device cuda``.

Only the encoder moves to the GPU; tokenisation, normalisation, the lexicon and the policy stay on
the CPU. On CUDA the encoder runs in PyTorch (``pip install 'hatescope[gpu]'``; same weights, read
from the ONNX file) or, where PyTorch has no GPU but onnxruntime-gpu is installed, in ONNX Runtime's
CUDA provider. Asking for CUDA where neither can reach a GPU is a coded error, never a silent
fall-back to the CPU: a benchmark that claims GPU numbers must really have run on the GPU.
"""

from __future__ import annotations

from hatescope.errors import DeviceUnavailable

DEVICES = ("cpu", "cuda")


#: Encoder back-ends: ``auto`` picks ONNX Runtime on the CPU and PyTorch on CUDA (ONNX Runtime's CUDA
#: provider when PyTorch cannot reach a GPU); ``onnx`` and ``torch`` force one.
BACKENDS = ("auto", "onnx", "torch")


def _torch_cuda(probe_gpu: bool = True) -> str | None:
    """None when PyTorch can run on a GPU here (or, without ``probe_gpu``, is installed at all), else why not."""
    if not probe_gpu:
        import importlib.util

        return None if importlib.util.find_spec("torch") else "PyTorch is not installed (pip install 'hatescope[gpu]')"
    try:
        import torch
    except ImportError:
        return "PyTorch is not installed (pip install 'hatescope[gpu]')"
    if not torch.cuda.is_available():
        return f"PyTorch {torch.__version__} sees no CUDA GPU"
    return None


def encoder_backend(device: str, backend: str = "auto", *, probe_gpu: bool = True) -> str:
    """``onnx`` or ``torch``: which runtime runs the encoder on ``device``; HS311 when none can.

    ``probe_gpu=False`` is the parent's check before it starts workers: it only asks whether PyTorch is
    installed, since importing it and asking CUDA takes seconds that every GPU run would wait for; each
    worker then probes the GPU itself when its classifier loads (the same HS311 if it finds none).
    """
    if device not in DEVICES:
        raise DeviceUnavailable(f"unknown device {device!r}; use one of: {', '.join(DEVICES)}")
    if backend not in BACKENDS:
        raise DeviceUnavailable(f"unknown backend {backend!r}; use one of: {', '.join(BACKENDS)}")
    if device == "cpu":
        if backend == "torch" and (why_not := _torch_cuda(probe_gpu=False)) is not None:
            raise DeviceUnavailable(f"backend torch: {why_not}")
        return "torch" if backend == "torch" else "onnx"
    if backend == "onnx":
        onnx_providers("cuda")
        return "onnx"
    why_not_torch = _torch_cuda(probe_gpu)
    if why_not_torch is None:
        return "torch"
    if backend == "torch":
        raise DeviceUnavailable(f"--device {device}: {why_not_torch}")
    import onnxruntime as ort

    if "CUDAExecutionProvider" in ort.get_available_providers():
        return "onnx"
    raise DeviceUnavailable(
        f"--device {device}: {why_not_torch}, and onnxruntime has no CUDAExecutionProvider "
        "(install 'hatescope[gpu]' with a CUDA build of PyTorch, or onnxruntime-gpu, and a GPU driver)"
    )


def onnx_providers(device: str) -> list[str]:
    """The onnxruntime execution providers for ``device``, most preferred first."""
    if device == "cpu":
        return ["CPUExecutionProvider"]
    if device != "cuda":
        raise DeviceUnavailable(f"unknown device {device!r}; use one of: {', '.join(DEVICES)}")
    import onnxruntime as ort

    available = ort.get_available_providers()
    if "CUDAExecutionProvider" not in available:
        raise DeviceUnavailable(
            "--device cuda: onnxruntime has no CUDAExecutionProvider on this machine "
            f"(available: {', '.join(available)}); install onnxruntime-gpu with a CUDA 12 runtime and a GPU driver"
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
