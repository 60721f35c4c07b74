"""The Typer application every CLI module adds its commands to."""

from __future__ import annotations

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
EXIT_BAD_RECORDS = 1  # `score` finished but skipped malformed records
