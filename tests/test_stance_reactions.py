"""The writer's short reaction after words they quote, report or show in quote marks (stance/endorsement.py,
stance/reactions.py), and their verdict on an attack or a plight they report: praise, affirmation, a call for more and
an act of support make the words the writer's; turning away, a moderation notice and the writer's own hurt or
disbelief do not; sympathy, help and a call to punish the attackers make a reported attack a report.
Sentences written for these tests (none is taken from an evaluation suite or an adversarial round)."""

import pytest

from hatescope.context_cues import CUE_KEYS, load
from hatescope.stance import endorsement, reactions
from tests.fakes import STANCE_WORDS, fake_engine, hateful_stances as _stances, whole_text_finding

EN = load("en")
#: "zorbs" stands for a slur: a made-up word, so that no real slur is written into the tests.
WORDS = {**STANCE_WORDS, "zorbs": ("hate", 0.9)}


@pytest.fixture(scope="module")
def engine():
    return fake_engine(WORDS)


@pytest.mark.parametrize("text, stance", [
    # Praise of the speaker or of the thing that carried the words, in a verbless sentence.
    ("\"Roma are thieves\" - my driving instructor. Great instructor.", "endorse"),
    ("\"Kurds are vermin\" on a beer mat at the Crown. Best pub around.", "endorse"),
    ("\"Refugees are parasites\" - the night bus driver. Driver for mayor.", "endorse"),
    # The words affirmed true, or still true.
    ("\"Kurds are vermin\" - a poster from 1938. Aged well.", "endorse"),
    ("\"Somalis are savages\" - my uncle at dinner. Correct though.", "endorse"),
    ("\"Roma are thieves\" - my gran, years ago. Still holds.", "endorse"),
    ("\"Refugees are parasites\" - a pupil's essay. A+", "endorse"),
    ("\"Roma are thieves\" - a pundit on the news. Fact check: true.", "endorse"),
    ("\"Somalis are savages\" - my neighbour. Earned it.", "endorse"),
    # A call for more of the words, or for their return.
    ("\"Roma are thieves\" - a leaflet from the eighties. Print more.", "endorse"),
    ("\"Refugees are parasites\" - the old shop sign. Hang it back up.", "endorse"),
    ("\"Kurds are vermin\" - the deleted post. Shouldn't have removed it.", "endorse"),
    # Acting in support of the words or their speaker.
    ("\"Kurds are vermin\" - the candidate's leaflet. Voted for her.", "endorse"),
    ("\"Roma are thieves\" - the petition's headline. Signed.", "endorse"),
    ("\"Somalis are savages\" - the comedian's new tour. Booked in.", "endorse"),
    # Turning away from them stays a rejection.
    ("\"Kurds are vermin\" - my cousin's status. Unfollowed.", "counter"),
    ("\"Roma are thieves\" - the council leader. Resign.", "counter"),
    ("\"Somalis are savages\" - the quiz host. 0/10.", "counter"),
    ("\"Refugees are parasites\" - the landlord. Boycott.", "counter"),
    ("\"Roma are thieves\" - the flyer. Straight in the bin.", "counter"),
    ("\"Somalis are savages\" - the tour guide. Worst tour.", "counter"),
])
def test_a_short_tag_after_quoted_words_is_the_writers_verdict(engine, text, stance):
    assert _stances(engine, text) == {stance}


@pytest.mark.parametrize("text, stance", [
    # Words aimed at the writer or theirs, then the writer's own hurt, fatigue, leaving or disbelief: a report.
    ("'Zorbs' shouted at my brother on the bus. He's 9. Why.", "report"),
    ("'Zorbs' keyed into my door. Fourth time. I'm exhausted.", "report"),
    ("'Zorbs' in the comments under my video again. mods?", "report"),
    ("'Zorbs' painted on our fence. If anyone saw anything, message me.", "report"),
    ("'Zorbs' all over the team chat. Left.", "counter"),
    # The same words with laughter, approval or a call for more are the writer's.
    ("'Zorbs' all over the team chat. Lol.", "endorse"),
    ("'Zorbs' all over the team chat. Top banter.", "endorse"),
    ("'Zorbs' painted on their fence. Paint more.", "endorse"),
    # The writer said or wrote it: their own act, whatever follows.
    ("Keyed 'zorbs' into his door. Fourth time.", "endorse"),
    ("So I called him 'zorbs' to his face. Why.", "endorse"),
    # A count with no first-person word may be a boast: no report.
    ("'Zorbs' keyed into their door. Fourth time.", "endorse"),
])
def test_a_slur_in_quote_marks_with_the_writers_own_reaction_is_reported(engine, text, stance):
    assert _stances(engine, text) == {stance}


