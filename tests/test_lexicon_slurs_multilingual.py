"""Slurs in German, Dutch, Spanish, French, Italian, Portuguese and Polish (slurs_multilingual.toml), the English slurs
added beside them (slurs.toml), and the ordinary words that share their spellings. Sentences written for these tests;
every assertion is on the engine's real output."""

from __future__ import annotations

import pytest

import hatescope
from hatescope.detect import lexicon_files
from hatescope.offsets import MappedText
from hatescope.resources import default_speller

SEVEN = ("de", "nl", "es", "fr", "it", "pt", "pl")
FILE = "slurs_multilingual.toml"


def _lexicon_hate(analysis) -> dict[str, str | None]:
    """Entry id -> target of the lexicon's "hate" findings."""
    return {f.meta["entry"]: f.target for f in analysis.findings
            if f.detector == "hatescope.lexicon.v1" and f.label == "hate"}


# ------------------------------------------------------------------------------------------- the shipped file
def test_every_entry_is_a_slur_of_one_language_aimed_at_a_known_group():
    lexicon = lexicon_files.load()
    groups = {g.id for g in lexicon.groups}
    entries = [e for e in lexicon.entries if e.file == FILE]
    assert {e.languages for e in entries} == {(lang,) for lang in SEVEN}
    for e in entries:
        assert e.category == "slur" and e.labels == ("hate", "insult"), e.id
        assert e.targets and set(e.targets) <= groups, e.id
        assert e.id.split(".")[0] == e.languages[0], e.id
        assert e.inflect == "none", e.id  # plurals and cases are spelled out, English plural rules do not apply
    for lang in SEVEN:
        words = [f for e in entries if e.languages == (lang,) for f in e.surface_forms()]
        assert len(words) >= 15, lang


# ------------------------------------------------------------------------------------------- detection
HATEFUL = [
    ("de", "Diese Kanaken sollen endlich aus unserem Viertel verschwinden.", "de.slur_migrants", "immigrants"),
    ("de", "Die Zigeuner klauen doch alles, was nicht festgeschraubt ist.", "de.slur_roma", "roma"),
    ("de", "Solche Schwuchteln haben an unserer Schule nichts verloren.", "de.slur_gay", "gay_people"),
    ("de", "Diese Transen gehören nicht in unsere Umkleide.", "de.slur_trans", "trans_people"),
    ("nl", "Die flikkers moeten van onze kinderen afblijven.", "nl.slur_gay", "gay_people"),
    ("nl", "Al die kutmarokkanen moeten het land uit.", "nl.slur_moroccans", "nationalities"),
    ("es", "Los sudacas vienen a quitarnos el trabajo.", "es.slur_latinos", "latinos"),
    ("es", "Esos maricones no deberían poder casarse.", "es.slur_gay", "gay_people"),
    ("es", "Los moros del barrio son todos unos ladrones.", "es.slur_moro", "muslims"),
    ("fr", "Sale bougnoule, rentre chez toi.", "fr.slur_arabs", "arabs"),
    ("fr", "Ces pédés devraient se cacher au lieu de défiler.", "fr.slur_gay_pede", "gay_people"),
    ("fr", "Les youpins contrôlent toutes les banques.", "fr.slur_jews", "jews"),
    ("it", "Quei froci non dovrebbero adottare bambini.", "it.slur_gay", "gay_people"),
    ("it", "Gli zingari rubano sempre, cacciateli via.", "it.slur_roma", "roma"),
    ("it", "Quei negri puzzano e devono tornare in Africa.", "it.slur_black", "black_people"),
    ("pt", "Esse viado devia apanhar na rua.", "pt.slur_gay", "gay_people"),
    ("pt", "Eles são todos uns crioulos imundos.", "pt.slur_black", "black_people"),
    ("pl", "Pedały won z Polski.", "pl.slur_gay_pedal", "gay_people"),
    ("pl", "Czarnuchy nie mają tu czego szukać.", "pl.slur_black", "black_people"),
]


