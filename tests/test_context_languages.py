"""The context stage in German, Spanish, French, Italian, Portuguese, Dutch and Polish: counter-speech,
reported speech, negation and the plain hateful sentence, judged with each language's cue words
(hatescope/data/context/<lang>.toml; docs/CONTEXT.md, "Languages"). Short synthetic sentences written for
these tests; every assertion is on the engine's real output (``hatescope.analyze``).

Before the cue files, the English-only cues removed 20 of the 22 counter-speech sentences below and 9 of the
14 reports.
"""

from __future__ import annotations

import pytest

import hatescope
from hatescope import context_cues

LANGUAGES = ("de", "es", "fr", "it", "pt", "nl", "pl")
#: The labels whose stance decides whether a text is hateful, and the insult the classifier adds beside them.
_CHARGED = {"hate", "dehumanization", "incitement", "threat", "antisemitism", "coded_language", "insult"}

#: The plain hateful sentence: flagged, and endorsed by the writer.
HATE = [
    ('de', 'Flüchtlinge sind Ungeziefer und müssen raus.'),
    ('de', 'Diese Flüchtlinge sind Ratten, nichts als Ungeziefer.'),
    ('es', 'Los refugiados son una plaga que hay que echar.'),
    ('es', 'Los inmigrantes son ratas y parásitos.'),
    ('fr', 'Les Roms sont des parasites.'),
    ('fr', 'Il faut expulser tous les Roms de France.'),
    ('it', 'Gli immigrati sono parassiti.'),
    ('it', 'I rom sono feccia e vanno cacciati.'),
    ('pt', 'Os imigrantes são uma praga.'),
    ('pt', 'Os refugiados são ratos e parasitas.'),
    ('nl', 'Vluchtelingen zijn ongedierte.'),
    ('nl', 'Die moslims zijn ratten en parasieten.'),
    ('pl', 'Uchodźcy to robactwo.'),
    ('pl', 'Imigranci to szczury i pasożyty.'),
]
#: Condemning a dehumanising claim about a group, quoting or naming it: counter-speech, not removed.
COUNTER = [
    ('de', 'Wer Flüchtlinge als Ungeziefer bezeichnet, ist ein Rassist. Das ist widerlich.'),
    ('de', 'Ich verurteile es, Flüchtlinge Ungeziefer zu nennen.'),
    ('de', 'Hört auf, Flüchtlinge als Ratten zu bezeichnen, das ist menschenverachtend.'),
    ('es', 'Decir que los refugiados son una plaga es racista y vergonzoso.'),
    ('es', 'Condeno a quienes llaman ratas a los inmigrantes.'),
    ('es', 'Dejen de llamar plaga a los refugiados, es deshumanizante.'),
    ('fr', 'Dire que les Roms sont des parasites est ignoble et raciste.'),
    ('fr', 'Je condamne ceux qui traitent les migrants de vermine.'),
    ('fr', "Arrêtez de traiter les Roms de parasites, c'est honteux."),
    ('it', 'Chi chiama parassiti gli immigrati è un razzista, ed è vergognoso.'),
    ('it', 'Condanno chi definisce gli immigrati parassiti.'),
    ('it', 'Smettetela di chiamare parassiti gli immigrati, è disumanizzante.'),
    ('pt', 'Dizer que os imigrantes são uma praga é racista e vergonhoso.'),
    ('pt', 'Condeno quem chama os refugiados de ratos.'),
    ('pt', 'Parem de chamar os imigrantes de praga, é desumanizante.'),
    ('nl', 'Wie vluchtelingen ongedierte noemt, is een racist. Dat is walgelijk.'),
    ('nl', 'Ik veroordeel het om vluchtelingen ongedierte te noemen.'),
    ('nl', 'Stop met vluchtelingen ratten te noemen, het is ontmenselijkend.'),
    ('pl', 'Nazywanie uchodźców robactwem jest rasistowskie i obrzydliwe.'),
    ('pl', 'Potępiam tych, którzy nazywają imigrantów szczurami.'),
    ('pl', 'Przestańcie nazywać uchodźców robactwem, to haniebne.'),
    ('pl', 'Nieprawda, że uchodźcy to robactwo.'),
]
#: Somebody else's hateful words, attributed to a speaker (quoted, or reported without quote marks). Speakers
#: are read in the normalised text, so their accents are folded ("Le depute", "Posel").
REPORT = [
    ('de', 'Der Abgeordnete sagte, Flüchtlinge seien Ungeziefer.', 'Abgeordnete'),
    ('de', 'Der Abgeordnete Meier sagte gestern im Landtag: „Flüchtlinge sind Ungeziefer.“', 'Meier'),
    ('es', 'El diputado dijo que los refugiados son una plaga.', 'diputado'),
    ('es', 'El alcalde declaró en la radio: «Los inmigrantes son ratas».', 'alcalde'),
    ('fr', 'Le député a dit que les Roms sont des parasites.', 'depute'),
    ('fr', 'Le maire a déclaré à la radio : « Les Roms sont des parasites ».', 'maire'),
    ('it', 'Il senatore ha detto che gli immigrati sono parassiti.', 'senatore'),
    ('it', 'Il sindaco ha dichiarato in tv: «Gli immigrati sono parassiti».', 'sindaco'),
    ('pt', 'O deputado disse que os imigrantes são uma praga.', 'deputado'),
    ('pt', 'O prefeito declarou na rádio: “Os refugiados são ratos”.', 'prefeito'),
    ('nl', 'De politicus zei dat vluchtelingen ongedierte zijn.', 'politicus'),
    ('nl', 'De burgemeester verklaarde op de radio: „Vluchtelingen zijn ongedierte.”', 'burgemeester'),
    ('pl', 'Poseł powiedział, że uchodźcy to robactwo.', 'Posel'),
    ('pl', 'Burmistrz oświadczył w radiu: „Imigranci to szczury”.', 'Burmistrz'),
]
#: A negated hateful claim: not endorsed.
NEGATED = [
    ('de', 'Flüchtlinge sind kein Ungeziefer, sie sind Menschen wie wir.'),
    ('es', 'Los refugiados no son una plaga, son personas que huyen de la guerra.'),
    ('fr', 'Les Roms ne sont pas des parasites, ce sont des êtres humains.'),
    ('it', 'Gli immigrati non sono parassiti, sono persone come noi.'),
    ('pt', 'Os imigrantes não são uma praga, são pessoas como nós.'),
    ('nl', 'Vluchtelingen zijn geen ongedierte, het zijn mensen zoals wij.'),
    ('pl', 'Uchodźcy to nie robactwo, to ludzie tacy jak my.'),
]


