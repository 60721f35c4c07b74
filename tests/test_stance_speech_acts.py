"""Speech acts in the writer's own voice: agreement with a quote, a claim after a denial, sincere and
hostile questions, solidarity, denied stereotypes, history told to condemn it. Sentences written for
these tests (none is taken from an evaluation suite)."""

import pytest

from hatescope.stance import speech_acts
from tests.fakes import fake_engine, whole_text_finding

WORDS = {
    "vermin": ("dehumanization", 0.9),
    "parasites": ("dehumanization", 0.9),
    "thieves": ("hate", 0.8),
    "exterminate": ("incitement", 0.9),
    "annihilate": ("incitement", 0.9),
}


@pytest.fixture(scope="module")
def engine():
    return fake_engine(WORDS)


def _wide(text: str):
    return whole_text_finding(text)[1]


@pytest.mark.parametrize("text, stance", [
    # Quote, then agree: the writer makes the quoted words their own.
    ("'Refugees are parasites' — yep, that's my view too.", "endorse"),
    ("My neighbour at the bus stop: 'Roma are thieves'. Neighbour's right.", "endorse"),
    ("'Migrants are vermin', the caller said. Fair point, honestly.", "endorse"),
    ("The speaker called asylum seekers 'parasites'. The crowd clapped and so did I.", "endorse"),
    # ... and the same quotes condemned or only reported stay someone else's.
    ("'Refugees are parasites' — that's a vile thing to say.", "counter"),
    ("My neighbour at the bus stop: 'Roma are thieves'. Yikes, she is so wrong.", "counter"),
    # A historical plan told as history, and the same praised.
    ("The plan drawn up in 1994 was a campaign to exterminate the Tutsi.", "report"),
    ("The generals planned to annihilate the Armenians. They had the right idea.", "endorse"),
])
def test_stance_of_narrow_findings(engine, text, stance):
    a = engine.analyze(text)
    hateful = [f for f in a.findings if f.label in ("hate", "dehumanization", "incitement")]
    assert hateful, text
    assert {f.stance for f in hateful} == {stance}, [(f.text, f.stance, f.reasons) for f in hateful]


@pytest.mark.parametrize("text, stance", [
    # A denial covers its own clause; the claim after "just", "only", "but" is the writer's.
    ("I have nothing against Roma, I just think they should live somewhere else.", "endorse"),
    ("I'm not xenophobic, I only say refugees should be sent back.", "endorse"),
    ("We don't hate migrants, but they must all go back.", "endorse"),
    ("I don't hate Roma, I just don't know many.", "negated"),
    # A disclaimer of an attitude hedges the claim about the group after it, in the next sentence too.
    ("I don't hate trans people. I just find them repulsive.", "endorse"),
    ("Not that I hate Jews, they just turn my stomach.", "endorse"),
    ("Not saying I hate Roma, just that they should live somewhere else.", "endorse"),
    ("I'm not saying we hate migrants, just that they must all go back.", "endorse"),
    ("Not saying I hate Roma, just that I don't know many.", "negated"),
    ("I don't hate immigrants, I just wish they'd all vanish.", "endorse"),
    ("I don't think Muslims are terrorists, but some people do.", "negated"),
    # Negating a hateful predicate is a denial, whatever the group: a quoted label counts too.
    ("Bisexual people aren't cheaters.", "negated"),
    ("Lesbians are not predators, they are our neighbours.", "negated"),
    ("Nonbinary people are not 'confused teenagers'.", "negated"),
    ("No refugee is illegal.", "negated"),
    # A denial followed by the opposite claim in the writer's voice.
    ("Refugees are not 'guests', they are invaders.", "endorse"),
    # Sincere questions about customs, and hostile ones that presume their answer.
    ("why do Hindus put a red dot on the forehead? my classmate has one", "question"),
    ("How do Jewish families celebrate Sukkot? We were invited to dinner.", "question"),
    ("why are Roma always begging outside shops?", "endorse"),
    ("why do Hindus smell like that? asking for a friend", "endorse"),
    ("why do Muslims pray five times a day? so they can plot between prayers?", "endorse"),
    ("has a single trans person ever been honest about it?", "endorse"),
    # A question that is a claim: the asking taken back by a tag, or a hidden-power claim asked yes-or-no.
    ("Are Roma really behind all the burglaries round here? Just asking 🤔", "endorse"),
    ("Do Jewish bankers control the world economy?", "endorse"),
    ("Is it true that Muslims are secretly taking over the councils? Makes you think.", "endorse"),
    ("Why do people say Jewish bankers control the world economy?", "question"),
    ("Do Sikhs fast during Gurpurab? just curious", "question"),
    # A negative interrogative or "has anyone noticed" asks for agreement: it asserts what follows.
    ("Isn't it odd how Roma families always end up near the car parks?", "endorse"),
    ("Don't you think Sikh drivers are a danger on the roads?", "endorse"),
    ("Has anyone else noticed that lesbians are always so aggressive?", "endorse"),
    ("Has anyone been to a Sikh wedding in Leicester?", "question"),
    # A yes/no question opened by a negated auxiliary asserts what follows; a statement's negation still denies.
    ("Aren't asylum seekers just parasites on the rest of us?", "endorse"),
    ("isnt every Roma family on that estate a bunch of thieves?", "endorse"),
    ("So why don't we exterminate the lot of them?", "endorse"),
    ("Asylum seekers aren't parasites on the rest of us.", "negated"),
    ("Aren't we all tired of people calling asylum seekers parasites?", "counter"),
    # ... and finding a belief strange mocks the believers.
    ("Isn't it weird how people still believe refugees are all criminals?", "counter"),
    # Solidarity slogans and calls stand with the group.
    ("Trans Lives Matter", "counter"),
    ("Stop anti-Roma hate", "counter"),
    ("Protect Muslim families", "counter"),
    ("Protect our girls from these Muslim animals", "endorse"),
])
def test_stance_of_whole_text_findings(text, stance):
    f = _wide(text)
    assert f.stance == stance, f.reasons


@pytest.mark.parametrize("sentence, sincere", [
    ("why do sikh men wear a turban?", True),
    ("what do jains eat during paryushan?", True),
    ("why can't immigrants learn english?", False),
    ("why are gay men always so dramatic?", False),
    ("why do all muslims end up so angry?", False),
])
def test_sincere_question(sentence, sincere):
    assert speech_acts.sincere_question(sentence) is sincere


@pytest.mark.parametrize("sentence, standing_with", [
    ("black lives matter ✊", True),
    ("end the persecution of uyghurs", True),
    ("stop the deportations", True),
    ("protect trans kids from these freaks", False),
    ("stop letting them in, they should go back", False),
    ("bring them home", True),
    ("nonbinary people exist", True),
    ("disabled and proud", True),
    ("hands off our roma neighbours", True),
    ("kurds and turks refuse to be enemies", True),
    ("roma deserve dignity", True),
    ("palestinians don't exist", False),
    ("trans people shouldn't exist", False),
    ("roma are not human", False),
])
def test_solidarity(sentence, standing_with):
    assert speech_acts.solidarity(sentence) is standing_with
