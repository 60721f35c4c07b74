"""Benchmarks beside the package: each script runs as ``python benchmarks/NAME.py`` and writes its numbers into docs/.

What they share lives in :mod:`benchmarks.harness`; the throughput section's renderers in
:mod:`benchmarks.throughput_report`.
"""
