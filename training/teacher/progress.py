"""A progress bar with rows/s and ETA: tqdm when it is installed, else a plain line every 15 s (``every_s``)."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, label: str, unit: str = "rows", every_s: float = 15.0, initial: int = 0) -> None:
        self.total, self.label, self.unit, self.every_s = total, label, unit, every_s
        self.done, self.start, self.last = initial, time.time(), 0.0
        self.cpu_start = time.process_time()  # CPU seconds (all threads): a rate that a busy machine does not distort
        self.initial = initial
        try:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=initial, desc=label, unit=unit.rstrip("s"), unit_scale=False,
                            dynamic_ncols=True, mininterval=2.0, file=sys.stderr)
        except ImportError:
            self.bar = None

    def rate(self) -> float:
        return (self.done - self.initial) / max(time.time() - self.start, 1e-9)

    def update(self, n: int, note: str = "") -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            if note:
                self.bar.set_postfix_str(note, refresh=False)
            return
        now = time.time()
        if now - self.last >= self.every_s or self.done >= self.total:
            self.last = now
            rate = self.rate()
            eta = (self.total - self.done) / rate if rate > 0 else float("inf")
            print(f"{self.label}: {self.done}/{self.total} {self.unit}, {rate:.1f} {self.unit}/s, "
                  f"ETA {eta / 60:.1f} min {note}", file=sys.stderr, flush=True)

    def close(self, message: str = "") -> None:
        if self.bar is not None:
            self.bar.close()
        n, cpu = self.done - self.initial, time.process_time() - self.cpu_start
        print(f"{self.label}: {n} {self.unit} in {time.time() - self.start:.1f} s wall ({self.rate():.2f} {self.unit}/s), "
              f"{cpu:.1f} CPU-s ({n / max(cpu, 1e-9):.2f} {self.unit} per CPU-s) {message}".rstrip(),
              file=sys.stderr, flush=True)
