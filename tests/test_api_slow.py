"""The API over the real default engine (trained classifier + lexicons), end to end."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from hatescope.api import ApiConfig, create_app
from hatescope.errors import ModelError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client():
    from hatescope.engine import Engine

    engine = Engine()
    try:
        engine.load()
    except ModelError as exc:
        pytest.skip(f"default engine cannot load: {exc}")
    return TestClient(create_app(ApiConfig(auth=False), engine=engine), raise_server_exceptions=False)


def test_perspective_request_over_the_real_engine(client):
    body = {
        "comment": {"text": "Thanks to the volunteers who cleaned the beach this morning, it looks brilliant."},
        "requestedAttributes": {name: {} for name in ("TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT")},
        "languages": ["en"], "spanAnnotations": True, "doNotStore": True, "clientToken": "t",
    }
    r = client.post("/v1alpha1/comments:analyze", json=body)
    assert r.status_code == 200, r.text
    scores = r.json()["attributeScores"]
    assert set(scores) == set(body["requestedAttributes"])
    assert scores["SEVERE_TOXICITY"]["summaryScore"]["value"] <= scores["TOXICITY"]["summaryScore"]["value"]
    assert scores["TOXICITY"]["summaryScore"]["value"] < 0.5  # a friendly post


def test_native_analysis_over_the_real_engine(client):
    r = client.post("/v1/analyze", json={"text": "They are vermin and should be exterminated.", "kind": "post"})
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["findings"] and max(a["scores"].values()) > 0.3
    text = a["text"]
    assert all(text[f["start"]:f["end"]] == f["text"] for f in a["findings"])
