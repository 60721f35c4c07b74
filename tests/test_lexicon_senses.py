"""Innocent senses of lexicon terms (hatescope.detect.senses): phrases, context words, reclaimed in-group use.
Sentences written for these tests."""

import pytest

from hatescope.detect.lexicon import LexiconDetector
from hatescope.engine import Engine
from hatescope.errors import LexiconError
from hatescope.detect import lexicon_files


@pytest.fixture(scope="module")
def detector():
    d = LexiconDetector()
    d.load()
    return d


def _entries(detector, text):
    doc = Engine().prepare(text)
    return {f.meta["entry"] for f in detector.detect(doc) if f.score >= 0.5}


@pytest.mark.parametrize("text, entry, found", [
    # Fixed phrases in which the word has its everyday sense.
    ("Mum left the bathroom spick and span before the guests came.", "sl.latino", False),
    ("Their only chink in the armor is the left back.", "sl.asian", False),
    ("Grandad still orders faggots and mash at the pub.", "sl.gay", False),
    ("Retard the timing a few degrees before the track day.", "sl.disability", False),
    ("He cited the attack as a dog whistle to Jews in the speech.", "dh.animals", False),
    # Context words that signal the everyday sense.
    ("Bought a lighter and twenty fags at the corner shop.", "sl.gay", False),
    ("The tranny fluid on the old van needs changing.", "sl.trans", False),
    ("Two roaches ran out from under the sink, so I called the landlord.", "dh.cockroach", False),
    ("The final solution of the crossword was printed on Sunday.", "in.final_solution", False),
    ("The Nazis called the murder of the Jews the final solution, our history teacher said.", "in.final_solution", False),
    # Reclaimed in-group use.
    ("We're the loudest dykes at the march and proud of it.", "sl.gay", False),
    # The hateful sense stays caught: aimed at someone, or wanted again.
    ("you spic, go home", "sl.latino", True),
    ("Shut up, tranny, nobody asked you.", "sl.trans", True),
    ("Jews again need a final solution.", "in.final_solution", True),
    ("Those immigrants are roaches.", "dh.cockroach", True),
    ("That fag at the bar looked at me.", "sl.gay", True),
])
def test_innocent_senses(detector, text, entry, found):
    assert (entry in _entries(detector, text)) is found


def test_innocent_phrase_must_hold_the_term(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[lexicon]\nname = "bad"\nversion = "1"\n[[entry]]\nid = "x.one"\nterm = "blorp"\ncategory = "slur"\n'
                    'innocent_phrases = ["something else"]\nmeaning = "m"\nsource = "s"\n', encoding="utf-8")
    with pytest.raises(LexiconError, match="innocent phrase"):
        lexicon_files.load([path])


# Ordinary senses as data ([[entry.sense]]): each innocent sentence beside a hateful one with the same word.
@pytest.mark.parametrize("text, entry, found", [
    # Embankments, drains, dykes of rock, a path, a road, a beard.
    ("We walked the Offa's Dyke path from Knighton to Kington in the rain.", "sl.gay", False),
    ("Traffic is backed up on Dyke Road past the station again.", "sl.gay", False),
    ("The field trip mapped a dolerite dyke swarm cutting the older sandstone.", "sl.gay", False),
    ("The pumps kept the fen drainage dykes low all winter.", "sl.gay", False),
    ("He grew a Van Dyke beard for the play.", "sl.gay", False),
    ("A dyke moved in across the hall and I want her gone.", "sl.gay", True),
    ("Those dykes kissing at the bus stop should be locked up.", "sl.gay", True),
    # Sambo the martial art.
    ("Combat sambo looks brutal, all throws and leg locks.", "sl.black", False),
    ("She won gold in sambo at the grappling championship.", "sl.black", False),
    ("Some sambo from the estate keeps parking in my spot.", "sl.black", True),
    # Cricket.
    ("He bowled a chinaman that spun past the outside edge.", "sl.asian", False),
    ("A left-arm chinaman is the rarest delivery in cricket.", "sl.asian", False),
    ("The chinaman who runs the chippy short-changed me again.", "sl.asian", True),
    # The lime.
    ("Tear two kaffir lime leaves into the soup.", "sl.black", False),
    ("No kaffir will ever live on my street.", "sl.black", True),
    # Spanish "negro" in names, dishes and colours inside an English sentence.
    ("We rafted the Rio Negro for three days last spring.", "sl.black_en", False),
    ("I ordered frijoles negros and a cafe negro at the market.", "sl.black_en", False),
    ("A negro sat next to me on the train and I moved.", "sl.black_en", True),
    # Cats, cheese, hounds and surnames.
    ("Our Maine Coon knocked the vase off the shelf.", "sl.black", False),
    ("The Coon cheese slices are on special this week.", "sl.black", False),
    ("We read Dr Coon's paper on glacial erosion in the seminar.", "sl.black", False),
    ("That coon family next door needs to go.", "sl.black", True),
    # A chink in someone's armour, a chink of light.
    ("Pace is the one chink in Harry Kane's armour.", "sl.asian", False),
    ("A chink of light showed under the door.", "sl.asian", False),
    ("A chink opened a shop on our road, disgusting.", "sl.asian", True),
    # Poof! the interjection.
    ("Poof! The coin vanished from his hand.", "sl.gay", False),
    ("I blinked and it went poof, gone.", "sl.gay", False),
    ("What a poof!", "sl.gay", True),
    # A New Zealand log burner.
    ("We had a wetback fitted to the log burner for hot water.", "sl.latino", False),
    ("Another wetback sneaked over the border last night.", "sl.latino", True),
    # Physics, engines and farms.
    ("The retarded potential accounts for the finite speed of light.", "sl.disability", False),
    ("Late frost retarded the germination of the barley crop.", "sl.disability", False),
    ("The retarded kid on the bus should be kept at home.", "sl.disability", True),
    # Potatoes.
    ("Roast the redskin potatoes with rosemary.", "sl.indigenous", False),
    ("A redskin came in drunk again.", "sl.indigenous", True),
    # Baseball.
    ("The pitcher threw a beaner and the batter went down, benches cleared.", "sl.latino", False),
    ("Some beaner stole my bike.", "sl.latino", True),
    # A bundle of sticks.
    ("Tie each faggot of hazel sticks before stacking them.", "sl.gay", False),
    ("That faggot at the gym keeps staring at me.", "sl.gay", True),
    # Medical terms and a charity's old name.
    ("My doctor says the pain is a spastic colon.", "sl.disability", False),
    ("Stop acting like a spastic.", "sl.disability", True),
    # Honky-tonk.
    ("The band played honky-tonk piano all night.", "sl.white", False),
    # Said to someone: always hostile, whatever the neighbour.
    ("You kaffir, get out.", "sl.black", True),
])
def test_ordinary_senses(detector, text, entry, found):
    assert (entry in _entries(detector, text)) is found


