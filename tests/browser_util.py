"""Helpers for browser tests (no tests here): serve an ASGI app on a free loopback port, drive Debian's Chromium.

Never downloads a browser: Playwright is pointed at /usr/bin/chromium (scripts/install-system-deps.sh
installs it). Tests skip with the reason when Playwright or Chromium is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("HATESCOPE_CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium quiet and offline: no sandbox (CI runs as root), no GPU, no update or sync traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread; yields its base URL and stops it afterwards."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def require_browser() -> None:
    """Skip with the reason unless Playwright and Chromium are both here."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("browser tests need the playwright package: pip install 'hatescope[dev]' (never `playwright install`)")
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}: run scripts/install-system-deps.sh (apt-get install chromium)")


@contextlib.contextmanager
def chromium_page(*, width: int = 1280, height: int = 1000) -> Iterator[Any]:
    """A fresh page in Debian's Chromium; requests to any host but 127.0.0.1 are refused and recorded."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.outside_requests = []  # type: ignore[attr-defined]

            def gate(route: Any) -> None:
                if route.request.url.startswith("http://127.0.0.1:"):
                    route.continue_()
                else:
                    page.outside_requests.append(route.request.url)  # type: ignore[attr-defined]
                    route.abort()

            page.route("**/*", gate)
            yield page
        finally:
            browser.close()
