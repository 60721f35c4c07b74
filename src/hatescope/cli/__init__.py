"""``hatescope`` command line. Each module registers its commands on ``app``.

Every HatescopeError becomes one line ``error HSxxx: message`` on stderr and the error's exit
code; anything unexpected becomes ``error HS000: internal error`` (exit 1), never a traceback
(set HATESCOPE_DEBUG=1 to see it).
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from hatescope.cli.app import app
from hatescope.errors import HatescopeError

# Command modules, imported for their registrations; a module another area has not written yet is skipped.
_COMMAND_MODULES = ("analyze", "demo", "models", "workflow", "server", "spark", "images")

for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"hatescope.cli.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"hatescope.cli.{_name}":
            raise


def main(argv: list[str] | None = None) -> int:
    try:
        rv = app(args=argv, standalone_mode=False, prog_name="hatescope")
    except HatescopeError as exc:
        print(f"error {exc.code}: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except click.ClickException as exc:  # usage errors: bad option, missing file...
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        print("error HS001: aborted", file=sys.stderr)
        return 130
    except SystemExit as exc:
        return int(exc.code or 0)
    except KeyboardInterrupt:
        print("error HS001: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        if os.environ.get("HATESCOPE_DEBUG"):
            raise
        print(f"error HS000: internal error ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 1
    return rv if isinstance(rv, int) else 0


def _entry() -> None:
    sys.exit(main())


__all__ = ["app", "main"]
