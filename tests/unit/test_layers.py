"""Imports flow one way (bot/__init__.py draws the layers): read with ast, so a
late import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Iterator, Tuple

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Lower layers first; a package may import its own layer and those below it.
LAYERS = {
    "bot.vocabulary": 0,
    "bot.understanding": 1,
    "bot.domain": 2,
    "bot.runtime": 3,
    "bot.storage": 4,
    "bot.staff": 5,
    "bot.web": 5,
    "bot.console": 5,
    "actions": 6,
    "channels": 6,
}
PURE = ("bot.vocabulary", "bot.understanding", "bot.domain")
FRAMEWORKS = ("rasa", "rasa_sdk", "sqlalchemy", "alembic", "sanic")
# The one place below the runtime that reads the environment, and why: the spaCy
# pipeline is a build artefact loaded lazily by whichever process parses first
# (action server, eval, tests), and its location must reach all of them.
ENVIRONMENT_EXEMPT = {"bot.understanding.pipeline"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> Iterator[Tuple[str, ast.Module]]:
    for top in ("bot", "actions", "channels"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts or path == ROOT / "bot" / "__init__.py":
                continue  # Alembic's scripts import storage by design; bot/ is only a docstring
            yield _module_name(path), ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _layer(module: str):
    for package, rank in LAYERS.items():
        if module == package or module.startswith(package + "."):
            return package, rank
    return None, None


MODULES = list(_modules())


@pytest.mark.parametrize("module, tree", MODULES, ids=[name for name, _ in MODULES])
def test_imports_point_down(module, tree):
    package, rank = _layer(module)
    assert package, f"{module} belongs to no layer: add it to LAYERS and bot/__init__.py"
    for imported in _imports(tree):
        other, other_rank = _layer(imported)
        if other and other != package:
            assert other_rank <= rank, f"{module} imports {imported}, a higher layer"


@pytest.mark.parametrize(
    "module, tree",
    [(m, t) for m, t in MODULES if m.startswith("bot")],
    ids=[m for m, _ in MODULES if m.startswith("bot")],
)
def test_bot_never_imports_rasa(module, tree):
    for imported in _imports(tree):
        assert imported.split(".")[0] not in ("rasa", "rasa_sdk"), (module, imported)


PURE_MODULES = [(m, t) for m, t in MODULES if m.startswith(PURE)]


@pytest.mark.parametrize("module, tree", PURE_MODULES, ids=[m for m, _ in PURE_MODULES])
def test_the_domain_knows_no_framework_and_no_environment(module, tree):
    for imported in _imports(tree):
        assert imported.split(".")[0] not in FRAMEWORKS, (module, imported)
    if module in ENVIRONMENT_EXEMPT:
        return
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
            pytest.fail(
                f"{module} reads the environment (line {node.lineno}); "
                "take the value from bot.runtime.settings through the caller"
            )


def test_the_checker_sees_a_wrong_import():
    # The test above must be able to fail: a domain module importing storage.
    tree = ast.parse("from bot.storage.summaries import IntakeStore\n")
    package, rank = _layer("bot.domain.intake")
    other, other_rank = _layer(next(iter(_imports(tree))))
    assert other != package and other_rank > rank
