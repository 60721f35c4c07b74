"""The writer's own verdict on words they quote, report or frame (stance/endorsement.py): approval, praise and a
welcome make quoted hate the writer's; a welcomed sanction, a rebuttal or a condemnation rejects it; conditional
and generic speakers ("if you think X, …", "anyone who says X …") are judged by the main clause after the claim.
Sentences written for these tests (none is taken from an evaluation suite)."""

import pytest

from hatescope.context_cues import CUE_KEYS, load, words_pattern
from hatescope.stance import endorsement
from tests.fakes import STANCE_WORDS, fake_engine, hateful_stances as _stances, whole_text_finding

EN = load("en")


@pytest.fixture(scope="module")
def engine():
    return fake_engine(STANCE_WORDS)


@pytest.mark.parametrize("text, stance", [
    # Approval of the words in the writer's own voice, right after them or some sentences later.
    ("A mayor was fined for calling Roma \"thieves\". Fined for telling the truth.", "endorse"),
    ("The host called Somalis \"savages\" on air. Nobody stopped him. Honestly, it's the truth.", "endorse"),
    ("Finally someone said it: the pundit called Kurds \"vermin\" tonight.", "endorse"),
    # Praise of the speaker; of whoever answered the words, when somebody did.
    ("A man shouted \"Kurds are vermin\" at the market. Absolute legend.", "endorse"),
    ("A man shouted \"Kurds are vermin\" at the market and a stallholder told him off. Legend.", "counter"),
    # A bare welcome: of the words or act, or of their sanction.
    ("Somebody wrote \"Roma are thieves\" on the school gate. About time.", "endorse"),
    ("A teacher was sacked for calling pupils \"parasites\". About time.", "counter"),
    ("Somebody wrote \"Roma are thieves\" on the school gate. The caretaker scrubbed it off. Good.", "counter"),
    # A denied sanction is none: "I'm not deleting it".
    ("Someone posted \"Roma are thieves\" in the group. I'm not deleting it. Good.", "endorse"),
    # A later sentence that condemns the words rejects them.
    ("Someone posted \"Roma are thieves\" in the group. I took it down. It's disgusting.", "counter"),
])
def test_the_writer_judges_quoted_words(engine, text, stance):
    assert _stances(engine, text) == {stance}


@pytest.mark.parametrize("text, stance", [
    ("If you think Kurds are vermin, you have never met one.", "counter"),
    ("If you think Kurds are vermin, you are right.", "endorse"),
    ("Anyone who calls refugees parasites should look at the numbers.", "counter"),
    ("Anyone who calls refugees parasites is spot on.", "endorse"),
    ("People who say Roma are thieves have no idea what they are talking about.", "counter"),
    ("People who say Roma are thieves deserve a medal.", "endorse"),
    ("If you believe Somalis are savages, talk to one.", "counter"),
    # The last verdict wins: a condemning word inside the claim, approval in the main clause.
    ("Anyone who says refugees are disgusting parasites is right.", "endorse"),
    # Punishing the generic speaker rejects the words, whatever verb introduces them.
    ("Whoever says refugees are vermin should be fired.", "counter"),
    ("Anyone who talks about Kurds as parasites belongs in prison.", "counter"),
    ("People who joke about Roma being thieves belong behind bars.", "counter"),
    ("People who joke about Roma being thieves are the only honest ones.", "endorse"),
])
def test_conditional_and_generic_speakers_are_judged_by_the_main_clause(engine, text, stance):
    assert _stances(engine, text) == {stance}


def test_the_quoted_speakers_approval_is_not_the_writers(engine):
    # The politician agrees with somebody inside his own quoted words: the writer only reports him.
    assert _stances(engine, "The senator said: \"anyone who calls refugees parasites is right\".") <= {"quote", "report"}


def _wide(text: str) -> str:
    return whole_text_finding(text)[1].stance


@pytest.mark.parametrize("text, stance", [
    ("If you believe immigrants bring crime, look at the numbers first.", "counter"),
    ("If you believe immigrants bring crime, you are correct.", "endorse"),
    ("Men who say women belong in the kitchen have never cooked a meal.", "counter"),
])
def test_whole_text_scores_read_the_main_clause(text, stance):
    assert _wide(text) == stance


@pytest.mark.parametrize("text, approves", [
    ("referred for telling the truth.", True),
    ("he wasn't telling the truth.", False),
    ("couldn't have put it better myself", True),
    ("it's true.", True),
    ("it's true, he was fined later", False),
])
def test_approval_is_not_read_where_it_is_denied_or_only_reports_a_fact(text, approves):
    assert bool(endorsement.approves(text, EN)) is approves


def test_the_cue_keys_are_declared_and_readable_as_word_lists():
    for key in ("approve", "accolade", "answered", "welcome", "sanction", "generic_frame", "rebut"):
        assert key in CUE_KEYS and EN.pattern(key) is not None
    # A language file may give them as words: the schema is the same as every other cue's.
    import re
    pattern = re.compile(words_pattern(["hat recht", "endlich sagt es einer", "bravo*"]))
    assert pattern.search("endlich   sagt es einer") and pattern.search("bravissimo") is None and pattern.search("bravo!")
