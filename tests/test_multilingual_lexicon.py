"""Explicit hate in the languages of multilingual.toml: found with a group, negation respected,
group names and the same words without a group left alone. Short synthetic cases.

The plain mentions at the end were called hateful by the English classifier (0.74 for "Meine Nachbarn
sind Muslime."); it now sits out on text that does not read as English (hatescope.ingest.language), and
the multilingual classifier (hatescope.detect.multilingual) scores these sentences too."""

from __future__ import annotations

import pytest

import hatescope

CASES = [
    # de
    ("Juden sind Ungeziefer.", True), ("Juden sind kein Ungeziefer.", False),
    ("Alle Flüchtlinge sollten sterben.", True), ("Ich hasse Muslime.", True),
    ("Die Ratten im Keller sind eklig.", False), ("Die Juden in unserer Stadt feiern heute.", False),
    # fr
    ("Les musulmans sont des cafards.", True), ("Les musulmans ne sont pas des cafards.", False),
    ("Je déteste les femmes.", True), ("Les réfugiés sont les bienvenus ici.", False),
    ("Il faut exterminer les cafards dans la cuisine.", False),
    # es
    ("Los inmigrantes son una plaga.", True), ("Los inmigrantes no son una plaga.", False),
    ("Odio a los judíos.", True), ("Mis vecinos son judíos y muy simpáticos.", False),
    ("Hay que matar a los mosquitos.", False),
    # it
    ("Gli immigrati sono feccia.", True), ("Gli immigrati non sono feccia.", False),
    ("Bisogna sterminare gli ebrei.", True), ("Le donne sono forti e intelligenti.", False),
    # pt
    ("Os refugiados são uma praga.", True), ("Os refugiados não são uma praga.", False),
    ("Odeio os muçulmanos.", True), ("As mulheres merecem respeito.", False),
    # nl
    ("Moslims zijn ongedierte.", True), ("Moslims zijn geen ongedierte.", False),
    ("Joden moeten sterven.", True), ("Vluchtelingen zijn welkom in onze stad.", False),
    # pl
    ("Żydzi to robactwo.", True), ("Żydzi to nie robactwo.", False),
    ("Imigranci to zaraza.", True), ("Kobiety zasługują na szacunek.", False),
    # derogation, exclusion, the control myth; their negations and reports
    ("Muslime sind alle Terroristen.", True), ("Muslime sind keine Terroristen.", False),
    ("Les femmes sont stupides.", True), ("Les femmes ne sont pas stupides.", False),
    ("Los judíos controlan los bancos.", True), ("Die Banken kontrollieren die Wirtschaft.", False),
    ("Frauen gehören in die Küche.", True),
    # a report of others' hatred: the multilingual classifier reads it as hate (docs/MULTILINGUAL.md, known limits)
    pytest.param("Die Terroristen hassen Juden.", False, marks=pytest.mark.xfail(strict=True, reason="known limit")),
    # plain mentions the English classifier used to call hateful (it sits out on text that is not English)
    ("Meine Nachbarn sind Muslime.", False), ("Mis vecinos son musulmanes.", False),
    # tests/test_multilingual_classifier.py::test_short_identity_statements_known_limit holds "Mijn buren zijn moslims."
]


@pytest.mark.parametrize(("text", "hateful"), CASES)
def test_multilingual_verdict(text: str, hateful: bool) -> None:
    assert hatescope.analyze(text).hateful is hateful


def test_evidence_is_the_word_as_written() -> None:
    text = "Żydzi to SZCZURY!"
    found = [f for f in hatescope.analyze(text).findings if f.label == "dehumanization"]
    assert found and all(text[f.start:f.end] == f.text for f in found)
    assert any(f.text == "SZCZURY" for f in found) and found[0].target == "jews"


@pytest.mark.parametrize("text", ["Sieg heil, Kameraden!", "Heil Hitler und gute Nacht, Brüder"])
def test_nazi_salutes_count_in_a_post_read_as_another_language(text: str) -> None:
    a = hatescope.analyze(text)
    assert any(f.detector == "hatescope.lexicon.v1" and f.label == "incitement" for f in a.findings)
    assert a.hateful


@pytest.mark.parametrize("text", ["Storm tonight ⚡", "من زنم، مهندس برقم، و عاشق کارم ⚡", "Phone charged ⚡⚡ ready to go"])
def test_lightning_emoji_alone_is_not_a_coded_signal(text: str) -> None:
    # A run of the same emoji is read once, so "⚡⚡" (SS runes) and "⚡" read alike: neither counts without a group.
    a = hatescope.analyze(text)
    assert not any(f.detector == "hatescope.lexicon.v1" and f.label == "coded_language" for f in a.findings)
