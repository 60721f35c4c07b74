"""Segmentation of articles and posts: voices, speakers, reported speech, embedded posts."""

import pytest

from hatescope.document import Document
from hatescope.normalize import normalize
from hatescope.segment import segment


def segs(text: str, kind: str = "article"):
    doc = Document(original=text, kind=kind, norm=normalize(text))
    segment(doc)
    return doc


def speaker_of(doc, fragment: str) -> str | None:
    matches = [s for s in doc.segments if s.kind != "author" and fragment in s.text]
    assert matches, f"no segment holds {fragment!r}: {[s.text for s in doc.segments]}"
    return min(matches, key=lambda s: len(s.text)).speaker


@pytest.mark.parametrize(
    "text, fragment, speaker",
    [
        ("“We will not allow it,” Foreign Minister Ilse Marr said.", "We will not", "Ilse Marr"),
        ("“We will not allow it,” said Ilse Marr.", "We will not", "Ilse Marr"),
        ("Ilse Marr wrote on Twitter: “We will not allow it.”", "We will not", "Ilse Marr"),
        ("According to Ilse Marr, the plan “will not work.”", "will not work", "Ilse Marr"),
        ("In a statement, Tomas Ferro's office said it was “alarmed”.", "alarmed", "Tomas Ferro’s office"),
        ("A spokesperson, Petr Halden, defended them, saying they meant “threats”.", "threats", "Petr Halden"),
        ("Mayor Lena Ortiz spoke first.\n\n“It is a good day,” Ortiz said. “We won.”", "We won.", "Lena Ortiz"),
        ("Governor Ruth Alder spoke.\n\n“We are ready,” she told reporters.", "We are ready", "Ruth Alder"),
        ("“The first part.\n\n“The second part,” said Bo Lind.", "second part", "Bo Lind"),
        ("“We will respond,” the ministry said in a statement.", "We will respond", "the ministry"),
        ("A man on the bus told me that “the bridge is unsafe”.", "bridge", "A man on the bus"),
    ],
)
def test_quote_attribution(text, fragment, speaker):
    assert speaker_of(segs(text), fragment) == speaker


def test_pronoun_refers_to_last_named_speaker():
    doc = segs("“First,” Ilse Marr said.\n\nShe added that “the second point matters.”")
    assert speaker_of(doc, "second point") == "Ilse Marr"


def test_surname_maps_to_full_name_seen_earlier():
    doc = segs("President Aldric Vann spoke on Monday.\n\n“We are ready,” Vann wrote.")
    assert speaker_of(doc, "We are ready") == "Aldric Vann"


def test_reported_speech_without_quote_marks():
    doc = segs("The senator claimed that the bridge is unsafe.", kind="post")
    seg = next(s for s in doc.segments if s.kind == "quote")
    assert seg.text == "the bridge is unsafe" and seg.speaker == "The senator" and seg.stance == "report"


def test_first_person_reporting_is_the_authors_voice():
    doc = segs("I said that the bridge is unsafe.", kind="post")
    assert [s.kind for s in doc.segments] == ["author"]


def test_scare_quotes_stay_in_the_authors_voice():
    doc = segs("These so-called “experts” know nothing.", kind="post")
    assert [s.kind for s in doc.segments] == ["author"]


def test_post_has_one_author_segment_and_quote_children():
    doc = segs('My uncle said "the bridge is unsafe" yesterday.', kind="post")
    kinds = [(s.kind, s.parent) for s in doc.segments]
    assert kinds == [("author", None), ("quote", 0)]
    assert doc.segments[1].speaker == "My uncle"


@pytest.mark.parametrize(
    "block, author",
    [
        ("@citywatch: The bridge is closed again.", "@citywatch"),
        ("City Watch (@citywatch): The bridge is closed again.", "City Watch (@citywatch)"),
        ("[Post by City Watch]\nThe bridge is closed again.\n[/Post]", "City Watch"),
        ("[Tweet by City Watch, 3 May]\nThe bridge is closed again.", "City Watch"),
        ("The bridge is closed again.\n— City Watch (@citywatch) May 3, 2026", "City Watch (@citywatch)"),
    ],
)
def test_embedded_post_formats(block, author):
    doc = segs("Residents complained on Monday.\n\n" + block + "\n\nThe council has not replied.")
    posts = [s for s in doc.segments if s.kind == "embedded_post"]
    assert len(posts) == 1
    assert posts[0].speaker == author and posts[0].text == "The bridge is closed again."


def test_introduced_posts_take_the_intro_author():
    text = (
        "Mayor Lena Ortiz posted twice overnight.\n\nOrtiz's posts read:\n\n"
        "“The bridge is closed again.”\n\n“Use the ferry.”"
    )
    posts = [s for s in segs(text).segments if s.kind == "embedded_post"]
    assert [(p.text, p.speaker) for p in posts] == [
        ("The bridge is closed again.", "Lena Ortiz"),
        ("Use the ferry.", "Lena Ortiz"),
    ]


def test_segments_use_original_offsets_and_sentences_point_at_segments():
    text = "Ａ note.\n\n“Quoted words here,” Ilse Marr said."
    doc = segs(text)
    for s in doc.segments:
        assert text[s.start : s.end] == s.text
    assert all(s.segment is not None for s in doc.sentences)


def test_crlf_paragraphs():
    doc = segs("First paragraph.\r\n\r\n“Quoted words here,” Ilse Marr said.")
    assert [s.kind for s in doc.segments] == ["author", "author", "quote"]
    assert doc.segments[2].speaker == "Ilse Marr"


def test_html_article_with_embedded_tweet():
    from hatescope.ingest.article import article_text

    page = (
        "<html><body><h1>Bridge closed</h1><p>Residents complained &amp; waited.</p>"
        '<blockquote class="twitter-tweet"><p>The bridge is closed again.</p>&mdash; City Watch (@citywatch) '
        "<a href='#'>May 3, 2026</a></blockquote><p>The council has not replied.</p><script>x=1</script></body></html>"
    )
    text = article_text(page)
    assert "x=1" not in text and "Residents complained & waited." in text
    posts = [s for s in segs(text).segments if s.kind == "embedded_post"]
    assert [(p.text, p.speaker) for p in posts] == [("The bridge is closed again.", "City Watch (@citywatch)")]


def test_plain_text_article_passes_through_unchanged():
    from hatescope.ingest.article import article_text

    text = "A plain article.\n\nWith two paragraphs <3"
    assert article_text(text) == text
