"""`hatescope serve` wiring, without starting uvicorn: the store it opens and the settings it passes on."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import hatescope.cli  # noqa: F401 - registers every command on the app
from hatescope.cli.app import app as cli


@pytest.fixture()
def served(monkeypatch):
    """Run `serve` up to the point it would start uvicorn; returns what uvicorn would have been given."""
    captured: dict = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda api, **kw: captured.update(app=api, **kw))
    monkeypatch.setattr("hatescope.engine.Engine.load", lambda self: self)  # the wiring needs no model
    monkeypatch.setattr("hatescope.engine.Engine.analyze", lambda self, text, **kw: captured.setdefault("warmed", True))
    monkeypatch.setattr("gc.freeze", lambda: None)  # a test process keeps collecting its garbage
    monkeypatch.setattr("hatescope.device.one_thread_per_process", lambda: True)
    monkeypatch.setattr("hatescope.cli.server._configure_logging", lambda level: None)
    monkeypatch.setattr("hatescope.api.lanes.AnalysisLanes.start", lambda self: captured.setdefault("started", True))

    def run(*args: str) -> dict:
        result = CliRunner().invoke(cli, ["serve", *args])
        assert result.exit_code == 0, result.output
        return captured

    return run


def test_no_auth_without_db_opens_the_default_store_in_the_working_directory(tmp_path, monkeypatch, served):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HATESCOPE_DB", raising=False)
    out = served("--no-auth")
    assert (tmp_path / "hatescope.db").is_file()  # what `serve --help` promises: ./hatescope.db
    client = TestClient(out["app"])
    assert client.get("/healthz").json()["store"] is True
    queue = client.get("/review/")
    assert queue.status_code == 200 and "HS400" not in queue.text
    r = client.post("/v1/items/1/review", json={"decision": "confirm", "reason": "r"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "HS404"  # a store that answers, not 503 HS400


def test_hatescope_db_names_the_default_store_and_flags_reach_the_api(tmp_path, monkeypatch, served):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HATESCOPE_DB", str(tmp_path / "elsewhere.db"))
    out = served("--no-auth", "--time-budget", "2.5", "--isolate-above", "1500", "--isolated-workers", "1")
    assert (tmp_path / "elsewhere.db").is_file() and not (tmp_path / "hatescope.db").exists()
    config = out["app"].state.services.config
    assert (config.time_budget_s, config.isolate_above_chars, config.isolated_workers) == (2.5, 1500, 1)
    assert out["started"] is True  # the long-text workers are started before the first request
