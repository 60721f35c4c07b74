"""Load and validate the versioned lexicon data files in ``hatescope/data/lexicons``.

Two kinds of file:

* ``groups.toml`` — ``[[group]]`` tables: who a text can be about (protected groups, coded
  proxies, states), read by :mod:`hatescope.detect.targets`.
* every other ``*.toml`` — ``[[entry]]`` tables: coded terms, dehumanising metaphors, calls to
  violence, slurs... read by :mod:`hatescope.detect.lexicon`.

Each file starts with a ``[lexicon]`` table carrying ``name`` and ``version``; the detector reports
them so an analysis records which word lists produced it. A bad file raises ``LexiconError``
(HS202) naming the file and the entry, never a bare KeyError.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from hatescope.normalize import fold_term
from hatescope.errors import LexiconError
from hatescope.detect import lexicon_roles, lexicon_senses
from hatescope.detect.inflection import inflect
from hatescope.detect.lexicon_vocab import (  # noqa: F401 - re-exported for the modules that read entries
    ANTISEMITISM_DEFAULTS, ANY_LANGUAGE, CATEGORY_LABELS, DEFAULT_LANGUAGES, IHRA_EXAMPLES, INFLECTIONS,
    JDA_GUIDELINES, TARGET_KINDS, VERDICTS, _LANGUAGE_TAG)


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: a term, its spellings, what it means and when it is hateful."""

    id: str
    term: str
    category: str
    meaning: str
    source: str
    variants: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    #: Groups the term is about on its own ("jews" for a Jewish slur); empty when it needs a target.
    targets: tuple[str, ...] = ()
    #: Hateful only when a group mention (doc.mentions) is in the same sentence.
    requires_target: bool = False
    #: Mention kinds that satisfy ``requires_target`` (a state for "wipe X off the map").
    target_kinds: tuple[str, ...] = ("people", "proxy")
    #: If set, only mentions of these groups count as a target ("like the Nazis" only about Israel/Jews).
    target_groups: tuple[str, ...] = ()
    #: Where the group must stand beside the words (:mod:`hatescope.detect.lexicon_roles`): "object" ("I hate X"),
    #: "subject" ("X make me sick"), or "" (anywhere in the sentence).
    target_role: str = ""
    #: Who must say the words: "first_person" (the writer: "I", "we") or "" (anyone).
    subject: str = ""
    #: Words that also make the context hateful (e.g. "control" for "globalists").
    context_any: tuple[str, ...] = ()
    score: float = 0.8
    #: Score when a ``requires_target`` entry has no target in scope; 0 drops the match.
    untargeted_score: float = 0.0
    inflect: str = "noun"
    #: An English word that is ordinary in other languages ("negro" is "black" in Spanish and Portuguese):
    #: matched only in text that reads as English (hatescope.ingest.language), even when the language
    #: guess is unsure. Implies ``languages = ["en"]``.
    english_only: bool = False
    #: The languages the entry's words belong to (BCP-47 primary subtags), or ``ANY_LANGUAGE``: the entry
    #: is skipped in a sentence or document confidently in another language (docs/LEXICONS.md, "Languages").
    languages: tuple[str, ...] = ("en",)
    #: Matched only where the sentence, or else the post, is confidently in one of ``languages`` (not on an unsure
    #: guess): for romanised Hindi and Arabizi, whose posts are often guessed unsure and then judged with the
    #: English context cues, which would read counter-speech in them as the writer's own words.
    confident_language: bool = False
    #: Phrases holding the term in which it has an innocent sense ("spic and span", "chink in the armour"):
    #: a match inside one of them is no match.
    innocent_phrases: tuple[str, ...] = ()
    #: Words that, in the same sentence, signal the innocent sense ("cigarette" for "fag", "gearbox" for
    #: "tranny", "equation" for "final solution"): the match is dropped unless the sentence is hostile
    #: (one of ``hostile_context``, or, when that is empty, a person or group aimed at besides the term).
    innocent_context: tuple[str, ...] = ()
    hostile_context: tuple[str, ...] = ()
    #: A slur a community reclaims: a writer naming themselves with it ("us dykes on bikes") is no attack.
    reclaimable: bool = False
    #: The ordinary senses of its spellings and the words that mark them ("kaffir lime", "Maine Coon").
    senses: tuple[lexicon_senses.Sense, ...] = ()
    ihra: str | None = None
    jda: str | None = None
    jda_verdict: str | None = None
    ihra_verdict: str | None = None
    file: str = ""

    def __post_init__(self) -> None:
        if not self.labels and self.category in CATEGORY_LABELS:
            object.__setattr__(self, "labels", CATEGORY_LABELS[self.category])

    def surface_forms(self) -> list[str]:
        """Every spelling to match: term, variants and their inflections, folded as the text is normalised."""
        forms: list[str] = []
        for spelling in (self.term, *self.variants):
            # Fold like the text (leetspeak, homoglyphs, accents) so "k1ke"/"Ärger" variants can match at all.
            for base in fold_spellings(spelling):
                forms.extend(inflect(base, self.inflect))
        return list(dict.fromkeys(forms))

    def in_language(self, language: str) -> bool:
        """Whether the entry belongs to ``language`` (a primary subtag)."""
        return ANY_LANGUAGE in self.languages or language in self.languages


