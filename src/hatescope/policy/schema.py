"""Validate policy TOML and point at the offending key AND line.

``tomllib`` reports line numbers only for syntax errors; for a wrong type, an unknown key or
thresholds out of order we find the key's line ourselves by re-reading the file's table headers
and ``key =`` lines (good enough for the flat files policies are; inline tables resolve to the
line of the table that holds them).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from hatescope.errors import PolicyError
from hatescope.labels import catalogue as label_catalogue
from hatescope.types import ACTIONS, STANCES

DEFINITIONS = ("ihra", "jda")


@dataclass(frozen=True)
class SourceText:
    """A policy file's name and text, for line look-ups. Policies that extend others carry a chain."""

    name: str
    text: str


# ---------------------------------------------------------------------------------------------
# Finding a key's line
# ---------------------------------------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*(?P<key>(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_\-]+))*)\s*=")
_PART = re.compile(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_\-]+)")


def _dotted(name: str) -> tuple[str, ...]:
    return tuple(next(g for g in m.groups() if g is not None) for m in _PART.finditer(name))


def find_line(text: str, path: Sequence[str]) -> int | None:
    """1-based line where ``path`` (e.g. ``("labels", "hate", "review")``) is set; else the line of
    the closest enclosing table or key; None when no part of the path is in the file."""
    path = tuple(path)
    table: tuple[str, ...] = ()
    best_len, best_line = 0, None
    in_multiline = False
    for number, line in enumerate(text.splitlines(), 1):
        # Skip the inside of multi-line strings: a line there can look like `key = ...`.
        if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
            was = in_multiline
            in_multiline = not in_multiline
            if was:
                continue
        elif in_multiline:
            continue
        header = _HEADER.match(line)
        if header:
            table = _dotted(header.group("name"))
            full = table
        else:
            key = _KEY.match(line)
            if not key:
                continue
            full = table + _dotted(key.group("key"))
        if full == path:
            return number
        if len(full) > best_len and path[: len(full)] == full:
            best_len, best_line = len(full), number
    return best_line


def locate(sources: Sequence[SourceText], path: Sequence[str]) -> str:
    """``file, line N`` for the file of the chain that sets ``path`` (the extending file first:
    it is the one the user edits); else the closest enclosing table."""
    ordered = list(reversed(sources))
    for src in ordered:
        if _exact(src.text, path):
            return f"{src.name}, line {find_line(src.text, path)}"
    for src in ordered:
        line = find_line(src.text, path)
        if line is not None:
            return f"{src.name}, line {line}"
    return ordered[0].name if ordered else "<policy>"


def _exact(text: str, path: Sequence[str]) -> bool:
    table: tuple[str, ...] = ()
    for line in text.splitlines():
        header = _HEADER.match(line)
        if header:
            table = _dotted(header.group("name"))
            if table == tuple(path):
                return True
            continue
        key = _KEY.match(line)
        if key and table + _dotted(key.group("key")) == tuple(path):
            return True
    return False


def fail(sources: Sequence[SourceText], path: Sequence[str], problem: str) -> PolicyError:
    key = ".".join(path)
    where = locate(sources, path)
    line_match = re.search(r"line (\d+)$", where)
    return PolicyError(
        f"{where}: key '{key}': {problem}",
        key=key,
        line=int(line_match.group(1)) if line_match else None,
        file=where.split(", line ")[0],
    )


# ---------------------------------------------------------------------------------------------
# The schema
# ---------------------------------------------------------------------------------------------

Check = Callable[[Any], str | None]  # returns a problem description, or None when the value is fine


def _string(v: Any) -> str | None:
    return None if isinstance(v, str) else f"expected a string, got {_show(v)}"


def _bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else f"expected true or false, got {_show(v)}"


def _threshold(v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        return f"expected a number (a score threshold), got {_show(v)}"
    if v < 0:
        return f"a threshold cannot be negative, got {v}"
    return None


def _fraction(v: Any) -> str | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 <= v <= 1:
        return f"expected a number between 0 and 1, got {_show(v)}"
    return None


def _one_of(choices: Sequence[str]) -> Check:
    def check(v: Any) -> str | None:
        return None if v in choices else f"expected one of {', '.join(map(repr, choices))}, got {_show(v)}"

    return check


def _list_of(choices: Sequence[str]) -> Check:
    def check(v: Any) -> str | None:
        if not isinstance(v, list):
            return f"expected a list of {', '.join(map(repr, choices))}, got {_show(v)}"
        bad = [x for x in v if x not in choices]
        if bad:
            return f"unknown value(s) {', '.join(map(_show, bad))}: expected some of {', '.join(map(repr, choices))}"
        return None

    return check


def _show(v: Any) -> str:
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, list):
        return "a list"
    return repr(v)


