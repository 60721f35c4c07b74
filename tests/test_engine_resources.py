"""An engine reads its own lexicons and model: targets, spelling repair and counter-speech come from its config."""

from __future__ import annotations

from pathlib import Path

import pytest

from hatescope.config import EngineConfig
from hatescope.detect.targets import find_mentions
from hatescope.document import Document
from hatescope.engine import Engine
from hatescope.errors import ConfigError
from hatescope.normalize import normalize
from hatescope.offsets import MappedText
from hatescope.resources import default_resources, default_speller

LEXICON = ["hatescope.lexicon.v1"]

_ENTRIES = '''[lexicon]
name = "metaphors"
version = "1"

[[entry]]
id = "t.vermin"
term = "vermin"
category = "dehumanization"
inflect = "none"
requires_target = true
score = 0.85
meaning = "Casts a group as pests."
source = "test"
'''


def lexicon_folder(root: Path, group: str) -> Path:
    """A two-file lexicon folder: one group of people named ``group`` and one entry that needs a target."""
    root.mkdir()
    (root / "groups.toml").write_text(
        f'[lexicon]\nname = "groups"\nversion = "1"\n\n'
        f'[[group]]\nid = "{group}"\ncategory = "fiction"\nterms = ["{group}"]\n', encoding="utf-8")
    (root / "metaphors.toml").write_text(_ENTRIES, encoding="utf-8")
    return root


@pytest.fixture
def zorbling_engine(tmp_path: Path) -> Engine:
    return Engine(config=EngineConfig(detectors=LEXICON, lexicons=str(lexicon_folder(tmp_path / "z", "zorblings"))))


def groups(engine: Engine, text: str) -> set[str]:
    return {m.group for m in engine.prepare(text).mentions}


def test_a_configured_group_is_a_target_only_for_that_engine(zorbling_engine: Engine) -> None:
    default = Engine(config=EngineConfig(detectors=LEXICON))
    assert groups(zorbling_engine, "the zorblings are here") == {"zorblings"}
    assert groups(default, "the zorblings are here") == set()
    # The folder replaces the packaged groups, it does not add to them.
    assert groups(zorbling_engine, "the jews are here") == set()
    assert groups(default, "the jews are here") == {"jews"}


def test_the_spelling_repair_reads_the_configured_group_names(zorbling_engine: Engine) -> None:
    default = Engine(config=EngineConfig(detectors=LEXICON))
    for slip, read in (("i hate zorlbings", "i hate zorblings"), ("hatezorblings", "hate zorblings")):
        assert zorbling_engine.prepare(slip).text == read
        assert default.prepare(slip).text == slip
    off = Engine(config=EngineConfig(detectors=LEXICON, lexicons=zorbling_engine.config.lexicons, spelling=False))
    assert off.prepare("i hate zorlbings").text == "i hate zorlbings"


def test_the_lexicon_detector_reads_the_folder_and_its_targets(zorbling_engine: Engine) -> None:
    text = "The zorlbings are vermin"
    found = zorbling_engine.analyze(text).findings
    assert [(f.label, f.text, f.target) for f in found] == [("dehumanization", "vermin", "zorblings")]
    assert not Engine(config=EngineConfig(detectors=LEXICON)).analyze(text).findings
    assert zorbling_engine.versions()["hatescope.lexicon.v1"] == "metaphors@1"


def test_engines_with_other_configs_do_not_leak_into_each_other(tmp_path: Path) -> None:
    zorbs = Engine(config=EngineConfig(detectors=LEXICON, lexicons=str(lexicon_folder(tmp_path / "z", "zorblings"))))
    quonks = Engine(config=EngineConfig(detectors=LEXICON, lexicons=str(lexicon_folder(tmp_path / "q", "quonkers"))))
    default = Engine(config=EngineConfig(detectors=LEXICON))
    text = "zorblings and quonkers and jews"
    for _ in range(2):  # in either order, and again after the others were built and used
        assert groups(zorbs, text) == {"zorblings"}
        assert groups(quonks, text) == {"quonkers"}
        assert groups(default, text) == {"jews"}
        assert zorbs.prepare("zorlbings quonkres").text == "zorblings quonkres"
        assert quonks.prepare("zorlbings quonkres").text == "zorlbings quonkers"
    # The module-level conveniences still read the packaged lexicons.
    doc = Document(original=text, kind="post", norm=normalize(text))
    assert {m.group for m in find_mentions(doc)} == {"jews"}
    assert default_speller()(MappedText.identity("zorlbings")).text == "zorlbings"
    # Engines configured with the packaged lexicons share one set of resources; the others own theirs.
    assert default.resources is default_resources() is Engine().resources
    assert zorbs.resources.targets is not quonks.resources.targets is not default.resources.targets
    assert zorbs.resources.speller is not quonks.resources.speller is not default.resources.speller


def test_the_counter_speech_model_is_the_engines(tmp_path: Path) -> None:
    (tmp_path / "no_model").mkdir()
    without = Engine(config=EngineConfig(detectors=LEXICON, stance_model=str(tmp_path / "no_model")))
    default = Engine(config=EngineConfig(detectors=LEXICON))
    sentence = "Saying that Muslims are vermin is disgusting and wrong."
    assert default.resources.counter_speech.available and not without.resources.counter_speech.available
    assert default.prepare(sentence).counter_speech(sentence) is not None
    assert without.prepare(sentence).counter_speech(sentence) is None
    # The groups stay the packaged ones: only the model was configured.
    assert without.resources.targets is default.resources.targets


@pytest.mark.parametrize(("key", "make"), [
    ("lexicons", lambda p: p / "missing"),
    ("lexicons", lambda p: p),  # a folder, but no groups.toml
    ("stance_model", lambda p: p / "missing"),
])
def test_a_bad_folder_is_a_config_error(tmp_path: Path, key: str, make) -> None:
    engine = Engine(config=EngineConfig(detectors=LEXICON, **{key: str(make(tmp_path))}))
    with pytest.raises(ConfigError) as info:
        engine.load()
    assert key in str(info.value) and info.value.code == ConfigError.code
