"""API keys in all three places, revocation, rate limits, access logs, and the CLI that manages keys."""

from __future__ import annotations

import json
import logging

import pytest

from hatescope.cli import main
from hatescope.errors import ConfigError
from tests.test_api_helpers import make_client

BODY = {"comment": {"text": "hello there"}, "requestedAttributes": {"TOXICITY": {}}}


@pytest.fixture
def keyed(tmp_path):
    client, store = make_client(tmp_path, auth=True)
    key_id, key = store.create_api_key("tester", rate_limit_per_min=600)
    return client, store, key_id, key


@pytest.mark.parametrize("where", ["goog-header", "query", "bearer"])
def test_key_accepted_where_each_client_sends_it(keyed, where):
    client, _, _, key = keyed
    url, headers = "/v1alpha1/comments:analyze", {}
    if where == "goog-header":
        headers["x-goog-api-key"] = key
    elif where == "query":
        url += f"?key={key}"
    else:
        headers["authorization"] = f"Bearer {key}"
    assert client.post(url, json=BODY, headers=headers).status_code == 200


def test_missing_wrong_and_revoked_keys_are_401_with_codes(keyed):
    client, store, key_id, key = keyed
    r = client.post("/v1/analyze", json={"text": "hi"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "HS500"
    r = client.post("/v1/analyze", json={"text": "hi"}, headers={"authorization": "Bearer hs_00000000_nope"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "HS501"
    r = client.post("/v1alpha1/comments:analyze", json=BODY, headers={"x-goog-api-key": "wrong"})
    assert r.status_code == 401
    assert r.json()["error"]["status"] == "UNAUTHENTICATED" and r.json()["error"]["details"][0]["reason"] == "HS501"
    assert client.post("/v1/analyze", json={"text": "hi"}, headers={"authorization": f"Bearer {key}"}).status_code == 200
    store.revoke_api_key(key_id)
    r = client.post("/v1/analyze", json={"text": "hi"}, headers={"authorization": f"Bearer {key}"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "HS501"


def test_health_and_metrics_need_no_key(keyed):
    client, *_ = keyed
    assert client.get("/healthz").status_code == 200
    assert client.get("/metrics").status_code == 200


def test_rate_limit_answers_429_with_retry_after(tmp_path):
    client, store = make_client(tmp_path, auth=True)
    _, key = store.create_api_key("slow", rate_limit_per_min=3)
    headers = {"x-goog-api-key": key}
    codes = [client.post("/v1alpha1/comments:analyze", json=BODY, headers=headers).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    r = client.post("/v1alpha1/comments:analyze", json=BODY, headers=headers)
    assert r.status_code == 429
    assert 1 <= int(r.headers["retry-after"]) <= 20
    assert r.json()["error"]["status"] == "RESOURCE_EXHAUSTED" and r.json()["error"]["details"][0]["reason"] == "HS529"
    r = client.post("/v1/analyze", json={"text": "hi"}, headers={"authorization": f"Bearer {key}"})
    assert r.status_code == 429 and r.json()["error"]["code"] == "HS529" and "retry-after" in r.headers
    # Another key has its own bucket.
    _, other = store.create_api_key("other")
    assert client.post("/v1/analyze", json={"text": "hi"}, headers={"authorization": f"Bearer {other}"}).status_code == 200


def test_access_log_is_json_without_key_or_text(keyed, caplog):
    client, _, key_id, key = keyed
    with caplog.at_level(logging.INFO, logger="hatescope.api.access"):
        client.post(f"/v1alpha1/comments:analyze?key={key}", json={**BODY, "comment": {"text": "my private words"}})
    (line,) = [r.getMessage() for r in caplog.records if r.name == "hatescope.api.access"]
    record = json.loads(line)
    assert record["route"] == "/v1alpha1/comments:analyze" and record["status"] == 200 and record["client"] == key_id
    assert key not in line and "private" not in line


def test_create_app_with_auth_needs_a_store():
    from hatescope.api import ApiConfig, create_app
    from tests.fakes import fake_engine

    with pytest.raises(ConfigError):
        create_app(ApiConfig(auth=True), engine=fake_engine())


def test_serve_no_auth_refuses_a_public_address(capsys):
    assert main(["serve", "--no-auth", "--host", "0.0.0.0"]) == 3
    assert "error HS251" in capsys.readouterr().err


@pytest.mark.parametrize("args, code", [(["--model", "huge"], "HS305"), (["--device", "tpu"], "HS311")])
def test_serve_refuses_an_unknown_model_or_device_before_serving(args, code, capsys):
    assert main(["serve", "--no-auth", *args]) == 4
    assert f"error {code}" in capsys.readouterr().err


def test_keys_cli_create_list_revoke(tmp_path, capsys):
    db = str(tmp_path / "keys.db")
    assert main(["keys", "create", "bot", "--rate-limit", "30", "--db", db, "--json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert created["key"].startswith("hs_") and created["rate_limit_per_min"] == 30
    assert main(["keys", "list", "--db", db, "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [k["key_id"] for k in listed] == [created["key_id"]]
    assert created["key"] not in json.dumps(listed)
    assert main(["keys", "revoke", created["key_id"], "--db", db]) == 0
    assert main(["keys", "list", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["revoked_at"]
    assert main(["keys", "revoke", "deadbeef", "--db", db]) == 5  # NotFound is a StoreError


def test_key_guessing_from_one_address_is_rate_limited(tmp_path):
    client, _ = make_client(tmp_path, auth=True, anonymous_rate_limit_per_min=3)
    codes = [client.post("/v1/analyze", json={"text": "hi"}, headers={"authorization": f"Bearer hs_0000000{i}_x"}).status_code
             for i in range(4)]
    assert codes == [401, 401, 401, 429]
