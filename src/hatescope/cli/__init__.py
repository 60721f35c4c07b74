"""``hatescope`` command line. Each module registers its commands on ``app``.

Every HatescopeError becomes one line ``error HSxxx: message`` on stderr and the error's exit
code; a usage error (unknown command or option, a value out of range, no arguments) is shown as
click shows it, with exit status 2; anything unexpected becomes ``error HS000: internal error``
(exit 1), never a traceback (set HATESCOPE_DEBUG=1 to see it).
"""

from __future__ import annotations

import importlib
import os
import sys
from types import ModuleType

import typer

from hatescope.cli.app import app
from hatescope.errors import HatescopeError, Interrupted

# Command modules, imported for their registrations; a module another area has not written yet is skipped.
_COMMAND_MODULES = ("analyze", "demo", "models", "workflow", "server", "config_cmd", "spark", "images")

for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"hatescope.cli.{_name}")
    except ModuleNotFoundError as _exc:
        if _exc.name != f"hatescope.cli.{_name}":
            raise


def _click_flavours() -> list[ModuleType]:
    """The click packages whose exceptions a command may raise: recent Typer bundles its own copy
    (``typer._click``), older Typer uses ``click`` itself; the exceptions of one are not those of the other."""
    found = []
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            found.append(importlib.import_module(name))
        except ImportError:
            pass
    return found


def _classes(name: str) -> tuple[type[BaseException], ...]:
    """``name`` from each click flavour and from Typer (which keeps its own Abort and Exit), once each."""
    found = [getattr(m, name, None) for m in _CLICK] + [getattr(typer, name, None)]
    return tuple(dict.fromkeys(c for c in found if isinstance(c, type) and issubclass(c, BaseException)))


_CLICK = _click_flavours()
_USAGE = _classes("ClickException")  # UsageError, BadParameter, NoArgsIsHelpError, FileError...
_ABORT = _classes("Abort")
_EXIT = _classes("Exit")


def main(argv: list[str] | None = None) -> int:
    try:
        rv = app(args=argv, standalone_mode=False, prog_name="hatescope")
    except HatescopeError as exc:
        print(f"error {exc.code}: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except _USAGE as exc:  # click's own message ("Usage: … Error: Invalid value for '--limit' …"), exit 2
        exc.show()
        return exc.exit_code
    except _ABORT:
        print(f"error {Interrupted.code}: aborted", file=sys.stderr)
        return Interrupted.exit_code
    except _EXIT as exc:
        return int(getattr(exc, "exit_code", 0) or 0)
    except SystemExit as exc:
        return int(exc.code or 0)
    except KeyboardInterrupt:
        print(f"error {Interrupted.code}: interrupted", file=sys.stderr)
        return Interrupted.exit_code
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        if os.environ.get("HATESCOPE_DEBUG"):
            raise
        print(f"error {HatescopeError.code}: internal error ({type(exc).__name__}: {exc})", file=sys.stderr)
        return HatescopeError.exit_code
    return rv if isinstance(rv, int) else 0


def _entry() -> None:
    sys.exit(main())


__all__ = ["app", "main"]
