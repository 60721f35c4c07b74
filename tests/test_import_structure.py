"""The import structure, read from the source with ``ast`` (docs/ARCHITECTURE.md, "Module map").

Every module under src/hatescope, training/ and benchmarks/ is parsed; every import counts, at module level and
inside functions alike (a late import still ties the two modules together). Two rules:

* no import circle: no strongly connected component of more than one module;
* within src/hatescope the stages import only earlier stages: ingest → normalize → segment → detect → stance →
  policy → store, then the front ends (api, cli, web), which may import anything. A module outside the stages
  (engine.py, document.py, settings.py, evaluation/, ...) sits as late as the latest stage or front end it reaches,
  directly or through other modules, and the engine sits with the front ends: a stage may import it only when
  that is no later than the stage itself (so types.py and errors.py anywhere, document.py from segment on, the
  engine and settings.py never).
"""

from __future__ import annotations

import ast
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"hatescope": ROOT / "src" / "hatescope", "training": ROOT / "training", "benchmarks": ROOT / "benchmarks"}
STAGES = ("ingest", "normalize", "segment", "detect", "stance", "policy", "store")
FRONT_ENDS = ("api", "cli", "web")
LAST = len(STAGES)  # the front ends' place in the order
#: Modules outside the stages that sit with the front ends whatever they import.
WITH_FRONT_ENDS = {"hatescope.engine"}

#: Known exceptions, each to be removed by the change that resolves it (nothing else may be added here).
KNOWN_CIRCLES: list[set[str]] = []
#: Language identification (ingest/language*.py) reads the packaged English word list and the reading view of
#: normalize/; those files are being reworked, and where language identification belongs goes with that rework.
KNOWN_LATER_IMPORTS = {
    ("hatescope.ingest.language", "hatescope.normalize.spelling"),
    ("hatescope.ingest.language_guess", "hatescope.normalize.spelling"),
    ("hatescope.ingest.language_guess", "hatescope.normalize.reading"),
}


def _module_name(path: Path, package: str, root: Path) -> str:
    parts = [package, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=None)
def modules() -> dict[str, Path]:
    found = {}
    for package, root in PACKAGES.items():
        for path in root.rglob("*.py"):
            if "__pycache__" not in path.parts:
                found[_module_name(path, package, root)] = path
    return found


def _known(name: str) -> str | None:
    """The project module ``name`` refers to (``a.b.c`` may be function ``c`` of module ``a.b``), else None."""
    mods = modules()
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def _imported(module: str, path: Path) -> set[str]:
    """Project modules that ``module`` imports anywhere in its body."""
    is_package = path.name == "__init__.py"
    siblings = {m.split(".")[1] for m in modules() if m.startswith("benchmarks.")}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: None if is_package else -1]
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # ``from a.b import c``: module a.b.c, or a.b when c is a name in it (package a is implied, not counted)
            names = [f"{prefix}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if module.startswith("benchmarks.") and name.split(".")[0] in siblings:
                name = "benchmarks." + name  # a script's bare import of a sibling (its folder is on sys.path)
            target = _known(name)
            if target and target != module:
                found.add(target)
    return found


@lru_cache(maxsize=None)
def graph() -> dict[str, frozenset[str]]:
    return {module: frozenset(_imported(module, path)) for module, path in modules().items()}


def circles() -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    g = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    for start in sorted(g):
        if start in index:
            continue
        work = [(start, iter(sorted(g[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(g[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        out.append(component)
    return out


def _place(module: str) -> int | None:
    """The position of a stage or front-end module in the order; None for the modules outside the stages."""
    parts = module.split(".")
    if parts[0] != "hatescope" or len(parts) < 2:
        return None
    if parts[1] in STAGES:
        return STAGES.index(parts[1])
    return LAST if parts[1] in FRONT_ENDS else None


def reach(module: str) -> int:
    """How late a module outside the stages sits: the latest stage or front end it imports, through any chain."""
    if module in WITH_FRONT_ENDS:
        return LAST
    g = graph()
    seen, todo, latest = {module}, [module], -1
    while todo:
        for nxt in g[todo.pop()]:
            if nxt in WITH_FRONT_ENDS:
                return LAST
            place = _place(nxt)
            if place is not None:
                latest = max(latest, place)
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return latest


def later_imports() -> set[tuple[str, str]]:
    """(importer, imported) pairs where a stage imports something that sits later than itself."""
    found = set()
    for module, imported in graph().items():
        place = _place(module)
        if place is None or place == LAST:
            continue
        for target in imported:
            if not target.startswith("hatescope."):
                continue
            target_place = _place(target)
            if target_place is None:
                target_place = reach(target)
            if target_place > place:
                found.add((module, target))
    return found


def test_the_graph_is_read_from_every_package() -> None:
    g = graph()
    assert "hatescope.engine" in g and "training.teacher.train" in g and "benchmarks.harness" in g
    assert "hatescope.detect.base" in g["hatescope.engine"]  # a module-level import
    assert "hatescope.device" in g["hatescope.parallel"]  # an import inside a function
    assert "benchmarks.harness" in g["benchmarks.throughput"]


def test_no_import_circles() -> None:
    found = circles()
    unexpected = [sorted(c) for c in found if c not in KNOWN_CIRCLES]
    assert not unexpected, f"import circles: {unexpected}"
    gone = [sorted(c) for c in KNOWN_CIRCLES if c not in found]
    assert not gone, f"resolved, remove from KNOWN_CIRCLES: {gone}"


def test_stages_import_only_earlier_stages() -> None:
    found = later_imports()
    unexpected = sorted(found - KNOWN_LATER_IMPORTS)
    assert not unexpected, f"a stage imports a later stage (or the engine): {unexpected}"
    gone = sorted(KNOWN_LATER_IMPORTS - found)
    assert not gone, f"resolved, remove from KNOWN_LATER_IMPORTS: {gone}"


def test_the_engine_and_settings_sit_after_every_stage() -> None:
    assert reach("hatescope.engine") == LAST and reach("hatescope.settings") == LAST
    assert reach("hatescope.types") == -1 and reach("hatescope.errors") == -1


def test_the_checker_sees_a_circle_and_a_late_import(monkeypatch) -> None:
    g = dict(graph())
    g["hatescope.types"] = g["hatescope.types"] | {"hatescope.engine"}
    g["hatescope.ingest.post"] = g["hatescope.ingest.post"] | {"hatescope.stance.rules"}
    monkeypatch.setattr(sys.modules[__name__], "graph", lambda: g)
    assert any({"hatescope.types", "hatescope.engine"} <= c for c in circles())
    assert ("hatescope.ingest.post", "hatescope.stance.rules") in later_imports()
    assert ("hatescope.ingest.post", "hatescope.types") in later_imports()  # types now reaches the engine


def test_the_server_keys_that_engine_config_files_may_carry_match_the_settings() -> None:
    """config.py lists them itself so that it need not import settings.py (which imports config.py)."""
    from hatescope.config import EngineConfig, SERVER_KEYS
    from hatescope.settings import ServerSettings

    assert SERVER_KEYS == set(ServerSettings.model_fields) - set(EngineConfig.model_fields)
