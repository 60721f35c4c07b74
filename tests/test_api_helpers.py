"""Shared builders for the API tests (no tests here): an app over a fake engine, with or without a store and keys."""

from __future__ import annotations

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
