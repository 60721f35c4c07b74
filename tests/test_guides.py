"""The guides' code runs as written: docs/ADD_A_DETECTOR.md and docs/ADD_A_LANGUAGE.md.

Each guide's ```python blocks run in order, in one namespace, in a temporary folder; a ```text block right
after a python block is the output the guide promises, and must be what the block printed.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
GUIDES = ("ADD_A_DETECTOR.md", "ADD_A_LANGUAGE.md")
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def blocks(markdown: str) -> list[tuple[str, str, str | None]]:
    """(language, code, the output shown right after it or None) for every python block, in order."""
    fenced = [(m.group(1), m.group(2), m.start(), m.end()) for m in _FENCE.finditer(markdown)]
    out = []
    for i, (lang, code, _, end) in enumerate(fenced):
        if lang != "python":
            continue
        nxt = fenced[i + 1] if i + 1 < len(fenced) else None
        shown = nxt[1] if nxt is not None and nxt[0] == "text" and not markdown[end : nxt[2]].strip() else None
        out.append((lang, code, shown))
    return out


def test_blocks_pair_code_with_the_output_shown_after_it() -> None:
    sample = "```python\nprint(1)\n```\n\n```text\n1\n```\nprose\n```python\nx = 2\n```\nmore\n```text\nnot output\n```\n"
    assert blocks(sample) == [("python", "print(1)\n", "1\n"), ("python", "x = 2\n", None)]


@pytest.mark.parametrize("guide", GUIDES)
def test_guide_runs_and_prints_what_it_shows(guide: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = blocks((DOCS / guide).read_text(encoding="utf-8"))
    assert len(found) >= 3 and sum(shown is not None for _, _, shown in found) >= 3
    monkeypatch.chdir(tmp_path)
    # The guides register a detector and declare a label from a module that exists only in this test: keep
    # them out of the process-wide registries, or engines built later (worker processes import every
    # registered detector's module) would look for it.
    from hatescope.labels import catalogue
    from hatescope.registry import detectors

    # The built-in detectors register themselves when their modules are first imported: import them before the
    # copy, or a guide that first imports them would register them only into its own throwaway copy, and the
    # next guide (modules already imported) would find none.
    import hatescope.detect.classifier  # noqa: F401
    import hatescope.detect.multilingual  # noqa: F401
    import hatescope.detect.negated_praise  # noqa: F401
    import hatescope.engine  # noqa: F401

    monkeypatch.setattr(detectors, "_items", dict(detectors._items))
    for field in ("_specs", "_declared_by"):
        monkeypatch.setattr(catalogue, field, dict(getattr(catalogue, field)))
    monkeypatch.setattr(catalogue, "_hateful", None)
    namespace: dict[str, object] = {"__name__": f"guide_{Path(guide).stem.lower()}"}
    for n, (_, code, shown) in enumerate(found, 1):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{guide} block {n}", "exec"), namespace)
        if shown is not None:
            assert printed.getvalue().strip() == shown.strip(), f"{guide}, block {n}"
