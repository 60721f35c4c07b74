"""The Typer application every CLI module adds its commands to, and ``hatescope --version``."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import typer

app = typer.Typer(
    name="hatescope",
    help="Find hateful, dehumanising, coded and violence-inciting rhetoric in context, and decide what to do.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Exit statuses (docs/CLI.md). Error classes carry their own (hatescope.errors).
EXIT_OK = 0
EXIT_BAD_RECORDS = 1  # `score`/`ingest` finished, but skipped bad records (each reported with its line)


def _manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def version_lines() -> list[str]:
    """The package version, then the versions an analysis records (``Analysis.versions``), read from the model
    manifests and the lexicon files' ``[lexicon]`` tables, without loading a model or building a matcher."""
    import hatescope
    from hatescope.detect import lexicon_files
    from hatescope.detect.classifier import MODELS, ClassifierDetector
    from hatescope.detect.multilingual import DEFAULT_MODEL_DIR as MULTILINGUAL_DIR

    lines = [f"hatescope {hatescope.__version__}"]
    classifiers = ", ".join(f"{ClassifierDetector(model=name).version} ({name})" for name in MODELS)
    lines.append(f"hatescope.classifier.v1 {classifiers}")
    lines.append(f"hatescope.multilingual.v1 {_manifest(MULTILINGUAL_DIR).get('version', 'unknown')}")
    lexicons = []
    for path in lexicon_files.default_paths():
        if path.name == "groups.toml":  # target groups, not terms: the lexicon detector leaves it out too
            continue
        try:
            head = tomllib.loads(path.read_text(encoding="utf-8")).get("lexicon", {})
        except (OSError, tomllib.TOMLDecodeError):
            head = {}
        lexicons.append(f"{head.get('name', path.stem)}@{head.get('version', 'unreadable')}")
    lines.append(f"hatescope.lexicon.v1 {'+'.join(sorted(lexicons))}")
    return lines


def _print_version(value: bool) -> None:
    if value:
        typer.echo("\n".join(version_lines()))
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_print_version,
        help="Print the versions of hatescope, its classifiers and its lexicons, and exit.",
    ),
) -> None:
    """Find hateful, dehumanising, coded and violence-inciting rhetoric in context, and decide what to do."""
