"""The README's first screen gives the commands that CI really runs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci_lines = (ROOT / ".ci/run").read_text().splitlines()
    command = ci_lines[ci_lines.index("# The README's test command, exactly:") + 1]
    first_screen = "\n".join(readme.splitlines()[:25])
    assert command in first_screen
    assert "tandem serve" in first_screen
