"""The OpenAI-compatible moderation endpoint: the category mapping, the response shape, and OpenAI-shaped errors."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

import hatescope
from hatescope.api.moderation_map import CATEGORIES, CATEGORY_NAMES, TextPiece, hateful_labels, moderation_result
from hatescope.errors import AnalysisTimedOut, ServerBusy
from hatescope.policy import Policy
from hatescope.types import Analysis, Finding
from tests.fakes import fake_engine
from tests.test_api_helpers import make_client

URL = "/v1/moderations"
#: OpenAI's full category set, as its SDK's Moderation type lists it.
OPENAI_CATEGORIES = {
    "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent", "self-harm",
    "self-harm/intent", "self-harm/instructions", "sexual", "sexual/minors", "violence", "violence/graphic",
}
UNMODELLED = {"illicit", "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
              "sexual/minors", "violence/graphic"}
WORDS = {
    "vermin": ("dehumanization", 0.9),
    "idiots": ("insult", 0.7),
    "dimwits": ("insult", 0.4),
    "damn": ("profanity", 0.65),
    "burn": ("incitement", 0.8),
    "smite": ("incitement", 0.35),
    "hunt": ("threat", 0.6),
}


@pytest.fixture(scope="module")
def engine():
    return fake_engine(WORDS)


def result_for(engine, text: str) -> dict:
    analysis = engine.analyze(text, kind="post")
    return moderation_result(analysis, engine.policy)


def flagged(result: dict) -> set[str]:
    return {name for name, on in result["categories"].items() if on}


# ------------------------------------------------------------------ the mapping
def test_every_openai_category_is_answered_and_unmodelled_ones_are_zero(engine):
    assert set(CATEGORY_NAMES) == OPENAI_CATEGORIES
    result = result_for(engine, "They are vermin and we should burn them, hunt them down, you idiots.")
    for key in ("categories", "category_scores", "category_applied_input_types"):
        assert set(result[key]) == OPENAI_CATEGORIES
    for name in UNMODELLED:
        assert result["categories"][name] is False
        assert result["category_scores"][name] == 0.0
        assert result["category_applied_input_types"][name] == []
    for name in OPENAI_CATEGORIES - UNMODELLED:
        assert result["category_applied_input_types"][name] == ["text"]
    assert result["flagged"] is True


def test_dehumanisation_is_hate_and_incitement_adds_threatening_and_violence(engine):
    only_hate = result_for(engine, "They are vermin.")
    assert flagged(only_hate) == {"hate"}
    assert only_hate["category_scores"]["hate"] == pytest.approx(0.9)
    assert only_hate["category_scores"]["violence"] == 0.0

    inciting = result_for(engine, "They are vermin, burn their homes.")
    assert flagged(inciting) == {"hate", "hate/threatening", "violence"}
    assert inciting["category_scores"]["hate/threatening"] == pytest.approx(0.8)
    assert inciting["hatescope"]["action"] == "remove" and inciting["hatescope"]["hateful"] is True


def test_a_threat_is_harassment_threatening_and_violence(engine):
    result = result_for(engine, "We will hunt you down.")
    assert {"harassment", "harassment/threatening", "violence"} <= flagged(result)
    assert result["category_scores"]["harassment/threatening"] == pytest.approx(0.6)


def test_insults_are_harassment_from_the_policys_first_threshold(engine):
    policy = engine.policy
    strong = result_for(engine, "You idiots.")
    weak = result_for(engine, "You dimwits.")
    assert 0.4 < policy.rule("insult").label <= 0.7  # the two words sit either side of the label threshold
    assert flagged(strong) == {"harassment"} and strong["category_scores"]["harassment"] == pytest.approx(0.7)
    assert flagged(weak) == set() and weak["flagged"] is False
    assert weak["category_scores"]["harassment"] == pytest.approx(0.4)  # scored, below the policy's threshold


def test_weak_incitement_scores_but_is_not_flagged(engine):
    result = result_for(engine, "Smite the lot.")
    assert result["category_scores"]["violence"] == pytest.approx(0.35)
    assert "violence" not in flagged(result) and "hate/threatening" not in flagged(result)


def test_profanity_alone_flags_nothing_but_is_kept_in_the_extra_key(engine):
    result = result_for(engine, "Damn this weather.")
    assert result["flagged"] is False
    assert result["hatescope"]["scores"]["profanity"] == pytest.approx(0.65)
    assert result["hatescope"]["action"] == "label"


@pytest.mark.parametrize("text", [
    'He wrote "they are vermin, burn them" and that is disgusting; I reject it.',
    "The mayor said immigrants are vermin, reports say.",
])
def test_counter_speech_and_reports_are_not_flagged(engine, text):
    result = result_for(engine, text)
    assert result["flagged"] is False and flagged(result) == set()
    assert all(v == 0.0 for v in result["category_scores"].values())
    spans = result["hatescope"]["spans"]
    assert spans and all(not s["counted"] and s["stance"] != "endorse" for s in spans)
    assert "reports_hate" in result["hatescope"]["labels"]


def test_spans_carry_offsets_into_the_original_text(engine):
    text = "Ｔｈｅｙ are vermin — 🐀 burn them"
    result = result_for(engine, text)
    for span in result["hatescope"]["spans"]:
        assert text[span["start"]:span["end"]] == span["text"]
    assert {s["label"] for s in result["hatescope"]["spans"]} == {"dehumanization", "incitement"}
    assert result["hatescope"]["reasons"] and result["hatescope"]["versions"]["policy"].startswith("default@")


def test_hate_follows_the_policys_verdict_not_a_score():
    """An antisemitism finding the definition in force calls contested is scored but, by default, not hateful."""
    policy = Policy.default()
    finding = Finding("antisemitism", 0, 5, "trope", 0.9, "test", meta={"ihra_verdict": "contested", "jda_verdict": "contested"})
    analysis = Analysis(text="trope", kind="post", hateful=False, action="review",
                        scores={"antisemitism": 0.9}, findings=(finding,))
    result = moderation_result(analysis, policy)
    assert result["category_scores"]["hate"] == pytest.approx(0.9)
    assert result["categories"]["hate"] is False


def test_hate_reads_the_labels_the_policy_calls_hateful():
    data = dict(Policy.default().raw)
    data["labels"] = {**data["labels"], "insult": {**data["labels"]["insult"], "review": 0.6, "hateful": True}}
    strict = Policy.from_dict(data)
    assert "insult" in hateful_labels(strict) and "insult" not in hateful_labels(Policy.default())
    engine = fake_engine(WORDS, policy=strict)
    result = moderation_result(engine.analyze("You idiots."), engine.policy)
    assert result["categories"]["hate"] is True and result["category_scores"]["hate"] == pytest.approx(0.7)


def test_spans_of_a_parts_input_name_their_part():
    analysis = Analysis(text="ab\n\ncd vermin", kind="post", hateful=True, action="remove", scores={"dehumanization": 0.9},
                        findings=(Finding("dehumanization", 7, 13, "vermin", 0.9, "test"),))
    pieces = [TextPiece(part=0, start=0, end=2), TextPiece(part=1, start=4, end=13)]
    span = moderation_result(analysis, Policy.default(), pieces=pieces)["hatescope"]["spans"][0]
    assert (span["part"], span["start"], span["end"]) == (1, 3, 9)


def test_docs_table_lists_every_category():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "API.md").read_text()
    section = doc.split("### How each category is derived", 1)[1].split("\n| key |", 1)[0]
    rows = {m.group(1) for m in re.finditer(r"^\| `([a-z/-]+)` ", section, re.M)}
    assert rows == {c.name for c in CATEGORIES}


# ------------------------------------------------------------------ the endpoint
def test_batch_gets_one_result_per_input_in_order():
    client, _ = make_client()
    texts = ["They are vermin.", "What a lovely day.", 'She said "they are vermin" and I condemn that.', "", "You idiots."]
    r = client.post(URL, json={"input": texts, "model": "omni-moderation-latest"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert re.fullmatch(r"modr-[0-9a-f]+", body["id"])
    assert body["model"] == f"hatescope-{hatescope.__version__}"
    assert [res["flagged"] for res in body["results"]] == [True, False, False, False, True]
    assert body["results"][0]["categories"]["hate"] and body["results"][4]["categories"]["harassment"]
    assert body["results"][3]["hatescope"]["action"] == "allow"  # a blank input has nothing to moderate
    assert [s["text"] for s in body["results"][0]["hatescope"]["spans"]] == ["vermin"]
    metrics = client.get("/metrics").text
    assert 'hatescope_analyses_total{action="remove"}' in metrics
    assert 'route="/v1/moderations"' in metrics


def test_single_string_and_content_parts():
    client, _ = make_client()
    one = client.post(URL, json={"input": "They are vermin."}).json()
    assert len(one["results"]) == 1 and one["results"][0]["categories"]["hate"] is True

    parts = [{"type": "text", "text": 'A post said "they are vermin".'}, {"type": "text", "text": "Disgusting, I reject that."}]
    r = client.post(URL, json={"input": parts})
    assert r.status_code == 200, r.text
    (result,) = r.json()["results"]
    assert result["flagged"] is False
    (span,) = result["hatescope"]["spans"]
    assert span["part"] == 0 and parts[0]["text"][span["start"]:span["end"]] == "vermin"


@pytest.mark.parametrize("body,param,code", [
    (b"{not json", None, "HS105"),
    (b"[1, 2]", None, "HS105"),
    (b"{}", "input", "HS105"),
    (json.dumps({"input": []}).encode(), "input", "HS105"),
    (json.dumps({"input": ["ok", 3]}).encode(), "input[1]", "HS105"),
    (json.dumps({"input": ["ok", {"type": "text", "text": "x"}]}).encode(), "input", "HS105"),
    (json.dumps({"input": [{"type": "video", "text": "x"}]}).encode(), "input[0]", "HS105"),
    (json.dumps({"input": [{"type": "image_url", "image_url": {"url": "https://example.org/a.png"}}]}).encode(), "input[0]", "HS106"),
    (json.dumps({"input": "x", "model": 7}).encode(), "model", "HS105"),
])
def test_bad_requests_get_openai_400s(body, param, code):
    client, _ = make_client()
    r = client.post(URL, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400
    err = r.json()["error"]
    assert set(err) == {"message", "type", "param", "code"}
    assert err["type"] == "invalid_request_error" and err["param"] == param and err["code"] == code
    assert "Traceback" not in r.text


def test_auth_and_rate_limit_errors_are_openai_shaped(tmp_path):
    client, store = make_client(tmp_path, auth=True)
    r = client.post(URL, json={"input": "hi"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "HS500"
    r = client.post(URL, json={"input": "hi"}, headers={"authorization": "Bearer not-a-key"})
    assert r.status_code == 401 and set(r.json()["error"]) == {"message", "type", "param", "code"}
    _, key = store.create_api_key("slow", rate_limit_per_min=1)
    assert client.post(URL, json={"input": "hi"}, headers={"authorization": f"Bearer {key}"}).status_code == 200
    r = client.post(URL, json={"input": "hi"}, headers={"authorization": f"Bearer {key}"})
    assert r.status_code == 429 and r.json()["error"]["code"] == "HS529" and int(r.headers["retry-after"]) >= 1


def test_size_limits_are_413():
    client, _ = make_client(max_body_bytes=1024, max_text_chars=20, max_batch_items=3)
    r = client.post(URL, json={"input": "x" * 2000})
    assert r.status_code == 413 and r.json()["error"]["code"] == "HS103" and r.json()["error"]["type"] == "invalid_request_error"
    r = client.post(URL, json={"input": ["short", "y" * 21]})
    assert r.status_code == 413 and r.json()["error"]["param"] == "input[1]"
    r = client.post(URL, json={"input": ["a", "b", "c", "d"]})
    assert r.status_code == 413 and r.json()["error"]["code"] == "HS123"


class SlowEngine:
    """The fake engine, taking ``seconds`` over any batch that holds the word "slowly" (no CPU spent)."""

    def __init__(self, seconds: float) -> None:
        self.inner = fake_engine(WORDS)
        self.config, self.policy, self.seconds = self.inner.config, self.inner.policy, seconds

    def load(self) -> "SlowEngine":
        return self

    def analyze_many(self, texts, *, kinds=None):
        if any("slowly" in t for t in texts):
            time.sleep(self.seconds)
        return self.inner.analyze_many(texts, kinds=kinds)

    def analyze(self, text, *, kind="post"):
        return self.analyze_many([text], kinds=[kind])[0]


def test_time_budget_is_504_and_a_full_queue_is_503():
    from fastapi.testclient import TestClient

    from hatescope.api import ApiConfig, create_app

    app = create_app(ApiConfig(auth=False, access_log=False, time_budget_s=0.3), engine=SlowEngine(1.0))
    client = TestClient(app, raise_server_exceptions=False)
    r = client.post(URL, json={"input": ["fine", "this one goes slowly"]})
    assert r.status_code == 504
    assert r.json()["error"] == {"message": r.json()["error"]["message"], "type": "server_error", "param": None, "code": "HS601"}

    async def busy(items):
        raise ServerBusy("every analysis worker is busy", retry_after=1)

    app.state.services.workers.analyze_many = busy
    r = client.post(URL, json={"input": "hi"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "HS602" and r.headers["retry-after"] == "1"
    time.sleep(0.8)  # let the abandoned slow analysis finish


def test_a_bug_is_a_500_in_openai_shape_without_a_traceback():
    client, _ = make_client()

    async def broken(items):
        raise RuntimeError("secret internals")

    client.app.state.services.workers.analyze_many = broken
    r = client.post(URL, json={"input": "hi"})
    assert r.status_code == 500
    assert r.json() == {"error": {"message": "internal error", "type": "server_error", "param": None, "code": "HS000"}}


def test_timed_out_items_surface_even_when_others_finish():
    client, _ = make_client()

    engine = client.app.state.services.engine

    async def one_late(items):
        return [engine.analyze(items[0][0]), AnalysisTimedOut("analysis took longer than 10 s", budget_seconds=10.0)]

    client.app.state.services.workers.analyze_many = one_late
    r = client.post(URL, json={"input": ["a", "b"]})
    assert r.status_code == 504 and r.json()["error"]["type"] == "server_error"
