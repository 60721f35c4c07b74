"""How ``hatescope serve`` logs: plain text, or one JSON object per line (``--log-format json``).

In JSON every line is an object — uvicorn's own (start-up, shutdown, errors), the access lines, the
application's errors with their traceback as a field, Python warnings — and each line written while
a request is handled carries its ``request_id`` (the ``x-request-id`` response header).

What a line may hold: never the text of a post, unless the operator asks (``--log-text``). Tracebacks
are frames and the exception's type; an exception's message can quote the input, so it is written
only with ``--log-text``.
"""

from __future__ import annotations

import json
import logging
import logging.config
import threading
import time
import traceback
from contextvars import ContextVar
from typing import Any

#: The id of the request being handled (set by the RequestGuard middleware), for every log line it causes.
request_id: ContextVar[str | None] = ContextVar("hatescope_request_id", default=None)

#: Attributes every LogRecord has; anything else on a record came from ``extra=`` and is kept as a field.
_RECORD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message", "taskName"}


def _frames(exc_info: Any, with_message: bool) -> str:
    """A traceback for the log: the frames and the exception's type; its message only when allowed."""
    exc_type, exc, tb = exc_info
    if with_message:
        return "".join(traceback.format_exception(exc_type, exc, tb))
    return "Traceback (most recent call last):\n" + "".join(traceback.format_tb(tb)) + exc_type.__name__


class JsonFormatter(logging.Formatter):
    """One JSON object per record: ``ts``, ``level``, ``logger``, ``message``, ``request_id``, extra fields."""

    def __init__(self, log_text: bool = False) -> None:
        super().__init__()
        self.log_text = log_text

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            out.update(fields)  # a structured line (an access line): its fields are the line
        else:
            out["message"] = record.getMessage()
        rid = getattr(record, "request_id", None) or request_id.get()
        if rid:
            out["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRS and key not in ("fields", "request_id", "exc_message"):
                out.setdefault(key, value)
        if record.exc_info and record.exc_info[0] is not None:
            out["traceback"] = _frames(record.exc_info, self.log_text)
        if self.log_text and getattr(record, "exc_message", None):
            out["error_message"] = record.exc_message
        return json.dumps(out, default=str)  # ASCII: a line survives any locale of stderr


class TextFormatter(logging.Formatter):
    """The message as it is (an access line is already JSON), then a traceback if the record has one."""

    def __init__(self, log_text: bool = False) -> None:
        super().__init__("%(message)s")
        self.log_text = log_text

    def format(self, record: logging.LogRecord) -> str:
        line = record.getMessage()
        if getattr(record, "traceback", None):
            line += "\n" + record.traceback.rstrip()
        if record.exc_info and record.exc_info[0] is not None:
            line += "\n" + _frames(record.exc_info, self.log_text).rstrip()
        if self.log_text and getattr(record, "exc_message", None):
            line += f"\n{record.exc_message}"
        return line


def logging_config(log_format: str, level: str, *, log_text: bool = False) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the server; in JSON it is also uvicorn's ``log_config``."""
    level = level.upper()
    formatter = {"()": f"{__name__}.{'JsonFormatter' if log_format == 'json' else 'TextFormatter'}", "log_text": log_text}
    handler = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "server"}
    ours = {"handlers": ["stderr"], "level": level, "propagate": False}
    loggers: dict[str, Any] = {
        "hatescope": ours,
        # Children that an older configuration gave handlers of their own: they now write through "hatescope".
        "hatescope.api": {"handlers": [], "level": "NOTSET", "propagate": True},
        "hatescope.api.access": {"handlers": [], "level": "NOTSET", "propagate": True},
    }
    if log_format == "json":  # uvicorn's lines too; in text they keep uvicorn's own format
        loggers.update({
            "uvicorn": ours,
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": True},  # off: ours never logs ?key=
            "py.warnings": ours,
        })
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"server": formatter},
        "handlers": {"stderr": handler},
        "loggers": loggers,
    }
    if log_format == "json":  # any library's warnings, in the same shape
        config["root"] = {"handlers": ["stderr"], "level": "WARNING"}
    return config


def configure(log_format: str, level: str, *, log_text: bool = False) -> dict[str, Any]:
    """Apply the configuration now (before the engine loads: its warnings are lines too); returns it for uvicorn."""
    config = logging_config(log_format, level, log_text=log_text)
    logging.config.dictConfig(config)
    if log_format == "json":
        logging.captureWarnings(True)
        threading.excepthook = _log_thread_exception
    return config


def _log_thread_exception(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    thread = args.thread.name if args.thread is not None else "?"
    logging.getLogger("hatescope").error(
        "uncaught exception in thread %s", thread, exc_info=(args.exc_type, args.exc_value, args.exc_traceback)
    )
