"""`hatescope serve --log-format json`: every line JSON, request ids that match the responses, no post text."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from hatescope.api import ApiConfig, create_app
from hatescope.api.logs import JsonFormatter, TextFormatter
from tests.fakes import fake_engine

ROOT = Path(__file__).resolve().parents[1]
POST = "Quietly distinctive sentence about harbour pelicans"  # must never reach the log
BROKEN = "Another quiet sentence that breaks the detector"

# The real `hatescope serve`, with one extra detector that fails on a marker word, so a request can hit a bug.
_SERVER = """
import sys
from hatescope.registry import detectors

class Breaks:
    name, version = "test.breaks.v1", "test"
    def load(self):
        pass
    def detect(self, doc):
        if "breaks" in doc.text:
            raise RuntimeError("detector broke on: " + doc.text)
        return []

detectors.register("test.breaks.v1")(lambda **params: Breaks())
from hatescope.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(base: str, proc: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            httpx.get(base + "/healthz", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("serve did not start")


@pytest.fixture()
def json_server(tmp_path):
    (tmp_path / "settings.toml").write_text(
        'detectors = ["hatescope.lexicon.v1", "test.breaks.v1"]\nisolation = "thread"\n', encoding="utf-8")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HATESCOPE_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    cmd = [sys.executable, "-c", _SERVER, "serve", "--log-format", "json", "--no-auth", "--port", str(port),
           "--db", str(tmp_path / "hs.db"), "--config", str(tmp_path / "settings.toml")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}", proc)
        yield proc, f"http://127.0.0.1:{port}"
    finally:
        if proc.poll() is None:
            proc.kill()


def test_every_line_is_json_with_request_ids_and_no_post_text(json_server):
    proc, base = json_server
    ids = {}
    r = httpx.post(base + "/v1/analyze", json={"text": POST})
    assert r.status_code == 200
    ids["ok"] = r.headers["x-request-id"]
    r = httpx.post(base + "/v1/analyze", json={"text": BROKEN})
    assert r.status_code == 500 and r.json()["error"]["code"] == "HS000"
    ids["bug"] = r.headers["x-request-id"]
    r = httpx.post(base + "/v1/analyze", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code in (400, 422)
    ids["bad"] = r.headers["x-request-id"]
    r = httpx.get(base + "/healthz", headers={"x-request-id": "from-the-proxy.42"})
    assert r.headers["x-request-id"] == "from-the-proxy.42"  # an id the request came with is kept
    ids["given"] = "from-the-proxy.42"
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1]))) as raw:  # uvicorn's own error line
        raw.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        raw.recv(1024)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err

    lines = [line for line in (out + err).splitlines() if line.strip()]
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            pytest.fail(f"not a JSON line: {line!r}")
    assert all(isinstance(r, dict) and {"ts", "level", "logger"} <= set(r) for r in records)
    messages = [r.get("message", "") for r in records]
    for expected in ("Started server process", "Application startup complete", "Uvicorn running on",
                     "Application shutdown complete", "hatescope API on"):
        assert any(expected in m for m in messages), expected
    assert any(r["logger"].startswith("uvicorn") and r["level"] == "warning" for r in records)  # the bad request

    access = {r["request_id"]: r for r in records if r.get("event") == "request"}
    for name, rid in ids.items():
        assert rid in access, name
    assert access[ids["bug"]]["status"] == 500 and access[ids["ok"]]["status"] == 200
    (bug,) = [r for r in records if r["level"] == "error" and r.get("request_id") == ids["bug"]]
    assert "RuntimeError" in bug["traceback"] and "File " in bug["traceback"]  # frames, as a field of their own
    everything = out + err
    assert POST not in everything and BROKEN not in everything and "detector broke" not in everything


def test_a_failed_start_is_a_json_line_too(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HATESCOPE_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    proc = subprocess.run([sys.executable, "-m", "hatescope", "serve", "--log-format", "json", "--no-auth", "--host", "0.0.0.0"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 3
    (line,) = [json.loads(line) for line in proc.stderr.splitlines() if line.strip()]
    assert line["code"] == "HS251" and line["level"] == "error"


def _access_lines(caplog, log_text: bool) -> list[dict]:
    app = create_app(ApiConfig(auth=False, log_text=log_text), engine=fake_engine())
    with caplog.at_level(logging.INFO, logger="hatescope.api.access"), TestClient(app) as client:
        client.post("/v1/analyze", json={"text": POST})
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "hatescope.api.access"]


def test_post_text_is_logged_only_when_asked(caplog):
    assert all(POST not in json.dumps(line) for line in _access_lines(caplog, log_text=False))
    caplog.clear()
    assert any(POST in line.get("body", "") for line in _access_lines(caplog, log_text=True))


def test_exception_messages_are_left_out_of_tracebacks_unless_asked():
    try:
        raise ValueError(POST)
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    for formatter in (JsonFormatter(), TextFormatter()):
        line = formatter.format(record)
        assert "ValueError" in line and POST not in line
    assert POST in JsonFormatter(log_text=True).format(record)
