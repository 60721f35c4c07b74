"""The pin set in other languages: blind file with opaque ids and decoys, agreement, what is kept, what training reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training import language_pins
from training.adversarial.rounds import split_of_pair


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture()
def trees(tmp_path: Path) -> tuple[Path, Path, Path]:
    pins_root, adversarial_root, blind = tmp_path / "pins", tmp_path / "adv", tmp_path / "blind"
    pins = [{"id": f"de-lp9-{i:04d}", "text": f"Meine Kollegin Nummer {i} ist Muslimin und backt großartig.",
             "hateful": False, "kind": "identity", "group": "muslims", "lang": "de"} for i in range(1, 21)]
    pins.append({"id": "de-lp9-0021", "text": "Ich bin Jüdin.", "hateful": False, "kind": "identity", "group": "jews",
                 "lang": "de"})  # a test module's sentence: never kept
    pins.append({**pins[0], "id": "de-lp9-0022", "text": pins[0]["text"].rstrip(".") + "!"})  # 0001's text again
    _write_jsonl(pins_root / "de" / "lp9.jsonl", pins)
    gold, n = [], 0
    while sum(split_of_pair(r["pair_id"]) == "train" for r in gold) < 40:
        n += 1
        gold.append({"id": f"de-r1-w1-{n:04d}", "pair_id": f"de-r1-w1-p{n:04d}", "text": f"Zeile {n}", "gold": n % 2 == 0})
    _write_jsonl(adversarial_root / "lang" / "de" / "r1" / "gold.jsonl", gold)
    return pins_root, adversarial_root, blind


def test_blind_file_hides_which_line_is_a_pin(trees) -> None:
    pins_root, adversarial_root, blind = trees
    path = language_pins.write_blind("t1", ["de"], root=pins_root, out_dir=blind, adversarial_root=adversarial_root)
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    key = json.loads((blind / "key_t1.json").read_text(encoding="utf-8"))
    assert len(lines) == 22 + 11 and set(key) == {line["id"] for line in lines}
    assert all(set(line) == {"id", "text"} and not line["id"].startswith(("de-", "decoy")) for line in lines)
    decoys = [v for v in key.values() if v["ref"].startswith("decoy:")]
    assert len(decoys) == 11 and sum(d["hateful"] for d in decoys) == 3


def test_agree_keeps_innocent_pins_and_drops_test_sentences_and_duplicates(trees) -> None:
    pins_root, adversarial_root, blind = trees
    language_pins.write_blind("t2", ["de"], root=pins_root, out_dir=blind, adversarial_root=adversarial_root)
    key = json.loads((blind / "key_t2.json").read_text(encoding="utf-8"))
    flagged_pin = "de-lp9-0005"
    labels = [{"id": i, "hateful": v["hateful"] or v["ref"] == flagged_pin} for i, v in key.items()]
    _write_jsonl(blind / "labels_t2.jsonl", labels)
    stats = language_pins.agree("t2", root=pins_root, blind_dir=blind)["de"]
    kept = [json.loads(x) for x in (pins_root / "de" / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    ids = {p["id"] for p in kept}
    assert flagged_pin not in ids and "de-lp9-0021" not in ids and "de-lp9-0022" not in ids
    assert len(kept) == stats["kept"] == 19
    assert stats["dropped"] == {"annotator read it as hateful": 1, "text of an evaluation case or a test": 1,
                                "duplicate text": 1}
    assert stats["decoy_agreement"] == stats["decoys"] == 11 and 0.8 < stats["kappa_with_decoys"] < 1.0
    assert {p["split"] for p in kept} <= {"train", "test"}
    annotator = (pins_root / "de" / "annotator.jsonl").read_text(encoding="utf-8")
    assert flagged_pin in annotator and "decoy:de:" in annotator  # by the writers' ids, not the opaque ones
    examples = language_pins.language_pin_examples("de", root=pins_root)
    assert len(examples) == 19 and not any(e.hateful or any(e.labels.values()) for e in examples)


def test_agree_refuses_an_incomplete_label_file(trees) -> None:
    pins_root, adversarial_root, blind = trees
    language_pins.write_blind("t3", ["de"], root=pins_root, out_dir=blind, adversarial_root=adversarial_root)
    key = json.loads((blind / "key_t3.json").read_text(encoding="utf-8"))
    _write_jsonl(blind / "labels_t3.jsonl", [{"id": i, "hateful": False} for i in list(key)[:-1]])
    with pytest.raises(SystemExit, match="lacks 1 ids"):
        language_pins.agree("t3", root=pins_root, blind_dir=blind)


def test_training_rows_read_only_train_pins_as_rows_of_their_language(monkeypatch, trees) -> None:
    from training import multilingual_data

    pins_root, adversarial_root, blind = trees
    language_pins.write_blind("t4", ["de"], root=pins_root, out_dir=blind, adversarial_root=adversarial_root)
    key = json.loads((blind / "key_t4.json").read_text(encoding="utf-8"))
    _write_jsonl(blind / "labels_t4.jsonl", [{"id": i, "hateful": v["hateful"]} for i, v in key.items()])
    language_pins.agree("t4", root=pins_root, blind_dir=blind)
    monkeypatch.setattr(multilingual_data, "annotated_languages", lambda: ["de"])
    monkeypatch.setattr(multilingual_data, "language_pin_examples",
                        lambda lang: language_pins.language_pin_examples(lang, root=pins_root))
    rows = multilingual_data.language_pin_rows()
    train = [e for e in language_pins.language_pin_examples("de", root=pins_root) if e.split == "train"]
    assert len(rows) == len(train) > 0
    assert all(r.language == "de" and r.source == "inhouse_de_pins" and r.split == "train" for r in rows)
    assert all(multilingual_data.source_group(r) == "inhouse" for r in rows)
