"""The languages of the Perspective-compatible endpoint: the small guess behind detectedLanguages, and the
list of languages answered, which comes from the measured report (data/language_support.json)."""

import json

import pytest

from hatescope.api import languages as api_languages
from hatescope.api.config import ApiConfig
from hatescope.api.languages import detect_language, primary_subtag
from hatescope.errors import ConfigError
from hatescope.evaluation.languages import meets_bar
from tests.test_api_helpers import make_client


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


# ------------------------------------------------------------------ the languages answered come from the report

GERMAN = "Die Nachbarn haben gestern im Garten ein Fest gefeiert und alle eingeladen."
ENGLISH = "you are all idiots and this is the worst thread"


def _report(tmp_path, supported, **change):
    report = {"schema": 1, "version": "2099.01.01", "supported": supported, "languages": {},
              "bar": {"sealed_min_n": 50, "sealed_rule": "sealed rule", "public_min_macro_f1": 0.6,
                      "public_min_per_class": 30, "public_rule": "public rule"}}
    report.update(change)
    path = tmp_path / "language_support.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    return path


def test_packaged_list_is_the_reports_own_verdict_on_its_numbers():
    report = api_languages.load_language_support()
    verdict = sorted({lang for lang, v in report["languages"].items() if not meets_bar(v["sealed"], v["public"], report["bar"])}
                     | set(report["bar"]["answered_regardless"]))
    assert sorted(report["supported"]) == verdict
    assert api_languages.report_languages() == verdict
    assert ApiConfig().supported_languages == verdict


def test_default_languages_are_read_from_the_report(tmp_path, monkeypatch):
    monkeypatch.setattr(api_languages, "SUPPORT_FILE", _report(tmp_path, ["de"]))
    assert ApiConfig().supported_languages == ["de"]
    client, _ = make_client()
    r = client.post("/v1alpha1/comments:analyze", json={"comment": {"text": GERMAN}, "requestedAttributes": {"INSULT": {}}})
    assert r.status_code == 200 and r.json()["languages"] == ["de"]
    r = client.post("/v1alpha1/comments:analyze", json={"comment": {"text": ENGLISH}, "requestedAttributes": {"INSULT": {}}})
    assert r.status_code == 400 and r.json()["error"]["details"][0]["reason"] == "HS121"
    doc = client.get("/$discovery/rest", params={"version": "v1alpha1"}).json()
    note = doc["schemas"]["AnalyzeCommentRequest"]["properties"]["languages"]["description"]
    assert note.startswith("Languages answered: de;") and "2099.01.01" in note and "sealed rule" in note
    assert note in doc["description"]


def test_an_operators_list_wins_and_the_discovery_document_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(api_languages, "SUPPORT_FILE", _report(tmp_path, ["de"]))
    client, _ = make_client(supported_languages=["en", "de"])
    r = client.post("/v1alpha1/comments:analyze", json={"comment": {"text": ENGLISH}, "requestedAttributes": {"INSULT": {}}})
    assert r.status_code == 200
    note = client.get("/$discovery/rest").json()["schemas"]["AnalyzeCommentRequest"]["properties"]["languages"]["description"]
    assert note.startswith("Languages answered: de, en; set by the operator (the report's bar admits: de;")


@pytest.mark.parametrize("content", [None, "{not json", json.dumps({"schema": 2, "supported": ["en"]}),
                                     json.dumps({"schema": 1, "supported": "en"})],
                         ids=["missing", "not-json", "other-schema", "not-a-list"])
def test_a_missing_or_broken_report_is_a_coded_error(tmp_path, monkeypatch, content):
    path = tmp_path / "language_support.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(api_languages, "SUPPORT_FILE", path)
    with pytest.raises(ConfigError) as err:
        ApiConfig()
    assert err.value.code == "HS206" and str(path) in str(err.value)
