"""Store-backed endpoints: items, the review queue, reviews and the audit log."""

from __future__ import annotations

from tests.test_api_helpers import make_client


def test_review_workflow_over_http(tmp_path):
    client, store = make_client(tmp_path, store=True)
    ids = [client.post("/v1/analyze", json={"text": t, "store": True, "source": "forum"}).json()["item_id"]
           for t in ("they are pests", "lovely harbour", "those pests again")]
    assert all(isinstance(i, int) for i in ids)
    queue = client.get("/v1/queue", params={"action": "review"}).json()
    assert queue["total"] == 2 and [e["item_id"] for e in queue["items"]] == [ids[0], ids[2]]
    entry = queue["items"][0]
    assert entry["text"] == "they are pests" and entry["action"] == "review" and "dehumanization" in entry["labels"]
    assert client.get("/v1/queue", params={"limit": 1}).json()["items"][0]["item_id"] == ids[0]

    r = client.post(f"/v1/items/{ids[0]}/review", json={"decision": "overturn", "reason": "it is about insects", "reviewer": "ana"})
    assert r.status_code == 200, r.text
    review = r.json()
    assert review["decision"] == "overturn" and review["reviewer"] == "ana" and review["hateful"] is False
    assert client.get("/v1/queue", params={"action": "review"}).json()["total"] == 1
    item = client.get(f"/v1/items/{ids[0]}").json()
    assert item["review_status"] == "reviewed" and item["decision"]["origin"] == "review"
    events = [e["event"] for e in client.get(f"/v1/items/{ids[0]}/audit").json()["events"]]
    assert events[0].startswith("ingest") or "ingest" in " ".join(events)
    assert any("review" in e for e in events)


def test_reviewer_defaults_to_the_key_name(tmp_path):
    client, store = make_client(tmp_path, auth=True)
    _, key = store.create_api_key("moderator-7")
    h = {"authorization": f"Bearer {key}"}
    item_id = client.post("/v1/analyze", json={"text": "they are pests", "store": True}, headers=h).json()["item_id"]
    r = client.post(f"/v1/items/{item_id}/review", json={"decision": "confirm", "reason": "dehumanising"}, headers=h)
    assert r.status_code == 200 and r.json()["reviewer"] == "moderator-7"


def test_store_errors_are_coded(tmp_path):
    client, _ = make_client(tmp_path, store=True)
    assert client.get("/v1/items/999").status_code == 404
    assert client.get("/v1/items/999").json()["error"]["code"] == "HS404"
    assert client.get("/v1/items/999/audit").status_code == 404
    r = client.post("/v1/items/999/review", json={"decision": "confirm", "reason": "x"})
    assert r.status_code == 404
    r = client.post("/v1/items/1/review", json={"decision": "maybe", "reason": "x"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "HS105"
    assert client.get("/v1/items/0").status_code == 422
    assert client.get("/v1/queue", params={"limit": 10_000}).status_code == 422


def test_store_endpoints_without_a_database_are_503():
    client, _ = make_client()
    for path in ("/v1/items/1", "/v1/queue", "/v1/items/1/audit"):
        r = client.get(path)
        assert r.status_code == 503 and r.json()["error"]["code"] == "HS400", path
    r = client.post("/v1/analyze", json={"text": "hi", "store": True})
    assert r.status_code == 503


def test_resubmitting_an_id_with_other_text_is_409(tmp_path):
    client, _ = make_client(tmp_path, store=True)
    first = {"text": "lovely harbour", "store": True, "source": "forum", "external_id": "1"}
    a = client.post("/v1/analyze", json=first).json()["item_id"]
    assert client.post("/v1/analyze", json=first).json()["item_id"] == a  # idempotent resubmit
    r = client.post("/v1/analyze", json={**first, "text": "something else"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "HS409"
