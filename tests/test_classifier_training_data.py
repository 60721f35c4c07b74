"""The contrastive training data generator (training/): deterministic, balanced twins, frame-level split."""

from __future__ import annotations

import collections

import pytest

contrastive = pytest.importorskip("training.contrastive", reason="training/ is only in a source checkout")


def test_generation_is_deterministic_and_seeded():
    a, b = contrastive.generate(seed=13), contrastive.generate(seed=13)
    assert [(e.text, e.labels, e.split) for e in a] == [(e.text, e.labels, e.split) for e in b]
    assert [e.text for e in contrastive.generate(seed=14)] != [e.text for e in a]


def test_every_kind_of_twin_is_present_and_labelled_not_hateful():
    rows = contrastive.generate()
    kinds = collections.Counter(e.klass for e in rows)
    for kind in ("negated", "counter", "report", "neutral", "positive", "nonprotected_object", "nonprotected_people"):
        assert kinds[kind] > 50, kind
        assert not any(e.hateful or e.labels.get("dehumanization") for e in rows if e.klass == kind)
    hateful = [e for e in rows if e.klass == "hateful"]
    assert hateful and all(e.hateful and e.labels["hate"] for e in hateful)
    assert any(e.labels["incitement"] for e in hateful) and any(e.labels["dehumanization"] for e in hateful)


def test_quoting_twins_contain_the_hateful_sentence():
    rows = contrastive.generate()
    hateful = {e.text for e in rows if e.klass == "hateful"}
    counters = [e for e in rows if e.klass == "counter"]
    assert sum(any(h in c.text for h in hateful) for c in counters) / len(counters) > 0.95


def test_dev_split_holds_whole_frames():
    rows = contrastive.generate()
    assert {e.split for e in rows} == {"train", "dev"}
    train_texts = {e.text for e in rows if e.split == "train"}
    assert not any(e.text in train_texts for e in rows if e.split == "dev")


def test_identity_statements_are_composed_and_labelled_both_ways():
    rows = contrastive.generate()
    kinds = collections.Counter(e.klass for e in rows)
    for kind in ("identity_positive", "identity_neutral", "identity_pronoun"):
        assert kinds[kind] > 100 or kind == "identity_pronoun" and kinds[kind] > 40, kind
        assert not any(e.hateful or e.labels.get("insult") for e in rows if e.klass == kind)
    # The same openers and pronoun follow-ups also carry hate, labelled hateful: the frame alone decides nothing.
    for kind in ("identity_pronoun_hateful", "hateful_opinion"):
        assert kinds[kind] > 40 and all(e.hateful for e in rows if e.klass == kind)
    pronoun = [e.text for e in rows if e.klass == "identity_pronoun"]
    assert all(t.count(". ") == 1 for t in pronoun)  # two sentences: a group statement, then "they ..."


def test_the_languages_called_trained_are_those_with_contrastive_files():
    """The Perspective endpoint answers for TRAINED_LANGUAGES by default: each must have its training file."""
    from pathlib import Path

    from hatescope.detect.multilingual import TRAINED_LANGUAGES

    files = Path(contrastive.__file__).with_name("contrastive_ml").glob("*.toml")
    assert sorted(TRAINED_LANGUAGES) == sorted(p.stem for p in files)


@pytest.mark.parametrize("language", ["de", "es", "fr", "it", "nl", "pt"])
def test_contrastive_files_in_other_languages_expand_like_the_english_one(language: str):
    """training/contrastive_ml/*.toml use the English file's format and generator; ids stay unique per language."""
    import tomllib
    from pathlib import Path

    path = Path(contrastive.__file__).with_name("contrastive_ml") / f"{language}.toml"
    spec = tomllib.loads(path.read_text(encoding="utf-8"))
    assert spec["language"] == language
    ids = [f["id"] for kind in ("core", "counter", "report", "neutral", "positive") for f in spec[kind]]
    assert len(ids) == len(set(ids)) and all(i.startswith(f"{language}-") for i in ids)
    rows = contrastive.generate(path=path)
    kinds = collections.Counter(e.klass for e in rows)
    for kind in ("hateful", "negated", "counter", "report", "neutral", "positive"):
        assert kinds[kind] > 20, kind
    # Short statements about one person, and hateful ones with the same identity words.
    person = [e for e in rows if e.klass == "identity_person"]
    person_hateful = [e for e in rows if e.klass == "identity_person_hateful"]
    assert len(person) > 50 and len(person_hateful) > 20
    assert not any(e.hateful for e in person) and all(e.labels == {"hate": True} for e in person_hateful)
    assert {e.targets for e in person_hateful} <= {e.targets for e in person}
    assert all("{" not in e.text for e in rows)  # every placeholder filled
    assert {e.split for e in rows} == {"train", "dev"}


def test_embedding_cache_keeps_keys_that_end_in_a_zero_byte(tmp_path):
    import numpy as np

    from training.embed_cache import load_store, save_store

    store = {b"abcdefghijk\0": np.ones(3, np.float32), b"\0" * 12: np.zeros(3, np.float32)}
    save_store(tmp_path / "c.npz", store)
    back = load_store(tmp_path / "c.npz")
    assert set(back) == set(store) and np.array_equal(back[b"abcdefghijk\0"], store[b"abcdefghijk\0"])
    # files written before keys were stored as bytes (numpy S12 drops trailing zero bytes) still load whole
    np.savez(tmp_path / "old.npz", keys=np.array(list(store), dtype="S12"), vecs=np.stack(list(store.values())))
    assert set(load_store(tmp_path / "old.npz")) == set(store)


