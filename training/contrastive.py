"""Expand training/contrastive_v2.toml into labelled contrastive examples (deterministic, seeded).

For every hateful core sentence and group it emits the hateful sentence itself (plus a spelling
variant), then twins that are not hateful: negated, counter-speech quoting it, a report of it,
neutral and positive mentions of the same group, and the same attack on non-protected targets.

    python -m training.contrastive --out /tmp/contrastive.jsonl   # inspect what it generates
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import tomllib
from pathlib import Path

from hatescope.evaluation.datasets import Example

DATA_FILE = Path(__file__).with_name("contrastive_v2.toml")
#: The name the model manifest and card use for this data, with the file's version ("contrastive_v2.1").
NAME = f"contrastive_v{tomllib.loads(DATA_FILE.read_text(encoding='utf-8'))['version']}"
NOT_HATE = {"hate": False, "dehumanization": False, "incitement": False}
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7"}


def _frame_split(frame_id: str, dev_share: float) -> str:
    bucket = int.from_bytes(hashlib.sha1(f"contrastive:{frame_id}".encode()).digest()[:4], "big") / 2**32
    return "dev" if bucket < dev_share else "train"


def _fill(template: str, vocab: dict[str, list[str]], rng: random.Random, **fixed: str) -> str:
    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        return fixed[key] if key in fixed else rng.choice(vocab[key])

    return re.sub(r"\{(\w+)\}", sub, template)


def _misspell(text: str, rng: random.Random) -> str:
    """A spelling variant of the kind people use to dodge filters: leetspeak, a dropped letter, spaced letters."""
    words = text.split()
    long_words = [i for i, w in enumerate(words) if len(w) > 3 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w = words[i]
    style = rng.randrange(3)
    if style == 0:
        w = "".join(_LEET.get(c, c) if rng.random() < 0.6 else c for c in w)
    elif style == 1:
        j = rng.randrange(1, len(w) - 1)
        w = w[:j] + w[j + 1:]
    else:
        w = " ".join(w)
    words[i] = w
    return " ".join(words)


def _nonprotected_labels(core: dict) -> dict[str, bool]:
    """The attack of a hateful core aimed at people who are not a protected group: an insult, not hate."""
    labels = {"hate": False, "dehumanization": False}
    if any(c in core["labels"] for c in "od"):
        labels["insult"] = True
    return labels


def _core_labels(code: str) -> dict[str, bool]:
    labels = {"hate": "h" in code, "dehumanization": "d" in code, "incitement": "i" in code}
    if "o" in code:
        labels["insult"] = True
    return labels


def generate(*, seed: int = 13, dev_share: float = 0.2, path: Path = DATA_FILE) -> list[Example]:
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    vocab: dict[str, list[str]] = spec["vocab"]
    rng = random.Random(seed)
    out: list[Example] = []
    seen: set[str] = set()

    def add(text: str, labels: dict[str, bool], split: str, group: str | None, klass: str) -> None:
        if text in seen:
            return
        seen.add(text)
        out.append(Example(text, labels.get("hate", False), "contrastive", split, labels,
                           (group,) if group else (), klass=klass))

    for core in spec["core"]:
        core_split = _frame_split(core["id"], dev_share)
        for group in vocab["G"]:
            hateful = _fill(core["text"], vocab, rng, G=group)
            labels = _core_labels(core["labels"])
            add(hateful, labels, core_split, group, "hateful")
            add(_misspell(hateful, rng), labels, core_split, group, "hateful_misspelled")
            add(_fill(core["neg"], vocab, rng, G=group), {**NOT_HATE, "insult": False}, core_split, group, "negated")

            def twin(kind: str, k: int, **fixed: str) -> None:
                for frame in rng.sample(spec[kind], k):
                    split = "dev" if "dev" in (core_split, _frame_split(frame["id"], dev_share)) else "train"
                    text = _fill(frame["text"], vocab, rng, **fixed)
                    lab = dict(NOT_HATE) if kind in ("counter", "report") else {**NOT_HATE, "insult": False}
                    add(text, lab, split, group, kind)

            twin("counter", 2, Q=hateful, G=group)
            twin("report", 1, Q=hateful, G=group)
            twin("neutral", 2, G=group)
            twin("positive", 2, G=group)
            # The same attack on targets that are not protected groups is not hate speech.
            obj = _fill(core["text"], vocab, rng, G=rng.choice(vocab["X_OBJECT"]))
            add(obj, dict(NOT_HATE), core_split, None, "nonprotected_object")
            people = _fill(core["text"], vocab, rng, G=rng.choice(vocab["X_PEOPLE"]))
            add(people, _nonprotected_labels(core), core_split, None, "nonprotected_people")
    if "identity" in spec:
        _identity(spec, vocab, rng, add, dev_share)
    if "X_PEOPLE_MORE" in vocab:
        # A generator of its own, so that the rows above stay exactly as they were.
        more = random.Random(seed + 1)
        for core in spec["core"]:
            for target in more.sample(vocab["X_PEOPLE_MORE"], 8):
                add(_fill(core["text"], vocab, more, G=target), _nonprotected_labels(core),
                    _frame_split(core["id"], dev_share), None, "nonprotected_people")
    # Threats against one person: incitement/threat without a protected group, so not hate speech.
    for k, frame in enumerate(vocab["THREAT_PERSON"]):
        split = _frame_split(f"threat{k}", dev_share)
        for harm in vocab["HARM"]:
            add(frame.replace("{HARM}", harm), {"hate": False, "dehumanization": False, "incitement": True},
                split, None, "threat_person")
    return out


def _identity(spec: dict, vocab: dict[str, list[str]], rng: random.Random, add, dev_share: float) -> None:
    """Composed identity statements: opener + group phrase + predicate, and two-sentence pronoun follow-ups.

    Positive and neutral predicates are not hateful; the same openers in front of a hateful core, and
    hateful "they ..." follow-ups after a neutral sentence, are hateful — so neither the opener nor the
    group name nor the pronoun decides the label.
    """
    ident = spec["identity"]
    not_hate = {**NOT_HATE, "insult": False}
    for group in vocab["G"] + ident["group_phrases"]:
        for kind in ("positive", "neutral"):
            for k in rng.sample(range(len(ident[kind])), 6):
                opener = rng.choice(ident["openers"]) if rng.random() < 0.5 else ""
                text = f"{opener} {_fill(ident[kind][k], vocab, rng, G=group)}".strip()
                add(text, not_hate, _frame_split(f"identity-{kind}-{k}", dev_share), group, f"identity_{kind}")
        k = rng.randrange(len(ident["neutral"]))
        first = _fill(ident["neutral"][k], vocab, rng, G=group)
        split = _frame_split(f"identity-neutral-{k}", dev_share)
        add(f"{first}. {rng.choice(ident['they_positive'])}.", not_hate, split, group, "identity_pronoun")
        add(f"{first}. {_fill(rng.choice(ident['they_hateful']), vocab, rng)}.", _core_labels("hd"), split, group,
            "identity_pronoun_hateful")
        core = rng.choice(spec["core"])
        opener = rng.choice(ident["openers"])
        add(f"{opener} {_fill(core['text'], vocab, rng, G=group)}", _core_labels(core["labels"]),
            _frame_split(core["id"], dev_share), group, "hateful_opinion")
    if "person_m" in ident:
        _person_statements(spec, vocab, rng, add, dev_share)


def _person_statements(spec: dict, vocab: dict[str, list[str]], rng: random.Random, add, dev_share: float) -> None:
    """Short statements about one person or oneself with an identity word ("my father is {AM}"), and hateful
    ones that call the same word a fault: without them a lone identity word read as hate in short texts."""
    ident, lang = spec["identity"], spec.get("language", "en")
    not_hate = {**NOT_HATE, "insult": False}
    for key, slot in (("person_m", "AM"), ("person_f", "AF")):
        for k, frame in enumerate(ident[key]):
            split = _frame_split(f"{lang}-identity-{key}-{k}", dev_share)
            for word in rng.sample(ident[slot], 4):
                add(_fill(frame, vocab, rng, **{slot: word}), not_hate, split, word, "identity_person")
    for k, frame in enumerate(ident["person_hateful"]):
        split = _frame_split(f"{lang}-identity-person-hateful-{k}", dev_share)
        for word in rng.sample(ident["AM"], 6):
            # Only `hate` is known: whether such a sentence also insults or dehumanises depends on its wording.
            add(_fill(frame, vocab, rng, AM=word), {"hate": True}, split, word, "identity_person_hateful")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    rows = generate(seed=args.seed)
    with args.out.open("w", encoding="utf-8") as fh:
        for ex in rows:
            fh.write(json.dumps({"text": ex.text, "labels": ex.labels, "split": ex.split, "kind": ex.klass}) + "\n")
    print(f"{len(rows)} examples -> {args.out}")


if __name__ == "__main__":
    main()
