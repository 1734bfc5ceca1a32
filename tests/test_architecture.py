"""House rules that can be checked: the layers, who imports whom, and small files.

Layers, lowest first: domain (pure rules), then models, db, slack, delivery, scheduler, web
(the machinery), then the features in bot/services/, then listeners and the entry points.
bot/features.py is the one place that lists the features; nothing below it imports it.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
LOWER_LAYERS = ("domain", "models", "db", "slack", "delivery", "scheduler", "web")
FEATURE_CODE = ("bot.services", "bot.features", "bot.listeners", "bot.bootstrap", "bot.app")
BLOCK_KIT_TYPES = {"section", "actions", "button", "divider", "context", "header", "input", "modal"}


def _modules(*parts: str) -> list[Path]:
    return sorted((BOT.joinpath(*parts)).rglob("*.py"))


def _imports(path: Path) -> Iterator[str]:
    """Every module `path` imports, also inside functions and TYPE_CHECKING blocks."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _name(path: Path) -> str:
    return path.relative_to(BOT.parent).as_posix()


def test_the_domain_imports_no_slack_no_database_and_no_clock() -> None:
    forbidden = ("slack_sdk", "slack_bolt", "sqlalchemy", "requests", "urllib", "bot.slack")
    forbidden += ("bot.clock", "bot.context", "bot.models", "bot.db", "time", "socket")
    found = [
        f"{_name(path)} imports {name}"
        for path in _modules("domain")
        for name in _imports(path)
        if name == "time" or name.startswith(tuple(f for f in forbidden if f != "time"))
    ]
    assert found == []


def test_the_domain_never_reads_the_clock() -> None:
    calls = ("datetime.now(", "datetime.utcnow(", "date.today(", "time.time(", "monotonic(")
    found = [
        f"{_name(path)} calls {call}"
        for path in _modules("domain")
        for call in calls
        if call in path.read_text()
    ]
    assert found == []


def test_lower_layers_import_no_feature_code_and_not_the_wiring() -> None:
    found = [
        f"{_name(path)} imports {name}"
        for layer in LOWER_LAYERS
        for path in _modules(layer)
        for name in _imports(path)
        if name.startswith(FEATURE_CODE)
    ]
    assert found == []


def test_features_build_no_block_kit() -> None:
    found = []
    for path in _modules("services"):
        found += [
            f"{_name(path)} imports {name}"
            for name in _imports(path)
            if name.startswith("slack_sdk.models")
        ]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and key.value == "type"
                        and isinstance(value, ast.Constant)
                        and value.value in BLOCK_KIT_TYPES
                    ):
                        found.append(f"{_name(path)}:{node.lineno} builds a {value.value} block")
    assert found == []


def test_listeners_run_no_sql() -> None:
    found = []
    for path in _modules("listeners"):
        found += [
            f"{_name(path)} imports {name}"
            for name in _imports(path)
            if name.startswith(("sqlalchemy", "bot.models", "bot.db"))
        ]
        if ".sessions" in path.read_text():
            found.append(f"{_name(path)} opens a database session")
    assert found == []


def test_nothing_registers_itself_on_import() -> None:
    """Features are listed in bot/features.py; no module appends itself to a registry."""
    found = [
        _name(path)
        for path in sorted(BOT.rglob("*.py"))
        for needle in ("SWEEPS.append", "register_kind(", "@subcommand(")
        if needle in path.read_text()
    ]
    assert found == []


def test_no_module_is_over_300_lines() -> None:
    long = {
        _name(path): lines
        for path in sorted(BOT.rglob("*.py"))
        if (lines := len(path.read_text().splitlines())) > 300
    }
    assert long == {}


def test_every_feature_package_says_what_it_owns() -> None:
    packages = [
        p for p in sorted((BOT / "services").iterdir()) if p.is_dir() and p.name != "__pycache__"
    ]
    assert {p.name for p in packages} >= {
        "people",
        "pairs",
        "agreement",
        "imports",
        "program",
        "checkins",
    }
    for package in packages:
        init = package / "__init__.py"
        assert init.exists(), f"{package.name} has no __init__.py"
        assert ast.get_docstring(ast.parse(init.read_text())), f"{package.name} has no docstring"
