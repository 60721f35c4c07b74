"""Lexicon data files: every shipped file validates; bad files fail with a coded error."""

from __future__ import annotations

from pathlib import Path

import pytest

from hatescope.detect import lexicon_files
from hatescope.errors import LexiconError


def test_shipped_files_load_and_are_versioned() -> None:
    lex = lexicon_files.load()
    names = {f.name for f in lex.files}
    assert {"groups", "antisemitism", "dehumanization", "incitement", "slurs", "dogwhistles", "chandra2021"} <= names
    assert all(f.version for f in lex.files)
    assert len(lex.entries) > 100 and len(lex.groups) > 10


def test_every_entry_has_meaning_source_and_valid_references() -> None:
    for e in lexicon_files.load().entries:
        assert e.meaning and e.source, e.id
        if e.ihra is not None:
            assert e.ihra in lexicon_files.IHRA_EXAMPLES
        if e.jda is not None:
            assert e.jda in lexicon_files.JDA_GUIDELINES


def test_groups_cover_protected_categories_proxies_and_states() -> None:
    groups = lexicon_files.load().groups
    cats = {g.category for g in groups}
    assert {"religion", "ethnicity", "nationality", "gender", "sexual_orientation", "gender_identity",
            "disability", "migration"} <= cats
    assert any(g.kind == "proxy" and g.refers_to == "jews" for g in groups)
    assert any(g.kind == "state" and not g.protected for g in groups)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[entry]]\nid="a"\nterm="x"\ncategory="insult"\nmeaning="m"\nsource="s"\n', r"needs a \[lexicon\] table"),
        ('[lexicon]\nname="b"\nversion="1"\n[[entry]]\nid="a"\nterm="x"\ncategory="nope"\nmeaning="m"\nsource="s"\n',
         "unknown category"),
        ('[lexicon]\nname="b"\nversion="1"\n[[entry]]\nid="a"\nterm="x"\ncategory="insult"\nmeaning="m"\n', "missing field"),
        ('[lexicon]\nname="b"\nversion="1"\n[[entry]]\nid="a"\nterm="x"\ncategory="insult"\nmeaning="m"\nsource="s"\n'
         'ihra="12"\n', "ihra must be"),
        ('[lexicon]\nname="b"\nversion="1"\n[[entry]]\nid="a"\nterm="x"\ncategory="insult"\nmeaning="m"\nsource="s"\n'
         'jda="D1"\n', "jda must be"),
        ('[lexicon]\nname="b"\nversion="1"\n[[entry]]\nid="a"\nterm="x"\ncategory="insult"\nmeaning="m"\nsource="s"\n'
         'target_role="object"\n', "target_role needs requires_target"),
        ('[lexicon]\nname="b"\nversion="1"\n[[entry]]\nid="a"\nterm="x"\ncategory="insult"\nmeaning="m"\nsource="s"\n'
         'requires_target=true\ntarget_role="beside"\n', "target_role must be one of"),
        ("not toml [", "cannot read"),
    ],
)
def test_bad_files_raise_coded_errors(tmp_path: Path, body: str, message: str) -> None:
    p = tmp_path / "bad.toml"
    p.write_text(body)
    with pytest.raises(LexiconError, match=message) as exc:
        lexicon_files.load([p])
    assert exc.value.code == "HS202"


def test_inflections() -> None:
    assert lexicon_files.inflect("parasite", "noun") == ["parasite", "parasites"]
    assert lexicon_files.inflect("bully", "noun") == ["bully", "bullies"]
    assert "exterminated" in lexicon_files.inflect("exterminate", "verb")
    assert lexicon_files.inflect("6mwe", "noun") == ["6mwe"]


def test_generated_files_are_up_to_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """training/build_lexicons.py reproduces the shipped generated files (when the glossaries are here)."""
    import importlib.util

    from hatescope.evaluation import default_data_dir

    if not (default_data_dir() / "dogwhistles").is_dir():
        pytest.skip("../shared/data/dogwhistles not available")
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("build_lexicons", root / "training" / "build_lexicons.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "OUT", tmp_path)
    mod.main([])
    for name in ("dogwhistles.toml", "chandra2021.toml"):
        assert (tmp_path / name).read_text() == (lexicon_files.data_dir() / name).read_text(), name
