"""Lexicon entries carry their languages; an entry does not fire on text confidently in another language."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import hatescope
from hatescope.detect import lexicon_files
from hatescope.detect.lexicon import LexiconDetector
from hatescope.detect.targets import find_mentions
from hatescope.document import Document
from hatescope.errors import LexiconError
from hatescope.normalize import normalize

HEAD = '[lexicon]\nname = "t"\nversion = "1"\n'
ENTRY = '[[entry]]\nid = "{id}"\nterm = "{term}"\ncategory = "slur"\nmeaning = "m"\nsource = "s"\n'

# Sentences in other languages with a slot for a term and a group the requires_target entries can aim at.
# Long enough for a confident guess whatever the term is.
# The term stands unquoted: a short quotation after a verb of saying is read as a word named, not used
# (hatescope.detect.lexicon_mentions), in every language, so a quoted term would test that reading, not the language check.
FOREIGN = {
    "es": "Ayer en la reunión del barrio alguien dijo {term} sobre los inmigrantes y todos nos quedamos callados un buen rato.",
    "de": "Gestern hat bei der Versammlung im Viertel jemand {term} über die Einwanderer gesagt und alle haben lange geschwiegen.",
    "fr": "Hier, à la réunion du quartier, quelqu'un a dit {term} à propos des immigrés et tout le monde s'est tu longtemps.",
}
ENGLISH = "Yesterday at the neighbourhood meeting someone said {term} about the immigrants and everyone went quiet."


def _entries(path: Path, *bodies: str, head: str = HEAD) -> list[lexicon_files.Entry]:
    path.write_text(head + "".join(bodies), encoding="utf-8")
    return list(lexicon_files.read_file(path).entries)


def test_entries_are_english_unless_their_file_or_they_say_otherwise(tmp_path: Path) -> None:
    plain = _entries(tmp_path / "a.toml", ENTRY.format(id="a", term="word"))
    assert plain[0].languages == ("en",)
    head = HEAD + 'languages = ["de", "nl"]\n'
    own = ENTRY.format(id="c", term="woord") + 'languages = ["nl"]\n'
    de_nl, nl = _entries(tmp_path / "b.toml", ENTRY.format(id="b", term="wort"), own, head=head)
    assert de_nl.languages == ("de", "nl") and nl.languages == ("nl",)
    assert de_nl.in_language("nl") and not de_nl.in_language("en")


def test_spellings_without_letters_belong_to_every_language(tmp_path: Path) -> None:
    (numbers,) = _entries(tmp_path / "a.toml", ENTRY.format(id="n", term="14/88"))
    assert numbers.languages == ("*",) and numbers.in_language("de") and numbers.in_language("ja")


@pytest.mark.parametrize("extra,message", [
    ('languages = ["english"]\n', "primary subtags"),
    ("languages = []\n", "non-empty list"),
    ('english_only = true\nlanguages = ["en", "es"]\n', "english_only"),
])
def test_bad_languages_raise_coded_errors(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(LexiconError, match=message) as exc:
        _entries(tmp_path / "bad.toml", ENTRY.format(id="x", term="word") + extra)
    assert exc.value.code == "HS202"


def test_shipped_files_name_their_languages() -> None:
    entries = lexicon_files.load().entries
    multilingual = [e for e in entries if e.file == "multilingual.toml"]
    assert multilingual and all(set(e.languages) == {"de", "fr", "es", "it", "pt", "nl", "pl"} for e in multilingual)
    assert all(e.languages == ("en",) for e in entries if e.file == "slurs.toml")
    assert {e.id for e in entries if e.languages == ("*",)} >= {"as.echo", "dw.13"}


# ------------------------------------------------------------------------------------------- detection
def _english_only_entries() -> list[lexicon_files.Entry]:
    return [e for e in lexicon_files.load().entries if e.languages == ("en",)]


def _any_language(entries: list[lexicon_files.Entry]) -> list[lexicon_files.Entry]:
    return [dataclasses.replace(e, languages=("*",), english_only=False) for e in entries]


def _fired(entries: list[lexicon_files.Entry], text: str) -> set[str]:
    det = LexiconDetector(paths=[], extra_entries=entries)
    doc = Document(original=text, kind="post", norm=normalize(text))
    doc.mentions = find_mentions(doc)
    return {f.meta["entry"] for f in det.detect(doc)}


def _sample(entry: lexicon_files.Entry) -> str | None:
    """The entry's first spelling with a letter (a gap filled in); None when it has none: "1488" belongs to
    every language."""
    for form in (entry.term, *entry.variants):
        if any(ch.isalpha() for ch in form):
            return form.replace(" * ", " them ").replace("*", "them")
    return None


@pytest.fixture(scope="module")
def english_only() -> list[lexicon_files.Entry]:
    return _english_only_entries()


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_no_english_entry_fires_on_text_in_another_language(english_only, language: str) -> None:
    """Every English entry, term by term, inside a sentence of another language: the same entry made
    language-free matches there (so the test reaches it), the English one does not."""
    reached, fired = 0, []
    for entry in english_only:
        term = _sample(entry)
        text = FOREIGN[language].format(term=term)
        if term is None or entry.id not in _fired(_any_language([entry]), text):
            continue  # needs more than its term (a target kind the sentence lacks, a context word)
        reached += 1
        if entry.id in _fired([entry], text):
            fired.append((entry.id, text))
    assert not fired
    assert reached >= 0.8 * len(english_only)


def test_english_posts_still_trigger_every_english_entry(english_only) -> None:
    """The language check removes nothing from English text: each entry fires in English exactly when
    its language-free twin does, and most do."""
    fired = 0
    for entry in english_only:
        text = ENGLISH.format(term=_sample(entry) or entry.term)
        twin = entry.id in _fired(_any_language([entry]), text)
        assert (entry.id in _fired([entry], text)) == twin, (entry.id, text)
        fired += twin
    assert fired >= 0.8 * len(english_only)


@pytest.mark.parametrize("text", [
    "Mi gato negro duerme todo el día en el sofá 🐈‍⬛",
    "El perro negro de mi tía ladra cada vez que pasa el cartero.",
    "O meu vizinho comprou um carro negro e um cão preto na semana passada.",
    "Der Rat der Stadt hat gestern über die neue Schule für die Kinder der Flüchtlinge beraten.",
])
def test_innocent_words_of_other_languages_are_not_english_slurs(text: str) -> None:
    a = hatescope.analyze(text)
    assert not any(f.detector == "hatescope.lexicon.v1" for f in a.findings), a.findings
    assert a.action not in ("remove", "review")


@pytest.mark.parametrize("text", [
    "My neighbour called them negroes and laughed about it.",
    "shut up negro",
    "the immigrants are all rats and should go back",
])
def test_english_posts_still_trigger_the_words(text: str) -> None:
    a = hatescope.analyze(text)
    assert any(f.detector == "hatescope.lexicon.v1" for f in a.findings), a.findings


def test_the_language_of_the_sentence_decides_in_a_mixed_post() -> None:
    """An English post quoting a Spanish line: the Spanish "negro" is innocent, the English slur is not."""
    innocent = hatescope.analyze("My grandmother always says: «Mi gato negro es el más bonito del mundo entero». I love her.")
    assert not any(f.detector == "hatescope.lexicon.v1" and f.text == "negro" for f in innocent.findings)
    slur = hatescope.analyze("No entiendo nada de lo que pasó ayer en la reunión. He said all negroes should leave the country.")
    assert any(f.detector == "hatescope.lexicon.v1" and f.text == "negroes" for f in slur.findings)
