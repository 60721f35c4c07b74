"""Shared builders for the API tests (no tests here): an app over a fake engine, with or without a store and keys."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from fastapi.testclient import TestClient

from hatescope.api import ApiConfig, create_app
from tests.fakes import fake_engine

#: Fixed words the fake detector flags, one per label family the Perspective mapping reads.
WORDS = {
    "vermin": ("dehumanization", 0.9),
    "pests": ("dehumanization", 0.6),
    "idiots": ("insult", 0.7),
    "damn": ("profanity", 0.65),
    "burn": ("incitement", 0.8),
}


def make_client(tmp_path=None, *, store: bool = False, **config) -> tuple[TestClient, object]:
    """(client, store or None). Auth is off unless ``auth=True`` is passed (then a store is opened)."""
    config.setdefault("auth", False)
    config.setdefault("key_cache_seconds", 0)
    db = None
    if store or config["auth"]:
        from hatescope.store import Store

        db = Store.open(f"sqlite:///{tmp_path}/api.db")
    app = create_app(ApiConfig(**config), engine=fake_engine(WORDS), store=db)
    return TestClient(app, raise_server_exceptions=False), db


@contextmanager
def served_on_loopback(app) -> Iterator[int]:
    """Run ``app`` in a real uvicorn server on a free 127.0.0.1 port (for clients that speak real HTTP); yields the port."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)
