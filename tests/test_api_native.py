"""Native endpoints, hostile bodies, metrics, health and the OpenAPI document."""

from __future__ import annotations

import importlib.util
import json

import pytest

from hatescope.api import ApiConfig, create_app
from tests.test_api_helpers import make_client

JSON = {"content-type": "application/json"}


def test_analyze_returns_the_full_analysis():
    client, _ = make_client()
    text = "They are vermin."
    r = client.post("/v1/analyze", json={"text": text})
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["text"] == text and a["kind"] == "post" and a["hateful"] is True and a["action"] == "remove"
    assert a["item_id"] is None
    (f,) = a["findings"]
    assert text[f["start"]:f["end"]] == "vermin" and f["label"] == "dehumanization" and f["stance"] == "endorse"
    assert a["segments"] and a["reasons"] and a["versions"]
    assert r.headers["x-request-id"]


def test_analyze_with_store_ingests_the_item(tmp_path):
    client, store = make_client(tmp_path, store=True)
    r = client.post("/v1/analyze", json={"text": "they are pests", "store": True, "source": "forum", "external_id": "7", "author": "u1"})
    assert r.status_code == 200, r.text
    item = client.get(f"/v1/items/{r.json()['item_id']}").json()
    assert (item["source"], item["external_id"], item["author"], item["text"]) == ("forum", "7", "u1", "they are pests")
    assert item["analysis"]["action"] == "review" and item["review_status"] == "pending"


def test_batch_answers_each_item_and_reports_bad_ones_inline():
    client, _ = make_client()
    r = client.post("/v1/analyze:batch", json={"items": [{"id": "a", "text": "they are vermin"}, {"id": 2, "text": "  "}, {"text": "nice day", "kind": "article"}]})
    assert r.status_code == 200, r.text
    a, b, c = r.json()["results"]
    assert a["id"] == "a" and a["analysis"]["action"] == "remove" and a["error"] is None
    assert b["id"] == 2 and b["analysis"] is None and b["error"]["code"] == "HS101"
    assert c["analysis"]["kind"] == "article" and c["analysis"]["action"] == "allow"


def test_batch_over_the_limit_is_refused_with_a_code():
    client, _ = make_client(max_batch_items=3)
    r = client.post("/v1/analyze:batch", json={"items": [{"text": "hi"}] * 4})
    assert r.status_code == 413 and r.json()["error"]["code"] == "HS123"


@pytest.mark.parametrize(
    "body,headers,status,code",
    [
        (b'{"text": "they are', JSON, 400, "HS105"),  # malformed JSON
        (b'{"text": 42}', JSON, 422, "HS105"),  # wrong type
        (b'{"text": "hi", "kind": "tweet"}', JSON, 422, "HS105"),  # not an allowed value
        (b'{"text": "hi", "surprise": 1}', JSON, 422, "HS105"),  # unknown field
        (b'["hi"]', JSON, 422, "HS105"),  # not an object
        (b'{"text": "\xff\xfe bad"}', JSON, 400, "HS102"),  # invalid UTF-8
        (b'{"text": "\\ud800 lone surrogate"}', JSON, 400, "HS102"),  # valid UTF-8, invalid Unicode
        (b"[" * 50_000 + b"]" * 50_000, JSON, 400, "HS105"),  # nesting deeper than any parser recursion
        (b'{"text": ""}', JSON, 400, "HS101"),  # empty text
        (b"text=hi", {"content-type": "application/x-www-form-urlencoded"}, 415, "HS106"),
    ],
)
def test_hostile_bodies_get_4xx_with_a_code(body, headers, status, code):
    client, _ = make_client()
    r = client.post("/v1/analyze", content=body, headers=headers)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code
    assert "Traceback" not in r.text


@pytest.mark.parametrize("path", ["/v1/analyze:batch", "/v1alpha1/comments:analyze", "/v1/items/1/review"])
@pytest.mark.parametrize("body", [b"[" * 50_000 + b"]" * 50_000, b'{"items": [{"text": "\\udfff"}], "comment": {"text": "\\udfff"}}', b"\xc3\x28"])
def test_every_json_endpoint_refuses_hostile_bodies_with_a_code(path, body):
    client, _ = make_client()
    r = client.post(path, content=body, headers=JSON)
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert (err["details"][0]["reason"] if path.startswith("/v1alpha1") else err["code"]) in {"HS102", "HS105"}


@pytest.mark.parametrize("path", ["/v1/analyze", "/v1/analyze:batch", "/v1alpha1/comments:analyze"])
def test_huge_bodies_are_refused_before_parsing(path):
    client, _ = make_client(max_body_bytes=4096)
    huge = json.dumps({"text": "a" * 10_000}).encode()
    r = client.post(path, content=huge, headers=JSON)
    assert r.status_code == 413
    err = r.json()["error"]
    assert (err["details"][0]["reason"] if path.startswith("/v1alpha1") else err["code"]) == "HS103"


def test_streamed_body_without_length_is_still_limited():
    client, _ = make_client(max_body_bytes=4096)

    def chunks():
        for _ in range(10):
            yield b"a" * 1000

    r = client.post("/v1/analyze", content=chunks(), headers=JSON)
    assert r.status_code == 413 and r.json()["error"]["code"] == "HS103"