def _hateful_findings(analysis):
    return [f for f in analysis.findings if f.label in _CHARGED]


def _language(analysis) -> str:
    return analysis.context["language"]["language_guess"]


@pytest.mark.parametrize(("language", "text"), HATE)
def test_plain_hate_is_flagged_and_endorsed(language, text):
    analysis = hatescope.analyze(text)
    assert _language(analysis) == language
    assert analysis.hateful and analysis.action == "remove"
    assert any(f.stance == "endorse" for f in _hateful_findings(analysis))


@pytest.mark.parametrize(("language", "text"), COUNTER)
def test_condemning_the_claim_is_counter_speech(language, text):
    analysis = hatescope.analyze(text)
    assert _language(analysis) == language
    findings = _hateful_findings(analysis)
    assert findings, "the hateful words are still found"
    assert not analysis.hateful and analysis.action == "allow"
    assert {f.stance for f in findings} == {"counter"}


@pytest.mark.parametrize(("language", "text", "speaker"), REPORT)
def test_attributed_words_read_as_reported_speech(language, text, speaker):
    analysis = hatescope.analyze(text)
    assert _language(analysis) == language
    findings = _hateful_findings(analysis)
    assert findings
    assert not analysis.hateful
    assert {f.stance for f in findings} <= {"report", "quote"}
    quoted = [s for s in analysis.segments if s.kind == "quote"]
    assert quoted and speaker in (quoted[0].speaker or "")
    if any(f.label != "insult" for f in findings):  # an insult alone is no reported hate
        assert analysis.context["reported_hate"][0]["speaker"] == quoted[0].speaker


@pytest.mark.parametrize(("language", "text"), NEGATED)
def test_negated_claim_is_not_endorsed(language, text):
    analysis = hatescope.analyze(text)
    assert _language(analysis) == language
    findings = _hateful_findings(analysis)
    assert findings
    assert not analysis.hateful
    assert all(f.stance == "negated" for f in findings)


def test_every_language_has_its_cue_file_and_all_four_kinds():
    assert set(LANGUAGES) <= context_cues.available()
    for language in LANGUAGES:
        cues = context_cues.load(language)
        assert cues.language == language and cues.version
        assert cues.condemn.pattern != context_cues.load("en").condemn.pattern
        assert cues.words("report_verbs") and cues.quote_pairs
        for rows in (HATE, COUNTER, REPORT, NEGATED):
            assert any(row[0] == language for row in rows)


def test_english_and_unknown_languages_keep_the_english_cues():
    english = context_cues.load("en")
    assert context_cues.load("xx") is english
    # An English sentence is judged as before: a German cue word means nothing there.
    analysis = hatescope.analyze("Refugees are vermin, and calling it widerlich changes nothing.")
    assert analysis.hateful


@pytest.mark.parametrize(("text", "content"), [
    ("Er sagte: „Flüchtlinge sind Ungeziefer.“ Das ist widerlich.", "Flüchtlinge sind Ungeziefer."),
    ("Er schrieb: »Flüchtlinge sind Ungeziefer.« Mehr nicht.", "Flüchtlinge sind Ungeziefer."),
    ("Powiedział: „Uchodźcy to robactwo”.", "Uchodźcy to robactwo"),
    ("Il a dit : « les Roms sont des parasites ». Non.", " les Roms sont des parasites "),
])
def test_quote_mark_pairs_of_other_languages(text, content):
    from hatescope.normalize.quote_marks import find_quotes

    assert [text[q.start : q.end] for q in find_quotes(text)] == [content]
