"""Release hygiene: the version, CHANGELOG.md from git history, the model card's header, README's demo excerpt."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


release = _script("release")
excerpt = _script("readme_demo_excerpt")


# --- version and changelog ---------------------------------------------------------------------------


def test_package_version_is_one_number_everywhere_and_has_a_changelog_section():
    import hatescope

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert hatescope.__version__ == version
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)  # semantic versioning: major.minor.patch
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(version)}( —|$)", changelog, re.MULTILINE), "CHANGELOG.md has no section for it"


class Repo:
    """A throw-away git repository with a pyproject.toml and model manifests, committed step by step."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                    "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        self.git("init", "-q", "-b", "main")
        self.n = 0

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.path, env=self.env, check=True, capture_output=True).stdout.decode()

    def commit(self, subject: str, *, version: str | None = None, models: dict[str, dict] | None = None) -> str:
        self.n += 1
        (self.path / "notes.txt").write_text(f"change {self.n}\n")
        if version:
            (self.path / "pyproject.toml").write_text(f'[project]\nname = "x"\nversion = "{version}"\n')
        for name, manifest in (models or {}).items():
            folder = self.path / "src/hatescope/data/models" / name
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "manifest.json").write_text(json.dumps(manifest))
        self.git("add", "-A")
        self.git("commit", "-q", "-m", subject, "--date", f"2020-01-{self.n:02d}T00:00:00")
        return self.git("rev-parse", "--short=7", "HEAD").strip()


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


def _history(repo: Repo) -> dict[str, str]:
    shas = {}
    shas["start"] = repo.commit("Skeleton", version="0.1.0")
    shas["a"] = repo.commit("Feature A")
    shas["r1"] = repo.commit("Classifier release 1", models={"classifier_v1": {"name": "c"}})
    shas["b"] = repo.commit("Fix B")
    shas["refit"] = repo.commit("Manifest touched, same release", models={"classifier_v1": {"name": "c", "seed": 2}})
    shas["r2"] = repo.commit("Classifier release 2", models={"classifier_v1": {"name": "c", "release": 2}})
    shas["bump"] = repo.commit("Version 0.2.0", version="0.2.0")
    shas["c"] = repo.commit("Feature C")
    return shas


@needs_git
def test_changelog_sections_end_at_version_and_model_releases(tmp_path):
    repo = Repo(tmp_path)
    shas = _history(repo)
    text = release.changelog(tmp_path, working_version="0.2.0")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Unreleased", "## 0.2.0", "## 0.1.0 — classifier_v1 release 2",
                        "## 0.1.0 — classifier_v1 release 1 (new)"]
    body = {h: text.split(h + "\n", 1)[1].split("\n## ", 1)[0] for h in headings}
    entries = {h: [line for line in b.splitlines() if line.startswith("- ")] for h, b in body.items()}
    assert entries["## Unreleased"] == [f"- Feature C ({shas['c']})"]
    assert entries["## 0.2.0"] == [f"- Version 0.2.0 ({shas['bump']})"]
    # A manifest change that keeps the release is not a release; newest first within a section.
    assert entries["## 0.1.0 — classifier_v1 release 2"] == [
        f"- Classifier release 2 ({shas['r2']})", f"- Manifest touched, same release ({shas['refit']})", f"- Fix B ({shas['b']})"]
    assert entries["## 0.1.0 — classifier_v1 release 1 (new)"][-1] == f"- Skeleton ({shas['start']})"
    # Commits after the last release belong to a version being released when the working tree names a new one.
    assert "## 0.3.0\n" in release.changelog(tmp_path, working_version="0.3.0")
    assert release.changelog(tmp_path, working_version="0.2.0") == text  # deterministic
    assert "2020-" not in text  # no dates: the same history gives the same file whenever it is generated


@needs_git
def test_changelog_check_and_write_on_a_repository(tmp_path):
    repo = Repo(tmp_path)
    _history(repo)
    run = lambda *args: release.main([*args, "--repo", str(tmp_path)])  # noqa: E731
    assert run("--check") == 1  # no CHANGELOG.md yet
    assert run("--write") == 0 and run("--check") == 0
    repo.commit("Feature D")
    assert run("--check") == 1  # the history moved on
    assert run("--write") == 0 and "- Feature D (" in (tmp_path / "CHANGELOG.md").read_text()


