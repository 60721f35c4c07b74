"""Stance of whole-text findings (what the classifier emits for a short post), on phrasings not in the dev suite."""

import pytest

from hatescope.detect.targets import find_mentions
from hatescope.document import Document
from hatescope.normalize import normalize
from hatescope.segment import segment
from hatescope.stance import assign_stance

CASES = [
 ("Did you hear what he said about Muslims? Apparently they're 'vermin'. Unreal.", False),
 ("Why does everyone pretend Muslims aren't dangerous?", True),
 ("I refuse to believe that Muslims are all terrorists.", False),
 ("I think it's disgusting that people call trans women men.", False),
 ("Imagine hating someone because they're trans.", False),
 ("People keep telling me immigrants are parasites. They're not, they pay taxes like everyone.", False),
 ("Just heard someone on the train call Jews rats. Disgusting.", False),
 ("My dad says Muslims are a cancer and he's absolutely right.", True),
 ("Muslims aren't terrorists.", False),
 ("Jews are vermin.", True),
 ("People who say immigrants are fine are idiots, they are vermin.", True),
 ("I'm sick of people saying immigrants are good, they are vermin.", True),
 ("Calling Muslims vermin is disgusting, they are our neighbours.", False),
 ("Stop calling refugees rats, they are people.", False),
 ("If you think Muslims are rats, unfollow me now.", False),
 ("Whoever keeps posting that Jews are parasites: you are a coward.", False),
 ("Imagine believing immigrants are animals in 2026.", False),
 ("The comments calling refugees vermin made me cry.", False),
 ("I'm tired of seeing gay people described as a disease.", False),
 ("'Trans people are freaks' - said no decent person ever.", False),
 ("He posted that black people are apes. I reported him.", False),
 ("So many people say women are stupid. They're wrong.", False),
 ("Jews are not vermin and never were.", False),
 ("None of my Muslim coworkers are terrorists.", False),
 ("It's a lie that immigrants are criminals.", False),
 ("Refugees aren't parasites, they work harder than anyone.", False),
 ("I refuse to call gay people sick.", False),
 ("Do people really think trans women are dangerous?", False),
 ("My aunt claims Muslims are savages, which is absurd.", False),
 ("Muslims are rats.", True),
 ("Honestly, Jews are parasites.", True),
 ("Immigrants? Animals, all of them.", True),
 ("Refugees are vermin and I'm not sorry for saying it.", True),
 ("Gay people aren't people, they're a disease.", True),
 ("Trans women will never be real women.", True),
 ("Black people don't deserve to vote.", True),
 ("Women can't be trusted with anything.", True),
 ("Muslims have no place in civilized society.", True),
 ("Everyone knows immigrants are animals.", True),
 ("People say Jews are rats and they're right.", True),
 ("Don't let the refugees in, they're vermin.", True),
 ("Why can't Muslims just leave?", True),
 ("Nobody likes gay people.", True),
 ("I'm not racist but black people are animals.", True),
 ("Reminder that saying Muslims are rats is hate speech.", False),
 ("Some guy at the bar said immigrants are vermin, I left.", False),
 ("My teacher told us Jews are parasites. I complained to the school.", False),
 ("The idea of refugees being animals is disgusting propaganda.", False),
 ("Let's be clear: gay people are not a disease.", False),
 ("I've never thought trans people are freaks.", False),
 ("You don't get to call black people animals.", False),
 ("\"Women are vermin\" - what a vile thing to write.", False),
 ("Not a single one of my Jewish friends is a parasite.", False),
 ("Are immigrants really vermin, as the pamphlet claims?", False),
 ("Refugees are humans, not animals.", False),
 ("Disgusting tweet from the mayor calling Muslims rats.", False),
 ("Hearing my dad call gay people animals broke my heart.", False),
 ("Kids at school called my sister a terrorist because she is Muslim. Heartbreaking.", False),
 ("Muslims, like all people, are not vermin.", False),
 ("Muslims are vermin, period.", True),
 ("Face it, immigrants are animals.", True),
 ("Jews = parasites.", True),
 ("The refugees are rats and we should treat them like rats.", True),
 ("My uncle was right: gay people are animals.", True),
 ("Trans people are animals. Not sorry.", True),
 ("Keep the vermin out. No more Muslims.", True),
 ("They call them refugees, I call them parasites.", True),
 ("No Jews, no problems.", True),
 ("Black people are not human beings.", True),
]


@pytest.mark.parametrize("text, hateful", CASES)
def test_whole_text_finding_is_endorsed_only_when_hateful(text, hateful):
    doc = Document(original=text, kind="post", norm=normalize(text))
    segment(doc)
    doc.mentions = find_mentions(doc)
    f = doc.finding(label="hate", nstart=0, nend=len(doc.text), score=0.9, detector="fake.classifier")
    (out,) = assign_stance(doc, [f])
    assert (out.stance == "endorse") == hateful, out.reasons
