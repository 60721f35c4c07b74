"""The English pin set joins the multilingual heads' rows only when asked, train split only, never as hate."""

from training.multilingual_data import english_pin_rows
from training.pins import pin_examples


def test_english_pin_rows_are_the_train_pins_held_innocent():
    rows = english_pin_rows()
    pins = pin_examples()
    train = {p.text for p in pins if p.split == "train"}
    held_out = {p.text for p in pins if p.split != "train"}
    assert rows and {r.text for r in rows} == train
    assert not {r.text for r in rows} & held_out
    assert all(r.split == "train" and r.language == "en" for r in rows)
    assert not any(r.labels.get("hate") for r in rows)
    assert all(r.source.startswith("inhouse_") for r in rows)  # weighted as in-house rows by the recipe
