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

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from hatescope.errors import ConfigError


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

    @classmethod
    def load(cls, path: str | Path) -> "EngineConfig":
        try:
            return cls.model_validate(tomllib.loads(Path(path).read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {path}") from None
        except (tomllib.TOMLDecodeError, ValidationError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
