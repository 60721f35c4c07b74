"""A second news article, written in other conventions than the demo (straight quotes, dateline, datelined agency,
quote tags with "told", partial quotes, chants, an introduced post): every quote gets its speaker."""

import pytest

from hatescope.document import Document
from hatescope.normalize import normalize
from hatescope.segment import segment

ARTICLE = """Minister's remarks on migrants spark outrage

By Jon Ake

VELDT CITY (Wire) — Interior Minister Hana Brook faced calls to resign on Thursday after telling a rally that migrants were "a swarm of locusts eating the country alive."

"I will not apologise for telling the truth," Brook told reporters afterwards, adding that the government would "defend our borders by any means."

Opposition MP Karl Osei called the comments "vile and dangerous." "No minister should speak about human beings this way," he said in a post on X. "Words like these get people killed."

The Refugee Council said in a statement that it had received threats since the speech. Its director, Amira Saleh, told the Wire: "Our staff are frightened."

A video of the rally, viewed more than two million times, shows supporters chanting "send them back" as Brook spoke.

Brook later posted on Facebook:

"Migrants are locusts. Every one of them must go."
"""


@pytest.fixture(scope="module")
def doc():
    d = Document(original=ARTICLE, kind="article", norm=normalize(ARTICLE))
    segment(d)
    return d


@pytest.mark.parametrize(
    "fragment, speaker",
    [
        ("a swarm of locusts", "Hana Brook"),
        ("I will not apologise", "Hana Brook"),
        ("defend our borders", "Hana Brook"),
        ("vile and dangerous", "Karl Osei"),
        ("No minister should speak", "Karl Osei"),
        ("Words like these", "Karl Osei"),
        ("Our staff are frightened", "Amira Saleh"),
        ("send them back", "supporters"),
    ],
)
def test_quote_speakers(doc, fragment, speaker):
    (seg,) = [s for s in doc.segments if s.kind == "quote" and fragment in s.text and s.text.startswith(fragment[:5])]
    assert seg.speaker == speaker


def test_introduced_post_is_the_ministers(doc):
    (post,) = [s for s in doc.segments if s.kind == "embedded_post"]
    assert post.text == "Migrants are locusts. Every one of them must go."
    assert post.speaker == "Hana Brook"


SINGLE_QUOTES = """Footballer faces ban over abusive messages

A Premier club player could face a lengthy ban after messages he sent to a fan were made public on Sunday.

In the messages, Leon Marsh told the supporter that 'people like you should be deported', according to screenshots shared with the BBC.

Marsh's agent, Paula Grey, said the messages had been 'taken out of context'. 'Leon is deeply sorry,' she added.

The fan, who asked not to be named, said: 'I was shocked. I've been called worse, but never by a player.'

One of the messages read:

Leon Marsh (@marsh10): go back where you came from, nobody wants you here

The club said it was investigating.
"""


@pytest.mark.parametrize(
    "fragment, speaker",
    [
        ("people like you", "Leon Marsh"),
        ("taken out of context", "Paula Grey"),
        ("Leon is deeply sorry", "Paula Grey"),
        ("I was shocked. I've been called worse", "The fan"),
    ],
)
def test_single_quotes_and_apostrophes(fragment, speaker):
    d = Document(original=SINGLE_QUOTES, kind="article", norm=normalize(SINGLE_QUOTES))
    segment(d)
    (seg,) = [s for s in d.segments if s.kind == "quote" and s.text.startswith(fragment)]
    assert seg.speaker == speaker
    (post,) = [s for s in d.segments if s.kind == "embedded_post"]
    assert post.speaker == "Leon Marsh (@marsh10)" and post.text.startswith("go back where you came from")
