"""Error codes are stable, unique per error class, and every code the package raises is documented."""

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"""(?:code\s*=\s*|_UNAVAILABLE\s*=\s*)["'](HS\d{3})["']""")
CLASS_CODE = re.compile(r"""^    code = ["'](HS\d{3})["']\s*$""", re.M)  # class attributes only


def _sources():
    return [p.read_text(encoding="utf-8") for p in (ROOT / "src" / "hatescope").rglob("*.py")]


def test_every_code_raised_is_documented():
    documented = set(re.findall(r"^\| (HS\d{3}) \|", (ROOT / "docs" / "ERRORS.md").read_text(), re.M))
    used = {c for src in _sources() for c in CODE.findall(src)}
    assert used, "no codes found: the pattern is wrong"
    assert used <= documented, f"undocumented codes: {sorted(used - documented)}"


def test_no_two_error_classes_share_a_code():
    counts = Counter(c for src in _sources() for c in CLASS_CODE.findall(src))
    assert [c for c, n in counts.items() if n > 1] == []
