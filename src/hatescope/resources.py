"""What an engine's stages read besides the text, built from its config: the engine's own, never the process's.

* the **spelling repair** (:mod:`hatescope.normalize.spelling`) towards the group names and abusive terms of the
  lexicons the engine is configured with;
* the **target finder** (:mod:`hatescope.detect.targets`) over the groups of those lexicons;
* the **counter-speech model** (:mod:`hatescope.stance.learned`) that stance asks where no cue decides.

``Engine.load()`` builds them (:func:`resources_for`) and hands each to the stage that reads it, so an engine
configured with other lexicons (``EngineConfig.lexicons``) finds its own groups and repairs towards its own words,
and two engines in one process do not see each other's. Engines configured with the packaged lexicons and model
share one set (:func:`default_resources`); the module-level conveniences that tests, training and benchmarks call
(``find_mentions(doc)``, ``counter_probability(text)``, :func:`default_speller`) read that set too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from hatescope.config import EngineConfig
from hatescope.detect import lexicon_files
from hatescope.detect.lexicon import LexiconDetector
from hatescope.detect.targets import GROUPS_FILE, TargetFinder, default_finder
from hatescope.errors import ConfigError
from hatescope.normalize.spelling import TermSpeller, watched_speller
from hatescope.stance.learned import CounterSpeechModel, default_model

#: Lexicon entries whose (one-word) terms the spelling repair reads through slips of the finger.
SPELLING_CATEGORIES = frozenset({"slur", "dehumanization", "insult", "profanity"})
#: Group kinds whose names the spelling repair reads (a state's name is no watched word).
SPELLING_GROUP_KINDS = ("people", "proxy")


@dataclass(frozen=True)
class EngineResources:
    speller: TermSpeller
    targets: TargetFinder
    counter_speech: CounterSpeechModel
    #: The entry files of the configured lexicon folder, for the lexicon detector; None: the packaged ones.
    entry_files: tuple[Path, ...] | None = None


def lexicon_speller(groups: Iterable[lexicon_files.Group], entries: Iterable[lexicon_files.Entry]) -> TermSpeller:
    """Spelling repair towards the names of ``groups`` of people (and their proxies) and the spellings of the
    slurs, abuse and dehumanising terms among ``entries`` that are English (or of any language). The words the
    repair leaves alone are an English dictionary, so it would read ordinary words of other languages as slips
    towards their slurs (Italian "fiocchi", flakes, as "finocchi"): the other languages' spellings are only kept
    as they are, so that German "transen" is not read as a slip for "transmen"."""
    watched = [e for e in entries if e.category in SPELLING_CATEGORIES]
    return watched_speller(
        [t for g in groups if g.kind in SPELLING_GROUP_KINDS for t in g.terms],
        [f for e in watched if e.in_language("en") for f in e.surface_forms()],
        kept=[f for e in watched if not e.in_language("en") for f in e.surface_forms()],
    )


def _packaged_entry_files() -> list[Path]:
    return [p for p in lexicon_files.default_paths() if p.name != GROUPS_FILE]


@lru_cache(maxsize=1)
def default_speller() -> TermSpeller:
    """The spelling repair of the packaged lexicons."""
    lexicon = lexicon_files.load([lexicon_files.data_dir() / GROUPS_FILE, *_packaged_entry_files()])
    return lexicon_speller(lexicon.groups, lexicon.entries)


@lru_cache(maxsize=1)
def default_resources() -> EngineResources:
    """The packaged lexicons' and model's resources, shared by every engine configured with them."""
    return EngineResources(default_speller(), default_finder(), default_model().load())


def resources_for(config: EngineConfig) -> EngineResources:
    """The resources ``config`` names: its lexicon folder (else the packaged lexicons; the lexicon detector's
    own ``paths``, when it names them, are the entries the speller reads) and its counter-speech model."""
    folder = _lexicon_folder(config.lexicons)
    detector_paths = _lexicon_detector_paths(config)
    if folder is None and detector_paths is None and config.stance_model is None:
        return default_resources()
    folder_entries = tuple(p for p in sorted(folder.glob("*.toml")) if p.name != GROUPS_FILE) if folder else None
    if folder is None and detector_paths is None:
        speller, targets = default_speller(), default_finder()
    else:
        groups_file = (folder or lexicon_files.data_dir()) / GROUPS_FILE
        entry_files = detector_paths if detector_paths is not None else folder_entries
        groups = lexicon_files.load([groups_file]).groups
        speller = lexicon_speller(groups, lexicon_files.load(entry_files or ()).entries)
        targets = TargetFinder(groups) if folder is not None else default_finder()
    return EngineResources(speller, targets, _counter_speech(config.stance_model), entry_files=folder_entries)


def _lexicon_folder(value: str | None) -> Path | None:
    if value is None:
        return None
    folder = Path(value)
    if not folder.is_dir():
        raise ConfigError(f"lexicons: {value} is not a folder")
    if not (folder / GROUPS_FILE).is_file():
        raise ConfigError(f"lexicons: {value} has no {GROUPS_FILE} (the groups a text can be about)")
    return folder


def _lexicon_detector_paths(config: EngineConfig) -> Sequence[Path] | None:
    """The entry files the lexicon detector is given in its ``params``, if any."""
    for spec in config.detectors:
        if spec.name == LexiconDetector.name and spec.params.get("paths") is not None:
            return [Path(p) for p in spec.params["paths"]]
    return None


def _counter_speech(model_dir: str | None) -> CounterSpeechModel:
    if model_dir is None:
        return default_model().load()
    if not Path(model_dir).is_dir():
        raise ConfigError(f"stance_model: {model_dir} is not a folder")
    return CounterSpeechModel(model_dir).load()


__all__ = ["EngineResources", "SPELLING_CATEGORIES", "default_resources", "default_speller", "lexicon_speller",
           "resources_for"]