def test_attacks_on_many_kinds_of_non_protected_people_are_insults_not_hate():
    import tomllib
    from pathlib import Path

    spec = tomllib.loads(Path(contrastive.__file__).with_name("contrastive_v2.toml").read_text(encoding="utf-8"))
    rows = [e for e in contrastive.generate() if e.klass == "nonprotected_people"]
    targets = spec["vocab"]["X_PEOPLE"] + spec["vocab"]["X_PEOPLE_MORE"]
    used = {t for t in targets if any(t in e.text for e in rows)}
    assert len(used) >= 40  # not a dozen nouns learned by heart
    assert not any(e.hateful or e.labels["dehumanization"] for e in rows)
    assert any(e.labels.get("insult") for e in rows)


def test_one_person_statements_in_english():
    rows = contrastive.generate()
    person = [e for e in rows if e.klass == "identity_person"]
    hateful = [e for e in rows if e.klass == "identity_person_hateful"]
    assert len(person) > 50 and len(hateful) > 40
    assert not any(e.hateful for e in person) and all(e.labels == {"hate": True} for e in hateful)


def _pair_ids_by_split() -> dict[str, list[str]]:
    """Pair ids landing in each split (the split is a hash of the id, so they are found, not chosen)."""
    from training.adversarial.rounds import split_of_pair

    found: dict[str, list[str]] = {"train": [], "dev": [], "sealed": []}
    i = 0
    while min(len(v) for v in found.values()) < 3:
        pid = f"r1-wt-p{i:04d}"
        found[split_of_pair(pid)].append(pid)
        i += 1
    return found


def _write_round(root, with_gold: bool = True):
    """A round folder with a writer file and (optionally) gold.jsonl: one hateful/benign pair per pair id."""
    import json

    rdir = root / "r1"
    rdir.mkdir(parents=True)
    rows = []
    types = ["dehumanisation", "threat", "derogation_emotion"]
    for split, pids in _pair_ids_by_split().items():
        for n, pid in enumerate(pids[:3]):
            base = {"pair_id": pid, "round": 1, "writer": "wt", "lang": "en", "targets": ["refugees"]}
            rows.append({**base, "id": f"{pid}-a", "text": f"{split} post {n}: they are the problem", "hateful": True,
                         "type": types[n], "contrast_of": None, "gold": True})
            rows.append({**base, "id": f"{pid}-b", "text": f"{split} post {n}: the policy is the problem",
                         "hateful": False, "type": "criticism_state_ideology", "contrast_of": f"{pid}-a", "gold": False})
    writer = [{k: v for k, v in r.items() if k != "gold"} for r in rows]
    (rdir / "wt.jsonl").write_text("".join(json.dumps(r) + "\n" for r in writer), encoding="utf-8")
    if with_gold:
        (rdir / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return rows


def test_adversarial_rows_keep_their_pair_split_and_never_return_sealed_pairs(tmp_path):
    from training.adversarial import corpus as adv
    from training.adversarial.rounds import split_of_pair

    written = _write_round(tmp_path)
    rows = adv.adversarial_examples(tmp_path)
    sealed_texts = {r["text"] for r in written if split_of_pair(r["pair_id"]) == "sealed"}
    assert sealed_texts and not sealed_texts & {e.text for e in rows}
    assert {e.split for e in rows} == {"train", "dev"}
    by_text = {r["text"]: r for r in written}
    assert all(e.split == split_of_pair(by_text[e.text]["pair_id"]) for e in rows)
    assert all(e.source == "adversarial" and e.hateful == by_text[e.text]["gold"] for e in rows)
    assert len(rows) == len(written) - len(sealed_texts)
    # The sealed texts are known to the corpus only as dedup keys, so copies elsewhere can be dropped.
    from hatescope.evaluation.datasets import dedup_key

    assert adv.sealed_keys(tmp_path) == {dedup_key(t) for t in sealed_texts}


def test_adversarial_labels_settle_only_what_the_data_says(tmp_path):
    from training.adversarial import corpus as adv

    _write_round(tmp_path)
    rows = adv.adversarial_examples(tmp_path)
    benign = [e for e in rows if not e.hateful]
    assert benign and all(e.labels == {"hate": False, "dehumanization": False, "incitement": False} for e in benign)
    by_type = {e.klass: e.labels for e in rows if e.hateful}
    assert by_type["dehumanisation"] == {"hate": True, "dehumanization": True}
    assert by_type["threat"] == {"hate": True, "incitement": True}
    assert by_type["derogation_emotion"] == {"hate": True}  # sub-labels it does not settle stay unknown
    assert all("insult" not in e.labels for e in rows)


def test_unannotated_rounds_give_no_training_rows(tmp_path):
    from training.adversarial import corpus as adv

    _write_round(tmp_path, with_gold=False)
    assert adv.adversarial_examples(tmp_path) == []
    assert adv.sealed_keys(tmp_path)  # the sealed texts are still kept out of the rest of the corpus


def test_gold_label_overrides_the_writers_label(tmp_path):
    import json

    from training.adversarial import corpus as adv

    written = _write_round(tmp_path)
    flipped = [{**r, "gold": not r["gold"]} for r in written]
    (tmp_path / "r1" / "gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in flipped), encoding="utf-8")
    rows = adv.adversarial_examples(tmp_path)
    writer = {r["text"]: r["hateful"] for r in written}
    assert rows and all(e.hateful != writer[e.text] and e.labels["hate"] == e.hateful for e in rows)
