"""``hatescope config show|table``, and the command-line flags of every setting (``setting_options``).

The flags are generated from ``hatescope.settings.ServerSettings``, so a new setting gets its flag,
its environment variable, its TOML key and its line in docs/CONFIG.md at once. A flag left out is
``None`` here and the environment or the file decide; values are checked by the settings model, so a
bad one is ``error HS252`` naming the setting and where it came from.
"""

from __future__ import annotations

import enum
import functools
import inspect
import json
import typing
from pathlib import Path
from typing import Any, Callable, List, Optional

import typer

from hatescope.cli.app import app

config_app = typer.Typer(help="The server's effective settings, and where each value came from.", no_args_is_help=True)
app.add_typer(config_app, name="config")

CONFIG_HELP = "Settings TOML file (default: $HATESCOPE_CONFIG). Flags and HATESCOPE_* variables override it."


def _bounds(field: Any) -> dict[str, Any]:
    """The setting's closed bounds, for click to check (an open bound, ``gt``, is left to the settings model)."""
    out = {}
    for rule in field.metadata:
        if getattr(rule, "ge", None) is not None:
            out["min"] = rule.ge
        if getattr(rule, "le", None) is not None:
            out["max"] = rule.le
    return out


def _option(name: str, field: Any) -> inspect.Parameter:
    """One flag: typed and bounded as the setting is, so a bad value is click's usage error (exit 2) naming it."""
    from hatescope.settings import flag_name

    flag = flag_name(name)
    help_text = field.description or ""
    annotation = field.annotation
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    extra: dict[str, Any] = {}
    if annotation is bool:
        hint, decls, extra["metavar"] = Optional[bool], [f"{flag}/--no-{flag[2:]}"], ""
    elif origin is list or (args and typing.get_origin(args[0]) is list):
        hint, decls, help_text, extra["metavar"] = Optional[List[str]], [flag], help_text + " Repeatable.", "TEXT"
    elif origin is typing.Literal:
        choices = enum.Enum(f"{name}_choices", {str(v): str(v) for v in typing.get_args(annotation)})  # type: ignore[misc]
        hint, decls, extra["case_sensitive"] = Optional[choices], [flag], False
    elif annotation in (int, float):
        hint, decls = Optional[annotation], [flag]
        extra.update(_bounds(field))
    else:
        hint, decls, extra["metavar"] = Optional[str], [flag], "TEXT"
    help_text = help_text.replace("[", "\\[")  # rich markup would take `hatescope[gpu]` for a style
    option = typer.Option(None, *decls, help=help_text, show_default=False, **extra)
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=option, annotation=hint)


def setting_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command one flag per setting; it is called with ``flags`` (the settings given on the
    command line, by field name) besides its own parameters. A value click cannot check (an open
    bound) is checked by the settings model: ``error HS252`` naming the flag."""
    from hatescope.settings import ServerSettings

    own = [p for p in inspect.signature(func).parameters.values() if p.name != "flags"]
    generated = [_option(name, field) for name, field in ServerSettings.model_fields.items()]
    names = {p.name for p in generated}

    @functools.wraps(func)
    def command(**kwargs: Any) -> Any:
        flags = {k: getattr(v, "value", v) for k, v in kwargs.items() if k in names and v is not None and v != []}
        return func(flags=flags, **{k: v for k, v in kwargs.items() if k not in names})

    del command.__wrapped__  # typer reads the signature below, not the wrapped function's
    command.__signature__ = inspect.Signature(own + generated)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in own + generated}
    return command


@config_app.command("show")
@setting_options
def show(
    flags: dict,
    config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP),
    json_out: bool = typer.Option(False, "--json", help="One JSON object: {setting: {value, source}}."),
) -> None:
    """Print the settings `hatescope serve` would run with (same flags), where each came from, secrets masked."""
    from hatescope.settings import load_settings, shown

    effective = load_settings(flags, config=config)
    rows = {name: {"value": shown(effective.settings, name), "source": effective.sources[name]}
            for name in type(effective.settings).model_fields}
    if json_out:
        typer.echo(json.dumps(rows, indent=2))
        return
    width = max(map(len, rows))
    for name, row in rows.items():
        typer.echo(f"{name:<{width}}  {json.dumps(row['value'])}  ({row['source']})")


@config_app.command("table")
def table() -> None:
    """Print the settings table of docs/CONFIG.md (generated from the settings model)."""
    from hatescope.settings import settings_table

    typer.echo(settings_table(), nl=False)
