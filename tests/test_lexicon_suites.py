"""The "coded" and "antisemitism" eval suites run and meet the issue's targets."""

from __future__ import annotations

import pytest

from hatescope.evaluation import default_data_dir, suites


def test_coded_suite_meets_targets() -> None:
    from hatescope.evaluation import coded

    cases = coded.load_cases()
    assert len(cases) >= 150
    assert sum(c.innocent for c in cases) >= 50
    m = coded.run(cases)
    assert m["accuracy"] >= 0.90
    assert m["innocent_not_flagged"] >= 0.95
    assert suites.get("coded") is coded.coded_suite


@pytest.mark.datasets
def test_antisemitism_suite_on_a_slice() -> None:
    from hatescope.evaluation import antisemitism

    if not (default_data_dir() / "isca-antisemitism-twitter").is_dir():
        pytest.skip("../shared/data/isca-antisemitism-twitter not available")
    m = antisemitism.run(limit=300)
    r = m["results"]["all|lexicon (IHRA)"]
    assert r["n"] == 300 and 0.0 <= r["f1"] <= 1.0
    assert suites.get("antisemitism") is antisemitism.antisemitism_suite


def test_prf() -> None:
    from hatescope.evaluation.antisemitism import prf

    r = prf([True, True, False, False], [True, False, True, False])
    assert (r["precision"], r["recall"], r["f1"]) == (0.5, 0.5, 0.5)