@pytest.mark.parametrize(("language", "text", "entry", "target"), HATEFUL)
def test_a_slur_used_at_a_group_is_hate_aimed_at_it(language, text, entry, target):
    analysis = hatescope.analyze(text)
    assert _lexicon_hate(analysis).get(entry) == target, analysis.findings
    assert analysis.hateful


INNOCENT = [
    ("de", "Zum Mittagessen gab es ein Zigeuner-Schnitzel mit Pommes und Salat.", "de.slur_roma"),
    ("de", "Im Museum steht ein preußischer Hinterlader neben einem alten Vorderlader-Gewehr.", "de.slur_gay"),
    ("nl", "De loodgieter heeft een nieuwe mof op de afvoerbuis gezet.", "nl.slur_germans"),
    ("nl", "Flikker toch op met je gezeur over het weer.", "nl.slur_gay"),
    ("es", "Este fin de semana son las fiestas de moros y cristianos en Alcoy.", "es.slur_moro"),
    ("es", "Los moros conquistaron la península en el año 711.", "es.slur_moro"),
    ("es", "Vi una mariquita roja posada en las hojas del rosal.", "es.slur_gay"),
    ("fr", "J'ai appuyé sur la pédale de frein beaucoup trop tard.", "fr.slur_gay"),
    ("fr", "Il a écrit ses mémoires avec l'aide d'un nègre littéraire.", "fr.slur_black"),
    ("fr", "Passe-moi la tapette à mouches, il y en a partout dans la cuisine.", "fr.slur_gay"),
    ("it", "Ho preparato il finocchio gratinato al forno con il parmigiano.", "it.slur_gay"),
    ("it", "Ho letto una bellissima poesia di Ada Negri.", "it.slur_black"),
    ("pt", "Vimos um veado na floresta perto da estrada.", "pt.slur_gay"),
    ("pt", "Fiquei meia hora na bicha do supermercado.", "pt.slur_gay"),
    ("pt", "Os agricultores guardam sementes crioulas de milho.", "pt.slur_black"),
    ("pt", "Eu moro em Lisboa há dez anos.", "es.slur_moro"),  # Portuguese "I live", not the Spanish slur
    ("pl", "Wymieniłem pedały w rowerze, bo się zepsuły.", "pl.slur_gay_pedal"),
    ("pl", "Parch jabłoni to groźna choroba grzybowa w sadzie.", "pl.slur_jews"),
    ("pl", "Upiekłam murzynka z polewą czekoladową.", "pl.slur_black_dated"),
    ("pl", "Mamy ciapatego psa, który uwielbia biegać po łące.", "pl.slur_muslims"),  # a spotted dog
]


IN_GROUP = [
    ("de", "Wir sind Krüppel und stolz darauf, sagt die Aktivistin.", "de.slur_disability"),
    ("es", "Soy bollera y a mucha honra.", "es.slur_gay"),
    ("fr", "Je suis pédé et fier de l'être.", "fr.slur_gay_pede"),
    ("pl", "Jestem ciotą i dobrze mi z tym.", "pl.slur_gay"),
]


@pytest.mark.parametrize(("language", "text", "entry"), IN_GROUP)
def test_the_writer_naming_themselves_is_no_attack(language, text, entry):
    analysis = hatescope.analyze(text)
    assert entry not in _lexicon_hate(analysis), analysis.findings


@pytest.mark.parametrize(("language", "text", "entry"), INNOCENT)
def test_the_ordinary_word_is_not_the_slur(language, text, entry):
    analysis = hatescope.analyze(text)
    assert entry not in _lexicon_hate(analysis), analysis.findings
    assert analysis.action != "remove"


