"""Stance of each finding, with fake detectors (fixed words; a whole-text "classifier")."""

import pytest

from hatescope.document import Document
from hatescope.normalize import normalize
from hatescope.policy import Policy, decide
from hatescope.segment import segment
from hatescope.stance import assign_stance
from tests.fakes import fake_engine, whole_text_finding

WORDS = {
    "vermin": ("dehumanization", 0.9),
    "animals": ("dehumanization", 0.9),
    "terrorists": ("hate", 0.8),
    "parasites": ("dehumanization", 0.9),
    "exterminate": ("incitement", 0.9),
}


@pytest.fixture(scope="module")
def engine():
    return fake_engine(WORDS)


@pytest.mark.parametrize(
    "text, stance",
    [
        ("Muslims are vermin.", "endorse"),
        ("I think immigrants are parasites.", "endorse"),
        ("Calling Muslims vermin is disgusting.", "counter"),
        ("Stop calling immigrants parasites.", "counter"),
        ("It is wrong to say refugees are animals.", "counter"),
        ("People who call Jews vermin should be ashamed.", "counter"),
        ('"Refugees are animals" is not an opinion, it is hate speech.', "counter"),
        ('My uncle said "Jews are vermin". That is so racist.', "counter"),
        ("Muslims are not terrorists.", "negated"),
        ("I would never say gay people are animals.", "negated"),
        ("Nobody believes immigrants are vermin.", "negated"),
        # Idioms with a negation that deny nothing of the claim after them.
        ("Doesn't matter what you call them, immigrants are still vermin.", "endorse"),
        ("I don't care what anyone says, refugees are parasites.", "endorse"),
        ("Calling them names won't change the fact that Muslims are terrorists.", "endorse"),
        ("Are Muslims really terrorists?", "question"),
        ("Are Muslims really terrorists? Yes.", "endorse"),
        ("My uncle said immigrants are vermin.", "report"),
        ("My uncle says immigrants are vermin and he is right.", "endorse"),
        ('My uncle said "Jews are vermin" and I agree.', "endorse"),
        ("They are not people, they are animals.", "endorse"),
        ("I don't want vermin like them here.", "endorse"),
        ('I agree with the sign that said "Muslims are vermin".', "endorse"),
        ("My uncle was right when he said immigrants are vermin.", "endorse"),
        ('Immigrants are "vermin".', "endorse"),  # scare quotes: the author's own word
        ('The sign said "Muslims are vermin".', "quote"),
        ('"Muslims are vermin" - me, every day', "endorse"),
        ('"Muslims are vermin" - my uncle at dinner. Yikes, that is racist.', "counter"),
        ("My uncle said Muslims are vermin. Ugh, he is so ignorant.", "counter"),
        ("Science says immigrants are vermin.", "endorse"),  # an appeal to authority asserts
        ("Somebody online called me vermin again.", "report"),  # the writer was called it
        ("They call us parasites.", "report"),
        ("People who tried to exterminate Jews were monsters.", "report"),  # what others tried to do
        ("People who want to exterminate immigrants are right.", "endorse"),  # … unless the writer sides with them
        ("I support the men who want to exterminate refugees.", "endorse"),
    ],
)
def test_stance_of_word_findings(engine, text, stance):
    a = engine.analyze(text)
    assert a.findings, text
    assert {f.stance for f in a.findings} == {stance}, [(f.text, f.stance, f.reasons) for f in a.findings]
    assert a.hateful == (stance == "endorse")


def test_reported_hate_carries_label_and_speaker(engine):
    a = engine.analyze('My uncle said "Jews are vermin". That is so racist.')
    assert not a.hateful and "reports_hate" in a.labels
    assert a.context["reported_hate"][0]["speaker"] == "My uncle"


def test_stance_change_is_recorded_in_history(engine):
    (f,) = engine.analyze("Calling Muslims vermin is disgusting.").findings
    assert f.history[-1].stage == "stance" and "condemned" in f.history[-1].reason


def _wide(text: str, kind: str = "post"):
    return whole_text_finding(text, kind)


@pytest.mark.parametrize(
    "text, stance",
    [
        ("Muslims are a plague on this country.", "endorse"),
        ("Muslims are not human.", "endorse"),  # negated praise is an insult
        ("Immigrants are not welcome here.", "endorse"),
        ("Muslims are not terrorists.", "negated"),
        ("I don't hate gay people.", "negated"),
        ("Calling Muslims a plague is disgusting.", "counter"),
        ("Is it true that Muslims don't eat pork?", "question"),
        # "anyone who says …" presents words as theirs; "anyone who is gay" names the people attacked.
        ("Anyone who says gay people are vermin is disgusting.", "counter"),
        ("Those who are saying Muslims are terrorists are wrong.", "counter"),
        ("Anyone who is gay is disgusting.", "endorse"),
        ("People who are Muslim are disgusting.", "endorse"),
    ],
)
def test_stance_of_whole_text_findings(text, stance):
    _, f = _wide(text)
    assert f.stance == stance, f.reasons


@pytest.mark.parametrize("clause, framed", [
    ("anyone who says ", True), ("people who think ", True), ("those who are saying ", True), ("whoever wrote ", True),
    ("whoever is still calling ", True), ("anyone who is ", False), ("people who are ", False), ("whoever is ", False),
])
def test_relative_clauses_frame_words_only_when_they_report_saying_or_doing(clause, framed):
    from hatescope.stance import cues

    assert bool(cues.FRAME.search(clause + "jewish")) == framed


def test_wide_finding_follows_narrow_evidence_inside_it(engine):
    text = "Calling Muslims vermin is disgusting."
    doc = Document(original=text, kind="post", norm=normalize(text))
    segment(doc)
    narrow = doc.finding(label="dehumanization", nstart=16, nend=22, score=0.9, detector="w")
    wide = doc.finding(label="hate", nstart=0, nend=len(text), score=0.9, detector="c")
    out = assign_stance(doc, [narrow, wide])
    assert [f.stance for f in out] == ["counter", "counter"]


def test_embedded_post_is_endorsed_by_its_author_and_reporter_text_is_not():
    text = (
        "The mayor's posts drew criticism.\n\nCritics said the posts called Muslims vermin.\n\n"
        "The posts read:\n\n@mayor: Muslims are vermin."
    )
    a = fake_engine(WORDS).analyze(text, kind="article")
    by_stance = {f.stance for f in a.findings}
    assert by_stance == {"report", "endorse"}
    endorsed = [f for f in a.findings if f.stance == "endorse"]
    assert len(endorsed) == 1 and a.segments[endorsed[0].segment].kind == "embedded_post"
    assert a.hateful


def test_decide_keeps_non_endorsed_hate_out_of_the_verdict():
    doc, f = _wide("Muslims are not terrorists.")
    a = decide(doc, [f], Policy.default(), versions={})
    assert not a.hateful
