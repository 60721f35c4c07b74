"""Rewrite one generated section of a shared doc, leaving every other section as it is.

A section lives between ``<!-- section:NAME -->`` and ``<!-- /section:NAME -->``. Several scripts
(and several people) write docs/PERFORMANCE.md, so the file is re-read right before the write and
only the text between this section's markers changes.
"""

from __future__ import annotations

from pathlib import Path

_HEADER = "# Performance\n\nGenerated sections: each names the command that produced it.\n"


def write_section(path: Path, name: str, body: str, *, title: str | None = None) -> None:
    start, end = f"<!-- section:{name} -->", f"<!-- /section:{name} -->"
    text = path.read_text(encoding="utf-8") if path.exists() else _HEADER
    block = f"{start}\n{body.strip()}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block + tail
    else:
        heading = f"\n## {title or name.capitalize()}\n\n"
        text = text.rstrip("\n") + "\n" + heading + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
