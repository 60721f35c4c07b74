"""The writer's short verdict after a report (stance/endorsement.py): a few words of approval or praise make reported
hate the writer's ("Still true.", "Good lad.", "W"); sympathy with those attacked or a call to punish the attackers
makes a reported attack a report, not hate ("Hope they're ok.", "Find those cowards."). Each verdict has a contrast
that must keep its stance. Sentences written for these tests (none is taken from an evaluation suite or a round)."""

import pytest

from hatescope.context_cues import CUE_KEYS, load
from hatescope.stance import endorsement
from tests.fakes import STANCE_WORDS, fake_engine, hateful_stances as _stances, whole_text_finding

EN = load("en")


@pytest.fixture(scope="module")
def engine():
    return fake_engine(STANCE_WORDS)


@pytest.mark.parametrize("approved, contrast", [
    # A bare agreement, or the claim said to hold still.
    ("A man shouted \"Kurds are vermin\" at the bus stop. Correct, mate.",
     "A man shouted \"Kurds are vermin\" at the bus stop. I walked off."),
    ("My uncle wrote \"Roma are thieves\" in 1989. Still true.",
     "My uncle wrote \"Roma are thieves\" in 1989. He has since apologised."),
    ("The pundit called refugees \"parasites\" on air. He had a point.",
     "The pundit called refugees \"parasites\" on air. He had no evidence at all."),
    ("Somebody told my neighbour \"Somalis are savages\" at the shop. She isn't wrong.",
     "Somebody told my neighbour \"Somalis are savages\" at the shop. She isn't ok since."),
    # Whoever holds the view "gets it" or "has it figured out"; the claim extended to all of them.
    ("\"Refugees are parasites\" on a poster by the station. This town gets it.",
     "\"Refugees are parasites\" on a poster by the station. This town deserves better."),
    ("Teenagers chanting \"Kurds are vermin\" at the match. The youth have it figured out.",
     "Teenagers chanting \"Kurds are vermin\" at the match. The youth need teachers."),
    ("\"Roma are thieves\" - my gran, every Christmas. Honestly yeah, all of them.",
     "\"Roma are thieves\" - my gran, every Christmas. Honestly no, our Roma neighbours lend us their car."),
    # Praise of whoever said it, and a bare win.
    ("My son yelled \"Roma are thieves\" at the fair. That's my boy.",
     "My son yelled \"Roma are thieves\" at the fair. That's not how I raised my boy."),
    ("A coach said \"Kurds are vermin\" at training. Good lad.",
     "A coach said \"Kurds are vermin\" at training and a parent told him off. Good lad."),
    ("Someone sprayed \"Kurds are vermin\" on the community hall. W",
     "Someone sprayed \"Kurds are vermin\" on the community hall. Not a W for anyone."),
])
def test_a_short_verdict_makes_reported_hate_the_writers(engine, approved, contrast):
    assert _stances(engine, approved) == {"endorse"}
    assert "endorse" not in _stances(engine, contrast)


def _wide(text: str) -> str:
    return whole_text_finding(text)[1].stance


@pytest.mark.parametrize("sympathetic, contrast", [
    ("A synagogue in Leeds was set on fire last night. Hope everyone inside is ok.",
     "A synagogue in Leeds was set on fire last night. Hope it burns again."),
    ("Two gay men were beaten outside a bar in Lyon. Get well soon, lads.",
     "Two gay men were beaten outside a bar in Lyon. Good."),
    # Thanks for the escape, not for the attack.
    ("A refugee shelter was torched overnight. Everyone got out. Thank god.",
     "A refugee shelter was torched overnight. Thank god."),
    ("A Sikh taxi driver was stabbed in Derby. Pray for his family.",
     "A Sikh taxi driver was stabbed in Derby. Pray for his family lol"),
    ("Nine worshippers were shot dead in a church in Charleston. Say their names.",
     "Nine worshippers were shot dead in a church in Charleston. Nice."),
])
def test_sympathy_after_a_reported_attack_makes_it_a_report(sympathetic, contrast):
    assert _wide(sympathetic) == "report"
    assert _wide(contrast) == "endorse"


@pytest.mark.parametrize("punishing, contrast", [
    ("A mosque in Bristol was vandalised again. Find whoever did this and lock them up.",
     "A mosque in Bristol was vandalised again. Finish the job."),
    ("A trans woman was kicked on a tram in Graz. Those cowards should be in prison.",
     "A trans woman was kicked on a tram in Graz. Those lads are heroes."),
    # The report names the attacker punished: a welcome, or wanting more, welcomes the punishment.
    ("The man who attacked a synagogue in Halle got life. Good.",
     "Two gay men were jailed and beaten in prison. Good."),
    ("The gunman who shot up a gurdwara got 30 years. Not enough.",
     "A gurdwara was shot up, six dead. Not enough."),
])
def test_wanting_the_attackers_punished_rejects_the_attack(punishing, contrast):
    assert _wide(punishing) == "counter"
    assert _wide(contrast) == "endorse"


def test_an_attacking_word_or_a_group_named_after_the_sympathy_keeps_it_the_writers():
    assert _wide("A mosque was set on fire in Hull. Pray for them. Filthy savages anyway.") == "endorse"
    assert _wide("A mosque was set on fire in Hull. Pray for them. Muslims are still vermin.") == "endorse"


@pytest.mark.parametrize("following, verdict", [
    (["hope they're ok."], ("report", "a report of an attack, with sympathy for those attacked")),
    (["i won't pray for them."], None),  # denied sympathy is none
    (["nobody was hurt.", "thank goodness."], ("report", "a report of an attack, with sympathy for those attacked")),
    (["thank goodness."], None),
    ([], None),
])
def test_the_verdict_on_an_attack_reads_the_sentences_after_it(following, verdict):
    assert endorsement.verdict_on_event("a synagogue was set on fire.", following, EN) == verdict


def test_a_report_without_an_attack_is_left_to_the_other_rules():
    assert endorsement.verdict_on_event("a new mosque opened in our town.", ["pray for them."], EN) is None


def test_the_new_cue_keys_are_declared():
    for key in ("attack", "attacker_group", "perpetrator", "sympathy", "punish", "mockery"):
        assert key in CUE_KEYS and EN.pattern(key) is not None


def test_a_group_named_as_the_attacker_is_not_cleared_by_a_call_to_punish():
    assert _wide("Muslims attacked a church in Lyon. Arrest them all.") == "endorse"
    assert _wide("Muslims were attacked outside a church in Lyon. Arrest them all.") == "counter"


def test_sympathy_taken_back_is_mockery():
    assert endorsement.verdict_on_event("a synagogue was set on fire.", ["hope they're ok... not."], EN) is None
    told = "a synagogue was set on fire."
    assert endorsement.verdict_on_event(told, ["hope they're ok, it's not the first time."], EN) == (
        "report", "a report of an attack, with sympathy for those attacked")