ENGLISH_ENTRY_IN_ANOTHER_LANGUAGE = [
    ("de", "Gegen den Tod ist kein Kraut gewachsen, sagte meine Großmutter immer.", "sl.nationalities"),
    ("nl", "Mijn broer is homo en gaat volgend jaar trouwen met zijn vriend.", "sl.gay_mild"),
    ("es", "Mi perro negro ladra cada vez que pasa el cartero.", "sl.black_en"),
    ("fr", "Mon frère est homo et il vient de se marier avec son compagnon.", "sl.gay_mild"),
    ("it", "Quei negri puzzano e devono tornare in Africa.", "sl.black_en"),  # the Italian entry fires instead
    ("pt", "O céu ficou negro antes da tempestade de ontem à noite.", "sl.black_en"),
    ("pl", "Załadowaliśmy wszystkie paki na ciężarówkę i pojechaliśmy do Gdańska.", "sl.south_asian"),  # crates
]


@pytest.mark.parametrize(("language", "text", "entry"), ENGLISH_ENTRY_IN_ANOTHER_LANGUAGE)
def test_an_english_entry_does_not_fire_on_the_other_language(language, text, entry):
    analysis = hatescope.analyze(text)
    assert entry not in _lexicon_hate(analysis), analysis.findings


# ------------------------------------------------------------------------------------------- English additions
ENGLISH_HATEFUL = [
    ("Those yids control everything.", "sl.jews", "jews"),
    ("Fucking taigs should go home.", "sl.catholics", "christians"),
    ("Bloody paddies, always drunk and thick.", "sl.irish", "nationalities"),
    ("Go back home, you jap.", "sl.asian", "asians"),
    ("Shut up you sperg.", "sl.disability", "disabled_people"),
    ("The homos are ruining this country.", "sl.gay_mild", "gay_people"),
    ("Get out of here, you dirty wop.", "sl.nationalities", "nationalities"),
]


@pytest.mark.parametrize(("text", "entry", "target"), ENGLISH_HATEFUL)
def test_english_additions_are_found(text, entry, target):
    analysis = hatescope.analyze(text)
    assert _lexicon_hate(analysis).get(entry) == target, analysis.findings
    assert analysis.hateful


ENGLISH_INNOCENT = [
    ("Workers transplant rice in the flooded paddies of Bali.", "sl.irish"),
    ("Paddy told me he'd be late for dinner.", "sl.irish"),
    ("I planted winter pansies in the window box.", "sl.gay_mild"),
    ("Homo sapiens evolved in Africa.", "sl.gay_mild"),
    ("We walked through Mong Kok at night.", "sl.disability"),
    ("I love homemade kraut with bratwurst.", "sl.nationalities"),
    ("Look at that hebe shrub in the garden.", "sl.jews"),
    ("My uncle imported a jap car from Osaka, a Nissan Skyline.", "sl.asian"),
    ("She wore a coolie hat to keep the sun off.", "sl.south_asian"),
]


@pytest.mark.parametrize(("text", "entry"), ENGLISH_INNOCENT)
def test_english_homonyms_are_not_the_slur(text, entry):
    analysis = hatescope.analyze(text)
    assert entry not in _lexicon_hate(analysis), analysis.findings


# ------------------------------------------------------------------------------------------- spelling repair
@pytest.mark.parametrize("word", ["fiocchi", "tapete", "zucca", "bocche"])
def test_ordinary_words_of_other_languages_are_not_read_as_slips_towards_their_slurs(word):
    """Italian flakes, a Spanish rug, a pumpkin, mouths: one letter from "finocchi", "tapette", "zuca", "boche"."""
    assert default_speller()(MappedText.identity(word)).text == word


def test_a_slur_of_another_language_is_not_read_as_a_slip_for_an_english_word():
    """German "transen" is one letter from the group name "transmen": it stays as written."""
    assert default_speller()(MappedText.identity("transen")).text == "transen"


def test_the_repair_still_reads_english_slips():
    assert default_speller()(MappedText.identity("mulsims")).text == "muslims"
    assert "it.slur_gay" not in _lexicon_hate(hatescope.analyze("Mangio fiocchi d'avena a colazione ogni mattina."))
