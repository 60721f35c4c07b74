"""Generate CHANGELOG.md from git history.

    python scripts/release.py            # print the changelog
    python scripts/release.py --write    # write CHANGELOG.md
    python scripts/release.py --check    # exit 1 when CHANGELOG.md differs from the history

The project has no tags, so sections are found in the history itself: a section ends at each
commit that changes the package version (``version`` in pyproject.toml) or a packaged model (a
model manifest appears, or its ``release``/``version`` changes). Each section lists the subjects
of its commits, newest first. Commits after the last such commit belong to the version in the
working tree's pyproject.toml when no section has that version yet (a release being made), else
to "Unreleased". Nothing else (dates, the clock, the machine) enters the output, so the same
history always gives the same file.

Versioning: semantic versioning, where a release that ships new classifier weights raises the minor
version. NOTES says what a version means when the history cannot.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = "pyproject.toml"
MODELS = PurePosixPath("src/hatescope/data/models")
#: Said under a version's newest section.
NOTES = {
    "0.11.0": "Classifier release 8 (1.8): release 7 distilled further from the teacher with all six layers trained and "
              "English adversarial round 13 added (run r19d); pooled adversarial dev error 24.6% → 23.5% (McNemar p = "
              "0.0008), sealed error lower on all 13 rounds, identity sanity sealed 1.5% → 1.0% flagged, held-out pins "
              "5.5% → 2.9%, context sealed 95.5% → 95.8%; its learned cascade gate refitted (28% of held-out units skip "
              "the encoder, release 7: 24%). English adversarial rounds 13, 14 and 15 (3,850 texts, labelled blind; release 7 "
              "fooled by 27.2% and 24.1% of rounds 13 and 14, release 8 by 30.5% of round 15). The language guess's fast path knows 72 more English-only words "
              "(61% of English posts skip the n-gram model instead of 48%). Memory of `hatescope score` flat from 10,000 "
              "to 1,000,000 posts (+1.4%).",
    "0.10.0": "Multilingual heads release 2: trained on every annotated in-house round in 14 languages and the pin set in "
              "each language, averaged with release 1; Mandarin keeps release 1's heads. Pooled sealed accuracy in the 14 "
              "languages 64.5% → 71.3%, Persian joins the languages the Perspective-compatible endpoint answers, held-out "
              "innocent pins flagged 31 → 23 of 273 (training/RECIPES.md, runs r9f and r9f again). Lexicons: two distinct "
              "dehumanising names for one group in one sentence corroborate each other; Roma's names in seven more "
              "languages; French pest words; the disease family scores alike in every language. Use and mention in 14 "
              "languages: a slur quoted to report or condemn it is named, not used. A functional adversarial round in 14 "
              "languages (1,120 texts, labelled blind; run r10, trained on it, was measured and not shipped).",
    "0.9.0": "Fast model release 3 (1.3+fast): the 3-layer student distilled anew from classifier release 7; pooled "
             "adversarial dev error 37.8% → 25.1% (the default: 24.6%), identity sanity sealed 3.9% → 1.7% (run fast3). "
             "Stance: a question that is a claim (\"… ? just asking\", \"do X control the banks?\") is no longer read as "
             "asked, not asserted. Lexicons: a lone lightning emoji no longer flags a post; the Nazi salutes count in every "
             "language; 'invasion' in its historical sense needs a hostile cue. A pin set in 14 languages for the "
             "multilingual heads (training data; the heads trained with it were measured and withdrawn, RECIPES run r9f).",
    "0.8.0": "Classifier release 7 (1.7): release 6 distilled from a five-times-larger teacher (all-mpnet-base-v2, "
             "fine-tuned on the same licensed and in-house rows, never shipped): release 6 continued on adversarial rounds "
             "1-12 and the pin set with the teacher's probabilities as soft targets, then averaged with release 6. Pooled "
             "adversarial dev error 25.4% → 24.6% (McNemar p = 0.0015), sealed error lower on 11 of 12 rounds, identity "
             "sanity sealed 1.7% → 1.5% (training/RECIPES.md, run r17d, says why it shipped).",
    "0.7.0": "Classifier release 6 (1.6): release 5 continued on the CPU with the in-house adversarial rounds 1-10 and the "
             "pin set (ordinary innocent posts about groups, held at \"not hateful\"), then averaged weight by weight with "
             "release 5. It errs less on every round's dev and sealed split (round 10, written against release 5: dev "
             "29.1% → 27.7%) and flags fewer innocent sentences about groups (identity sanity sealed 2.0% → 1.7%), public "
             "dev composite 0.8051 → 0.8054 (training/RECIPES.md, run r13w, says why it shipped). The lexicon now reads "
             "contempt felt for a group (\"I hate …\", \"… make me sick\") by the group's grammatical role.",
    "0.6.0": "Classifier release 5 (1.5): release 4 continued on the CPU with the in-house adversarial rounds 1-5 "
             "(train splits). It errs less on every round's dev and sealed split (round 5, written against release 4: "
             "dev 32.5% → 26.9%) and flags fewer innocent sentences about groups (identity sanity sealed 2.4% → 2.0%), "
             "0.3 points lower on the public dev composite (training/RECIPES.md, run r7, says why it shipped).",
    "0.5.0": "Classifier release 4 (1.4): release 3 continued on the CPU with the in-house adversarial rounds 1 and 2 "
             "(train splits). It errs less on the adversarial rounds (round 2 sealed 33.8% → 27.0%) and on the sealed "
             "context set, and is 0.4 points lower on the public dev composite (training/RECIPES.md says why it shipped).",
    "0.4.0": "Versions follow semantic versioning from here on, and a release that ships new classifier weights "
             "raises the minor version. The three classifier releases so far (1, 1.2 and 1.3 in "
             "`Analysis.versions[\"hatescope.classifier.v1\"]`) all shipped as package 0.1.0; 0.4.0 counts them. "
             "The next classifier release will be 0.5.0. `hatescope --version` prints the package, classifier and "
             "lexicon versions.",
    "0.1.0": "Never tagged: everything up to here, three classifier releases included, carried version 0.1.0.",
}
HEADER = """# Changelog

