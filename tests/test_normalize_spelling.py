"""Spelling repair: misspelt watched words read as the word, everything else left as written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatescope.config import EngineConfig
from hatescope.engine import Engine
from hatescope.normalize.spelling import TermSpeller, edit_kind, normalize_with_spelling
from hatescope.offsets import MappedText
from hatescope.resources import default_speller

SMALL = TermSpeller(
    ["muslims", "jews", "vermin", "mudslimes", "rapists"],
    ["the", "hate", "are", "vernal", "rapist", "bakers", "baker"],
    groups=["muslims", "jews", "black"],
    words=["the", "hate", "are", "people"],
)


def fixed(speller: TermSpeller, text: str) -> str:
    return speller(MappedText.identity(text)).text


def packaged(text: str) -> MappedText:
    """The chain and the repair towards the packaged lexicons' words (what a default engine reads)."""
    return normalize_with_spelling(text, speller=default_speller())


@pytest.mark.parametrize(("a", "b", "kind"), [
    ("mulsims", "muslims", "swap"), ("musims", "muslims", "drop"), ("musslims", "muslims", "double"),
    ("muslins", "muslims", "change"), ("muslimms", "muslims", "double"), ("muslimes", "muslims", "add"),
    ("muslims", "muslims", None), ("mslms", "muslims", None),
])
def test_edit_kind_names_the_one_edit(a: str, b: str, kind: str | None) -> None:
    assert edit_kind(a, b) == kind


@pytest.mark.parametrize(("text", "out"), [
    ("i hate mulsims", "i hate muslims"),      # two neighbours swapped
    ("the musims are", "the muslims are"),     # one letter dropped
    ("vermmin", "vermin"),                     # one letter doubled
    ("the jwes", "the jews"),                  # a 4-letter token: only a swap is repaired
    ("hatejews", "hate jews"),                 # glued to the word before
    ("muslimsare", "muslims are"),             # glued to the word after
    ("blackpeople", "black people"),
])
def test_repairs(text: str, out: str) -> None:
    assert fixed(SMALL, text) == out


@pytest.mark.parametrize("text", [
    "muslins",        # a changed letter is not a slip this stage reads (and is often another word)
    "nuslims",        # nor a changed first letter
    "jes",            # too short
    "jewz",           # 4 letters, not a swap
    "vernal",         # a known word, however close
    "rapist",         # the singular of a watched plural
    "bakers",         # the plural of a known word
    "muslimes",       # one edit from two watched words: ambiguous
    "muzslims",       # an added letter that doubles none beside it
    "mulsims2020", "@mulsims", "#mulsims", "mulsims_x",  # part of a name, tag or number
    "http://example.com/mulsims",
    "hatefuljews",    # glued, but "hateful" is not a common word in this list
])
def test_leaves_alone(text: str) -> None:
    assert fixed(SMALL, text) == text


def test_a_repair_maps_back_to_the_misspelt_word() -> None:
    text = "They said MULS1MS are vermin"
    norm = packaged(text)
    assert "muslims" in norm.text
    start = norm.text.index("muslims")
    assert norm.to_original(start, start + len("muslims")) == (10, 17)
    glued = packaged("i hatejews")
    a, b = glued.to_original(glued.text.index("jews"), glued.text.index("jews") + 4)
    assert "i hatejews"[a:b] == "hatejews"  # a split maps to the whole glued token


@pytest.mark.parametrize("text", [
    "tyranny", "coronavirus", "congrats", "incest", "transformative", "pacers", "stank", "whine",
    "jewels", "muslimes", "semen", "idiotic", "lockdown", "muzziens",
])
def test_packaged_word_lists_keep_real_words(text: str) -> None:
    assert packaged(text).text == text


@pytest.mark.parametrize(("text", "out"), [
    ("mulsims", "muslims"), ("foreigenrs", "foreigners"), ("thejews", "the jews"), ("whitepeople", "white people"),
    ("nigegrs", "niggers"),
])
def test_packaged_word_lists_repair_slips(text: str, out: str) -> None:
    assert packaged(text).text == out


def test_engine_reads_the_repaired_word_and_reports_the_original(tmp_path) -> None:
    text = "the jwes control the banks"
    on = Engine().analyze(text)
    off = Engine(config=EngineConfig(spelling=False)).analyze(text)
    assert on.hateful and not off.hateful
    assert any(f.text == text[f.start:f.end] and "jwes" in f.text for f in on.findings)
    cfg = tmp_path / "engine.toml"
    cfg.write_text("spelling = false\n")
    assert EngineConfig.load(cfg).spelling is False


_PIECES = st.sampled_from(["mulsims", "hatejews", "the", "jwes", "MULS1MS", " ", "  ", ".", "k i l l", "ünï", "@x",
                           "http://a.b/c", "\n", "vermmin", "2020", "é"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_offsets_stay_inside_the_original_and_in_order(text: str) -> None:
    norm = packaged(text)
    assert len(norm.orig_start) == len(norm.text)
    assert list(norm.orig_start) == sorted(norm.orig_start)
    assert all(0 <= a < b <= len(text) for a, b in zip(norm.orig_start, norm.orig_end))