POLICY_KEYS: dict[str, Check] = {
    "name": _string,
    "version": _string,
    "description": _string,
    "extends": _string,
    "antisemitism_definition": _one_of(DEFINITIONS),
    "actionable_stances": _list_of(STANCES),
    "reported_hate_action": _one_of(ACTIONS),
    "max_action": _one_of(ACTIONS),
}
LABEL_KEYS: dict[str, Check] = {
    "label": _threshold,
    "review": _threshold,
    "remove": _threshold,
    "hateful": _bool,
    "stances": _list_of(STANCES),
}
REVIEW_KEYS: dict[str, Check] = {"queue_actions": _list_of(ACTIONS), "sample_rate": _fraction}
ANTISEMITISM_KEYS: dict[str, Check] = {
    "contested_action": _one_of(ACTIONS),
    "contested_hateful": _bool,
    "not_antisemitic_action": _one_of(ACTIONS),
}
SECTIONS = ("policy", "labels", "review", "antisemitism")


def check_document(data: Mapping[str, Any], sources: Sequence[SourceText], *, prefix: tuple[str, ...] = ()) -> None:
    """Types, allowed values and unknown keys of one file (before ``extends`` is merged)."""
    allowed = SECTIONS + (() if prefix else ("communities",))
    for key, value in data.items():
        path = prefix + (key,)
        if key not in allowed:
            raise fail(sources, path, _unknown(key, allowed, "section"))
        if not isinstance(value, dict):
            raise fail(sources, path, f"expected a table [{'.'.join(path)}], got {_show(value)}")
        if key == "policy":
            _check_table(value, POLICY_KEYS, sources, path)
        elif key == "review":
            _check_table(value, REVIEW_KEYS, sources, path)
        elif key == "antisemitism":
            _check_table(value, ANTISEMITISM_KEYS, sources, path)
        elif key == "labels":
            known = label_catalogue.names()  # the built-in labels and those loaded detectors declared
            for label, rule in value.items():
                if label not in known:
                    raise fail(sources, path + (label,), _unknown(label, known, "label"))
                if not isinstance(rule, dict):
                    raise fail(sources, path + (label,), f"expected a table [labels.{label}], got {_show(rule)}")
                _check_table(rule, LABEL_KEYS, sources, path + (label,))
        elif key == "communities":
            for name, overlay in value.items():
                if not isinstance(overlay, dict):
                    raise fail(sources, path + (name,), f"expected a table [communities.{name}], got {_show(overlay)}")
                check_document(overlay, sources, prefix=path + (name,))


def _check_table(table: Mapping[str, Any], spec: Mapping[str, Check], sources: Sequence[SourceText], path: tuple[str, ...]) -> None:
    for key, value in table.items():
        if key not in spec:
            raise fail(sources, path + (key,), _unknown(key, tuple(spec), "key"))
        problem = spec[key](value)
        if problem:
            raise fail(sources, path + (key,), problem)


def check_complete(data: Mapping[str, Any], sources: Sequence[SourceText], *, prefix: tuple[str, ...] = ()) -> None:
    """After merging: every label rule has its thresholds, in order (label ≤ review ≤ remove)."""
    for label, rule in data.get("labels", {}).items():
        path = prefix + ("labels", label)
        for key in ("label", "review", "remove"):
            if key not in rule:
                raise fail(sources, path + (key,), f"missing: every label needs 'label', 'review' and 'remove' thresholds")
        if not rule["label"] <= rule["review"]:
            raise fail(sources, path + ("review",), f"review threshold {rule['review']} is below the label threshold {rule['label']}")
        if not rule["review"] <= rule["remove"]:
            raise fail(sources, path + ("remove",), f"remove threshold {rule['remove']} is below the review threshold {rule['review']}")


def _unknown(key: str, allowed: Sequence[str], what: str) -> str:
    close = difflib.get_close_matches(key, list(allowed), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else f" (expected one of {', '.join(allowed)})"
    return f"unknown {what} '{key}'{hint}"


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Deep merge: tables merge key by key, everything else in ``over`` replaces ``base``."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out
