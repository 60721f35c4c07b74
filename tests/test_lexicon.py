"""LexiconDetector: matching, targets, innocent uses, antisemitism references, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from hatescope.detect.lexicon import LexiconDetector
from hatescope.detect.targets import find_mentions
from hatescope.document import Document
from hatescope.normalize import normalize
from hatescope.registry import detectors
from hatescope.types import SCORE_LABELS

HATEFUL = {"hate", "dehumanization", "incitement", "threat", "antisemitism", "coded_language"}


@pytest.fixture(scope="module")
def det() -> LexiconDetector:
    d = LexiconDetector()
    d.load()
    return d


def run(det: LexiconDetector, text: str):
    doc = Document(original=text, kind="post", norm=normalize(text))
    doc.mentions = find_mentions(doc)
    return det.detect(doc)


def labels(det: LexiconDetector, text: str, threshold: float = 0.5) -> set[str]:
    return {f.label for f in run(det, text) if f.score >= threshold}


def test_registered_and_versioned(det: LexiconDetector) -> None:
    assert detectors.get("hatescope.lexicon.v1") is LexiconDetector
    assert "antisemitism@" in det.version and "dehumanization@" in det.version
    assert det.size > 500


@pytest.mark.parametrize(
    ("text", "label", "target"),
    [
        ("Immigrants are vermin.", "dehumanization", "immigrants"),
        ("Muslims moved here. They are a cancer.", "dehumanization", "muslims"),
        ("Kill all the refugees.", "incitement", "immigrants"),
        ("Wipe Israel off the map.", "incitement", "israel"),
        ("Those kikes again.", "hate", "jews"),
        ("The holocaust never happened.", "antisemitism", "jews"),
        ("The globalists control the media.", "antisemitism", "jews"),
        ("The globalists want to replace us and flood the markets with cheap labour.", "antisemitism", "jews"),
    ],
)
def test_hateful_uses_found_with_target(det: LexiconDetector, text: str, label: str, target: str) -> None:
    hits = [f for f in run(det, text) if f.label == label and f.score >= 0.5]
    assert hits, text
    assert hits[0].target == target


@pytest.mark.parametrize(
    "text",
    [
        "The final solution to this maths problem is elegant.",
        "Globalist trade policy lowered tariffs.",
        "The globalist agenda of the nineties cut tariffs and moved manufacturing abroad.",
        "The doctor removed a cancerous tumor.",
        "We hired an exterminator for the rats.",
        "Rats are vermin.",
        "Kill all the weeds.",
        "The Iranian regime is a cancer on the region.",
        "Our team scored 88 points.",
        "The senator spewed this filth against the Jews at the rally.",  # the group suffers the "filth", it is not called it
    ],
)
def test_innocent_uses_not_flagged(det: LexiconDetector, text: str) -> None:
    assert not labels(det, text) & HATEFUL


def test_untargeted_match_keeps_a_low_score(det: LexiconDetector) -> None:
    (f,) = [f for f in run(det, "hang them on the wall") if f.label == "incitement"]
    assert f.score < 0.5 and f.target is None
    assert "score lowered" in f.reasons[0]


def test_offsets_point_into_the_original_text(det: LexiconDetector) -> None:
    text = "Honestly, IMMIGRANTS are   VERMIN!!"
    (f,) = [f for f in run(det, text) if f.label == "dehumanization"]
    assert text[f.start : f.end] == f.text == "VERMIN"


def test_meta_explains_the_entry(det: LexiconDetector) -> None:
    (f,) = [f for f in run(det, "Immigrants are vermin.") if f.label == "dehumanization"]
    assert f.meta["entry"] == "dh.vermin" and f.meta["category"] == "dehumanization"
    assert f.meta["meaning"] and f.detector == "hatescope.lexicon.v1"
    assert all(label in SCORE_LABELS for label in labels(det, "Immigrants are vermin. Fuck you, idiot."))


def test_inflections_and_hashtags(det: LexiconDetector) -> None:
    assert "dehumanization" in labels(det, "Jews are parasites.")
    assert "antisemitism" in labels(det, "#holohoax")
    assert "antisemitism" in labels(det, "the #holocausthoax again")


def test_gapped_phrase_spans_the_target(det: LexiconDetector) -> None:
    (f,) = [f for f in run(det, "Drive the Jews into the sea") if f.label == "incitement"]
    assert f.text == "Drive the Jews into the sea" and f.target == "jews"


def test_antisemitism_names_both_definitions(det: LexiconDetector) -> None:
    (f,) = [f for f in run(det, "The holocaust never happened.") if f.label == "antisemitism"]
    assert (f.meta["ihra"], f.meta["jda"], f.meta["jda_verdict"]) == ("4", "A5", "antisemitic")


def test_definitions_can_disagree_on_israel(det: LexiconDetector) -> None:
    (f,) = [f for f in run(det, "Israel is an apartheid state.") if f.label == "antisemitism"]
    assert f.meta["ihra"] == "7" and f.meta["jda"] == "C13"
    assert f.meta["ihra_verdict"] == "antisemitic" and f.meta["jda_verdict"] == "not_antisemitic"
    assert f.meta["definitions_differ"] is True


def test_dehumanising_jews_is_also_antisemitism(det: LexiconDetector) -> None:
    found = {f.label: f for f in run(det, "Jews are vermin.")}
    assert found["antisemitism"].meta["ihra"] == "2" and found["antisemitism"].meta["jda"] == "A1"
    assert "antisemitism" not in labels(det, "Immigrants are vermin.")


def test_criticism_of_a_state_is_not_an_attack_on_its_people(det: LexiconDetector) -> None:
    assert not labels(det, "The Israeli government is a disease.") & HATEFUL
    assert "dehumanization" in labels(det, "Israelis are a disease.")


def test_extra_entries_and_custom_files(tmp_path: Path) -> None:
    from hatescope.detect.lexicon_files import Entry

    extra = Entry(id="x.test", term="blorptastic", category="coded_language", meaning="test", source="test")
    d = LexiconDetector(extra_entries=[extra])
    assert "coded_language" in labels(d, "so blorptastic today")
    f = tmp_path / "mini.toml"
    f.write_text('[lexicon]\nname = "mini"\nversion = "9"\n[[entry]]\nid = "m.1"\nterm = "zorp"\n'
                 'category = "insult"\nmeaning = "m"\nsource = "s"\n')
    d2 = LexiconDetector(paths=[f])
    assert d2.version == "mini@9"
    assert labels(d2, "you zorps") == {"insult"}
