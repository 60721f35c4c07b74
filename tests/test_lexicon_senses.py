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
