"""A test fails when its output shows an internal error (``HS000``): a crash the user would see as one.

Output is looked at in two places: what pytest captured of this process (stdout/stderr of the test
call), and what a subprocess gave back through ``communicate()`` — ``subprocess.run(capture_output=True)``,
``check_output`` — which is how the CLI tests run the real command. A test that means to provoke an
internal error says so with ``@pytest.mark.allows_internal_error``.
"""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

INTERNAL = "HS000"
_seen_in_subprocesses: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "allows_internal_error: the test expects `HS000` in its output")


def _excerpt(stream: Any) -> str | None:
    text = stream.decode("utf-8", "replace") if isinstance(stream, bytes) else str(stream)
    at = text.find(INTERNAL)
    return None if at < 0 else text[max(0, at - 80): at + 240]


@pytest.fixture(autouse=True)
def _watch_subprocess_output(monkeypatch: pytest.MonkeyPatch) -> Any:
    original = subprocess.Popen.communicate

    def communicate(self: subprocess.Popen, *args: Any, **kwargs: Any) -> Any:
        out, err = original(self, *args, **kwargs)
        for stream in (out, err):
            found = _excerpt(stream) if stream else None
            if found is not None:
                _seen_in_subprocesses.append(found)
        return out, err

    _seen_in_subprocesses.clear()
    monkeypatch.setattr(subprocess.Popen, "communicate", communicate)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.passed or item.get_closest_marker("allows_internal_error"):
        return
    captured = [content for name, content in report.sections if "stdout" in name or "stderr" in name]
    found = [x for x in (_excerpt(c) for c in captured) if x is not None] + list(_seen_in_subprocesses)
    if found:
        report.outcome = "failed"
        report.longrepr = f"the output shows an internal error ({INTERNAL}), which users must never see:\n" + "\n---\n".join(found)
