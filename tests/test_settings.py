"""Settings of `hatescope serve`: each one from a flag, the environment and a TOML file, in that order of
precedence; the docs table generated from the model; bad values as coded errors; secrets masked."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path

import pytest
from pydantic import SecretStr
from pydantic_settings import NoDecode

from hatescope.cli import main
from hatescope.config import EngineConfig
from hatescope.errors import ConfigError
from hatescope.settings import MASK, ServerSettings, env_name, flag_name, load_settings, settings_table, shown

ROOT = Path(__file__).resolve().parents[1]
FIELDS = list(ServerSettings.model_fields)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch):
    """No HATESCOPE_* setting of the machine running the tests leaks in."""
    import os

    for name in list(os.environ):
        if name.startswith("HATESCOPE_") and name != "HATESCOPE_DATA":
            monkeypatch.delenv(name)


def _sample(name: str):
    """A valid value for the setting that is not its default, derived from its type and bounds."""
    field = ServerSettings.model_fields[name]
    default = ServerSettings.model_construct().__getattribute__(name)
    annotation = field.annotation
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if annotation is bool:
        return not default
    if typing.get_origin(annotation) is typing.Literal:
        return next(choice for choice in typing.get_args(annotation) if choice != default)
    if name == "detectors":
        return ["hatescope.lexicon.v1", "hatescope.negated_praise.v1"]
    if annotation == list[str]:
        return ["xx", "yy"]
    if annotation in (int, float):
        upper = next((m.le for m in field.metadata if getattr(m, "le", None) is not None), None)
        step = 1 if annotation is int else 0.5
        return default + step if upper is None or default + step <= upper else default - step
    if args and args[0] is SecretStr:
        return "a-sample-secret"
    return f"sample-{name}"


def _as_flags(name: str, value) -> list[str]:
    flag = flag_name(name)
    if isinstance(value, bool):
        return [flag if value else f"--no-{flag[2:]}"]
    if isinstance(value, list):
        return [part for item in value for part in (flag, item)]
    return [flag, str(value)]


def _as_env(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(value)
    return str(value)


def _as_toml(name: str, value) -> str:
    return f"{name} = {json.dumps(value)}\n"  # JSON scalars and string arrays are TOML too


def _show(capsys, *args: str) -> dict:
    assert main(["config", "show", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def _expected(name: str, value):
    return json.loads(json.dumps(shown(ServerSettings(**{name: value}), name)))


@pytest.mark.parametrize("name", FIELDS)
@pytest.mark.parametrize("way", ["flag", "env", "toml"])
def test_every_setting_can_be_set_three_ways(name, way, tmp_path, monkeypatch, capsys):
    value = _sample(name)
    expected = _expected(name, value)
    assert expected != _expected(name, getattr(ServerSettings(), name)) or expected == MASK, "the sample must not be the default"
    if way == "flag":
        shown_rows, source = _show(capsys, *_as_flags(name, value)), f"flag {_as_flags(name, value)[0]}"
    elif way == "env":
        monkeypatch.setenv(env_name(name), _as_env(value))
        shown_rows, source = _show(capsys), f"env {env_name(name)}"
    else:
        path = tmp_path / "hatescope.toml"
        path.write_text(_as_toml(name, value), encoding="utf-8")
        shown_rows, source = _show(capsys, "--config", str(path)), f"file {path}"
    assert shown_rows[name] == {"value": expected, "source": source}
    others = [row["source"] for key, row in shown_rows.items() if key != name]
    assert set(others) == {"default"}


def test_flag_beats_environment_beats_file_beats_default(tmp_path, monkeypatch):
    path = tmp_path / "settings.toml"
    path.write_text("port = 1001\nhost = '127.0.0.2'\n", encoding="utf-8")
    monkeypatch.setenv("HATESCOPE_PORT", "1002")
    got = load_settings({"port": "1003"}, config=path)
    assert (got.settings.port, got.sources["port"]) == (1003, "flag --port")
    got = load_settings({}, config=path)
    assert (got.settings.port, got.sources["port"]) == (1002, "env HATESCOPE_PORT")
    assert (got.settings.host, got.sources["host"]) == ("127.0.0.2", f"file {path}")
    monkeypatch.delenv("HATESCOPE_PORT")
    assert load_settings({}, config=path).settings.port == 1001
    assert load_settings({}).settings.port == 8080


def test_config_flag_beats_hatescope_config(tmp_path, monkeypatch):
    (tmp_path / "a.toml").write_text("port = 2001\n", encoding="utf-8")
    (tmp_path / "b.toml").write_text("port = 2002\n", encoding="utf-8")
    monkeypatch.setenv("HATESCOPE_CONFIG", str(tmp_path / "a.toml"))
    assert load_settings({}).settings.port == 2001
    assert load_settings({}, config=tmp_path / "b.toml").settings.port == 2002


def test_an_engine_config_file_is_a_settings_file_and_the_other_way_round(tmp_path):
    path = tmp_path / "engine.toml"
    path.write_text('port = 9000\nspelling = false\n[[detectors]]\nname = "hatescope.lexicon.v1"\n'
                    "params = { fold_confusables = true }\n", encoding="utf-8")
    settings = load_settings({}, config=path).settings
    assert settings.port == 9000 and settings.spelling is False
    engine = settings.engine_config()
    assert [(d.name, d.params) for d in engine.detectors] == [("hatescope.lexicon.v1", {"fold_confusables": True})]
    assert EngineConfig.load(path).detectors == engine.detectors  # `hatescope analyze` reads the same file
    path.write_text("port = 9000\nnot_a_setting = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        EngineConfig.load(path)


def test_settings_reach_the_api_config():
    api = load_settings({"db": "sqlite:///x.db", "time_budget_s": "2.5", "cors_origins": ["https://a.example"]}).settings.api_config()
    assert (api.db_url, api.time_budget_s, api.cors_origins) == ("sqlite:///x.db", 2.5, ["https://a.example"])


@pytest.mark.parametrize(
    "args, env, toml, says",
    [
        (["--time-budget", "0"], {}, None, ["HS252", "time_budget_s", "flag --time-budget"]),  # an open bound
        ([], {"HATESCOPE_MAX_BATCH_ITEMS": "100000"}, None, ["HS252", "max_batch_items", "env HATESCOPE_MAX_BATCH_ITEMS"]),
        ([], {"HATESCOPE_LOG_FORMAT": "xml"}, None, ["HS252", "log_format", "env HATESCOPE_LOG_FORMAT"]),
        ([], {}, "isolation = 'fork'\n", ["HS252", "isolation", "file "]),
        ([], {}, "prot = 8080\n", ["HS252", "prot", "file "]),
        ([], {}, "port = \n", ["HS252", "not readable TOML"]),
    ],
)
def test_bad_values_are_a_coded_error_naming_the_setting_and_its_source(args, env, toml, says, tmp_path, monkeypatch, capsys):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    if toml is not None:
        (tmp_path / "bad.toml").write_text(toml, encoding="utf-8")
        args = [*args, "--config", str(tmp_path / "bad.toml")]
    assert main(["config", "show", *args]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error HS252: ") and err.count("\n") == 1, err  # one line, no traceback
    for part in says:
        assert part in err


@pytest.mark.parametrize("args", [["--port", "0"], ["--time-budget", "soon"], ["--log-format", "xml"]])
def test_bad_flags_are_usage_errors_naming_the_flag(args, capsys):
    assert main(["config", "show", *args]) == 2  # the CLI's contract for a bad option value (docs/CLI.md)
    err = capsys.readouterr().err
    assert f"Invalid value for '{args[0]}'" in err and "Traceback" not in err


def test_a_missing_config_file_is_named(tmp_path, capsys):
    assert main(["config", "show", "--config", str(tmp_path / "absent.toml")]) == 3
    assert "absent.toml" in capsys.readouterr().err


def test_secrets_are_masked(monkeypatch, capsys):
    monkeypatch.setenv("HATESCOPE_DB", "postgresql+psycopg://hs:hunter2@db.internal:5432/hs?sslpassword=swordfish")
    monkeypatch.setenv("HATESCOPE_WEB_SECRET", "cookie-signing-key")
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    for secret in ("hunter2", "swordfish", "cookie-signing-key"):
        assert secret not in out
    assert "postgresql+psycopg://hs:********@db.internal:5432/hs" in out  # the rest of the URL stays readable
    assert re.search(r"^web_secret\s+\"\*+\"\s+\(env HATESCOPE_WEB_SECRET\)$", out, re.M)


@pytest.mark.parametrize("line", ['db = ["postgresql://u:hunter2@h/db"]', 'web_secret = ["hunter2"]'])
def test_a_bad_secret_is_not_echoed_in_the_error(line, tmp_path, capsys):
    (tmp_path / "s.toml").write_text(line + "\n", encoding="utf-8")
    assert main(["config", "show", "--config", str(tmp_path / "s.toml")]) == 3
    err = capsys.readouterr().err
    assert "HS252" in err and line.split()[0] in err and "hunter2" not in err


def test_the_docs_table_is_generated_from_the_model():
    doc = (ROOT / "docs" / "CONFIG.md").read_text(encoding="utf-8")
    start, end = "<!-- settings table: generated by `hatescope config table` -->\n", "<!-- end of settings table -->"
    assert start in doc and end in doc
    assert doc.split(start, 1)[1].split(end, 1)[0] == settings_table()
    assert len(re.findall(r"^\| \w+ \| `--", settings_table(), re.M)) == len(FIELDS)


def test_api_limits_are_apiconfigs_own():
    """The settings reuse ApiConfig's fields, so a bound changed there is changed here."""
    from hatescope.api.config import ApiConfig

    for name, field in ApiConfig.model_fields.items():
        if name in ServerSettings.model_fields:
            ours = [m for m in ServerSettings.model_fields[name].metadata if m is not NoDecode]  # env lists: a,b
            assert ours == field.metadata
            assert ServerSettings.model_fields[name].get_default(call_default_factory=True) == field.get_default(
                call_default_factory=True)
            assert ServerSettings.model_fields[name].description == field.description