Generated by `python scripts/release.py --write` from the git history; do not edit by hand. A section
ends at each commit that changes the package version or a packaged model (a model manifest that appears,
or whose release changes); it lists the subjects of its commits, newest first. Semantic versioning: a
release that ships new classifier weights raises the minor version.
"""


class ReleaseError(Exception):
    """Git or the files it holds are not as expected (exit status 2)."""


@dataclass
class Commit:
    sha: str
    subject: str
    paths: list[str]


@dataclass
class Section:
    version: str
    changes: list[str] = field(default_factory=list)  # what ended the section, e.g. "classifier_v1 release 3"
    commits: list[Commit] = field(default_factory=list)


def _git(repo: Path, *args: str) -> str:
    try:
        proc = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise ReleaseError("git is not installed") from None
    if proc.returncode != 0:
        raise ReleaseError(f"git {' '.join(args)}: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout.decode("utf-8", errors="replace")


def commits(repo: Path) -> list[Commit]:
    """Every commit reachable from HEAD, oldest first, with the paths it touched."""
    out = _git(repo, "log", "--reverse", "--no-merges", "--no-renames", "--format=%x1e%H%x1f%s", "--name-only")
    found = []
    for chunk in out.split("\x1e")[1:]:
        head, _, names = chunk.partition("\n")
        sha, _, subject = head.partition("\x1f")
        found.append(Commit(sha, subject.strip(), [p for p in names.splitlines() if p.strip()]))
    return found


def package_version(text: str) -> str:
    try:
        return str(tomllib.loads(text)["project"]["version"])
    except (tomllib.TOMLDecodeError, KeyError) as exc:
        raise ReleaseError(f"{PYPROJECT} has no readable [project] version ({exc})") from None


def model_version(text: str) -> str:
    """A manifest's release ("release 3") or version ("version 1"); a manifest with neither is release 1."""
    manifest = json.loads(text)
    if "release" in manifest:
        return f"release {manifest['release']}"
    return f"version {manifest['version']}" if "version" in manifest else "release 1"


def _is_manifest(path: str) -> bool:
    p = PurePosixPath(path)
    return p.name == "manifest.json" and p.parent.parent == MODELS


def _show(repo: Path, sha: str, path: str) -> str | None:
    try:
        return _git(repo, "show", f"{sha}:{path}")
    except ReleaseError:
        return None  # deleted in this commit


def sections(repo: Path, working_version: str | None) -> list[Section]:
    """Sections oldest first; see the module docstring for where they end."""
    done: list[Section] = []
    current = Section(version="")
    version = None
    models: dict[str, str] = {}
    for commit in commits(repo):
        current.commits.append(commit)
        changes: list[str] = []
        bumped = False
        if PYPROJECT in commit.paths:
            text = _show(repo, commit.sha, PYPROJECT)
            new = package_version(text) if text is not None else version
            bumped = version is not None and new != version  # the section's title names it
            version = new
        for path in sorted(p for p in commit.paths if _is_manifest(p)):
            name = PurePosixPath(path).parent.name
            text = _show(repo, commit.sha, path)
            if text is None:
                changes.append(f"{name} removed")
                models.pop(name, None)
                continue
            new = model_version(text)
            if models.get(name) != new:
                changes.append(f"{name} {new}" + ("" if name in models else " (new)"))
            models[name] = new
        if changes or bumped:
            current.version, current.changes = version or "0.0.0", changes
            done.append(current)
            current = Section(version="")
    if current.commits:
        released = {s.version for s in done}
        current.version = working_version if working_version and working_version not in released else "Unreleased"
        done.append(current)
    return done


def render(found: list[Section]) -> str:
    out = [HEADER]
    noted: set[str] = set()
    for section in reversed(found):
        title = section.version + (f" — {', '.join(section.changes)}" if section.changes else "")
        out.append(f"## {title}\n")
        if section.version in NOTES and section.version not in noted:
            out.append(NOTES[section.version] + "\n")
            noted.add(section.version)
        out.append("\n".join(f"- {c.subject} ({c.sha[:7]})" for c in reversed(section.commits)) + "\n")
    return "\n".join(out)


def changelog(repo: Path, working_version: str | None = None) -> str:
    return render(sections(repo, working_version))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write CHANGELOG.md")
    mode.add_argument("--check", action="store_true", help="exit 1 when CHANGELOG.md differs")
    parser.add_argument("--repo", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    target = args.repo / "CHANGELOG.md"
    try:
        text = changelog(args.repo, package_version((args.repo / PYPROJECT).read_text(encoding="utf-8")))
    except (ReleaseError, OSError) as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 2
    if args.write:
        target.write_text(text, encoding="utf-8")
        print(target, file=sys.stderr)
    elif args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print("CHANGELOG.md differs from the git history: python scripts/release.py --write", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
