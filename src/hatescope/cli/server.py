"""``hatescope serve`` (the HTTP API) and ``hatescope keys create|list|revoke`` (its API keys)."""

from __future__ import annotations

import ipaddress
import json
import logging
import sys
from pathlib import Path
from typing import List, Optional

import typer

from hatescope.cli.app import app
from hatescope.errors import ConfigError

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


def _configure_logging(level: str) -> None:
    # Access lines are already JSON; print them bare, one per line, on stderr.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name in ("hatescope.api.access", "hatescope.api"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    port: int = typer.Option(8080, "--port", min=1, max=65535, help="TCP port."),
    db: Optional[str] = typer.Option(None, "--db", help=_DB_HELP),
    no_auth: bool = typer.Option(False, "--no-auth", help="No API keys (local use only: refuses a non-loopback --host)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Engine config TOML (detectors and parameters)."),
    cors_origin: List[str] = typer.Option([], "--cors-origin", help="Allow this browser origin (repeatable); CORS is off otherwise."),
    analysis_workers: int = typer.Option(0, "--analysis-workers", min=0, max=64, help="Engine threads (0: one per core, at most 4)."),
    model_threads: int = typer.Option(1, "--model-threads", min=0, max=64, help="Threads per classifier run (0: onnxruntime's default)."),
    model: str = typer.Option("default", "--model", help="Classifier: default, or fast (the distilled 3-layer student)."),
    device: str = typer.Option("cpu", "--device", help="Where the encoder runs: cpu, or cuda (PyTorch from hatescope[gpu], else onnxruntime-gpu)."),
    log_level: str = typer.Option("info", "--log-level", help="debug, info, warning or error."),
) -> None:
    """Serve the Perspective-compatible and native HTTP API (OpenAPI at /docs and /openapi.json)."""
    if no_auth and not is_loopback(host):
        raise ConfigError(
            f"--no-auth serves without API keys, so it only binds a loopback address (not {host}); "
            "create a key with `hatescope keys create` instead",
            code="HS251",
        )
    import uvicorn

    from hatescope.api import ApiConfig, create_app
    from hatescope.detect.classifier import packaged_model
    from hatescope.device import one_thread_per_process
    from hatescope.engine import Engine
    from hatescope.parallel import configure
    from hatescope.store import Store

    one_thread_per_process()  # the engine threads (--analysis-workers) share the cores already
    packaged_model(model)  # an unknown name: HS305 now, not at the first request
    engine_config = configure(_engine_config(config, model_threads), device=device,
                              model=None if model == "default" else model)
    # Load before serving: a missing GPU or a broken model file is a coded error here, not a failed start-up.
    engine = Engine(config=engine_config).load()
    store = Store.open(db) if (db or not no_auth) else None
    api_config = ApiConfig(auth=not no_auth, cors_origins=list(cors_origin), analysis_workers=analysis_workers)
    api = create_app(api_config, engine=engine, store=store)
    _configure_logging(log_level)
    typer.echo(f"hatescope API on http://{host}:{port} (auth {'off' if no_auth else 'on'}; docs at /docs, review page at /review/)", err=True)
    # uvicorn's own access log would print ?key= query strings; ours never does.
    uvicorn.run(api, host=host, port=port, access_log=False, log_level=log_level.lower(), server_header=False)


def _engine_config(path: Optional[Path], model_threads: int):  # noqa: ANN202 - EngineConfig, imported lazily
    """The engine config, with classifier runs held to ``model_threads`` threads each.

    Why one thread by default: the server already runs one analysis per core; letting each run
    also spread over every core oversubscribes them, and onnxruntime's spinning threads then burn
    CPU waiting (measured: about half the CPU per post with one thread, see docs/API.md)."""
    from hatescope.config import EngineConfig

    cfg = EngineConfig.load(path) if path else EngineConfig()
    if model_threads:
        for spec in cfg.detectors:
            if spec.name.startswith(("hatescope.classifier.", "hatescope.multilingual.")) and "threads" not in spec.params:
                spec.params["threads"] = model_threads
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
