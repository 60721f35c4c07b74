"""The Perspective-compatible endpoint answers Perspective clients unchanged."""

from __future__ import annotations

import json
import logging

import pytest

from hatescope.api.perspective import ATTRIBUTE_SOURCES
from tests.test_api_helpers import make_client

URL = "/v1alpha1/comments:analyze"
ALL_ATTRIBUTES = list(ATTRIBUTE_SOURCES)


def perspective_request(text: str, **extra) -> dict:
    """The request body exactly as Perspective's documentation and client libraries send it."""
    body = {
        "comment": {"text": text},
        "requestedAttributes": {"TOXICITY": {}, "SEVERE_TOXICITY": {}, "IDENTITY_ATTACK": {}, "INSULT": {}, "PROFANITY": {}, "THREAT": {}},
        "languages": ["en"],
        "spanAnnotations": True,
        "doNotStore": True,
        "clientToken": "req-42",
    }
    body.update(extra)
    return body


def test_unmodified_perspective_request_gets_every_response_field(tmp_path):
    client, store = make_client(tmp_path, auth=True)
    _, key = store.create_api_key("perspective-client")
    text = "Those idiots are vermin, damn them."
    # Sent the way googleapiclient does it: the key in the query string, JSON body.
    r = client.post(f"{URL}?key={key}", content=json.dumps(perspective_request(text)), headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"attributeScores", "languages", "detectedLanguages", "clientToken"}
    assert body["clientToken"] == "req-42"
    assert body["languages"] == ["en"]
    assert body["detectedLanguages"] == ["en"]
    scores = body["attributeScores"]
    assert set(scores) == {"TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT"}
    for name, attr in scores.items():
        assert set(attr) == {"spanScores", "summaryScore"}, name
        assert set(attr["summaryScore"]) == {"value", "type"}
        assert attr["summaryScore"]["type"] == "PROBABILITY"
        assert 0.0 <= attr["summaryScore"]["value"] <= 1.0
        assert attr["spanScores"], name
        for span in attr["spanScores"]:
            assert set(span) == {"begin", "end", "score"}
            assert 0 <= span["begin"] < span["end"] <= len(text)
            assert span["score"]["type"] == "PROBABILITY" and 0.0 <= span["score"]["value"] <= 1.0
    summary = {k: v["summaryScore"]["value"] for k, v in scores.items()}
    # Derivation (docs/API.md): max over each attribute's source labels.
    assert summary == pytest.approx({
        "TOXICITY": 0.9, "SEVERE_TOXICITY": 0.9, "IDENTITY_ATTACK": 0.9, "INSULT": 0.7, "PROFANITY": 0.65, "THREAT": 0.0,
    })
    spans = {k: [(text[s["begin"]:s["end"]], s["score"]["value"]) for s in v["spanScores"]] for k, v in scores.items()}
    assert spans["TOXICITY"] == [("idiots", pytest.approx(0.7)), ("vermin", pytest.approx(0.9)), ("damn", pytest.approx(0.65))]
    assert spans["INSULT"] == [("idiots", pytest.approx(0.7))]
    assert spans["IDENTITY_ATTACK"] == [("vermin", pytest.approx(0.9))]
    # Nothing found for THREAT: one span over the whole comment, as Perspective answers without span scores.
    assert scores["THREAT"]["spanScores"] == [{"begin": 0, "end": len(text), "score": {"value": 0.0, "type": "PROBABILITY"}}]
    assert store.count_items() == 0  # doNotStore


def test_hatescope_attributes_and_no_client_token():
    client, _ = make_client()
    body = perspective_request("burn them, they are vermin")
    body.pop("clientToken")
    body["requestedAttributes"] = {"DEHUMANIZATION": {}, "INCITEMENT": {}, "ANTISEMITISM": {}, "CODED_LANGUAGE": {}, "THREAT": {}}
    r = client.post(URL, json=body)
    assert r.status_code == 200, r.text
    got = {k: v["summaryScore"]["value"] for k, v in r.json()["attributeScores"].items()}
    assert got == pytest.approx({"DEHUMANIZATION": 0.9, "INCITEMENT": 0.8, "ANTISEMITISM": 0.0, "CODED_LANGUAGE": 0.0, "THREAT": 0.8})
    assert "clientToken" not in r.json()


