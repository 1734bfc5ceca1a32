"""House rules that can be checked: domain code has no I/O and never reads the clock."""

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
FORBIDDEN_IMPORTS = ("slack_sdk", "slack_bolt", "sqlalchemy", "requests", "urllib", "bot.slack")


def _domain_modules() -> list[Path]:
    return sorted((BOT / "domain").rglob("*.py"))


def test_domain_imports_no_slack_and_no_database() -> None:
    for path in _domain_modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(FORBIDDEN_IMPORTS), f"{path.name} imports {name}"


def test_domain_never_reads_the_clock() -> None:
    for path in _domain_modules():
        source = path.read_text()
        for call in ("datetime.now(", "datetime.utcnow(", "date.today(", "time.time("):
            assert call not in source, f"{path.name} calls {call}"
