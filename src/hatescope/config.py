"""Engine configuration: which detectors run (by registry name) with which parameters.

Declarative and validated; loadable from TOML::

    [[detectors]]
    name = "hatescope.lexicon.v1"
    [[detectors]]
    name = "hatescope.classifier.v1"
    params = { emit_threshold = 0.25 }
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hatescope.errors import ConfigError

#: Settings of `hatescope serve` (hatescope.settings) that a shared TOML file may carry beside the engine's own
#: keys. Listed here, not read from settings.py, because settings.py builds on this module; a test keeps the two
#: in step (tests/test_import_structure.py).
SERVER_KEYS = frozenset({
    "access_log", "analysis_batch_max", "analysis_queue_max", "analysis_workers", "anonymous_rate_limit_per_min",
    "auth", "cors_origins", "db", "default_source", "device", "host", "isolate_above_chars", "isolated_queue_max",
    "isolated_workers", "isolation", "key_cache_seconds", "log_format", "log_level", "log_text", "max_batch_items",
    "max_body_bytes", "max_image_bytes", "max_text_chars", "model", "model_threads", "perspective_max_text_bytes",
    "port", "store_perspective_comments", "supported_languages", "time_budget_s", "web_secret",
})


class DetectorSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    params: dict[str, Any] = Field(default_factory=dict)


class EngineConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    detectors: list[DetectorSpec] = Field(
        default_factory=lambda: [
            DetectorSpec(name="hatescope.lexicon.v1"),
            DetectorSpec(name="hatescope.negated_praise.v1"),
            DetectorSpec(name="hatescope.classifier.v1"),
            # Scores what the English classifier sits out on (text that is not English); hatescope.detect.multilingual.
            DetectorSpec(name="hatescope.multilingual.v1"),
        ]
    )
    policy: str | None = None  # path to a policy TOML; None = the packaged default
    #: Read misspelt group names and slurs as the word ("mulsims", "hatejews"): hatescope.normalize.spelling.
    spelling: bool = True
    #: A folder of lexicon files instead of the packaged ones: its ``groups.toml`` names who a text is about
    #: (targets, and the group names the spelling repair reads), every other ``*.toml`` holds the lexicon
    #: detector's entries (unless its ``params`` name ``paths``). None: the packaged lexicons (hatescope.resources).
    lexicons: str | None = None
    #: A folder holding the counter-speech model (``manifest.json`` and its weights) instead of the packaged one;
    #: a folder without a manifest turns the model off (hatescope.stance.learned).
    stance_model: str | None = None

    @field_validator("detectors", mode="before")
    @classmethod
    def _bare_names(cls, value: Any) -> Any:
        """``detectors = ["hatescope.lexicon.v1"]``: a bare name is a detector with its default parameters."""
        if isinstance(value, list):
            return [{"name": item} if isinstance(item, str) else item for item in value]
        return value

    @classmethod
    def load(cls, path: str | Path) -> "EngineConfig":
        """The engine part of a TOML file; the server's settings (``hatescope.settings``) may share the file."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            others = set(data) - set(cls.model_fields)
            if others:  # server settings are not the engine's; anything else is still an unknown key
                data = {k: v for k, v in data.items() if k not in others & SERVER_KEYS}
            return cls.model_validate(data)
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except (tomllib.TOMLDecodeError, ValidationError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