def test_without_span_annotations_one_span_covers_the_comment():
    client, _ = make_client()
    text = "they are vermin"
    r = client.post(URL, json={"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}})
    tox = r.json()["attributeScores"]["TOXICITY"]
    assert tox["spanScores"] == [{"begin": 0, "end": len(text), "score": tox["summaryScore"]}]
    assert r.json()["languages"] == ["en"] and r.json()["detectedLanguages"] == ["en"]


def test_span_offsets_count_utf16_code_units_like_perspective():
    client, _ = make_client()
    text = "🙂🙂 they are vermin"
    r = client.post(URL, json=perspective_request(text, requestedAttributes={"DEHUMANIZATION": {}}))
    (span,) = r.json()["attributeScores"]["DEHUMANIZATION"]["spanScores"]
    utf16 = text.encode("utf-16-le")
    assert utf16[span["begin"] * 2 : span["end"] * 2].decode("utf-16-le") == "vermin"


def test_html_comment_keeps_offsets_and_ignores_tags():
    client, _ = make_client()
    text = "<p>they are <b>vermin</b></p>"
    r = client.post(URL, json=perspective_request(text, comment={"text": text, "type": "HTML"}, requestedAttributes={"DEHUMANIZATION": {}}))
    (span,) = r.json()["attributeScores"]["DEHUMANIZATION"]["spanScores"]
    assert text[span["begin"]:span["end"]] == "vermin"


def test_score_threshold_leaves_out_low_attributes():
    client, _ = make_client()
    r = client.post(URL, json=perspective_request("you idiots", requestedAttributes={"INSULT": {"scoreThreshold": 0.5}, "THREAT": {"scoreThreshold": 0.5}}))
    assert set(r.json()["attributeScores"]) == {"INSULT"}


@pytest.mark.parametrize(
    "change,code,fragment",
    [
        ({"requestedAttributes": {"FLIRTATION": {}}}, "HS120", "FLIRTATION"),
        ({"requestedAttributes": {}}, "HS120", "at least one"),
        ({"requestedAttributes": {"TOXICITY": {"scoreType": "STD_DEV_SCORE"}}}, "HS122", "score type"),
        ({"languages": ["qaa"]}, "HS121", "does not support request languages: qaa"),  # a private-use tag
        ({"comment": {"text": "   "}}, "HS101", "non-empty"),
        ({"comment": {"text": "é" * 10_241}}, "HS103", "too long"),
        ({"comment": {"text": 42}}, "HS105", "comment.text"),
        ({"doNotStore": "yes"}, "HS105", "doNotStore"),
    ],
)
def test_errors_use_perspectives_shape_with_a_hatescope_code(change, code, fragment):
    client, _ = make_client()
    r = client.post(URL, json=perspective_request("you idiots", **change))
    assert r.status_code == 400, r.text
    err = r.json()["error"]
    assert set(err) == {"code", "message", "status", "details"}
    assert err["code"] == 400 and err["status"] == "INVALID_ARGUMENT"
    assert fragment in err["message"]
    assert err["details"][0]["reason"] == code and err["details"][0]["domain"] == "hatescope"


def test_detected_foreign_language_is_refused_like_perspective():
    client, _ = make_client(supported_languages=["en", "de"])
    r = client.post(URL, json={"comment": {"text": "Это очень плохой комментарий"}, "requestedAttributes": {"INSULT": {}}})
    assert r.status_code == 400
    assert r.json()["error"]["message"] == "Attribute INSULT does not support request languages: ru"


def test_detected_language_is_answered_when_supported():
    client, _ = make_client(supported_languages=["en", "de"])
    text = "Die Nachbarn haben gestern im Garten ein Fest gefeiert und alle eingeladen."
    r = client.post(URL, json={"comment": {"text": text}, "requestedAttributes": {"INSULT": {}}})
    assert r.status_code == 200, r.text
    assert r.json()["languages"] == ["de"] and r.json()["detectedLanguages"] == ["de"]


def test_by_default_exactly_the_languages_that_met_the_bar_are_answered():
    from hatescope.api.languages import load_language_support

    report = load_language_support()
    client, _ = make_client()
    for lang in sorted(set(report["languages"]) | {"en"}):
        r = client.post(URL, json=perspective_request("Ils sont les bienvenus.", languages=[f"{lang}-XX"]))
        if lang in report["supported"]:
            assert r.status_code == 200 and r.json()["languages"] == [f"{lang}-XX"], lang
        else:
            assert r.status_code == 400 and r.json()["error"]["details"][0]["reason"] == "HS121", lang


def test_operators_can_narrow_the_languages_back_to_english():
    client, _ = make_client(supported_languages=["en"])
    text = "Die Nachbarn haben gestern im Garten ein Fest gefeiert und alle eingeladen."
    r = client.post(URL, json={"comment": {"text": text}, "requestedAttributes": {"INSULT": {}}})
    assert r.status_code == 400 and r.json()["error"]["details"][0]["reason"] == "HS121"


def test_text_too_short_to_tell_is_analysed_as_english():
    client, _ = make_client()
    r = client.post(URL, json={"comment": {"text": "ok"}, "requestedAttributes": {"INSULT": {}}})
    assert r.status_code == 200 and r.json()["languages"] == ["en"] and r.json()["detectedLanguages"] == []


def test_bcp47_language_tags_are_accepted():
    client, _ = make_client()
    r = client.post(URL, json=perspective_request("you idiots", languages=["en-US"]))
    assert r.status_code == 200 and r.json()["languages"] == ["en-US"]


def test_do_not_store_stores_nothing_and_logs_no_text(tmp_path, caplog):
    client, store = make_client(tmp_path, store=True)
    secret = "those pests from the harbour"
    with caplog.at_level(logging.DEBUG):
        r = client.post(URL, json=perspective_request(secret))
    assert r.status_code == 200
    assert store.count_items() == 0
    assert caplog.records, "the access log should have a line"
    access = [json.loads(rec.getMessage()) for rec in caplog.records if rec.name == "hatescope.api.access"]
    assert access and access[-1]["do_not_store"] is True and access[-1]["status"] == 200
    assert all("pests" not in rec.getMessage() and "harbour" not in rec.getMessage() for rec in caplog.records)
    # Without doNotStore the comment is kept (and goes to the review queue when the policy says so).
    r = client.post(URL, json=perspective_request(secret, doNotStore=False))
    assert r.status_code == 200 and store.count_items() == 1
    assert store.queue_count() == 1
