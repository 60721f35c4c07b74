"""Which paragraph of each antisemitism definition a lexicon finding falls under.

Two definitions are in use and they disagree on some speech about Israel:

* the IHRA working definition (2016) and its eleven examples (``ihra`` = "1".."11");
* the Jerusalem Declaration on Antisemitism (2021), guidelines A1-A5 (general), B6-B10 (Israel and
  Palestine: on the face of it antisemitic) and C11-C15 (on the face of it not antisemitic).

Every antisemitism finding carries both references and both verdicts so the policy file can choose
which definition decides ``hateful`` and the output can show both when they differ
(docs/LEXICONS.md has the table and the reasons).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hatescope.detect.lexicon_files import ANTISEMITISM_DEFAULTS, Entry

#: Short titles of the paragraphs, for reasons shown to moderators.
IHRA_EXAMPLES: dict[str, str] = {
    "1": "calling for, aiding or justifying the killing or harming of Jews",
    "2": "dehumanising, demonising or stereotypical allegations about Jews, or the myth of Jewish power",
    "3": "holding Jews as a people responsible for wrongdoing of one person or group",
    "4": "denying the fact, scope, mechanisms or intentionality of the Holocaust",
    "5": "accusing Jews or Israel of inventing or exaggerating the Holocaust",
    "6": "accusing Jewish citizens of being more loyal to Israel than to their own nations",
    "7": "denying the Jewish people self-determination, e.g. calling Israel's existence a racist endeavour",
    "8": "applying double standards to Israel",
    "9": "using classic antisemitic symbols and images (deicide, blood libel) for Israel or Israelis",
    "10": "comparing contemporary Israeli policy to that of the Nazis",
    "11": "holding Jews collectively responsible for actions of the State of Israel",
}

JDA_GUIDELINES: dict[str, str] = {
    "A1": "essentialising or sweeping negative generalisations about Jews",
    "A2": "linking Jews to the forces of evil: conspiracy, hidden power, control of banks, media, governments",
    "A3": "antisemitic words, images and deeds: stereotypes of wealth, stinginess, disloyalty; violence",
    "A4": "coded antisemitism, e.g. 'the Rothschilds control the world'",
    "A5": "denying or minimising the Holocaust",
    "B6": "applying classic antisemitic symbols, images and stereotypes to the State of Israel",
    "B7": "holding Jews collectively responsible for Israel's conduct, or treating Jews as Israel's agents",
    "B8": "requiring Jews to publicly condemn Israel or Zionism because they are Jewish",
    "B9": "assuming non-Israeli Jews are more loyal to Israel than to their own countries",
    "B10": "denying the right of Jews in Israel to exist and flourish, collectively and individually",
    "C11": "supporting Palestinian demands for justice and rights (not antisemitic on its face)",
    "C12": "criticising or opposing Zionism; arrangements 'between the river and the sea' (not antisemitic on its face)",
    "C13": "evidence-based criticism of Israel, incl. comparisons with settler colonialism or apartheid (not on its face)",
    "C14": "boycott, divestment and sanctions (not antisemitic in and of themselves)",
    "C15": "political speech need not be measured or proportional (not antisemitic in and of itself)",
}

#: Calls for violence against the State of Israel are read as against the Jews living there.
_STATE_DEFAULTS: dict[tuple[str, str], tuple[str, str]] = {
    ("israel", "incitement"): ("7", "B10"),
    ("israel", "threat"): ("7", "B10"),
}


@dataclass(frozen=True)
class Classification:
    ihra: str | None
    jda: str | None
    ihra_verdict: str
    jda_verdict: str

    @property
    def definitions_differ(self) -> bool:
        return self.ihra_verdict != self.jda_verdict

    def meta(self) -> dict[str, Any]:
        return {
            "ihra": self.ihra,
            "jda": self.jda,
            "ihra_verdict": self.ihra_verdict,
            "jda_verdict": self.jda_verdict,
            "ihra_text": IHRA_EXAMPLES.get(self.ihra or "", ""),
            "jda_text": JDA_GUIDELINES.get(self.jda or "", ""),
            "definitions_differ": self.definitions_differ,
        }


def default_verdict(jda: str | None) -> str:
    """The JDA's own reading of its sections: A and B on their face antisemitic, C on its face not."""
    if jda is None:
        return "contested"
    return "not_antisemitic" if jda.startswith("C") else "antisemitic"


def classify(entry: Entry, target: str | None) -> Classification | None:
    """The IHRA/JDA paragraphs for a match of ``entry`` aimed at ``target``; None if not antisemitism."""
    explicit = entry.ihra is not None or entry.jda is not None or "antisemitism" in entry.labels
    if explicit:
        ihra, jda = entry.ihra, entry.jda
        if ihra is None or jda is None:
            d_ihra, d_jda = ANTISEMITISM_DEFAULTS.get(entry.category, ("2", "A1"))
            ihra, jda = ihra or d_ihra, jda or d_jda
    elif target == "jews" and entry.category in ANTISEMITISM_DEFAULTS:
        ihra, jda = ANTISEMITISM_DEFAULTS[entry.category]
    elif target is not None and (target, entry.category) in _STATE_DEFAULTS:
        ihra, jda = _STATE_DEFAULTS[(target, entry.category)]
    else:
        return None
    return Classification(
        ihra=ihra,
        jda=jda,
        ihra_verdict=entry.ihra_verdict or "antisemitic",
        jda_verdict=entry.jda_verdict or default_verdict(jda),
    )


__all__ = ["Classification", "IHRA_EXAMPLES", "JDA_GUIDELINES", "classify", "default_verdict"]
