"""``hatescope serve`` (the HTTP API) and ``hatescope keys create|list|revoke`` (its API keys)."""

from __future__ import annotations

import gc
import ipaddress
import json
import logging
from pathlib import Path
from typing import Optional

import typer

from hatescope.cli.app import app
from hatescope.cli.config_cmd import CONFIG_HELP, setting_options
from hatescope.errors import HatescopeError, UnsafeBind

log = logging.getLogger("hatescope.server")

keys_app = typer.Typer(help="Create, list and revoke API keys for `hatescope serve` (stored hashed).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

_DB_HELP = "Database URL or SQLite path (default: $HATESCOPE_DB, else ./hatescope.db)."


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _configure_logging(settings) -> dict:  # noqa: ANN001 - ServerSettings, imported lazily
    """Set up the server's logs now, before the engine loads; returns the configuration uvicorn applies too."""
    from hatescope.api.logs import configure

    return configure(settings.log_format, settings.log_level, log_text=settings.log_text)


@app.command()
@setting_options
def serve(flags: dict, config: Optional[Path] = typer.Option(None, "--config", help=CONFIG_HELP)) -> None:
    """Serve the Perspective-compatible and native HTTP API (OpenAPI at /docs and /openapi.json).

    Every setting is also a HATESCOPE_* environment variable and a key of the --config TOML file
    (flags win over the environment, the environment over the file): docs/CONFIG.md, `hatescope config show`."""
    from hatescope.settings import load_settings

    settings = load_settings(flags, config=config).settings
    log_config = _configure_logging(settings)
    try:
        _serve(settings, log_config)
    except HatescopeError as exc:
        if settings.log_format != "json":
            raise  # the CLI's own one line: `error HSxxx: message`
        log.error(exc.message, extra={"code": exc.code})  # in JSON, even a failed start is a JSON line
        raise typer.Exit(exc.exit_code) from None


def _serve(settings, log_config) -> None:  # noqa: ANN001
    if not settings.auth and not is_loopback(settings.host):
        raise UnsafeBind(
            f"--no-auth serves without API keys, so it only binds a loopback address (not {settings.host}); "
            "create a key with `hatescope keys create` instead",
        )
    import uvicorn

    from hatescope.api import create_app
    from hatescope.detect.classifier import packaged_model
    from hatescope.device import one_thread_per_process
    from hatescope.engine import Engine
    from hatescope.parallel import configure
    from hatescope.store import Store

    one_thread_per_process()  # the engine threads (analysis_workers) share the cores already
    packaged_model(settings.model)  # an unknown name: HS305 now, not at the first request
    engine_config = configure(_engine_config(settings), device=settings.device,
                              model=None if settings.model == "default" else settings.model)
    # Load before serving: a missing GPU or a broken model file is a coded error here, not a failed start-up.
    engine = Engine(config=engine_config).load()
    store = Store.open(settings.db)  # db, else ./hatescope.db: with or without auth
    api = create_app(settings.api_config(), engine=engine, store=store)
    api.state.services.workers.start()  # long-text workers load their engines now, not at the first long text
    engine.analyze("A first text, so that what the engine loads lazily is loaded before the server listens.")
    gc.freeze()  # the engine's objects live as long as the server: keep them out of every garbage collection
    url = f"http://{settings.host}:{settings.port}"
    log.info("hatescope API on %s (auth %s; docs at /docs, review page at /review/)", url,
             "on" if settings.auth else "off", extra={"event": "listening", "url": url, "auth": settings.auth})
    # uvicorn's own access log would print ?key= query strings; ours never does. In JSON its lines are ours too.
    uvicorn.run(api, host=settings.host, port=settings.port, access_log=False, log_level=settings.log_level,
                server_header=False, **({"log_config": log_config} if settings.log_format == "json" else {}))


def _engine_config(settings):  # noqa: ANN001, ANN202 - ServerSettings → EngineConfig, imported lazily
    """The engine config, with classifier runs held to ``model_threads`` threads each.

    Why one thread by default: the server already runs one analysis per core; letting each run
    also spread over every core oversubscribes them, and onnxruntime's spinning threads then burn
    CPU waiting (measured: about half the CPU per post with one thread, see docs/API.md)."""
    cfg = settings.engine_config()
    if settings.model_threads:
        for spec in cfg.detectors:
            if spec.name.startswith(("hatescope.classifier.", "hatescope.multilingual.")) and "threads" not in spec.params:
                spec.params["threads"] = settings.model_threads
    return cfg


def _open_store(db: Optional[str]):  # noqa: ANN202
    from hatescope.store import Store

    return Store.open(db)


@keys_app.command("create")
def keys_create(
    name: str = typer.Argument(..., help="Who the key is for, e.g. 'newsroom-bot'."),
    rate_limit: int = typer.Option(60, "--rate-limit", min=1, help="Requests per minute."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print {key_id, key} as JSON."),
) -> None:
    """Create a key. The key is printed once; only its hash is stored."""
    with _open_store(db) as store:
        key_id, plaintext = store.create_api_key(name, rate_limit_per_min=rate_limit, actor="cli")
    if json_out:
        typer.echo(json.dumps({"key_id": key_id, "key": plaintext, "name": name, "rate_limit_per_min": rate_limit}))
    else:
        typer.echo(f"key id: {key_id}\nkey:    {plaintext}\n(shown once: store it now; only its hash is kept)")


@keys_app.command("list")
def keys_list(
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
    json_out: bool = typer.Option(False, "--json", help="JSON lines instead of a table."),
) -> None:
    """List keys (id, name, rate limit, created, revoked). Never the keys themselves."""
    with _open_store(db) as store:
        keys = store.list_api_keys()
    for key in keys:
        d = key.to_dict()
        if json_out:
            typer.echo(json.dumps(d))
        else:
            status = f"revoked {d['revoked_at']}" if d["revoked_at"] else "active"
            typer.echo(f"{d['key_id']}  {d['name']:<24} {d['rate_limit_per_min']:>6}/min  {d['created_at']}  {status}")
    if not keys and not json_out:
        typer.echo("no API keys; create one with `hatescope keys create NAME`")


@keys_app.command("revoke")
def keys_revoke(
    key_id: str = typer.Argument(..., help="The key id shown by `keys create` / `keys list`."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
) -> None:
    """Revoke a key; requests with it get 401 (within the server's key cache time, 10 s by default)."""
    with _open_store(db) as store:
        key = store.revoke_api_key(key_id)
    typer.echo(f"revoked {key.key_id} ({key.name})")
