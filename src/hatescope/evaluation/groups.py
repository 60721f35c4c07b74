"""Which target groups a text mentions, for per-group false-positive rates in evaluations.

A deliberately plain keyword list (not the runtime target finder, which other stages tune): the
evaluation must stay fixed while the detectors change.
"""

from __future__ import annotations

import re

GROUP_PATTERNS: dict[str, str] = {
    "Jews": r"jew|jewish|judaism|rabbi|synagogue",
    "Muslims": r"muslim|moslem|islam|islamic|mosque|quran|koran",
    "Black people": r"black (?:people|person|man|men|woman|women|folks?|community)|blacks|african[- ]american",
    "Women": r"women|woman|girls?|females?|ladies",
    "Gay people": r"gay|gays|lesbians?|homosexuals?|lgbt\w*|queer",
    "Trans people": r"trans|transgender|transgenders|trans (?:people|women|men)",
    "Immigrants": r"immigrants?|migrants?|refugees?|asylum seekers?|illegals",
    "Arabs": r"arabs?|arabic",
    "Asians": r"asians?|chinese|japanese|koreans?",
    "Hispanic/Latino": r"hispanics?|latinos?|latinas?|latinx|mexicans?",
    "Disabled people": r"disabled|disability|disabilities|autistic|wheelchair",
}
_COMPILED = {g: re.compile(rf"\b(?:{p})\b", re.IGNORECASE) for g, p in GROUP_PATTERNS.items()}


def groups_mentioned(text: str) -> list[str]:
    return [g for g, rx in _COMPILED.items() if rx.search(text)]
