"""A plug-in detector's new label flows through policy, stance, API and the review page with no change elsewhere.

The toy detector below is the only code that knows the label "toy_slur": it declares the label (hateful, with
default thresholds) and registers itself through the public detector registry, as a third-party package would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from hatescope.api import ApiConfig, create_app
from hatescope.config import DetectorSpec, EngineConfig
from hatescope.document import Document
from hatescope.engine import Engine
from hatescope.errors import PolicyError, RegistryError
from hatescope.labels import BUILTIN_LABELS, LabelSpec, catalogue
from hatescope.policy import Policy
from hatescope.registry import detectors
from hatescope.store import Store
from hatescope.types import SCORE_LABELS, Finding

TOY_LABEL = "toy_slur"
TOY_SPEC = LabelSpec(hateful=True, description="a made-up slur", default_rule=(0.4, 0.6, 0.9),
                     perspective=("IDENTITY_ATTACK",))
HATEFUL_TEXT = "they are zorblax"


# ------------------------------------------------------------------ the toy detector and its registration
@dataclass
class ToySlurDetector:
    """Flags the made-up slur "zorblax" as ``toy_slur``."""

    score: float = 0.7
    name: str = "toy.slur.v1"
    version: str = "toy"

    def load(self) -> None:
        pass

    def declared_labels(self) -> dict[str, LabelSpec]:
        return {TOY_LABEL: TOY_SPEC}

    def detect(self, doc: Document) -> list[Finding]:
        return [doc.finding(label=TOY_LABEL, nstart=m.start(), nend=m.end(), score=self.score, detector=self.name)
                for m in re.finditer(r"\bzorblax\b", doc.text)]


@detectors.register("toy.slur.v1")
def make_toy_detector(**params: object) -> ToySlurDetector:
    return ToySlurDetector(**params)  # type: ignore[arg-type]


# ------------------------------------------------------------------ helpers
def toy_engine(policy: object = None, **params: object) -> Engine:
    return Engine(config=EngineConfig(detectors=[DetectorSpec(name="toy.slur.v1", params=dict(params))]), policy=policy)


def toy_client(tmp_path, engine: Engine) -> tuple[TestClient, Store]:
    store = Store.open(f"sqlite:///{tmp_path}/toy.db")
    app = create_app(ApiConfig(auth=False, key_cache_seconds=0, access_log=False), engine=engine, store=store)
    return TestClient(app, raise_server_exceptions=True), store


# ------------------------------------------------------------------ declaration
def test_the_engine_scores_the_declared_label_after_the_built_in_ones():
    engine = toy_engine()
    assert engine.labels == SCORE_LABELS + (TOY_LABEL,)
    assert catalogue.spec(TOY_LABEL) == TOY_SPEC and catalogue.is_hateful(TOY_LABEL)
    calm = engine.analyze("a lovely harbour")
    assert calm.scores[TOY_LABEL] == 0.0 and list(calm.scores)[: len(SCORE_LABELS)] == list(SCORE_LABELS)


def test_a_built_in_label_cannot_be_redeclared_differently():
    with pytest.raises(RegistryError, match="already declared differently"):
        catalogue.declare("hate", LabelSpec(hateful=False), by="toy.other.v1")
    catalogue.declare("hate", BUILTIN_LABELS["hate"], by="toy.other.v1")  # the same declaration is fine
    with pytest.raises(RegistryError, match="not a plain name"):
        catalogue.declare("Toy Slur", TOY_SPEC, by="toy.other.v1")
    with pytest.raises(RegistryError, match="default_rule"):
        catalogue.declare("toy_backwards", LabelSpec(hateful=True, default_rule=(0.9, 0.5, 0.4)), by="toy.other.v1")


# ------------------------------------------------------------------ policy and stance
def test_the_policy_acts_on_the_new_label_by_its_declared_default_rule():
    a = toy_engine().analyze(HATEFUL_TEXT)
    assert a.hateful and a.action == "review" and a.scores[TOY_LABEL] == pytest.approx(0.7)
    assert any("toy_slur 0.70 ≥ 0.60" in r and "labels.toy_slur.review" in r for r in a.reasons)
    assert a.context["flagged"]["labels"] == [TOY_LABEL]
    assert toy_engine(score=0.95).analyze(HATEFUL_TEXT).action == "remove"


def test_a_policy_file_may_set_the_new_labels_rule_once_a_detector_declares_it():
    toy_engine().load()  # the label is declared when a detector that emits it is loaded
    own = Policy.from_dict({"policy": {"name": "site", "version": "1", "extends": "default"},
                            "labels": {TOY_LABEL: {"label": 0.5, "review": 0.8, "remove": 1.01, "hateful": False}}})
    a = toy_engine(policy=own).analyze(HATEFUL_TEXT)
    assert not a.hateful and a.action == "label"
    with pytest.raises(PolicyError, match="unknown label 'toy_slurs'"):
        Policy.from_dict({"policy": {"name": "site", "version": "1", "extends": "default"},
                          "labels": {"toy_slurs": {"label": 0.5, "review": 0.8, "remove": 1.01}}})


def test_quoted_and_condemned_the_new_label_is_reported_hate_not_the_authors():
    a = toy_engine().analyze(f'She said "{HATEFUL_TEXT}" and I condemn that.')
    [finding] = [f for f in a.findings if f.label == TOY_LABEL]
    assert finding.stance != "endorse"
    assert not a.hateful and a.action == "allow" and "reports_hate" in a.labels


# ------------------------------------------------------------------ the API
def test_the_api_answers_with_the_new_label(tmp_path):
    client, _ = toy_client(tmp_path, toy_engine(score=0.95))
    native = client.post("/v1/analyze", json={"text": HATEFUL_TEXT})
    assert native.status_code == 200, native.text
    body = native.json()
    assert body["hateful"] is True and body["action"] == "remove" and body["scores"][TOY_LABEL] == pytest.approx(0.95)
    assert [f["label"] for f in body["findings"]] == [TOY_LABEL]

    perspective = client.post("/v1alpha1/comments:analyze", json={
        "comment": {"text": HATEFUL_TEXT}, "languages": ["en"], "spanAnnotations": True,
        "requestedAttributes": {"TOXICITY": {}, "IDENTITY_ATTACK": {}, "INSULT": {}}})
    assert perspective.status_code == 200, perspective.text
    scores = perspective.json()["attributeScores"]
    assert scores["TOXICITY"]["summaryScore"]["value"] == pytest.approx(0.95)
    assert scores["IDENTITY_ATTACK"]["spanScores"][0]["begin"] == HATEFUL_TEXT.index("zorblax")
    assert scores["INSULT"]["summaryScore"]["value"] == 0.0

    moderation = client.post("/v1/moderations", json={"input": HATEFUL_TEXT})
    assert moderation.status_code == 200, moderation.text
    result = moderation.json()["results"][0]
    assert result["categories"]["hate"] is True and result["category_scores"]["hate"] == pytest.approx(0.95)
    assert result["categories"]["harassment"] is False


# ------------------------------------------------------------------ the review page
def test_the_review_page_queues_filters_and_highlights_the_new_label(tmp_path):
    engine = toy_engine()
    client, store = toy_client(tmp_path, engine)
    item = store.ingest(source="forum", external_id="t1", text=HATEFUL_TEXT, engine=engine)
    store.ingest(source="forum", external_id="t2", text="a lovely harbour", engine=engine)
    queue = client.get("/review/?label=toy_slur").text
    assert "1 item waiting" in queue and HATEFUL_TEXT in queue
    assert '<option value="toy_slur" selected>toy_slur</option>' in queue
    page = client.get(f"/review/items/{item.id}").text
    assert re.search(r'<mark class="hl hl-other" title="toy_slur 0\.70, stance endorse"[^>]*>zorblax</mark>', page)
    assert 'class="bar-fill hl-other" x="0" y="0" width="70.0"' in page
    assert "labels.toy_slur.review" in page