# Use and mention: a word named in a moderation notice, a lesson or a renaming is not used at anyone.
@pytest.mark.parametrize("text, entry, found", [
    ("Mod note: 'gook' and 'zipperhead' are on the auto-mod list and get you a ban.", "sl.asian", False),
    ("The word faggot comes from the Latin for a bundle of sticks.", "sl.gay", False),
    ("In our history class we read that 'injun' was printed in newspapers of the 1870s.", "sl.indigenous", False),
    ("Wetback is a slur, please don't use it here.", "sl.latino", False),
    ("The Squaw Valley resort was renamed in 2021.", "sl.indigenous", False),
    # ... unless the post sides with it, or it is aimed at someone.
    ("Mod note: 'gook' is allowed here, it's accurate.", "sl.asian", True),
    ("Operation Wetback was the best idea, bring it back.", "sl.latino", True),
    ("The word for you is faggot.", "sl.gay", True),
    ("Gooks, all of them.", "sl.asian", True),
])
def test_use_and_mention(detector, text, entry, found):
    assert (entry in _entries(detector, text)) is found


def test_dropped_sense_is_remembered_but_a_mention_is_not():
    detector = LexiconDetector()
    doc = Engine().prepare("Coon cheese is the best on crackers.")
    detector.detect(doc)
    assert any("cheese" in why for _, _, why in doc.innocent_senses)
    doc = Engine().prepare("Mod note: 'gook' gets you an instant ban.")
    assert not [f for f in detector.detect(doc) if f.meta["entry"] == "sl.asian"]
    assert doc.innocent_senses == []


@pytest.mark.parametrize("sense, message", [
    ('name = "x"\nafter = ["cheese"]\nforms = ["nope"]', "not a spelling"),
    ('name = "x"\ncolour = ["red"]', "unknown field"),
    ('name = "x"', "needs before, after, context or capitalised"),
    ('after = ["cheese"]', "needs a name"),
])
def test_bad_sense_tables_are_refused(tmp_path, sense, message):
    path = tmp_path / "bad.toml"
    path.write_text('[lexicon]\nname = "bad"\nversion = "1"\n[[entry]]\nid = "x.one"\nterm = "blorp"\ncategory = "slur"\n'
                    f'meaning = "m"\nsource = "s"\n[[entry.sense]]\n{sense}\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        lexicon_files.load([path])


def test_a_hostile_word_said_only_as_must_never_does_not_make_remembrance_hostile():
    from hatescope.detect.lexicon import LexiconDetector
    from hatescope.detect.targets import find_mentions
    from hatescope.document import Document
    from hatescope.normalize import normalize

    det = LexiconDetector()
    det.load()

    def entries(text: str) -> set[str]:
        doc = Document(original=text, kind="post", norm=normalize(text))
        doc.mentions = find_mentions(doc)
        return {f.meta.get("entry") for f in det.detect(doc)}

    assert "in.final_solution" not in entries(
        "The Nazis' 'Final Solution' was the murder of six million Jews; we must never let it be forgotten.")
    assert "in.final_solution" in entries("The Nazis had the right idea with the final solution, we must finish the job.")
