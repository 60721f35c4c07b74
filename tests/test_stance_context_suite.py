"""The context dev suite file and its eval section (run here with a fake engine; numbers come from the real one)."""

from collections import Counter

from hatescope.evaluation import context, suites
from tests.fakes import fake_engine

CATEGORIES = {
    "counter_quote", "counter_reference", "negated_hate", "negated_praise", "reporting", "questions", "opinions",
    "neutral_identity", "positive_identity", "state_vs_people", "pronoun_reference", "non_protected_abuse",
    "plain_hate", "article", "endorse_reported", "generic_frame",
}


def test_suite_has_enough_cases_in_every_category():
    cases = context.load_cases()
    assert len(cases) >= 250
    assert len({c.id for c in cases}) == len(cases)
    per = Counter(c.category for c in cases)
    assert set(per) == CATEGORIES
    assert min(per.values()) >= 10
    assert any(c.hateful for c in cases) and any(not c.hateful for c in cases)
    assert {c.kind for c in cases} == {"post", "article"}


def test_suite_is_registered_and_reports_per_category(tmp_path):
    assert "context" in suites.names()
    cases = context.load_cases()[:30]
    engine = fake_engine({"vermin": ("dehumanization", 0.9)})
    result = context.report(cases=cases, engine=engine)
    assert "| category | n | accuracy |" in result.markdown
    assert 0.0 <= result.metrics["accuracy"] <= 1.0
    assert set(result.metrics["by_category"]) <= CATEGORIES
    result.save(tmp_path)
    assert (tmp_path / "context.json").exists()