def test_text_over_the_native_limit_is_413():
    client, _ = make_client(max_text_chars=100)
    r = client.post("/v1/analyze", json={"text": "x" * 101})
    assert r.status_code == 413 and r.json()["error"]["code"] == "HS103"


@pytest.mark.skipif(importlib.util.find_spec("hatescope.ingest.image") is not None, reason="image module installed")
def test_image_upload_without_the_image_module_is_415():
    client, _ = make_client()
    r = client.post("/v1/analyze", files={"image": ("x.png", b"\x89PNG...", "image/png")})
    assert r.status_code == 415 and r.json()["error"]["code"] == "HS106"


@pytest.mark.skipif(importlib.util.find_spec("hatescope.ingest.image") is None, reason="image module not installed")
def test_image_upload_of_garbage_is_a_4xx():
    client, _ = make_client()
    r = client.post("/v1/analyze", files={"image": ("x.png", b"not an image", "image/png")})
    assert 400 <= r.status_code < 500 and r.json()["error"]["code"].startswith("HS1")


def test_unknown_route_and_method_are_coded():
    client, _ = make_client()
    assert client.get("/v2/nothing").json()["error"]["code"] == "HS404"
    r = client.get("/v1/analyze")
    assert r.status_code == 405 and r.json()["error"]["code"] == "HS124"


def test_bugs_become_a_coded_500_without_a_traceback(caplog):
    class Broken:
        config = type("C", (), {"detectors": []})()

        def load(self):
            return self

        def analyze(self, text, **k):
            raise RuntimeError(f"choked on {text}")

    from fastapi.testclient import TestClient

    client = TestClient(create_app(ApiConfig(auth=False), engine=Broken()), raise_server_exceptions=False)
    r = client.post("/v1/analyze", json={"text": "private words of a user"})
    assert r.status_code == 500
    assert r.json() == {"error": {"code": "HS000", "message": "internal error"}}
    assert "RuntimeError" in caplog.text  # the log says what broke and where...
    assert "private words" not in caplog.text  # ...but not the message, which may quote the input


def test_health_metrics_and_openapi():
    client, _ = make_client()
    assert client.get("/healthz").json()["status"] == "ok"
    client.post("/v1/analyze", json={"text": "they are vermin"})
    metrics = client.get("/metrics")
    assert metrics.status_code == 200 and metrics.headers["content-type"].startswith("text/plain")
    assert 'hatescope_http_requests_total{method="POST",route="/v1/analyze",status="200"} 1.0' in metrics.text
    assert 'hatescope_analyses_total{action="remove"} 1.0' in metrics.text
    spec = client.get("/openapi.json").json()
    for path in ("/v1alpha1/comments:analyze", "/v1/analyze", "/v1/analyze:batch", "/v1/items/{item_id}", "/v1/queue",
                 "/v1/items/{item_id}/review", "/v1/items/{item_id}/audit", "/healthz", "/metrics"):
        assert path in spec["paths"], path
    assert {"GoogApiKey", "KeyQuery", "Bearer"} <= set(spec["components"]["securitySchemes"])


def test_cors_is_off_by_default_and_on_when_configured():
    client, _ = make_client()
    r = client.options("/v1/analyze", headers={"origin": "https://evil.example", "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in r.headers
    client, _ = make_client(cors_origins=["https://mod.example"])
    r = client.options("/v1/analyze", headers={"origin": "https://mod.example", "access-control-request-method": "POST"})
    assert r.headers["access-control-allow-origin"] == "https://mod.example"


def test_a_missing_model_is_503_with_its_code():
    from fastapi.testclient import TestClient

    from hatescope.errors import ModelError

    class NoModel:
        config = type("C", (), {"detectors": []})()

        def load(self):
            return self

        def analyze(self, text, **k):
            raise ModelError("classifier model not found", code="HS301")

    client = TestClient(create_app(ApiConfig(auth=False), engine=NoModel()), raise_server_exceptions=False)
    r = client.post("/v1/analyze", json={"text": "hello"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "HS301"


@pytest.mark.ocr
def test_image_upload_is_read_and_analysed():
    pytest.importorskip("hatescope.ingest.image")
    import io

    from PIL import Image, ImageDraw, ImageFont

    from hatescope.ingest.image import tesseract_available

    if not tesseract_available():
        pytest.skip("tesseract is not installed")
    img = Image.new("RGB", (900, 160), "white")
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 48)
    except OSError:
        font = ImageFont.load_default(size=48)
    ImageDraw.Draw(img).text((20, 40), "they are vermin", fill="black", font=font)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    client, _ = make_client()
    r = client.post("/v1/analyze", files={"image": ("post.png", buf.getvalue(), "image/png")}, data={"kind": "post"})
    assert r.status_code == 200, r.text
    assert "vermin" in r.json()["text"].lower() and r.json()["scores"]["dehumanization"] > 0.5
    r = client.post("/v1/analyze", files={"image": ("post.png", buf.getvalue(), "image/png")}, data={"kind": "tweet"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "HS104"