def test_changelog_outside_a_repository_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text('[project]\nversion = "1.0.0"\n')
    assert release.main(["--repo", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("release: git ")


# --- model card header ---------------------------------------------------------------------------------


def _card_header() -> dict:
    yaml = pytest.importorskip("yaml")
    text = (ROOT / "docs/MODEL_CARD.md").read_text(encoding="utf-8")
    assert text.startswith("---\n"), "the model card opens with YAML front matter"
    return yaml.safe_load(text.split("---\n", 2)[1])


def test_model_card_header_parses_and_names_every_shipped_training_set():
    from hatescope.detect.classifier import MODELS
    from hatescope.evaluation.datasets import SHIP
    from training.card_header import FOLDERS

    header = _card_header()
    assert header["license"] == "mit" and header["language"] == ["en"]
    assert header["intended_use"] and header["out_of_scope_use"]
    trained = {entry["name"]: entry for entry in header["training_data"]}
    for model, folder in MODELS.items():
        manifest = json.loads((folder / "manifest.json").read_text())
        for name in manifest["trained_on"]:
            assert name in trained and model in trained[name]["models"], (model, name)
            assert trained[name]["ship"] is True and trained[name]["licence"]
            if name in SHIP:  # a public dataset: named by its folder too
                assert FOLDERS.get(name, name) in header["datasets"]
    evaluated = {entry["name"] for entry in header["evaluation_only_data"]}
    assert "dynahate" in evaluated and not evaluated & set(trained)
    for metric in header["metrics"]:
        assert metric["command"] and (ROOT / metric["source"]).is_file(), metric["name"]


def test_model_card_header_numbers_are_the_evaluation_files():
    header = _card_header()
    datasets = json.loads((ROOT / "docs/eval/datasets.json").read_text())["metrics"]["datasets"]
    binary = {m["dataset"]: m for m in header["metrics"] if m["source"] == "docs/eval/datasets.json" and "f1_hateful" in m}
    assert set(binary) == set(datasets)
    for name, metric in binary.items():
        assert metric["macro_f1"] == pytest.approx(datasets[name]["macro_f1"], abs=1e-4)
        assert metric["trained_on"] is datasets[name]["shipped_training_data"]


@pytest.mark.datasets
def test_model_card_licences_are_the_datasets_readme_and_only_ship_sets_train():
    from hatescope.evaluation import default_data_dir
    from training.card_header import shared_data_table

    readme = default_data_dir() / "README.md"
    if not readme.is_file():
        pytest.skip(f"{readme} absent (set HATESCOPE_DATA)")
    table = shared_data_table(readme)
    header = _card_header()
    for entry in header["training_data"]:
        if "folder" in entry:
            assert table[entry["folder"]]["ship"] and entry["licence"] == table[entry["folder"]]["licence"]
    for entry in header["evaluation_only_data"]:
        assert entry["licence"] == table[entry["folder"]]["licence"]


def test_card_header_refuses_a_dev_only_training_set():
    from training.card_header import front_matter

    table = {"hatexplain": {"licence": "MIT", "ship": True, "ship_note": ""},
             "dynahate": {"licence": "none stated", "ship": False, "ship_note": ""}}
    ok = front_matter({"default": {"name": "m", "trained_on": ["hatexplain"]}}, table)
    assert '"hatexplain"' in ok
    with pytest.raises(ValueError, match="not licensed to ship"):
        front_matter({"default": {"name": "m", "trained_on": ["hatexplain", "dynahate"]}}, table)


# --- README's demo excerpt ---------------------------------------------------------------------------------

SAMPLE = """── hatescope demo 1/2 ──
Decision: REMOVE
── What the demo shows ──
  flagged hate 0.91 in embedded_post
── hatescope demo 2/2: a poster ──
  OCR text: 'X'
Scores: hate 0.98
Evidence:
X
"""


def test_excerpt_runs_from_the_summary_to_the_posters_evidence():
    got = excerpt.excerpt_of(SAMPLE)
    assert got.splitlines()[0] == "── What the demo shows ──" and got.splitlines()[-1] == "Scores: hate 0.98"
    with pytest.raises(excerpt.ExcerptError, match="without its poster"):
        excerpt.excerpt_of(SAMPLE.replace("  OCR text: 'X'", "  poster skipped: HS401: no tesseract"))


def test_excerpt_replaces_only_the_block_between_the_markers():
    readme = f"intro\n{excerpt.START}\n```text\nold\n```\n{excerpt.END}\noutro\n"
    new = excerpt.with_excerpt(readme, "new line\n")
    assert new == f"intro\n{excerpt.START}\n```text\nnew line\n```\n{excerpt.END}\noutro\n"
    assert excerpt.with_excerpt(new, "new line\n") == new
    with pytest.raises(excerpt.ExcerptError):
        excerpt.with_excerpt("no markers here\n", "x\n")


@pytest.mark.slow
@pytest.mark.ocr
def test_readme_demo_excerpt_is_the_demos_output():
    from hatescope.detect.classifier import DEFAULT_MODEL_DIR

    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed (scripts/install-system-deps.sh demo): the demo leaves out its poster")
    if not (DEFAULT_MODEL_DIR / "manifest.json").exists():
        pytest.skip("classifier artifact not built")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts/readme_demo_excerpt.py"), "--check"],
                          capture_output=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()[-4000:]
