import pytest

from hatescope.errors import EmptyInput, InputTooLarge, UnknownKind
from hatescope.types import SCORE_LABELS
from tests.fakes import fake_engine


def test_flags_word_in_authors_voice_with_original_offsets():
    text = "Ｔｈｅｙ are VERMIN."
    a = fake_engine().analyze(text)
    assert a.hateful and a.action in {"review", "remove"}
    (f,) = a.findings
    assert text[f.start:f.end] == f.text == "VERMIN"
    assert set(SCORE_LABELS) <= set(a.scores) and all(0 <= v <= 1 for v in a.scores.values())
    assert a.scores["dehumanization"] == pytest.approx(0.9)


def test_clean_text_is_allowed_with_a_reason():
    a = fake_engine().analyze("Lovely weather in the harbour today.")
    assert not a.hateful and a.action == "allow" and a.findings == () and a.reasons


@pytest.mark.parametrize(
    "text,kind,error",
    [("", "post", EmptyInput), ("   \n", "post", EmptyInput), ("x" * 1_000_001, "post", InputTooLarge), ("hi", "tweet", UnknownKind)],
)
def test_bad_input_raises_coded_errors(text, kind, error):
    with pytest.raises(error) as info:
        fake_engine().analyze(text, kind=kind)
    assert info.value.code.startswith("HS1")


def test_batch_equals_one_by_one():
    eng = fake_engine()
    texts = ["they are vermin", "nice day", "VERMIN everywhere"]
    assert [a.to_dict() for a in eng.analyze_many(texts)] == [eng.analyze(t).to_dict() for t in texts]
