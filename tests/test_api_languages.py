"""The small language guess behind Perspective's detectedLanguages."""

import pytest

from hatescope.api.languages import detect_language, primary_subtag


@pytest.mark.parametrize(
    "text,expected",
    [
        ("you are all idiots and this is the worst thread", "en"),
        ("Das ist nicht gut und ich bin sehr müde", "de"),
        ("Je ne sais pas pourquoi les gens sont comme ça avec nous", "fr"),
        ("No sé por qué los vecinos son así con el perro", "es"),
        ("Это очень плохой комментарий", "ru"),
        ("مرحبا بكم في المنتدى", "ar"),
        ("これはテストです", "ja"),
        ("🙂🙂🙂", "und"),
        ("ok", "und"),
        ("12345", "und"),
        # One foreign-looking word inside English is still English.
        ("the mayor said la vida is good and we should all agree", "en"),
    ],
)
def test_detect_language(text, expected):
    assert detect_language(text) == expected


@pytest.mark.parametrize("tag,primary", [("en", "en"), ("en-US", "en"), ("EN_gb", "en"), (" pt-BR ", "pt")])
def test_primary_subtag(tag, primary):
    assert primary_subtag(tag) == primary