@dataclass(frozen=True)
class Group:
    id: str
    category: str
    terms: tuple[str, ...]
    kind: str = "people"
    protected: bool = True
    #: For a proxy: the group it stands for.
    refers_to: str | None = None

    @property
    def target(self) -> str:
        return self.refers_to or self.id


@dataclass(frozen=True)
class LexiconFile:
    name: str
    version: str
    path: str
    entries: tuple[Entry, ...] = ()
    groups: tuple[Group, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    files: tuple[LexiconFile, ...] = field(default_factory=tuple)

    @property
    def entries(self) -> list[Entry]:
        return [e for f in self.files for e in f.entries]

    @property
    def groups(self) -> list[Group]:
        return [g for f in self.files for g in f.groups]

    @property
    def version(self) -> str:
        """One string naming every file and its version, e.g. ``antisemitism@2026.11.1+...``."""
        return "+".join(f"{f.name}@{f.version}" for f in sorted(self.files, key=lambda f: f.name))


def fold_spellings(term: str) -> list[str]:
    """The forms a term takes in normalised text. A word of Cyrillic (or Greek) letters that all look like Latin
    ones ("рак", "мусор") is folded to Latin when it stands alone, as in a short post, but stays as written in
    a sentence of its own script: both forms are kept."""
    return list(_folded_spellings(term))


@lru_cache(maxsize=None)  # every load folds each spelling again (the speller's, the detector's): ~0.2 s a process
def _folded_spellings(term: str) -> tuple[str, ...]:
    folded = " ".join(fold_term(term).split())
    plain = " ".join(unicodedata.normalize("NFKC", term).lower().split())
    if folded and plain != folded and _latin_letters(folded) and not _latin_letters(plain):
        return folded, plain
    return (folded,) if folded else ()


def _latin_letters(text: str) -> bool:
    return any("a" <= ch <= "z" for ch in text)


def data_dir() -> Path:
    return Path(str(resources.files("hatescope") / "data" / "lexicons"))


def default_paths() -> list[Path]:
    return sorted(data_dir().glob("*.toml"))


def load(paths: Iterable[str | Path] | None = None) -> Lexicon:
    """Read and validate lexicon files (default: every file shipped with hatescope)."""
    files = [read_file(Path(p)) for p in (paths if paths is not None else default_paths())]
    seen: dict[str, str] = {}
    for f in files:
        for e in f.entries:
            if e.id in seen:
                raise LexiconError(f"{f.path}: entry id '{e.id}' also defined in {seen[e.id]}")
            seen[e.id] = f.path
    return Lexicon(tuple(files))


def read_file(path: Path) -> LexiconFile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LexiconError(f"cannot read lexicon file {path}: {exc}") from None
    return _parse_file(str(path), text)


@lru_cache(maxsize=64)  # keyed on the content: a file read again (speller, then detector) is parsed once
def _parse_file(name: str, text: str) -> LexiconFile:
    path = Path(name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"cannot read lexicon file {path}: {exc}") from None
    head = data.get("lexicon")
    if not isinstance(head, dict) or "version" not in head or "name" not in head:
        raise LexiconError(f"{path}: needs a [lexicon] table with name and version")
    languages = _languages(f"{path.name}: [lexicon]", head.get("languages", DEFAULT_LANGUAGES))
    entries = tuple(_entry(path, i, raw, languages) for i, raw in enumerate(data.get("entry", [])))
    groups = tuple(_group(path, i, raw) for i, raw in enumerate(data.get("group", [])))
    return LexiconFile(str(head["name"]), str(head["version"]), str(path), entries, groups)


def _entry(path: Path, i: int, raw: dict[str, Any], file_languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> Entry:
    where = f"{path.name}: entry {raw.get('id', f'#{i}')}"
    try:
        category = str(raw["category"])
        if category not in CATEGORY_LABELS:
            raise LexiconError(f"{where}: unknown category '{category}' (known: {', '.join(CATEGORY_LABELS)})")
        e = Entry(
            id=str(raw["id"]),
            term=str(raw["term"]),
            category=category,
            meaning=str(raw["meaning"]),
            source=str(raw["source"]),
            variants=tuple(str(v) for v in raw.get("variants", ())),
            labels=tuple(raw.get("labels", CATEGORY_LABELS[category])),
            targets=tuple(raw.get("targets", ())),
            requires_target=bool(raw.get("requires_target", False)),
            target_kinds=tuple(raw.get("target_kinds", ("people", "proxy"))),
            target_groups=tuple(raw.get("target_groups", ())),
            target_role=str(raw.get("target_role", "")),
            subject=str(raw.get("subject", "")),
            context_any=tuple(str(w).lower() for w in raw.get("context_any", ())),
            score=float(raw.get("score", 0.8)),
            untargeted_score=float(raw.get("untargeted_score", 0.0)),
            inflect=_inflection(raw),
            english_only=bool(raw.get("english_only", False)),
            languages=_entry_languages(where, raw, file_languages),
            confident_language=bool(raw.get("confident_language", False)),
            innocent_phrases=tuple(" ".join(fold_term(str(w)).split()) for w in raw.get("innocent_phrases", ())),
            innocent_context=tuple(str(w).lower() for w in raw.get("innocent_context", ())),
            hostile_context=tuple(str(w).lower() for w in raw.get("hostile_context", ())),
            reclaimable=bool(raw.get("reclaimable", False)),
            senses=lexicon_senses.parse(where, raw.get("sense"), inflect, _inflection(raw)),
            ihra=_opt(raw.get("ihra")),
            jda=_opt(raw.get("jda")),
            jda_verdict=_opt(raw.get("jda_verdict")),
            ihra_verdict=_opt(raw.get("ihra_verdict")),
            file=path.name,
        )
    except KeyError as exc:
        raise LexiconError(f"{where}: missing field {exc}") from None
    except (TypeError, ValueError) as exc:
        raise LexiconError(f"{where}: {exc}") from None
    _check(where, e)
    return e


def _check(where: str, e: Entry) -> None:
    problems = []
    if not 0.0 <= e.score <= 1.0 or not 0.0 <= e.untargeted_score <= 1.0:
        problems.append("score must be in [0, 1]")
    if e.inflect not in INFLECTIONS:
        problems.append(f"inflect must be one of {INFLECTIONS}")
    if any(k not in TARGET_KINDS for k in e.target_kinds):
        problems.append(f"target_kinds must be among {TARGET_KINDS}")
    if e.target_role not in lexicon_roles.ROLES or e.subject not in lexicon_roles.SUBJECTS:
        problems.append(f"target_role must be one of {lexicon_roles.ROLES[1:]} and subject one of {lexicon_roles.SUBJECTS[1:]}")
    if e.target_role and not e.requires_target:
        problems.append("target_role needs requires_target = true")
    if e.ihra is not None and e.ihra not in IHRA_EXAMPLES:
        problems.append(f"ihra must be an example number 1-11, got '{e.ihra}'")
    if e.jda is not None and e.jda not in JDA_GUIDELINES:
        problems.append(f"jda must be a guideline A1-A5, B6-B10 or C11-C15, got '{e.jda}'")
    for key in ("jda_verdict", "ihra_verdict"):
        if getattr(e, key) is not None and getattr(e, key) not in VERDICTS:
            problems.append(f"{key} must be one of {VERDICTS}")
    forms = e.surface_forms()
    for phrase in e.innocent_phrases:
        if not any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", phrase) for form in forms):
            problems.append(f"innocent phrase '{phrase}' does not hold any spelling of the term")
    problems += lexicon_senses.check_forms(where, e.senses, forms)
    if e.english_only and e.languages != ("en",):
        problems.append("english_only entries are English: languages must be [\"en\"] or left out")
    if not e.meaning.strip() or not e.source.strip():
        problems.append("meaning and source must not be empty")
    if problems:
        raise LexiconError(f"{where}: " + "; ".join(problems))


def _group(path: Path, i: int, raw: dict[str, Any]) -> Group:
    where = f"{path.name}: group {raw.get('id', f'#{i}')}"
    try:
        kind = str(raw.get("kind", "people"))
        if kind not in TARGET_KINDS:
            raise LexiconError(f"{where}: kind must be one of {TARGET_KINDS}")
        if kind == "proxy" and not raw.get("refers_to"):
            raise LexiconError(f"{where}: a proxy needs refers_to")
        return Group(
            id=str(raw["id"]),
            category=str(raw["category"]),
            terms=tuple(dict.fromkeys(f for t in raw["terms"] for f in fold_spellings(str(t)))),
            kind=kind,
            protected=bool(raw.get("protected", kind != "state")),
            refers_to=_opt(raw.get("refers_to")),
        )
    except KeyError as exc:
        raise LexiconError(f"{where}: missing field {exc}") from None


def _inflection(raw: dict[str, Any]) -> str:
    return str(raw.get("inflect", "noun" if " " not in str(raw["term"]) else "none"))


def _opt(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _languages(where: str, value: Any) -> tuple[str, ...]:
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, (list, tuple)) or not value:
        raise LexiconError(f"{where}: languages must be a non-empty list of language codes or [\"*\"]")
    tags = tuple(str(v).strip().lower() for v in value)
    bad = [t for t in tags if t != ANY_LANGUAGE and not _LANGUAGE_TAG.match(t)]
    if bad:
        raise LexiconError(f"{where}: languages must be BCP-47 primary subtags (\"en\", \"de\") or \"*\", got {bad}")
    return tags


def _entry_languages(where: str, raw: dict[str, Any], file_languages: tuple[str, ...]) -> tuple[str, ...]:
    """The entry's own ``languages``; else, for spellings without a letter ("1488", "((("), any language;
    else the file's (English by default)."""
    if "languages" in raw or raw.get("english_only"):
        return _languages(where, raw.get("languages", "en"))
    spellings = [str(raw.get("term", "")), *(str(v) for v in raw.get("variants", ()))]
    if not any(ch.isalpha() for form in spellings for ch in form):
        return (ANY_LANGUAGE,)
    return file_languages
