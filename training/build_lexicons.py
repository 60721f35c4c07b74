"""Build the generated lexicon files from public glossaries.

    python training/build_lexicons.py [--data DIR]

Writes ``src/hatescope/data/lexicons/dogwhistles.toml`` and ``chandra2021.toml``.

* dogwhistles/glossary.tsv (Mendelsohn et al., ACL 2023; MIT licence, Copyright (c) 2023 Julia
  Mendelsohn): only entries whose persona is a hateful one (antisemitic, racist, white supremacist,
  Islamophobic, transphobic, anti-LGBTQ, anti-Latino ...) AND that are listed in ``CURATED`` below.
  Most glossary entries are ordinary political vocabulary ("tax cuts", "law and order", "public
  school") whose coded reading depends on the speaker; matching them would flag everyday speech, so
  they are left out. The meanings are ours; the glossary only supplies terms and spellings.
* chandra2021-antisemitism/Lexicon_List.txt (Chandra et al. 2021, no licence stated): the list
  the authors used to collect tweets. Neutral words (Torah, rabbi, Israel, Jews...) are group names,
  not hate: they are left to groups.toml. Slurs and tropes get entries with our own meanings.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hatescope.evaluation import default_data_dir  # noqa: E402

OUT = ROOT / "src" / "hatescope" / "data" / "lexicons"
VERSION = "2026.12.2"
HATEFUL_PERSONAS = {
    "antisemitic", "racist", "white supremacist", "Islamophobic", "transphobic", "homophobic",
    "anti-LGBTQ", "anti-Latino", "anti-Asian", "xenophobic", "misogynistic",
}
A = ["jews"]

# name in glossary -> entry fields. "drop" removes surface forms too ambiguous to match alone.
# Keys: cat, score, meaning; optional targets, requires_target, drop, context_any, untargeted_score, ihra, jda, labels.
CURATED: dict[str, dict] = {
    # --- antisemitic, hateful on their own
    "6MWE": dict(cat="glorification", targets=A, score=0.95, labels=["hate", "coded_language"], ihra="1", jda="A3",
                 meaning="Wishes the Holocaust had killed more Jews."),
    "Zionist Occupation Government": dict(cat="conspiracy", targets=A, score=0.85, labels=["coded_language"],
                                          meaning="Claims Jews secretly run the government."),
    "the goyim know": dict(cat="conspiracy", targets=A, score=0.85, drop=["shut it down"], labels=["coded_language"],
                           meaning="Meme mocking Jews as fearing exposure of their supposed plot."),
    "Zioworld": dict(cat="conspiracy", targets=A, score=0.8, labels=["coded_language"],
                     meaning="Coined word for a world supposedly run by Jews."),
    "Kalergi Plan": dict(cat="conspiracy", targets=A, score=0.85, labels=["coded_language"],
                         meaning="Conspiracy myth that Jews plan to replace Europeans through migration."),
    "Holocauster": dict(cat="coded_language", targets=A, score=0.8, meaning="Mocking label for Jews tied to Holocaust denial."),
    "kosherist": dict(cat="coded_language", targets=A, score=0.8, meaning="Coded label for Jews."),
    "loxism": dict(cat="coded_language", targets=A, score=0.75, meaning="Coined claim that Jews hate non-Jews."),
    "Jwoke": dict(cat="coded_language", targets=A, score=0.8, drop=["JQ"], meaning="Self-label of people obsessed with 'the Jewish question'."),
    "noticer": dict(cat="coded_language", targets=A, score=0.6, drop=["noticer", "noticers"],
                    meaning="Self-label of people who 'notice' a supposed Jewish conspiracy."),
    "countersemite": dict(cat="coded_language", targets=A, score=0.8, meaning="Euphemistic self-label for an antisemite."),
    "who nose?": dict(cat="stereotype", targets=A, score=0.8, meaning="Pun on a big-nose caricature implying a Jew is behind something."),
    "nose check": dict(cat="stereotype", targets=A, score=0.75, meaning="Big-nose caricature used to imply someone is Jewish."),
    "every single time": dict(cat="conspiracy", targets=A, score=0.5, drop=["E.S.T", "EST", "every single time"],
                              meaning="Meme claiming Jews are behind every problem."),
    "coincidence": dict(cat="conspiracy", targets=A, score=0.8, drop=["coincidence", "coincidences"],
                        meaning="Pun ('Cohencidence') implying Jews are behind events."),
    "fellow white people": dict(cat="coded_language", targets=A, score=0.5, drop=["as a white person"],
                                meaning="Mocks Jews as pretending to be white to manipulate others."),
    "triple parentheses": dict(cat="coded_language", targets=A, score=0.8, drop=["echo", "triple parentheses", "triple brackets", "the echo sign"],
                               meaning="The (((echo))) that marks a name as Jewish for harassment."),
    "open borders for Israel": dict(cat="conspiracy", targets=A, score=0.6, labels=["coded_language"],
                                    meaning="Claims Jews push migration on other nations but not on Israel."),
    "Khazars": dict(cat="coded_language", score=0.6, requires_target=True,
                    context_any=["fake", "impostor", "impostors", "not semites", "not real", "zionist", "zionists", "israel"],
                    meaning="Myth that Jews descend from Khazars, used to deny Jewish ties to Israel."),
    "rootless cosmopolitan": dict(cat="coded_language", targets=A, score=0.75, meaning="Stalin-era smear for Jews as disloyal and without a homeland."),
    "Shlomo": dict(cat="coded_language", targets=A, score=0.5, meaning="Stock Jewish name used as a sneer for any Jew."),
    "shekels": dict(cat="stereotype", score=0.7, requires_target=True, untargeted_score=0.0,
                    meaning="Jews as greedy, money in the form of the Israeli currency."),
    # --- antisemitic, need a group or a trope word in the sentence
    "cabal": dict(cat="conspiracy", score=0.7, requires_target=True, context_any=["jewish", "zionist", "banking", "rothschild", "control", "controls"],
                  meaning="A secret group said to rule the world; coded for Jews."),
    "globalist": dict(cat="conspiracy", score=0.6, requires_target=True,
                      context_any=["control", "controls", "controlled", "puppet", "puppets", "cabal", "replace", "replacement",
                                   "parasites", "vermin", "banks", "media", "agenda", "destroy", "invasion", "white", "nwo"],
                      # Trade and economics use the word plainly ("globalist trade policy", "the globalist agenda of
                      # the 1990s cut tariffs"): there it needs the conspiracy's own words to count.
                      innocent_context=["trade", "tariff", "tariffs", "economy", "economic", "economics", "economist",
                                        "economists", "market", "markets", "free trade", "exports", "imports", "wages",
                                        "supply chain", "supply chains", "outsourcing", "protectionist", "protectionism",
                                        "wto", "nafta", "gdp", "manufacturing", "investment", "offshoring"],
                      hostile_context=["control", "controls", "controlled", "puppet", "puppets", "cabal", "replace",
                                       "replacement", "parasites", "vermin", "destroy", "invasion", "nwo", "jews",
                                       "jewish", "zionist", "zionists", "rothschild", "rothschilds", "soros", "elites",
                                       "bloodsuckers", "scum", "traitors"],
                      meaning="'Globalists' as a stand-in for Jews said to scheme against nations."),
    "cultural Marxism": dict(cat="conspiracy", score=0.5, requires_target=True, untargeted_score=0.35,
                             meaning="Conspiracy myth that Jewish intellectuals plot to destroy Western culture."),
    "cultural Marxists": dict(cat="conspiracy", score=0.5, requires_target=True, untargeted_score=0.35,
                              meaning="People said to be part of the 'cultural Marxism' plot."),
    "Rothschilds": dict(cat="conspiracy", score=0.7, requires_target=True,
                        context_any=["control", "controls", "own", "owns", "run", "runs", "puppet", "world", "behind", "cabal", "funded"],
                        meaning="A Jewish banking family used as shorthand for a Jewish money conspiracy."),
    "George Soros": dict(cat="conspiracy", score=0.55, requires_target=True,
                         context_any=["puppet", "puppets", "puppet master", "controls", "funded", "funding", "funds", "behind",
                                      "globalist", "agenda", "invasion", "replacement", "open borders"],
                         meaning="A Jewish financier cast as secret puppet master."),
    "international bankers": dict(cat="conspiracy", score=0.65, requires_target=True, context_any=["control", "controls", "war", "wars", "behind", "puppet"],
                                  drop=["international banks"], meaning="Bankers as stand-ins for Jews controlling money."),
    "banksters": dict(cat="conspiracy", score=0.5, requires_target=True, context_any=["jewish", "zionist", "rothschild", "control", "controls"],
                      meaning="Bankers as stand-ins for Jews controlling money."),
    "controlled media": dict(cat="conspiracy", score=0.65, requires_target=True, meaning="Claims that Jews control the media."),
    "puppet masters": dict(cat="conspiracy", score=0.7, requires_target=True, meaning="Jews cast as secretly controlling others."),
    "string puller": dict(cat="conspiracy", score=0.7, requires_target=True, meaning="Jews cast as secretly controlling others."),
    # --- racist / white supremacist
    "1488": dict(cat="coded_language", targets=[], score=0.85, drop=["88", "HH"], labels=["coded_language", "hate"],
                 meaning="Neo-Nazi number code for the '14 words' and 'Heil Hitler'."),
    "23/16": dict(cat="coded_language", score=0.7, drop=["16/23", "1623", "2316"], labels=["coded_language", "hate"],
                  meaning="Number code for 'White Power'."),
    "RaHoWa": dict(cat="incitement", score=0.9, labels=["incitement", "coded_language"], meaning="'Racial holy war': a call to race war."),
    "RWDS": dict(cat="incitement", score=0.85, labels=["incitement", "coded_language"], meaning="'Right-wing death squads': a call to kill opponents."),
    "free helicopter rides": dict(cat="incitement", score=0.8, drop=["helicopter rides"], labels=["incitement", "coded_language"],
                                  meaning="Joke about throwing opponents out of helicopters, after Pinochet's death flights."),
    "Boogaloo": dict(cat="incitement", score=0.6, requires_target=True, drop=["the Hawaiian shirt"],
                     context_any=["war", "civil war", "race war", "guns", "kill"], labels=["incitement", "coded_language"],
                     meaning="Code for a coming civil or race war."),
    "did you see Kyle?": dict(cat="coded_language", score=0.6, meaning="Play on 'Sieg Heil'."),
    "Sonnenrad": dict(cat="coded_language", score=0.6, drop=["☸️", "Sunwheel", "Black Sun"], labels=["coded_language", "hate"],
                      meaning="The SS 'black sun' symbol."),
    # A run of the same emoji is read once (normalize.emoji_names): "⚡⚡" reads as one "⚡" (storms, electricity, a
    # charged phone), so the SS runes count only aimed at a group.
    "two lightning bolt emojis": dict(cat="coded_language", score=0.6, requires_target=True,
                                      drop=["doubled lightning emoji", "two lightning bolt emojis"],
                                      labels=["coded_language", "hate"], meaning="Emoji version of the SS runes."),
    "it's okay to be white": dict(cat="coded_language", score=0.5, meaning="White-supremacist slogan from a 4chan campaign."),
    "race realism": dict(cat="coded_language", score=0.6, drop=["HBD", "scientific racism"], labels=["coded_language", "hate"],
                         meaning="Pseudo-science claiming races differ in worth."),
    "Amerimutt": dict(cat="coded_language", score=0.6, drop=["56%", "La Creatura", "Der Untermensch"], meaning="Sneer that Americans are not 'pure' white."),
    "dindu": dict(cat="slur", targets=["black_people"], score=0.85, meaning="Mock-dialect slur for Black people as criminals."),
    "dindu nuffin": dict(cat="slur", targets=["black_people"], score=0.85, meaning="Mock-dialect slur for Black people as criminals."),
    "bix nood": dict(cat="slur", targets=["black_people"], score=0.8, meaning="Mock-dialect slur mocking Black people."),
    "nibba": dict(cat="slur", targets=["black_people"], score=0.7, meaning="Disguised spelling of the N-word."),
    "we wuz kangz": dict(cat="stereotype", targets=["black_people"], score=0.75, meaning="Mock-dialect sneer at Black history."),
    "gibsmedat": dict(cat="stereotype", targets=["black_people"], score=0.75, drop=["gibs"], meaning="Mock-dialect stereotype of Black people as living on handouts."),
    "13%": dict(cat="coded_language", targets=["black_people"], score=0.7, drop=["13%"], labels=["coded_language", "hate"],
                meaning="Racist crime-statistics meme about Black Americans."),
    "welfare queen": dict(cat="stereotype", targets=["black_people"], score=0.55, meaning="Stereotype of Black women as cheating welfare."),
    "superpredators": dict(cat="stereotype", targets=["black_people"], score=0.5, meaning="Stereotype of Black youth as violent criminals."),
    "coal burner": dict(cat="slur", targets=["women"], score=0.8, meaning="Slur for white women with Black partners."),
    # --- Islamophobic / anti-immigrant
    "Remove Kebab": dict(cat="incitement", targets=["muslims"], score=0.85, drop=["Serbia Strong", "Dat Face Soldier"],
                         labels=["incitement", "coded_language"], meaning="Meme from the Bosnian genocide calling to kill Muslims."),
    "culture enricher": dict(cat="coded_language", targets=["muslims"], score=0.65, meaning="Sarcastic label for Muslim migrants as a menace."),
    "cultural enrichment": dict(cat="coded_language", score=0.55, requires_target=True, meaning="Sarcasm about migrants bringing crime."),
    "Deus Vult": dict(cat="coded_language", score=0.45, meaning="Crusader cry used as anti-Muslim signal."),
    "anchor babies": dict(cat="stereotype", targets=["immigrants"], score=0.6, meaning="Children of migrants cast as a ploy to gain residence."),
    # --- anti-LGBTQ / transphobic
    "groomers": dict(cat="stereotype", score=0.75, requires_target=True, meaning="Casts LGBTQ people as child abusers."),
    "troon": dict(cat="slur", targets=["trans_people"], score=0.85, meaning="Slur for trans people."),
    "YWNBAW": dict(cat="coded_language", targets=["trans_people"], score=0.75, labels=["coded_language", "hate"],
                   meaning="'You will never be a woman': harassment of trans women."),
    "autogynephile": dict(cat="stereotype", targets=["trans_people"], score=0.55, drop=["AGP", "AGPs"],
                          meaning="Casts trans women as men with a sexual fetish."),
    "Trans Identified Male": dict(cat="coded_language", targets=["trans_people"], score=0.5, drop=["TIM", "TIMs"],
                                  meaning="Label denying that trans women are women."),
    "Trans Identified Female": dict(cat="coded_language", targets=["trans_people"], score=0.5, drop=["TIF", "TIFs"],
                                    meaning="Label denying that trans men are men."),
    "womanface": dict(cat="stereotype", targets=["trans_people"], score=0.55, meaning="Casts trans womanhood as a costume."),
}

# Chandra et al.'s collection lexicon: which lines are slurs/tropes (ours to explain), the rest are group names.
CHANDRA: dict[str, dict] = {
    "kike": dict(cat="slur", score=0.9, meaning="Slur for Jews."),
    "christ killer": dict(cat="stereotype", score=0.85, ihra="2", jda="A2", meaning="Deicide myth blaming Jews for Jesus' death."),
    "jesus killer": dict(cat="stereotype", score=0.85, ihra="2", jda="A2", meaning="Deicide myth blaming Jews for Jesus' death."),
    "morta cristo": dict(cat="stereotype", score=0.8, ihra="2", jda="A2", meaning="Deicide myth, in Italian/Spanish."),
    "bible shortener": dict(cat="slur", score=0.8, meaning="Slur for Jews as rejecting the New Testament."),
    "falasha": dict(cat="slur", score=0.5, meaning="Derogatory exonym for Ethiopian Jews (Beta Israel)."),
    "kosher konsumer": dict(cat="slur", score=0.75, meaning="Slur for Jews."),
    "koshie": dict(cat="slur", score=0.75, meaning="Slur for Jews."),
    "snipcock": dict(cat="slur", score=0.85, meaning="Slur for Jews, mocking circumcision."),
    "jewbrew": dict(cat="slur", score=0.75, meaning="Slur punning on Jew and Hebrew."),
    "hebro": dict(cat="slur", score=0.6, meaning="Slur punning on Hebrew."),
    "jew yorker": dict(cat="slur", score=0.75, meaning="Slur for Jewish New Yorkers."),
    "jewmaican": dict(cat="slur", score=0.75, meaning="Slur for Jews."),
    "jewpidity": dict(cat="slur", score=0.75, meaning="Pun mocking Jews as stupid."),
    "hooknose": dict(cat="stereotype", score=0.85, meaning="Big-nose caricature of Jews."),
    "pinocchio": dict(cat="stereotype", score=0.7, requires_target=True, meaning="Caricature of Jews as long-nosed liars."),
    "penny pincher": dict(cat="stereotype", score=0.75, requires_target=True, meaning="Stereotype of Jews as stingy."),
    "penny chaser": dict(cat="stereotype", score=0.75, requires_target=True, meaning="Stereotype of Jews as greedy."),
    "nickel nose": dict(cat="stereotype", score=0.8, meaning="Slur combining greed and nose caricatures."),
    "jewish money": dict(cat="conspiracy", score=0.7, ihra="2", jda="A2", meaning="Myth of collective Jewish financial power."),
    "jewish controlled": dict(cat="conspiracy", score=0.8, ihra="2", jda="A2", meaning="Myth that Jews control institutions."),
    "zog": dict(cat="conspiracy", score=0.85, ihra="2", jda="A2", meaning="'Zionist Occupied Government': Jews secretly run the state."),
}
EXTRA_SLUR_FORMS = {"kike": ["kikes", "k1ke"], "hooknose": ["hook nose", "hooknosed"], "christ killer": ["christ killers"]}
_GROUP_WORDS = ("jews ", "jewish ", "jew ")


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(float(v))
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return toml_str(str(v))


def write(path: Path, header: dict, entries: list[dict], comment: str) -> None:
    lines = [f"# {line}" if line else "#" for line in comment.strip().splitlines()]
    lines += ["", "[lexicon]"] + [f"{k} = {toml_value(v)}" for k, v in header.items()]
    for e in entries:
        lines += ["", "[[entry]]"] + [f"{k} = {toml_value(v)}" for k, v in e.items() if v not in (None, [], "")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _entry(eid: str, term: str, variants: list[str], spec: dict, source: str) -> dict:
    cat = spec["cat"]
    targets = spec.get("targets", [])
    e = {"id": eid, "term": term, "variants": [v for v in variants if v.lower() != term.lower()], "category": cat,
         "inflect": "none", "targets": targets, "requires_target": bool(spec.get("requires_target", False)),
         "context_any": spec.get("context_any", []), "score": spec["score"],
         "untargeted_score": spec.get("untargeted_score", 0.0) or None, "labels": spec.get("labels", []),
         "ihra": spec.get("ihra"), "jda": spec.get("jda"), "target_groups": spec.get("target_groups", []),
         "meaning": spec["meaning"], "source": source}
    for key in ("innocent_context", "hostile_context"):
        if spec.get(key):
            e[key] = spec[key]
    if e["requires_target"]:
        e["targets"] = []
    return e


def build_dogwhistles(data: Path) -> tuple[list[dict], list[str]]:
    rows = list(csv.DictReader((data / "dogwhistles" / "glossary.tsv").open(encoding="utf-8"), delimiter="\t"))
    entries, skipped = [], []
    for r in rows:
        name, persona = r["Dogwhistle"].strip(), r["Persona/In-Group"].strip()
        spec = CURATED.get(name)
        if persona not in HATEFUL_PERSONAS or spec is None:
            skipped.append(f"{name} ({persona}; {r['Type']})")
            continue
        drop = {d.lower() for d in spec.get("drop", [])}
        forms = [f.strip() for f in r["Surface Forms"].replace(",", ";").split(";")]
        forms = [f.rstrip("?!.") for f in forms]  # "who nose?" is also written without the question mark
        forms = [f for f in forms if f and f.lower() not in drop and not f.lower().endswith("emoji")]
        if not forms:
            skipped.append(f"{name} (every surface form too ambiguous)")
            continue
        spec = dict(spec)
        if persona == "antisemitic":
            # Antisemitic by the glossary's reading: name the IHRA/JDA paragraph, and accept only Jews
            # (or their proxies) as the target of entries that need one.
            spec.setdefault("ihra", "2")
            spec.setdefault("jda", "A4" if spec["cat"] == "coded_language" else "A2")
            if spec.get("requires_target"):
                spec["target_groups"] = ["jews"]
            elif "targets" not in spec:
                spec["targets"] = ["jews"]
        slug = "".join(ch if ch.isalnum() else "_" for ch in name.lower()).strip("_")
        src = (f"dogwhistles glossary (Mendelsohn et al. 2023, MIT), entry '{name}', persona {persona}, "
               f"type '{r['Type']}'; meaning written by hatescope maintainers")
        entries.append(_entry(f"dw.{slug}", forms[0], forms[1:], spec, src))
    missing = sorted(set(CURATED) - {r["Dogwhistle"].strip() for r in rows})
    if missing:
        raise SystemExit(f"curated names not in the glossary: {missing}")
    return entries, skipped


def build_chandra(data: Path) -> tuple[list[dict], list[str]]:
    lines = [ln.strip() for ln in (data / "chandra2021-antisemitism" / "Lexicon_List.txt").open(encoding="utf-8")]
    variants: dict[str, list[str]] = {k: list(EXTRA_SLUR_FORMS.get(k, [])) for k in CHANDRA}
    group_names: list[str] = []
    for ln in dict.fromkeys(x.lower() for x in lines if x):
        base = ln
        for w in _GROUP_WORDS:  # "jews penny pincher" -> trope "penny pincher" aimed at Jews
            if ln.startswith(w) and ln[len(w):] in CHANDRA:
                base = ln[len(w):]
                variants[base].append(ln)
        if base not in CHANDRA:
            group_names.append(ln)
        elif base == ln:
            variants[base].append(ln)
    src = "chandra2021 antisemitism collection lexicon (Chandra et al. 2021, no licence stated); meaning written by hatescope maintainers"
    entries = []
    for term, spec in CHANDRA.items():
        spec = dict(spec)
        if not spec.get("requires_target"):
            spec["targets"] = ["jews"]
        slug = term.replace(" ", "_")
        e = _entry(f"ch.{slug}", term, sorted(set(variants[term]) - {term}), spec, src)
        e["inflect"] = "noun"
        if e["requires_target"]:
            e["target_groups"] = ["jews"]
        entries.append(e)
    return entries, group_names


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=default_data_dir())
    args = ap.parse_args(argv)
    dw, skipped = build_dogwhistles(args.data)
    write(OUT / "dogwhistles.toml",
          {"name": "dogwhistles", "version": VERSION, "description": "Curated coded terms from the dogwhistles glossary",
           "source": "juliamendelsohn/dogwhistles@a0b33572 data/glossary.tsv, MIT licence (c) 2023 Julia Mendelsohn"},
          dw, "Generated by training/build_lexicons.py - do not edit by hand; edit CURATED there.\n"
              f"{len(dw)} of the glossary's entries; {len(skipped)} left out (ordinary vocabulary or other personas).")
    ch, names = build_chandra(args.data)
    write(OUT / "chandra2021.toml",
          {"name": "chandra2021", "version": VERSION, "description": "Antisemitic slurs and tropes from the Chandra et al. 2021 lexicon",
           "source": "mohit3011/Online-Antisemitism-Detection-Using-MultimodalDeep-Learning@3c0826b8 'Lexicon List.txt'"},
          ch, "Generated by training/build_lexicons.py - do not edit by hand.\n"
              f"Neutral collection keywords left to groups.toml: {', '.join(names)}")
    print(f"dogwhistles.toml: {len(dw)} entries ({len(skipped)} glossary entries skipped)")
    print(f"chandra2021.toml: {len(ch)} entries; neutral keywords not used as hate terms: {len(names)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
