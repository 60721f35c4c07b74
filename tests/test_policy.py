"""Policy files: validation that names the key and the line, extends/communities, and decisions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from hatescope.config import DetectorSpec, EngineConfig
from hatescope.document import Document
from hatescope.engine import Engine
from hatescope.errors import PolicyError
from hatescope.policy import Policy, resolve_policy
from hatescope.policy.schema import find_line
from hatescope.registry import detectors
from hatescope.types import Finding
from tests.fakes import fake_engine

# -- validation: key AND line ------------------------------------------------------------------

MALFORMED = [
    # (file text, key named in the error, line named in the error, words the message must contain)
    ('[policy]\nname = "x"\n\n[labels.hate]\nlabel = "high"\nreview = 0.5\nremove = 0.9\n',
     "labels.hate.label", 5, "expected a number"),
    ('[policy]\nextends = "default"\n[labels.hate]\nlabel = 0.3\nreveiw = 0.5\n',
     "labels.hate.reveiw", 5, "did you mean 'review'"),
    ('[policy]\nextends = "default"\n\n[labels.hatred]\nlabel = 0.3\n', "labels.hatred", 4, "did you mean 'hate'"),
    ('[policy]\nextends = "default"\n[labels.hate]\nlabel = 0.6\nreview = 0.4\n', "labels.hate.review", 5,
     "below the label threshold"),
    ('[policy]\nextends = "default"\n[labels.threat]\nremove = 0.2\n', "labels.threat.remove", 4,
     "below the review threshold"),
    ('[policy]\nname = "x"\nantisemitism_definition = "mine"\n', "policy.antisemitism_definition", 3, "'ihra', 'jda'"),
    ('[policy]\nname = "x"\nactionable_stances = [\n  "endorse",\n]\nreported_hate_action = "delete"\n',
     "policy.reported_hate_action", 6, "expected one of"),
    ('[policy]\nactionable_stances = ["endorse", "shout"]\n', "policy.actionable_stances", 2, "'shout'"),
    ('[polcy]\nname = "x"\n', "polcy", 1, "did you mean 'policy'"),
    ('[policy]\nextends = "nowhere"\n', "policy.extends", 2, "cannot find 'nowhere'"),
    ('[policy]\nname = "x"\n[labels.threat]\nlabel = 0.1\nreview = 0.2\n', "labels.threat.remove", 3, "missing"),
    ('[policy]\nextends = "default"\n[review]\nsample_rate = 2\n', "review.sample_rate", 4, "between 0 and 1"),
    ('[policy]\nextends = "default"\n\n[communities.kids.labels.insult]\nlabel = 0.2\nremove = "soon"\n',
     "communities.kids.labels.insult.remove", 6, "expected a number"),
    ('[policy]\nextends = "default"\n[communities.kids.labels.insult]\nremove = 0.4\n',
     "communities.kids.labels.insult.remove", 4, "below the review threshold"),
    ('[policy]\nmax_action = true\n', "policy.max_action", 2, "expected one of"),
    ('[policy]\nname = "x"\nlabels = 3\n', "policy.labels", 3, "unknown key 'labels'"),
    ('[labels]\nhate = { label = 0.1, review = 0.2, remove = "x" }\n', "labels.hate.remove", 2, "expected a number"),
]


@pytest.mark.parametrize("body,key,line,words", MALFORMED)
def test_malformed_policy_is_rejected_naming_key_and_line(tmp_path, body, key, line, words):
    path = tmp_path / "bad.toml"
    path.write_text(body)
    with pytest.raises(PolicyError) as info:
        Policy.load(path)  # communities are checked even when none is selected
    err = info.value
    assert err.code == "HS201"
    assert err.details["key"] == key and err.details["line"] == line
    assert f"line {line}" in err.message and f"'{key}'" in err.message and words in err.message
    assert str(path) in err.message


def test_toml_syntax_errors_name_the_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[policy]\nname = "x"\nversion = \n')
    with pytest.raises(PolicyError, match=r"bad\.toml: not valid TOML: .*line 3"):
        Policy.load(path)


def test_circular_extends_is_refused(tmp_path):
    (tmp_path / "a.toml").write_text('[policy]\nextends = "b.toml"\n')
    (tmp_path / "b.toml").write_text('[policy]\nextends = "a.toml"\n')
    with pytest.raises(PolicyError, match="circular"):
        Policy.load(tmp_path / "a.toml")


def test_unknown_community_lists_the_known_ones():
    with pytest.raises(PolicyError, match=r"communities: kids"):
        resolve_policy("strict#adults")


def test_missing_file_is_a_policy_error(tmp_path):
    with pytest.raises(PolicyError, match="not found"):
        resolve_policy(tmp_path / "none.toml")


def test_find_line_handles_dotted_keys_inline_tables_and_multiline_strings():
    text = '[policy]\ndescription = """\nlabel = 1\n"""\n[labels]\nhate.label = 0.2\ninsult = { label = 1 }\n'
    assert find_line(text, ("policy", "description")) == 2
    assert find_line(text, ("labels", "hate", "label")) == 6
    assert find_line(text, ("labels", "insult", "label")) == 7
    assert find_line(text, ("labels", "threat")) == 5
    assert find_line(text, ("review",)) is None


# -- packaged policies, extends, communities ---------------------------------------------------


@pytest.mark.parametrize("spec,policy_id", [
    (None, "default@2026.11.1"), ("default", "default@2026.11.1"), ("strict", "strict@2026.11.1"),
    ("strict#kids", "strict/kids@2026.11.1"), ("newsroom", "newsroom@2026.11.1"),
    ("newsroom#comments", "newsroom/comments@2026.11.1"),
])
def test_packaged_policies_load(spec, policy_id):
    assert resolve_policy(spec).id == policy_id


def test_extends_inherits_what_it_does_not_override(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text('[policy]\nextends = "default"\nname = "site"\n[labels.hate]\nremove = 0.95\n')
    site, default = Policy.load(path), Policy.default()
    assert site.name == "site" and site.version == default.version
    assert site.labels["hate"].remove == 0.95 and site.labels["hate"].review == default.labels["hate"].review
    assert site.labels["threat"] == default.labels["threat"]


def test_from_dict_validates_and_follows_extends():
    p = Policy.from_dict({"policy": {"extends": "newsroom", "name": "mine"}, "labels": {"hate": {"remove": 0.99}}})
    assert p.name == "mine" and p.max_action == "review" and p.labels["hate"].remove == 0.99
    with pytest.raises(PolicyError, match="key 'labels.hate.remove'"):
        Policy.from_dict({"labels": {"hate": {"label": 0.1, "review": 0.2, "remove": "x"}}})


def test_communities_overlay_and_for_community():
    strict = resolve_policy("strict")
    kids = strict.for_community("kids")
    assert kids.labels["insult"].remove == 0.7 and strict.labels["insult"].remove == 0.9
    assert kids.labels["hate"] == strict.labels["hate"] and kids.sample_rate == strict.sample_rate
    assert resolve_policy("strict", community="kids") == kids


# -- decisions -----------------------------------------------------------------------------------


def test_reasons_name_the_finding_rule_and_threshold():
    a = fake_engine({"pests": ("dehumanization", 0.6)}).analyze("they are pests")
    assert a.action == "review" and a.hateful
    assert a.reasons[0].startswith("review: dehumanization 0.60 ≥ 0.50 (rule labels.dehumanization.review of default@")
    assert "“pests” [9:14]" in a.reasons[0]
    assert a.context["review"] == {"queued": True, "sampled": False}
    assert a.context["flagged"] == {"labels": ["dehumanization"], "targets": []}


def test_newsroom_never_removes_and_labels_reported_hate():
    eng = fake_engine()
    a = eng.analyze("they are vermin", policy="newsroom")
    assert a.action == "review" and a.hateful
    assert any("rule policy.max_action = review" in r for r in a.reasons)
    reported = eng.analyze('He said "they are vermin" and we condemn it.', kind="article", policy="newsroom")
    assert reported.action == "label" and not reported.hateful and "reports_hate" in reported.labels
    assert eng.analyze('He said "they are vermin" and we condemn it.').action == "allow"  # default policy


def test_strict_policy_counts_questions_and_queues_removals():
    eng = fake_engine()
    assert eng.analyze("Are they vermin?").action == "allow"
    a = eng.analyze("Are they vermin?", policy="strict")
    assert a.action == "remove" and a.hateful and a.context["review"]["queued"]


def test_per_label_stances_override_the_policy(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('[policy]\nextends = "default"\n[labels.dehumanization]\nstances = ["endorse", "negated"]\n')
    assert fake_engine().analyze("They are not vermin.", policy=path).action == "remove"
    assert fake_engine().analyze("They are not vermin.", policy=Policy.load(path)).action == "remove"


def test_sampling_is_deterministic():
    eng = fake_engine()
    half = Policy.from_dict({**resolve_policy("default").raw, "review": {"sample_rate": 0.5}})
    texts = [f"calm remark number {i}" for i in range(200)]
    first = [eng.analyze(t, policy=half).context["review"]["sampled"] for t in texts]
    assert first == [eng.analyze(t, policy=half).context["review"]["sampled"] for t in texts]
    assert 60 < sum(first) < 140


# -- the antisemitism definition in force ------------------------------------------------------


@dataclass
class DefinitionsDetector:
    """Emits one antisemitism finding whose IHRA and JDA readings differ (as the lexicon does)."""

    jda_verdict: str = "not_antisemitic"
    name: str = "test.definitions.v1"
    version: str = "test"

    def load(self) -> None:
        pass

    def detect(self, doc: Document) -> list[Finding]:
        i = doc.text.find("claim")
        if i < 0:
            return []
        meta = {"ihra": "7", "jda": "C12", "ihra_verdict": "antisemitic", "jda_verdict": self.jda_verdict}
        return [doc.finding(label="antisemitism", nstart=i, nend=i + 5, score=0.9, detector=self.name, meta=meta)]


if "test.definitions.v1" not in detectors.names():
    detectors.register("test.definitions.v1")(lambda **p: DefinitionsDetector(**p))


def _definitions_engine(verdict: str = "not_antisemitic") -> Engine:
    spec = DetectorSpec(name="test.definitions.v1", params={"jda_verdict": verdict})
    return Engine(config=EngineConfig(detectors=[spec]))


def test_ihra_policy_decides_hateful_and_shows_both_definitions():
    a = _definitions_engine().analyze("a claim about a state")
    assert a.hateful and a.action == "remove"
    ctx = a.context["antisemitism"]
    assert ctx["definition"] == "ihra" and ctx["definitions_differ"]
    assert ctx["findings"][0] | {} == {
        "start": 2, "end": 7, "text": "claim", "ihra": "7", "jda": "C12",
        "ihra_verdict": "antisemitic", "jda_verdict": "not_antisemitic", "in_force": "ihra", "verdict": "antisemitic",
    }
    assert "antisemitism_definitions_differ" in a.labels


def test_jda_policy_does_not_call_it_hateful_and_caps_the_action():
    a = _definitions_engine().analyze("a claim about a state", policy="newsroom")
    assert not a.hateful and a.action == "label"
    assert a.context["antisemitism"]["findings"][0]["verdict"] == "not_antisemitic"
    note = next(r for r in a.reasons if "under JDA" in r)
    assert "IHRA (7) says antisemitic" in note and "rule antisemitism.not_antisemitic_action" in note
    assert a.findings[0].history[-1].stage == "policy"


def test_contested_findings_go_to_review_without_being_hateful(tmp_path):
    path = tmp_path / "jda.toml"
    path.write_text('[policy]\nextends = "default"\nantisemitism_definition = "jda"\n')
    a = _definitions_engine("contested").analyze("a claim", policy=path)
    assert a.action == "review" and not a.hateful


def test_engine_policy_argument_accepts_policy_path_and_none(tmp_path):
    eng = fake_engine()
    path = Path(tmp_path / "p.toml")
    path.write_text('[policy]\nextends = "default"\nname = "p"\n')
    for policy in (None, Policy.default(), path, str(path), "default"):
        assert eng.analyze("they are vermin", policy=policy).action == "remove"


def test_quoted_speech_that_the_definition_in_force_clears_is_not_reported_hate():
    text = 'The minister said "a claim" yesterday.'
    ihra = _definitions_engine().analyze(text, kind="article")
    jda = _definitions_engine().analyze(text, kind="article", policy="newsroom")
    assert ihra.findings[0].stance != "endorse"
    assert "reports_hate" in ihra.labels and "reports_hate" not in jda.labels
    assert jda.context["antisemitism"]["findings"][0]["verdict"] == "not_antisemitic"
