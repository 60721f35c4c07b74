"""Every setting of ``hatescope serve`` in one model, read the twelve-factor way (pydantic-settings).

Each setting can come from a command-line flag, a ``HATESCOPE_*`` environment variable or a TOML
file (``--config FILE``, else ``$HATESCOPE_CONFIG``); the first of those that sets it wins, else its
default. The API limits are ``ApiConfig``'s own fields, taken as they are, so a bound or default is
written once. docs/CONFIG.md's table is generated from this model (``hatescope config table``).

An engine config file (``[[detectors]]``, ``policy``, ``spelling``, ``lexicons``, ``stance_model``) is a valid
settings file too.
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping

from pydantic import Field, SecretStr, ValidationError, create_model, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)
from pydantic_settings.exceptions import SettingsError

from hatescope.api.config import ApiConfig
from hatescope.config import DetectorSpec, EngineConfig
from hatescope.errors import ConfigError, InvalidSetting

ENV_PREFIX = "HATESCOPE_"
CONFIG_ENV = "HATESCOPE_CONFIG"
#: Flags whose name is not the setting's (kept from before the settings model; scripts use them).
_FLAG_NAMES = {
    "db": "--db", "time_budget_s": "--time-budget", "isolate_above_chars": "--isolate-above",
    "cors_origins": "--cors-origin", "detectors": "--detector",
}
_API_FIELDS_ELSEWHERE = {"db_url"}  # ApiConfig.db_url is the `db` setting (and $HATESCOPE_DB, as it always was)
_toml_file: ContextVar[Path | None] = ContextVar("hatescope_settings_toml", default=None)


def _split_list(value: Any) -> Any:
    """A list from the environment: JSON (``["a","b"]``) or comma-separated (``a,b``)."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return [part.strip() for part in text.split(",") if part.strip()]
    return value


class _ServerAndEngine(BaseSettings):
    """The settings that are not ApiConfig's; the API's follow them (see ``ServerSettings``)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", validate_default=True)

    host: str = Field(default="127.0.0.1", description="Address to bind (loopback by default).")
    port: int = Field(default=8080, ge=1, le=65535, description="TCP port.")
    db: str | None = Field(default=None, description=(
        "Database URL or SQLite path for items, the review queue, the audit log and API keys "
        "(none: ./hatescope.db)."))
    model: str = Field(default="default", description="Classifier: `default`, or `fast` (the distilled 3-layer student).")
    device: str = Field(default="cpu", description=(
        "Where the encoder runs: `cpu`, or `cuda` (PyTorch from hatescope[gpu], else onnxruntime-gpu)."))
    model_threads: int = Field(default=1, ge=0, le=64, description=(
        "Threads per classifier run (0: onnxruntime's default, all cores)."))
    detectors: Annotated[list[DetectorSpec] | None, NoDecode] = Field(default=None, description=(
        "Detectors the engine runs, by registry name (none: the packaged set). In TOML, `[[detectors]]` tables "
        "may also carry `params`."))
    policy: str | None = Field(default=None, description="Policy TOML file (none: the packaged policy).")
    spelling: bool = Field(default=True, description="Read misspelt group names and slurs as the word they spell.")
    lexicons: str | None = Field(default=None, description=(
        "Folder of lexicon files instead of the packaged ones: its `groups.toml` names the groups targets and the "
        "spelling repair read, its other files the lexicon detector's entries (none: the packaged lexicons)."))
    stance_model: str | None = Field(default=None, description=(
        "Folder of the counter-speech model (`manifest.json` and its weights; none: the packaged model)."))
    log_level: Literal["debug", "info", "warning", "error"] = Field(default="info", description="Least severe log line written.")
    log_format: Literal["text", "json"] = Field(default="text", description=(
        "`json`: every log line (server, access, errors with their traceback) is one JSON object."))

    @field_validator("detectors", mode="before")
    @classmethod
    def _detector_names(cls, value: Any) -> Any:
        value = _split_list(value)
        if isinstance(value, list):  # a bare name is a detector with its default parameters
            return [{"name": item} if isinstance(item, str) else item for item in value]
        return value

    @field_validator("log_level", "log_format", "model", "device", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Highest first: flags (passed in as init values), the environment, the TOML file. No .env file:
        # the environment is the operator's.
        toml = _toml_file.get()
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        if toml is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml))
        return tuple(sources)

    def engine_config(self) -> EngineConfig:
        """Which detectors run, with which policy: the engine part of these settings."""
        cfg = EngineConfig(policy=self.policy, spelling=self.spelling, lexicons=self.lexicons,
                           stance_model=self.stance_model)
        if self.detectors is not None:
            cfg.detectors = [spec.model_copy(deep=True) for spec in self.detectors]
        return cfg

    def api_config(self) -> ApiConfig:
        values = {name: getattr(self, name) for name in ApiConfig.model_fields if name in type(self).model_fields}
        return ApiConfig(db_url=self.db, **values)


def _list_from_env(field: Any) -> Any:
    """ApiConfig's lists, read from the environment as JSON or comma-separated."""
    return Annotated[field.annotation, NoDecode] if field.annotation == list[str] else field.annotation


ServerSettings: type[_ServerAndEngine] = create_model(  # type: ignore[call-overload]
    "ServerSettings",
    __base__=_ServerAndEngine,
    __doc__="Every setting of `hatescope serve`; see the module docstring for where values come from.",
    __validators__={"split_lists": field_validator(
        *[n for n, f in ApiConfig.model_fields.items() if f.annotation == list[str]], mode="before")(
        lambda cls, v: _split_list(v))},
    **{name: (_list_from_env(field), field) for name, field in ApiConfig.model_fields.items()
       if name not in _API_FIELDS_ELSEWHERE},
)


