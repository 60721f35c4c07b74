"""Analysis time grows linearly with the length of the text, whatever the text is made of.

Each kind of text is analysed at n and 4n characters; a linear pipeline takes about 4x as long, a
quadratic one 16x. CPU time of this process, best of three, keeps other jobs on the machine out of the
ratio. The engine here has the lexicon and rule detectors (every stage but the learned classifiers,
which score one sentence at a time and are linear by construction), so the checks stay fast.
"""

from __future__ import annotations

import time

import pytest

from hatescope.config import DetectorSpec, EngineConfig
from hatescope.engine import Engine
from hatescope.segment.voices import MAX_QUOTE_DEPTH

SMALL = 4_000
#: Time for 4x the text may be at most this many times the time for the text: linear is 4, quadratic 16.
MAX_RATIO = 9.0

REPORT = (
    "The council met on Tuesday to discuss the housing plan. “We will not leave,” said Ilse Marr, who "
    "leads the tenants. Critics called the plan “a ‘so-called’ fix” and asked what it would cost. "
)
KINDS = {
    "prose": ("post", REPORT),
    "open quote marks": ("post", "“‘"),
    "nested quotes": ("article", "“I told him ‘they are welcome’ and he agreed,” Marr said. “No,” he added.\n\n"),
    "zero-width": ("post", "".join(ch + ("\u200b" if ch.isalpha() else "") for ch in REPORT)),
    "emoji": ("post", "great game 😀🔥👍🏽 the whole 👨‍👩‍👧 came along 🇩🇪 ❤️ "),
    # Many findings and group mentions in one sentence that never ends: every finding's context.
    "run-on hate": ("post", "jews are not welcome here and they said muslims are vermin and "),
    "echo": ("post", "(((them))) "),
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    specs = [DetectorSpec(name="hatescope.lexicon.v1"), DetectorSpec(name="hatescope.negated_praise.v1")]
    eng = Engine(config=EngineConfig(detectors=specs)).load()
    eng.analyze("warm up: lexicons and word lists load once.")
    return eng


def _text(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _cpu(engine: Engine, text: str, kind: str) -> float:
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        engine.analyze(text, kind=kind)
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize("name", sorted(KINDS))
def test_four_times_the_text_takes_about_four_times_as_long(engine, name):
    kind, unit = KINDS[name]
    small = _cpu(engine, _text(unit, SMALL), kind)
    large = _cpu(engine, _text(unit, 4 * SMALL), kind)
    ratio = large / max(small, 1e-3)
    assert ratio < MAX_RATIO, f"{name}: {SMALL:,} chars {small:.3f} s, {4 * SMALL:,} chars {large:.3f} s (x{ratio:.1f})"


def test_unclosed_quote_marks_nest_only_so_deep(engine):
    """“‘“‘… opens a quote at every mark: the voices stop at the depth cap, so the segments (each of which
    carries its own text) stay linear in the length of the text."""
    text = _text("“he said ‘they are ", 20_000)
    analysis = engine.analyze(text)
    quotes = [s for s in analysis.segments if s.kind == "quote"]
    assert quotes, "the quotes are still read as voices"
    assert len(quotes) <= MAX_QUOTE_DEPTH + 1
    assert sum(len(s.text) for s in analysis.segments) <= (MAX_QUOTE_DEPTH + 2) * len(text)


def test_nesting_within_the_cap_is_kept(engine):
    text = "“Marr said ‘they told me “we are leaving” today’ before noon,” Vann wrote."
    depth = [s for s in engine.analyze(text).segments if s.kind == "quote"]
    assert len(depth) == 3
    assert [s.parent is not None for s in depth] == [True, True, True]


def _wrapped(n: int) -> str:
    """A post wrapped in quote marks level after level: “‘“‘…x…’”’” (every level closes)."""
    levels = n // 4
    return "“‘" * levels + "x" + "’”" * levels


def test_quote_marks_wrapped_level_after_level_take_linear_time(engine):
    # Each level used to rebuild the whole quote list and re-check the text around it (87 s at 16,000 chars).
    small = _cpu(engine, _wrapped(SMALL), "post")
    large = _cpu(engine, _wrapped(4 * SMALL), "post")
    ratio = large / max(small, 1e-3)
    assert ratio < MAX_RATIO, f"{SMALL:,} chars {small:.3f} s, {4 * SMALL:,} chars {large:.3f} s (x{ratio:.1f})"
