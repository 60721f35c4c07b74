"""The demo article (hatescope/data/examples/demo_article.txt): voices, speakers and what gets flagged."""

from importlib import resources

import pytest

from hatescope.document import Document
from hatescope.normalize import normalize
from hatescope.segment import segment
from tests.fakes import fake_engine

HATEFUL = {"hate", "dehumanization", "incitement", "threat"}


def demo_text() -> str:
    return resources.files("hatescope").joinpath("data/examples/demo_article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc():
    text = demo_text()
    d = Document(original=text, kind="article", norm=normalize(text))
    segment(d)
    return d


def _segment_with(doc, fragment: str, kind: str):
    found = [s for s in doc.segments if s.kind == kind and fragment in s.text]
    assert found, f"no {kind} segment holds {fragment!r}"
    return min(found, key=lambda s: len(s.text))


@pytest.mark.parametrize(
    "fragment, speaker",
    [
        ("a cancerous tumor on the body of our region", "Aldric Vann"),
        ("armed to the last village", "Aldric Vann"),
        ("A tumor is not reasoned with,", "Aldric Vann"),
        ("It is cut out.", "Aldric Vann"),
        ("every family in the Dorvan Highlands must have a rifle", "Aldric Vann"),
        ("To call an entire people a tumor", "Ilse Marr"),
        ("We have heard these words before", "Ilse Marr"),
        ("deeply alarmed by rhetoric", "Tomas Ferro’s office"),
        ("refrain from language that incites hatred", "Tomas Ferro’s office"),
        ("do not speak for the people of Varesh", "Nadia Kosic"),
        ("security threats", "Petr Halden"),
    ],
)
def test_each_quote_has_its_speaker(doc, fragment, speaker):
    seg = _segment_with(doc, fragment, "quote")
    assert seg.speaker == speaker
    assert seg.stance == "report"
    assert doc.segments[seg.parent].kind in ("author", "quote")


def test_embedded_posts_are_their_own_segments_with_their_author(doc):
    posts = [s for s in doc.segments if s.kind == "embedded_post"]
    assert len(posts) == 3
    assert all(p.speaker == "Aldric Vann (@PresidentVann)" and p.parent is None for p in posts)
    assert posts[0].text.startswith("The Ostrians are a cancerous tumor")
    assert posts[2].text.startswith("Proud of our farmers")


def test_reporter_paragraphs_are_author_segments(doc):
    authors = [s for s in doc.segments if s.kind == "author"]
    assert authors[0].text.startswith("Varesh president's posts")
    assert all(s.speaker is None for s in authors)
    assert not any("@PresidentVann" in s.text for s in authors if s.kind == "author" and "read:" not in s.text)


def test_offsets_slice_the_original(doc):
    for s in doc.segments:
        assert doc.original[s.start : s.end] == s.text


def test_with_fake_detectors_only_the_hateful_posts_are_flagged():
    words = {
        "cancerous tumor": ("dehumanization", 0.9),
        "a disease": ("dehumanization", 0.8),
        "driven out": ("incitement", 0.85),
        "tumor": ("dehumanization", 0.7),
    }
    a = fake_engine(words).analyze(demo_text(), kind="article")
    endorsed = [f for f in a.findings if f.stance == "endorse"]
    assert endorsed and all(a.segments[f.segment].kind == "embedded_post" for f in endorsed)
    flagged_posts = {a.segments[f.segment].text[:20] for f in endorsed}
    assert flagged_posts == {"The Ostrians are a c", "Arm the Dorvan Highl"}
    assert a.hateful and "reports_hate" in a.labels
    speakers = {r["speaker"] for r in a.context["reported_hate"]}
    assert speakers <= {"Aldric Vann", "Ilse Marr"} and "Aldric Vann" in speakers


@pytest.mark.slow
def test_full_engine_flags_only_the_hateful_embedded_posts():
    import hatescope
    from hatescope.detect.classifier import DEFAULT_MODEL_DIR

    if not (DEFAULT_MODEL_DIR / "manifest.json").exists():
        pytest.skip("classifier artifact not built (python -m training.train)")

    a = hatescope.analyze(demo_text(), kind="article")
    assert a.hateful
    endorsed = [f for f in a.findings if f.stance == "endorse" and f.label in HATEFUL and f.score >= 0.5]
    assert endorsed, "the hateful embedded posts must be flagged"
    kinds = {a.segments[f.segment].kind for f in endorsed}
    assert kinds == {"embedded_post"}, [(f.text, f.stance, f.segment) for f in endorsed]
    texts = {a.segments[f.segment].text[:20] for f in endorsed}
    assert "Proud of our farmers" not in texts
    for f in endorsed:
        assert a.text[f.start : f.end] == f.text


def test_sentences_do_not_run_into_embedded_posts(doc):
    posts = [s for s in doc.segments if s.kind == "embedded_post"]
    for sent in doc.sentences:
        for p in posts:
            overlaps = sent.start < p.end and p.start < sent.end
            assert not overlaps or (p.start <= sent.start and sent.end <= p.end)


def test_long_articles_stay_fast():
    """Segmentation and stance are linear: 40 copies of the demo (~80 KB) take well under the budget."""
    import time

    from hatescope.stance import assign_stance

    text = (demo_text() + "\n\n") * 40
    t0 = time.perf_counter()
    d = Document(original=text, kind="article", norm=normalize(text))
    segment(d)
    findings = [d.finding(label="hate", nstart=s.nstart, nend=s.nend, score=0.9, detector="t") for s in d.sentences]
    assign_stance(d, findings)
    assert time.perf_counter() - t0 < 20
    assert sum(s.kind == "embedded_post" for s in d.segments) == 120