@pytest.mark.parametrize("text, stance", [
    ("Reminder: 'zorbs' = permanent ban.", "counter"),
    ("Second warning, Tom. 'Zorbs' isn't a joke in this server.", "counter"),
    ("Pinned: posting 'zorbs' gets you kicked.", "counter"),
    ("Reminder: 'zorbs' = fine here.", "endorse"),
    # The words reported removed after them, unless the writer regrets it.
    ("'Zorbs' sprayed on the underpass. The council painted over it.", "counter"),
    ("'Zorbs' sprayed on the underpass. The council painted over it. Cowards.", "endorse"),
    # A sanction, then the framed words: a moderation notice without quote marks.
    ("Admin: deleted a reply comparing Roma to vermin. Keep it civil.", "counter"),
    ("Admin: deleted a reply comparing Roma to vermin. Accurate though.", "endorse"),
    # Quoted words removed, then regret of the removal or a welcome of it.
    ("\"Kurds are vermin\" - painted on the bridge. The council scrubbed it off. Pity.", "endorse"),
    ("\"Kurds are vermin\" - painted on the bridge. The council scrubbed it off. Good.", "counter"),
])
def test_a_moderation_notice_naming_a_slur_is_not_its_use(engine, text, stance):
    assert _stances(engine, text) == {stance}


def _wide(text: str) -> str:
    return whole_text_finding(text)[1].stance


@pytest.mark.parametrize("text, stance", [
    # A call to find or punish the attackers, in the next sentence or after a colon in the same one.
    ("Someone daubed a swastika on the gurdwara wall. Find them and charge them.", "counter"),
    ("To the men who kicked the Roma busker: police have your faces now.", "counter"),
    ("A Sikh taxi driver was beaten in Leeds. Somebody's going to prison for this.", "counter"),
    ("A Kurdish cafe was torched last night. The arsonists need prosecuting.", "counter"),
    # Help for those hurt or in need, or the writer's condemnation of the event.
    ("The Somali family's flat was firebombed overnight. Donate if you can.", "report"),
    ("The coastguard rescued 60 refugees off Kent. Bring every one of them in.", "report"),
    ("A Roma camp was evicted the day before the storm. Worst timing ever.", "report"),
    ("A Roma camp was evicted the day before the storm. Cruel timing.", "report"),
    # Approval, a call to repeat it or laughter keep the report the writer's own.
    ("A Sikh taxi driver was beaten in Leeds. Do it again.", "endorse"),
    ("A Kurdish cafe was torched last night. Try again, lads.", "endorse"),
    ("The coastguard rescued 60 refugees off Kent. Should have let them drown.", "endorse"),
    ("The Somali family's flat was firebombed overnight. Donate lol.", "endorse"),
])
def test_the_writers_verdict_on_a_reported_attack_or_plight(text, stance):
    assert _wide(text) == stance


@pytest.mark.parametrize("text, mark", [
    ("the 'zorbs' guy", (4, 11)),
    ("grandma's 'zorbs' rule", (10, 17)),
    ("don't say zorbs", None),           # apostrophes are no quote marks
    ("'a' and zorbs", None),             # the evidence stands after a quotation, not inside it
])
def test_quote_marks_around_the_evidence_are_told_from_apostrophes(text, mark):
    at = text.index("zorbs")
    assert reactions.marks_around(text, 0, at, at + 5, len(text)) == mark


@pytest.mark.parametrize("text, context, reported", [
    ("third time.", "'zorbs' on my car.", True),
    ("third time.", "'zorbs' on their car.", False),      # fatigue needs the writer or theirs
    ("i'm so tired.", "'zorbs' on their car.", True),
    ("still angry.", "", True),
    ("still laughing.", "", False),
])
def test_a_reaction_is_the_writers_own_hurt_fatigue_or_disbelief(text, context, reported):
    assert endorsement.reacts(text, context, EN) is reported


def test_the_new_cue_keys_are_declared():
    for key in ("more", "support", "reject", "reaction", "recurrence", "moderation", "regret", "plight"):
        assert key in CUE_KEYS and EN.pattern(key) is not None