def flag_name(field: str) -> str:
    return _FLAG_NAMES.get(field, "--" + field.replace("_", "-"))


def env_name(field: str) -> str:
    return ENV_PREFIX + field.upper()


def is_bool(field: str) -> bool:
    return ServerSettings.model_fields[field].annotation is bool


def config_file(explicit: str | Path | None, environ: Mapping[str, str]) -> Path | None:
    """The TOML file to read: ``--config``, else ``$HATESCOPE_CONFIG``, else none."""
    chosen = explicit or environ.get(CONFIG_ENV) or None
    return Path(chosen) if chosen else None


class Effective:
    """Settings as loaded, with where each value came from (``flag --port``, ``env HATESCOPE_PORT``...)."""

    def __init__(self, settings: _ServerAndEngine, sources: dict[str, str]) -> None:
        self.settings = settings
        self.sources = sources


def load_settings(flags: Mapping[str, Any] | None = None, *, config: str | Path | None = None,
                  environ: Mapping[str, str] | None = None) -> Effective:
    """Read the settings: ``flags`` (field name → value, only those given) > environment > TOML > defaults.

    A bad value is ``ConfigError`` HS252 naming the setting and where it came from; never a traceback."""
    import os

    environ = os.environ if environ is None else environ
    flags = dict(flags or {})
    path = config_file(config, environ)
    toml_values = _read_toml(path) if path else {}
    env_values = _env_values()
    sources = {}
    for field in ServerSettings.model_fields:
        if field in flags:
            flag = flag_name(field)
            sources[field] = f"flag --no-{flag[2:]}" if flags[field] is False and is_bool(field) else f"flag {flag}"
        elif field in env_values:
            sources[field] = f"env {env_name(field)}"
        elif field in toml_values:
            sources[field] = f"file {path}"
        else:
            sources[field] = "default"
    token = _toml_file.set(path)
    try:
        settings = ServerSettings(**flags)
    except ValidationError as exc:
        raise _config_error(exc, sources, path, flags, env_values, toml_values) from None
    except SettingsError as exc:  # a value the environment source could not decode
        raise InvalidSetting(f"invalid setting from the environment: {exc}") from None
    finally:
        _toml_file.reset(token)
    return Effective(settings, sources)


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidSetting(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidSetting(f"config file {path} is not readable TOML: {exc}") from None


def _env_values() -> dict[str, Any]:
    try:
        return EnvSettingsSource(ServerSettings)()
    except SettingsError as exc:
        raise InvalidSetting(f"invalid setting from the environment: {exc}") from None


def _config_error(exc: ValidationError, sources: dict[str, str], path: Path | None,
                  *raw: Mapping[str, Any]) -> ConfigError:
    """The first problem, as an operator reads it: the setting, its source, the (masked) value, the rule."""
    problems = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else "?"
        where = ".".join(str(part) for part in err["loc"])
        if err["type"] == "extra_forbidden":
            problems.append(f"unknown setting '{where}' in file {path}" if path else f"unknown setting '{where}'")
            continue
        value = next((r[field] for r in raw if field in r), err.get("input"))
        problems.append(f"setting {where} = {mask(field, value)!s} (from {sources.get(field, 'default')}): {err['msg']}")
    return InvalidSetting("; ".join(problems), settings=[str(e["loc"][0]) for e in exc.errors() if e["loc"]])


_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@?#]*:)(?P<secret>[^@/?#]*)(?P<tail>@)", re.I)
_QUERY_SECRET = re.compile(
    r"(?P<head>[?&](?:[^=&#]*(?:password|passwd|pwd|secret|token|api_?key)[^=&#]*|key)=)(?P<secret>[^&#]*)", re.I)
MASK = "********"


def mask(field: str, value: Any) -> Any:
    """``value`` safe to print: secrets hidden, a password inside a database URL replaced."""
    if value is None:
        return None
    if isinstance(value, SecretStr) or "secret" in field or field.endswith("_key"):
        return MASK
    if isinstance(value, (list, tuple)):
        return [mask(field, item) for item in value]
    if isinstance(value, str):
        value = _URL_PASSWORD.sub(lambda m: m["head"] + MASK + m["tail"], value)
        return _QUERY_SECRET.sub(lambda m: m["head"] + MASK, value)
    return value


def shown(settings: _ServerAndEngine, field: str) -> Any:
    """A setting's value as ``config show`` and the docs print it (JSON types, secrets masked)."""
    value = getattr(settings, field)
    if field == "detectors" and value is not None:
        value = [spec.model_dump(exclude_defaults=True) for spec in value]
    return mask(field, value)


def _cell(value: Any) -> str:
    return "`" + json.dumps(value) + "`" if value not in (None, []) else "none"


def settings_table() -> str:
    """docs/CONFIG.md's table, one row per setting, in the model's order."""
    defaults = ServerSettings.model_construct()
    lines = ["| setting | flag | environment | TOML key | default | meaning |", "|---|---|---|---|---|---|"]
    for name, field in ServerSettings.model_fields.items():
        flag = flag_name(name)
        flag = f"`{flag}` / `--no-{flag[2:]}`" if is_bool(name) else f"`{flag}`"
        meaning = (field.description or "").replace("|", "\\|")
        lines.append(f"| {name} | {flag} | `{env_name(name)}` | `{name}` | {_cell(shown(defaults, name))} | {meaning} |")
    return "\n".join(lines) + "\n"
