"""docs/ERRORS.md's table of codes, generated from the classes of :mod:`hatescope.errors`.

    python -m hatescope.errors_doc            # print the table
    python -m hatescope.errors_doc --write    # rewrite the table in docs/ERRORS.md (the prose around it stays)

tests/test_errors.py fails when the table in docs/ERRORS.md is not what this renders.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hatescope import errors
from hatescope.errors import HatescopeError

HEADER = "| code | class | meaning | CLI exit | HTTP |\n|---|---|---|---|---|\n"
DOC = Path(__file__).resolve().parents[2] / "docs" / "ERRORS.md"


def error_classes() -> list[type[HatescopeError]]:
    """The table: every class of hatescope.errors that defines a code, in code order."""
    found = [c for c in vars(errors).values()
             if isinstance(c, type) and issubclass(c, HatescopeError) and "code" in vars(c)]
    return sorted(found, key=lambda c: c.code)


def _row(cls: type[HatescopeError]) -> str:
    exit_cell = getattr(cls, "exit_shown", None) or str(cls.exit_code)
    http_cell = getattr(cls, "http_shown", None) or str(cls.http_status)
    return f"| {cls.code} | {cls.__name__} | {cls.meaning} | {exit_cell} | {http_cell} |\n"


def markdown_table() -> str:
    return HEADER + "".join(_row(cls) for cls in error_classes())


def table_in(doc: str) -> tuple[int, int]:
    """Where the table of codes lies in ``doc``: from its header line to the end of its last row."""
    start = doc.index(HEADER)
    end = start
    for line in doc[start:].splitlines(keepends=True):
        if not line.startswith("|"):
            break
        end += len(line)
    return start, end


def rewrite(doc: str) -> str:
    start, end = table_in(doc)
    return doc[:start] + markdown_table() + doc[end:]


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        DOC.write_text(rewrite(DOC.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"wrote {DOC}")
    elif not argv:
        sys.stdout.write(markdown_table())
    else:
        print("usage: python -m hatescope.errors_doc [--write]", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
