"""Perspective's own Python sample, unchanged but for the discovery URL, against a real hatescope server."""

from __future__ import annotations


import pytest

discovery = pytest.importorskip("googleapiclient.discovery")


from tests.test_api_helpers import make_client, served_on_loopback  # noqa: E402


@pytest.fixture
def served(tmp_path):
    """A real uvicorn server on a free loopback port (googleapiclient speaks real HTTP), with a key."""
    client, store = make_client(tmp_path, auth=True)
    _, key = store.create_api_key("google-client")
    with served_on_loopback(client.app) as port:
        yield f"http://127.0.0.1:{port}", key


def test_perspective_python_sample_runs_unchanged(served):
    base, API_KEY = served
    # --- Perspective's documented Python sample; only discoveryServiceUrl points at hatescope ---
    client = discovery.build(
        "commentanalyzer",
        "v1alpha1",
        developerKey=API_KEY,
        discoveryServiceUrl=f"{base}/$discovery/rest?version=v1alpha1",
        static_discovery=False,
    )
    analyze_request = {
        "comment": {"text": "friendly greetings from python"},
        "requestedAttributes": {"TOXICITY": {}},
    }
    response = client.comments().analyze(body=analyze_request).execute()
    # ---------------------------------------------------------------------------------------------
    assert set(response) == {"attributeScores", "languages", "detectedLanguages"}
    summary = response["attributeScores"]["TOXICITY"]["summaryScore"]
    assert summary["type"] == "PROBABILITY" and 0.0 <= summary["value"] < 0.5


def test_google_client_sees_errors_as_http_errors(served):
    from googleapiclient.errors import HttpError

    base, key = served
    client = discovery.build("commentanalyzer", "v1alpha1", developerKey=key,
                             discoveryServiceUrl=f"{base}/$discovery/rest?version=v1alpha1", static_discovery=False)
    with pytest.raises(HttpError) as info:
        client.comments().analyze(body={"comment": {"text": "hi"}, "requestedAttributes": {"FLIRTATION": {}}}).execute()
    assert info.value.resp.status == 400
    assert "FLIRTATION" in info.value.reason  # googleapiclient reads Google's error shape
