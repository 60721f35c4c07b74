"""What the benchmark scripts share: where the repository and the generated numbers live, the command prefix
that names a non-default engine config, the machine description, running a command under measurement, and
rewriting one generated section of a shared doc (docs/PERFORMANCE.md) without touching the others.

A section lives between ``<!-- section:NAME -->`` and ``<!-- /section:NAME -->``. Several scripts
(and several people) write docs/PERFORMANCE.md, so the file is re-read right before the write and
only the text between this section's markers changes.
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The JSON results and plots that docs/PERFORMANCE.md is rendered from.
OUT_DIR = ROOT / "docs" / "performance"


def env_prefix() -> str:
    """``HATESCOPE_CONFIG=...`` when an engine config other than the default was benchmarked."""
    cfg = os.environ.get("HATESCOPE_CONFIG")
    if not cfg:
        return ""
    try:
        cfg = str(Path(cfg).resolve().relative_to(ROOT))
    except ValueError:
        pass
    return f"HATESCOPE_CONFIG={cfg} "


def hardware() -> dict[str, object]:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem = 0.0
    try:
        import psutil

        mem = psutil.virtual_memory().total / 2**30
    except ImportError:
        pass
    return {"cpu": model, "cores": cores, "memory_gib": round(mem, 1), "python": platform.python_version(),
            "load_avg_start": os.getloadavg()[0]}


def _adopt_orphans() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux's child subreaper), so that their CPU time
    reaches RUSAGE_CHILDREN: ``hatescope score``'s workers are children of multiprocessing's fork server, which
    nobody waits for (it ends just after the command). False where that is not available."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def measured(cmd: list[str], *, env: dict[str, str] | None = None) -> dict[str, float]:
    """Run ``cmd``; wall seconds, CPU seconds (tree, orphaned descendants included), peak RSS in MiB (tree, summed)."""
    import psutil

    adopting = _adopt_orphans()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = psutil.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    seen: set[int] = set()
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            seen.update(p.pid for p in tree[1:])
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.02)
    wall = time.perf_counter() - started
    out, err = proc.communicate()
    for pid in sorted(seen) if adopting else ():  # the descendants left behind are ours now: wait for their end
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass  # waited for by its own parent (its time is in that parent's)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return {"wall_s": wall, "cpu_s": cpu, "peak_rss_mib": peak / 2**20, "stdout": out.decode()[-2000:],
            "stderr": err.decode()[-2000:]}


def rates(r: dict[str, float], n: int) -> dict[str, float]:
    return {"wall_s": round(r["wall_s"], 2), "cpu_s": round(r["cpu_s"], 2), "posts_per_s": round(n / r["wall_s"], 1),
            "posts_per_cpu_s": round(n / r["cpu_s"], 1) if r["cpu_s"] else None, "peak_rss_mib": round(r["peak_rss_mib"], 1)}


_HEADER = "# Performance\n\nGenerated sections: each names the command that produced it.\n"


def write_section(path: Path, name: str, body: str, *, title: str | None = None) -> None:
    start, end = f"<!-- section:{name} -->", f"<!-- /section:{name} -->"
    text = path.read_text(encoding="utf-8") if path.exists() else _HEADER
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        heading = f"\n## {title or name.capitalize()}\n\n"
        text = text.rstrip("\n") + "\n" + heading + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
